/*
 * `greenlane supply …`: measure 6's registry of the supply-chain links of positive-list
 * enterprises (正面清单企业上下游) through app/supply.h — record and end a link, list links, review
 * which partners are preferred (B or above, or on the positive list) with each one's explanation,
 * the help targets and the alternatives, and set and close help targets. `link add` and `target
 * add` print the new id on a line of their own; --json prints the records of io/supply_json.h.
 * Checks of the values (a direction, a USCC, a product) are the use cases', which name the field;
 * the command refuses only what it cannot parse.
 */
#include "../app/supply.h"
#include "../io/supply_json.h"
#include "cli.h"
#include "cli_procedure.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "supply"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        bool json, ended, met, dropped;
        const char *direction, *partner, *partner_name, *partner_grade, *product, *reason, *target,
            *note;
        int partner_positive_list; /* -1: not given */
        const char *positional[2];
        int npositional;
};

/* The value of option argv[*i], advancing *i; NULL after a usage error. */
static const char *value_of(int argc, char **argv, int *i)
{
        if (*i + 1 >= argc) {
                usage("%s 需要取值 (needs a value)", argv[*i]);
                return NULL;
        }
        return argv[++*i];
}

static int parse(int argc, char **argv, int first, struct options *o)
{
        static const struct {
                const char *name;
                size_t offset;
        } texts[] = {
            {"--direction", offsetof(struct options, direction)},
            {"--partner", offsetof(struct options, partner)},
            {"--partner-name", offsetof(struct options, partner_name)},
            {"--partner-grade", offsetof(struct options, partner_grade)},
            {"--product", offsetof(struct options, product)},
            {"--reason", offsetof(struct options, reason)},
            {"--target", offsetof(struct options, target)},
            {"--note", offsetof(struct options, note)},
        };
        for (int i = first; i < argc; i++) {
                const char *a = argv[i];
                int used = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0)
                        continue;
                bool matched = false;
                for (size_t t = 0; t < GL_ARRAY_LEN(texts) && !matched; t++) {
                        if (strcmp(a, texts[t].name) != 0)
                                continue;
                        const char *v = value_of(argc, argv, &i);
                        if (v == NULL)
                                return EXIT_USAGE;
                        *(const char **)((char *)o + texts[t].offset) = v;
                        matched = true;
                }
                if (matched)
                        continue;
                if (strcmp(a, "--partner-positive-list") == 0) {
                        const char *v = value_of(argc, argv, &i);
                        if (v == NULL)
                                return EXIT_USAGE;
                        if (strcmp(v, "yes") == 0 || strcmp(v, "是") == 0)
                                o->partner_positive_list = 1;
                        else if (strcmp(v, "no") == 0 || strcmp(v, "否") == 0)
                                o->partner_positive_list = 0;
                        else
                                return usage(
                                    "--partner-positive-list: '%s' 应为 yes 或 no (must be "
                                    "yes or no)",
                                    v);
                } else if (strcmp(a, "--json") == 0) {
                        o->json = true;
                } else if (strcmp(a, "--ended") == 0) {
                        o->ended = true;
                } else if (strcmp(a, "--met") == 0) {
                        o->met = true;
                } else if (strcmp(a, "--dropped") == 0) {
                        o->dropped = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数 (unknown option) %s", a);
                } else if (o->npositional < 2) {
                        o->positional[o->npositional++] = a;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
        }
        return EXIT_OK;
}

static int parse_id(const char *text, const char *what, int64_t *out)
{
        char *end = NULL;
        long long v = text ? strtoll(text, &end, 10) : 0;
        if (text == NULL || *end != '\0' || v <= 0)
                return usage(what, text ? text : "");
        *out = v;
        return EXIT_OK;
}

static int print_json(json_t *o)
{
        char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
        json_decref(o);
        if (text == NULL) {
                fprintf(stderr, "greenlane: 内存不足 (out of memory)\n");
                return EXIT_FAIL;
        }
        printf("%s\n", text);
        free(text);
        return EXIT_OK;
}

static const char *grade_text(const struct supply_link *l)
{
        if (!l->partner_grade_known)
                return "等级未知";
        return l->partner_grade[0] ? l->partner_grade : "未评级";
}

static const char *list_text(int list)
{
        return list == 1 ? "正面清单" : list == 0 ? "非正面清单" : "清单未知";
}

static const char *status_zh(const char *status)
{
        return strcmp(status, "met") == 0       ? "已达到"
               : strcmp(status, "dropped") == 0 ? "不再帮扶"
                                                : "进行中";
}

static void print_targets(const struct supply_link_view *v, const char *indent)
{
        char iso[11];
        for (size_t i = 0; i < v->ntargets; i++) {
                const struct supply_target *t = &v->targets[i];
                printf("%s帮扶目标 (help target) %lld [%s %s] %s；设定 %s %s", indent,
                       (long long)t->id, t->status, status_zh(t->status), t->target,
                       date_format_iso(t->created_on, iso), t->created_by);
                if (t->closed_on != GL_DATE_NONE)
                        printf("；关闭 %s %s%s%s", date_format_iso(t->closed_on, iso), t->closed_by,
                               t->close_note[0] ? "：" : "", t->close_note);
                printf("；走访 (visit) %s\n", t->visit_case_id ? "已安排" : "未安排");
        }
}

/* id, enterprise, direction, partner, its name, grade, list status, product, state. */
static int print_link(const struct supply_link_view *v, void *ctx)
{
        (void)ctx;
        const struct supply_link *l = &v->link;
        char iso[11];
        printf("%lld\t%s\t%s\t%s\t%s%s\t%s\t%s\t%s\t", (long long)l->id, l->uscc,
               supply_direction_name(l->direction), l->partner_uscc, l->partner_name,
               l->partner_in_registry ? "" : "（名录外）", grade_text(l),
               list_text(l->partner_positive_list), l->product);
        if (l->ended)
                printf("已结束 %s%s%s\n", date_format_iso(l->ended_on, iso),
                       l->end_reason[0] ? "：" : "", l->end_reason);
        else
                printf("登记 %s\n", date_format_iso(l->created_on, iso));
        print_targets(v, "  ");
        return 0;
}

static int add_link_json(const struct supply_link_view *v, void *ctx)
{
        json_t *o = supply_link_json(v);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

static int cmd_link_list(struct app *app, const struct actor *who, const struct options *o)
{
        struct gl_error err = {0};
        const char *uscc = o->npositional > 0 ? o->positional[0] : NULL;
        if (o->json) {
                json_t *items = json_array();
                if (items == NULL || app_supply_links(app, who, uscc, o->ended, add_link_json,
                                                      items, &err) != GL_OK) {
                        json_decref(items);
                        return cli_report(&err);
                }
                return print_json(items);
        }
        if (app_supply_links(app, who, uscc, o->ended, print_link, NULL, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

static void print_review(const struct supply_review *r)
{
        char iso[11];
        printf("措施六上下游审视 (measure 6 supply-chain review) %s，政策包 %s 第%d版\n",
               date_format_iso(r->today, iso), r->pack_id, r->pack_version);
        for (size_t i = 0; i < r->rule.nlines; i++)
                printf("  %s\n", r->rule.lines[i]);
        for (size_t i = 0; i < r->n; i++) {
                const struct supply_review_enterprise *re = &r->enterprises[i];
                printf("\n%s  %s  等级 %s  %s：上下游企业 %zu 家，非优先 %zu 家，进行中的帮扶目标 "
                       "%zu 项，待设帮扶目标 %zu 家\n",
                       re->e.uscc, re->e.name, re->e.grade[0] ? re->e.grade : "未评级",
                       re->e.positive_list ? "正面清单" : "不在正面清单（措施六不适用）",
                       re->npartners, re->not_preferred, re->open_targets, re->needs_target);
                if (re->partners_restricted > 0)
                        printf("  当日重污染天气预警：上下游企业 %zu 家受管控，其中停产 %zu 家\n",
                               re->partners_restricted, re->partners_halted);
                for (size_t j = 0; j < re->npartners; j++) {
                        const struct supply_review_partner *p = &re->partners[j];
                        const struct supply_link *l = &p->v.link;
                        const char *verdict = !p->verdict.reviewed   ? "不作审视"
                                              : p->verdict.preferred ? "优先 (preferred)"
                                                                     : "非优先 (not preferred)";
                        printf("  [%lld] %s %s %s  产品 %s  %s  %s\n", (long long)l->id,
                               supply_direction_label_zh(l->direction), l->partner_uscc,
                               l->partner_name, l->product, grade_text(l), verdict);
                        for (size_t k = 2; k < p->verdict.nlines; k++) /* the rule is above */
                                printf("      %zu. %s\n", k - 1, p->verdict.lines[k]);
                        print_targets(&p->v, "      ");
                        printf("      %s\n", p->alert_line);
                        if (p->needs_target)
                                printf("      建议帮扶目标 (suggested target): %s\n",
                                       p->suggested_target);
                        if (p->alternatives_how[0])
                                printf("      可选替代 (alternatives): %s\n", p->alternatives_how);
                        for (size_t k = 0; k < p->nalternatives; k++) {
                                const struct supply_alternative *a = &p->alternatives[k];
                                printf("        %s %s %s%s：%s\n", a->c.uscc, a->c.name,
                                       a->c.grade[0] ? a->c.grade : "未评级",
                                       a->already_partner ? "（已是合作企业）" : "", a->how);
                        }
                        if (p->more_alternatives)
                                printf("        另有 %zu 家 (and %zu more)\n", p->more_alternatives,
                                       p->more_alternatives);
                }
        }
        if (r->unlinked > 0)
                printf("\n另有 %lld 家正面清单企业尚未登记上下游关系 (positive-list enterprises "
                       "without links)\n",
                       (long long)r->unlinked);
}

static int cmd_review(struct app *app, const struct actor *who, const struct options *o)
{
        struct supply_review *r = NULL;
        struct gl_error err = {0};
        const char *uscc = o->npositional > 0 ? o->positional[0] : NULL;
        if (app_supply_review(app, who, uscc, o->common.today, &r, &err) != GL_OK)
                return cli_report(&err);
        int rc = EXIT_OK;
        if (o->json)
                rc = print_json(supply_review_json(r));
        else
                print_review(r);
        supply_review_free(r);
        return rc;
}

static int cmd_link_add(struct app *app, const struct actor *who, const struct options *o)
{
        struct supply_link_input in = {
            .uscc = o->positional[0],
            .direction = o->direction,
            .partner_uscc = o->partner,
            .partner_name = o->partner_name,
            .partner_grade = o->partner_grade,
            .partner_positive_list = o->partner_positive_list,
            .product = o->product,
            .today = o->common.today,
        };
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_supply_link_add(app, who, &in, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

static int run(struct app *app, const struct actor *who, const char *noun, const char *verb,
               int64_t id, const struct options *o)
{
        struct gl_error err = {0};
        if (strcmp(noun, "review") == 0)
                return cmd_review(app, who, o);
        if (strcmp(verb, "add") == 0 && strcmp(noun, "link") == 0)
                return cmd_link_add(app, who, o);
        if (strcmp(verb, "list") == 0)
                return cmd_link_list(app, who, o);
        if (strcmp(noun, "link") == 0) { /* end */
                if (app_supply_link_end(app, who, id, o->reason, o->common.today, &err) != GL_OK)
                        return cli_report(&err);
                printf("已结束上下游关系 (link ended) %lld\n", (long long)id);
                return EXIT_OK;
        }
        if (strcmp(verb, "add") == 0) {
                int64_t target = 0;
                if (app_supply_target_add(app, who, id, o->target, o->common.today, &target,
                                          &err) != GL_OK)
                        return cli_report(&err);
                printf("%lld\n", (long long)target);
                return EXIT_OK;
        }
        const char *status = o->met ? "met" : "dropped";
        if (app_supply_target_close(app, who, id, status, o->note, o->common.today, &err) != GL_OK)
                return cli_report(&err);
        printf("已关闭帮扶目标 (help target closed) %lld：%s\n", (long long)id, status_zh(status));
        return EXIT_OK;
}

int cmd_supply(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *noun = argv[1];
        bool review = strcmp(noun, "review") == 0;
        if (!review && strcmp(noun, "link") != 0 && strcmp(noun, "target") != 0)
                return usage("未知子命令 (unknown subcommand) %s", noun);
        const char *verb = review ? "" : argc > 2 ? argv[2] : "";
        bool is_link = strcmp(noun, "link") == 0;
        bool known = review ||
                     (is_link && (strcmp(verb, "add") == 0 || strcmp(verb, "end") == 0 ||
                                  strcmp(verb, "list") == 0)) ||
                     (!is_link && (strcmp(verb, "add") == 0 || strcmp(verb, "close") == 0));
        if (!known)
                return usage(verb[0] ? "未知子命令 (unknown subcommand) %s"
                                     : "缺少子命令 (missing "
                                       "subcommand)%s",
                             verb);
        struct options o = {.common.today = GL_DATE_NONE, .partner_positive_list = -1};
        int rc = parse(argc, argv, review ? 2 : 3, &o);
        if (rc != EXIT_OK)
                return rc;
        bool lists = review || strcmp(verb, "list") == 0;
        if (lists ? o.npositional > 1 : o.npositional != 1)
                return usage(lists ? "至多一个参数 USCC (at most one argument: USCC)%s"
                             : strcmp(verb, "add") == 0 && is_link
                                 ? "link add 需要一个参数 USCC (takes one argument: USCC)%s"
                                 : "需要一个参数 ID (takes one argument: ID)%s",
                             "");
        int64_t id = 0;
        if (!lists && !(is_link && strcmp(verb, "add") == 0) &&
            parse_id(o.positional[0], "ID: '%s' 不是编号 (not an id)", &id) != EXIT_OK)
                return EXIT_USAGE;
        if (!is_link && !review && strcmp(verb, "close") == 0 && o.met == o.dropped)
                return usage("target close 需要 --met 或 --dropped 之一 (takes --met or "
                             "--dropped)%s",
                             "");
        struct app *app = NULL;
        if ((rc = cli_open_app(ctx, &app)) != EXIT_OK)
                return rc;
        struct actor who;
        rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK)
                rc = run(app, &who, noun, verb, id, &o);
        app_close(app);
        return rc;
}

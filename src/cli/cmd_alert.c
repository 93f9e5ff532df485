/*
 * `greenlane alert …`: heavy-pollution-weather alerts (重污染天气预警) through app/alert.h — issue,
 * change and lift (each a new version, computed with its measures for every enterprise and site it
 * reaches), list and show them, print a version's measures (text, --json, --csv, --xlsx FILE) and
 * what changed for whom between two versions. `issue` prints the new alert's id on a line of its
 * own, `change` and `lift` the new version's number. --json prints io/alert_json.h's shapes;
 * `measures --json` prints one array, written as it is read. The values (a level, a time, a
 * township) are checked by the use cases, which name the field; the command refuses only what it
 * cannot parse. Without --as the command acts as the system actor.
 */
#include "../app/alert.h"
#include "../io/alert_export.h"
#include "../io/alert_json.h"
#include "cli.h"
#include "cli_procedure.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "alert"
#define TOWNSHIPS_MAX ALERT_TOWNSHIPS_MAX

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        bool json, csv, whole_county;
        const char *xlsx;
        const char *level, *from, *to, *notice, *reason, *at, *kind, *unit, *township_filter;
        const char *townships[TOWNSHIPS_MAX];
        size_t ntownships;
        int version, from_version, to_version;
        int halted, restricted; /* -1 not given */
        const char *positional[2];
        int npositional;
};

static const char *value_of(int argc, char **argv, int *i)
{
        if (*i + 1 >= argc) {
                usage("%s 需要取值 (needs a value)", argv[*i]);
                return NULL;
        }
        return argv[++*i];
}

static int parse_count(const char *opt, const char *text, int *out)
{
        char *end = NULL;
        long v = text ? strtol(text, &end, 10) : 0;
        if (text == NULL || *end != '\0' || v <= 0 || v > 1000000)
                return cli_usage_error(NAME, "%s: '%s' 不是正整数 (not a positive number)", opt,
                                       text ? text : "");
        *out = (int)v;
        return EXIT_OK;
}

static int parse_yes_no(const char *opt, const char *text, int *out)
{
        if (strcmp(text, "yes") == 0 || strcmp(text, "是") == 0)
                *out = 1;
        else if (strcmp(text, "no") == 0 || strcmp(text, "否") == 0)
                *out = 0;
        else
                return cli_usage_error(NAME, "%s: '%s' 应为 yes 或 no (must be yes or no)", opt,
                                       text);
        return EXIT_OK;
}

/* A township is taken by --township for issue and change, as a filter for measures. */
static int parse(int argc, char **argv, int first, bool township_filters, struct options *o)
{
        static const struct {
                const char *name;
                size_t offset;
        } texts[] = {
            {"--level", offsetof(struct options, level)},
            {"--from", offsetof(struct options, from)},
            {"--to", offsetof(struct options, to)},
            {"--notice", offsetof(struct options, notice)},
            {"--reason", offsetof(struct options, reason)},
            {"--at", offsetof(struct options, at)},
            {"--kind", offsetof(struct options, kind)},
            {"--unit", offsetof(struct options, unit)},
            {"--xlsx", offsetof(struct options, xlsx)},
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
                const char *v = NULL;
                int rc = EXIT_OK;
                if (strcmp(a, "--township") == 0) {
                        if ((v = value_of(argc, argv, &i)) == NULL)
                                return EXIT_USAGE;
                        if (township_filters)
                                o->township_filter = v;
                        else if (o->ntownships < TOWNSHIPS_MAX)
                                o->townships[o->ntownships++] = v;
                        else
                                return usage("--township 至多 %s 个 (too many)", "200");
                } else if (strcmp(a, "--version") == 0 || strcmp(a, "--from-version") == 0 ||
                           strcmp(a, "--to-version") == 0) {
                        if ((v = value_of(argc, argv, &i)) == NULL)
                                return EXIT_USAGE;
                        int *target = strcmp(a, "--version") == 0        ? &o->version
                                      : strcmp(a, "--from-version") == 0 ? &o->from_version
                                                                         : &o->to_version;
                        rc = parse_count(a, v, target);
                } else if (strcmp(a, "--halted") == 0 || strcmp(a, "--restricted") == 0) {
                        if ((v = value_of(argc, argv, &i)) == NULL)
                                return EXIT_USAGE;
                        rc = parse_yes_no(a, v,
                                          strcmp(a, "--halted") == 0 ? &o->halted : &o->restricted);
                } else if (strcmp(a, "--json") == 0) {
                        o->json = true;
                } else if (strcmp(a, "--csv") == 0) {
                        o->csv = true;
                } else if (strcmp(a, "--whole-county") == 0) {
                        o->whole_county = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数 (unknown option) %s", a);
                } else if (o->npositional < 2) {
                        o->positional[o->npositional++] = a;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
                if (rc != EXIT_OK)
                        return rc;
        }
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

static void print_townships(const struct alert_version *v)
{
        if (v->whole_county) {
                fputs("全县", stdout);
                return;
        }
        for (size_t i = 0; i < v->ntownships; i++)
                printf("%s%s", i ? "、" : "", v->townships[i]);
}

static const char *state_zh(const char *state)
{
        return strcmp(state, "in_force") == 0   ? "预警中"
               : strcmp(state, "upcoming") == 0 ? "未开始"
               : strcmp(state, "lifted") == 0   ? "已解除"
                                                : "已结束";
}

static int print_alert_line(const struct alert_view *v, void *ctx)
{
        (void)ctx;
        const struct alert_version *c = alert_view_current(v);
        char from[ALERT_TIME_LEN], to[ALERT_TIME_LEN];
        printf("%lld\t%s\t%s\t第%d版\t%s 至 %s\t", (long long)v->head.id,
               alert_level_label_zh(c->level), state_zh(v->state), c->version,
               alert_time_format(c->starts_at, from), alert_time_format(c->ends_at, to));
        print_townships(c);
        printf("\t企业 %lld 家、工地 %lld 个，有管控 %lld，停产停工 %lld%s%s\n",
               (long long)c->enterprises, (long long)c->sites, (long long)c->restricted,
               (long long)c->halted, c->notice[0] ? "\t" : "", c->notice);
        return 0;
}

static int add_alert_json(const struct alert_view *v, void *ctx)
{
        json_t *o = alert_view_json(v, false);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

static int cmd_list(struct app *app, const struct actor *who, const struct options *o)
{
        struct gl_error err = {0};
        if (o->json) {
                json_t *items = json_array();
                if (items == NULL || app_alert_list(app, who, app_alert_now(), add_alert_json,
                                                    items, &err) != GL_OK) {
                        json_decref(items);
                        return cli_report(&err);
                }
                return print_json(items);
        }
        if (app_alert_list(app, who, app_alert_now(), print_alert_line, NULL, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

static const char *change_zh(const char *change)
{
        return strcmp(change, "issue") == 0  ? "发布"
               : strcmp(change, "lift") == 0 ? "解除"
                                             : "调整";
}

static int cmd_show(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct alert_view v;
        struct gl_error err = {0};
        if (app_alert_get(app, who, id, app_alert_now(), &v, &err) != GL_OK)
                return cli_report(&err);
        int rc = EXIT_OK;
        if (o->json) {
                rc = print_json(alert_view_json(&v, true));
        } else {
                print_alert_line(&v, NULL);
                for (size_t i = 0; i < v.nversions; i++) {
                        const struct alert_version *x = &v.versions[i];
                        char from[ALERT_TIME_LEN], to[ALERT_TIME_LEN], eff[ALERT_TIME_LEN];
                        printf("  第%d版 %s %s：%s 至 %s，自 %s 生效，范围 ", x->version,
                               change_zh(x->change), alert_level_label_zh(x->level),
                               alert_time_format(x->starts_at, from),
                               alert_time_format(x->ends_at, to),
                               alert_time_format(x->effective_at, eff));
                        print_townships(x);
                        printf("；%s（%s）%s", x->created_by, x->created_role, x->created_at);
                        if (x->notice[0])
                                printf("；通知：%s", x->notice);
                        if (x->reason[0])
                                printf("；理由：%s", x->reason);
                        char iso[11];
                        printf(
                            "；政策包 %s 第%d版（%s 的参数）；企业 %lld 家、工地 %lld 个，有管控 "
                            "%lld，停产停工 %lld%s\n",
                            x->pack_id, x->pack_version, date_format_iso(x->params_on, iso),
                            (long long)x->enterprises, (long long)x->sites,
                            (long long)x->restricted, (long long)x->halted,
                            x->results_version != x->version ? "（沿用上一版的措施）" : "");
                }
        }
        alert_view_clear(&v);
        return rc;
}

struct stream {
        bool first;
        int64_t n;
};

static int stream_json(const struct alert_measure_item *m, void *ctx)
{
        struct stream *s = ctx;
        json_t *o = alert_measure_json(m);
        char *text = o ? json_dumps(o, JSON_INDENT(2)) : NULL;
        json_decref(o);
        if (text == NULL)
                return GL_ENOMEM;
        printf("%s%s", s->first ? "[\n" : ",\n", text);
        free(text);
        s->first = false;
        s->n++;
        return 0;
}

static int print_measure(const struct alert_measure_item *m, void *ctx)
{
        struct stream *s = ctx;
        char text[ALERT_PROCESSES_LEN * 3];
        const struct alert_result *r = m->r;
        if (r->site_id)
                printf("工地 %lld", (long long)r->site_id);
        else
                fputs(r->uscc, stdout);
        printf("\t%s\t%s\t%s\t%s\n", r->name, r->township, m->k->d.row_key,
               alert_measure_text_zh(m->rules, &m->k->d.m, m->k->c.site, text, sizeof(text)));
        for (size_t i = 0; i < m->lines.n; i++)
                printf("    %zu. %s\n", i + 1, m->lines.line[i]);
        s->n++;
        return 0;
}

static int cmd_measures(struct app *app, const struct actor *who, int64_t id,
                        const struct options *o)
{
        struct alert_measure_query q = {.version = o->version,
                                        .township = o->township_filter,
                                        .halted = o->halted,
                                        .restricted = o->restricted,
                                        .kind = o->kind,
                                        .unit = o->unit};
        struct gl_error err = {0};
        if (o->xlsx) {
                int64_t n = 0;
                if (alert_export_xlsx(app, who, id, &q, o->xlsx, &n, &err) != GL_OK)
                        return cli_report(&err);
                printf("已写出 %lld 行 (rows written): %s\n", (long long)n, o->xlsx);
                return EXIT_OK;
        }
        if (o->csv)
                return alert_export_csv(app, who, id, &q, stdout, NULL, &err) == GL_OK
                           ? EXIT_OK
                           : cli_report(&err);
        struct stream s = {true, 0};
        if (app_alert_measures(app, who, id, &q, o->json ? stream_json : print_measure, &s, NULL,
                               &err) != GL_OK) {
                if (o->json && !s.first)
                        printf("\n]\n");
                return cli_report(&err);
        }
        if (o->json)
                printf("%s\n", s.first ? "[]" : "\n]");
        return EXIT_OK;
}

struct diff_out {
        json_t *items;
};

static int diff_json(const struct alert_diff_item *d, void *ctx)
{
        struct diff_out *o = ctx;
        json_t *x = alert_diff_item_json(d);
        return x && json_array_append_new(o->items, x) == 0 ? 0 : GL_ENOMEM;
}

static void side_text(const struct alert_diff_side *s, const struct alert_rules *r, char *buf,
                      size_t size)
{
        if (!s->reached || s->k == NULL)
                snprintf(buf, size, "不在预警管控范围内");
        else
                alert_measure_text_zh(r, &s->k->d.m, s->k->c.site, buf, size);
}

static int diff_text(const struct alert_diff_item *d, void *ctx)
{
        (void)ctx;
        char before[ALERT_PROCESSES_LEN * 3], after[ALERT_PROCESSES_LEN * 3];
        side_text(&d->before, d->rules, before, sizeof(before));
        side_text(&d->after, d->rules, after, sizeof(after));
        if (d->site_id)
                printf("工地 %lld", (long long)d->site_id);
        else
                fputs(d->uscc, stdout);
        printf("\t%s\t%s → %s\n", d->name, before, after);
        return 0;
}

static int cmd_diff(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct gl_error err = {0};
        struct alert_diff_summary sum = {0};
        struct diff_out out = {json_array()};
        if (out.items == NULL)
                return cli_report(&err);
        int rc = app_alert_diff(app, who, id, o->from_version, o->to_version, 0, 0,
                                o->json ? diff_json : diff_text, &out, &sum, &err);
        if (rc != GL_OK) {
                json_decref(out.items);
                return cli_report(&err);
        }
        int status = EXIT_OK;
        if (o->json) {
                json_t *s = alert_diff_summary_json(&sum);
                if (s)
                        json_object_set_new(s, "items", out.items);
                else
                        json_decref(out.items);
                status = print_json(s);
        } else {
                json_decref(out.items);
                printf("第%d版 → 第%d版：措施有变化的 %lld 家（个）\n", sum.from_version,
                       sum.to_version, (long long)sum.changed);
                for (size_t i = 0; i < sum.ngroups; i++)
                        printf("  %lld\t%s → %s\n", (long long)sum.groups[i].units,
                               sum.groups[i].before, sum.groups[i].after);
        }
        alert_diff_summary_clear(&sum);
        return status;
}

static int cmd_issue(struct app *app, const struct actor *who, const struct options *o)
{
        struct alert_issue_input in = {.level = o->level,
                                       .from = o->from,
                                       .to = o->to,
                                       .townships = o->townships,
                                       .ntownships = o->ntownships,
                                       .notice = o->notice};
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_alert_issue(app, who, &in, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

static int cmd_change(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct alert_change_input in = {.level = o->level,
                                        .to = o->to,
                                        .set_townships = o->ntownships > 0 || o->whole_county,
                                        .townships = o->townships,
                                        .ntownships = o->ntownships,
                                        .notice = o->notice,
                                        .reason = o->reason,
                                        .at = o->at,
                                        .expect_version = (int)o->common.expect_version};
        int version = 0;
        struct gl_error err = {0};
        if (app_alert_change(app, who, id, &in, &version, &err) != GL_OK)
                return cli_report(&err);
        printf("%d\n", version);
        return EXIT_OK;
}

static int cmd_lift(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct alert_lift_input in = {.at = o->at,
                                      .notice = o->notice,
                                      .reason = o->reason,
                                      .expect_version = (int)o->common.expect_version};
        int version = 0;
        struct gl_error err = {0};
        if (app_alert_lift(app, who, id, &in, &version, &err) != GL_OK)
                return cli_report(&err);
        printf("%d\n", version);
        return EXIT_OK;
}

static const char *const verbs[] = {"issue", "change", "lift", "list", "show", "measures", "diff"};

int cmd_alert(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *verb = argv[1];
        bool known = false;
        for (size_t i = 0; i < GL_ARRAY_LEN(verbs) && !known; i++)
                known = strcmp(verb, verbs[i]) == 0;
        if (!known)
                return usage("未知子命令 (unknown subcommand) %s", verb);
        struct options o;
        memset(&o, 0, sizeof(o));
        o.common.today = GL_DATE_NONE;
        o.halted = o.restricted = -1;
        int rc = parse(argc, argv, 2, strcmp(verb, "measures") == 0, &o);
        if (rc != EXIT_OK)
                return rc;
        bool takes_id = strcmp(verb, "issue") != 0 && strcmp(verb, "list") != 0;
        if (takes_id ? o.npositional != 1 : o.npositional != 0)
                return usage(takes_id ? "需要一个参数 ID (takes one argument: ID)%s"
                                      : "不需要参数 (takes no argument)%s",
                             "");
        int64_t id = 0;
        if (takes_id) {
                char *end = NULL;
                long long v = strtoll(o.positional[0], &end, 10);
                if (*end != '\0' || v <= 0)
                        return usage("ID: '%s' 不是编号 (not an id)", o.positional[0]);
                id = v;
        }
        if ((o.json ? 1 : 0) + (o.csv ? 1 : 0) + (o.xlsx ? 1 : 0) > 1)
                return usage("--json、--csv 和 --xlsx 只能选一个 (choose one)%s", "");
        if ((o.csv || o.xlsx) && strcmp(verb, "measures") != 0)
                return usage("--csv 和 --xlsx 只用于 measures (for measures only)%s", "");
        if (o.whole_county && o.ntownships > 0)
                return usage("--whole-county 与 --township 不能同时使用 (choose one)%s", "");
        struct app *app = NULL;
        if ((rc = cli_open_app(ctx, &app)) != EXIT_OK)
                return rc;
        struct actor who;
        rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK) {
                if (strcmp(verb, "issue") == 0)
                        rc = cmd_issue(app, &who, &o);
                else if (strcmp(verb, "change") == 0)
                        rc = cmd_change(app, &who, id, &o);
                else if (strcmp(verb, "lift") == 0)
                        rc = cmd_lift(app, &who, id, &o);
                else if (strcmp(verb, "list") == 0)
                        rc = cmd_list(app, &who, &o);
                else if (strcmp(verb, "show") == 0)
                        rc = cmd_show(app, &who, id, &o);
                else if (strcmp(verb, "measures") == 0)
                        rc = cmd_measures(app, &who, id, &o);
                else
                        rc = cmd_diff(app, &who, id, &o);
        }
        app_close(app);
        return rc;
}

/*
 * `greenlane visit …`: measure 5's service visits (两进三送) in their own words. `plan`,
 * `reschedule`, `record`, `feedback` and `cancel` are names for the engine's steps of procedure
 * m5.visit (the same as `greenlane case open|step`, with the options spelt as the visit's fields):
 * `plan` prints the new visit's id, the others the state that follows. `list` and `show` print the
 * visits the reader may see (`show` with its findings, which only the visit's readers get: the
 * compartment "visits" is closed to enforcement), `targets` the key air emitters a plan is aimed
 * at, and `expert add|list|disable` keeps the roster the teams are drawn from. --json prints the
 * shapes of io/visit_json.h, the same as /api/v1/visits and /api/v1/experts. The shared options
 * --today, --as and --expect-version are cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"
#include "../app/visit.h"
#include "../core/policy.h"
#include "../io/visit_json.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "visit"
#define MAX_ITEMS 32

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

/* Texts given more than once (--law ITEM --law ITEM, --team 1 --team 2), joined on output. */
struct many {
        const char *items[MAX_ITEMS];
        size_t n;
};

struct options {
        struct cli_procedure_options common;
        bool json, all;
        const char *on, *leader, *purpose, *visited_on, *problems, *advice, *follow_up;
        const char *helped, *comment, *note, *state, *unit, *phone, *help_target;
        struct many team, law, policy, technology, specialities;
        const char *positional[3];
        int npositional;
};

/* Each option that takes a value, where it goes. */
static const char **slot_of(struct options *o, const char *a)
{
        static const struct {
                const char *name;
                size_t offset;
        } texts[] = {
            {"--on", offsetof(struct options, on)},
            {"--leader", offsetof(struct options, leader)},
            {"--purpose", offsetof(struct options, purpose)},
            {"--visited-on", offsetof(struct options, visited_on)},
            {"--problems", offsetof(struct options, problems)},
            {"--advice", offsetof(struct options, advice)},
            {"--follow-up", offsetof(struct options, follow_up)},
            {"--helped", offsetof(struct options, helped)},
            {"--comment", offsetof(struct options, comment)},
            {"--note", offsetof(struct options, note)},
            {"--state", offsetof(struct options, state)},
            {"--unit", offsetof(struct options, unit)},
            {"--phone", offsetof(struct options, phone)},
            {"--help-target", offsetof(struct options, help_target)},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(texts); i++)
                if (strcmp(texts[i].name, a) == 0)
                        return (const char **)((char *)o + texts[i].offset);
        return NULL;
}

static struct many *many_of(struct options *o, const char *a)
{
        return strcmp(a, "--team") == 0         ? &o->team
               : strcmp(a, "--law") == 0        ? &o->law
               : strcmp(a, "--policy") == 0     ? &o->policy
               : strcmp(a, "--technology") == 0 ? &o->technology
               : strcmp(a, "--speciality") == 0 ? &o->specialities
                                                : NULL;
}

static int parse(int argc, char **argv, int first, struct options *o)
{
        for (int i = first; i < argc; i++) {
                const char *a = argv[i];
                int used = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0)
                        continue;
                const char **slot = slot_of(o, a);
                struct many *m = many_of(o, a);
                if ((slot || m) && i + 1 >= argc)
                        return usage("%s 需要取值 (needs a value)", a);
                if (slot) {
                        if (*slot)
                                return usage("%s 只能给一次 (given twice)", a);
                        *slot = argv[++i];
                } else if (m) {
                        if (m->n == MAX_ITEMS)
                                return usage("%s 给得太多 (given too often)", a);
                        m->items[m->n++] = argv[++i];
                } else if (strcmp(a, "--json") == 0) {
                        o->json = true;
                } else if (strcmp(a, "--all") == 0) {
                        o->all = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                } else if (o->npositional < 3) {
                        o->positional[o->npositional++] = a;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
        }
        return EXIT_OK;
}

/* Which options each form takes (besides --today, --as, --expect-version). */
static const struct {
        const char *form;
        int positional; /* how many */
        const char *takes;
        bool writes;
} forms[] = {
    {"plan", 1, "--on --team --leader --purpose --help-target", true},
    {"reschedule", 1, "--on --team", true},
    {"record", 1, "--visited-on --law --policy --technology --problems --advice --follow-up", true},
    {"feedback", 1, "--helped --comment", true},
    {"cancel", 1, "--note", true},
    {"list", 0, "--state --json", false},
    {"show", 1, "--json", false},
    {"targets", 0, "--json", false},
};

/* The options given, by name, to check each against the form. */
static int check_form(const char *form, struct options *o)
{
        size_t f = 0;
        while (f < GL_ARRAY_LEN(forms) && strcmp(forms[f].form, form) != 0)
                f++;
        if (f == GL_ARRAY_LEN(forms))
                return usage("未知子命令 (unknown subcommand) %s", form);
        if (o->npositional != forms[f].positional)
                return usage(forms[f].positional
                                 ? "%s 需要一个参数 (takes one argument)"
                                 : "%s 不接受位置参数 (takes no positional argument)",
                             form);
        static const char *const names[] = {
            "--on",     "--leader",    "--purpose", "--visited-on", "--problems",
            "--advice", "--follow-up", "--helped",  "--comment",    "--note",
            "--state",  "--unit",      "--phone",   "--help-target"};
        for (size_t i = 0; i < GL_ARRAY_LEN(names); i++)
                if (*slot_of(o, names[i]) && !cli_option_in(forms[f].takes, names[i]))
                        return usage("%s 不接受该参数 (does not take this option)", names[i]);
        static const char *const lists[] = {"--team", "--law", "--policy", "--technology",
                                            "--speciality"};
        for (size_t i = 0; i < GL_ARRAY_LEN(lists); i++)
                if (many_of(o, lists[i])->n && !cli_option_in(forms[f].takes, lists[i]))
                        return usage("%s 不接受该参数 (does not take this option)", lists[i]);
        if (o->json && !cli_option_in(forms[f].takes, "--json"))
                return usage("%s 不接受 --json (takes no --json)", form);
        if (o->all)
                return usage("--all 只用于 expert list (expert list only)%s", "");
        if (!forms[f].writes && o->common.expect_version)
                return usage("%s 不接受 --expect-version", form);
        if (strcmp(form, "plan") == 0 && o->common.expect_version)
                return usage("plan 不接受 --expect-version%s", "");
        return EXIT_OK;
}

static int parse_id(const char *text, int64_t *id)
{
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (text[0] == '\0' || *end != '\0' || v <= 0)
                return usage("ID: '%s' 不是编号 (not an id)", text);
        *id = v;
        return EXIT_OK;
}

static void print_json(json_t *v)
{
        char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        if (text)
                printf("%s\n", text);
        free(text);
        json_decref(v);
}

/* ---- the steps ---- */

/* Joins many into buf with sep; NULL when none were given. */
static const char *joined(const struct many *m, const char *sep, char *buf, size_t size)
{
        if (m->n == 0)
                return NULL;
        size_t used = 0;
        buf[0] = '\0';
        for (size_t i = 0; i < m->n && used < size; i++) {
                int w = snprintf(buf + used, size - used, "%s%s", i ? sep : "", m->items[i]);
                used += w > 0 ? (size_t)w : 0;
        }
        return buf;
}

struct step_fields {
        struct case_field items[16];
        size_t n;
        char team[512], law[8192], policy[8192], technology[8192];
};

static void add(struct step_fields *f, const char *name, const char *value)
{
        if (value && f->n < GL_ARRAY_LEN(f->items))
                f->items[f->n++] = (struct case_field){name, value};
}

static int take(struct app *app, const struct actor *who, const char *form, int64_t id,
                const struct options *o)
{
        struct step_fields *f = calloc(1, sizeof(*f));
        if (f == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        const char *action = form;
        if (strcmp(form, "plan") == 0 || strcmp(form, "reschedule") == 0) {
                add(f, "planned_on", o->on);
                add(f, "team", joined(&o->team, ",", f->team, sizeof(f->team)));
                add(f, "leader", o->leader);
                add(f, "purpose", o->purpose);
                add(f, "help_target", o->help_target);
        } else if (strcmp(form, "record") == 0) {
                action = "record_visit";
                add(f, "visited_on", o->visited_on);
                add(f, "law", joined(&o->law, "\n", f->law, sizeof(f->law)));
                add(f, "policy", joined(&o->policy, "\n", f->policy, sizeof(f->policy)));
                add(f, "technology",
                    joined(&o->technology, "\n", f->technology, sizeof(f->technology)));
                add(f, "problems", o->problems);
                add(f, "advice", o->advice);
                add(f, "follow_up", o->follow_up);
        } else if (strcmp(form, "feedback") == 0) {
                add(f, "helped", o->helped);
                add(f, "comment", o->comment);
        } else {
                add(f, "note", o->note);
        }
        struct case_step_input in = {.action = action,
                                     .fields = f->items,
                                     .nfields = f->n,
                                     .expected_version = o->common.expect_version,
                                     .today = o->common.today};
        struct gl_error err = {0};
        int rc;
        if (strcmp(form, "plan") == 0) {
                int64_t made = 0;
                rc = app_case_open(app, who, M5_PROCEDURE, o->positional[0], &in, &made, &err);
                if (rc == GL_OK)
                        printf("%lld\n", (long long)made);
        } else {
                rc = app_case_step(app, who, id, &in, &err);
                struct case_view v;
                if (rc == GL_OK &&
                    (rc = app_case_get(app, who, id, o->common.today, &v, &err)) == GL_OK) {
                        printf("%s\n", v.row.state);
                        app_case_view_free(&v);
                }
        }
        free(f);
        return rc == GL_OK ? EXIT_OK : cli_report(&err);
}

/* ---- reads ---- */

static const char *text(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s ? s : "";
}

static void print_team(json_t *team)
{
        size_t i;
        json_t *m;
        json_array_foreach(team, i, m) printf("%s%s", i ? "、" : "", text(m, "name"));
}

/* A listing: each visit in the words of its county's pack's procedure. */
struct list_ctx {
        const struct app *app;
        json_t *items; /* with --json */
};

static int list_row(const struct m5_visit_row *v, void *p)
{
        struct list_ctx *l = p;
        json_t *o =
            visit_json_row(v, procedure_find(app_pack_for(l->app, v->division), v->procedure));
        if (o == NULL)
                return GL_ENOMEM;
        if (l->items) {
                json_array_append_new(l->items, o);
                return 0;
        }
        json_t *helped = json_object_get(o, "helped");
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t", (long long)v->case_id, v->uscc, v->enterprise_name,
               v->state, text(o, "state_label"), text(o, "planned_on"),
               json_is_null(json_object_get(o, "visited_on")) ? "—" : text(o, "visited_on"));
        printf("%s\t%s\t", v->leader,
               json_is_null(helped)   ? "—"
               : json_is_true(helped) ? "有效"
                                      : "无效");
        print_team(json_object_get(o, "team"));
        printf("\n");
        json_decref(o);
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct options *o)
{
        struct list_ctx l = {app, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_visit_list(app, who, o->state, list_row, &l, &err) != GL_OK) {
                json_decref(l.items);
                return cli_report(&err);
        }
        if (l.items)
                print_json(l.items);
        return EXIT_OK;
}

static void lines(const char *label, const char *value)
{
        if (value == NULL || value[0] == '\0')
                return;
        printf("%s:\n", label);
        for (const char *s = value; *s;) {
                const char *end = strchr(s, '\n');
                size_t n = end ? (size_t)(end - s) : strlen(s);
                printf("  %.*s\n", (int)n, s);
                s += n + (end ? 1 : 0);
        }
}

static void print_visit(json_t *o)
{
        printf("帮扶走访 (service visit) %lld\n",
               (long long)json_integer_value(json_object_get(o, "id")));
        printf("企业 (enterprise): %s  %s\n", text(o, "uscc"), text(o, "enterprise_name"));
        printf("状态 (state): %s  %s\n", text(o, "state"), text(o, "state_label"));
        printf("带队领导 (leader): %s  %s\n", text(o, "leader"), text(o, "leader_name"));
        printf("专家组 (team): ");
        size_t i;
        json_t *m;
        json_array_foreach(json_object_get(o, "team"), i, m)
            printf("%s#%lld %s（%s）", i ? "、" : "",
                   (long long)json_integer_value(json_object_get(m, "id")), text(m, "name"),
                   text(m, "unit"));
        printf("\n计划走访 (planned on): %s\n", text(o, "planned_on"));
        lines("帮扶重点 (purpose)", text(o, "purpose"));
        if (!json_is_null(json_object_get(o, "visited_on")))
                printf("走访日期 (visited on): %s\n", text(o, "visited_on"));
        static const struct {
                const char *key, *label;
        } kinds[] = {{"law", "送法律 (law)"},
                     {"policy", "送政策 (policy)"},
                     {"technology", "送技术 (technology)"}};
        json_t *d = json_object_get(o, "deliveries");
        for (size_t k = 0; k < GL_ARRAY_LEN(kinds); k++) {
                json_t *items = json_object_get(d, kinds[k].key);
                if (json_array_size(items) == 0)
                        continue;
                printf("%s:\n", kinds[k].label);
                json_array_foreach(items, i, m) printf("  %zu. %s\n", i + 1, json_string_value(m));
        }
        lines("发现的问题 (problems)", text(o, "problems"));
        lines("指导意见 (advice)", text(o, "advice"));
        lines("后续帮扶 (follow-up)", text(o, "follow_up"));
        json_t *helped = json_object_get(o, "helped");
        if (!json_is_null(helped))
                printf("企业评价 (the help helped): %s  %s\n",
                       json_is_true(helped) ? "有效 (yes)" : "无效 (no)", text(o, "feedback_on"));
        lines("企业意见 (comment)", text(o, "feedback"));
        lines("取消说明 (note)", text(o, "note"));
        json_t *fw = json_object_get(o, "firewall");
        printf("不做笔录、不罚款、不问责 (firewall): 隔离区 %s；", text(fw, "compartment"));
        json_array_foreach(json_object_get(fw, "rules"), i, m)
            printf("%s%s", i ? "," : "", json_string_value(m));
        printf("；期限 %s；不可见 (closed to): ", text(fw, "lasts"));
        json_array_foreach(json_object_get(fw, "closed_to"), i, m)
            printf("%s%s", i ? "," : "", json_string_value(m));
        printf("\n");
}

static int show(struct app *app, const struct actor *who, int64_t id, bool as_json)
{
        struct visit_record r;
        struct gl_error err = {0};
        if (app_visit_get(app, who, id, &r, &err) != GL_OK)
                return cli_report(&err);
        json_t *o = visit_json(&r);
        app_visit_record_free(&r);
        if (o == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        if (as_json) {
                print_json(o);
                return EXIT_OK;
        }
        print_visit(o);
        json_decref(o);
        return EXIT_OK;
}

static int print_target(const struct m5_target *t, void *p)
{
        json_t *items = p;
        if (items) {
                json_t *o = visit_json_target(t);
                if (o == NULL)
                        return GL_ENOMEM;
                json_array_append_new(items, o);
                return 0;
        }
        char last[11] = "—";
        if (t->last_visited_on != GL_DATE_NONE)
                date_format_iso(t->last_visited_on, last);
        printf("%s\t%s\t%s\t已走访 %lld 次\t计划 %lld 次\t最近 %s\n", t->uscc, t->name, t->township,
               (long long)t->visited, (long long)t->planned, last);
        return 0;
}

static int targets(struct app *app, const struct actor *who, bool as_json)
{
        json_t *items = as_json ? json_array() : NULL;
        struct gl_error err = {0};
        if (app_visit_targets(app, who, print_target, items, &err) != GL_OK) {
                json_decref(items);
                return cli_report(&err);
        }
        if (items)
                print_json(items);
        return EXIT_OK;
}

/* ---- the roster ---- */

static int print_expert(const struct m5_expert *e, void *p)
{
        json_t *items = p;
        json_t *o = visit_json_expert(e);
        if (o == NULL)
                return GL_ENOMEM;
        if (items) {
                json_array_append_new(items, o);
                return 0;
        }
        printf("%lld\t%s\t%s\t", (long long)e->id, e->name, e->unit);
        size_t i;
        json_t *s;
        json_array_foreach(json_object_get(o, "specialities"), i, s)
            printf("%s%s", i ? "、" : "", json_string_value(s));
        printf("\t%s\t%s\n", e->phone[0] ? e->phone : "—", e->active ? "在库" : "已停用");
        json_decref(o);
        return 0;
}

static int expert(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 3)
                return usage("expert 需要子命令 add|list|disable (needs a subcommand)%s", "");
        const char *form = argv[2];
        bool add_form = strcmp(form, "add") == 0, list_form = strcmp(form, "list") == 0,
             disable_form = strcmp(form, "disable") == 0;
        if (!add_form && !list_form && !disable_form)
                return usage("未知子命令 (unknown subcommand) expert %s", form);
        struct options o = {.common.today = GL_DATE_NONE};
        int rc = parse(argc, argv, 3, &o);
        if (rc != EXIT_OK)
                return rc;
        const char *allowed = add_form ? "--unit --phone --speciality" : list_form ? "--json" : "";
        static const char *const names[] = {"--unit", "--phone"};
        for (size_t i = 0; i < GL_ARRAY_LEN(names); i++)
                if (*slot_of(&o, names[i]) && !cli_option_in(allowed, names[i]))
                        return usage("%s 不接受该参数 (does not take this option)", names[i]);
        if (o.specialities.n && !add_form)
                return usage("--speciality 只用于 expert add%s", "");
        if (o.json && !list_form)
                return usage("--json 只用于 expert list%s", "");
        if (o.all && !list_form)
                return usage("--all 只用于 expert list%s", "");
        const char *others[] = {o.on,       o.leader, o.purpose,   o.visited_on,
                                o.problems, o.advice, o.follow_up, o.helped,
                                o.comment,  o.note,   o.state,     o.help_target};
        for (size_t i = 0; i < GL_ARRAY_LEN(others); i++)
                if (others[i])
                        return usage("expert %s 不接受走访的参数 (takes no option of a visit)",
                                     form);
        if (o.team.n || o.law.n || o.policy.n || o.technology.n || o.common.expect_version)
                return usage("expert %s 不接受走访的参数 (takes no option of a visit)", form);
        if (o.npositional != (list_form ? 0 : 1))
                return usage(list_form ? "expert list 不接受位置参数%s"
                                       : "expert %s 需要一个参数 (takes one argument)",
                             list_form ? "" : form);
        int64_t id = 0;
        if (disable_form && parse_id(o.positional[0], &id) != EXIT_OK)
                return EXIT_USAGE;
        struct app *app = NULL;
        if ((rc = cli_open_app(ctx, &app)) != EXIT_OK)
                return rc;
        struct actor who;
        rc = cli_procedure_actor(app, &o.common, &who);
        struct gl_error err = {0};
        if (rc == EXIT_OK && add_form) {
                struct expert_new e = {.name = o.positional[0],
                                       .unit = o.unit,
                                       .phone = o.phone,
                                       .specialities = o.specialities.items,
                                       .nspecialities = o.specialities.n};
                int64_t made = 0;
                if (app_expert_add(app, &who, &e, &made, &err) == GL_OK)
                        printf("%lld\n", (long long)made);
                else
                        rc = cli_report(&err);
        } else if (rc == EXIT_OK && disable_form) {
                if (app_expert_disable(app, &who, id, &err) == GL_OK)
                        printf("已停用专家 (disabled) %lld\n", (long long)id);
                else
                        rc = cli_report(&err);
        } else if (rc == EXIT_OK) {
                json_t *items = o.json ? json_array() : NULL;
                if (app_expert_list(app, &who, o.all, print_expert, items, &err) != GL_OK) {
                        json_decref(items);
                        rc = cli_report(&err);
                } else if (items) {
                        print_json(items);
                }
        }
        app_close(app);
        return rc;
}

int cmd_visit(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *form = argv[1];
        if (strcmp(form, "expert") == 0)
                return expert(ctx, argc, argv);
        struct options o = {.common.today = GL_DATE_NONE};
        int rc = parse(argc, argv, 2, &o);
        if (rc == EXIT_OK)
                rc = check_form(form, &o);
        if (rc != EXIT_OK)
                return rc;
        bool plan = strcmp(form, "plan") == 0;
        int64_t id = 0;
        if (o.npositional == 1 && !plan && parse_id(o.positional[0], &id) != EXIT_OK)
                return EXIT_USAGE;
        struct app *app = NULL;
        if ((rc = cli_open_app(ctx, &app)) != EXIT_OK)
                return rc;
        struct actor who;
        rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK) {
                if (strcmp(form, "list") == 0)
                        rc = list(app, &who, &o);
                else if (strcmp(form, "show") == 0)
                        rc = show(app, &who, id, o.json);
                else if (strcmp(form, "targets") == 0)
                        rc = targets(app, &who, o.json);
                else
                        rc = take(app, &who, form, id, &o);
        }
        app_close(app);
        return rc;
}

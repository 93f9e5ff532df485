/*
 * `greenlane eia …`: measure 4's construction projects, parks' planning EIAs and EIA applications,
 * and measure 7's totals review, in their own words. `project add`, `plan add|approve`,
 * `totals-review` and `guide` write through app/project.h; `apply`, `accept`, `supply`, `approve`
 * and `refuse` are steps of the engine's procedure m4.eia (the same as `greenlane case open|step`),
 * each choosing the action its input calls for: `apply --type registration_form` files the form
 * (file), `accept` accepts first (accept_missing) when materials are missing, `supply` completes
 * them (supply) or hands in some (supply_part). --json prints the shapes of io/project_json.h, the
 * same as /api/v1/eia/.... The shared options --today, --as and --expect-version are
 * cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"
#include "../app/project.h"
#include "../core/policy.h"
#include "../io/project_json.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "eia"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        bool json;
        const char *name, *category, *township, *builder, *builder_name, *plan, *park, *approved_on,
            *on, *type, *guide, *guide_phone, *note, *reason;
        const char *added[POLLUTANT_COUNT_];
        const char *sources[TOTALS_SOURCES_MAX];
        size_t nsources;
        struct cli_documents docs;
        const char *positional[1];
        int npositional;
};

static const struct {
        const char *name;
        size_t offset;
} texts[] = {
    {"--name", offsetof(struct options, name)},
    {"--category", offsetof(struct options, category)},
    {"--township", offsetof(struct options, township)},
    {"--builder", offsetof(struct options, builder)},
    {"--builder-name", offsetof(struct options, builder_name)},
    {"--plan", offsetof(struct options, plan)},
    {"--park", offsetof(struct options, park)},
    {"--approved-on", offsetof(struct options, approved_on)},
    {"--on", offsetof(struct options, on)},
    {"--type", offsetof(struct options, type)},
    {"--guide", offsetof(struct options, guide)},
    {"--guide-phone", offsetof(struct options, guide_phone)},
    {"--note", offsetof(struct options, note)},
    {"--reason", offsetof(struct options, reason)},
    {"--so2", offsetof(struct options, added[POLLUTANT_SO2])},
    {"--nox", offsetof(struct options, added[POLLUTANT_NOX])},
    {"--pm", offsetof(struct options, added[POLLUTANT_PM])},
    {"--vocs", offsetof(struct options, added[POLLUTANT_VOCS])},
    {"--cod", offsetof(struct options, added[POLLUTANT_COD])},
    {"--nh3n", offsetof(struct options, added[POLLUTANT_NH3N])},
};

static const char **slot_of(struct options *o, const char *a)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(texts); i++)
                if (strcmp(texts[i].name, a) == 0)
                        return (const char **)((char *)o + texts[i].offset);
        return NULL;
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
                bool doc = strcmp(a, "--document") == 0, src = strcmp(a, "--source") == 0;
                if ((slot || doc || src) && i + 1 >= argc)
                        return usage("%s 需要取值 (needs a value)", a);
                if (slot) {
                        if (*slot)
                                return usage("%s 只能给一次 (given twice)", a);
                        *slot = argv[++i];
                } else if (doc) {
                        int rc = cli_documents_add(NAME, &o->docs, argv[++i]);
                        if (rc != EXIT_OK)
                                return rc;
                } else if (src) {
                        if (o->nsources == TOTALS_SOURCES_MAX)
                                return usage("--source 最多 32 个 (at most 32)%s", "");
                        o->sources[o->nsources++] = argv[++i];
                } else if (strcmp(a, "--json") == 0) {
                        o->json = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                } else if (o->npositional < 1) {
                        o->positional[o->npositional++] = a;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
        }
        return EXIT_OK;
}

/* Which options each form takes (besides --today and --as). */
static const struct {
        const char *form;
        int min, max;
        const char *takes;
} forms[] = {
    {"project add", 0, 0,
     "--name --category --township --builder --builder-name --plan --so2 --nox --pm --vocs --cod "
     "--nh3n"},
    {"project list", 0, 0, "--json"},
    {"project show", 1, 1, "--json"},
    {"plan add", 0, 0, "--park --name --approved-on"},
    {"plan approve", 1, 1, "--on"},
    {"plan list", 0, 0, "--json"},
    {"apply", 1, 1, "--type --guide --guide-phone --document"},
    {"accept", 1, 1, "--guide --guide-phone --note --expect-version"},
    {"supply", 1, 1, "--document --expect-version"},
    {"approve", 1, 1, "--note --expect-version"},
    {"refuse", 1, 1, "--reason --expect-version"},
    {"withdraw", 1, 1, "--reason --expect-version"},
    {"guide", 1, 1, "--note --on"},
    {"show", 1, 1, "--json"},
    {"totals-review", 1, 1, "--source --on"},
};

static int check_form(const char *form, struct options *o)
{
        size_t f = 0;
        while (f < GL_ARRAY_LEN(forms) && strcmp(forms[f].form, form) != 0)
                f++;
        if (f == GL_ARRAY_LEN(forms))
                return usage("未知子命令 (unknown subcommand) %s", form);
        if (o->npositional < forms[f].min || o->npositional > forms[f].max)
                return usage(forms[f].max ? "%s 需要一个编号 (takes one id)"
                                          : "%s 不接受位置参数 (takes no positional argument)",
                             form);
        for (size_t i = 0; i < GL_ARRAY_LEN(texts); i++)
                if (*slot_of(o, texts[i].name) && !cli_option_in(forms[f].takes, texts[i].name))
                        return usage("%s 不接受该参数 (does not take this option)", texts[i].name);
        if (o->docs.n && !cli_option_in(forms[f].takes, "--document"))
                return usage("--document 只用于 apply、supply (apply and supply only)%s", "");
        if (o->nsources && !cli_option_in(forms[f].takes, "--source"))
                return usage("--source 只用于 totals-review%s", "");
        if (o->json && !cli_option_in(forms[f].takes, "--json"))
                return usage("%s 不接受 --json (takes no --json)", form);
        if (o->common.expect_version && !cli_option_in(forms[f].takes, "--expect-version"))
                return usage("%s 不接受 --expect-version", form);
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

static int parse_date(const char *option, const char *text, gl_date *out)
{
        if (text && date_parse_iso(text, out) != GL_OK)
                return usage("%s: 需要有效日期 YYYY-MM-DD (a valid date)", option);
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

/* ---- projects and plans ---- */

static int project_add(struct app *app, const struct actor *who, const struct options *o)
{
        struct m4_project_input in = {.name = o->name,
                                      .builder_uscc = o->builder,
                                      .builder_name = o->builder_name,
                                      .category = o->category,
                                      .township = o->township};
        for (int x = 0; x < POLLUTANT_COUNT_; x++)
                in.added[x] = o->added[x];
        int64_t plan = 0, id = 0;
        if (o->plan && parse_id(o->plan, &plan) != EXIT_OK)
                return EXIT_USAGE;
        struct gl_error err = {0};
        if (app_project_add(app, who, &in, plan, o->common.today, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

struct walk {
        struct app *app;
        bool json;
        json_t *items;
};

static const char *state_of(const struct project_view *v)
{
        if (!v->has_application)
                return "未申请";
        return v->a.current ? v->p.case_state : v->a.outcome;
}

static int project_row(const struct project_view *v, void *p)
{
        struct walk *w = p;
        if (w->json)
                return json_array_append_new(w->items,
                                             project_json(app_pack_for(w->app, v->p.division), v))
                           ? -1
                           : 0;
        printf("%lld\t%s\t%s\t%s\t%s%s\t%s\n", (long long)v->p.id, v->p.v.name, v->p.v.builder_name,
               v->p.v.category, v->p.v.township, v->infrastructure ? "\t基础设施" : "\t",
               state_of(v));
        return 0;
}

static int project_list(struct app *app, const struct actor *who, const struct options *o)
{
        struct walk w = {app, o->json, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        int rc = app_project_list(app, who, o->common.today, project_row, &w, &err);
        if (rc != GL_OK) {
                json_decref(w.items);
                return cli_report(&err);
        }
        if (o->json)
                print_json(w.items);
        return EXIT_OK;
}

static int project_show(struct app *app, const struct actor *who, int64_t id,
                        const struct options *o)
{
        struct project_view *v = malloc(sizeof(*v));
        if (v == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        struct gl_error err = {0};
        int rc = app_project_get(app, who, id, o->common.today, v, &err);
        if (rc != GL_OK) {
                free(v);
                return cli_report(&err);
        }
        json_t *j = project_json(app_pack_for(app, v->p.division), v);
        if (o->json) {
                print_json(j);
        } else {
                printf("建设项目 #%lld %s\n建设单位: %s %s\n类别: %s%s\n乡镇: %s\n", (long long)id,
                       v->p.v.name, v->p.v.builder_uscc, v->p.v.builder_name, v->p.v.category,
                       v->infrastructure ? "（基础设施，不需总量指标）" : "", v->p.v.township);
                for (size_t i = 0; i < v->infra.n; i++)
                        printf("  %s\n", v->infra.line[i]);
                for (size_t i = 0; i < v->needs.why.n; i++)
                        printf("  %s\n", v->needs.why.line[i]);
                if (v->has_review)
                        printf("总量审核: #%lld %s 通过\n", (long long)v->review.id,
                               json_string_value(json_object_get(
                                   json_object_get(j, "totals_review"), "reviewed_on")));
                if (v->has_application)
                        printf("环评申请: 案件 %lld，%s，帮扶指导人 %s%s%s（%s），容缺材料 %s\n",
                               (long long)v->a.case_id, state_of(v), v->a.guide_name,
                               v->a.guide_name[0] ? " " : "", v->a.guide, v->a.guide_phone,
                               v->a.missing);
                json_decref(j);
        }
        free(v);
        return EXIT_OK;
}

static int plan_add(struct app *app, const struct actor *who, const struct options *o)
{
        gl_date approved = GL_DATE_NONE;
        if (parse_date("--approved-on", o->approved_on, &approved) != EXIT_OK)
                return EXIT_USAGE;
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_plan_add(app, who, o->park, o->name, approved, o->common.today, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

static int plan_approve(struct app *app, const struct actor *who, int64_t id,
                        const struct options *o)
{
        gl_date on = o->common.today;
        if (parse_date("--on", o->on, &on) != EXIT_OK)
                return EXIT_USAGE;
        struct gl_error err = {0};
        if (app_plan_approve(app, who, id, on, o->common.today, &err) != GL_OK)
                return cli_report(&err);
        printf("规划环评已批准 (approved) %lld\n", (long long)id);
        return EXIT_OK;
}

static int plan_row(const struct plan_row *p, void *ctx)
{
        struct walk *w = ctx;
        if (w->json)
                return json_array_append_new(w->items, project_json_plan(p)) ? -1 : 0;
        char d[11] = "";
        printf("%lld\t%s\t%s\t%s\t%s\n", (long long)p->id, p->park, p->name, p->state,
               p->approved_on == GL_DATE_NONE ? "" : date_format_iso(p->approved_on, d));
        return 0;
}

static int plan_list(struct app *app, const struct actor *who, const struct options *o)
{
        struct walk w = {app, o->json, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_plan_list(app, who, plan_row, &w, &err) != GL_OK) {
                json_decref(w.items);
                return cli_report(&err);
        }
        if (o->json)
                print_json(w.items);
        return EXIT_OK;
}

/* ---- the application's steps ---- */

static int step(struct app *app, const struct actor *who, int64_t id, const char *action,
                const struct case_field *fields, size_t nfields, const char *reason,
                const struct options *o)
{
        struct case_step_input in = {.action = action,
                                     .reason = reason,
                                     .fields = fields,
                                     .nfields = nfields,
                                     .docs = o->docs.items,
                                     .ndocs = o->docs.n,
                                     .expected_version = o->common.expect_version,
                                     .today = o->common.today};
        struct gl_error err = {0};
        if (app_case_step(app, who, id, &in, &err) != GL_OK)
                return cli_report(&err);
        printf("%s %lld\n", action, (long long)id);
        return EXIT_OK;
}

static int apply(struct app *app, const struct actor *who, int64_t project, struct options *o)
{
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)project);
        bool file = o->type && strcmp(o->type, "registration_form") == 0;
        struct case_field fields[4] = {{"project", id}};
        size_t n = 1;
        if (!file) {
                fields[n++] = (struct case_field){"document_type", o->type};
                if (o->guide)
                        fields[n++] = (struct case_field){"guide", o->guide};
                if (o->guide_phone)
                        fields[n++] = (struct case_field){"guide_phone", o->guide_phone};
        } else if (o->guide || o->guide_phone) {
                return usage("登记表只备案，不指定帮扶指导人%s", "");
        }
        struct case_step_input in = {.action = file ? "file" : "apply",
                                     .fields = fields,
                                     .nfields = n,
                                     .docs = o->docs.items,
                                     .ndocs = o->docs.n,
                                     .today = o->common.today};
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_case_open(app, who, M4_PROCEDURE, NULL, &in, &made, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)made);
        return EXIT_OK;
}

static int accept(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        const char *which = NULL;
        struct gl_error err = {0};
        if (app_eia_supply_action(app, who, id, NULL, 0, &which, &err) != GL_OK)
                return cli_report(&err);
        struct case_field fields[2];
        size_t n = 0;
        if (o->guide)
                fields[n++] = (struct case_field){"guide", o->guide};
        if (o->guide_phone)
                fields[n++] = (struct case_field){"guide_phone", o->guide_phone};
        return step(app, who, id, strcmp(which, "supply") == 0 ? "accept" : "accept_missing",
                    fields, n, o->note, o);
}

static int supply(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        const char *names[CASE_DOCUMENTS_MAX];
        for (size_t i = 0; i < o->docs.n; i++)
                names[i] = o->docs.items[i].name;
        const char *which = NULL;
        struct gl_error err = {0};
        if (app_eia_supply_action(app, who, id, names, o->docs.n, &which, &err) != GL_OK)
                return cli_report(&err);
        return step(app, who, id, which, NULL, 0, NULL, o);
}

static int guide(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        gl_date on = o->common.today;
        if (parse_date("--on", o->on, &on) != EXIT_OK)
                return EXIT_USAGE;
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_eia_guide(app, who, id, o->note, on, &made, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)made);
        return EXIT_OK;
}

static int add_guidance(const struct guidance_row *g, void *p)
{
        return json_array_append_new(p, project_json_guidance(g)) ? -1 : 0;
}

static int add_material(const char *name, void *p)
{
        return json_array_append_new(p, json_string(name)) ? -1 : 0;
}

static int show(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        json_t *g = json_array(), *m = json_array();
        struct gl_error err = {0};
        int rc = app_eia_guidance(app, who, id, add_guidance, g, &err);
        if (rc == GL_OK)
                rc = app_eia_materials(app, who, id, add_material, m, &err);
        if (rc != GL_OK) {
                json_decref(g);
                json_decref(m);
                return cli_report(&err);
        }
        json_t *j =
            json_pack("{s:I, s:o, s:o}", "case", (json_int_t)id, "materials", m, "guidance", g);
        if (o->json) {
                print_json(j);
                return EXIT_OK;
        }
        printf("环评申请 %lld（办理过程：greenlane case show %lld）\n已交材料:", (long long)id,
               (long long)id);
        for (size_t i = 0; i < json_array_size(m); i++)
                printf(" %s", json_string_value(json_array_get(m, i)));
        printf("\n帮扶记录:\n");
        for (size_t i = 0; i < json_array_size(g); i++) {
                json_t *x = json_array_get(g, i);
                printf("  %s %s：%s\n", json_string_value(json_object_get(x, "given_on")),
                       json_string_value(json_object_get(x, "guide")),
                       json_string_value(json_object_get(x, "help")));
        }
        json_decref(j);
        return EXIT_OK;
}

static int totals_review_cmd(struct app *app, const struct actor *who, int64_t id,
                             const struct options *o)
{
        gl_date on = o->common.today;
        if (parse_date("--on", o->on, &on) != EXIT_OK)
                return EXIT_USAGE;
        struct totals_source s[TOTALS_SOURCES_MAX];
        struct gl_error err = {0};
        for (size_t i = 0; i < o->nsources; i++)
                if (totals_source_parse(o->sources[i], "sources", &s[i], &err) != GL_OK)
                        return cli_report(&err);
        int64_t made = 0;
        if (app_totals_review(app, who, id, s, o->nsources, on, &made, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)made);
        return EXIT_OK;
}

int cmd_eia(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        char form[48];
        int first = 2;
        if ((strcmp(argv[1], "project") == 0 || strcmp(argv[1], "plan") == 0) && argc >= 3) {
                snprintf(form, sizeof(form), "%s %s", argv[1], argv[2]);
                first = 3;
        } else {
                snprintf(form, sizeof(form), "%s", argv[1]);
        }
        struct options *o = calloc(1, sizeof(*o));
        if (o == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        o->common.today = GL_DATE_NONE;
        int rc = parse(argc, argv, first, o);
        if (rc == EXIT_OK)
                rc = check_form(form, o);
        int64_t id = 0;
        if (rc == EXIT_OK && o->npositional == 1)
                rc = parse_id(o->positional[0], &id);
        struct app *app = NULL;
        struct actor who;
        if (rc == EXIT_OK)
                rc = cli_open_app(ctx, &app);
        if (rc == EXIT_OK)
                rc = cli_procedure_actor(app, &o->common, &who);
        if (rc == EXIT_OK) {
                if (strcmp(form, "project add") == 0)
                        rc = project_add(app, &who, o);
                else if (strcmp(form, "project list") == 0)
                        rc = project_list(app, &who, o);
                else if (strcmp(form, "project show") == 0)
                        rc = project_show(app, &who, id, o);
                else if (strcmp(form, "plan add") == 0)
                        rc = plan_add(app, &who, o);
                else if (strcmp(form, "plan approve") == 0)
                        rc = plan_approve(app, &who, id, o);
                else if (strcmp(form, "plan list") == 0)
                        rc = plan_list(app, &who, o);
                else if (strcmp(form, "apply") == 0)
                        rc = apply(app, &who, id, o);
                else if (strcmp(form, "accept") == 0)
                        rc = accept(app, &who, id, o);
                else if (strcmp(form, "supply") == 0)
                        rc = supply(app, &who, id, o);
                else if (strcmp(form, "approve") == 0)
                        rc = step(app, &who, id, "approve", NULL, 0, o->note, o);
                else if (strcmp(form, "refuse") == 0)
                        rc = step(app, &who, id, "refuse", NULL, 0, o->reason, o);
                else if (strcmp(form, "withdraw") == 0)
                        rc = step(app, &who, id, "withdraw", NULL, 0, o->reason, o);
                else if (strcmp(form, "guide") == 0)
                        rc = guide(app, &who, id, o);
                else if (strcmp(form, "show") == 0)
                        rc = show(app, &who, id, o);
                else
                        rc = totals_review_cmd(app, &who, id, o);
        }
        cli_documents_free(&o->docs);
        free(o);
        app_close(app);
        return rc;
}

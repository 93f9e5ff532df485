/*
 * `greenlane site …`: measure 8's construction sites in their own words. `add`, `update`,
 * `finish` and `inspect` write the registry (app/site.h); `apply` opens the site's application for
 * the county's positive list of key construction projects (the engine's procedure m8.listing, the
 * same as `greenlane case open m8.listing apply --field site=ID`) and prints the case's id — its
 * reviews, publication, objections, listing, adjustment and removal are `greenlane case step`.
 * `list`, `show`, `inspections` print what the reader may see; `public` the published list. --json
 * prints the shapes of io/site_json.h, the same as /api/v1/sites. The shared options --today, --as
 * and --expect-version are cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"
#include "../app/site.h"
#include "../core/policy.h"
#include "../io/site_json.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "site"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        bool json;
        const char *project, *category, *township, *builder, *builder_name, *address, *earthwork,
            *started_on, *department, *status, *listed, *note, *reason, *on, *dust;
        struct cli_documents docs;
        const char *positional[2];
        int npositional;
};

static const struct {
        const char *name;
        size_t offset;
} texts[] = {
    {"--project", offsetof(struct options, project)},
    {"--category", offsetof(struct options, category)},
    {"--township", offsetof(struct options, township)},
    {"--builder", offsetof(struct options, builder)},
    {"--builder-name", offsetof(struct options, builder_name)},
    {"--address", offsetof(struct options, address)},
    {"--earthwork-m2", offsetof(struct options, earthwork)},
    {"--started-on", offsetof(struct options, started_on)},
    {"--department", offsetof(struct options, department)},
    {"--status", offsetof(struct options, status)},
    {"--listed", offsetof(struct options, listed)},
    {"--note", offsetof(struct options, note)},
    {"--reason", offsetof(struct options, reason)},
    {"--on", offsetof(struct options, on)},
    {"--dust", offsetof(struct options, dust)},
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
                bool doc = strcmp(a, "--document") == 0;
                if ((slot || doc) && i + 1 >= argc)
                        return usage("%s 需要取值 (needs a value)", a);
                if (slot) {
                        if (*slot)
                                return usage("%s 只能给一次 (given twice)", a);
                        *slot = argv[++i];
                } else if (doc) {
                        int rc = cli_documents_add(NAME, &o->docs, argv[++i]);
                        if (rc != EXIT_OK)
                                return rc;
                } else if (strcmp(a, "--json") == 0) {
                        o->json = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                } else if (o->npositional < 2) {
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
        int min, max; /* positional arguments */
        const char *takes;
} forms[] = {
    {"add", 0, 0,
     "--project --category --township --builder --builder-name --address --earthwork-m2 "
     "--started-on"},
    {"update", 1, 1,
     "--project --category --township --builder-name --address --earthwork-m2 --started-on "
     "--expect-version"},
    {"finish", 1, 1, "--note"},
    {"inspect", 1, 1, "--reason --on --dust --note"},
    {"apply", 1, 1, "--document --note"},
    {"list", 0, 0, "--township --category --department --status --listed --builder --json"},
    {"show", 1, 1, "--json"},
    {"inspections", 0, 1, "--json"},
    {"public", 0, 0, "--json"},
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
                return usage("--document 只用于 apply (apply only)%s", "");
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

static void print_json(json_t *v)
{
        char *text = v ? json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
        if (text)
                printf("%s\n", text);
        free(text);
        json_decref(v);
}

static struct m8_site_input input_of(const struct options *o)
{
        return (struct m8_site_input){.project = o->project,
                                      .category = o->category,
                                      .builder_uscc = o->builder,
                                      .builder_name = o->builder_name,
                                      .township = o->township,
                                      .address = o->address,
                                      .earthwork_m2 = o->earthwork,
                                      .started_on = o->started_on};
}

/* ---- writes ---- */

static int add(struct app *app, const struct actor *who, const struct options *o)
{
        struct m8_site_input in = input_of(o);
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_site_add(app, who, &in, o->common.today, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

static int update(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct m8_site_input in = input_of(o);
        struct gl_error err = {0};
        if (app_site_update(app, who, id, &in, o->common.today, o->common.expect_version, &err) !=
            GL_OK)
                return cli_report(&err);
        printf("已修改 (updated) %lld\n", (long long)id);
        return EXIT_OK;
}

static int finish(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct gl_error err = {0};
        if (app_site_finish(app, who, id, o->common.today, o->note, &err) != GL_OK)
                return cli_report(&err);
        printf("已竣工 (finished) %lld\n", (long long)id);
        return EXIT_OK;
}

static int inspect(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        gl_date on = o->common.today;
        if (o->on && date_parse_iso(o->on, &on) != GL_OK)
                return usage("--on: 需要有效日期 YYYY-MM-DD (a valid date) %s", o->on);
        struct site_inspection_input in = {.reason = o->reason,
                                           .dust_result = o->dust,
                                           .note = o->note,
                                           .on = on,
                                           .today = o->common.today};
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_site_inspect(app, who, id, &in, &made, &err) != GL_OK)
                return cli_report(&err);
        if (made)
                printf("%lld\n", (long long)made);
        else
                printf("扬尘防治核查不合格，已移出正面清单 (dust control failed: removed from the "
                       "list)\n");
        return EXIT_OK;
}

static int apply(struct app *app, const struct actor *who, int64_t id, struct options *o)
{
        char site[24];
        snprintf(site, sizeof(site), "%lld", (long long)id);
        struct case_field fields[2] = {{"site", site}, {"note", o->note}};
        struct case_step_input in = {.action = "apply",
                                     .fields = fields,
                                     .nfields = o->note ? 2 : 1,
                                     .docs = o->docs.items,
                                     .ndocs = o->docs.n,
                                     .today = o->common.today};
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_case_open(app, who, M8_PROCEDURE, NULL, &in, &made, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)made);
        return EXIT_OK;
}

/* ---- reads ---- */

static const char *text(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s && s[0] ? s : "—";
}

/* A listing: each site in the words of its county's pack. */
struct list_ctx {
        const struct app *app;
        json_t *items; /* with --json */
};

static int list_row(const struct site_row *s, void *p)
{
        struct list_ctx *l = p;
        json_t *o = site_json(app_pack_for(l->app, s->division), s);
        if (o == NULL)
                return GL_ENOMEM;
        if (l->items) {
                json_array_append_new(l->items, o);
                return 0;
        }
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t检查 %lld 次（在清单期间 %lld 次）\n",
               (long long)s->id, s->v.project, text(o, "category_name_zh"), s->v.township,
               text(o, "department_name_zh"), s->status, s->listed ? "已列入清单" : "未列入",
               s->case_state[0] ? s->case_state : "—", s->dust_control, (long long)s->inspections,
               (long long)s->inspections_listed);
        json_decref(o);
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct options *o)
{
        struct site_query q = {.builder_uscc = o->builder,
                               .department = o->department,
                               .township = o->township,
                               .category = o->category,
                               .status = o->status,
                               .listed = -1};
        if (o->listed) {
                if (strcmp(o->listed, "yes") != 0 && strcmp(o->listed, "no") != 0)
                        return usage("--listed: yes 或 no (yes or no) %s", o->listed);
                q.listed = strcmp(o->listed, "yes") == 0;
        }
        struct list_ctx l = {app, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_site_list(app, who, &q, list_row, &l, &err) != GL_OK) {
                json_decref(l.items);
                return cli_report(&err);
        }
        if (o->json)
                print_json(l.items);
        return EXIT_OK;
}

static int add_item(json_t *items, json_t *o)
{
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(items, o);
        return 0;
}

/* What belongs to sites: pack the site's, or NULL for each row's own (app_pack_for). */
struct read_ctx {
        const struct app *app;
        const struct policy_pack *pack;
        json_t *items;
};

static int add_inspection(const struct site_inspection *i, void *p)
{
        struct read_ctx *r = p;
        return add_item(r->items, site_json_inspection(r->pack, i));
}

static int add_change(const struct site_change *c, void *p)
{
        return add_item(((struct read_ctx *)p)->items, site_json_change(c));
}

static int add_objection(const struct m8_objection *ob, void *p)
{
        return add_item(((struct read_ctx *)p)->items, site_json_objection(ob));
}

static int add_application(const struct m8_application *a, void *p)
{
        return add_item(((struct read_ctx *)p)->items,
                        site_json_application(((struct read_ctx *)p)->pack, a, a->outcome));
}

/* The site with its current application, applications, objections, inspections and changes: the
 * same as GET /api/v1/sites/{id}. */
static json_t *site_full(struct app *app, const struct actor *who, int64_t id, struct gl_error *err)
{
        struct site_record r;
        if (app_site_get(app, who, id, &r, err) != GL_OK)
                return NULL;
        const struct policy_pack *pack = app_pack_for(app, r.row.division);
        json_t *o = site_json(pack, &r.row);
        struct read_ctx ins = {app, pack, json_array()}, chg = {app, pack, json_array()},
                        apps = {app, pack, json_array()}, obj = {app, pack, json_array()};
        int rc = app_site_inspections(app, who, id, add_inspection, &ins, err);
        if (rc == GL_OK)
                rc = app_site_changes(app, who, id, add_change, &chg, err);
        if (rc == GL_OK)
                rc = app_site_applications(app, who, id, add_application, &apps, err);
        if (rc == GL_OK && r.application.case_id)
                rc = app_site_objections(app, who, r.application.case_id, add_objection, &obj, err);
        if (rc != GL_OK || o == NULL) {
                json_decref(o);
                json_decref(ins.items);
                json_decref(chg.items);
                json_decref(apps.items);
                json_decref(obj.items);
                return NULL;
        }
        json_object_set_new(o, "application",
                            r.application.case_id
                                ? site_json_application(pack, &r.application, r.row.case_state)
                                : json_null());
        json_object_set_new(o, "builder_registry_name",
                            r.builder_registry_name[0] ? json_string(r.builder_registry_name)
                                                       : json_null());
        json_object_set_new(o, "applications", apps.items);
        json_object_set_new(o, "objections", obj.items);
        json_object_set_new(o, "inspections_made", ins.items);
        json_object_set_new(o, "changes", chg.items);
        return o;
}

static int show(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct gl_error err = {0};
        json_t *v = site_full(app, who, id, &err);
        if (v == NULL)
                return cli_report(err.status ? &err
                                             : &(struct gl_error){GL_ENOMEM, "", "out of memory"});
        if (o->json) {
                print_json(v);
                return EXIT_OK;
        }
        printf("工地 (site) %lld: %s\n", (long long)id, text(v, "project"));
        printf("类别 (category): %s（%s）\n", text(v, "category_name_zh"), text(v, "category"));
        printf("建设单位 (builder): %s %s%s\n", text(v, "builder_uscc"), text(v, "builder_name"),
               json_is_true(json_object_get(v, "builder_registered")) ? "（企业登记库内）" : "");
        printf("乡镇 (township): %s\n", text(v, "township"));
        printf("对口主管部门 (competent department): %s（%s）\n", text(v, "department_name_zh"),
               text(v, "department"));
        printf("地址 (address): %s\n", text(v, "address"));
        printf("土石方作业面积 (earthwork): %lld 平方米\n",
               (long long)json_integer_value(json_object_get(v, "earthwork_m2")));
        printf("扬尘防治 (dust control): %s %s\n", text(v, "dust_control"),
               text(v, "dust_checked_on"));
        printf("状态 (status): %s\n", text(v, "status"));
        bool listed = json_is_true(json_object_get(v, "listed"));
        printf("正面清单 (listed): %s%s%s\n", listed ? "已列入 " : "未列入",
               listed ? text(v, "listed_on") : "", listed ? " 起" : "");
        if (!json_is_null(json_object_get(v, "removed_on")))
                printf("移出清单 (removed): %s %s\n", text(v, "removed_on"),
                       text(v, "removed_reason"));
        json_t *a = json_object_get(v, "application");
        if (json_is_object(a))
                printf("当前申报 (application): 案件 %lld %s %s\n",
                       (long long)json_integer_value(json_object_get(a, "case_id")),
                       text(a, "state"), text(a, "state_label_zh"));
        printf("检查 (inspections): %lld 次，其中在清单期间 %lld 次\n",
               (long long)json_integer_value(json_object_get(v, "inspections")),
               (long long)json_integer_value(json_object_get(v, "inspections_listed")));
        size_t i;
        json_t *it;
        json_array_foreach(json_object_get(v, "inspections_made"), i, it)
            printf("  %s\t%s\t%s\t%s\t%s\n", text(it, "inspected_on"), text(it, "reason_name_zh"),
                   text(it, "unit"), text(it, "dust_result"), text(it, "note"));
        json_array_foreach(json_object_get(v, "objections"), i, it)
            printf("异议 (objection) %lld: %s %s %s\n",
                   (long long)json_integer_value(json_object_get(it, "id")), text(it, "status"),
                   text(it, "content"), text(it, "decision"));
        json_array_foreach(json_object_get(v, "changes"), i, it)
            printf("变更 (change) %s %s: %s → %s %s\n", text(it, "on"), text(it, "field"),
                   text(it, "from"), text(it, "to"), text(it, "reason"));
        json_decref(v);
        return EXIT_OK;
}

static int print_inspection(const struct site_inspection *i, void *p)
{
        struct read_ctx *r = p;
        json_t *o =
            site_json_inspection(r->pack ? r->pack : app_pack_for(r->app, i->site_division), i);
        if (o == NULL)
                return GL_ENOMEM;
        if (r->items) {
                json_array_append_new(r->items, o);
                return 0;
        }
        char d[11];
        printf("%lld\t%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)i->id, (long long)i->site_id,
               date_format_iso(i->inspected_on, d), i->reason, text(o, "reason_name_zh"), i->unit,
               i->listed ? "清单内" : "清单外", i->dust_result[0] ? i->dust_result : "—",
               i->note && i->note[0] ? i->note : "—");
        json_decref(o);
        return 0;
}

static int inspections(struct app *app, const struct actor *who, int64_t id,
                       const struct options *o)
{
        struct read_ctx r = {app, NULL, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_site_inspections(app, who, id, print_inspection, &r, &err) != GL_OK) {
                json_decref(r.items);
                return cli_report(&err);
        }
        if (o->json)
                print_json(r.items);
        return EXIT_OK;
}

static int public_row(const struct site_row *s, void *p)
{
        struct list_ctx *l = p;
        json_t *o = site_json_public(app_pack_for(l->app, s->division), s);
        if (o == NULL)
                return GL_ENOMEM;
        if (l->items) {
                json_array_append_new(l->items, o);
                return 0;
        }
        printf("%s\t%s\t%s\t%s\t%s\n", s->v.project, text(o, "category_name_zh"), s->v.township,
               s->v.builder_name, text(o, "listed_on"));
        json_decref(o);
        return 0;
}

static int public_list(struct app *app, const struct options *o)
{
        struct list_ctx l = {app, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_site_public(app, public_row, &l, &err) != GL_OK) {
                json_decref(l.items);
                return cli_report(&err);
        }
        if (o->json)
                print_json(l.items);
        return EXIT_OK;
}

int cmd_site(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *form = argv[1];
        struct options *o = calloc(1, sizeof(*o));
        if (o == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        o->common.today = GL_DATE_NONE;
        int rc = parse(argc, argv, 2, o);
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
                if (strcmp(form, "add") == 0)
                        rc = add(app, &who, o);
                else if (strcmp(form, "update") == 0)
                        rc = update(app, &who, id, o);
                else if (strcmp(form, "finish") == 0)
                        rc = finish(app, &who, id, o);
                else if (strcmp(form, "inspect") == 0)
                        rc = inspect(app, &who, id, o);
                else if (strcmp(form, "apply") == 0)
                        rc = apply(app, &who, id, o);
                else if (strcmp(form, "list") == 0)
                        rc = list(app, &who, o);
                else if (strcmp(form, "show") == 0)
                        rc = show(app, &who, id, o);
                else if (strcmp(form, "inspections") == 0)
                        rc = inspections(app, &who, id, o);
                else
                        rc = public_list(app, o);
        }
        cli_documents_free(&o->docs);
        free(o);
        app_close(app);
        return rc;
}

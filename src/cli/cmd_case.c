/*
 * `greenlane case ...`: every procedure of the pack through one command. `list` prints the cases
 * the reader may see, `show` one case with its deadlines, the actions the reader may take now
 * (with the fields, reason and documents each needs), its steps, documents and reviews; `open`
 * takes a procedure's opening action and prints the new case's id; `step` takes one action on a
 * case and prints the state that follows; `procedures` prints the procedures of the pack with
 * their states, actions and deadlines, and what the reader may open today; `work` the open cases
 * waiting for an action the reader may take, soonest deadline first (my work, 待办). Each form
 * calls app/case.h and nothing else; --json prints the shape of io/case_json.h, the same as
 * /api/v1/cases. The shared options --today,
 * --as and --expect-version are cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"
#include "../io/case_json.h"
#include "../io/case_xlsx.h"

#include <stdlib.h>
#include <string.h>

#define NAME "case"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

static int parse_id(const char *text, int64_t *id)
{
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (text[0] == '\0' || *end != '\0' || v <= 0)
                return usage("ID: '%s' 不是案件编号 (not a case id)", text);
        *id = v;
        return EXIT_OK;
}

/* Everything the forms take. Fields point into argv, split at their '=' in place. */
struct options {
        struct cli_procedure_options common;
        struct case_field fields[CASE_FIELDS_MAX];
        size_t nfields;
        struct cli_documents docs;
        const char *reason;
        const char *uscc;
        const char *procedure;
        const char *state;
        bool open_only;
        bool json;
        const char *xlsx; /* list --xlsx FILE */
        const char *positional[2];
        int npositional;
};

static void options_free(struct options *o)
{
        cli_documents_free(&o->docs);
        free(o);
}

static int add_field(struct options *o, char *spec)
{
        char *eq = strchr(spec, '=');
        if (eq == NULL || eq == spec)
                return usage("--field: '%s' 应为 NAME=VALUE (expected NAME=VALUE)", spec);
        if (o->nfields == CASE_FIELDS_MAX)
                return usage("--field: 字段过多 (too many fields)%s", "");
        *eq = '\0';
        o->fields[o->nfields++] = (struct case_field){spec, eq + 1};
        return EXIT_OK;
}

static int parse(int argc, char **argv, struct options *o)
{
        for (int i = 2; i < argc; i++) {
                const char *a = argv[i];
                bool has_value = i + 1 < argc;
                int used = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0)
                        continue;
                int rc = EXIT_OK;
                if (strcmp(a, "--field") == 0 && has_value)
                        rc = add_field(o, argv[++i]);
                else if (strcmp(a, "--document") == 0 && has_value)
                        rc = cli_documents_add(NAME, &o->docs, argv[++i]);
                else if (strcmp(a, "--reason") == 0 && has_value)
                        o->reason = argv[++i];
                else if (strcmp(a, "--uscc") == 0 && has_value)
                        o->uscc = argv[++i];
                else if (strcmp(a, "--procedure") == 0 && has_value)
                        o->procedure = argv[++i];
                else if (strcmp(a, "--state") == 0 && has_value)
                        o->state = argv[++i];
                else if (strcmp(a, "--open") == 0)
                        o->open_only = true;
                else if (strcmp(a, "--json") == 0)
                        o->json = true;
                else if (strcmp(a, "--xlsx") == 0 && has_value)
                        o->xlsx = argv[++i];
                else if (a[0] == '-')
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                else if (o->npositional < 2)
                        o->positional[o->npositional++] = a;
                else
                        return usage("多余的参数 (extra argument) %s", a);
                if (rc != EXIT_OK)
                        return rc;
        }
        return EXIT_OK;
}

/* What each form takes: its positional arguments and the options it accepts. */
static int check_form(const char *form, const struct options *o)
{
        bool list = strcmp(form, "list") == 0, show = strcmp(form, "show") == 0,
             open = strcmp(form, "open") == 0, step = strcmp(form, "step") == 0,
             procs = strcmp(form, "procedures") == 0, work = strcmp(form, "work") == 0;
        if (!list && !show && !open && !step && !procs && !work)
                return usage("未知子命令 (unknown subcommand) %s", form);
        int want = list || procs || work ? 0 : show ? 1 : 2;
        if (o->npositional != want)
                return usage(list || procs || work
                                 ? "%s 不接受位置参数 (takes no positional argument)"
                             : show ? "show 需要一个参数 ID (takes one argument: ID)%s"
                             : open ? "open 需要 PROCEDURE ACTION 两个参数 (takes PROCEDURE "
                                      "ACTION)%s"
                                    : "step 需要 ID ACTION 两个参数 (takes ID ACTION)%s",
                             list || procs || work ? form : "");
        bool writes = open || step;
        if (!writes && (o->nfields || o->docs.n || o->reason || o->common.expect_version))
                return usage("%s 不接受 --field、--document、--reason、--expect-version (takes "
                             "none of these)",
                             form);
        if (!list && (o->procedure || o->state || o->open_only))
                return usage("%s 不接受 --procedure、--state、--open (takes none of these)", form);
        if (writes && o->json)
                return usage("%s 不接受 --json (takes no --json)", form);
        if (o->xlsx && (!list || o->json))
                return usage(
                    "--xlsx 只用于 list，且不与 --json 同用 (list only, not with --json)%s", "");
        if (!open && o->uscc)
                return usage("%s 不接受 --uscc (takes no --uscc)", form);
        if (open && o->common.expect_version)
                return usage("open 不接受 --expect-version (takes no --expect-version)%s", "");
        return EXIT_OK;
}

static void print_json(json_t *v)
{
        char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        if (text)
                printf("%s\n", text);
        free(text);
}

/* --- list */

struct list_ctx {
        const struct app *app;
        json_t *items; /* with --json */
};

static int list_row(const struct case_row *c, void *p)
{
        struct list_ctx *l = p;
        const struct procedure *proc = app_case_procedure(l->app, c);
        if (l->items) {
                json_array_append_new(l->items, case_json_list_row(c, proc));
                return 0;
        }
        int si = proc ? procedure_state_index(proc, c->state) : -1;
        printf("%lld\t%s\t%s\t%s\t%s\t%s\n", (long long)c->id, c->procedure,
               c->uscc[0] ? c->uscc : (c->subject_uscc[0] ? c->subject_uscc : c->subject_name),
               c->state, si >= 0 ? procedure_state_label(proc, (size_t)si) : c->state,
               c->updated_at);
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct options *o)
{
        struct case_query q = {.procedure = o->procedure,
                               .state = o->state,
                               .open_only = o->open_only,
                               .today = o->common.today};
        struct gl_error err = {0};
        if (o->xlsx) {
                int n = 0;
                if (case_xlsx_export(app, who, &q, o->xlsx, &n, &err) != GL_OK)
                        return cli_report(&err);
                printf("已导出 %d 个案件 (cases written) %s\n", n, o->xlsx);
                return EXIT_OK;
        }
        struct list_ctx l = {app, o->json ? json_array() : NULL};
        int rc = app_case_list(app, who, &q, list_row, &l, &err);
        if (rc != GL_OK) {
                json_decref(l.items);
                return cli_report(&err);
        }
        if (l.items)
                print_json(l.items);
        json_decref(l.items);
        return EXIT_OK;
}

/* --- show */

static const char *text(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s ? s : "";
}

/* Who acted: the user name as recorded, with the display name after it when the user has one
 * ("xianju 王建国"); into buf. */
static const char *person(json_t *o, const char *key, const char *name_key, char *buf, size_t size)
{
        const char *name = text(o, name_key);
        snprintf(buf, size, "%s%s%s", text(o, key), name[0] ? " " : "", name);
        return buf;
}

static void print_deadline(json_t *d)
{
        printf("  %s  %s  %s  原定 %s  现为 %s", text(d, "kind"), text(d, "label"),
               text(d, "status"), text(d, "original_due"), text(d, "due"));
        if (json_is_true(json_object_get(d, "provisional"))) {
                if (strcmp(text(d, "latest_due"), text(d, "due")) > 0)
                        printf("  暂定，最迟 %s (provisional, latest %s)", text(d, "latest_due"),
                               text(d, "latest_due"));
                else
                        printf("  暂定 (provisional)");
        }
        json_t *left = json_object_get(d, "working_days_left");
        if (json_is_integer(left)) {
                long long n = json_integer_value(left);
                if (json_is_true(json_object_get(d, "overdue")))
                        printf("  已逾期 %lld 个工作日 (overdue)", -n);
                else
                        printf("  剩余 %lld 个工作日 (working days left)", n);
        }
        printf("\n");
}

static void print_offer(json_t *a)
{
        printf("  %s  %s", text(a, "name"), text(a, "label"));
        const char *reason = text(a, "reason");
        if (strcmp(reason, "none") != 0)
                printf("  理由%s: %s", strcmp(reason, "required") == 0 ? "(必填)" : "(可选)",
                       text(a, "reason_label"));
        long long min = json_integer_value(json_object_get(a, "documents_min"));
        if (min > 0)
                printf("  材料至少 %lld 份", min);
        printf("\n");
        size_t k;
        json_t *m;
        json_array_foreach(json_object_get(a, "materials"), k, m)
        {
                printf("      --document %s=FILE%s\n", text(m, "name"),
                       json_is_true(json_object_get(m, "required")) ? "  必需 (required)" : "");
        }
        size_t i;
        json_t *f;
        json_array_foreach(json_object_get(a, "fields"), i, f)
        {
                const char *type = text(f, "type");
                printf("      --field %s=  %s  %s%s\n", text(f, "name"), text(f, "label"),
                       strcmp(type, "boolean") == 0 ? "yes|no" : type,
                       json_is_true(json_object_get(f, "required")) ? "  必填 (required)" : "");
                size_t o;
                json_t *opt;
                json_array_foreach(json_object_get(f, "options"), o, opt)
                {
                        printf("          %s  %s\n", text(opt, "value"), text(opt, "label"));
                }
        }
}

static void print_view(json_t *v)
{
        json_t *c = json_object_get(v, "case");
        printf("案件 (case) %lld  %s %s\n", json_integer_value(json_object_get(c, "id")),
               text(c, "procedure"), text(c, "procedure_label"));
        if (text(c, "uscc")[0])
                printf("当事人 (party): %s  %s\n", text(c, "uscc"), text(c, "party_name"));
        else
                printf("当事人 (party): %s\n", text(c, "subject_name"));
        printf("状态 (state): %s  %s\n", text(c, "state"), text(c, "state_label"));
        printf("版本 (version): %lld\n", json_integer_value(json_object_get(c, "version")));
        printf("更新 (updated): %s\n", text(c, "updated_at"));
        size_t i;
        json_t *x;
        printf("期限 (deadlines):\n");
        json_array_foreach(json_object_get(v, "deadlines"), i, x) print_deadline(x);
        printf("可办理 (offers):\n");
        json_array_foreach(json_object_get(v, "offers"), i, x) print_offer(x);
        printf("办理步骤 (steps):\n");
        json_array_foreach(json_object_get(v, "steps"), i, x)
        {
                char who[256];
                printf("  %s  %-18s %s → %s  %s (%s)  %s\n", text(x, "on"), text(x, "action"),
                       text(x, "from"), text(x, "to"),
                       person(x, "actor", "actor_name", who, sizeof(who)), text(x, "role"),
                       text(x, "reason"));
        }
        printf("材料 (documents):\n");
        json_array_foreach(json_object_get(v, "documents"), i, x)
        {
                printf("  #%lld  %s  %s  %lld 字节  blake2b:%s\n",
                       json_integer_value(json_object_get(x, "id")), text(x, "name"),
                       text(x, "file_name"), json_integer_value(json_object_get(x, "size")),
                       text(x, "digest"));
        }
        printf("审核记录 (reviews):\n");
        json_array_foreach(json_object_get(v, "reviews"), i, x)
        {
                char who[256];
                printf("  %s  %s %s  %s (%s)  %s\n", text(x, "on"), text(x, "kind"),
                       text(x, "outcome"),
                       person(x, "reviewed_by", "reviewed_by_name", who, sizeof(who)),
                       text(x, "role"), text(x, "findings"));
        }
}

static int show(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct gl_error err = {0};
        json_t *v = case_json_read(app, who, id, o->common.today, &err);
        if (v == NULL)
                return cli_report(&err);
        if (o->json)
                print_json(v);
        else
                print_view(v);
        json_decref(v);
        return EXIT_OK;
}

/* --- open and step */

static struct case_step_input step_input(const struct options *o, const char *action)
{
        return (struct case_step_input){.action = action,
                                        .reason = o->reason,
                                        .fields = o->fields,
                                        .nfields = o->nfields,
                                        .docs = o->docs.items,
                                        .ndocs = o->docs.n,
                                        .expected_version = o->common.expect_version,
                                        .today = o->common.today};
}

static int open_case(struct app *app, const struct actor *who, const struct options *o)
{
        struct case_step_input in = step_input(o, o->positional[1]);
        const char *uscc = o->uscc;
        struct gl_error err = {0};
        int64_t id = 0;
        if (app_case_open(app, who, o->positional[0], uscc, &in, &id, &err) != GL_OK)
                return cli_report(&err);
        printf("%lld\n", (long long)id);
        return EXIT_OK;
}

static int step(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct case_step_input in = step_input(o, o->positional[1]);
        struct gl_error err = {0};
        if (app_case_step(app, who, id, &in, &err) != GL_OK)
                return cli_report(&err);
        struct case_view v;
        if (app_case_get(app, who, id, o->common.today, &v, &err) != GL_OK)
                return cli_report(&err);
        printf("%s\n", v.row.state);
        app_case_view_free(&v);
        return EXIT_OK;
}

/* --- procedures */

static void print_procedure(json_t *p)
{
        size_t i;
        json_t *x;
        printf("%s  %s (measure %lld)\n", text(p, "name"), text(p, "label"),
               json_integer_value(json_object_get(p, "measure")));
        printf("  状态 (states):");
        json_array_foreach(json_object_get(p, "states"), i, x) printf(
            " %s%s", text(x, "name"), json_is_true(json_object_get(x, "open")) ? "" : "(终)");
        printf("\n  操作 (actions):");
        json_array_foreach(json_object_get(p, "actions"), i, x) printf(" %s", text(x, "name"));
        printf("\n  期限 (deadlines):");
        json_array_foreach(json_object_get(p, "deadlines"), i, x)
            printf(" %s(%s, %s)", text(x, "kind"), text(x, "rule"), text(x, "on_expiry"));
        printf("\n  可开启 (you may open):");
        json_t *opens = json_object_get(p, "opens");
        json_array_foreach(opens, i, x) printf(" %s", text(x, "name"));
        printf("%s\n", json_array_size(opens) ? "" : " —");
}

static int procedures(struct app *app, const struct actor *who, const struct options *o)
{
        gl_date today = o->common.today == GL_DATE_NONE ? app_today_local() : o->common.today;
        json_t *items = case_json_procedures(app, who, today), *one;
        size_t i;
        if (items == NULL)
                return EXIT_FAIL;
        if (o->json)
                print_json(items);
        else
                json_array_foreach(items, i, one) print_procedure(one);
        json_decref(items);
        return EXIT_OK;
}

/* --- work */

struct work_ctx {
        json_t *items; /* with --json */
        int count;
};

static int print_work(const struct case_view *v, void *p)
{
        struct work_ctx *w = p;
        json_t *o = case_json_work(v);
        if (o == NULL)
                return GL_ENOMEM;
        w->count++;
        if (w->items) {
                json_array_append_new(w->items, o);
                return 0;
        }
        json_t *c = json_object_get(o, "case"), *d = json_object_get(o, "next_deadline"), *x;
        size_t i;
        if (json_is_object(d)) {
                long long left = json_integer_value(json_object_get(d, "working_days_left"));
                printf("%s\t%s %lld 个工作日\t", text(d, "due"),
                       json_is_true(json_object_get(d, "overdue")) ? "已超期" : "剩余",
                       left < 0 ? -left : left);
        } else {
                printf("—\t—\t");
        }
        printf("%lld\t%s\t%s\t%s\t", json_integer_value(json_object_get(c, "id")),
               text(c, "procedure"),
               text(c, "uscc")[0] ? text(c, "party_name") : text(c, "subject_name"),
               text(c, "state_label"));
        json_array_foreach(json_object_get(o, "offers"), i, x)
            printf("%s%s", i ? "," : "", text(x, "name"));
        printf("\n");
        json_decref(o);
        return 0;
}

static int work(struct app *app, const struct actor *who, const struct options *o)
{
        gl_date today = o->common.today == GL_DATE_NONE ? app_today_local() : o->common.today;
        struct work_ctx w = {o->json ? json_array() : NULL, 0};
        struct gl_error err = {0};
        if (app_case_work(app, who, today, print_work, &w, &err) != GL_OK) {
                json_decref(w.items);
                return cli_report(&err);
        }
        if (w.items)
                print_json(w.items);
        else if (w.count == 0)
                printf("没有待办事项 (nothing waits for you)\n");
        json_decref(w.items);
        return EXIT_OK;
}

static int run(struct app *app, const char *form, const struct options *o, const struct actor *who)
{
        if (strcmp(form, "work") == 0)
                return work(app, who, o);
        if (strcmp(form, "list") == 0)
                return list(app, who, o);
        if (strcmp(form, "procedures") == 0)
                return procedures(app, who, o);
        if (strcmp(form, "open") == 0)
                return open_case(app, who, o);
        int64_t id = 0;
        if (parse_id(o->positional[0], &id) != EXIT_OK)
                return EXIT_USAGE;
        if (strcmp(form, "show") == 0)
                return show(app, who, id, o);
        return step(app, who, id, o);
}

int cmd_case(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        struct options *o = calloc(1, sizeof(*o));
        if (o == NULL)
                return EXIT_FAIL;
        o->common.today = GL_DATE_NONE;
        int rc = parse(argc, argv, o);
        if (rc == EXIT_OK)
                rc = check_form(argv[1], o);
        int64_t id = 0;
        if (rc == EXIT_OK && strcmp(argv[1], "show") == 0)
                rc = parse_id(o->positional[0], &id);
        if (rc == EXIT_OK && strcmp(argv[1], "step") == 0)
                rc = parse_id(o->positional[0], &id);
        struct app *app = NULL;
        if (rc == EXIT_OK)
                rc = cli_open_app(ctx, &app);
        struct actor who;
        if (rc == EXIT_OK)
                rc = cli_procedure_actor(app, &o->common, &who);
        if (rc == EXIT_OK)
                rc = run(app, argv[1], o, &who);
        app_close(app);
        options_free(o);
        return rc;
}

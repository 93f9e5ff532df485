/*
 * `greenlane control …`: measure 3's control measures (管控措施) and the three bans (三个禁用).
 * `propose` records a control measure on an enterprise (USCC) or a construction site (--site ID)
 * and prints its id (exit 0); when the bans forbid it, it records nothing, prints on stderr why —
 * the measure, the clause, what would allow it — and exits 1. A measure allowed only for a major
 * environmental risk (--major-risk with --document evidence) is recorded awaiting the leader's
 * approval. `check` says the same without recording (exit 1 when refused). `approve` and `refuse`
 * are the leader's, `lift` the officer's, each a name for the engine's step of procedure
 * m3.control, printing the state that follows. `list` and `show` print what the reader may see;
 * --json prints the shapes of io/control_json.h, the same as /api/v1/controls. The shared options
 * --today, --as and --expect-version are cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"
#include "../app/control.h"
#include "../core/policy.h"
#include "../io/control_json.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "control"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

struct options {
        struct cli_procedure_options common;
        struct cli_documents docs;
        bool json;
        const char *site, *kind, *other_kind, *from, *to, *reason, *malicious_case, *major_risk,
            *state;
        const char *positional;
        int npositional;
};

static const struct {
        const char *name;
        size_t offset;
} texts[] = {
    {"--site", offsetof(struct options, site)},
    {"--kind", offsetof(struct options, kind)},
    {"--other-kind", offsetof(struct options, other_kind)},
    {"--from", offsetof(struct options, from)},
    {"--to", offsetof(struct options, to)},
    {"--reason", offsetof(struct options, reason)},
    {"--malicious-case", offsetof(struct options, malicious_case)},
    {"--major-risk", offsetof(struct options, major_risk)},
    {"--state", offsetof(struct options, state)},
};

static const char **slot_of(struct options *o, const char *a)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(texts); i++)
                if (strcmp(texts[i].name, a) == 0)
                        return (const char **)((char *)o + texts[i].offset);
        return NULL;
}

/* Which options each form takes (besides --today and --as), and how many positionals. */
static const struct {
        const char *form;
        int min, max;
        const char *takes;
} forms[] = {
    {"propose", 0, 1,
     "--site --kind --other-kind --from --to --reason --malicious-case --major-risk --document"},
    {"check", 0, 1,
     "--site --kind --other-kind --from --to --malicious-case --major-risk --document --json"},
    {"approve", 1, 1, "--reason --expect-version"},
    {"refuse", 1, 1, "--reason --expect-version"},
    {"lift", 1, 1, "--reason --expect-version"},
    {"list", 0, 0, "--state --json"},
    {"show", 1, 1, "--json"},
};

static int parse(int argc, char **argv, const char *form, struct options *o)
{
        size_t f = 0;
        while (f < GL_ARRAY_LEN(forms) && strcmp(forms[f].form, form) != 0)
                f++;
        if (f == GL_ARRAY_LEN(forms))
                return usage("未知子命令 (unknown subcommand) %s", form);
        for (int i = 2; i < argc; i++) {
                const char *a = argv[i];
                if (strcmp(a, "--expect-version") == 0 && !cli_option_in(forms[f].takes, a))
                        return usage("%s 不接受该参数 (does not take this option)", a);
                int used = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0)
                        continue;
                const char **slot = slot_of(o, a);
                bool doc = strcmp(a, "--document") == 0;
                if ((slot || doc) && !cli_option_in(forms[f].takes, a))
                        return usage("%s 不接受该参数 (does not take this option)", a);
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
                        if (!cli_option_in(forms[f].takes, a))
                                return usage("%s 不接受 --json (takes no --json)", form);
                        o->json = true;
                } else if (a[0] == '-' && a[1] != '\0') {
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                } else if (o->npositional < forms[f].max) {
                        o->positional = a;
                        o->npositional++;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
        }
        if (o->npositional < forms[f].min)
                return usage("%s 需要一个参数 (takes one argument)", form);
        return EXIT_OK;
}

static int parse_id(const char *text, const char *option, int64_t *id)
{
        char *end = NULL;
        errno = 0;
        long long v = strtoll(text, &end, 10);
        if (text[0] == '\0' || *end != '\0' || v <= 0 || errno == ERANGE)
                return usage("%s: 不是编号 (not a number)", option);
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

/* ---- propose and check ---- */

static void print_lines(FILE *out, const struct m3_decision *d)
{
        for (size_t i = 0; i < d->nlines; i++)
                fprintf(out, "  %s\n", d->lines[i]);
}

static int propose_or_check(struct app *app, const struct actor *who, bool check,
                            const struct options *o)
{
        int64_t site = 0, mcase = 0;
        if (o->site && parse_id(o->site, "--site", &site) != EXIT_OK)
                return EXIT_USAGE;
        if (o->malicious_case && parse_id(o->malicious_case, "--malicious-case", &mcase) != EXIT_OK)
                return EXIT_USAGE;
        struct control_proposal p = {.uscc = o->positional,
                                     .site_id = site,
                                     .kind = o->kind,
                                     .other_kind = o->other_kind,
                                     .from = o->from,
                                     .to = o->to,
                                     .reason = o->reason,
                                     .malicious_case = mcase,
                                     .major_risk = o->major_risk,
                                     .docs = o->docs.items,
                                     .ndocs = o->docs.n,
                                     .today = o->common.today};
        struct m3_decision *d = calloc(1, sizeof(*d));
        if (d == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        struct gl_error err = {0};
        int rc;
        if (check) {
                rc = app_control_check(app, who, &p, d, &err);
                if (rc == GL_OK && o->json) {
                        print_json(control_json_decision(d));
                } else if (rc == GL_OK) {
                        printf("%s\n", m3_outcome_name(d->outcome));
                        print_lines(stdout, d);
                }
                rc = rc != GL_OK                ? cli_report(&err)
                     : d->outcome == M3_REFUSED ? EXIT_FAIL
                                                : EXIT_OK;
                free(d);
                return rc;
        }
        int64_t id = 0;
        rc = app_control_propose(app, who, &p, &id, d, &err);
        if (rc == GL_OK) {
                printf("%lld\n", (long long)id);
        } else if (rc == GL_ESTATE && d->nlines > 0 && d->outcome == M3_REFUSED) {
                fprintf(stderr,
                        "greenlane: 措施三“三个禁用”不允许该管控措施，未记录 (refused by the three "
                        "bans; nothing recorded):\n");
                print_lines(stderr, d);
        } else {
                cli_report(&err);
        }
        free(d);
        return rc == GL_OK ? EXIT_OK : EXIT_FAIL;
}

/* ---- the other steps ---- */

static int step(struct app *app, const struct actor *who, const char *action, int64_t id,
                const struct options *o)
{
        struct case_step_input in = {.action = action,
                                     .reason = o->reason,
                                     .expected_version = o->common.expect_version,
                                     .today = o->common.today};
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

/* ---- reads ---- */

/* A listing: each control in the words of its county's pack's procedure. */
struct list_ctx {
        struct app *app;
        gl_date today;
        json_t *items; /* with --json */
};

static const char *text(json_t *o, const char *key)
{
        const char *s = json_string_value(json_object_get(o, key));
        return s ? s : "";
}

static int list_row(const struct m3_control_row *r, void *p)
{
        struct list_ctx *l = p;
        json_t *o = control_json_row(
            l->app, r, procedure_find(app_pack_for(l->app, r->division), r->procedure), l->today);
        if (o == NULL)
                return GL_ENOMEM;
        if (l->items) {
                json_array_append_new(l->items, o);
                return 0;
        }
        char site[32] = "";
        if (r->m.site_id > 0)
                snprintf(site, sizeof(site), "工地 %lld", (long long)r->m.site_id);
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", (long long)r->case_id,
               site[0] ? site : r->m.uscc, r->m.unit_name, text(o, "kind_label"), text(o, "from"),
               text(o, "to"), r->state, text(o, "phase_label"),
               r->m.exception[0] ? r->m.exception : "—", text(o, "other_label"));
        json_decref(o);
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct options *o)
{
        struct list_ctx l = {app, o->common.today, o->json ? json_array() : NULL};
        struct gl_error err = {0};
        if (app_control_list(app, who, o->state, list_row, &l, &err) != GL_OK) {
                json_decref(l.items);
                return cli_report(&err);
        }
        if (l.items)
                print_json(l.items);
        return EXIT_OK;
}

static void print_control(json_t *o)
{
        json_t *u = json_object_get(o, "unit");
        printf("管控措施 (control measure) %lld\n",
               (long long)json_integer_value(json_object_get(o, "id")));
        if (strcmp(text(u, "kind"), "site") == 0)
                printf("施工工地 (site): %lld  %s  %s  建设单位 %s\n",
                       (long long)json_integer_value(json_object_get(u, "site")), text(u, "name"),
                       text(u, "township"), text(u, "uscc"));
        else
                printf("企业 (enterprise): %s  %s  %s\n", text(u, "uscc"), text(u, "name"),
                       text(u, "township"));
        printf("管控手段 (kind): %s  %s%s%s\n", text(o, "kind"), text(o, "kind_label"),
               text(o, "other_label")[0] ? "：" : "", text(o, "other_label"));
        printf("管控期间 (term): %s 至 %s\n", text(o, "from"), text(o, "to"));
        printf("状态 (state): %s  %s；%s\n", text(o, "state"), text(o, "state_label"),
               text(o, "phase_label"));
        printf("管控理由 (reason): %s\n", text(o, "reason"));
        json_t *d = json_object_get(o, "decision");
        printf("“三个禁用”核对 (the bans): %s  %s%s%s\n", text(d, "outcome"), text(d, "ground"),
               text(d, "exception")[0] ? "  例外 " : "", text(d, "exception"));
        size_t i;
        json_t *line;
        json_array_foreach(json_object_get(d, "explanation"), i, line)
            printf("  %s\n", json_string_value(line));
        if (!json_is_null(json_object_get(o, "malicious_case")))
                printf("恶意违法案件 (malicious case): %lld  %s\n",
                       (long long)json_integer_value(json_object_get(o, "malicious_case")),
                       text(o, "malicious_case_number"));
        if (text(o, "major_risk")[0])
                printf("重大环境风险隐患 (major risk): %s\n", text(o, "major_risk"));
        printf("提出 (proposed): %s  %s\n", text(o, "proposed_by"), text(o, "proposed_on"));
        if (!json_is_null(json_object_get(o, "decided_on")))
                printf("领导决定 (decided): %s  %s  %s\n", text(o, "decided_by"),
                       text(o, "decided_on"), text(o, "decision_reason"));
        if (!json_is_null(json_object_get(o, "effective_from")))
                printf("生效 (in force from): %s\n", text(o, "effective_from"));
        if (!json_is_null(json_object_get(o, "lifted_on")))
                printf("解除 (lifted): %s  %s  %s\n", text(o, "lifted_by"), text(o, "lifted_on"),
                       text(o, "lift_reason"));
        if (!json_is_null(json_object_get(o, "finished_on")))
                printf("办结 (closed): %s\n", text(o, "finished_on"));
}

static int show(struct app *app, const struct actor *who, int64_t id, const struct options *o)
{
        struct control_record r;
        struct gl_error err = {0};
        if (app_control_get(app, who, id, o->common.today, &r, &err) != GL_OK)
                return cli_report(&err);
        json_t *j = control_json(&r);
        app_control_record_free(&r);
        if (j == NULL)
                return cli_report(&(struct gl_error){GL_ENOMEM, "", "out of memory"});
        if (o->json) {
                print_json(j);
                return EXIT_OK;
        }
        print_control(j);
        json_decref(j);
        return EXIT_OK;
}

int cmd_control(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return usage("缺少子命令 (missing subcommand)%s", "");
        const char *form = argv[1];
        struct options o = {.common.today = GL_DATE_NONE};
        int rc = parse(argc, argv, form, &o);
        int64_t id = 0;
        bool with_id = strcmp(form, "approve") == 0 || strcmp(form, "refuse") == 0 ||
                       strcmp(form, "lift") == 0 || strcmp(form, "show") == 0;
        if (rc == EXIT_OK && with_id && parse_id(o.positional, "ID", &id) != EXIT_OK)
                rc = EXIT_USAGE;
        struct app *app = NULL;
        if (rc == EXIT_OK)
                rc = cli_open_app(ctx, &app);
        struct actor who;
        if (rc == EXIT_OK)
                rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK) {
                if (strcmp(form, "propose") == 0 || strcmp(form, "check") == 0)
                        rc = propose_or_check(app, &who, strcmp(form, "check") == 0, &o);
                else if (strcmp(form, "list") == 0)
                        rc = list(app, &who, &o);
                else if (strcmp(form, "show") == 0)
                        rc = show(app, &who, id, &o);
                else
                        rc = step(app, &who, form, id, &o);
        }
        app_close(app);
        cli_documents_free(&o.docs);
        return rc;
}

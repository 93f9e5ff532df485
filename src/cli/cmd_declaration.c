/*
 * `greenlane declaration ...`: the measure-1 procedure at the command line. Each form parses its
 * arguments, calls one app/declaration.h use case and prints what happened; `show` prints every
 * step with the deadlines, the working days left and the tax flag; `pdf` writes the printed
 * declaration form (io/declaration_pdf.h) to the file of --out, which exists only when it is whole.
 * `--today DATE` sets the business day (default: the local date from the clock); `--expect-version
 * N` refuses the step when the declaration changed since version N was read. Without `--as USER`
 * the command acts as the system actor.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/declaration.h"
#include "../app/enterprise.h"
#include "../core/calendar.h"
#include "../io/declaration_pdf.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#define NAME "declaration"

static int usage(const char *fmt, const char *arg)
{
        return cli_usage_error(NAME, fmt, arg ? arg : "");
}

static int parse_id(const char *text, int64_t *id)
{
        char *end = NULL;
        long long v = strtoll(text, &end, 10);
        if (text[0] == '\0' || *end != '\0' || v <= 0)
                return usage("ID: '%s' 不是申报编号 (not a declaration id)", text);
        *id = v;
        return EXIT_OK;
}

/* The options every form shares, and the documents and text options of some. */
struct options {
        struct cli_procedure_options common;
        struct cli_documents docs;
        int year;
        const char *grade_sought;
        const char *reason;
        const char *state;
        const char *uscc;
        const char *out; /* pdf: --out FILE */
        bool approve, return_, preliminary, site, provisional, reject;
        const char *positional[2];
        int npositional;
};

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
                if (strcmp(a, "--document") == 0 && has_value) {
                        int rc = cli_documents_add(NAME, &o->docs, argv[++i]);
                        if (rc != EXIT_OK)
                                return rc;
                } else if (strcmp(a, "--year") == 0 && has_value) {
                        char *end;
                        long y = strtol(argv[++i], &end, 10);
                        if (*end || y < 2000 || y > 9999)
                                return usage("--year: '%s' 不是年度 (not a year)", argv[i]);
                        o->year = (int)y;
                } else if (strcmp(a, "--grade-sought") == 0 && has_value) {
                        o->grade_sought = argv[++i];
                } else if ((strcmp(a, "--reason") == 0 || strcmp(a, "--findings") == 0 ||
                            strcmp(a, "--note") == 0) &&
                           has_value) {
                        o->reason = argv[++i];
                } else if (strcmp(a, "--state") == 0 && has_value) {
                        o->state = argv[++i];
                } else if (strcmp(a, "--uscc") == 0 && has_value) {
                        o->uscc = argv[++i];
                } else if (strcmp(a, "--out") == 0 && has_value) {
                        o->out = argv[++i];
                } else if (strcmp(a, "--approve") == 0) {
                        o->approve = true;
                } else if (strcmp(a, "--return") == 0) {
                        o->return_ = true;
                } else if (strcmp(a, "--preliminary") == 0) {
                        o->preliminary = true;
                } else if (strcmp(a, "--site") == 0) {
                        o->site = true;
                } else if (strcmp(a, "--provisional") == 0) {
                        o->provisional = true;
                } else if (strcmp(a, "--reject") == 0) {
                        o->reject = true;
                } else if (a[0] == '-') {
                        return usage("未知参数或缺少取值 (unknown option or missing value) %s", a);
                } else if (o->npositional < 2) {
                        o->positional[o->npositional++] = a;
                } else {
                        return usage("多余的参数 (extra argument) %s", a);
                }
        }
        return EXIT_OK;
}

static void print_date_field(const char *label, gl_date d)
{
        char iso[11];
        if (d != GL_DATE_NONE)
                printf("%s: %s\n", label, date_format_iso(d, iso));
}

/* "剩余 N 个工作日" or "已逾期 N 个工作日". */
static void print_days_left(struct app *app, gl_date today, gl_date due)
{
        int left = calendar_working_days_between(app_calendar(app), today, due, NULL);
        if (today > due)
                printf("（已逾期 %d 个工作日 overdue）", -left);
        else
                printf("（剩余 %d 个工作日 working days left）", left);
}

static int print_step(const struct case_step_record *s, void *ctx)
{
        (void)ctx;
        char day[11];
        printf("  %s  %-18s %s → %s  %s (%s)%s%s\n", date_format_iso(s->on_date, day), s->action,
               s->from_state, s->to_state, s->actor, s->actor_role, s->reason[0] ? "  " : "",
               s->reason);
        return 0;
}

static int print_review(const struct case_review *r, void *ctx)
{
        (void)ctx;
        char day[11];
        const char *kind = strcmp(r->kind, "county") == 0        ? "县分局审核"
                           : strcmp(r->kind, "preliminary") == 0 ? "专家组初审"
                                                                 : "现场核查";
        printf("  %s  %s%s%s  %s (%s)  %s\n", date_format_iso(r->reviewed_on, day), kind,
               r->outcome[0] ? " " : "", r->outcome, r->reviewed_by, r->reviewer_role, r->findings);
        return 0;
}

static int print_document(const struct case_document *d, void *ctx)
{
        (void)ctx;
        printf("  #%lld  %s  %s  %lld 字节  blake2b:%s\n", (long long)d->id, d->name, d->file_name,
               (long long)d->size, d->digest);
        return 0;
}

static int print_grade(const struct grade_change *g, void *ctx)
{
        const int64_t *id = ctx;
        if (g->case_id != *id)
                return 0;
        char day[11], due[11] = "";
        if (g->grace_deadline != GL_DATE_NONE)
                date_format_iso(g->grace_deadline, due);
        printf("  %s  %-11s %s → %s  %s%s%s  %s\n", date_format_iso(g->on_date, day), g->kind,
               g->from_grade[0] ? g->from_grade : "无", g->to_grade[0] ? g->to_grade : "无",
               g->decided_by, due[0] ? "  宽限至 " : "", due, g->reason);
        return 0;
}

static void print_explanation(const char *json)
{
        json_t *lines = json ? json_loads(json, 0, NULL) : NULL;
        size_t i;
        json_t *line;
        json_array_foreach(lines, i, line)
        {
                printf("  - %s\n", json_string_value(line) ? json_string_value(line) : "");
        }
        json_decref(lines);
}

static int show(struct app *app, const struct actor *who, int64_t id, gl_date today)
{
        struct declaration d;
        declaration_init(&d);
        struct gl_error err = {0};
        if (app_declaration_get(app, who, id, &d, &err) != GL_OK)
                return cli_report(&err);
        bool unconfirmed = false;
        app_declaration_tax_unconfirmed(app, &d, &unconfirmed, &err);
        printf("申报 (declaration) %lld\n", (long long)d.id);
        struct enterprise e;
        memset(&e, 0, sizeof(e));
        app_enterprise_get(app, who, d.uscc, &e, NULL);
        printf("企业 (enterprise): %s %s\n年度 (year): %d\n", d.uscc, e.name, d.year);
        printf("状态 (state): %s  %s\n", declaration_state_name(d.state),
               declaration_state_label_zh(d.state));
        printf("版本 (version): %lld\n", (long long)d.version);
        printf("等级 (grade): %s → %s\n", d.grade_from[0] ? d.grade_from : "无", d.grade_sought);
        printf("自评 (self-assessment): %s", d.tier);
        if (d.grace_months > 0)
                printf("，宽限 %d 个月", d.grace_months);
        printf("，政策包 %s 第 %d 版\n", d.pack_id, d.pack_version);
        print_explanation(d.explanation);
        printf("税收数据 (tax figures): %s\n",
               unconfirmed ? "未经县税务部门确认 (UNCONFIRMED)" : "已经县税务部门确认 (confirmed)");
        print_date_field("受理日期 (received)", d.received_on);
        if (d.county_due_on != GL_DATE_NONE) {
                char iso[11];
                printf("县分局审核期限 (county review due): %s%s",
                       date_format_iso(d.county_due_on, iso),
                       d.county_due_provisional ? " 暂定 (provisional)" : "");
                if (d.state == DECLARATION_SUBMITTED)
                        print_days_left(app, today, d.county_due_on);
                printf("\n");
        }
        print_date_field("市局决定日期 (decided)", d.decided_on);
        if (d.decision_reason)
                printf("决定理由 (decision reason): %s\n", d.decision_reason);
        if (d.grace_deadline != GL_DATE_NONE) {
                char iso[11];
                printf("宽限期至 (grace deadline): %s%s", date_format_iso(d.grace_deadline, iso),
                       d.grace_provisional ? " 暂定 (provisional)" : "");
                if (d.state == DECLARATION_PROVISIONAL)
                        print_days_left(app, today, d.grace_deadline);
                printf("\n");
        }
        print_date_field("办结日期 (closed)", d.closed_on);
        if (d.closed_reason)
                printf("办结说明 (closing note): %s\n", d.closed_reason);
        int rc = GL_OK;
        printf("材料 (documents):\n");
        rc = app_case_documents(app, who, d.id, print_document, NULL, &err);
        if (rc == GL_OK) {
                printf("审核记录 (reviews):\n");
                rc = app_case_reviews(app, who, d.id, print_review, NULL, &err);
        }
        if (rc == GL_OK) {
                printf("办理步骤 (steps):\n");
                rc = app_case_steps(app, who, d.id, print_step, NULL, &err);
        }
        if (rc == GL_OK) {
                printf("等级变更 (grade history):\n");
                rc = app_grade_history(app, who, d.uscc, print_grade, &d.id, &err);
        }
        declaration_clear(&d);
        return rc == GL_OK ? EXIT_OK : cli_report(&err);
}

/* Writes the declaration form of id, printed today, to path. */
static int write_form(struct app *app, const struct actor *who, int64_t id, const char *path,
                      gl_date today)
{
        struct declaration_record r;
        struct gl_error err = {0};
        if (app_declaration_record(app, who, id, &r, &err) != GL_OK)
                return cli_report(&err);
        struct pdf_doc *doc = NULL;
        int rc = declaration_form_pdf(&r, today, &doc, &err);
        if (rc == GL_OK)
                rc = pdf_write_file(doc, path, &err);
        if (rc == GL_OK)
                printf("已生成申报表 (form written) %s，共 %d 页\n", path, pdf_pages(doc));
        pdf_free(doc);
        pdf_release_fonts(); /* the command ends here */
        app_declaration_record_clear(&r);
        return rc == GL_OK ? EXIT_OK : cli_report(&err);
}

struct list_ctx {
        struct app *app;
};

static int print_row(const struct declaration *d, void *p)
{
        struct list_ctx *c = p;
        bool unconfirmed = false;
        app_declaration_tax_unconfirmed(c->app, d, &unconfirmed, NULL);
        char received[11] = "";
        if (d->received_on != GL_DATE_NONE)
                date_format_iso(d->received_on, received);
        printf("%lld\t%s\t%d\t%s\t%s→%s\t%s\tv%lld%s\n", (long long)d->id, d->uscc, d->year,
               declaration_state_name(d->state), d->grade_from[0] ? d->grade_from : "无",
               d->grade_sought, received, (long long)d->version,
               unconfirmed ? "\t税收数据未确认" : "");
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct options *o)
{
        struct declaration_query q = {.state = -1, .uscc = o->uscc, .year = o->year};
        if (o->state) {
                enum declaration_state s = declaration_state_from_name(o->state);
                if (s == DECLARATION_STATE_COUNT_ || s == DECLARATION_NONE)
                        return usage("--state: '%s' 不是申报状态 (not a state: submitted, "
                                     "returned, county_approved, city_reviewed, provisional, "
                                     "rejected, formal, reverted)",
                                     o->state);
                q.state = (int)s;
        }
        struct gl_error err = {0};
        struct list_ctx c = {app};
        if (app_declaration_list(app, who, &q, print_row, &c, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

static int done(int rc, const struct gl_error *err, const char *fmt, int64_t id)
{
        if (rc != GL_OK)
                return cli_report(err);
        printf(fmt, (long long)id);
        printf("\n");
        return EXIT_OK;
}

static int run(struct app *app, const char *form, struct options *o, const struct actor *who)
{
        struct gl_error err = {0};
        gl_date today = o->common.today;
        int64_t ev = o->common.expect_version;
        int64_t id = 0;
        if (strcmp(form, "list") == 0)
                return list(app, who, o);
        if (strcmp(form, "submit") == 0) {
                int rc =
                    app_declaration_submit(app, who, o->positional[0], o->year, o->grade_sought,
                                           o->docs.items, o->docs.n, today, &id, &err);
                return done(rc, &err, "已提交申报 (submitted) %lld", id);
        }
        if (parse_id(o->positional[0], &id) != EXIT_OK)
                return EXIT_USAGE;
        if (strcmp(form, "show") == 0)
                return show(app, who, id, today);
        if (strcmp(form, "pdf") == 0)
                return write_form(app, who, id, o->out, today);
        if (strcmp(form, "resubmit") == 0)
                return done(app_declaration_resubmit(app, who, id, ev, o->docs.items, o->docs.n,
                                                     today, &err),
                            &err, "已重新申报 (resubmitted) %lld", id);
        if (strcmp(form, "review") == 0)
                return done(
                    app_declaration_review(app, who, id, ev, o->approve, o->reason, today, &err),
                    &err,
                    o->approve ? "县分局审核通过，已报市局 (approved) %lld"
                               : "已退回 (returned) %lld",
                    id);
        if (strcmp(form, "city-review") == 0)
                return done(
                    app_declaration_city_review(app, who, id, ev, o->site, o->reason, today, &err),
                    &err,
                    o->site ? "已记录现场核查 (site verification recorded) %lld"
                            : "已记录初审 (preliminary review recorded) %lld",
                    id);
        if (strcmp(form, "decide") == 0)
                return done(app_declaration_decide(app, who, id, ev, o->provisional, o->reason,
                                                   today, &err),
                            &err,
                            o->provisional ? "已决定暂按高一级别管理 (provisional) %lld"
                                           : "已决定不予晋级 (rejected) %lld",
                            id);
        return done(app_declaration_indicators_met(app, who, id, ev, o->reason, today, &err), &err,
                    "已确认指标达标，正式晋级 (formal) %lld", id);
}

/* Checks that a form has what it needs before the database is opened. */
static int check_form(const char *form, const struct options *o)
{
        static const char *const forms[] = {"submit",      "resubmit", "list",
                                            "show",        "pdf",      "review",
                                            "city-review", "decide",   "indicators-met"};
        bool known = false;
        for (size_t i = 0; i < GL_ARRAY_LEN(forms); i++)
                known = known || strcmp(form, forms[i]) == 0;
        if (!known)
                return usage("未知子命令 (unknown subcommand) %s", form);
        bool is_list = strcmp(form, "list") == 0;
        if (!is_list && o->npositional != 1)
                return usage("%s 需要一个参数 (takes one argument: USCC or ID)", form);
        if (is_list && o->npositional != 0)
                return usage("list 不接受位置参数 (takes no positional argument)%s", "");
        if (strcmp(form, "submit") == 0 && (o->year == 0 || o->grade_sought == NULL))
                return usage("submit 需要 --year 和 --grade-sought (needs --year and "
                             "--grade-sought)%s",
                             "");
        if (strcmp(form, "submit") == 0 && o->docs.n == 0)
                return usage("submit 需要至少一个 --document NAME=FILE (needs a document)%s", "");
        if (strcmp(form, "pdf") == 0 && (o->out == NULL || o->out[0] == '\0'))
                return usage("pdf 需要 --out FILE (needs --out FILE)%s", "");
        if (strcmp(form, "review") == 0 && o->approve == o->return_)
                return usage("review 需要 --approve 或 --return 之一 (one of --approve, "
                             "--return)%s",
                             "");
        if (strcmp(form, "city-review") == 0 && o->preliminary == o->site)
                return usage("city-review 需要 --preliminary 或 --site 之一 (one of "
                             "--preliminary, --site)%s",
                             "");
        if (strcmp(form, "decide") == 0 && o->provisional == o->reject)
                return usage("decide 需要 --provisional 或 --reject 之一 (one of --provisional, "
                             "--reject)%s",
                             "");
        return EXIT_OK;
}

int cmd_declaration(struct cli_ctx *ctx, int argc, char **argv)
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
        struct app *app = NULL;
        if (rc == EXIT_OK)
                rc = cli_open_app(ctx, &app);
        struct actor who;
        if (rc == EXIT_OK)
                rc = cli_procedure_actor(app, &o->common, &who);
        if (rc == EXIT_OK)
                rc = run(app, argv[1], o, &who);
        app_close(app);
        cli_documents_free(&o->docs);
        free(o);
        return rc;
}

/*
 * `greenlane ledger …`: measure 7's double-entry ledger of discharge rights (app/ledger.h). Writes
 * go through app/ledger.c in one transaction each (a batch in one for all its rows); --json prints
 * the shapes of io/ledger_json.h. The shared options --today and --as are cli_procedure.h's.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/ledger.h"
#include "../io/ledger_json.h"

#include <jansson.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NAME "ledger"

struct options {
        struct cli_procedure_options common;
        bool json;
        const char *client_id, *pollutant, *from, *to, *grams, *kind, *day, *note, *price, *method,
            *seller, *buyer, *project, *reason, *pledgee, *account, *state, *year;
        const char *positional[2];
        int npositional;
};

static const struct {
        const char *name;
        size_t offset;
} texts[] = {
    {"--client-id", offsetof(struct options, client_id)},
    {"--pollutant", offsetof(struct options, pollutant)},
    {"--from", offsetof(struct options, from)},
    {"--to", offsetof(struct options, to)},
    {"--grams", offsetof(struct options, grams)},
    {"--kind", offsetof(struct options, kind)},
    {"--day", offsetof(struct options, day)},
    {"--note", offsetof(struct options, note)},
    {"--price-fen", offsetof(struct options, price)},
    {"--method", offsetof(struct options, method)},
    {"--seller", offsetof(struct options, seller)},
    {"--buyer", offsetof(struct options, buyer)},
    {"--project", offsetof(struct options, project)},
    {"--reason", offsetof(struct options, reason)},
    {"--pledgee", offsetof(struct options, pledgee)},
    {"--account", offsetof(struct options, account)},
    {"--state", offsetof(struct options, state)},
    {"--year", offsetof(struct options, year)},
};

static int parse(int argc, char **argv, struct options *o)
{
        for (int i = 2; i < argc; i++) {
                const char *a = argv[i];
                int r = cli_procedure_option(NAME, argc, argv, &i, &o->common);
                if (r < 0)
                        return EXIT_USAGE;
                if (r > 0)
                        continue;
                if (strcmp(a, "--json") == 0) {
                        o->json = true;
                        continue;
                }
                bool done = false;
                for (size_t k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
                        if (strcmp(a, texts[k].name) != 0)
                                continue;
                        if (i + 1 >= argc)
                                return cli_usage_error(NAME, "%s 缺少值 (missing value)", a);
                        *(const char **)((char *)o + texts[k].offset) = argv[++i];
                        done = true;
                }
                if (done)
                        continue;
                if (a[0] == '-' && a[1] == '-')
                        return cli_usage_error(NAME, "未知选项 %s (unknown option)", a);
                if (o->npositional >= 2)
                        return cli_usage_error(NAME, "多余的参数 %s (extra argument)", a);
                o->positional[o->npositional++] = a;
        }
        return EXIT_OK;
}

static int64_t num(const char *s, int64_t none)
{
        if (s == NULL || *s == '\0')
                return none;
        char *end;
        long long v = strtoll(s, &end, 10);
        return *end == '\0' ? (int64_t)v : 0;
}

static gl_date day_of(const char *s, gl_date fallback)
{
        gl_date d;
        return s != NULL && date_parse_iso(s, &d) == GL_OK ? d : fallback;
}

static void print_json(json_t *j)
{
        char *s = json_dumps(j, JSON_INDENT(2));
        if (s != NULL)
                puts(s);
        free(s);
        json_decref(j);
}

static void print_transfer(const struct ledger_transfer *t, const struct options *o)
{
        if (o->json) {
                print_json(ledger_transfer_json(t, NULL));
                return;
        }
        char d[11];
        printf("%lld\t%s\t%s\t%s\t%s\t%s\t%lld\t%s\t%s\n", (long long)t->id, t->client_id, t->kind,
               t->state, t->pollutant, t->from, (long long)t->grams, t->to,
               date_format_iso(t->day, d));
}

static int done_transfer(int rc, const struct ledger_transfer *t, const struct options *o,
                         const struct gl_error *err)
{
        if (rc != GL_OK)
                return cli_report(err);
        print_transfer(t, o);
        return EXIT_OK;
}

static int print_account(const struct ledger_account *a, void *ctx)
{
        const struct options *o = ctx;
        if (o->json) {
                print_json(ledger_account_json(a));
                return 0;
        }
        for (size_t i = 0; i < a->n_balances; i++) {
                const struct ledger_balance *b = &a->balances[i];
                printf("%s\t%s\t%lld\t%lld\t%lld\t%lld\n", a->account, b->pollutant,
                       (long long)b->balance_g, (long long)b->pending_out_g,
                       (long long)b->pledged_g, (long long)b->available_g);
        }
        return 0;
}

static int print_list_transfer(const struct ledger_transfer *t, void *ctx)
{
        print_transfer(t, ctx);
        return 0;
}

static int print_line(const struct ledger_statement_line *l, void *ctx)
{
        const struct options *o = ctx;
        if (o->json) {
                print_json(ledger_statement_line_json(l));
                return 0;
        }
        char d[11];
        printf("%s\t%lld\t%s\t%s\t%lld\t%lld\n", date_format_iso(l->day, d),
               (long long)l->transfer_id, l->kind, l->counterparty, (long long)l->grams,
               (long long)l->balance_g);
        return 0;
}

static int print_price(const struct ledger_price *p, void *ctx)
{
        const struct options *o = ctx;
        if (o->json) {
                print_json(ledger_price_json(p));
                return 0;
        }
        char d[11];
        printf("%s\t%s\t%lld\t%lld\t%lld\t%s\n", date_format_iso(p->day, d), p->pollutant,
               (long long)p->grams, (long long)p->price_fen, (long long)p->yuan_per_tonne,
               p->method);
        return 0;
}

static int print_pledge(const struct ledger_pledge *p, void *ctx)
{
        (void)ctx;
        print_json(ledger_pledge_json(p));
        return 0;
}

static int run(struct app *app, struct actor *who, const char *form, struct options *o)
{
        struct gl_error err = {0};
        struct ledger_transfer t;
        bool replayed = false;
        gl_date today = o->common.today;
        gl_date day = day_of(o->day, GL_DATE_NONE);
        int rc;
        if (strcmp(form, "transfer") == 0 || strcmp(form, "propose") == 0) {
                struct ledger_transfer_input in = {.client_id = o->client_id,
                                                   .pollutant = o->pollutant,
                                                   .from = o->from,
                                                   .to = o->to,
                                                   .grams = num(o->grams, 0),
                                                   .kind = o->kind,
                                                   .day = day != GL_DATE_NONE ? day : today,
                                                   .note = o->note,
                                                   .price_fen = num(o->price, -1),
                                                   .method = o->method};
                if (strcmp(form, "propose") == 0 && (o->kind == NULL || *o->kind == '\0'))
                        in.kind = "release";
                rc = app_ledger_transfer(app, who, &in, &t, &replayed, &err);
                return done_transfer(rc, &t, o, &err);
        }
        if (strcmp(form, "reduction") == 0) {
                rc = app_ledger_reduction(app, who, o->client_id, o->pollutant, num(o->grams, 0),
                                          o->project, day != GL_DATE_NONE ? day : today, &t,
                                          &replayed, &err);
                return done_transfer(rc, &t, o, &err);
        }
        if (strcmp(form, "trade") == 0) {
                rc = app_ledger_trade(app, who, o->client_id, o->pollutant, o->seller, o->buyer,
                                      num(o->grams, 0), num(o->price, -1), o->method,
                                      day != GL_DATE_NONE ? day : today, &t, &replayed, &err);
                return done_transfer(rc, &t, o, &err);
        }
        if (strcmp(form, "sale") == 0) {
                rc = app_ledger_sale(app, who, o->client_id, o->pollutant, o->buyer,
                                     num(o->grams, 0), num(o->price, -1),
                                     day != GL_DATE_NONE ? day : today, &t, &replayed, &err);
                return done_transfer(rc, &t, o, &err);
        }
        if (strcmp(form, "approve") == 0 || strcmp(form, "cancel") == 0) {
                if (o->npositional != 1)
                        return cli_usage_error(NAME, "缺少转移编号 ID (missing ID)%s", "");
                int64_t id = num(o->positional[0], 0);
                if (strcmp(form, "approve") == 0)
                        rc = app_ledger_approve(app, who, id, today, &t, &err);
                else
                        rc = app_ledger_cancel(app, who, id, o->reason, &t, &err);
                return done_transfer(rc, &t, o, &err);
        }
        if (strcmp(form, "expire") == 0) {
                int64_t n = 0;
                if ((rc = app_ledger_expire(app, who, today, &n, &err)) != GL_OK)
                        return cli_report(&err);
                printf("%lld\n", (long long)n);
                return EXIT_OK;
        }
        if (strcmp(form, "batch") == 0) {
                if (o->npositional != 1)
                        return cli_usage_error(NAME, "缺少文件 FILE (missing FILE)%s", "");
                int64_t n = 0;
                if ((rc = app_ledger_batch(app, who, o->positional[0], &n, &err)) != GL_OK)
                        return cli_report(&err);
                printf("%lld\n", (long long)n);
                return EXIT_OK;
        }
        if (strcmp(form, "accounts") == 0) {
                rc = app_ledger_accounts(app, who, o->kind, today, print_account, o, &err);
                return rc == GL_OK ? EXIT_OK : cli_report(&err);
        }
        if (strcmp(form, "balance") == 0) {
                struct ledger_account a;
                const char *acc = o->npositional == 1 ? o->positional[0] : o->account;
                if ((rc = app_ledger_account(app, who, acc, today, &a, &err)) != GL_OK)
                        return cli_report(&err);
                print_account(&a, o);
                return EXIT_OK;
        }
        if (strcmp(form, "statement") == 0) {
                const char *acc = o->npositional == 1 ? o->positional[0] : o->account;
                int64_t opening = 0, closing = 0;
                if (!o->json)
                        printf("# %s %s\n", acc != NULL ? acc : "",
                               o->pollutant ? o->pollutant : "");
                rc = app_ledger_statement(
                    app, who, acc, o->pollutant, day_of(o->from, GL_DATE_NONE),
                    day_of(o->to, GL_DATE_NONE), &opening, &closing, print_line, o, &err);
                if (rc != GL_OK)
                        return cli_report(&err);
                printf("opening\t%lld\nclosing\t%lld\n", (long long)opening, (long long)closing);
                return EXIT_OK;
        }
        if (strcmp(form, "transfers") == 0) {
                struct ledger_transfer_query q = {o->state, o->pollutant, o->account, 0};
                rc = app_ledger_transfers(app, who, &q, print_list_transfer, o, &err);
                return rc == GL_OK ? EXIT_OK : cli_report(&err);
        }
        if (strcmp(form, "pledge") == 0) {
                struct ledger_pledge p;
                const char *acc = o->npositional == 1 ? o->positional[0] : o->account;
                rc = app_ledger_pledge(app, who, acc, o->pollutant, num(o->grams, 0), o->pledgee,
                                       day_of(o->from, today), &p, &err);
                if (rc != GL_OK)
                        return cli_report(&err);
                if (o->json)
                        print_pledge(&p, NULL);
                else
                        printf("%lld\n", (long long)p.id);
                return EXIT_OK;
        }
        if (strcmp(form, "unpledge") == 0) {
                struct ledger_pledge p;
                if (o->npositional != 1)
                        return cli_usage_error(NAME, "缺少质押编号 ID (missing ID)%s", "");
                rc = app_ledger_unpledge(app, who, num(o->positional[0], 0), today, &p, &err);
                return rc == GL_OK ? EXIT_OK : cli_report(&err);
        }
        if (strcmp(form, "prices") == 0) {
                rc = app_ledger_prices(app, o->pollutant, (int)num(o->year, 0), print_price, o,
                                       &err);
                return rc == GL_OK ? EXIT_OK : cli_report(&err);
        }
        if (strcmp(form, "reserve") == 0) {
                struct ledger_reserve_report r;
                rc = app_ledger_reserve(app, who, day_of(o->from, GL_DATE_NONE),
                                        day_of(o->to, GL_DATE_NONE), &r, &err);
                if (rc != GL_OK)
                        return cli_report(&err);
                print_json(ledger_reserve_json(&r));
                return EXIT_OK;
        }
        if (strcmp(form, "verify") == 0) {
                struct ledger_verify_report r;
                if ((rc = app_ledger_verify(app, who, &r, &err)) != GL_OK)
                        return cli_report(&err);
                if (o->json) {
                        print_json(ledger_verify_json(&r));
                } else {
                        for (size_t i = 0; i < r.n; i++)
                                printf("%s\t%lld\t%lld\n", r.pollutants[i].pollutant,
                                       (long long)r.pollutants[i].sum_g,
                                       (long long)r.pollutants[i].accounts);
                        for (size_t i = 0; i < r.problems.n; i++)
                                fprintf(stderr, "greenlane: %s\n", r.problems.items[i]);
                        puts(r.ok ? "账本核对无误 (ledger verified)"
                                  : "账本核对有误 (ledger has problems)");
                }
                bool ok = r.ok;
                ledger_lines_free(&r.problems);
                return ok ? EXIT_OK : EXIT_FAIL;
        }
        return cli_usage_error(NAME, "未知子命令 %s (unknown subcommand)", form);
}

int cmd_ledger(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error(NAME, "缺少子命令 (missing subcommand)%s", "");
        struct options o = {0};
        o.common.today = GL_DATE_NONE;
        int rc = parse(argc, argv, &o);
        struct app *app = NULL;
        struct actor who;
        if (rc == EXIT_OK)
                rc = cli_open_app(ctx, &app);
        if (rc == EXIT_OK)
                rc = cli_procedure_actor(app, &o.common, &who);
        if (rc == EXIT_OK)
                rc = run(app, &who, argv[1], &o);
        app_close(app);
        return rc;
}

/*
 * Measure 7's ledger over HTTP (app/ledger.h; shapes of io/ledger_json.h). app/ decides who sees
 * and writes what; errors are the repository's one shape (http_reply_gl).
 */
#include "../app/ledger.h"
#include "../io/ledger_json.h"
#include "routes.h"

#include <stdio.h>
#include <string.h>

const struct http_field ledger_transfer_body[] = {
    {"client_id", HTTP_STRING, true, 1, 64, NULL},
    {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"from", HTTP_STRING, true, 1, 47, NULL},
    {"to", HTTP_STRING, true, 1, 47, NULL},
    {"grams", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"kind", HTTP_STRING, false, 0, 15, NULL},
    {"day", HTTP_DATE, false, 0, 0, NULL},
    {"note", HTTP_STRING, false, 0, 500, NULL},
    {0},
};
const struct http_field ledger_reduction_body[] = {
    {"client_id", HTTP_STRING, true, 1, 64, NULL}, {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"grams", HTTP_INT, true, 1, INT64_MAX, NULL}, {"project", HTTP_STRING, true, 1, 500, NULL},
    {"verified_on", HTTP_DATE, true, 0, 0, NULL},  {0},
};
const struct http_field ledger_trade_body[] = {
    {"client_id", HTTP_STRING, true, 1, 64, NULL},
    {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"seller", HTTP_STRING, true, 1, 47, NULL},
    {"buyer", HTTP_STRING, true, 1, 47, NULL},
    {"grams", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"price_fen", HTTP_INT, true, 0, INT64_MAX, NULL},
    {"method", HTTP_STRING, true, 1, 15, NULL},
    {"day", HTTP_DATE, false, 0, 0, NULL},
    {0},
};
const struct http_field ledger_sale_body[] = {
    {"client_id", HTTP_STRING, true, 1, 64, NULL},
    {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"buyer", HTTP_STRING, true, 1, 47, NULL},
    {"grams", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"price_fen", HTTP_INT, true, 0, INT64_MAX, NULL},
    {"day", HTTP_DATE, false, 0, 0, NULL},
    {0},
};
const struct http_field ledger_cancel_body[] = {
    {"reason", HTTP_STRING, true, 1, 500, NULL},
    {0},
};
const struct http_field ledger_pledge_body[] = {
    {"account", HTTP_STRING, true, 1, 47, NULL},   {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"grams", HTTP_INT, true, 1, INT64_MAX, NULL}, {"pledgee", HTTP_STRING, true, 1, 255, NULL},
    {"from", HTTP_DATE, false, 0, 0, NULL},        {0},
};

const struct http_field ledger_accounts_query[] = {
    {"kind", HTTP_STRING, false, 1, 15, NULL},
    {0},
};
const struct http_field ledger_statement_query[] = {
    {"pollutant", HTTP_STRING, true, 1, 7, NULL},
    {"from", HTTP_DATE, false, 0, 0, NULL},
    {"to", HTTP_DATE, false, 0, 0, NULL},
    {0},
};
const struct http_field ledger_transfers_query[] = {
    {"state", HTTP_STRING, false, 1, 11, NULL},
    {"pollutant", HTTP_STRING, false, 1, 7, NULL},
    {"account", HTTP_STRING, false, 1, 47, NULL},
    {0},
};
const struct http_field ledger_period_query[] = {
    {"from", HTTP_DATE, false, 0, 0, NULL},
    {"to", HTTP_DATE, false, 0, 0, NULL},
    {0},
};
const struct http_field ledger_prices_query[] = {
    {"pollutant", HTTP_STRING, false, 1, 7, NULL},
    {"year", HTTP_INT, false, 2000, 2100, NULL},
    {0},
};
const struct http_field ledger_empty_body[] = {
    {0},
};

static void failed(struct http_req *req, struct gl_error *err)
{
        if (err->status == GL_OK)
                gl_fail(err, GL_ENOMEM, "", "out of memory");
        http_reply_gl(req, err);
}

static int add_item(json_t *items, json_t *o)
{
        if (o == NULL || json_array_append_new(items, o) != 0)
                return GL_ENOMEM;
        return 0;
}

void handle_ledger_pollutants(struct http_req *req)
{
        const char *codes[LEDGER_POLLUTANTS_MAX];
        size_t n = 0;
        struct gl_error err = {0};
        if (app_ledger_pollutants(req->app, req->actor, app_today_local(), codes, &n, &err) !=
            GL_OK) {
                failed(req, &err);
                return;
        }
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(a, json_pack("{s:s,s:s,s:s}", "code", codes[i], "label_zh",
                                                   ledger_pollutant_label_zh(codes[i]), "label_en",
                                                   ledger_pollutant_label_en(codes[i])));
        http_reply_json(req, 200, json_pack("{s:o}", "pollutants", a));
}

static int add_account(const struct ledger_account *a, void *ctx)
{
        return add_item(ctx, ledger_account_json(a));
}

void handle_ledger_accounts(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (app_ledger_accounts(req->app, req->actor, http_query_text(req, "kind"),
                                app_today_local(), add_account, items, &err) != GL_OK) {
                json_decref(items);
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "accounts", items));
}

static int add_right(const struct ledger_right *r, void *ctx)
{
        char a[11], b[11];
        return add_item(ctx, json_pack("{s:I,s:s,s:I,s:s,s:s}", "transfer_id",
                                       (json_int_t)r->transfer_id, "pollutant", r->pollutant,
                                       "grams", (json_int_t)r->grams, "granted_on",
                                       date_format_iso(r->granted_on, a), "valid_until",
                                       date_format_iso(r->valid_until, b)));
}

static int add_pledge(const struct ledger_pledge *p, void *ctx)
{
        return add_item(ctx, ledger_pledge_json(p));
}

void handle_ledger_account(struct http_req *req)
{
        const char *account = http_param(req, "account");
        struct ledger_account a;
        struct gl_error err = {0};
        if (app_ledger_account(req->app, req->actor, account, app_today_local(), &a, &err) !=
            GL_OK) {
                failed(req, &err);
                return;
        }
        json_t *o = ledger_account_json(&a);
        json_t *rights = json_array(), *pledges = json_array();
        json_object_set_new(o, "rights", rights);
        json_object_set_new(o, "pledges", pledges);
        if (app_ledger_rights(req->app, req->actor, account, add_right, rights, &err) != GL_OK ||
            app_ledger_pledges(req->app, req->actor, account, add_pledge, pledges, &err) != GL_OK) {
                json_decref(o);
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, o);
}

static int add_line(const struct ledger_statement_line *l, void *ctx)
{
        return add_item(ctx, ledger_statement_line_json(l));
}

static json_t *date_json(gl_date d)
{
        char b[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, b));
}

void handle_ledger_statement(struct http_req *req)
{
        const char *account = http_param(req, "account");
        const char *pollutant = http_query_text(req, "pollutant");
        gl_date from = http_query_date(req, "from"), to = http_query_date(req, "to");
        int64_t opening = 0, closing = 0;
        json_t *items = json_array();
        struct gl_error err = {0};
        if (app_ledger_statement(req->app, req->actor, account, pollutant != NULL ? pollutant : "",
                                 from, to, &opening, &closing, add_line, items, &err) != GL_OK) {
                json_decref(items);
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200,
                        json_pack("{s:s,s:s,s:o,s:o,s:I,s:I,s:o}", "account", account, "pollutant",
                                  pollutant, "from", date_json(from), "to", date_json(to),
                                  "opening_g", (json_int_t)opening, "closing_g",
                                  (json_int_t)closing, "entries", items));
}

struct tctx {
        json_t *items;
        const struct actor *who;
};

static int add_transfer(const struct ledger_transfer *t, void *ctx)
{
        struct tctx *c = ctx;
        return add_item(c->items, ledger_transfer_json(t, c->who));
}

void handle_ledger_transfers(struct http_req *req)
{
        struct ledger_transfer_query q = {http_query_text(req, "state"),
                                          http_query_text(req, "pollutant"),
                                          http_query_text(req, "account"), 0};
        struct tctx c = {json_array(), req->actor};
        struct gl_error err = {0};
        if (app_ledger_transfers(req->app, req->actor, &q, add_transfer, &c, &err) != GL_OK) {
                json_decref(c.items);
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "transfers", c.items));
}

static void reply_transfer(struct http_req *req, int status, const struct ledger_transfer *t,
                           bool explain)
{
        json_t *o = ledger_transfer_json(t, req->actor);
        if (explain) {
                struct ledger_transfer again;
                struct ledger_lines l = {0};
                struct gl_error err = {0};
                if (app_ledger_get(req->app, req->actor, t->id, &again, &l, &err) == GL_OK)
                        json_object_set_new(o, "explanation", ledger_lines_json(&l));
                ledger_lines_free(&l);
        }
        http_reply_json(req, status, json_pack("{s:o}", "transfer", o));
}

void handle_ledger_transfer(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct ledger_transfer t;
        struct gl_error err = {0};
        if (app_ledger_get(req->app, req->actor, id, &t, NULL, &err) != GL_OK) {
                failed(req, &err);
                return;
        }
        reply_transfer(req, 200, &t, true);
}

static void written(struct http_req *req, int rc, bool replayed, const struct ledger_transfer *t,
                    struct gl_error *err)
{
        if (rc != GL_OK)
                failed(req, err);
        else
                reply_transfer(req, replayed ? 200 : 201, t, true);
}

void handle_ledger_transfer_add(struct http_req *req)
{
        struct ledger_transfer_input in = {.client_id = http_body_text(req, "client_id"),
                                           .pollutant = http_body_text(req, "pollutant"),
                                           .from = http_body_text(req, "from"),
                                           .to = http_body_text(req, "to"),
                                           .grams = http_body_int(req, "grams", 0),
                                           .kind = http_body_text(req, "kind"),
                                           .day = http_body_date(req, "day"),
                                           .note = http_body_text(req, "note"),
                                           .price_fen = -1};
        struct ledger_transfer t;
        bool replayed = false;
        struct gl_error err = {0};
        int rc = app_ledger_transfer(req->app, req->actor, &in, &t, &replayed, &err);
        written(req, rc, replayed, &t, &err);
}

void handle_ledger_reduction(struct http_req *req)
{
        struct ledger_transfer t;
        bool replayed = false;
        struct gl_error err = {0};
        int rc =
            app_ledger_reduction(req->app, req->actor, http_body_text(req, "client_id"),
                                 http_body_text(req, "pollutant"), http_body_int(req, "grams", 0),
                                 http_body_text(req, "project"), http_body_date(req, "verified_on"),
                                 &t, &replayed, &err);
        written(req, rc, replayed, &t, &err);
}

void handle_ledger_trade(struct http_req *req)
{
        struct ledger_transfer t;
        bool replayed = false;
        struct gl_error err = {0};
        int rc =
            app_ledger_trade(req->app, req->actor, http_body_text(req, "client_id"),
                             http_body_text(req, "pollutant"), http_body_text(req, "seller"),
                             http_body_text(req, "buyer"), http_body_int(req, "grams", 0),
                             http_body_int(req, "price_fen", -1), http_body_text(req, "method"),
                             http_body_date(req, "day"), &t, &replayed, &err);
        written(req, rc, replayed, &t, &err);
}

void handle_ledger_sale(struct http_req *req)
{
        struct ledger_transfer t;
        bool replayed = false;
        struct gl_error err = {0};
        int rc =
            app_ledger_sale(req->app, req->actor, http_body_text(req, "client_id"),
                            http_body_text(req, "pollutant"), http_body_text(req, "buyer"),
                            http_body_int(req, "grams", 0), http_body_int(req, "price_fen", -1),
                            http_body_date(req, "day"), &t, &replayed, &err);
        written(req, rc, replayed, &t, &err);
}

void handle_ledger_approve(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct ledger_transfer t;
        struct gl_error err = {0};
        int rc = app_ledger_approve(req->app, req->actor, id, app_today_local(), &t, &err);
        written(req, rc, true, &t, &err);
}

void handle_ledger_cancel(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct ledger_transfer t;
        struct gl_error err = {0};
        int rc =
            app_ledger_cancel(req->app, req->actor, id, http_body_text(req, "reason"), &t, &err);
        written(req, rc, true, &t, &err);
}

void handle_ledger_pledge(struct http_req *req)
{
        struct ledger_pledge p;
        struct gl_error err = {0};
        if (app_ledger_pledge(req->app, req->actor, http_body_text(req, "account"),
                              http_body_text(req, "pollutant"), http_body_int(req, "grams", 0),
                              http_body_text(req, "pledgee"), http_body_date(req, "from"), &p,
                              &err) != GL_OK) {
                failed(req, &err);
                return;
        }
        http_reply_json(req, 201, json_pack("{s:o}", "pledge", ledger_pledge_json(&p)));
}

void handle_ledger_pledge_release(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct ledger_pledge p;
        struct gl_error err = {0};
        if (app_ledger_unpledge(req->app, req->actor, id, app_today_local(), &p, &err) != GL_OK) {
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "pledge", ledger_pledge_json(&p)));
}

void handle_ledger_reserve(struct http_req *req)
{
        struct ledger_reserve_report r;
        struct gl_error err = {0};
        if (app_ledger_reserve(req->app, req->actor, http_query_date(req, "from"),
                               http_query_date(req, "to"), &r, &err) != GL_OK) {
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, ledger_reserve_json(&r));
}

static int add_price(const struct ledger_price *p, void *ctx)
{
        return add_item(ctx, ledger_price_json(p));
}

void handle_public_ledger_prices(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (app_ledger_prices(req->app, http_query_text(req, "pollutant"),
                              (int)http_query_int(req, "year", 0), add_price, items,
                              &err) != GL_OK) {
                json_decref(items);
                failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "prices", items));
}

void handle_ledger_verify(struct http_req *req)
{
        struct ledger_verify_report r;
        struct gl_error err = {0};
        if (app_ledger_verify(req->app, req->actor, &r, &err) != GL_OK) {
                failed(req, &err);
                return;
        }
        json_t *o = ledger_verify_json(&r);
        ledger_lines_free(&r.problems);
        http_reply_json(req, 200, o);
}

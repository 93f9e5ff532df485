/* JSON of measure 7's ledger (ledger_json.h). */
#include "ledger_json.h"

#include <string.h>

static json_t *date_or_null(gl_date d)
{
        char buf[11];
        return d == GL_DATE_NONE ? json_null() : json_string(date_format_iso(d, buf));
}

static json_t *text_or_null(const char *s)
{
        return s != NULL && *s ? json_string(s) : json_null();
}

json_t *ledger_transfer_json(const struct ledger_transfer *t, const struct actor *who)
{
        json_t *o = json_object();
        json_object_set_new(o, "id", json_integer(t->id));
        json_object_set_new(o, "client_id", json_string(t->client_id));
        json_object_set_new(o, "pollutant", json_string(t->pollutant));
        json_object_set_new(o, "from", json_string(t->from));
        json_object_set_new(o, "to", json_string(t->to));
        json_object_set_new(o, "grams", json_integer(t->grams));
        json_object_set_new(o, "kind", json_string(t->kind));
        json_object_set_new(o, "state", json_string(t->state));
        json_object_set_new(o, "day", date_or_null(t->day));
        json_object_set_new(o, "proposed_by", text_or_null(t->proposed_by));
        json_object_set_new(o, "approved_by", text_or_null(t->approved_by));
        json_object_set_new(o, "price_fen",
                            t->price_fen >= 0 ? json_integer(t->price_fen) : json_null());
        json_object_set_new(o, "method", text_or_null(t->method));
        json_object_set_new(o, "valid_until", date_or_null(t->valid_until));
        json_object_set_new(o, "expires_on", date_or_null(t->expires_on));
        json_object_set_new(o, "note", json_string(t->note));
        json_object_set_new(o, "case_id", t->case_id > 0 ? json_integer(t->case_id) : json_null());
        if (t->reason[0])
                json_object_set_new(o, "reason", json_string(t->reason));
        if (who != NULL) {
                json_t *offers = json_array();
                if (app_ledger_may_approve(who, t))
                        json_array_append_new(offers, json_string("approve"));
                if (app_ledger_may_cancel(who, t))
                        json_array_append_new(offers, json_string("cancel"));
                json_object_set_new(o, "offers", offers);
        }
        return o;
}

json_t *ledger_account_json(const struct ledger_account *a)
{
        json_t *b = json_array();
        for (size_t i = 0; i < a->n_balances; i++) {
                const struct ledger_balance *x = &a->balances[i];
                json_array_append_new(b,
                                      json_pack("{s:s,s:I,s:I,s:I,s:I}", "pollutant", x->pollutant,
                                                "balance_g", (json_int_t)x->balance_g,
                                                "pending_out_g", (json_int_t)x->pending_out_g,
                                                "pledged_g", (json_int_t)x->pledged_g,
                                                "available_g", (json_int_t)x->available_g));
        }
        return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "account", a->account, "kind", a->kind,
                         "label_zh", a->label_zh, "label_en", a->label_en, "owner", a->owner,
                         "balances", b);
}

json_t *ledger_pledge_json(const struct ledger_pledge *p)
{
        return json_pack("{s:I,s:s,s:s,s:I,s:s,s:o,s:o}", "id", (json_int_t)p->id, "account",
                         p->account, "pollutant", p->pollutant, "grams", (json_int_t)p->grams,
                         "pledgee", p->pledgee, "from", date_or_null(p->from_day), "released_on",
                         date_or_null(p->released_on));
}

json_t *ledger_statement_line_json(const struct ledger_statement_line *l)
{
        return json_pack("{s:I,s:s,s:o,s:s,s:s,s:I,s:I,s:o,s:o}", "transfer_id",
                         (json_int_t)l->transfer_id, "client_id", l->client_id, "day",
                         date_or_null(l->day), "kind", l->kind, "counterparty", l->counterparty,
                         "grams", (json_int_t)l->grams, "balance_g", (json_int_t)l->balance_g,
                         "price_fen", l->price_fen >= 0 ? json_integer(l->price_fen) : json_null(),
                         "method", text_or_null(l->method));
}

json_t *ledger_price_json(const struct ledger_price *p)
{
        return json_pack("{s:o,s:s,s:I,s:I,s:I,s:s}", "day", date_or_null(p->day), "pollutant",
                         p->pollutant, "grams", (json_int_t)p->grams, "price_fen",
                         (json_int_t)p->price_fen, "yuan_per_tonne", (json_int_t)p->yuan_per_tonne,
                         "method", p->method);
}

static json_t *flows(const struct ledger_flow *f, size_t n)
{
        json_t *a = json_array();
        for (size_t i = 0; i < n; i++)
                json_array_append_new(a, json_pack("{s:s,s:I,s:I}", "kind", f[i].kind, "grams",
                                                   (json_int_t)f[i].grams, "count",
                                                   (json_int_t)f[i].count));
        return a;
}

json_t *ledger_reserve_json(const struct ledger_reserve_report *r)
{
        json_t *ps = json_array();
        for (size_t i = 0; i < r->n; i++) {
                const struct ledger_reserve_pollutant *p = &r->pollutants[i];
                json_array_append_new(ps,
                                      json_pack("{s:s,s:I,s:o,s:o,s:I}", "pollutant", p->pollutant,
                                                "opening_g", (json_int_t)p->opening_g, "sources",
                                                flows(p->sources, p->n_sources), "uses",
                                                flows(p->uses, p->n_uses), "closing_g",
                                                (json_int_t)p->closing_g));
        }
        return json_pack("{s:s,s:o,s:o,s:o}", "reserve", r->reserve, "from", date_or_null(r->from),
                         "to", date_or_null(r->to), "pollutants", ps);
}

json_t *ledger_lines_json(const struct ledger_lines *l)
{
        json_t *a = json_array();
        for (size_t i = 0; l != NULL && i < l->n; i++)
                json_array_append_new(a, json_string(l->items[i]));
        return a;
}

json_t *ledger_verify_json(const struct ledger_verify_report *r)
{
        json_t *ps = json_array();
        for (size_t i = 0; i < r->n; i++)
                json_array_append_new(ps, json_pack("{s:s,s:I,s:I}", "pollutant",
                                                    r->pollutants[i].pollutant, "sum_g",
                                                    (json_int_t)r->pollutants[i].sum_g, "accounts",
                                                    (json_int_t)r->pollutants[i].accounts));
        return json_pack("{s:b,s:o,s:o}", "ok", r->ok, "pollutants", ps, "problems",
                         ledger_lines_json(&r->problems));
}

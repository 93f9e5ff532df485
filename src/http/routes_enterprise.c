/*
 * The enterprise registry and annual figures. Reading goes through app/enterprise.h, which applies
 * the isolation rule: an enterprise user sees only its own enterprise, and asking for another is
 * answered 404 exactly as for one that does not exist. Money is in fen and mass in grams, as
 * integers; a figure that was not reported is null.
 */
#include "routes.h"

#include "../app/enterprise.h"
#include "../core/policy.h"

#include <stdio.h>

static const char *const grades[] = {"A", "B", "B-", "C", "D", "none", NULL};

const struct http_field enterprise_list_query[] = {
    {"search", HTTP_STRING, false, 1, 100, NULL},
    {"industry", HTTP_STRING, false, 1, 63, NULL},
    {"township", HTTP_STRING, false, 1, 127, NULL},
    {"grade", HTTP_STRING, false, 0, 0, grades},
    {"offset", HTTP_INT, false, 0, 100000000, NULL},
    {"limit", HTTP_INT, false, 1, 500, NULL},
    {0},
};

static json_t *amount(int64_t v)
{
        return v == GL_AMOUNT_NONE ? json_null() : json_integer(v);
}

static json_t *enterprise_json(const struct policy_pack *pack, const struct enterprise *e)
{
        const struct policy_industry *ind = pack ? policy_industry_find(pack, e->industry) : NULL;
        return json_pack("{s:s, s:s, s:s, s:s?, s:s, s:s?, s:b, s:b, s:b, s:s}", "uscc", e->uscc,
                         "name", e->name, "industry", e->industry, "industry_name",
                         ind ? ind->name_zh : NULL, "township", e->township, "grade",
                         e->grade[0] ? e->grade : NULL, "air_emitter", e->air_emitter,
                         "key_air_emitter", e->key_air_emitter, "positive_list", e->positive_list,
                         "division", e->division);
}

/* A listing: each enterprise's industry named by its county's pack. */
struct list_ctx {
        const struct app *app;
        json_t *items;
};

static int add_enterprise(const struct enterprise *e, void *p)
{
        struct list_ctx *c = p;
        return json_array_append_new(c->items,
                                     enterprise_json(app_pack_for(c->app, e->division), e)) == 0
                   ? 0
                   : GL_ENOMEM;
}

/* 200 {"items", "total", "offset", "limit"}: matches ordered by USCC; an enterprise user's list
 * holds at most its own enterprise. 500 when the list cannot be read whole. */
void handle_enterprise_list(struct http_req *req)
{
        struct enterprise_query q = {
            .search = http_query_text(req, "search"),
            .industry = http_query_text(req, "industry"),
            .township = http_query_text(req, "township"),
            .grade = http_query_text(req, "grade"),
            .offset = http_query_int(req, "offset", 0),
            .limit = http_query_int(req, "limit", 50),
        };
        struct list_ctx c = {req->app, json_array()};
        int64_t total = 0;
        struct gl_error err = {0};
        if (c.items == NULL || app_enterprise_list(req->app, req->actor, &q, add_enterprise, &c,
                                                   &total, &err) != GL_OK) {
                if (c.items == NULL)
                        gl_fail(&err, GL_ENOMEM, "", "内存不足 (out of memory)");
                json_decref(c.items);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200,
                        json_pack("{s:o, s:I, s:I, s:I}", "items", c.items, "total",
                                  (json_int_t)total, "offset", (json_int_t)q.offset, "limit",
                                  (json_int_t)q.limit));
}

/* 200 one enterprise; 404 when it does not exist or is not the enterprise user's own. */
void handle_enterprise_show(struct http_req *req)
{
        struct enterprise e;
        struct gl_error err = {0};
        if (app_enterprise_get(req->app, req->actor, http_param(req, "uscc"), &e, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, enterprise_json(app_pack_for(req->app, e.division), &e));
}

static int add_figures(const struct annual_figures *f, void *p)
{
        json_t *o = json_pack("{s:i, s:o, s:o, s:o, s:b, s:s}", "year", f->year, "tax_fen",
                              amount(f->tax_fen), "rd_fen", amount(f->rd_fen), "revenue_fen",
                              amount(f->revenue_fen), "tax_confirmed", f->tax_confirmed, "source",
                              f->source);
        for (int i = 0; o && i < POLLUTANT_COUNT_; i++) {
                char key[16];
                snprintf(key, sizeof(key), "%s_g", pollutant_code((enum pollutant)i));
                json_object_set_new(o, key, amount(f->emission_g[i]));
        }
        return json_array_append_new((json_t *)p, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"uscc", "items"}: every year's figures, oldest first; 404 as for the enterprise; 500 when
 * they cannot be read whole. */
void handle_annual_list(struct http_req *req)
{
        const char *uscc = http_param(req, "uscc");
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL ||
            app_annual_list(req->app, req->actor, uscc, add_figures, items, &err) != GL_OK) {
                if (items == NULL)
                        gl_fail(&err, GL_ENOMEM, "", "内存不足 (out of memory)");
                json_decref(items);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:s, s:o}", "uscc", uscc, "items", items));
}

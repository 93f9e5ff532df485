/*
 * Measure 6 over HTTP (/api/v1/supply/…): the supply-chain links of positive-list enterprises,
 * the review of their partners, and the help targets — the use cases of `greenlane supply`
 * (app/supply.h), in io/supply_json.h's shapes. The route table admits the roles that may call a
 * route at all; app/supply.c decides on the data (an enterprise user its own enterprise's links,
 * another enterprise's answered 404 as if it did not exist). A step's business day is the body's
 * or query's "today" when given, else the server's local date.
 */
#include "routes.h"

#include "../app/supply.h"
#include "../io/supply_json.h"

static const char *const directions[] = {"upstream", "downstream", NULL};
static const char *const closings[] = {"met", "dropped", NULL};

const struct http_field supply_links_query[] = {
    {"uscc", HTTP_STRING, false, 1, 64, NULL},
    {"ended", HTTP_BOOL, false, 0, 0, NULL},
    {0},
};

const struct http_field supply_link_body[] = {
    {"uscc", HTTP_STRING, true, 0, 64, NULL},
    {"direction", HTTP_STRING, true, 0, 0, directions},
    {"partner_uscc", HTTP_STRING, true, 0, 64, NULL},
    {"partner_name", HTTP_STRING, false, 0, SUPPLY_NAME_MAX, NULL},
    {"partner_grade", HTTP_STRING, false, 0, 8, NULL},
    {"partner_positive_list", HTTP_BOOL, false, 0, 0, NULL},
    {"product", HTTP_STRING, true, 0, SUPPLY_PRODUCT_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field supply_end_body[] = {
    {"reason", HTTP_STRING, false, 0, SUPPLY_TEXT_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field supply_review_query[] = {
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field supply_target_body[] = {
    {"link_id", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"target", HTTP_STRING, true, 0, SUPPLY_TEXT_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field supply_close_body[] = {
    {"status", HTTP_STRING, true, 0, 0, closings},
    {"note", HTTP_STRING, false, 0, SUPPLY_TEXT_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

static gl_date day_of(gl_date given)
{
        return given == GL_DATE_NONE ? app_today_local() : given;
}

/* Answers status with link id as LINK under "link". */
static void reply_link(struct http_req *req, int status, int64_t id)
{
        struct supply_link_view v;
        struct gl_error err = {0};
        if (app_supply_link_get(req->app, req->actor, id, &v, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = supply_link_json(&v);
        supply_link_view_clear(&v);
        http_reply_json(req, status, o ? json_pack("{s:o}", "link", o) : NULL);
}

/* Answers status with target id as TARGET under "target". */
static void reply_target(struct http_req *req, int status, int64_t id)
{
        struct supply_target t;
        struct gl_error err = {0};
        if (app_supply_target_get(req->app, req->actor, id, &t, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = supply_target_json(&t);
        http_reply_json(req, status, o ? json_pack("{s:o}", "target", o) : NULL);
}

static int add_link(const struct supply_link_view *v, void *ctx)
{
        json_t *o = supply_link_json(v);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [LINK]}: the running links (?ended=true: the ended too) of ?uscc= or of every
 * enterprise the user sees, by enterprise, upstream first. 404 (uscc) for an enterprise that does
 * not exist or is not the user's. */
void handle_supply_links(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL || app_supply_links(req->app, req->actor, http_query_text(req, "uscc"),
                                              http_query_bool(req, "ended", false), add_link, items,
                                              &err) != GL_OK) {
                json_decref(items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* 201 {"link": LINK}. 400 naming the field (an unknown direction, a partner outside the registry
 * with an invalid USCC or no name, a grade or list status given for a partner of the registry, an
 * empty product); 404 (uscc) when the enterprise is not in the registry or not the user's; 409
 * (uscc) when it is not on the positive list, (partner_uscc) when the same link is running. */
void handle_supply_link_add(struct http_req *req)
{
        json_t *list = http_body_value(req, "partner_positive_list");
        struct supply_link_input in = {
            .uscc = http_body_text(req, "uscc"),
            .direction = http_body_text(req, "direction"),
            .partner_uscc = http_body_text(req, "partner_uscc"),
            .partner_name = http_body_text(req, "partner_name"),
            .partner_grade = http_body_text(req, "partner_grade"),
            .partner_positive_list = list && !json_is_null(list) ? json_is_true(list) : -1,
            .product = http_body_text(req, "product"),
            .today = day_of(http_body_date(req, "today")),
        };
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_supply_link_add(req->app, req->actor, &in, &id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_link(req, 201, id);
}

/* 200 {"link": LINK} ended, its open targets dropped. 404 (id) when there is no such link or it
 * is not the user's; 409 (id) when it has ended; 400 (today) before the day it was recorded. */
void handle_supply_link_end(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        if (app_supply_link_end(req->app, req->actor, id, http_body_text(req, "reason"),
                                day_of(http_body_date(req, "today")), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_link(req, 200, id);
}

/* 200 REVIEW: every enterprise on the positive list with running links that the user sees, or
 * {uscc} alone (whether or not on the list), on ?today=. 404 (uscc) for an enterprise that does
 * not exist or is not the user's. */
void handle_supply_review(struct http_req *req)
{
        const char *uscc = http_param(req, "uscc");
        struct supply_review *r = NULL;
        struct gl_error err = {0};
        if (app_supply_review(req->app, req->actor, uscc[0] ? uscc : NULL,
                              day_of(http_query_date(req, "today")), &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = supply_review_json(r);
        supply_review_free(r);
        http_reply_json(req, 200, o);
}

/* 201 {"target": TARGET} open, visit_case_id null. 400 (target, today); 404 (link_id); 409
 * (link_id) when the link has ended, (today) when measure 6 no longer reviews. */
void handle_supply_target_add(struct http_req *req)
{
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_supply_target_add(req->app, req->actor, http_body_int(req, "link_id", 0),
                                  http_body_text(req, "target"),
                                  day_of(http_body_date(req, "today")), &id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_target(req, 201, id);
}

/* 200 {"target": TARGET} closed met or dropped. 404 (id); 409 (id) when it is closed already; 400
 * (note, today). */
void handle_supply_target_close(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        if (app_supply_target_close(req->app, req->actor, id, http_body_text(req, "status"),
                                    http_body_text(req, "note"),
                                    day_of(http_body_date(req, "today")), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_target(req, 200, id);
}

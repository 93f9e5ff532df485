/*
 * Measure 5's service visits over HTTP (两进三送): the expert roster (/api/v1/experts), the visits
 * a reader may see (/api/v1/visits, without their findings) and one visit with them
 * (/api/v1/visits/{id}), and the key air emitters a plan is aimed at (/api/v1/visit-targets), in
 * the shapes of io/visit_json.h, the same as `greenlane visit … --json`. The steps are the
 * engine's, POST /api/v1/cases (procedure m5.visit, action plan) and
 * POST /api/v1/cases/{id}/steps. app/ decides who sees what: a visit is closed to enforcement, so
 * an enforcement officer or legal reviewer gets 404 for every visit, as for its case.
 */
#include "../app/visit.h"
#include "../core/policy.h"
#include "../io/visit_json.h"
#include "routes.h"

#include <stdio.h>
#include <string.h>

const struct http_field expert_list_query[] = {
    {"all", HTTP_BOOL, false, 0, 0, NULL},
    {0},
};

const struct http_field expert_add_body[] = {
    /* Lengths and characters are app/m5_visit.c's to check, naming the field. */
    {"name", HTTP_STRING, true, 0, 0, NULL},
    {"unit", HTTP_STRING, true, 0, 0, NULL},
    {"phone", HTTP_STRING, false, 0, 0, NULL},
    {"specialities", HTTP_ARRAY, false, 0, M5_EXPERT_SPECIALITIES_MAX, NULL},
    {0},
};

const struct http_field visit_list_query[] = {
    {"state", HTTP_STRING, false, 1, 47, NULL},
    {0},
};

static int add_expert(const struct m5_expert *e, void *items)
{
        json_t *o = visit_json_expert(e);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(items, o);
        return 0;
}

/* 200 {"experts": [EXPERT...]}, the disabled too with ?all=true. */
void handle_expert_list(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL ||
            app_expert_list(req->app, req->actor, http_query_bool(req, "all", false), add_expert,
                            items, &err) != GL_OK) {
                json_decref(items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "experts", items));
}

static void reply_expert(struct http_req *req, int status, int64_t id)
{
        struct m5_expert e;
        struct gl_error err = {0};
        if (app_expert_get(req->app, req->actor, id, &e, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, status, json_pack("{s:o}", "expert", visit_json_expert(&e)));
}

/* 201 {"expert": EXPERT}; 400 naming name, unit, phone, specialities or specialities[i]; 403 a
 * role that does not keep the roster. */
void handle_expert_add(struct http_req *req)
{
        json_t *list = http_body_value(req, "specialities");
        const char *items[M5_EXPERT_SPECIALITIES_MAX];
        size_t n = 0, i;
        json_t *v;
        json_array_foreach(list, i, v)
        {
                if (!json_is_string(v)) {
                        char field[48];
                        snprintf(field, sizeof(field), "specialities[%zu]", i);
                        http_reply_error(req, 400, "invalid", field,
                                         "专业领域须为字符串 (a speciality is a string)");
                        return;
                }
                items[n++] = json_string_value(v);
        }
        struct expert_new e = {.name = http_body_text(req, "name"),
                               .unit = http_body_text(req, "unit"),
                               .phone = http_body_text(req, "phone"),
                               .specialities = items,
                               .nspecialities = n};
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_expert_add(req->app, req->actor, &e, &id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_expert(req, 201, id);
}

/* 200 {"expert": EXPERT} now disabled; 404 no such expert; 409 already disabled. */
void handle_expert_disable(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        if (app_expert_disable(req->app, req->actor, id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_expert(req, 200, id);
}

/* A listing: each visit in the words of its county's pack's procedure. */
struct list_ctx {
        const struct app *app;
        json_t *items;
};

static int add_visit(const struct m5_visit_row *v, void *p)
{
        struct list_ctx *l = p;
        json_t *o =
            visit_json_row(v, procedure_find(app_pack_for(l->app, v->division), v->procedure));
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(l->items, o);
        return 0;
}

/* 200 {"visits": [LISTED...]} in id order (?state=), an enterprise its own; 403 for the roles
 * visits are closed to. */
void handle_visit_list(struct http_req *req)
{
        struct list_ctx l = {req->app, json_array()};
        struct gl_error err = {0};
        if (l.items == NULL || app_visit_list(req->app, req->actor, http_query_text(req, "state"),
                                              add_visit, &l, &err) != GL_OK) {
                json_decref(l.items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "visits", l.items));
}

/* 200 {"visit": VISIT} with its findings; 404 when there is no such visit or the reader may not
 * see it (another enterprise's; every visit for enforcement). */
void handle_visit_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct visit_record r;
        struct gl_error err = {0};
        if (app_visit_get(req->app, req->actor, id, &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = visit_json(&r);
        app_visit_record_free(&r);
        if (o == NULL) {
                http_reply_error(req, 500, "internal", "", "%s", "out of memory");
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "visit", o));
}

static int add_target(const struct m5_target *t, void *items)
{
        json_t *o = visit_json_target(t);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(items, o);
        return 0;
}

/* 200 {"targets": [TARGET...]}: the key air emitters with their visits. */
void handle_visit_targets(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL ||
            app_visit_targets(req->app, req->actor, add_target, items, &err) != GL_OK) {
                json_decref(items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "targets", items));
}

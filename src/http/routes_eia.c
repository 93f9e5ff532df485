/*
 * Measure 4's construction projects and planning EIAs over HTTP, read-only for now:
 * /api/v1/eia/projects, /api/v1/eia/projects/{id}, /api/v1/eia/plans, in the shapes of
 * io/project_json.h. What a reader sees is app/project.h's rule (an enterprise its own projects).
 * The EIA application's steps are the engine's, through /api/v1/cases.
 */
#include "../app/project.h"
#include "../io/project_json.h"
#include "routes.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static void reply_failed(struct http_req *req, struct gl_error *err)
{
        if (err->status == GL_OK)
                gl_fail(err, GL_ENOMEM, "", "out of memory");
        http_reply_gl(req, err);
}

/* A listing: each project in the words of its county's pack. */
struct list_ctx {
        const struct app *app;
        json_t *items;
};

static int add_project(const struct project_view *v, void *p)
{
        struct list_ctx *l = p;
        json_t *o = project_json(app_pack_for(l->app, v->p.division), v);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(l->items, o);
        return 0;
}

/* 200 {"projects": [PROJECT...]} in id order, an enterprise its own; 403 for a role that sees no
 * project. */
void handle_eia_projects(struct http_req *req)
{
        struct list_ctx l = {req->app, json_array()};
        struct gl_error err = {0};
        if (l.items == NULL || app_project_list(req->app, req->actor, app_today_local(),
                                                add_project, &l, &err) != GL_OK) {
                json_decref(l.items);
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "projects", l.items));
}

/* 200 {"project": PROJECT}; 404 when there is none or the reader may not see it. */
void handle_eia_project(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct project_view *v = malloc(sizeof(*v));
        struct gl_error err = {0};
        if (v == NULL ||
            app_project_get(req->app, req->actor, id, app_today_local(), v, &err) != GL_OK) {
                free(v);
                reply_failed(req, &err);
                return;
        }
        json_t *o = project_json(app_pack_for(req->app, v->p.division), v);
        free(v);
        if (o == NULL) {
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "project", o));
}

static int add_plan(const struct plan_row *p, void *ctx)
{
        json_t *o = project_json_plan(p);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(ctx, o);
        return 0;
}

/* 200 {"plans": [PLAN...]}; 403 for a role that sees no project. */
void handle_eia_plans(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL || app_plan_list(req->app, req->actor, add_plan, items, &err) != GL_OK) {
                json_decref(items);
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "plans", items));
}

/* ---- writes ---- */

/* Every value app/ checks itself, naming the field: the route takes them as they come. */
const struct http_field eia_project_body[] = {
    {"name", HTTP_STRING, false, 0, 0, NULL},
    {"category", HTTP_STRING, false, 0, 0, NULL},
    {"township", HTTP_STRING, false, 0, 0, NULL},
    {"builder_uscc", HTTP_STRING, false, 0, 0, NULL},
    {"builder_name", HTTP_STRING, false, 0, 0, NULL},
    {"plan", HTTP_INT, false, 1, INT64_MAX, NULL},
    {"so2", HTTP_INT, false, 0, 0, NULL},
    {"nox", HTTP_INT, false, 0, 0, NULL},
    {"pm", HTTP_INT, false, 0, 0, NULL},
    {"vocs", HTTP_INT, false, 0, 0, NULL},
    {"cod", HTTP_INT, false, 0, 0, NULL},
    {"nh3n", HTTP_INT, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field eia_plan_body[] = {
    {"park", HTTP_STRING, false, 0, 0, NULL},
    {"name", HTTP_STRING, false, 0, 0, NULL},
    {"approved_on", HTTP_DATE, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field eia_plan_approve_body[] = {
    {"on", HTTP_DATE, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field eia_totals_body[] = {
    {"sources", HTTP_ARRAY, false, 0, TOTALS_SOURCES_MAX, NULL},
    {"on", HTTP_DATE, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field eia_guidance_body[] = {
    {"help", HTTP_STRING, false, 0, 0, NULL},
    {"on", HTTP_DATE, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

static gl_date day_of(struct http_req *req, const char *name, gl_date dflt)
{
        gl_date d = http_body_date(req, name);
        return d == GL_DATE_NONE ? dflt : d;
}

static void reply_project(struct http_req *req, int status, int64_t id, gl_date today)
{
        struct project_view *v = malloc(sizeof(*v));
        struct gl_error err = {0};
        if (v == NULL || app_project_get(req->app, req->actor, id, today, v, &err) != GL_OK) {
                free(v);
                reply_failed(req, &err);
                return;
        }
        json_t *o = project_json(app_pack_for(req->app, v->p.division), v);
        free(v);
        if (o == NULL) {
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, status, json_pack("{s:o}", "project", o));
}

/* 201 {"project": PROJECT}; 400 naming the field (name, category, township, builder_uscc,
 * builder_name, plan, so2…nh3n); 403 (builder_uscc) another builder's project for an enterprise. */
void handle_eia_project_add(struct http_req *req)
{
        static const char *const codes[POLLUTANT_COUNT_] = {
            [POLLUTANT_SO2] = "so2",   [POLLUTANT_NOX] = "nox", [POLLUTANT_PM] = "pm",
            [POLLUTANT_VOCS] = "vocs", [POLLUTANT_COD] = "cod", [POLLUTANT_NH3N] = "nh3n"};
        char grams[POLLUTANT_COUNT_][24];
        struct m4_project_input in = {.name = http_body_text(req, "name"),
                                      .builder_uscc = http_body_text(req, "builder_uscc"),
                                      .builder_name = http_body_text(req, "builder_name"),
                                      .category = http_body_text(req, "category"),
                                      .township = http_body_text(req, "township")};
        for (int x = 0; x < POLLUTANT_COUNT_; x++) {
                json_t *g = http_body_value(req, codes[x]);
                if (g) {
                        snprintf(grams[x], sizeof(grams[x]), "%" PRId64,
                                 (int64_t)json_integer_value(g));
                        in.added[x] = grams[x];
                }
        }
        gl_date today = day_of(req, "today", app_today_local());
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_project_add(req->app, req->actor, &in, http_body_int(req, "plan", 0), today, &id,
                            &err) != GL_OK) {
                reply_failed(req, &err);
                return;
        }
        reply_project(req, 201, id, today);
}

static int find_plan(const struct plan_row *p, void *ctx)
{
        struct plan_row *want = ctx;
        if (p->id != want->id)
                return 0;
        *want = *p;
        return 1;
}

static void reply_plan(struct http_req *req, int status, int64_t id)
{
        struct plan_row p = {.id = id};
        struct gl_error err = {0};
        int rc = app_plan_list(req->app, req->actor, find_plan, &p, &err);
        if (rc != 1) {
                if (rc == GL_OK)
                        gl_fail(&err, GL_ENOTFOUND, "plan", "没有该规划环评");
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, status, json_pack("{s:o}", "plan", project_json_plan(&p)));
}

/* 201 {"plan": PLAN}; 400 naming the field (park, name, approved_on). */
void handle_eia_plan_add(struct http_req *req)
{
        gl_date today = day_of(req, "today", app_today_local());
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_plan_add(req->app, req->actor, http_body_text(req, "park"),
                         http_body_text(req, "name"), http_body_date(req, "approved_on"), today,
                         &id, &err) != GL_OK) {
                reply_failed(req, &err);
                return;
        }
        reply_plan(req, 201, id);
}

/* 200 {"plan": PLAN}; 400 (on) a day after today; 404; 409 approved already. */
void handle_eia_plan_approve(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        gl_date today = day_of(req, "today", app_today_local());
        struct gl_error err = {0};
        if (app_plan_approve(req->app, req->actor, id, day_of(req, "on", today), today, &err) !=
            GL_OK) {
                reply_failed(req, &err);
                return;
        }
        reply_plan(req, 200, id);
}

/* 201 {"project": PROJECT} with its new review; 400 naming the field (sources[i], the pollutant
 * and the gap of a shortfall); 404; 409 (project) a project with nothing to review. */
void handle_eia_totals_review(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        json_t *items = http_body_value(req, "sources");
        struct totals_source s[TOTALS_SOURCES_MAX];
        size_t n = json_array_size(items);
        struct gl_error err = {0};
        for (size_t i = 0; i < n; i++) {
                json_t *o = json_array_get(items, i);
                char field[32], text[200];
                snprintf(field, sizeof(field), "sources[%zu]", i);
                const char *p = json_string_value(json_object_get(o, "pollutant"));
                const char *k = json_string_value(json_object_get(o, "kind"));
                const char *a = json_string_value(json_object_get(o, "account"));
                json_t *g = json_object_get(o, "grams");
                if (!json_is_object(o) || !p || !k || !a || !json_is_integer(g)) {
                        gl_fail(&err, GL_EINVAL, field,
                                "指标来源应为 {pollutant, kind, account, grams}（克数为整数）");
                        reply_failed(req, &err);
                        return;
                }
                snprintf(text, sizeof(text), "%s=%s:%s:%" PRId64, p, k, a,
                         (int64_t)json_integer_value(g));
                if (totals_source_parse(text, field, &s[i], &err) != GL_OK) {
                        reply_failed(req, &err);
                        return;
                }
        }
        gl_date today = day_of(req, "today", app_today_local());
        int64_t made = 0;
        if (app_totals_review(req->app, req->actor, id, s, n, day_of(req, "on", today), &made,
                              &err) != GL_OK) {
                reply_failed(req, &err);
                return;
        }
        reply_project(req, 201, id, today);
}

static int add_guidance(const struct guidance_row *g, void *p)
{
        json_t *o = project_json_guidance(g);
        return o && json_array_append_new(p, o) == 0 ? 0 : GL_ENOMEM;
}

static int add_material(const char *name, void *p)
{
        return json_array_append_new(p, json_string(name)) == 0 ? 0 : GL_ENOMEM;
}

static void reply_application(struct http_req *req, int status, int64_t id)
{
        json_t *g = json_array(), *m = json_array();
        struct gl_error err = {0};
        int rc =
            g && m ? app_eia_guidance(req->app, req->actor, id, add_guidance, g, &err) : GL_ENOMEM;
        if (rc == GL_OK)
                rc = app_eia_materials(req->app, req->actor, id, add_material, m, &err);
        if (rc != GL_OK) {
                json_decref(g);
                json_decref(m);
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, status,
                        json_pack("{s:{s:I, s:o, s:o}}", "application", "case", (json_int_t)id,
                                  "materials", m, "guidance", g));
}

/* 200 {"application": {case, materials [names handed in], guidance [GUIDANCE...]}}; 404 when
 * the reader may not see the case or it is not an EIA application. */
void handle_eia_application(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        reply_application(req, 200, id);
}

/* 201 {"application": ...} with the new help; 400 (help, on); 403 (guide) not the case's guide;
 * 404. */
void handle_eia_guidance_add(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        gl_date today = day_of(req, "today", app_today_local());
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_eia_guide(req->app, req->actor, id, http_body_text(req, "help"),
                          day_of(req, "on", today), &made, &err) != GL_OK) {
                reply_failed(req, &err);
                return;
        }
        reply_application(req, 201, id);
}

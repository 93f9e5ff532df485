/*
 * Measure 4's construction projects and planning EIAs over HTTP, read-only for now:
 * /api/v1/eia/projects, /api/v1/eia/projects/{id}, /api/v1/eia/plans, in the shapes of
 * io/project_json.h. What a reader sees is app/project.h's rule (an enterprise its own projects).
 * The EIA application's steps are the engine's, through /api/v1/cases.
 */
#include "../app/project.h"
#include "../io/project_json.h"
#include "routes.h"

#include <stdint.h>
#include <stdlib.h>

static void reply_failed(struct http_req *req, struct gl_error *err)
{
        if (err->status == GL_OK)
                gl_fail(err, GL_ENOMEM, "", "out of memory");
        http_reply_gl(req, err);
}

struct list_ctx {
        const struct policy_pack *pack;
        json_t *items;
};

static int add_project(const struct project_view *v, void *p)
{
        struct list_ctx *l = p;
        json_t *o = project_json(l->pack, v);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(l->items, o);
        return 0;
}

/* 200 {"projects": [PROJECT...]} in id order, an enterprise its own; 403 for a role that sees no
 * project. */
void handle_eia_projects(struct http_req *req)
{
        struct list_ctx l = {app_policy(req->app), json_array()};
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
        json_t *o = project_json(app_policy(req->app), v);
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

/*
 * Measure 8's construction sites over HTTP: the registry (/api/v1/sites, one site with its
 * application, objections, inspections and changes at /api/v1/sites/{id}), inspections
 * (/api/v1/sites/{id}/inspections, every visible one at /api/v1/site-inspections), an application
 * as its panel reads it (/api/v1/site-applications/{id}, the case's id) and the published list
 * (/api/v1/public/sites, no sign-in), in the shapes of io/site_json.h, the same as `greenlane site
 * …
 * --json`. The application's steps are the engine's: POST /api/v1/cases (procedure m8.listing,
 * action apply, field site) and POST /api/v1/cases/{id}/steps. app/ decides who sees what: an
 * enterprise its own sites, a department its department's, a township its township's; another's
 * site is 404, as a missing one.
 */
#include "../app/site.h"
#include "../core/policy.h"
#include "../io/site_json.h"
#include "routes.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const struct http_field site_list_query[] = {
    {"township", HTTP_STRING, false, 1, 127, NULL},
    {"category", HTTP_STRING, false, 1, 63, NULL},
    {"department", HTTP_STRING, false, 1, 63, NULL},
    {"status", HTTP_STRING, false, 1, 23, NULL},
    {"listed", HTTP_BOOL, false, 0, 0, NULL},
    {"builder", HTTP_STRING, false, 1, 18, NULL},
    {0},
};

/* Lengths, characters and values are app/'s to check, naming the field. */
#define SITE_FIELDS                                                                                \
        {"project", HTTP_STRING, false, 0, 0, NULL}, {"category", HTTP_STRING, false, 0, 0, NULL}, \
            {"township", HTTP_STRING, false, 0, 0, NULL},                                          \
            {"builder_name", HTTP_STRING, false, 0, 0, NULL},                                      \
            {"address", HTTP_STRING, false, 0, 0, NULL},                                           \
            {"earthwork_m2", HTTP_INT, false, 0, 0, NULL},                                         \
            {"started_on", HTTP_DATE, false, 0, 0, NULL},                                          \
        {                                                                                          \
                "today", HTTP_DATE, false, 0, 0, NULL                                              \
        }

const struct http_field site_add_body[] = {
    SITE_FIELDS,
    {"builder_uscc", HTTP_STRING, false, 0, 0, NULL},
    {0},
};

const struct http_field site_update_body[] = {
    SITE_FIELDS,
    {"builder_uscc", HTTP_STRING, false, 0, 0, NULL},
    {"version", HTTP_INT, true, 1, INT64_MAX, NULL},
    {0},
};

const struct http_field site_finish_body[] = {
    {"note", HTTP_STRING, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field site_inspect_body[] = {
    {"reason", HTTP_STRING, true, 0, 0, NULL},       {"on", HTTP_DATE, false, 0, 0, NULL},
    {"dust_result", HTTP_STRING, false, 0, 0, NULL}, {"note", HTTP_STRING, false, 0, 0, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},         {0},
};

static gl_date day_of(struct http_req *req, const char *name)
{
        gl_date d = http_body_date(req, name);
        return d == GL_DATE_NONE ? app_today_local() : d;
}

/* The site's fields of the body; the earthwork area as text, for app/ to check. */
static struct m8_site_input input_of(struct http_req *req, char *area, size_t size)
{
        struct m8_site_input in = {.project = http_body_text(req, "project"),
                                   .category = http_body_text(req, "category"),
                                   .builder_uscc = http_body_text(req, "builder_uscc"),
                                   .builder_name = http_body_text(req, "builder_name"),
                                   .township = http_body_text(req, "township"),
                                   .address = http_body_text(req, "address")};
        json_t *v = http_body_value(req, "earthwork_m2");
        if (v) {
                snprintf(area, size, "%" PRId64, (int64_t)json_integer_value(v));
                in.earthwork_m2 = area;
        }
        json_t *started = http_body_value(req, "started_on");
        if (started)
                in.started_on = json_string_value(started);
        return in;
}

static void reply_failed(struct http_req *req, struct gl_error *err)
{
        if (err->status == GL_OK)
                gl_fail(err, GL_ENOMEM, "", "out of memory");
        http_reply_gl(req, err);
}

/* A listing: each site named in the words of its county's pack (app_pack_for its division); pack,
 * when not NULL, for rows that carry no division. */
struct list_ctx {
        const struct app *app;
        const struct policy_pack *pack;
        json_t *items;
};

static int add_site(const struct site_row *s, void *p)
{
        struct list_ctx *l = p;
        json_t *o = site_json(app_pack_for(l->app, s->division), s);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(l->items, o);
        return 0;
}

/* 200 {"sites": [SITE...]} in id order, an enterprise its own, a department its department's, a
 * township its township's; 403 for a role that sees no site. */
void handle_site_list(struct http_req *req)
{
        struct site_query q = {.builder_uscc = http_query_text(req, "builder"),
                               .department = http_query_text(req, "department"),
                               .township = http_query_text(req, "township"),
                               .category = http_query_text(req, "category"),
                               .status = http_query_text(req, "status"),
                               .listed = -1};
        if (http_query_text(req, "listed"))
                q.listed = http_query_bool(req, "listed", false) ? 1 : 0;
        struct list_ctx l = {req->app, NULL, json_array()};
        struct gl_error err = {0};
        if (l.items == NULL ||
            app_site_list(req->app, req->actor, &q, add_site, &l, &err) != GL_OK) {
                json_decref(l.items);
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "sites", l.items));
}

static int add_to(json_t *items, json_t *o)
{
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(items, o);
        return 0;
}

static int add_inspection(const struct site_inspection *i, void *p)
{
        struct list_ctx *l = p;
        return add_to(l->items, site_json_inspection(app_pack_for(l->app, i->site_division), i));
}

static int add_change(const struct site_change *c, void *p)
{
        return add_to(((struct list_ctx *)p)->items, site_json_change(c));
}

static int add_application(const struct m8_application *a, void *p)
{
        struct list_ctx *l = p;
        return add_to(l->items, site_json_application(l->pack, a, a->outcome));
}

static int add_objection(const struct m8_objection *o, void *p)
{
        return add_to(((struct list_ctx *)p)->items, site_json_objection(o));
}

/* A site with what belongs to it: SITE + {"application", "builder_registry_name",
 * "applications", "objections" (of the current application), "inspections_made", "changes"}. */
static json_t *site_detail(struct http_req *req, int64_t id, struct gl_error *err)
{
        struct site_record r;
        if (app_site_get(req->app, req->actor, id, &r, err) != GL_OK)
                return NULL;
        const struct policy_pack *pack = app_pack_for(req->app, r.row.division);
        json_t *o = site_json(pack, &r.row);
        struct list_ctx ins = {req->app, pack, json_array()}, chg = {req->app, pack, json_array()},
                        apps = {req->app, pack, json_array()}, obj = {req->app, pack, json_array()};
        int rc = app_site_inspections(req->app, req->actor, id, add_inspection, &ins, err);
        if (rc == GL_OK)
                rc = app_site_changes(req->app, req->actor, id, add_change, &chg, err);
        if (rc == GL_OK)
                rc = app_site_applications(req->app, req->actor, id, add_application, &apps, err);
        if (rc == GL_OK && r.application.case_id)
                rc = app_site_objections(req->app, req->actor, r.application.case_id, add_objection,
                                         &obj, err);
        if (rc != GL_OK || o == NULL) {
                json_decref(o);
                json_decref(ins.items);
                json_decref(chg.items);
                json_decref(apps.items);
                json_decref(obj.items);
                return NULL;
        }
        json_object_set_new(o, "application",
                            r.application.case_id
                                ? site_json_application(pack, &r.application, r.row.case_state)
                                : json_null());
        json_object_set_new(o, "builder_registry_name",
                            r.builder_registry_name[0] ? json_string(r.builder_registry_name)
                                                       : json_null());
        json_object_set_new(o, "applications", apps.items);
        json_object_set_new(o, "objections", obj.items);
        json_object_set_new(o, "inspections_made", ins.items);
        json_object_set_new(o, "changes", chg.items);
        return o;
}

static void reply_site(struct http_req *req, int status, int64_t id)
{
        struct gl_error err = {0};
        json_t *o = site_detail(req, id, &err);
        if (o == NULL) {
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, status, json_pack("{s:o}", "site", o));
}

/* 200 {"site": SITE_DETAIL}; 404 when there is none or the reader may not see it. */
void handle_site_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        reply_site(req, 200, id);
}

/* 201 {"site": SITE_DETAIL}; 400 naming the field (project, category, builder_uscc,
 * builder_name, township, address, earthwork_m2, started_on); 403 another builder's site for an
 * enterprise. */
void handle_site_add(struct http_req *req)
{
        char area[32];
        struct m8_site_input in = input_of(req, area, sizeof(area));
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_site_add(req->app, req->actor, &in, day_of(req, "today"), &id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_site(req, 201, id);
}

/* 200 {"site": SITE_DETAIL}; 400 naming the field, or "fields" when nothing changes; 404; 409
 * stale version, or while its application is under review or it is listed. */
void handle_site_update(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        char area[32];
        struct m8_site_input in = input_of(req, area, sizeof(area));
        struct gl_error err = {0};
        if (app_site_update(req->app, req->actor, id, &in, day_of(req, "today"),
                            http_body_int(req, "version", 0), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_site(req, 200, id);
}

/* 200 {"site": SITE_DETAIL} finished (a listed one off the list); 404; 409 finished already or
 * while an application is under review. */
void handle_site_finish(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct gl_error err = {0};
        if (app_site_finish(req->app, req->actor, id, day_of(req, "today"),
                            http_body_text(req, "note"), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_site(req, 200, id);
}

/* 201 {"inspection": id or null (a failed dust check took the listed site off the list),
 * "site": SITE_DETAIL}; 400 naming reason (unknown, or not one a listed site is inspected for),
 * dust_result, note, on; 403 a dust result by a unit that does not verify dust control; 404. */
void handle_site_inspect(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        gl_date today = day_of(req, "today");
        gl_date on = http_body_date(req, "on");
        struct site_inspection_input in = {.reason = http_body_text(req, "reason"),
                                           .dust_result = http_body_text(req, "dust_result"),
                                           .note = http_body_text(req, "note"),
                                           .on = on == GL_DATE_NONE ? today : on,
                                           .today = today};
        int64_t made = 0;
        struct gl_error err = {0};
        if (app_site_inspect(req->app, req->actor, id, &in, &made, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *site = site_detail(req, id, &err);
        if (site == NULL) {
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 201,
                        json_pack("{s:o, s:o}", "inspection",
                                  made ? json_integer((json_int_t)made) : json_null(), "site",
                                  site));
}

static void reply_inspections(struct http_req *req, int64_t site_id)
{
        struct list_ctx l = {req->app, NULL, json_array()};
        struct gl_error err = {0};
        if (l.items == NULL || app_site_inspections(req->app, req->actor, site_id, add_inspection,
                                                    &l, &err) != GL_OK) {
                json_decref(l.items);
                reply_failed(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "inspections", l.items));
}

/* 200 {"inspections": [INSPECTION...]} of the site, newest first; 404. */
void handle_site_inspections(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        reply_inspections(req, id);
}

/* 200 {"inspections": [INSPECTION...]} of every site the reader sees, newest first. */
void handle_site_inspections_all(struct http_req *req)
{
        reply_inspections(req, 0);
}

/* 200 {"application": APPLICATION, "site": SITE, "objections": [OBJECTION...]} of the case's
 * application; 404 when the case is no application or the reader may not see it. */
void handle_site_application(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct list_ctx obj = {req->app, NULL, json_array()};
        struct gl_error err = {0};
        if (obj.items == NULL ||
            app_site_objections(req->app, req->actor, id, add_objection, &obj, &err) != GL_OK) {
                json_decref(obj.items);
                reply_failed(req, &err);
                return;
        }
        struct m8_application a;
        struct site_row site;
        char state[48];
        if (app_site_application_of(req->app, req->actor, id, &a, state, &site, &err) != GL_OK) {
                json_decref(obj.items);
                http_reply_gl(req, &err);
                return;
        }
        const struct policy_pack *pack = app_pack_for(req->app, site.division);
        http_reply_json(req, 200,
                        json_pack("{s:o, s:o, s:o}", "application",
                                  site_json_application(pack, &a, state), "site",
                                  site_json(pack, &site), "objections", obj.items));
}

static int add_public(const struct site_row *s, void *p)
{
        struct list_ctx *l = p;
        return add_to(l->items, site_json_public(app_pack_for(l->app, s->division), s));
}

/* 200 {"sites": [PUBLIC...], "count"}: the published list, no sign-in needed. */
void handle_public_sites(struct http_req *req)
{
        struct list_ctx l = {req->app, NULL, json_array()};
        struct gl_error err = {0};
        if (l.items == NULL || app_site_public(req->app, add_public, &l, &err) != GL_OK) {
                json_decref(l.items);
                reply_failed(req, &err);
                return;
        }
        size_t n = json_array_size(l.items);
        http_reply_json(req, 200,
                        json_pack("{s:o, s:I}", "sites", l.items, "count", (json_int_t)n));
}

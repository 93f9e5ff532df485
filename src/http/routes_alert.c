/*
 * Heavy-pollution-weather alerts over HTTP (/api/v1/alerts…): the use cases of `greenlane alert`
 * (app/alert.h) in io/alert_json.h's shapes, the measures also as CSV and as a workbook, an
 * enterprise's own (/api/v1/my/alert) and the alert in force for the public catalog
 * (/api/v1/alerts/current, no sign-in, nothing per unit). The route table admits the roles that
 * may call a route at all; app/alert.c decides on the data (an enterprise user sees its own
 * results only; a county officer records the city's notice).
 */
#include "routes.h"

#include "../app/alert.h"
#include "../io/alert_export.h"
#include "../io/alert_json.h"

#include <stdio.h>
#include <string.h>

static const char *const levels[] = {"yellow", "orange", "red", NULL};
static const char *const kinds[] = {
    "own_choice", "no_old_trucks", "no_road_transport", "limit", "stop", "halt", NULL};
static const char *const units[] = {"enterprise", "site", NULL};

const struct http_field alert_issue_body[] = {
    {"level", HTTP_STRING, true, 0, 0, levels},
    {"from", HTTP_STRING, true, 1, 16, NULL},
    {"to", HTTP_STRING, true, 1, 16, NULL},
    {"townships", HTTP_ARRAY, false, 0, ALERT_TOWNSHIPS_MAX, NULL},
    {"notice", HTTP_STRING, false, 0, ALERT_NOTICE_MAX, NULL},
    {0},
};

const struct http_field alert_change_body[] = {
    {"level", HTTP_STRING, false, 0, 0, levels},
    {"to", HTTP_STRING, false, 1, 16, NULL},
    {"townships", HTTP_ARRAY, false, 1, ALERT_TOWNSHIPS_MAX, NULL},
    {"whole_county", HTTP_BOOL, false, 0, 0, NULL},
    {"notice", HTTP_STRING, false, 0, ALERT_NOTICE_MAX, NULL},
    {"reason", HTTP_STRING, true, 0, ALERT_REASON_MAX, NULL},
    {"at", HTTP_STRING, false, 1, 16, NULL},
    {"version", HTTP_INT, false, 1, 100000, NULL},
    {0},
};

const struct http_field alert_lift_body[] = {
    {"at", HTTP_STRING, false, 1, 16, NULL},
    {"notice", HTTP_STRING, false, 0, ALERT_NOTICE_MAX, NULL},
    {"reason", HTTP_STRING, false, 0, ALERT_REASON_MAX, NULL},
    {"version", HTTP_INT, false, 1, 100000, NULL},
    {0},
};

const struct http_field alert_measures_query[] = {
    {"version", HTTP_INT, false, 1, 100000, NULL},
    {"township", HTTP_STRING, false, 1, ALERT_TOWNSHIP_MAX, NULL},
    {"halted", HTTP_BOOL, false, 0, 0, NULL},
    {"restricted", HTTP_BOOL, false, 0, 0, NULL},
    {"kind", HTTP_STRING, false, 0, 0, kinds},
    {"unit", HTTP_STRING, false, 0, 0, units},
    {"offset", HTTP_INT, false, 0, 100000000, NULL},
    {"limit", HTTP_INT, false, 1, 500, NULL},
    {0},
};

const struct http_field alert_export_query[] = {
    {"version", HTTP_INT, false, 1, 100000, NULL},
    {"township", HTTP_STRING, false, 1, ALERT_TOWNSHIP_MAX, NULL},
    {"halted", HTTP_BOOL, false, 0, 0, NULL},
    {"restricted", HTTP_BOOL, false, 0, 0, NULL},
    {"kind", HTTP_STRING, false, 0, 0, kinds},
    {"unit", HTTP_STRING, false, 0, 0, units},
    {0},
};

const struct http_field alert_diff_query[] = {
    {"from_version", HTTP_INT, false, 1, 100000, NULL},
    {"to_version", HTTP_INT, false, 1, 100000, NULL},
    {"offset", HTTP_INT, false, 0, 100000000, NULL},
    {"limit", HTTP_INT, false, 1, 500, NULL},
    {0},
};

/* Answers status with alert id and its versions under "alert". */
static void reply_alert(struct http_req *req, int status, int64_t id)
{
        struct alert_view v;
        struct gl_error err = {0};
        if (app_alert_get(req->app, req->actor, id, app_alert_now(), &v, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = alert_view_json(&v, true);
        alert_view_clear(&v);
        http_reply_json(req, status, o ? json_pack("{s:o}", "alert", o) : NULL);
}

static int add_alert(const struct alert_view *v, void *ctx)
{
        json_t *o = alert_view_json(v, false);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

static void reply_items_or_error(struct http_req *req, json_t *items, int rc, struct gl_error *err)
{
        if (items == NULL || rc != GL_OK) {
                json_decref(items);
                if (err->status == GL_OK)
                        gl_fail(err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* 200 {"items": [ALERT]} newest first, each as its newest version says. */
void handle_alert_list(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        int rc = items
                     ? app_alert_list(req->app, req->actor, app_alert_now(), add_alert, items, &err)
                     : GL_ENOMEM;
        reply_items_or_error(req, items, rc, &err);
}

static int add_public(const struct alert_view *v, void *ctx)
{
        json_t *o = alert_public_json(v);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [PUBLIC]}: the alerts in force now or still to come, for anyone (the public
 * catalog's banner); no unit's measure. */
void handle_alert_current(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        int rc = items ? app_alert_current(req->app, app_alert_now(), add_public, items, &err)
                       : GL_ENOMEM;
        reply_items_or_error(req, items, rc, &err);
}

static int add_township(const char *township, void *ctx)
{
        return json_array_append_new(ctx, json_string(township)) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [TOWNSHIP]}: the townships an alert may name (the registry's). */
void handle_alert_townships(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        int rc = items ? app_alert_townships(req->app, req->actor, add_township, items, &err)
                       : GL_ENOMEM;
        reply_items_or_error(req, items, rc, &err);
}

/* The strings of body array "townships" into names (at most ALERT_TOWNSHIPS_MAX); -1 after
 * answering 400 naming townships[i] for an item that is not a string. */
static int townships_or_reply(struct http_req *req, const char **names, size_t *n)
{
        json_t *list = http_body_value(req, "townships");
        size_t i;
        json_t *v;
        *n = 0;
        json_array_foreach(list, i, v)
        {
                if (!json_is_string(v) || *n >= ALERT_TOWNSHIPS_MAX) {
                        char field[32];
                        snprintf(field, sizeof(field), "townships[%zu]", i);
                        http_reply_error(req, 400, "invalid", field,
                                         "乡镇名称须为字符串 (a township is a string)");
                        return -1;
                }
                names[(*n)++] = json_string_value(v);
        }
        return 0;
}

/* 201 {"alert": ALERT with its versions}. 400 naming level, from, to (before from), township
 * (unknown to the registry) or notice (required of a county officer); 403 a role that may not
 * issue. */
void handle_alert_issue(struct http_req *req)
{
        const char *names[ALERT_TOWNSHIPS_MAX];
        size_t n = 0;
        if (townships_or_reply(req, names, &n) != 0)
                return;
        struct alert_issue_input in = {.level = http_body_text(req, "level"),
                                       .from = http_body_text(req, "from"),
                                       .to = http_body_text(req, "to"),
                                       .townships = names,
                                       .ntownships = n,
                                       .notice = http_body_text(req, "notice")};
        int64_t id = 0;
        struct gl_error err = {0};
        if (app_alert_issue(req->app, req->actor, &in, &id, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_alert(req, 201, id);
}

/* 200 {"alert": ALERT with its versions}; 404 no such alert. */
void handle_alert_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        reply_alert(req, 200, id);
}

/* 200 {"alert"} with its new version. 400 naming level, to, township, notice, reason, at or
 * change (nothing would change); 404; 409 (version) when the alert changed since it was read, (id)
 * when it has been lifted, (at) when it has ended. */
void handle_alert_change(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        const char *names[ALERT_TOWNSHIPS_MAX];
        size_t n = 0;
        if (townships_or_reply(req, names, &n) != 0)
                return;
        bool whole = http_body_bool(req, "whole_county", false);
        if (whole && n > 0) {
                http_reply_error(req, 400, "invalid", "whole_county",
                                 "全县与所列乡镇只能选一 (whole_county or townships)");
                return;
        }
        struct alert_change_input in = {.level = http_body_text(req, "level"),
                                        .to = http_body_text(req, "to"),
                                        .set_townships = whole || n > 0,
                                        .townships = names,
                                        .ntownships = n,
                                        .notice = http_body_text(req, "notice"),
                                        .reason = http_body_text(req, "reason"),
                                        .at = http_body_text(req, "at"),
                                        .expect_version = (int)http_body_int(req, "version", 0)};
        struct gl_error err = {0};
        if (app_alert_change(req->app, req->actor, id, &in, NULL, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_alert(req, 200, id);
}

/* 200 {"alert"} lifted. 400 naming at, notice or reason; 404; 409 as for a change. */
void handle_alert_lift(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct alert_lift_input in = {.at = http_body_text(req, "at"),
                                      .notice = http_body_text(req, "notice"),
                                      .reason = http_body_text(req, "reason"),
                                      .expect_version = (int)http_body_int(req, "version", 0)};
        struct gl_error err = {0};
        if (app_alert_lift(req->app, req->actor, id, &in, NULL, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_alert(req, 200, id);
}

static int tristate(const struct http_req *req, const char *name)
{
        if (http_query_text(req, name) == NULL)
                return -1;
        return http_query_bool(req, name, false) ? 1 : 0;
}

static struct alert_measure_query query_of(const struct http_req *req, bool paged)
{
        struct alert_measure_query q = {.version = (int)http_query_int(req, "version", 0),
                                        .township = http_query_text(req, "township"),
                                        .halted = tristate(req, "halted"),
                                        .restricted = tristate(req, "restricted"),
                                        .kind = http_query_text(req, "kind"),
                                        .unit = http_query_text(req, "unit")};
        if (paged) {
                q.offset = http_query_int(req, "offset", 0);
                q.limit = http_query_int(req, "limit", 50);
        }
        return q;
}

static int add_measure(const struct alert_measure_item *m, void *ctx)
{
        json_t *o = alert_measure_json(m);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [MEASURE], "total", "offset", "limit"}: the measures of ?version= (default the
 * newest) that the user may see (an enterprise its own and its sites'), filtered by ?township=,
 * ?halted=, ?restricted=, ?kind=, ?unit=; 400 naming version; 404 no such alert. */
void handle_alert_measures(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct alert_measure_query q = query_of(req, true);
        json_t *items = json_array();
        int64_t total = 0;
        struct gl_error err = {0};
        int rc = items ? app_alert_measures(req->app, req->actor, id, &q, add_measure, items,
                                            &total, &err)
                       : GL_ENOMEM;
        if (items == NULL || rc != GL_OK) {
                reply_items_or_error(req, items, rc, &err);
                return;
        }
        http_reply_json(req, 200,
                        json_pack("{s:o, s:I, s:I, s:I}", "items", items, "total",
                                  (json_int_t)total, "offset", (json_int_t)q.offset, "limit",
                                  (json_int_t)q.limit));
}

/* 200 the measures (filters as above, no paging) as CSV (alert_export.h), saved as
 * alert-ID-measures.csv; errors as above. */
void handle_alert_measures_csv(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        char name[64];
        snprintf(name, sizeof(name), "alert-%lld-measures.csv", (long long)id);
        struct http_scratch s;
        if (http_scratch_open(req, &s, name) != 0)
                return;
        struct alert_measure_query q = query_of(req, false);
        struct gl_error err = {0};
        FILE *f = fopen(s.path, "w");
        int rc = f ? alert_export_csv(req->app, req->actor, id, &q, f, NULL, &err)
                   : gl_fail(&err, GL_EIO, "", "cannot write the export");
        if (f && fclose(f) != 0 && rc == GL_OK)
                rc = gl_fail(&err, GL_EIO, "", "cannot write the export");
        if (rc != GL_OK) {
                http_scratch_close(&s);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_scratch(req, &s, "text/csv; charset=utf-8", name);
}

/* 200 the measures as a workbook, saved as alert-ID-measures.xlsx; errors as above. */
void handle_alert_measures_xlsx(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        char name[64];
        snprintf(name, sizeof(name), "alert-%lld-measures.xlsx", (long long)id);
        struct http_scratch s;
        if (http_scratch_open(req, &s, name) != 0)
                return;
        struct alert_measure_query q = query_of(req, false);
        struct gl_error err = {0};
        if (alert_export_xlsx(req->app, req->actor, id, &q, s.path, NULL, &err) != GL_OK) {
                http_scratch_close(&s);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_scratch(req, &s, HTTP_XLSX_TYPE, name);
}

static int add_diff(const struct alert_diff_item *d, void *ctx)
{
        json_t *o = alert_diff_item_json(d);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 SUMMARY + {"items": [DIFF], "offset", "limit"}: who whose measure changed between
 * ?from_version= (default the one before) and ?to_version= (default the newest), of those the
 * user may see; 400 naming from_version or to_version; 404. */
void handle_alert_diff(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        int64_t offset = http_query_int(req, "offset", 0), limit = http_query_int(req, "limit", 50);
        json_t *items = json_array();
        struct alert_diff_summary sum = {0};
        struct gl_error err = {0};
        int rc = items ? app_alert_diff(req->app, req->actor, id,
                                        (int)http_query_int(req, "from_version", 0),
                                        (int)http_query_int(req, "to_version", 0), offset, limit,
                                        add_diff, items, &sum, &err)
                       : GL_ENOMEM;
        if (items == NULL || rc != GL_OK) {
                reply_items_or_error(req, items, rc, &err);
                return;
        }
        json_t *o = alert_diff_summary_json(&sum);
        alert_diff_summary_clear(&sum);
        if (o == NULL) {
                json_decref(items);
                http_reply_json(req, 500, NULL);
                return;
        }
        json_object_set_new(o, "items", items);
        json_object_set_new(o, "offset", json_integer(offset));
        json_object_set_new(o, "limit", json_integer(limit));
        http_reply_json(req, 200, o);
}

static int add_mine(const struct alert_mine *m, void *ctx)
{
        json_t *o = alert_mine_json(m);
        return o && json_array_append_new(ctx, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [MINE]}: what each alert in force now or still to come asks of the signed-in
 * enterprise, oldest first. */
void handle_my_alert(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        int rc = items
                     ? app_alert_mine(req->app, req->actor, app_alert_now(), add_mine, items, &err)
                     : GL_ENOMEM;
        reply_items_or_error(req, items, rc, &err);
}

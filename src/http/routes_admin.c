/*
 * Administration: the audit trail and the users. The route table lets only the admin role here;
 * app/ checks again (app/scope.h for reading, app/user.c for every change).
 */
#include "routes.h"

#include "../app/audit.h"

#include <string.h>

const struct http_field audit_list_query[] = {
    {"before", HTTP_INT, false, 0, INT64_MAX, NULL},
    {"limit", HTTP_INT, false, 1, 500, NULL},
    {"entity_type", HTTP_STRING, false, 1, 63, NULL},
    {"entity_id", HTTP_STRING, false, 1, 127, NULL},
    {0},
};

static const char *const assignable_roles[] = {
    "enterprise",   "county_officer",   "county_legal", "county_leader",
    "city_officer", "city_expert",      "tax_officer",  "approval_officer",
    "dept_officer", "township_officer", "admin",        NULL,
};

const struct http_field user_add_body[] = {
    {"username", HTTP_STRING, true, 2, 32, NULL},
    {"role", HTTP_STRING, true, 0, 0, assignable_roles},
    {"enterprise", HTTP_STRING, false, 18, 18, NULL},
    {"department", HTTP_STRING, false, 1, 63, NULL},
    {"township", HTTP_STRING, false, 1, 127, NULL},
    {"password", HTTP_STRING, true, 1, USER_PASSWORD_MAX, NULL},
    /* No length here: app/user.c trims it before it counts its bytes, and names what is wrong. */
    {"display_name", HTTP_STRING, false, 0, 0, NULL},
    /* app/user.c says what a division code is when this is not one. */
    {"division", HTTP_STRING, false, 1, 32, NULL},
    {0},
};

const struct http_field user_display_name_body[] = {
    {"display_name", HTTP_STRING, true, 0, 0, NULL},
    {0},
};

const struct http_field user_passwd_body[] = {
    {"password", HTTP_STRING, true, 1, USER_PASSWORD_MAX, NULL},
    {0},
};

static int add_record(const struct audit_record *r, void *ctx)
{
        json_t *items = ctx;
        json_t *detail = json_loads(r->detail ? r->detail : "{}", 0, NULL);
        if (detail == NULL)
                detail = json_string(r->detail ? r->detail : "");
        json_t *o =
            json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:o, s:s}", "id", (json_int_t)r->id, "at",
                      r->at, "actor", r->actor, "action", r->action, "entity_type", r->entity_type,
                      "entity_id", r->entity_id, "detail", detail, "hash", r->hash);
        return json_array_append_new(items, o) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [...], "next_before"}: newest first; next_before pages on (null at the end). 500
 * when the page cannot be read whole. */
void handle_audit_list(struct http_req *req)
{
        int64_t limit = http_query_int(req, "limit", 50);
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL ||
            app_audit_page(req->app, req->actor, http_query_int(req, "before", 0), (int)limit,
                           http_query_text(req, "entity_type"), http_query_text(req, "entity_id"),
                           add_record, items, &err) != GL_OK) {
                json_decref(items);
                if (items == NULL)
                        gl_fail(&err, GL_ENOMEM, "", "内存不足 (out of memory)");
                http_reply_gl(req, &err);
                return;
        }
        size_t n = json_array_size(items);
        json_t *next = json_null();
        if ((int64_t)n == limit && n > 0)
                next = json_integer(
                    json_integer_value(json_object_get(json_array_get(items, n - 1), "id")));
        http_reply_json(req, 200, json_pack("{s:o, s:o}", "items", items, "next_before", next));
}

/* 200 {"intact", "records", "head_id", "head_hash", "first_broken_id", "anchors",
 * "anchor_broken_line", "sealed_rows", "broken_row", "reason" (both languages), "reason_zh",
 * "reason_en"}: the hash chain recomputed and
 * checked against the anchor log, and every business row against its seal, as `greenlane audit
 * verify` does. */
void handle_audit_verify(struct http_req *req)
{
        struct audit_verify_result r;
        struct gl_error err = {0};
        if (app_audit_verify(req->app, req->actor, NULL, &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        char zh[sizeof(r.reason)], en[sizeof(r.reason)];
        gl_message_split(r.reason, zh, sizeof(zh), en, sizeof(en));
        http_reply_json(
            req, 200,
            json_pack("{s:b, s:I, s:I, s:s, s:I, s:I, s:I, s:I, s:s?, s:s, s:s, s:s}", "intact",
                      r.intact, "records", (json_int_t)r.records, "head_id", (json_int_t)r.head_id,
                      "head_hash", r.head_hash, "first_broken_id", (json_int_t)r.first_broken_id,
                      "anchors", (json_int_t)r.anchors, "anchor_broken_line",
                      (json_int_t)r.anchor_broken_line, "sealed_rows", (json_int_t)r.sealed_rows,
                      "broken_row", r.broken_row[0] ? r.broken_row : NULL, "reason", r.reason,
                      "reason_zh", zh, "reason_en", en));
}

static json_t *user_json(const struct user_record *u)
{
        return json_pack("{s:s, s:s?, s:s, s:s?, s:s?, s:s?, s:s, s:b, s:s}", "username",
                         u->username, "display_name", u->display_name[0] ? u->display_name : NULL,
                         "role", role_name(u->role), "uscc", u->uscc[0] ? u->uscc : NULL,
                         "department", u->department[0] ? u->department : NULL, "township",
                         u->township[0] ? u->township : NULL, "division", u->division, "disabled",
                         u->disabled, "created_at", u->created_at);
}

static int add_user(const struct user_record *u, void *ctx)
{
        return json_array_append_new((json_t *)ctx, user_json(u)) == 0 ? 0 : GL_ENOMEM;
}

/* 200 {"items": [...]}, ordered by name; 500 when the list cannot be read whole. */
void handle_user_list(struct http_req *req)
{
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL || app_user_list(req->app, req->actor, add_user, items, &err) != GL_OK) {
                json_decref(items);
                if (items == NULL)
                        gl_fail(&err, GL_ENOMEM, "", "内存不足 (out of memory)");
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "items", items));
}

/* 201 the new user; 400 naming the field (bad name, role binding, short password, unknown
 * enterprise, bad display name); 409 when the name is taken. */
void handle_user_add(struct http_req *req)
{
        struct user_new u = {
            .username = http_body_text(req, "username"),
            .role = role_from_name(http_body_text(req, "role")),
            .uscc = http_body_text(req, "enterprise"),
            .department = http_body_text(req, "department"),
            .township = http_body_text(req, "township"),
            .password = http_body_text(req, "password"),
            .display_name = http_body_text(req, "display_name"),
            .division = http_body_text(req, "division"),
        };
        struct gl_error err = {0};
        if (app_user_add(req->app, req->actor, &u, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        struct user_record r;
        if (app_user_get(req->app, req->actor, u.username, &r, &err) != GL_OK) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (user not readable)");
                return;
        }
        http_reply_json(req, 201, user_json(&r));
}

/* 204; 400 short password; 404 no such user. The user's sessions end. */
void handle_user_passwd(struct http_req *req)
{
        struct gl_error err = {0};
        if (app_user_passwd(req->app, req->actor, http_param(req, "username"),
                            http_body_text(req, "password"), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_text(req, 204, NULL, "", 0);
}

/* 204; 404 no such user; 409 already disabled. The user's sessions end. */
void handle_user_disable(struct http_req *req)
{
        struct gl_error err = {0};
        if (app_user_disable(req->app, req->actor, http_param(req, "username"), &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_text(req, 204, NULL, "", 0);
}

/* 200 the user with its new display name ("" removes it); 400 naming display_name (too long once
 * trimmed, not UTF-8, a control character), nothing changed; 404 no such user. */
void handle_user_display_name(struct http_req *req)
{
        struct user_record r;
        struct gl_error err = {0};
        if (app_user_set_display_name(req->app, req->actor, http_param(req, "username"),
                                      http_body_text(req, "display_name"), &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, user_json(&r));
}

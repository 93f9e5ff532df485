/*
 * Signing in and out, and who is signed in. The session token is answered both in the body (for
 * "Authorization: Bearer" integrations) and in an HttpOnly, SameSite=Strict cookie (for the
 * browser). A browser cannot read the cookie, so it learns the CSRF token from the sign-in answer
 * or from GET /api/v1/me and sends it back in X-CSRF-Token on every write.
 */
#include "../core/division.h"
#include "../core/policy.h"
#include "routes.h"
#include "server.h"

#include "../app/enterprise.h"
#include "../app/scope.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const struct http_field session_create_body[] = {
    {"username", HTTP_STRING, true, 1, USER_NAME_MAX - 1, NULL},
    {"password", HTTP_STRING, true, 1, USER_PASSWORD_MAX, NULL},
    {0},
};

/* The routes the role may call ("GET /api/v1/work", ...), the public ones aside: what screens
 * and menus offer is decided from this, by the same table that decides at the door. */
static json_t *routes_of(enum role role)
{
        json_t *may = json_array();
        for (size_t i = 0; may && i < http_nroutes; i++) {
                const struct http_route *r = &http_routes[i];
                if (r->roles != HTTP_PUBLIC && (r->roles & HTTP_ROLE(role)))
                        json_array_append_new(may, json_sprintf("%s %s", r->method, r->pattern));
        }
        return may;
}

/* The signed-in user; an enterprise user's enterprise is named (null when it cannot be read). */
static json_t *me_json(struct app *app, const struct user_session *s)
{
        const struct actor *a = &s->actor;
        struct enterprise e;
        struct gl_error err = {0};
        bool named = a->uscc[0] && app_enterprise_get(app, a, a->uscc, &e, &err) == GL_OK;
        json_t *o =
            json_pack("{s:s, s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:s, s:s, s:o*}", "username",
                      a->name, "display_name", s->display_name[0] ? s->display_name : NULL, "role",
                      role_name(a->role), "role_label_zh", role_label_zh(a->role), "uscc",
                      a->uscc[0] ? a->uscc : NULL, "enterprise_name", named ? e.name : NULL,
                      "department", a->department[0] ? a->department : NULL, "expires_at",
                      s->expires_at, "csrf_token", s->csrf_token, "may", routes_of(a->role));
        /* A department's and a township's names, as the pack gives them. */
        const struct policy_term *d =
            a->department[0]
                ? policy_term_find(app_scope_pack(app, a), POLICY_DEPARTMENTS, a->department)
                : NULL;
        if (o && d) {
                json_object_set_new(o, "department", json_string(d->code));
                json_object_set_new(o, "department_name_zh", json_string(d->name_zh));
                json_object_set_new(o, "department_name_en", json_string(d->name_en));
        }
        if (o && a->township[0])
                json_object_set_new(o, "township", json_string(a->township));
        /* The jurisdiction: what the screens say the lists are of. */
        if (o && a->division[0]) {
                json_object_set_new(o, "division", json_string(a->division));
                json_object_set_new(o, "division_level",
                                    json_string(division_level_name(division_level(a->division))));
        }
        return o;
}

/* 200 {"token", "csrf_token", "expires_at", "user"} and the cookie; 401 wrong name or password
 * (the same answer for an unknown or disabled user); 429 while the name or address is locked. */
void handle_session_create(struct http_req *req)
{
        struct user_session s;
        struct gl_error err = {0};
        int rc =
            app_user_sign_in(req->app, http_body_text(req, "username"),
                             http_body_text(req, "password"), req->address, req->device, &s, &err);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        char cookie[256];
        snprintf(cookie, sizeof(cookie),
                 "gl_session=%s; Path=/; HttpOnly; SameSite=Strict; Max-Age=%d%s", s.token,
                 USER_SESSION_SECONDS, http_cookie_secure(req->server) ? "; Secure" : "");
        req->set_cookie = strdup(cookie);
        sodium_memzero(cookie, sizeof(cookie));
        if (s.device_token[0]) {
                /* This browser is known from now on (app_user_sign_in): a year, sent to sign-in
                 * only. */
                snprintf(cookie, sizeof(cookie),
                         "gl_device=%s; Path=/api/v1/session; HttpOnly; SameSite=Strict; "
                         "Max-Age=31536000%s",
                         s.device_token, http_cookie_secure(req->server) ? "; Secure" : "");
                req->set_device = strdup(cookie);
                sodium_memzero(cookie, sizeof(cookie));
        }
        json_t *user = me_json(req->app, &s);
        http_reply_json(req, 200,
                        json_pack("{s:s, s:s, s:s, s:o}", "token", s.token, "csrf_token",
                                  s.csrf_token, "expires_at", s.expires_at, "user", user));
        sodium_memzero(&s, sizeof(s));
}

/* 204 and the cookie cleared; 401 when the session has already ended. */
void handle_session_delete(struct http_req *req)
{
        struct gl_error err = {0};
        if (app_user_sign_out(req->app, req->token, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        req->set_cookie = strdup(http_cookie_secure(req->server)
                                     ? "gl_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; "
                                       "Secure"
                                     : "gl_session=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        http_reply_text(req, 204, NULL, "", 0);
}

/* 200 the signed-in user: name, display name (null when none), role, enterprise or department,
 * expiry, CSRF token, and the routes the role may call ("may"). */
void handle_me(struct http_req *req)
{
        http_reply_json(req, 200, me_json(req->app, req->session));
}

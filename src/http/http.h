/*
 * The HTTP face of greenlane: a route table and the request that a handler sees.
 *
 * A route is one entry of the table in routes.c: method, path pattern with {parameters}, the roles
 * allowed, the query parameters and JSON body fields it accepts (declared as data, struct
 * http_field), and the handler. The server checks everything it can before a handler runs, in this
 * order: unknown path (404), method (405), authentication (401), role (403), CSRF token for a
 * cookie-authenticated write (403), query parameters (400), content type (415), body size (413),
 * a body the server had no room to keep (507, 503), JSON syntax, field types, missing and unknown
 * fields (400, naming the field). A handler therefore sees only typed, present, expected input; it
 * calls app/ and answers with one http_reply_* call.
 * Errors always have the shape {"error": {"code", "message", "field"}}.
 *
 * Ownership: everything a handler reads from struct http_req belongs to the request and lives until
 * the handler returns. http_reply_json steals its value.
 */
#ifndef GL_HTTP_H
#define GL_HTTP_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../app/app.h"
#include "../app/user.h"
#include "../core/date.h"

#define HTTP_BODY_MAX (64 * 1024) /* largest request body accepted (413 beyond) */
/* largest body of an HTTP_UPLOAD route: files travel base64 inside the JSON (3 bytes in 4) */
#define HTTP_UPLOAD_MAX (16 * 1024 * 1024)
#define HTTP_MAX_PARAMS 4
#define HTTP_MAX_QUERY 32
#define HTTP_PARAM_MAX 256 /* longest path parameter (a longer one matches no route) */

/* Roles allowed on a route: a bit mask of HTTP_ROLE(ROLE_...), or HTTP_PUBLIC. */
#define HTTP_ROLE(r) (1u << (r))
#define HTTP_PUBLIC (1u << 31)
#define HTTP_STAFF                                                                                 \
        (HTTP_ROLE(ROLE_COUNTY_OFFICER) | HTTP_ROLE(ROLE_COUNTY_LEGAL) |                           \
         HTTP_ROLE(ROLE_COUNTY_LEADER) | HTTP_ROLE(ROLE_CITY_OFFICER) |                            \
         HTTP_ROLE(ROLE_CITY_EXPERT) | HTTP_ROLE(ROLE_TAX_OFFICER) |                               \
         HTTP_ROLE(ROLE_APPROVAL_OFFICER) | HTTP_ROLE(ROLE_DEPT_OFFICER) |                         \
         HTTP_ROLE(ROLE_TOWNSHIP_OFFICER) | HTTP_ROLE(ROLE_ADMIN))
#define HTTP_SIGNED_IN (HTTP_STAFF | HTTP_ROLE(ROLE_ENTERPRISE))

/* Types of input fields. In a query string every value is text, parsed as the type says. */
enum http_type {
        HTTP_STRING = 1, /* min/max: length in bytes */
        HTTP_INT,        /* min/max: value (JSON integer, no fraction) */
        HTTP_BOOL,       /* JSON true/false; in a query "true"/"false" */
        HTTP_DATE,       /* "YYYY-MM-DD", a real date */
        HTTP_ARRAY,      /* JSON array; min/max: number of items (the handler checks the items) */
        HTTP_OBJECT,     /* JSON object (the handler checks its members) */
        HTTP_REPEATED,   /* query only: text that may be given more than once (set=A&set=B),
                          * each as HTTP_STRING; http_query_all reads them in order */
};

/* One accepted input field. A table of them ends with an entry whose name is NULL. */
struct http_field {
        const char *name;
        enum http_type type;
        bool required;
        int64_t min, max;          /* limits as the type says; both 0: none */
        const char *const *one_of; /* HTTP_STRING: the allowed values, NULL-terminated; or NULL */
};

struct http_req;
typedef void (*http_handler)(struct http_req *req);

enum http_route_flags {
        HTTP_CACHE = 1,  /* public GET whose 200 answer never changes while the server runs */
        HTTP_UPLOAD = 2, /* carries files: its body may reach HTTP_UPLOAD_MAX bytes */
        HTTP_LOCAL = 4,  /* also open without credentials to a client on a loopback address */
};

struct http_route {
        const char *method;             /* "GET", "POST", "PUT", "PATCH" or "DELETE" */
        const char *pattern;            /* "/api/v1/enterprises/{uscc}" */
        uint32_t roles;                 /* HTTP_PUBLIC, or HTTP_ROLE(...) | ... */
        const struct http_field *query; /* accepted query parameters, or NULL: none */
        const struct http_field *body;  /* JSON object body fields, or NULL: no body */
        http_handler handler;
        unsigned flags;
        const char *summary; /* one line for --print-routes */
};

/* The route table (routes.c). */
extern const struct http_route http_routes[];
extern const size_t http_nroutes;

struct http_param {
        const char *name; /* points into the route's pattern, name_len bytes */
        size_t name_len;
        char value[HTTP_PARAM_MAX];
};

struct http_query_arg {
        const char *name;
        const char *value; /* "" when given without '=' */
};

struct http_server;

struct http_req {
        struct app *app;                    /* this worker's application context */
        const struct actor *actor;          /* NULL when not signed in (public routes) */
        const struct user_session *session; /* NULL when not signed in */
        const char *token;                  /* the credential presented, or NULL */
        bool by_cookie;                     /* the credential came in the cookie */
        const struct http_route *route;
        const char *method;
        const char *path;
        const char *address; /* the client's address */
        const char *device;  /* the gl_device cookie (a known browser), or NULL */
        struct http_param params[HTTP_MAX_PARAMS];
        size_t nparams;
        struct http_query_arg query[HTTP_MAX_QUERY];
        size_t nquery;
        json_t *body; /* the validated body object, or NULL */
        struct http_server *server;

        /* The answer, set by http_reply_*. */
        int status;
        char *out; /* malloc'd */
        size_t out_len;
        const char *content_type;
        char *set_cookie;  /* malloc'd Set-Cookie value, or NULL */
        char *set_device;  /* malloc'd second Set-Cookie value (the device cookie), or NULL */
        char *disposition; /* malloc'd Content-Disposition value, or NULL */
};

/* The largest body a route accepts: HTTP_UPLOAD_MAX for HTTP_UPLOAD routes, else HTTP_BODY_MAX. */
size_t http_body_limit(const struct http_route *route);

/* Path parameter by name; "" when absent. */
const char *http_param(const struct http_req *req, const char *name);
/* Query parameters (already validated against the route): NULL / dflt when absent. */
const char *http_query_text(const struct http_req *req, const char *name);
int64_t http_query_int(const struct http_req *req, const char *name, int64_t dflt);
bool http_query_bool(const struct http_req *req, const char *name, bool dflt);
gl_date http_query_date(const struct http_req *req, const char *name); /* GL_DATE_NONE: absent */
/* Every value of a repeated query parameter in the order given, at most max of them into out
 * (pointers into the request); returns how many there are. */
size_t http_query_all(const struct http_req *req, const char *name, const char **out, size_t max);
/* Body fields (already validated): NULL / dflt when absent. */
const char *http_body_text(const struct http_req *req, const char *name);
int64_t http_body_int(const struct http_req *req, const char *name, int64_t dflt);
bool http_body_bool(const struct http_req *req, const char *name, bool dflt);
gl_date http_body_date(const struct http_req *req, const char *name);
json_t *http_body_value(const struct http_req *req, const char *name); /* borrowed */

/*
 * Path parameter as an integer in [min, max]; otherwise answers 404 (a path that names nothing)
 * and returns -1: `if (http_param_int_or_reply(req, "n", 1, 99, &n) != 0) return;`.
 */
int http_param_int_or_reply(struct http_req *req, const char *name, int64_t min, int64_t max,
                            int64_t *out);

/* Answers with a JSON value (stolen; NULL answers 500). */
void http_reply_json(struct http_req *req, int status, json_t *value);
/* Answers with text of a content type (text is copied). */
void http_reply_text(struct http_req *req, int status, const char *content_type, const char *text,
                     size_t len);
/* Answers with a binary body of a content type: data (malloc'd, len bytes) is stolen, also when
 * the answer fails; disposition (may be NULL) is the Content-Disposition header, copied. */
void http_reply_bytes(struct http_req *req, int status, const char *content_type,
                      unsigned char *data, size_t len, const char *disposition);
/* The media type of an Excel workbook. */
#define HTTP_XLSX_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

/* A file a handler writes and then sends (an export, a template): a private directory of its own
 * under $TMPDIR (or /tmp) holding one file named name. */
struct http_scratch {
        char dir[512];
        char path[1024];
};
/* Makes the directory; -1 after answering 500 when it cannot be made. */
int http_scratch_open(struct http_req *req, struct http_scratch *s, const char *name);
/* Answers 200 with the scratch file to save as file_name, or 500 when it cannot be read; removes
 * the file and the directory either way. */
void http_reply_scratch(struct http_req *req, struct http_scratch *s, const char *content_type,
                        const char *file_name);
/* Removes the file and the directory without answering. */
void http_scratch_close(struct http_scratch *s);

/* Answers {"error": {"code", "message", "field"}}. */
void http_reply_error(struct http_req *req, int status, const char *code, const char *field,
                      const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Answers an error of app/ with the HTTP status its code means (see http_status_of). */
void http_reply_gl(struct http_req *req, const struct gl_error *err);
/* 400 invalid, 401 auth, 403 perm, 404 not found, 409 conflict and state, 429 limit, 500 else. */
int http_status_of(int gl_status);

/* The error body as text (malloc'd), for the server's own checks. */
char *http_error_body(const char *code, const char *field, const char *message);

/*
 * Router: finds the route for method and path, filling params. NULL when none; then *allow (at
 * least 64 bytes) lists the methods the path accepts, empty when the path is unknown (404) and
 * not empty when only the method is wrong (405). HEAD matches GET routes.
 */
const struct http_route *http_route_find(const struct http_route *routes, size_t n,
                                         const char *method, const char *path,
                                         struct http_param params[HTTP_MAX_PARAMS], size_t *nparams,
                                         char *allow, size_t allow_size);
/* Whether path matches pattern, filling params (may be NULL when counting only). */
bool http_pattern_match(const char *pattern, const char *path,
                        struct http_param params[HTTP_MAX_PARAMS], size_t *nparams);

/*
 * Input validation against a field table. Body: parses the len bytes at text (which need not end
 * in a NUL: the server hands over a read-only mapping of a spooled body) as a JSON object and
 * checks it (GL_EINVAL naming the field, message in Chinese); *out receives the object (caller
 * json_decref's). Query: checks names, duplicates and value types.
 */
int http_validate_body(const struct http_field *fields, const char *text, size_t len, json_t **out,
                       struct gl_error *err);
int http_validate_query(const struct http_field *fields, const struct http_query_arg *args,
                        size_t n, struct gl_error *err);

#endif

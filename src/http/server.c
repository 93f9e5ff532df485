/*
 * The request lifecycle on libmicrohttpd. MHD calls on_request first with the headers (where every
 * check that needs only headers is made, and an early error is answered at once without reading
 * the body), then with each piece of the body (kept up to the route's limit, 413 beyond), then once
 * more when the body is complete (where the body is validated and the handler runs). on_completed
 * records the metrics and writes the access-log line, also for requests the client abandoned.
 *
 * A body is spooled as it arrives (spool.h): in memory up to HTTP_SPOOL_MEMORY_MAX (64 KiB, every
 * ordinary route's limit), beyond that — the uploads of HTTP_UPLOAD routes — in an unlinked
 * temporary file in $TMPDIR (or /tmp), mapped read-only once complete and parsed from the mapping
 * by its length (it has no NUL at its end). The handler sees only the parsed body, so the spool is
 * given back as soon as it is parsed. A spool that cannot be written (the disk full, no file to be
 * made) is answered once the body has arrived, 507 when there is no room for it and 503 otherwise,
 * and the handler does not run: nothing changes. The exchange owns its spool, and on_completed
 * gives back whatever is left of it (memory, file, mapping) however the request ended, after an
 * error or a client gone away too, so no file outlives its request.
 *
 * Workers borrow a database connection (a struct app of their own) for one callback at a time and
 * give it back before returning, so a worker never holds two and never waits on itself; with as
 * many connections as threads nobody waits at all. Answers of HTTP_CACHE routes are kept as MHD
 * responses and reused. Counters are atomics, updated without locks.
 */
#include "server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <microhttpd.h>
#include <netdb.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../app/case.h"
#include "spool.h"
#include "watch.h"
#include "webfile.h"

#define CACHE_MAX 64
#define COOKIE_NAME "gl_session"

static const int tracked_status[] = {200, 201, 204, 304, 400, 401, 403, 404,
                                     405, 409, 413, 415, 429, 500, 503, 507};
#define NSTATUS (GL_ARRAY_LEN(tracked_status) + 1) /* the last counts any other status */
static const double bucket_le[] = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
#define NBUCKETS (GL_ARRAY_LEN(bucket_le) + 1) /* the last is +Inf */

struct route_metrics {
        atomic_ullong status[NSTATUS];
        atomic_ullong bucket[NBUCKETS];
        atomic_ullong sum_us;
};

struct cache_entry {
        char *path;
        struct MHD_Response *response;
        size_t bytes;
};

/* Large bodies (past HTTP_BODY_MAX) received at once: per user, and users at once. */
#define UPLOADS_PER_USER 2
#define UPLOAD_USERS_MAX 32

struct http_server {
        const struct http_options *opt;
        struct MHD_Daemon *daemon;
        char web_root[PATH_MAX]; /* "" when no web app is served */

        pthread_mutex_t pool_lock;
        pthread_cond_t pool_cond;
        struct app **apps; /* all worker contexts */
        size_t napps;
        struct app **idle; /* the ones not lent out */
        size_t nidle;

        struct route_metrics *metrics; /* http_nroutes + 2: static files, unmatched */
        atomic_long in_flight;

        pthread_rwlock_t cache_lock;
        struct cache_entry cache[CACHE_MAX];
        size_t ncache;

        struct http_watch *watch; /* the request deadlines */

        /* Uploads being received, per user: each holds up to HTTP_UPLOAD_MAX bytes of disk in
         * its spool and is then parsed in memory, so one user may send only UPLOADS_PER_USER at
         * a time. */
        pthread_mutex_t uploads_lock;
        struct upload_count {
                char user[64];
                unsigned n;
        } uploads[UPLOAD_USERS_MAX];
};

/* One request, from its headers to its completion. */
struct exchange {
        struct http_req req;
        struct timespec start;
        size_t metric;
        struct user_session session;
        struct http_spool body; /* made empty as the exchange is; given back by on_completed */
        int body_error;         /* the errno of a body that could not be spooled, else 0 */
        bool too_large;
        bool responded;
        int status;
        size_t bytes;
        char allow[64];
        char address[INET6_ADDRSTRLEN];
        char *path;
        bool uploading;         /* counted in the server's uploads until it completes */
        bool uploading_refused; /* refused for the uploads the user already sends */
};

static struct app *pool_acquire(struct http_server *s)
{
        pthread_mutex_lock(&s->pool_lock);
        while (s->nidle == 0)
                pthread_cond_wait(&s->pool_cond, &s->pool_lock);
        struct app *a = s->idle[--s->nidle];
        pthread_mutex_unlock(&s->pool_lock);
        return a;
}

static void pool_release(struct http_server *s, struct app *a)
{
        pthread_mutex_lock(&s->pool_lock);
        s->idle[s->nidle++] = a;
        pthread_cond_signal(&s->pool_cond);
        pthread_mutex_unlock(&s->pool_lock);
}

static size_t status_index(int status)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(tracked_status); i++)
                if (tracked_status[i] == status)
                        return i;
        return NSTATUS - 1;
}

static void add_common_headers(struct MHD_Response *r, const char *content_type, bool api)
{
        if (content_type)
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, content_type);
        MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
        if (api)
                MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
}

/* Queues the answer a handler or a check left in x->req. */
static enum MHD_Result respond(struct MHD_Connection *c, struct exchange *x)
{
        struct http_req *req = &x->req;
        if (req->out == NULL)
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (no answer)");
        struct MHD_Response *r =
            MHD_create_response_from_buffer(req->out_len, req->out, MHD_RESPMEM_MUST_FREE);
        if (r == NULL)
                return MHD_NO;
        x->bytes = req->out_len;
        req->out = NULL;
        add_common_headers(r, req->content_type, true);
        if (req->set_cookie)
                MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, req->set_cookie);
        if (req->set_device)
                MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, req->set_device);
        if (req->disposition)
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_DISPOSITION, req->disposition);
        if (req->status == 405 && x->allow[0])
                MHD_add_response_header(r, MHD_HTTP_HEADER_ALLOW, x->allow);
        if (req->status == 401)
                MHD_add_response_header(r, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
                                        "Bearer realm=\"greenlane\"");
        if (req->status == 429) {
                char after[16];
                snprintf(after, sizeof(after), "%d",
                         x->uploading_refused ? 10 : USER_THROTTLE_LOCK);
                MHD_add_response_header(r, MHD_HTTP_HEADER_RETRY_AFTER, after);
        }
        enum MHD_Result ok = MHD_queue_response(c, (unsigned)req->status, r);
        MHD_destroy_response(r);
        x->status = req->status;
        x->responded = true;
        return ok;
}

/* Answers an error found by the server's own checks. */
static enum MHD_Result fail(struct MHD_Connection *c, struct exchange *x, int status,
                            const char *code, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 6, 7)));

static enum MHD_Result fail(struct MHD_Connection *c, struct exchange *x, int status,
                            const char *code, const char *field, const char *fmt, ...)
{
        char message[512];
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(message, sizeof(message), fmt, ap);
        va_end(ap);
        http_reply_error(&x->req, status, code, field, "%s", message);
        return respond(c, x);
}

static enum MHD_Result fail_gl(struct MHD_Connection *c, struct exchange *x,
                               const struct gl_error *err)
{
        http_reply_gl(&x->req, err);
        return respond(c, x);
}

/* Notes that the body could not be spooled (error: an errno), once, in the log; the rest of the
 * body is read and dropped, and run_handler answers with fail_spool. */
static void spool_failed(struct exchange *x, int error)
{
        x->body_error = error;
        fprintf(stderr, "greenlane: %s %s: 请求正文未能暂存 (the body could not be spooled): %s\n",
                x->req.method, x->path, strerror(error));
}

/* Answers a body that could not be spooled: 507 when there is no room for it (the disk full, a
 * quota or the file size limit reached), 503 otherwise (no temporary file could be made, no
 * memory); the client may send it again later. */
static enum MHD_Result fail_spool(struct MHD_Connection *c, struct exchange *x, int error)
{
        if (error == ENOSPC || error == EDQUOT || error == EFBIG)
                return fail(c, x, 507, "insufficient_storage", "body",
                            "服务器存储空间不足，未能接收请求正文，请稍后重试 (no room on the "
                            "server for the body; try again later)");
        return fail(c, x, 503, "unavailable", "body",
                    "服务器暂时无法接收请求正文，请稍后重试 (the server cannot take the body now; "
                    "try again later)");
}

/*
 * Serves a file of the web app (webfile.h: which file, in which form, cached how). A path that
 * names no file and whose last segment has no dot is answered with index.html, so that the web
 * app's own routes survive a reload; a missing asset stays 404.
 */
static enum MHD_Result serve_static(struct http_server *s, struct MHD_Connection *c,
                                    struct exchange *x, const char *path)
{
        x->metric = http_nroutes;
        const char *accept =
            MHD_lookup_connection_value(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        struct web_file f;
        if (web_file_open(s->web_root, path, accept, &f) != 0)
                return fail(c, x, 404, "not_found", "", "没有该页面 (not found)");
        struct MHD_Response *r = MHD_create_response_from_fd((size_t)f.size, f.fd);
        if (r == NULL) {
                close(f.fd);
                return MHD_NO;
        }
        add_common_headers(r, f.content_type, false);
        if (f.encoding)
                MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_ENCODING, f.encoding);
        MHD_add_response_header(r, MHD_HTTP_HEADER_VARY, MHD_HTTP_HEADER_ACCEPT_ENCODING);
        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, f.cache_control);
        MHD_add_response_header(r, "X-Frame-Options", "DENY");
        enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_OK, r);
        MHD_destroy_response(r);
        x->status = 200;
        x->bytes = (size_t)f.size;
        x->responded = true;
        return ok;
}

static bool is_api_path(const char *path)
{
        return strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0 ||
               strcmp(path, "/healthz") == 0 || strcmp(path, "/metrics") == 0;
}

static enum MHD_Result collect_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                     const char *value)
{
        (void)kind;
        struct exchange *x = cls;
        if (x->req.nquery >= HTTP_MAX_QUERY) {
                x->too_large = true;
                return MHD_NO;
        }
        x->req.query[x->req.nquery].name = key;
        x->req.query[x->req.nquery].value = value ? value : "";
        x->req.nquery++;
        return MHD_YES;
}

/*
 * libmicrohttpd's unescaping of the path and of each query key and value ("%41" is "A"), except
 * that "%00" becomes the byte 0xFF, which no UTF-8 text holds: a NUL would cut the text short
 * unseen ("/api/v1/x%00/y" read as "/api/v1/x"); 0xFF makes it text that check_text refuses.
 */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
        (void)cls;
        (void)c;
        char *w = s;
        const char *r = s;
        while (*r) {
                if (r[0] == '%' && isxdigit((unsigned char)r[1]) && isxdigit((unsigned char)r[2])) {
                        char hex[3] = {r[1], r[2], '\0'};
                        unsigned long v = strtoul(hex, NULL, 16);
                        *w++ = v == 0 ? (char)0xFF : (char)v;
                        r += 3;
                } else {
                        *w++ = *r++;
                }
        }
        *w = '\0';
        return (size_t)(w - s);
}

/* Whether s is UTF-8 text without control characters other than tab (a decoded path or query). */
static bool plain_text(const char *s)
{
        while (*s) {
                uint32_t cp;
                size_t n = gl_utf8_char(s, &cp);
                if (n == 0 || (cp < 0x20 && cp != '\t') || cp == 0x7f)
                        return false;
                s += n;
        }
        return true;
}

static enum MHD_Result find_bad_query(void *cls, enum MHD_ValueKind kind, const char *key,
                                      const char *value)
{
        (void)kind;
        const char **bad = cls;
        if (!plain_text(key) || (value && !plain_text(value))) {
                *bad = key;
                return MHD_NO;
        }
        return MHD_YES;
}

/* Counts the headers named as cls says (case-insensitive). */
struct header_count {
        const char *name;
        int n;
};
static enum MHD_Result count_header(void *cls, enum MHD_ValueKind kind, const char *key,
                                    const char *value)
{
        (void)kind;
        (void)value;
        struct header_count *h = cls;
        if (strcasecmp(key, h->name) == 0)
                h->n++;
        return MHD_YES;
}

/*
 * What every request must be before anything reads it: its path and query UTF-8 text (no NUL, no
 * control character), and its length said once — two Content-Length headers, or one beside
 * Transfer-Encoding, are how a request is smuggled past a proxy that reads the other one.
 */
static bool sound_request(struct MHD_Connection *c, struct exchange *x, const char *url,
                          enum MHD_Result *result)
{
        if (!plain_text(url)) {
                *result =
                    fail(c, x, 400, "invalid", "path",
                         "路径含 NUL、控制字符或无效的 UTF-8 (the path holds a NUL, a control "
                         "character or bytes that are not UTF-8)");
                return false;
        }
        const char *bad = NULL;
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, find_bad_query, (void *)&bad);
        if (bad != NULL) {
                *result = fail(c, x, 400, "invalid", "query",
                               "查询参数含 NUL、控制字符或无效的 UTF-8 (a query parameter holds a "
                               "NUL, a control character or bytes that are not UTF-8)");
                return false;
        }
        struct header_count length = {"Content-Length", 0}, chunked = {"Transfer-Encoding", 0};
        MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &length);
        MHD_get_connection_values(c, MHD_HEADER_KIND, count_header, &chunked);
        if (length.n > 1 || (length.n > 0 && chunked.n > 0)) {
                *result = fail(c, x, 400, "invalid", "Content-Length",
                               "请求长度重复声明 (Content-Length given twice, or with "
                               "Transfer-Encoding)");
                return false;
        }
        return true;
}

/* The credential of the request: a bearer token, else the session cookie. */
static const char *credential(struct MHD_Connection *c, bool *by_cookie)
{
        const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
        *by_cookie = false;
        if (auth) {
                if (strncasecmp(auth, "Bearer ", 7) != 0)
                        return "";
                auth += 7;
                while (*auth == ' ')
                        auth++;
                return auth;
        }
        const char *cookie = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, COOKIE_NAME);
        if (cookie) {
                *by_cookie = true;
                return cookie;
        }
        return NULL;
}

static bool is_write(const char *method)
{
        return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* Authentication, role and CSRF checks; answers and returns false when the request may not go on.
 */
bool http_cookie_secure(const struct http_server *server)
{
        const struct http_options *o = server ? server->opt : NULL;
        if (o == NULL || o->secure_cookie == HTTP_SECURE_OFF)
                return false;
        if (o->secure_cookie == HTTP_SECURE_ON)
                return true;
        const char *h = o->host ? o->host : "";
        bool loopback_host = strncmp(h, "127.", 4) == 0 || strcmp(h, "::1") == 0 ||
                             strcmp(h, "[::1]") == 0 || strcmp(h, "localhost") == 0;
        return !loopback_host;
}

/* Whether the client is on this machine (127.0.0.0/8, ::1, or IPv4 mapped into IPv6). */
static bool loopback(struct MHD_Connection *c)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        const struct sockaddr *sa = ci ? ci->client_addr : NULL;
        if (sa && sa->sa_family == AF_INET)
                return (ntohl(((const struct sockaddr_in *)sa)->sin_addr.s_addr) >> 24) == 127;
        if (sa && sa->sa_family == AF_INET6) {
                const struct in6_addr *a = &((const struct sockaddr_in6 *)sa)->sin6_addr;
                if (IN6_IS_ADDR_LOOPBACK(a))
                        return true;
                return IN6_IS_ADDR_V4MAPPED(a) && a->s6_addr[12] == 127;
        }
        return false;
}

static bool authorize(struct http_server *s, struct MHD_Connection *c, struct exchange *x,
                      enum MHD_Result *result)
{
        const struct http_route *route = x->req.route;
        if (route->roles & HTTP_PUBLIC)
                return true;
        if ((route->flags & HTTP_LOCAL) && loopback(c))
                return true;
        bool by_cookie;
        const char *token = credential(c, &by_cookie);
        if (token == NULL) {
                *result = fail(c, x, 401, "unauthenticated", "", "请先登录 (sign in first)");
                return false;
        }
        struct gl_error err = {0};
        struct app *app = pool_acquire(s);
        int rc = app_user_from_token(app, token, &x->session, &err);
        pool_release(s, app);
        if (rc != GL_OK) {
                if (rc == GL_EAUTH)
                        *result = fail(c, x, 401, "unauthenticated", "", "%s", err.message);
                else
                        *result = fail_gl(c, x, &err);
                return false;
        }
        x->req.actor = &x->session.actor;
        x->req.session = &x->session;
        x->req.token = token;
        x->req.by_cookie = by_cookie;
        if (!(route->roles & HTTP_ROLE(x->session.actor.role))) {
                *result = fail(c, x, 403, "forbidden", "",
                               "您的角色（%s）无权执行此操作 (your role may not do this)",
                               role_label_zh(x->session.actor.role));
                return false;
        }
        if (by_cookie && is_write(x->req.method)) {
                const char *csrf = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-CSRF-Token");
                if (!user_csrf_matches(&x->session, csrf)) {
                        *result = fail(c, x, 403, "csrf", "X-CSRF-Token",
                                       "缺少或错误的 CSRF 令牌 (missing or wrong X-CSRF-Token)");
                        return false;
                }
        }
        return true;
}

static bool json_content_type(const char *ct)
{
        if (ct == NULL)
                return false;
        size_t n = strlen("application/json");
        return strncasecmp(ct, "application/json", n) == 0 &&
               (ct[n] == '\0' || ct[n] == ';' || ct[n] == ' ');
}

/* Counts one more upload of user; false when the user already sends UPLOADS_PER_USER (or too many
 * users send at once). */
static bool upload_begin(struct http_server *s, const char *user)
{
        bool ok = false;
        pthread_mutex_lock(&s->uploads_lock);
        struct upload_count *free_slot = NULL, *mine = NULL;
        for (size_t i = 0; i < UPLOAD_USERS_MAX; i++) {
                struct upload_count *u = &s->uploads[i];
                if (u->n > 0 && strcmp(u->user, user) == 0)
                        mine = u;
                else if (u->n == 0 && free_slot == NULL)
                        free_slot = u;
        }
        if (mine == NULL && free_slot != NULL) {
                mine = free_slot;
                snprintf(mine->user, sizeof(mine->user), "%s", user);
        }
        if (mine != NULL && mine->n < UPLOADS_PER_USER) {
                mine->n++;
                ok = true;
        }
        pthread_mutex_unlock(&s->uploads_lock);
        return ok;
}

static void upload_end(struct http_server *s, const char *user)
{
        pthread_mutex_lock(&s->uploads_lock);
        for (size_t i = 0; i < UPLOAD_USERS_MAX; i++)
                if (s->uploads[i].n > 0 && strcmp(s->uploads[i].user, user) == 0) {
                        s->uploads[i].n--;
                        break;
                }
        pthread_mutex_unlock(&s->uploads_lock);
}

/*
 * Before a large body of a step on a case is read: the case must be one the user sees and could
 * take a step on — else the answer is the one the step would get (404, 409) without receiving
 * 16 MiB. The step's day is in the body, not read yet, and a step may be dated back
 * (app_case_could_step): refused here is only what no day would allow, such as a case in a state
 * from which the user's role takes no action; the rest is the step's to decide once it is read.
 */
static bool case_takes_step(struct http_server *s, struct MHD_Connection *c, struct exchange *x,
                            enum MHD_Result *result)
{
        const char *id_text = http_param(&x->req, "id");
        if (id_text == NULL || id_text[0] == '\0')
                return true;
        char *end;
        errno = 0;
        long long id = strtoll(id_text, &end, 10);
        if (*end != '\0' || errno != 0 || id < 1)
                return true; /* the handler answers the path as it would */
        bool could = false;
        struct gl_error err = {0};
        struct app *app = pool_acquire(s);
        int rc = app_case_could_step(app, x->req.actor, id, &could, &err);
        pool_release(s, app);
        if (rc != GL_OK) {
                *result = fail_gl(c, x, &err);
                return false;
        }
        if (!could) {
                *result = fail(c, x, 409, "wrong_state", "",
                               "该案件没有您可以办理的操作 (nothing on this case is yours to do)");
                return false;
        }
        return true;
}

/* Everything that can be checked from the headers. Returns true when the request goes on. */
static bool check_headers(struct http_server *s, struct MHD_Connection *c, struct exchange *x,
                          enum MHD_Result *result)
{
        struct http_req *req = &x->req;
        req->route = http_route_find(http_routes, http_nroutes, req->method, req->path, req->params,
                                     &req->nparams, x->allow, sizeof(x->allow));
        if (req->route == NULL) {
                if (x->allow[0])
                        *result = fail(c, x, 405, "method_not_allowed", "",
                                       "此接口不支持 %s 方法 (method not allowed; allowed: %s)",
                                       req->method, x->allow);
                else
                        *result = fail(c, x, 404, "not_found", "", "没有该接口 (no such route): %s",
                                       req->path);
                return false;
        }
        x->metric = (size_t)(req->route - http_routes);
        if (!authorize(s, c, x, result))
                return false;
        MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect_query, x);
        struct gl_error err = {0};
        if (x->too_large) {
                *result =
                    fail(c, x, 400, "invalid", "", "查询参数过多 (too many query parameters)");
                return false;
        }
        if (http_validate_query(req->route->query, req->query, req->nquery, &err) != GL_OK) {
                *result = fail_gl(c, x, &err);
                return false;
        }
        const char *length = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
        const char *chunked = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Transfer-Encoding");
        bool has_body = (length && strcmp(length, "0") != 0) || chunked;
        if (req->route->body == NULL) {
                if (has_body) {
                        *result = fail(c, x, 400, "invalid", "body",
                                       "此接口不接受请求正文 (no body expected)");
                        return false;
                }
                return true;
        }
        const char *ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
        if (!json_content_type(ct)) {
                *result = fail(c, x, 415, "unsupported_media_type", "Content-Type",
                               "请求正文应为 application/json (Content-Type must be "
                               "application/json)");
                return false;
        }
        size_t limit = http_body_limit(x->req.route);
        unsigned long long declared = length ? strtoull(length, NULL, 10) : 0;
        if (length && declared > limit) {
                *result = fail(c, x, 413, "payload_too_large", "body",
                               "请求正文过大，上限 %zu 字节 (body too large)", limit);
                return false;
        }
        /* A large upload (or one of unknown length) costs a spool file and a parse of up to
         * HTTP_UPLOAD_MAX bytes: before it is read, the case it is for must be one this user could
         * take a step on, and the user may send only a few at once. */
        bool large = (req->route->flags & HTTP_UPLOAD) && req->actor &&
                     (chunked || declared > HTTP_BODY_MAX);
        if (large && !case_takes_step(s, c, x, result))
                return false;
        if (large) {
                if (!upload_begin(s, req->actor->name)) {
                        x->uploading_refused = true;
                        *result = fail(c, x, 429, "limit", "",
                                       "您正在上传的文件过多，请等待其完成 (at most %d uploads at "
                                       "once)",
                                       UPLOADS_PER_USER);
                        return false;
                }
                x->uploading = true;
        }
        return true;
}

/* Answers from the cache when it holds this path; returns false on a miss. */
static bool serve_cached(struct http_server *s, struct MHD_Connection *c, struct exchange *x,
                         enum MHD_Result *result)
{
        bool hit = false;
        pthread_rwlock_rdlock(&s->cache_lock);
        for (size_t i = 0; i < s->ncache && !hit; i++) {
                if (strcmp(s->cache[i].path, x->req.path) == 0) {
                        *result = MHD_queue_response(c, MHD_HTTP_OK, s->cache[i].response);
                        x->bytes = s->cache[i].bytes;
                        hit = true;
                }
        }
        pthread_rwlock_unlock(&s->cache_lock);
        if (hit) {
                x->status = 200;
                x->responded = true;
        }
        return hit;
}

static void cache_store(struct http_server *s, struct exchange *x)
{
        struct http_req *req = &x->req;
        pthread_rwlock_wrlock(&s->cache_lock);
        bool present = false;
        for (size_t i = 0; i < s->ncache && !present; i++)
                present = strcmp(s->cache[i].path, req->path) == 0;
        if (!present && s->ncache < CACHE_MAX) {
                struct MHD_Response *r =
                    MHD_create_response_from_buffer(req->out_len, req->out, MHD_RESPMEM_MUST_COPY);
                char *path = strdup(req->path);
                if (r && path) {
                        add_common_headers(r, req->content_type, false);
                        MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL,
                                                "public, max-age=300");
                        s->cache[s->ncache].path = path;
                        s->cache[s->ncache].response = r;
                        s->cache[s->ncache].bytes = req->out_len;
                        s->ncache++;
                } else {
                        free(path);
                        if (r)
                                MHD_destroy_response(r);
                }
        }
        pthread_rwlock_unlock(&s->cache_lock);
}

/* Whether address is one of the comma-separated trusted proxies. */
static bool trusted_proxy(const char *list, const char *address)
{
        size_t n = strlen(address);
        for (const char *p = list; p && *p;) {
                const char *end = strchr(p, ',');
                size_t len = end ? (size_t)(end - p) : strlen(p);
                if (len == n && strncmp(p, address, n) == 0)
                        return true;
                p = end ? end + 1 : NULL;
        }
        return false;
}

/*
 * The client's address when the request came through a trusted proxy: the last address of
 * X-Forwarded-For (the one the proxy appended; what comes before it, the client wrote), when it is
 * a numeric address. The peer's own address otherwise.
 */
static void forwarded_address(struct http_server *s, struct MHD_Connection *c, struct exchange *x)
{
        if (s->opt->trusted_proxies == NULL || !trusted_proxy(s->opt->trusted_proxies, x->address))
                return;
        const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
        if (xff == NULL)
                return;
        const char *last = strrchr(xff, ',');
        last = last ? last + 1 : xff;
        while (*last == ' ' || *last == '\t')
                last++;
        char candidate[INET6_ADDRSTRLEN];
        size_t len = strcspn(last, " \t");
        if (len == 0 || len >= sizeof(candidate))
                return;
        memcpy(candidate, last, len);
        candidate[len] = '\0';
        unsigned char buf[sizeof(struct in6_addr)];
        if (inet_pton(AF_INET, candidate, buf) == 1 || inet_pton(AF_INET6, candidate, buf) == 1)
                memcpy(x->address, candidate, len + 1);
}

/* The watch entry of a connection (its socket context). */
static struct http_watch_entry *watch_entry(struct MHD_Connection *c)
{
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return ci ? ci->socket_context : NULL;
}

/* The body is complete: validate it and run the handler. */
static enum MHD_Result run_handler(struct http_server *s, struct MHD_Connection *c,
                                   struct exchange *x)
{
        struct http_req *req = &x->req;
        http_watch_answering(s->watch, watch_entry(c));
        if (x->too_large)
                return fail(c, x, 413, "payload_too_large", "body",
                            "请求正文过大，上限 %zu 字节 (body too large)",
                            http_body_limit(req->route));
        if (x->body_error != 0)
                return fail_spool(c, x, x->body_error);
        if (req->route->body) {
                const char *text;
                size_t len;
                int rc = http_spool_finish(&x->body, &text, &len);
                if (rc != 0) {
                        spool_failed(x, -rc);
                        return fail_spool(c, x, -rc);
                }
                struct gl_error err = {0};
                rc = http_validate_body(req->route->body, text, len, &req->body, &err);
                /* The handler reads the parsed body: the spool (a file's mapping, its space on
                 * disk) goes now rather than when the answer has been sent. */
                http_spool_free(&x->body);
                if (rc != GL_OK)
                        return fail_gl(c, x, &err);
        }
        bool cacheable = (req->route->flags & HTTP_CACHE) && strcmp(req->route->method, "GET") == 0;
        enum MHD_Result cached;
        if (cacheable && serve_cached(s, c, x, &cached))
                return cached;
        req->app = pool_acquire(s);
        req->route->handler(req);
        pool_release(s, req->app);
        req->app = NULL;
        /* The body lives until the handler returns (http.h): an upload's, a document of 12 MiB
         * in base64, is not kept while the answer waits its turn to be sent. */
        json_decref(req->body);
        req->body = NULL;
        if (cacheable && req->status == 200 && req->out)
                cache_store(s, x);
        return respond(c, x);
}

/* Every connection is watched from its first byte to its close (watch.h). */
static void on_connection(void *cls, struct MHD_Connection *c, void **socket_context,
                          enum MHD_ConnectionNotificationCode code)
{
        struct http_server *s = cls;
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
                const union MHD_ConnectionInfo *ci =
                    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
                *socket_context = ci ? http_watch_add(s->watch, ci->connect_fd) : NULL;
        } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
                http_watch_remove(s->watch, *socket_context);
                *socket_context = NULL;
        }
}

/*
 * libmicrohttpd's messages (a connection refused at a limit, a socket error), at most five a
 * second: a flood of refused connections must not become a flood of log lines. The number left
 * out is said with the next line that is written.
 */
static void on_library_message(void *cls, const char *fmt, va_list ap)
{
        (void)cls;
        static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
        static time_t second;
        static unsigned written;
        static unsigned long dropped;
        time_t now = time(NULL);
        pthread_mutex_lock(&lock);
        if (now != second) {
                second = now;
                written = 0;
        }
        if (written >= 5) {
                dropped++;
                pthread_mutex_unlock(&lock);
                return;
        }
        written++;
        if (dropped > 0) {
                fprintf(stderr,
                        "greenlane: libmicrohttpd: 另有 %lu 条消息未记录 (%lu messages left out)\n",
                        dropped, dropped);
                dropped = 0;
        }
        char line[512];
        vsnprintf(line, sizeof(line), fmt, ap);
        size_t n = strlen(line);
        while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
                line[--n] = '\0';
        fprintf(stderr, "greenlane: libmicrohttpd: %s\n", line);
        pthread_mutex_unlock(&lock);
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
        (void)version;
        struct http_server *s = cls;
        struct exchange *x = *con_cls;
        if (x == NULL) {
                x = calloc(1, sizeof(*x));
                if (x == NULL)
                        return MHD_NO;
                http_spool_init(&x->body);
                *con_cls = x;
                clock_gettime(CLOCK_MONOTONIC, &x->start);
                atomic_fetch_add(&s->in_flight, 1);
                x->metric = http_nroutes + 1;
                x->path = strdup(url);
                if (x->path == NULL)
                        return MHD_NO;
                const union MHD_ConnectionInfo *ci =
                    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
                const struct sockaddr *sa = ci ? ci->client_addr : NULL;
                if (sa && sa->sa_family == AF_INET)
                        inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, x->address,
                                  sizeof(x->address));
                else if (sa && sa->sa_family == AF_INET6)
                        inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr,
                                  x->address, sizeof(x->address));
                forwarded_address(s, c, x);
                x->req.method = method;
                x->req.path = x->path;
                x->req.address = x->address;
                x->req.server = s;
                x->req.status = 0;
                x->req.device = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "gl_device");
                http_watch_head(s->watch, watch_entry(c));
                enum MHD_Result refused = MHD_YES;
                if (!sound_request(c, x, url, &refused))
                        return refused;
                if (!is_api_path(url)) {
                        bool get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
                        if (s->web_root[0] && get)
                                return serve_static(s, c, x, url);
                        return fail(c, x, 404, "not_found", "", "没有该接口 (no such route): %s",
                                    url);
                }
                enum MHD_Result result = MHD_YES;
                if (!check_headers(s, c, x, &result))
                        return result;
                return MHD_YES;
        }
        if (x->responded) {
                *upload_data_size = 0;
                return MHD_YES;
        }
        if (*upload_data_size > 0) {
                size_t n = *upload_data_size;
                *upload_data_size = 0;
                if (x->too_large || x->body_error != 0)
                        return MHD_YES; /* read and dropped: the answer is known */
                if (x->body.len + n > http_body_limit(x->req.route)) {
                        x->too_large = true;
                        http_spool_free(&x->body);
                        return MHD_YES;
                }
                int rc = http_spool_add(&x->body, upload_data, n);
                if (rc != 0)
                        spool_failed(x, -rc);
                return MHD_YES;
        }
        return run_handler(s, c, x);
}

static void record(struct http_server *s, struct exchange *x, double seconds)
{
        struct route_metrics *m = &s->metrics[x->metric];
        atomic_fetch_add_explicit(&m->status[status_index(x->status)], 1, memory_order_relaxed);
        size_t b = 0;
        while (b < GL_ARRAY_LEN(bucket_le) && seconds > bucket_le[b])
                b++;
        atomic_fetch_add_explicit(&m->bucket[b], 1, memory_order_relaxed);
        atomic_fetch_add_explicit(&m->sum_us, (unsigned long long)(seconds * 1e6),
                                  memory_order_relaxed);
}

/*
 * Text of the request as the access log may show it: a control character, a quote, a backslash or
 * a byte that is not UTF-8 becomes \xHH, so that a decoded path or a name cannot end the line or
 * forge another; UTF-8 text is kept as it is. Cut to size at a character.
 */
static const char *log_text(const char *in, char *out, size_t size)
{
        size_t n = 0;
        const char *p = in ? in : "-";
        while (*p && n + 5 < size) {
                uint32_t cp;
                size_t len = gl_utf8_char(p, &cp);
                if (len == 0 || cp < 0x20 || cp == 0x7f || cp == '"' || cp == '\\') {
                        n += (size_t)snprintf(out + n, size - n, "\\x%02x", (unsigned char)*p);
                        p++;
                } else if (n + len < size) {
                        memcpy(out + n, p, len);
                        n += len;
                        p += len;
                } else {
                        break;
                }
        }
        out[n] = '\0';
        return out;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
        struct http_server *s = cls;
        struct exchange *x = *con_cls;
        if (x == NULL)
                return;
        *con_cls = NULL;
        http_watch_answered(s->watch, watch_entry(c));
        if (x->uploading && x->req.actor)
                upload_end(s, x->req.actor->name);
        struct timespec end;
        clock_gettime(CLOCK_MONOTONIC, &end);
        double seconds =
            (double)(end.tv_sec - x->start.tv_sec) + (double)(end.tv_nsec - x->start.tv_nsec) / 1e9;
        if (toe != MHD_REQUEST_TERMINATED_COMPLETED_OK && x->status == 0)
                x->status = 499; /* the client went away before an answer */
        record(s, x, seconds);
        char when[32];
        time_t now = time(NULL);
        struct tm tm;
        gmtime_r(&now, &tm);
        strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
        char method[32], path[1024], actor[256];
        fprintf(s->opt->access_log ? s->opt->access_log : stderr,
                "%s %s \"%s %s\" %d %zu %.3fms %s\n", when, x->address[0] ? x->address : "-",
                log_text(x->req.method, method, sizeof(method)),
                log_text(x->path, path, sizeof(path)), x->status, x->bytes, seconds * 1e3,
                log_text(x->req.actor ? x->req.actor->name : NULL, actor, sizeof(actor)));
        json_decref(x->req.body);
        free(x->req.out);
        free(x->req.set_cookie);
        free(x->req.set_device);
        free(x->req.disposition);
        http_spool_free(&x->body);
        free(x->path);
        sodium_memzero(&x->session, sizeof(x->session));
        free(x);
        atomic_fetch_sub(&s->in_flight, 1);
}

/* Appends printf output to a growing buffer; false on no memory. */
struct text {
        char *data;
        size_t len, cap;
        bool failed;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
        if (t->failed)
                return;
        for (;;) {
                va_list ap;
                va_start(ap, fmt);
                int n = vsnprintf(t->data ? t->data + t->len : NULL, t->data ? t->cap - t->len : 0,
                                  fmt, ap);
                va_end(ap);
                if (n < 0) {
                        t->failed = true;
                        return;
                }
                if (t->data && (size_t)n < t->cap - t->len) {
                        t->len += (size_t)n;
                        return;
                }
                size_t cap = t->cap ? t->cap * 2 : 4096;
                while (cap < t->len + (size_t)n + 1)
                        cap *= 2;
                char *grown = realloc(t->data, cap);
                if (grown == NULL) {
                        t->failed = true;
                        return;
                }
                t->data = grown;
                t->cap = cap;
        }
}

static void metric_labels(size_t i, const char **method, const char **route)
{
        if (i < http_nroutes) {
                *method = http_routes[i].method;
                *route = http_routes[i].pattern;
        } else {
                *method = "any"; /* the web app's files, and requests that matched no route */
                *route = i == http_nroutes ? "static" : "unmatched";
        }
}

char *http_metrics_text(struct http_server *s)
{
        struct text t = {0};
        size_t n = http_nroutes + 2;
        text_add(&t, "# HELP greenlane_http_requests_total Requests answered, by route and "
                     "status.\n# TYPE greenlane_http_requests_total counter\n");
        for (size_t i = 0; i < n; i++) {
                const char *method, *route;
                metric_labels(i, &method, &route);
                for (size_t k = 0; k < NSTATUS; k++) {
                        unsigned long long v = atomic_load(&s->metrics[i].status[k]);
                        if (v == 0)
                                continue;
                        char status[8];
                        if (k < GL_ARRAY_LEN(tracked_status))
                                snprintf(status, sizeof(status), "%d", tracked_status[k]);
                        else
                                snprintf(status, sizeof(status), "other");
                        text_add(&t,
                                 "greenlane_http_requests_total{method=\"%s\",route=\"%s\","
                                 "status=\"%s\"} %llu\n",
                                 method, route, status, v);
                }
        }
        text_add(&t, "# HELP greenlane_http_errors_total Requests answered with a 4xx or 5xx "
                     "status, by route.\n# TYPE greenlane_http_errors_total counter\n");
        for (size_t i = 0; i < n; i++) {
                unsigned long long client = 0, server = 0;
                for (size_t k = 0; k < GL_ARRAY_LEN(tracked_status); k++) {
                        unsigned long long v = atomic_load(&s->metrics[i].status[k]);
                        if (tracked_status[k] >= 500)
                                server += v;
                        else if (tracked_status[k] >= 400)
                                client += v;
                }
                client += atomic_load(&s->metrics[i].status[NSTATUS - 1]);
                const char *method, *route;
                metric_labels(i, &method, &route);
                if (client)
                        text_add(&t,
                                 "greenlane_http_errors_total{method=\"%s\",route=\"%s\","
                                 "class=\"4xx\"} %llu\n",
                                 method, route, client);
                if (server)
                        text_add(&t,
                                 "greenlane_http_errors_total{method=\"%s\",route=\"%s\","
                                 "class=\"5xx\"} %llu\n",
                                 method, route, server);
        }
        text_add(&t, "# HELP greenlane_http_request_duration_seconds Time from the request's "
                     "headers to its completion.\n"
                     "# TYPE greenlane_http_request_duration_seconds histogram\n");
        for (size_t i = 0; i < n; i++) {
                unsigned long long count = 0;
                for (size_t b = 0; b < NBUCKETS; b++)
                        count += atomic_load(&s->metrics[i].bucket[b]);
                if (count == 0)
                        continue;
                const char *method, *route;
                metric_labels(i, &method, &route);
                unsigned long long cumulative = 0;
                for (size_t b = 0; b < NBUCKETS; b++) {
                        cumulative += atomic_load(&s->metrics[i].bucket[b]);
                        char le[16];
                        if (b < GL_ARRAY_LEN(bucket_le))
                                snprintf(le, sizeof(le), "%g", bucket_le[b]);
                        else
                                snprintf(le, sizeof(le), "+Inf");
                        text_add(&t,
                                 "greenlane_http_request_duration_seconds_bucket{method=\"%s\","
                                 "route=\"%s\",le=\"%s\"} %llu\n",
                                 method, route, le, cumulative);
                }
                text_add(
                    &t,
                    "greenlane_http_request_duration_seconds_sum{method=\"%s\",route=\"%s\"} "
                    "%.6f\n"
                    "greenlane_http_request_duration_seconds_count{method=\"%s\",route=\"%s\"} "
                    "%llu\n",
                    method, route, (double)atomic_load(&s->metrics[i].sum_us) / 1e6, method, route,
                    count);
        }
        const union MHD_DaemonInfo *di =
            s->daemon ? MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_CURRENT_CONNECTIONS) : NULL;
        text_add(&t,
                 "# HELP greenlane_http_connections Open connections.\n"
                 "# TYPE greenlane_http_connections gauge\ngreenlane_http_connections %u\n"
                 "# HELP greenlane_http_requests_in_flight Requests being answered.\n"
                 "# TYPE greenlane_http_requests_in_flight gauge\n"
                 "greenlane_http_requests_in_flight %ld\n",
                 di ? di->num_connections : 0, atomic_load(&s->in_flight));
        if (t.failed) {
                free(t.data);
                return NULL;
        }
        return t.data;
}

static void server_free(struct http_server *s)
{
        for (size_t i = 0; s->apps && i < s->napps; i++)
                app_close(s->apps[i]);
        free(s->apps);
        free(s->idle);
        for (size_t i = 0; i < s->ncache; i++) {
                free(s->cache[i].path);
                MHD_destroy_response(s->cache[i].response);
        }
        free(s->metrics);
        http_watch_stop(s->watch);
        pthread_mutex_destroy(&s->uploads_lock);
        pthread_mutex_destroy(&s->pool_lock);
        pthread_cond_destroy(&s->pool_cond);
        pthread_rwlock_destroy(&s->cache_lock);
}

static int server_init(struct http_server *s, struct app *app, const struct http_options *opt,
                       struct gl_error *err)
{
        memset(s, 0, sizeof(*s));
        s->opt = opt;
        pthread_mutex_init(&s->pool_lock, NULL);
        pthread_cond_init(&s->pool_cond, NULL);
        pthread_rwlock_init(&s->cache_lock, NULL);
        pthread_mutex_init(&s->uploads_lock, NULL);
        s->napps = opt->threads ? opt->threads : 1;
        s->apps = calloc(s->napps, sizeof(*s->apps));
        s->idle = calloc(s->napps, sizeof(*s->idle));
        s->metrics = calloc(http_nroutes + 2, sizeof(*s->metrics));
        s->watch = http_watch_start(opt->head_timeout_seconds ? opt->head_timeout_seconds : 30,
                                    opt->body_timeout_seconds ? opt->body_timeout_seconds : 120,
                                    opt->timeout_seconds);
        if (s->apps == NULL || s->idle == NULL || s->metrics == NULL || s->watch == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        for (size_t i = 0; i < s->napps; i++) {
                int rc = app_open_sharing(app, opt->db_url, &s->apps[i], err);
                if (rc != GL_OK)
                        return rc;
                s->idle[s->nidle++] = s->apps[i];
        }
        if (opt->web_dir && opt->web_dir[0]) {
                if (realpath(opt->web_dir, s->web_root) == NULL)
                        return gl_fail(err, GL_EIO, "web",
                                       "找不到网页目录 %s (web directory not "
                                       "found)",
                                       opt->web_dir);
        }
        return GL_OK;
}

/* Resolves host and port; fills addr and says whether it is IPv6. */
static int resolve(const struct http_options *opt, struct sockaddr_storage *addr, bool *ipv6,
                   struct gl_error *err)
{
        struct addrinfo hints = {0}, *res = NULL;
        hints.ai_family = AF_UNSPEC;
        hints.ai_socktype = SOCK_STREAM;
        hints.ai_flags = AI_PASSIVE;
        char port[8];
        snprintf(port, sizeof(port), "%u", opt->port);
        int rc = getaddrinfo(opt->host, port, &hints, &res);
        if (rc != 0 || res == NULL)
                return gl_fail(err, GL_EINVAL, "listen", "无法解析监听地址 %s (%s)", opt->host,
                               gai_strerror(rc));
        memcpy(addr, res->ai_addr, res->ai_addrlen);
        *ipv6 = res->ai_family == AF_INET6;
        freeaddrinfo(res);
        return GL_OK;
}

/* Waits until the requests in flight are answered, or HTTP_DRAIN_SECONDS pass. */
static void drain(struct http_server *s)
{
        struct timespec step = {0, 20 * 1000 * 1000};
        for (int i = 0; i < HTTP_DRAIN_SECONDS * 50 && atomic_load(&s->in_flight) > 0; i++)
                nanosleep(&step, NULL);
}

/*
 * Starts libmicrohttpd on s with its internal threads, listening on addr; with addr NULL it listens
 * on nothing and serves only the connections handed to it (http_server_add_connection), watched
 * with poll(2) rather than epoll: such a connection may bring its request and its end at once,
 * and libmicrohttpd 0.9.75 on epoll's edge-triggered events reads the request but does not see
 * the end until the idle timeout.
 */
static struct MHD_Daemon *start_daemon(struct http_server *s, const struct sockaddr *addr,
                                       bool ipv6)
{
        const struct http_options *opt = s->opt;
        unsigned flags = (addr ? MHD_USE_AUTO_INTERNAL_THREAD : MHD_USE_POLL_INTERNAL_THREAD) |
                         MHD_USE_ITC | MHD_USE_ERROR_LOG | (ipv6 ? MHD_USE_IPv6 : 0) |
                         (addr ? 0 : MHD_USE_NO_LISTEN_SOCKET);
        return MHD_start_daemon(
            flags, 0, NULL, NULL, on_request, s, MHD_OPTION_EXTERNAL_LOGGER, on_library_message,
            NULL, MHD_OPTION_NOTIFY_CONNECTION, on_connection, s, MHD_OPTION_SOCK_ADDR, addr,
            MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->napps, MHD_OPTION_CONNECTION_LIMIT,
            opt->connection_limit, MHD_OPTION_PER_IP_CONNECTION_LIMIT, opt->per_ip_limit,
            MHD_OPTION_CONNECTION_TIMEOUT, opt->timeout_seconds, MHD_OPTION_NOTIFY_COMPLETED,
            on_completed, s, MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
}

int http_serve(struct app *app, const struct http_options *opt, struct gl_error *err)
{
        struct http_server s;
        int rc = server_init(&s, app, opt, err);
        if (rc != GL_OK)
                goto done;
        struct sockaddr_storage addr;
        bool ipv6 = false;
        if ((rc = resolve(opt, &addr, &ipv6, err)) != GL_OK)
                goto done;

        sigset_t stop, old;
        sigemptyset(&stop);
        sigaddset(&stop, SIGTERM);
        sigaddset(&stop, SIGINT);
        pthread_sigmask(SIG_BLOCK, &stop, &old); /* the workers inherit the mask */
        s.daemon = start_daemon(&s, (struct sockaddr *)&addr, ipv6);
        if (s.daemon == NULL) {
                pthread_sigmask(SIG_SETMASK, &old, NULL);
                rc = gl_fail(err, GL_EIO, "listen", "无法在 %s:%u 上监听 (cannot listen: %s)",
                             opt->host, opt->port, strerror(errno));
                goto done;
        }
        const union MHD_DaemonInfo *di = MHD_get_daemon_info(s.daemon, MHD_DAEMON_INFO_BIND_PORT);
        unsigned port = di ? di->port : opt->port;
        if (opt->ready) {
                fprintf(opt->ready, "greenlane: 正在监听 (listening on) http://%s%s%s:%u/\n",
                        ipv6 ? "[" : "", opt->host, ipv6 ? "]" : "", port);
                fflush(opt->ready);
        }
        int sig = 0;
        sigwait(&stop, &sig);
        fprintf(stderr, "greenlane: 收到信号 %d，停止接收新连接 (stopping)\n", sig);
        MHD_socket listen_fd = MHD_quiesce_daemon(s.daemon);
        drain(&s);
        MHD_stop_daemon(s.daemon);
        s.daemon = NULL;
        if (listen_fd != MHD_INVALID_SOCKET)
                close(listen_fd);
        pthread_sigmask(SIG_SETMASK, &old, NULL);
        rc = GL_OK;
done:
        server_free(&s);
        return rc;
}

int http_server_start(struct app *app, const struct http_options *opt, struct http_server **out,
                      struct gl_error *err)
{
        struct http_server *s = malloc(sizeof(*s));
        if (s == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = server_init(s, app, opt, err);
        if (rc == GL_OK && (s->daemon = start_daemon(s, NULL, false)) == NULL)
                rc = gl_fail(err, GL_EIO, "server",
                             "无法启动 HTTP 服务 (cannot start the server): %s", strerror(errno));
        if (rc != GL_OK) {
                server_free(s);
                free(s);
                return rc;
        }
        *out = s;
        return GL_OK;
}

int http_server_add_connection(struct http_server *s, int fd, const struct sockaddr *addr,
                               socklen_t addr_len, struct gl_error *err)
{
        if (MHD_add_connection(s->daemon, fd, addr, addr_len) != MHD_YES)
                return gl_fail(err, GL_EIO, "connection",
                               "连接未被接受 (the server refused the connection): %s",
                               strerror(errno));
        return GL_OK;
}

void http_server_stop(struct http_server *s)
{
        if (s == NULL)
                return;
        MHD_stop_daemon(s->daemon);
        s->daemon = NULL;
        server_free(s);
        free(s);
}

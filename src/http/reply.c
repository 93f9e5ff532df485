/*
 * What a handler uses: typed access to its validated input, and the replies. Every error leaves as
 * {"error": {"code": "...", "message": "...", "field": "..."}} with the HTTP status its code means.
 */
#include "http.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

size_t http_body_limit(const struct http_route *route)
{
        return route && (route->flags & HTTP_UPLOAD) ? HTTP_UPLOAD_MAX : HTTP_BODY_MAX;
}

const char *http_param(const struct http_req *req, const char *name)
{
        size_t n = strlen(name);
        for (size_t i = 0; i < req->nparams; i++)
                if (req->params[i].name_len == n && memcmp(req->params[i].name, name, n) == 0)
                        return req->params[i].value;
        return "";
}

const char *http_query_text(const struct http_req *req, const char *name)
{
        for (size_t i = 0; i < req->nquery; i++)
                if (strcmp(req->query[i].name, name) == 0)
                        return req->query[i].value ? req->query[i].value : "";
        return NULL;
}

size_t http_query_all(const struct http_req *req, const char *name, const char **out, size_t max)
{
        size_t n = 0;
        for (size_t i = 0; i < req->nquery; i++) {
                if (strcmp(req->query[i].name, name) != 0)
                        continue;
                if (n < max)
                        out[n] = req->query[i].value ? req->query[i].value : "";
                n++;
        }
        return n;
}

int64_t http_query_int(const struct http_req *req, const char *name, int64_t dflt)
{
        const char *t = http_query_text(req, name);
        return t ? strtoll(t, NULL, 10) : dflt;
}

bool http_query_bool(const struct http_req *req, const char *name, bool dflt)
{
        const char *t = http_query_text(req, name);
        return t ? strcmp(t, "true") == 0 : dflt;
}

gl_date http_query_date(const struct http_req *req, const char *name)
{
        const char *t = http_query_text(req, name);
        gl_date d = GL_DATE_NONE;
        if (t)
                date_parse_iso(t, &d);
        return d;
}

json_t *http_body_value(const struct http_req *req, const char *name)
{
        json_t *v = req->body ? json_object_get(req->body, name) : NULL;
        return json_is_null(v) ? NULL : v;
}

const char *http_body_text(const struct http_req *req, const char *name)
{
        return json_string_value(http_body_value(req, name));
}

int64_t http_body_int(const struct http_req *req, const char *name, int64_t dflt)
{
        json_t *v = http_body_value(req, name);
        return json_is_integer(v) ? json_integer_value(v) : dflt;
}

bool http_body_bool(const struct http_req *req, const char *name, bool dflt)
{
        json_t *v = http_body_value(req, name);
        return json_is_boolean(v) ? json_is_true(v) : dflt;
}

gl_date http_body_date(const struct http_req *req, const char *name)
{
        const char *t = http_body_text(req, name);
        gl_date d = GL_DATE_NONE;
        if (t)
                date_parse_iso(t, &d);
        return d;
}

int http_param_int_or_reply(struct http_req *req, const char *name, int64_t min, int64_t max,
                            int64_t *out)
{
        const char *t = http_param(req, name);
        char *end;
        errno = 0;
        long long v = strtoll(t, &end, 10);
        /* A number past the range of int64 names nothing: not clamped to its largest. */
        if (*t == '\0' || *end != '\0' || t[0] == '+' || t[0] == ' ' || errno == ERANGE ||
            v < min || v > max) {
                http_reply_error(req, 404, "not_found", name, "没有该资源 (not found): %s", t);
                return -1;
        }
        *out = v;
        return 0;
}

static void set_out(struct http_req *req, int status, const char *content_type, char *owned,
                    size_t len)
{
        free(req->out);
        req->status = status;
        req->content_type = content_type;
        req->out = owned;
        req->out_len = len;
}

char *http_error_body(const char *code, const char *field, const char *message)
{
        char zh[sizeof(((struct gl_error *)0)->message)], en[sizeof(zh)];
        gl_message_split(message, zh, sizeof(zh), en, sizeof(en));
        json_t *e = json_pack("{s:{s:s, s:s, s:s, s:s, s:s}}", "error", "code", code, "message",
                              message ? message : "", "message_zh", zh, "message_en", en, "field",
                              field ? field : "");
        char *text = e ? json_dumps(e, JSON_COMPACT) : NULL;
        json_decref(e);
        return text;
}

void http_reply_error(struct http_req *req, int status, const char *code, const char *field,
                      const char *fmt, ...)
{
        /* Through gl_failv, so that a cut message or a quoted byte stays valid UTF-8 for JSON. */
        struct gl_error err;
        va_list ap;
        va_start(ap, fmt);
        gl_failv(&err, GL_EINVAL, field, fmt, ap);
        va_end(ap);
        char *text = http_error_body(code, err.field, err.message);
        set_out(req, text ? status : 500, "application/json; charset=utf-8", text,
                text ? strlen(text) : 0);
}

int http_status_of(int gl_status)
{
        switch (gl_status) {
        case GL_EINVAL:
                return 400;
        case GL_EAUTH:
                return 401;
        case GL_EPERM:
                return 403;
        case GL_ENOTFOUND:
                return 404;
        case GL_ECONFLICT:
        case GL_ESTATE:
                return 409;
        case GL_ELIMIT:
                return 429;
        default:
                return 500;
        }
}

void http_reply_gl(struct http_req *req, const struct gl_error *err)
{
        int status = http_status_of(err->status);
        if (status == 500) {
                /* The details of an internal failure go to the log, not to the client. */
                fprintf(stderr, "greenlane: %s %s: %s\n", req->method, req->path, err->message);
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (internal error)");
                return;
        }
        /* The server's own 401 says "unauthenticated"; a refused sign-in says the same. */
        const char *code =
            err->status == GL_EAUTH ? "unauthenticated" : gl_status_name(err->status);
        http_reply_error(req, status, code, err->field, "%s", err->message);
}

void http_reply_json(struct http_req *req, int status, json_t *value)
{
        char *text = value ? json_dumps(value, JSON_COMPACT) : NULL;
        json_decref(value);
        if (text == NULL) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        set_out(req, status, "application/json; charset=utf-8", text, strlen(text));
}

/* 200 with data (malloc'd, stolen) to be saved as file_name. */
static void reply_attachment(struct http_req *req, const char *content_type, const char *file_name,
                             unsigned char *data, size_t len)
{
        char disposition[160];
        snprintf(disposition, sizeof(disposition), "attachment; filename=\"%s\"", file_name);
        http_reply_bytes(req, 200, content_type, data, len, disposition);
}

void http_reply_text(struct http_req *req, int status, const char *content_type, const char *text,
                     size_t len)
{
        char *copy = malloc(len + 1);
        if (copy == NULL) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        memcpy(copy, text, len);
        copy[len] = '\0';
        set_out(req, status, content_type, copy, len);
}

void http_reply_bytes(struct http_req *req, int status, const char *content_type,
                      unsigned char *data, size_t len, const char *disposition)
{
        char *header = disposition ? strdup(disposition) : NULL;
        if (data == NULL || (disposition && header == NULL)) {
                free(data);
                free(header);
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        free(req->disposition);
        req->disposition = header;
        set_out(req, status, content_type, (char *)data, len);
}

int http_scratch_open(struct http_req *req, struct http_scratch *s, const char *name)
{
        snprintf(s->dir, sizeof(s->dir), "%s/greenlane-XXXXXX", gl_temp_dir());
        s->path[0] = '\0';
        if (mkdtemp(s->dir) == NULL) {
                fprintf(stderr, "greenlane: mkdtemp %s: %s\n", s->dir, strerror(errno));
                s->dir[0] = '\0';
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (no scratch directory)");
                return -1;
        }
        snprintf(s->path, sizeof(s->path), "%s/%s", s->dir, name);
        return 0;
}

void http_scratch_close(struct http_scratch *s)
{
        if (s->path[0])
                unlink(s->path);
        if (s->dir[0])
                rmdir(s->dir);
        s->path[0] = s->dir[0] = '\0';
}

void http_reply_scratch(struct http_req *req, struct http_scratch *s, const char *content_type,
                        const char *file_name)
{
        FILE *f = fopen(s->path, "rb");
        unsigned char *data = NULL;
        long size = -1;
        if (f != NULL) {
                size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
                if (size >= 0 && fseek(f, 0, SEEK_SET) == 0 &&
                    (data = malloc((size_t)size + 1)) != NULL &&
                    fread(data, 1, (size_t)size, f) != (size_t)size) {
                        free(data);
                        data = NULL;
                }
                fclose(f);
        }
        http_scratch_close(s);
        if (data == NULL) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (file not readable)");
                return;
        }
        reply_attachment(req, content_type, file_name, data, (size_t)size);
}

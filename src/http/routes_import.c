/*
 * CSV imports over HTTP, for the officers' import screen: POST /api/v1/imports/{kind} (kind
 * enterprises, annual or averages) with {"file_name", "content_base64", "encoding"?}. The bytes are
 * the file as it is (UTF-8 or GB18030), so that exactly the checks of `greenlane import` apply
 * (app/enterprise.h): the file is imported whole or not at all, and a bad file is answered 400 with
 * every bad field of every row. The bytes go to a private temporary directory (mode 0700) under the
 * file's own base name for the import, and are removed before the answer is sent. app/ checks who
 * may import which kind.
 *
 * GET /api/v1/imports/{kind}/template?format=csv|xlsx answers the kind's template
 * (app/import_template.h) as a download, written in a private temporary directory the same way.
 */
#include "routes.h"

#include "../app/enterprise.h"
#include "../app/import_template.h"
#include "../app/incentive.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const import_encodings[] = {"utf-8", "gb18030", NULL};
static const char *const template_formats[] = {"csv", "xlsx", NULL};

const struct http_field import_template_query[] = {
    {"format", HTTP_STRING, false, 0, 0, template_formats},
    {0},
};

/* Base64 of at most the body limit: the file itself is about three quarters of it. */
const struct http_field import_body[] = {
    {"file_name", HTTP_STRING, true, 1, 200, NULL},
    {"content_base64", HTTP_STRING, true, 1, HTTP_UPLOAD_MAX, NULL},
    {"encoding", HTTP_STRING, false, 0, 0, import_encodings},
    {0},
};

typedef int (*import_fn)(struct app *app, const struct actor *who, const char *path,
                         const char *encoding, struct import_progress *progress,
                         struct import_report *rep, struct gl_error *err);

static const struct {
        const char *kind;
        import_fn run;
} kinds[] = {
    {"enterprises", app_import_enterprises},
    {"annual", app_import_annual},
    {"averages", app_import_averages},
};

static import_fn import_of(const char *kind)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(kinds); i++)
                if (strcmp(kinds[i].kind, kind) == 0)
                        return kinds[i].run;
        return NULL;
}

static void reply_no_kind(struct http_req *req, const char *kind)
{
        http_reply_error(req, 404, "not_found", "kind",
                         "没有这种导入：%s (no such import; enterprises, annual or averages)",
                         kind);
}

/* A plain base name: no directory, not hidden, no control characters. */
static bool file_name_ok(const char *name)
{
        if (name[0] == '\0' || name[0] == '.')
                return false;
        for (const unsigned char *p = (const unsigned char *)name; *p; p++)
                if (*p == '/' || *p == '\\' || *p < 0x20 || *p == 0x7f)
                        return false;
        return true;
}

static int write_all(const char *path, const unsigned char *data, size_t len)
{
        FILE *f = fopen(path, "wbx");
        if (f == NULL)
                return -1;
        size_t n = len ? fwrite(data, 1, len, f) : 0;
        int rc = (n == len && fflush(f) == 0) ? 0 : -1;
        if (fclose(f) != 0)
                rc = -1;
        return rc;
}

/* The import's 400: the one error shape (http_error_body's languages) with its rows. */
static json_t *import_error_json(const char *message, json_t *rows)
{
        char zh[512], en[512];
        gl_message_split(message, zh, sizeof(zh), en, sizeof(en));
        return json_pack("{s:{s:s, s:s, s:s, s:s, s:s, s:o}}", "error", "code", "invalid",
                         "message", message, "message_zh", zh, "message_en", en, "field", "file",
                         "errors", rows);
}

static json_t *problems_json(const struct import_report *rep)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < rep->nproblems; i++) {
                const struct import_problem *p = &rep->problems[i];
                char zh[512], en[512];
                gl_message_split(p->reason, zh, sizeof(zh), en, sizeof(en));
                json_array_append_new(a, json_pack("{s:I, s:s, s:s, s:s, s:s}", "line",
                                                   (json_int_t)p->line, "column", p->column,
                                                   "reason", p->reason ? p->reason : "",
                                                   "reason_zh", zh, "reason_en", en));
        }
        return a;
}

/*
 * 200 {"kind", "file", "digest", "encoding", "rows", "inserted", "updated", "unchanged"};
 * 400 "invalid" with field "file_name" or "content_base64" for a name or an encoding that cannot
 * be; 400 "invalid" with field "file" and "errors": [{"line", "column", "reason"}] for a file
 * with bad rows (nothing imported); 403 for a role that may not import this kind; 404 for an
 * unknown kind; 500 when the temporary file cannot be written.
 */
void handle_import(struct http_req *req)
{
        const char *kind = http_param(req, "kind");
        import_fn fn = import_of(kind);
        if (fn == NULL) {
                reply_no_kind(req, kind);
                return;
        }
        const char *name = http_body_text(req, "file_name");
        if (!file_name_ok(name)) {
                http_reply_error(req, 400, "invalid", "file_name",
                                 "文件名不能含目录或以点开头 (a plain file name, please)");
                return;
        }
        const char *b64 = http_body_text(req, "content_base64");
        size_t b64_len = strlen(b64);
        size_t cap = b64_len / 4 * 3 + 3;
        unsigned char *data = malloc(cap);
        struct http_scratch scratch = {"", ""};
        struct import_report rep;
        memset(&rep, 0, sizeof(rep));
        struct gl_error err = {0};
        size_t len = 0;
        if (data == NULL) {
                http_reply_error(req, 500, "internal", "", "内存不足 (out of memory)");
                return;
        }
        if (sodium_base642bin(data, cap, b64, b64_len, "\r\n", &len, NULL,
                              sodium_base64_VARIANT_ORIGINAL) != 0) {
                http_reply_error(req, 400, "invalid", "content_base64",
                                 "文件内容不是有效的 Base64 (not valid base64)");
                goto done;
        }
        if (http_scratch_open(req, &scratch, name) != 0)
                goto done;
        if (write_all(scratch.path, data, len) != 0) {
                fprintf(stderr, "%s: %s: %s\n", __func__, scratch.path, strerror(errno));
                http_reply_error(req, 500, "internal", "",
                                 "无法保存上传的文件 (cannot store the file)");
                goto done;
        }
        int rc = fn(req->app, req->actor, scratch.path, http_body_text(req, "encoding"), NULL, &rep,
                    &err);
        if (rc == GL_OK) {
                http_reply_json(
                    req, 200,
                    json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "kind", kind, "file",
                              name, "digest", rep.digest, "encoding", rep.encoding, "rows",
                              (json_int_t)rep.rows, "inserted", (json_int_t)rep.inserted, "updated",
                              (json_int_t)rep.updated, "unchanged", (json_int_t)rep.unchanged,
                              "grades_kept", (json_int_t)rep.grades_kept));
        } else if (rc == GL_EINVAL) {
                http_reply_json(req, 400, import_error_json(err.message, problems_json(&rep)));
        } else {
                http_reply_gl(req, &err);
        }
done:
        http_scratch_close(&scratch);
        import_report_free(&rep);
        sodium_memzero(data, cap);
        free(data);
}

/* Reads the whole file at path into a malloc'd buffer; NULL when it cannot. */
/*
 * 200 the template of kind: format csv (the default) as text/csv, UTF-8 with a byte-order mark;
 * xlsx as an Excel workbook; saved as KIND-template.csv or .xlsx. 400 "invalid" field "format" for
 * another format (the route's query check); 404 for an unknown kind; 500 when the file cannot be
 * written.
 */
void handle_import_template(struct http_req *req)
{
        const char *kind = http_param(req, "kind");
        if (import_of(kind) == NULL) {
                reply_no_kind(req, kind);
                return;
        }
        const char *format = http_query_text(req, "format");
        bool xlsx = format != NULL && strcmp(format, "xlsx") == 0;
        char name[64];
        snprintf(name, sizeof(name), "%s-template.%s", kind, xlsx ? "xlsx" : "csv");
        struct http_scratch scratch;
        if (http_scratch_open(req, &scratch, name) != 0)
                return;
        struct gl_error err = {0};
        if (app_import_template(req->app, req->actor, kind,
                                xlsx ? IMPORT_TEMPLATE_XLSX : IMPORT_TEMPLATE_CSV, scratch.path,
                                &err) != GL_OK) {
                http_scratch_close(&scratch);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_scratch(req, &scratch, xlsx ? HTTP_XLSX_TYPE : "text/csv; charset=utf-8", name);
}

/*
 * CSV imports over HTTP, for the officers' import screen: POST /api/v1/imports/{kind} with
 * {"file_name", "content_base64", "encoding"?}. The bytes are the file as it is (UTF-8 or GB18030),
 * so that exactly the checks of `greenlane import` apply (app/enterprise.h): the file is imported
 * whole or not at all, and a bad file is answered 400 with every bad field of every row. The bytes
 * go to a private temporary directory (mode 0700) under the file's own base name for the import,
 * and are removed before the answer is sent. app/ checks who may import which kind.
 */
#include "routes.h"

#include "../app/enterprise.h"

#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const import_encodings[] = {"utf-8", "gb18030", NULL};

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

static json_t *problems_json(const struct import_report *rep)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < rep->nproblems; i++) {
                const struct import_problem *p = &rep->problems[i];
                json_array_append_new(a, json_pack("{s:I, s:s, s:s}", "line", (json_int_t)p->line,
                                                   "column", p->column, "reason",
                                                   p->reason ? p->reason : ""));
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
        import_fn fn = strcmp(kind, "enterprises") == 0 ? app_import_enterprises
                       : strcmp(kind, "annual") == 0    ? app_import_annual
                                                        : NULL;
        if (fn == NULL) {
                http_reply_error(req, 404, "not_found", "kind",
                                 "没有这种导入：%s (no such import; enterprises or annual)", kind);
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
        char dir[512] = "", path[1024] = "";
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
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%s/greenlane-import-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL) {
                dir[0] = '\0';
                fprintf(stderr, "%s: mkdtemp: %s\n", __func__, strerror(errno));
                http_reply_error(req, 500, "internal", "",
                                 "无法保存上传的文件 (cannot store the file)");
                goto done;
        }
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        if (write_all(path, data, len) != 0) {
                fprintf(stderr, "%s: %s: %s\n", __func__, path, strerror(errno));
                http_reply_error(req, 500, "internal", "",
                                 "无法保存上传的文件 (cannot store the file)");
                goto done;
        }
        int rc = fn(req->app, req->actor, path, http_body_text(req, "encoding"), NULL, &rep, &err);
        if (rc == GL_OK) {
                http_reply_json(
                    req, 200,
                    json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:I, s:I, s:I}", "kind", kind, "file",
                              name, "digest", rep.digest, "encoding", rep.encoding, "rows",
                              (json_int_t)rep.rows, "inserted", (json_int_t)rep.inserted, "updated",
                              (json_int_t)rep.updated, "unchanged", (json_int_t)rep.unchanged,
                              "grades_kept", (json_int_t)rep.grades_kept));
        } else if (rc == GL_EINVAL) {
                http_reply_json(req, 400,
                                json_pack("{s:{s:s, s:s, s:s, s:o}}", "error", "code", "invalid",
                                          "message", err.message, "field", "file", "errors",
                                          problems_json(&rep)));
        } else {
                http_reply_gl(req, &err);
        }
done:
        if (path[0])
                unlink(path);
        if (dir[0])
                rmdir(dir);
        import_report_free(&rep);
        sodium_memzero(data, cap);
        free(data);
}

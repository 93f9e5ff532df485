/*
 * Every procedure over HTTP (/api/v1/cases): list the cases the signed-in user may see, read one
 * with the actions that user may take now (io/case_json.h's VIEW, the shape of `greenlane case
 * show --json`), open a case with a procedure's opening action, take one step, and read one
 * document's content. Every handler calls app/case.h, the same use cases as the command line;
 * app/ decides who may see and do what beyond the roles admitted at the door. The business day
 * is the body's or query's "today" when given, else the server's local date. A step sends the
 * case's version so that a stale page is refused (409).
 */
#include "routes.h"

#include "../app/case.h"
#include "../io/case_json.h"
#include "../io/case_xlsx.h"

#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const list_formats[] = {"json", "xlsx", NULL};

const struct http_field case_list_query[] = {
    {"format", HTTP_STRING, false, 0, 0, list_formats},
    {"procedure", HTTP_STRING, false, 1, 63, NULL},
    {"state", HTTP_STRING, false, 1, 47, NULL},
    {"open", HTTP_INT, false, 0, 1, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field work_query[] = {
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field case_show_query[] = {
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field document_content_query[] = {
    {"download", HTTP_BOOL, false, 0, 0, NULL},
    {0},
};

const struct http_field case_open_body[] = {
    {"procedure", HTTP_STRING, true, 1, 63, NULL},
    {"action", HTTP_STRING, true, 1, 47, NULL},
    {"uscc", HTTP_STRING, false, 18, 18, NULL},
    {"fields", HTTP_OBJECT, false, 0, 0, NULL},
    {"reason", HTTP_STRING, false, 0, 4000, NULL},
    {"documents", HTTP_ARRAY, false, 0, CASE_DOCUMENTS_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

const struct http_field case_step_body[] = {
    {"action", HTTP_STRING, true, 1, 47, NULL},
    {"fields", HTTP_OBJECT, false, 0, 0, NULL},
    {"reason", HTTP_STRING, false, 0, 4000, NULL},
    {"documents", HTTP_ARRAY, false, 0, CASE_DOCUMENTS_MAX, NULL},
    {"version", HTTP_INT, true, 1, INT64_MAX, NULL},
    {"today", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

static gl_date day_of(gl_date given)
{
        return given == GL_DATE_NONE ? app_today_local() : given;
}

/* What a write brings, decoded from the body; freed with step_free. */
struct step_body {
        struct case_field fields[CASE_FIELDS_MAX];
        char numbers[CASE_FIELDS_MAX][24]; /* integer field values as text */
        struct http_documents docs;
        struct case_step_input in;
};

static void step_free(struct step_body *b)
{
        if (b == NULL)
                return;
        http_documents_free(&b->docs);
        free(b);
}

/* "fields": an object of strings (or integers, taken as their decimal text). Answers 400 naming
 * fields.NAME and returns -1 on another value. */
static int fields_or_reply(struct http_req *req, struct step_body *b)
{
        json_t *obj = http_body_value(req, "fields");
        if (json_object_size(obj) > CASE_FIELDS_MAX) {
                http_reply_error(req, 400, "invalid", "fields", "字段过多 (at most %d fields)",
                                 CASE_FIELDS_MAX);
                return -1;
        }
        const char *name;
        json_t *value;
        size_t n = 0;
        json_object_foreach(obj, name, value)
        {
                const char *text = json_string_value(value);
                if (json_is_integer(value)) {
                        snprintf(b->numbers[n], sizeof(b->numbers[n]), "%lld",
                                 (long long)json_integer_value(value));
                        text = b->numbers[n];
                }
                if (text == NULL) {
                        char field[96];
                        snprintf(field, sizeof(field), "fields.%.80s", name);
                        http_reply_error(req, 400, "invalid", field,
                                         "字段取值须为字符串或整数 (a field is a string or an "
                                         "integer)");
                        return -1;
                }
                b->fields[n++] = (struct case_field){name, text};
        }
        b->in.fields = b->fields;
        b->in.nfields = n;
        return 0;
}

/* The bytes of base64 text (line breaks and blanks ignored) into *out (malloc'd) and *len; -1
 * when out of memory or the text is not base64. */
static int decode_base64(const char *b64, unsigned char **out, size_t *len)
{
        size_t cap = strlen(b64) / 4 * 3 + 3;
        unsigned char *bytes = malloc(cap);
        if (bytes == NULL || sodium_base642bin(bytes, cap, b64, strlen(b64), " \r\n", len, NULL,
                                               sodium_base64_VARIANT_ORIGINAL) != 0) {
                free(bytes);
                return -1;
        }
        *out = bytes;
        return 0;
}

int http_documents_or_reply(struct http_req *req, struct http_documents *docs)
{
        json_t *arr = http_body_value(req, "documents");
        size_t i;
        json_t *item;
        json_array_foreach(arr, i, item)
        {
                const char *name = json_string_value(json_object_get(item, "name"));
                const char *file = json_string_value(json_object_get(item, "file_name"));
                const char *b64 = json_string_value(json_object_get(item, "content_base64"));
                const char *missing = !json_is_object(item) ? ""
                                      : name == NULL        ? ".name"
                                      : file == NULL        ? ".file_name"
                                      : b64 == NULL         ? ".content_base64"
                                                            : NULL;
                char field[64];
                if (missing != NULL || json_object_size(item) != 3) {
                        snprintf(field, sizeof(field), "documents[%zu]%s", i,
                                 missing ? missing : "");
                        http_reply_error(req, 400, "invalid", field,
                                         "材料须为 {name, file_name, content_base64} (a document "
                                         "is an object with exactly these three strings)");
                        http_documents_free(docs);
                        return -1;
                }
                size_t len = 0;
                unsigned char *bytes = NULL;
                if (decode_base64(b64, &bytes, &len) != 0) {
                        snprintf(field, sizeof(field), "documents[%zu].content_base64", i);
                        http_reply_error(req, 400, "invalid", field,
                                         "材料内容不是有效的 base64 (not valid base64)");
                        http_documents_free(docs);
                        return -1;
                }
                docs->data[docs->n] = bytes;
                docs->items[docs->n++] = (struct case_document_input){name, file, bytes, len};
        }
        return 0;
}

void http_documents_free(struct http_documents *docs)
{
        for (size_t i = 0; i < docs->n; i++)
                free(docs->data[i]);
        docs->n = 0;
}

/* The step a write brings, or NULL after answering (400 a bad field or document, 500). */
static struct step_body *step_or_reply(struct http_req *req)
{
        struct step_body *b = calloc(1, sizeof(*b));
        if (b == NULL) {
                http_reply_json(req, 500, NULL);
                return NULL;
        }
        if (fields_or_reply(req, b) != 0 || http_documents_or_reply(req, &b->docs) != 0) {
                step_free(b);
                return NULL;
        }
        b->in.docs = b->docs.items;
        b->in.ndocs = b->docs.n;
        b->in.action = http_body_text(req, "action");
        b->in.reason = http_body_text(req, "reason");
        b->in.expected_version = http_body_int(req, "version", 0);
        b->in.today = day_of(http_body_date(req, "today"));
        return b;
}

/* Answers status with case id as VIEW, its offers computed for the signed-in user. */
static void reply_case(struct http_req *req, int64_t id, int status, gl_date today)
{
        struct gl_error err = {0};
        json_t *out = case_json_read(req->app, req->actor, id, today, &err);
        if (out == NULL) {
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, status, out);
}

struct list_ctx {
        const struct app *app;
        json_t *items;
};

static int add_row(const struct case_row *c, void *p)
{
        struct list_ctx *l = p;
        json_array_append_new(l->items, case_json_list_row(c, app_case_procedure(l->app, c)));
        return 0;
}

static int add_work(const struct case_view *v, void *p)
{
        json_t *o = case_json_work(v);
        if (o == NULL)
                return GL_ENOMEM;
        json_array_append_new(p, o);
        return 0;
}

/* 200 {"today", "work": [WORK...], "overdue": N}: the cases waiting for an action the user may
 * take, soonest deadline first (?today= counts the working days). */
void handle_work_list(struct http_req *req)
{
        gl_date today = day_of(http_query_date(req, "today"));
        json_t *items = json_array();
        struct gl_error err = {0};
        if (items == NULL ||
            app_case_work(req->app, req->actor, today, add_work, items, &err) != GL_OK) {
                json_decref(items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                http_reply_gl(req, &err);
                return;
        }
        json_int_t overdue = 0;
        size_t i;
        json_t *w;
        json_array_foreach(items, i, w) overdue +=
            json_is_true(json_object_get(json_object_get(w, "next_deadline"), "overdue"));
        char iso[11];
        http_reply_json(req, 200,
                        json_pack("{s:s, s:o, s:I}", "today", date_format_iso(today, iso), "work",
                                  items, "overdue", overdue));
}

/* 200 {"procedures": [PROCEDURE...]}: those whose cases the user may see (a compartment closed to
 * the role left out), each with the opening actions the user may take today. */
void handle_procedure_list(struct http_req *req)
{
        json_t *items = case_json_procedures(req->app, req->actor, app_today_local());
        http_reply_json(req, items ? 200 : 500, json_pack("{s:o*}", "procedures", items));
}

/* 200 {"cases": [LISTED...]} in id order, filtered by ?procedure=, ?state=, ?open=1; an
 * enterprise sees its own. */
void handle_case_list(struct http_req *req)
{
        struct case_query q = {.procedure = http_query_text(req, "procedure"),
                               .state = http_query_text(req, "state"),
                               .open_only = http_query_int(req, "open", 0) == 1,
                               .today = day_of(http_query_date(req, "today"))};
        const char *format = http_query_text(req, "format");
        bool xlsx = format != NULL && strcmp(format, "xlsx") == 0;
        struct gl_error err = {0};
        if (xlsx) {
                struct http_scratch scratch;
                if (http_scratch_open(req, &scratch, "cases.xlsx") != 0)
                        return;
                if (case_xlsx_export(req->app, req->actor, &q, scratch.path, NULL, &err) != GL_OK) {
                        http_scratch_close(&scratch);
                        http_reply_gl(req, &err);
                        return;
                }
                http_reply_scratch(req, &scratch, HTTP_XLSX_TYPE, "cases.xlsx");
                return;
        }
        struct list_ctx l = {req->app, json_array()};
        int rc = app_case_list(req->app, req->actor, &q, add_row, &l, &err);
        if (rc != GL_OK) {
                json_decref(l.items);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "cases", l.items));
}

/* 200 VIEW (?today= counts the working days left); 404 when there is none the user may see. */
void handle_case_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        reply_case(req, id, 200, day_of(http_query_date(req, "today")));
}

/* 201 VIEW of the new case; 400 a reason, field or document missing or bad (naming it); 403 a
 * role that may not open it; 404 no such procedure or enterprise the user may see; 409 a guard
 * (e.g. an open declaration exists). An enterprise user opens for its own enterprise. */
void handle_case_open(struct http_req *req)
{
        struct step_body *b = step_or_reply(req);
        if (b == NULL)
                return;
        const char *uscc = http_body_text(req, "uscc");
        struct gl_error err = {0};
        int64_t id = 0;
        int rc = app_case_open(req->app, req->actor, http_body_text(req, "procedure"), uscc, &b->in,
                               &id, &err);
        gl_date today = b->in.today;
        step_free(b);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_case(req, id, 201, today);
}

/* 200 VIEW after the step; 400 a reason, field or document missing or bad (naming it); 403 the
 * user's role may not take the action; 404 no case the user may see; 409 a stale version, a
 * state, deadline or guard that refuses it. */
void handle_case_step(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct step_body *b = step_or_reply(req);
        if (b == NULL)
                return;
        struct gl_error err = {0};
        int rc = app_case_step(req->app, req->actor, id, &b->in, &err);
        gl_date today = b->in.today;
        step_free(b);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        reply_case(req, id, 200, today);
}

/* 200 {"document": {DOCUMENT..., "content_base64"}}; 404 when the case is not visible or has no
 * such document. */
/*
 * The media type of a document by its first bytes, never by the name it was handed in under: the
 * types a browser shows by itself (PDF and the common images); anything else is bytes to save.
 */
static const char *sniffed_type(const unsigned char *b, size_t n)
{
        static const struct {
                const char *magic;
                size_t len;
                const char *type;
        } kinds[] = {
            {"%PDF-", 5, "application/pdf"},   {"\x89PNG\r\n\x1a\n", 8, "image/png"},
            {"\xff\xd8\xff", 3, "image/jpeg"}, {"GIF87a", 6, "image/gif"},
            {"GIF89a", 6, "image/gif"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(kinds); i++)
                if (n >= kinds[i].len && memcmp(b, kinds[i].magic, kinds[i].len) == 0)
                        return kinds[i].type;
        if (n >= 12 && memcmp(b, "RIFF", 4) == 0 && memcmp(b + 8, "WEBP", 4) == 0)
                return "image/webp";
        return "application/octet-stream";
}

/* The document {id}/{doc} as the actor may read it, its content in base64 (*content malloc'd);
 * -1 after answering (404 for a path or a document the actor may not see). */
static int document_or_reply(struct http_req *req, struct case_document *meta, char **content)
{
        int64_t id = 0, doc_id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0 ||
            http_param_int_or_reply(req, "doc", 1, INT64_MAX, &doc_id) != 0)
                return -1;
        struct gl_error err = {0};
        if (app_case_document_base64(req->app, req->actor, id, doc_id, meta, content, &err) !=
            GL_OK) {
                http_reply_gl(req, &err);
                return -1;
        }
        return 0;
}

/*
 * 200 the bytes of one document, for the browser to show (PDF, PNG, JPEG, GIF, WebP, by their
 * first bytes: Content-Disposition inline) or to save (anything else, and every document with
 * ?download=true: attachment); the file name in RFC 5987 form. 404 as the JSON route.
 */
void handle_case_document_content(struct http_req *req)
{
        struct case_document meta;
        char *content = NULL;
        if (document_or_reply(req, &meta, &content) != 0)
                return;
        size_t len = 0;
        unsigned char *bytes = NULL;
        int decoded = decode_base64(content, &bytes, &len);
        free(content);
        if (decoded != 0) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (stored document)");
                return;
        }
        const char *type = sniffed_type(bytes, len);
        bool shown = strcmp(type, "application/octet-stream") != 0 &&
                     !http_query_bool(req, "download", false);
        /* filename*=UTF-8'' with every byte outside the unreserved set percent-encoded. */
        char disposition[1024];
        size_t used = (size_t)snprintf(disposition, sizeof(disposition), "%s; filename*=UTF-8''",
                                       shown ? "inline" : "attachment");
        for (const unsigned char *p = (const unsigned char *)meta.file_name;
             *p && used + 4 < sizeof(disposition); p++) {
                bool plain = (*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
                             (*p >= '0' && *p <= '9') || strchr("-._~", *p) != NULL;
                used += (size_t)snprintf(disposition + used, sizeof(disposition) - used,
                                         plain ? "%c" : "%%%02X", *p);
        }
        http_reply_bytes(req, 200, type, bytes, len, disposition);
}

void handle_case_document(struct http_req *req)
{
        struct case_document meta;
        char *content = NULL;
        if (document_or_reply(req, &meta, &content) != 0)
                return;
        json_t *o = case_json_document(&meta);
        json_object_set_new(o, "content_base64", json_string(content));
        free(content);
        http_reply_json(req, 200, json_pack("{s:o}", "document", o));
}

/*
 * Measure 2's enforcement cases in their own words (包容性执法): GET /api/v1/enforcement/{id}
 * answers what the case keeps — the circumstances, the order, the verification, the system's
 * proposal with its explanation, the outcome (io/enforcement_json.h) — and
 * GET /api/v1/enforcement/{id}/{letter}.pdf the order to correct or the letter of commitment. The
 * steps are the engine's, POST /api/v1/cases and /api/v1/cases/{id}/steps.
 */
#include "../app/enforcement.h"
#include "../io/enforcement_json.h"
#include "../io/enforcement_letters.h"
#include "routes.h"

#include <stdio.h>
#include <string.h>

/* 200 {"enforcement": {...}}; 404 when there is no such enforcement case or it is not visible. */
void handle_enforcement_show(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        struct enforcement_record r;
        struct gl_error err = {0};
        if (app_enforcement_get(req->app, req->actor, id, &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        json_t *o = enforcement_json(&r);
        app_enforcement_record_free(&r);
        if (o == NULL) {
                http_reply_error(req, 500, "internal", "", "%s", "out of memory");
                return;
        }
        http_reply_json(req, 200, json_pack("{s:o}", "enforcement", o));
}

/* 200 application/pdf; 404 as above; 409 before the order is issued. */
void handle_enforcement_letter(struct http_req *req)
{
        int64_t id = 0;
        if (http_param_int_or_reply(req, "id", 1, INT64_MAX, &id) != 0)
                return;
        const char *slash = strrchr(req->route->pattern, '/');
        const char *name = slash ? slash + 1 : "";
        enum enforcement_letter_kind kind =
            strncmp(name, "order", 5) == 0 ? ENFORCEMENT_ORDER : ENFORCEMENT_COMMITMENT;
        struct enforcement_record r;
        struct gl_error err = {0};
        if (app_enforcement_get(req->app, req->actor, id, &r, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        struct pdf_doc *doc = NULL;
        unsigned char *data = NULL;
        size_t size = 0;
        int rc = enforcement_letter_pdf(&r, kind, &doc, &err);
        if (rc == GL_OK)
                rc = pdf_write_memory(doc, &data, &size, &err);
        pdf_free(doc);
        app_enforcement_record_free(&r);
        if (rc != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        char disposition[96];
        snprintf(disposition, sizeof(disposition), "inline; filename=\"%s-%lld.pdf\"",
                 kind == ENFORCEMENT_ORDER ? "order-to-correct" : "commitment", (long long)id);
        http_reply_bytes(req, 200, "application/pdf", data, size, disposition);
}

/*
 * Public endpoints: liveness, metrics, the OpenAPI document, and the policy catalog (the measures
 * of the pack the server runs with, with their contacts and whether each published phone number
 * can be a Chinese phone number).
 */
#include "routes.h"
#include "server.h"

#include "../core/embedded.h"
#include "../core/policy.h"
#include "../io/policy_json.h"

#include <stdlib.h>
#include <string.h>

/* The OpenAPI document compiled in from docs/openapi.json. */
extern const struct embedded_file embedded_openapi[];

/* 200 {"status": "ok", "version", "schema"}; 503 when the database does not answer. */
void handle_healthz(struct http_req *req)
{
        int64_t schema = 0;
        if (app_schema_version(req->app, &schema, NULL) != GL_OK) {
                http_reply_error(req, 503, "unavailable", "",
                                 "数据库不可用 (database unavailable)");
                return;
        }
        http_reply_json(req, 200,
                        json_pack("{s:s, s:s, s:I}", "status", "ok", "version", GREENLANE_VERSION,
                                  "schema", (json_int_t)schema));
}

/* 200 Prometheus text format 0.0.4. */
void handle_metrics(struct http_req *req)
{
        char *text = http_metrics_text(req->server);
        if (text == NULL) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        http_reply_text(req, 200, "text/plain; version=0.0.4; charset=utf-8", text, strlen(text));
        free(text);
}

/* 200 the OpenAPI 3 document. */
void handle_openapi(struct http_req *req)
{
        const struct embedded_file *f = embedded_find(embedded_openapi, "openapi.json");
        if (f == NULL) {
                http_reply_error(req, 500, "internal", "",
                                 "缺少 OpenAPI 文档 (no OpenAPI document)");
                return;
        }
        http_reply_text(req, 200, "application/json; charset=utf-8", f->data, f->size);
}

/* 200 {"pack": {...}, "measures": [...]}; 503 without a pack. */
void handle_policy_list(struct http_req *req)
{
        const struct policy_pack *pack = routes_pack_of(req);
        if (pack != NULL)
                http_reply_json(req, 200, policy_catalog_json(pack));
}

/* 200 one measure in full; 404 when the pack has no measure n. */
void handle_policy_show(struct http_req *req)
{
        int64_t n;
        const struct policy_pack *pack = routes_pack_of(req);
        if (pack == NULL || http_param_int_or_reply(req, "n", 1, 999, &n) != 0)
                return;
        const struct policy_measure *m = policy_measure_find(pack, (int)n);
        if (m == NULL) {
                http_reply_error(req, 404, "not_found", "n", "没有第 %lld 条措施 (no such measure)",
                                 (long long)n);
                return;
        }
        http_reply_json(req, 200, policy_measure_json(pack, m));
}

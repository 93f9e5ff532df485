/*
 * Measure 1's decision over HTTP: the evaluation of a year (officers see every enterprise in scope,
 * page by page; an enterprise user sees only its own), and one enterprise's evaluation (its
 * self-assessment). The objects are those of `greenlane eval incentive --json`, written by the same
 * function (io/incentive_json.c). Evaluating reads only; nothing is audited.
 */
#include "routes.h"

#include "../app/incentive.h"
#include "../io/incentive_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tiers[] = {"key", "general", "none", NULL};

const struct http_field incentive_list_query[] = {
    {"year", HTTP_INT, true, 2000, 2100, NULL}, {"date", HTTP_DATE, false, 0, 0, NULL},
    {"tier", HTTP_STRING, false, 0, 0, tiers},  {"offset", HTTP_INT, false, 0, 100000000, NULL},
    {"limit", HTTP_INT, false, 1, 1000, NULL},  {0},
};

const struct http_field incentive_one_query[] = {
    {"year", HTTP_INT, true, 2000, 2100, NULL},
    {"date", HTTP_DATE, false, 0, 0, NULL},
    {0},
};

/* Flushes the writer, closes its memory stream and sends what was written as the JSON answer;
 * frees the writer. */
static void reply_stream(struct http_req *req, struct outbuf *buf, FILE *out, char **text,
                         size_t *len)
{
        int written = outbuf_flush(buf);
        free(buf);
        if (fclose(out) != 0 || written != GL_OK || *text == NULL) {
                free(*text);
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        http_reply_text(req, 200, "application/json; charset=utf-8", *text, *len);
        free(*text);
}

/*
 * 200 {"year", "evaluated_on", "pack": {"id", "version"}, "total", "offset", "limit",
 * "items": [the objects of eval --json]}, ordered by USCC, filtered by tier when asked; an
 * enterprise user gets only its own enterprise. 400 when the pack's parameters are unusable.
 */
void handle_incentive_list(struct http_req *req)
{
        int year = (int)http_query_int(req, "year", 0);
        struct incentive_options opt = {.today = http_query_date(req, "date")};
        const char *tier = http_query_text(req, "tier");
        int64_t offset = http_query_int(req, "offset", 0);
        int64_t limit = http_query_int(req, "limit", 100);
        struct incentive_set *set = NULL;
        struct gl_error err = {0};
        if (app_incentive_evaluate(req->app, req->actor, year, &opt, &set, &err) != GL_OK) {
                http_reply_gl(req, &err);
                return;
        }
        struct incentive_result *r = malloc(sizeof(*r));
        struct outbuf *buf = malloc(sizeof(*buf));
        char *text = NULL;
        size_t len = 0;
        FILE *out = r && buf ? open_memstream(&text, &len) : NULL;
        if (out == NULL) {
                free(r);
                free(buf);
                incentive_set_free(set);
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        const struct incentive_params *p = incentive_set_params(set);
        char on[11];
        int64_t total = 0, shown = 0;
        outbuf_init(buf, out);
        outbuf_literal(buf, "{\"items\": [");
        for (size_t i = 0; i < incentive_set_count(set); i++) {
                incentive_set_result(set, i, r);
                if (tier != NULL && strcmp(tier, incentive_tier_name(r->tier)) != 0)
                        continue;
                if (total++ < offset || shown >= limit)
                        continue;
                outbuf_puts(buf, shown++ ? ",\n" : "\n");
                incentive_json_write(buf, r, NULL);
        }
        outbuf_literal(buf, "], \"year\": ");
        outbuf_int(buf, year);
        outbuf_literal(buf, ", \"evaluated_on\": \"");
        outbuf_puts(buf, date_format_iso(p->on, on));
        outbuf_literal(buf, "\", \"total\": ");
        outbuf_int(buf, total);
        outbuf_literal(buf, ", \"offset\": ");
        outbuf_int(buf, offset);
        outbuf_literal(buf, ", \"limit\": ");
        outbuf_int(buf, limit);
        outbuf_literal(buf, "}\n");
        free(r);
        incentive_set_free(set);
        reply_stream(req, buf, out, &text, &len);
}

/*
 * 200 the object of eval --json for one enterprise (in_scope false, tier none and the reason when
 * its industry is outside measure 1). 404 when there is no such enterprise, and when an enterprise
 * user asks for another one (the answer reveals nothing).
 */
void handle_incentive_one(struct http_req *req)
{
        const char *uscc = http_param(req, "uscc");
        struct incentive_result *r = malloc(sizeof(*r));
        if (r == NULL) {
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        struct gl_error err = {0};
        if (app_incentive_read_one(req->app, req->actor, uscc, (int)http_query_int(req, "year", 0),
                                   http_query_date(req, "date"), r, &err) != GL_OK) {
                free(r);
                http_reply_gl(req, &err);
                return;
        }
        char *text = NULL;
        size_t len = 0;
        struct outbuf *buf = malloc(sizeof(*buf));
        FILE *out = buf ? open_memstream(&text, &len) : NULL;
        if (out == NULL) {
                free(r);
                free(buf);
                http_reply_error(req, 500, "internal", "", "服务器内部错误 (out of memory)");
                return;
        }
        outbuf_init(buf, out);
        incentive_json_write(buf, r, NULL);
        outbuf_putc(buf, '\n');
        free(r);
        reply_stream(req, buf, out, &text, &len);
}

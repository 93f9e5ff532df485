/*
 * Measure 1's decision over HTTP: the evaluation of a year (officers see every enterprise in scope,
 * page by page; an enterprise user sees only its own), and one enterprise's evaluation (its
 * self-assessment). The objects are those of `greenlane eval incentive --json`, written by the same
 * function (io/incentive_json.c); ?format=xlsx answers the workbook of `eval --xlsx`
 * (io/incentive_xlsx.c). The year's evaluation takes the what-if overrides and the diff of
 * `eval --set NAME=VALUE --diff` as repeated ?set=NAME=VALUE and ?diff=true. Evaluating reads
 * only; nothing is audited.
 */
#include "routes.h"

#include "../app/incentive.h"
#include "../io/incentive_json.h"
#include "../io/incentive_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const tiers[] = {"key", "general", "none", NULL};
static const char *const formats[] = {"json", "xlsx", NULL};

/* At most this many ?set= of one request (the server takes HTTP_MAX_QUERY parameters in all). */
#define MAX_OVERRIDES 24

const struct http_field incentive_list_query[] = {
    {"year", HTTP_INT, true, 2000, 2100, NULL},
    {"date", HTTP_DATE, false, 0, 0, NULL},
    {"tier", HTTP_STRING, false, 0, 0, tiers},
    {"offset", HTTP_INT, false, 0, 100000000, NULL},
    {"limit", HTTP_INT, false, 1, 1000, NULL},
    {"set", HTTP_REPEATED, false, 3, 600, NULL},
    {"diff", HTTP_BOOL, false, 0, 0, NULL},
    {"format", HTTP_STRING, false, 0, 0, formats},
    {0},
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
 * The overrides of ?set=NAME=VALUE into opt; -1 after answering 400 naming the field "set" when
 * there are too many or one is not NAME=VALUE.
 */
static int overrides_or_reply(struct http_req *req, const char **sets,
                              struct incentive_options *opt)
{
        size_t n = http_query_all(req, "set", sets, MAX_OVERRIDES);
        if (n > MAX_OVERRIDES) {
                http_reply_error(req, 400, "invalid", "set",
                                 "假设参数最多 %d 个 (at most %d overrides)", MAX_OVERRIDES,
                                 MAX_OVERRIDES);
                return -1;
        }
        for (size_t i = 0; i < n; i++) {
                const char *eq = strchr(sets[i], '=');
                if (eq == NULL || eq == sets[i]) {
                        http_reply_error(req, 400, "invalid", "set",
                                         "set 应为 NAME=VALUE (expected NAME=VALUE): '%s'",
                                         sets[i]);
                        return -1;
                }
        }
        opt->overrides = sets;
        opt->noverrides = n;
        return 0;
}

/* An evaluation that failed: a bad override is 400 naming the field "set" and, in the message,
 * the parameter (an unknown one too); anything else as app/ says. */
static void reply_evaluate_error(struct http_req *req, const struct incentive_options *opt,
                                 const struct gl_error *err)
{
        bool about_override = opt->noverrides > 0 && strcmp(err->field, "year") != 0 &&
                              (err->status == GL_EINVAL || err->status == GL_ENOTFOUND);
        if (!about_override) {
                http_reply_gl(req, err);
                return;
        }
        http_reply_error(req, 400, "invalid", "set", "set %s: %s", err->field, err->message);
}

/* The workbook of the evaluation: 200 with the file, 500 when it cannot be written. */
static void reply_xlsx(struct http_req *req, const struct incentive_set *set, bool diff)
{
        struct http_scratch scratch;
        if (http_scratch_open(req, &scratch, "incentive.xlsx") != 0)
                return;
        struct gl_error err = {0};
        if (incentive_xlsx_write(scratch.path, set, diff, &err) != GL_OK) {
                http_scratch_close(&scratch);
                http_reply_gl(req, &err);
                return;
        }
        http_reply_scratch(req, &scratch, HTTP_XLSX_TYPE, "incentive.xlsx");
}

/*
 * 200 {"items": [the objects of eval --json], "year", "evaluated_on", "total", "offset", "limit",
 * "counts": {"key", "general", "none"}, "changed", "what_if": [...], "assumable": [the
 * parameters a what-if may vary, incentive_assumable_params]}, ordered by USCC; an
 * enterprise user gets only its own enterprise. ?set=NAME=VALUE (repeated) evaluates with those
 * what-if values: each item then carries "what_if" and "baseline_tier" (its tier under the pack's
 * own values). ?diff=true keeps only the enterprises whose tier differs from the pack's own.
 * "counts" are of the enterprises listed before ?tier= and paging; "changed" is how many of
 * them a what-if moves (0 without one); the top-level "what_if" is the run's (empty without).
 * ?format=xlsx answers the workbook of eval --xlsx instead (tier, offset and limit aside).
 * 400 naming "set" for an override that is not NAME=VALUE, names no parameter of the pack or
 * does not fit it; 400 when the pack's parameters are unusable.
 */
void handle_incentive_list(struct http_req *req)
{
        int year = (int)http_query_int(req, "year", 0);
        const char *sets[MAX_OVERRIDES];
        struct incentive_options opt = {.today = http_query_date(req, "date"),
                                        .diff = http_query_bool(req, "diff", false)};
        if (overrides_or_reply(req, sets, &opt) != 0)
                return;
        bool diff = opt.diff;
        opt.diff = diff || opt.noverrides > 0; /* a what-if always shows what it moves */
        const char *format = http_query_text(req, "format");
        const char *tier = http_query_text(req, "tier");
        int64_t offset = http_query_int(req, "offset", 0);
        int64_t limit = http_query_int(req, "limit", 100);
        struct incentive_set *set = NULL;
        struct gl_error err = {0};
        if (app_incentive_evaluate(req->app, req->actor, year, &opt, &set, &err) != GL_OK) {
                reply_evaluate_error(req, &opt, &err);
                return;
        }
        if (format != NULL && strcmp(format, "xlsx") == 0) {
                reply_xlsx(req, set, diff);
                incentive_set_free(set);
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
        int64_t total = 0, shown = 0, changed = 0, counts[3] = {0, 0, 0};
        outbuf_init(buf, out);
        outbuf_literal(buf, "{\"items\": [");
        for (size_t i = 0; i < incentive_set_count(set); i++) {
                incentive_set_result(set, i, r);
                enum incentive_tier base = incentive_set_baseline_tier(set, i);
                if (diff && base == r->tier)
                        continue;
                changed += base != r->tier;
                counts[r->tier]++;
                if (tier != NULL && strcmp(tier, incentive_tier_name(r->tier)) != 0)
                        continue;
                if (total++ < offset || shown >= limit)
                        continue;
                outbuf_puts(buf, shown++ ? ",\n" : "\n");
                incentive_json_write(buf, r, opt.diff ? incentive_tier_name(base) : NULL);
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
        outbuf_literal(buf, ", \"counts\": {\"key\": ");
        outbuf_int(buf, counts[INCENTIVE_TIER_KEY]);
        outbuf_literal(buf, ", \"general\": ");
        outbuf_int(buf, counts[INCENTIVE_TIER_GENERAL]);
        outbuf_literal(buf, ", \"none\": ");
        outbuf_int(buf, counts[INCENTIVE_TIER_NONE]);
        outbuf_literal(buf, "}, \"changed\": ");
        outbuf_int(buf, changed);
        const struct incentive_what_if *wi;
        size_t nwi = incentive_set_what_if(set, &wi);
        outbuf_literal(buf, ", \"what_if\": ");
        incentive_json_what_if(buf, wi, nwi);
        const char *const *names;
        size_t nnames = incentive_assumable_params(&names);
        outbuf_literal(buf, ", \"assumable\": [");
        for (size_t i = 0; i < nnames; i++) {
                outbuf_puts(buf, i ? ", \"" : "\"");
                outbuf_puts(buf, names[i]); /* parameter names: no character to escape */
                outbuf_puts(buf, "\"");
        }
        outbuf_literal(buf, "]}\n");
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

/*
 * The measure-1 procedure's use cases (app/declaration.h): names for the generic engine. Each
 * function turns its arguments into one step of the pack's procedure "m1.declaration" and hands
 * it to app_case_open or app_case_step (app/case.c), where every procedure's step is checked,
 * written and audited; what is measure 1's own (the self-assessment, reviews, grades) is in
 * app/m1_declaration.c. The reads and the tax department's confirmation are here.
 */
#include "declaration.h"

#include "../core/policy.h"
#include "audit.h"
#include "enterprise.h"
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M1_PROCEDURE "m1.declaration"

static bool year_ok(int year)
{
        return year >= 2000 && year <= 9999;
}

/* One step on declaration id with a reason and documents. */
static int step(struct app *app, const struct actor *who, int64_t id, int64_t expected_version,
                const char *action, const char *reason, const struct case_document_input *docs,
                size_t ndocs, gl_date today, struct gl_error *err)
{
        struct case_step_input in = {.action = action,
                                     .reason = reason,
                                     .docs = docs,
                                     .ndocs = ndocs,
                                     .expected_version = expected_version,
                                     .today = today};
        return app_case_step(app, who, id, &in, err);
}

int app_declaration_submit(struct app *app, const struct actor *who, const char *uscc, int year,
                           const char *grade_sought, const struct case_document_input *docs,
                           size_t ndocs, gl_date today, int64_t *id, struct gl_error *err)
{
        char year_text[16];
        snprintf(year_text, sizeof(year_text), "%d", year);
        struct case_field fields[2] = {{"year", year_text}, {"grade_sought", grade_sought}};
        struct case_step_input in = {.action = "submit",
                                     .fields = fields,
                                     .nfields = grade_sought && grade_sought[0] ? 2 : 1,
                                     .docs = docs,
                                     .ndocs = ndocs,
                                     .today = today};
        return app_case_open(app, who, M1_PROCEDURE, uscc, &in, id, err);
}

int app_declaration_resubmit(struct app *app, const struct actor *who, int64_t id,
                             int64_t expected_version, const struct case_document_input *docs,
                             size_t ndocs, gl_date today, struct gl_error *err)
{
        return step(app, who, id, expected_version, "resubmit", NULL, docs, ndocs, today, err);
}

int app_declaration_review(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool approve, const char *reason,
                           gl_date today, struct gl_error *err)
{
        return step(app, who, id, expected_version, approve ? "approve" : "return", reason, NULL, 0,
                    today, err);
}

int app_declaration_city_review(struct app *app, const struct actor *who, int64_t id,
                                int64_t expected_version, bool site, const char *findings,
                                gl_date today, struct gl_error *err)
{
        return step(app, who, id, expected_version,
                    site ? "site_verification" : "preliminary_review", findings, NULL, 0, today,
                    err);
}

int app_declaration_decide(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool provisional, const char *reason,
                           gl_date today, struct gl_error *err)
{
        return step(app, who, id, expected_version, provisional ? "decide_provisional" : "reject",
                    reason, NULL, 0, today, err);
}

int app_declaration_indicators_met(struct app *app, const struct actor *who, int64_t id,
                                   int64_t expected_version, const char *note, gl_date today,
                                   struct gl_error *err)
{
        return step(app, who, id, expected_version, "indicators_met", note, NULL, 0, today, err);
}

int app_tax_confirm(struct app *app, const struct actor *who, const char *uscc, int year,
                    struct gl_error *err)
{
        if (who->role != ROLE_TAX_OFFICER && who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role",
                               "只有县税务部门可以确认税收数据 (only the tax department confirms)");
        if (!year_ok(year))
                return gl_fail(err, GL_EINVAL, "year", "年度无效 (bad year): %d", year);
        char now[21];
        app_now_iso(now);
        int rc = app_begin(app, err);
        if (rc != GL_OK)
                return rc;
        rc = declaration_store_confirm_tax(app->db, uscc, year, now);
        if (rc == GL_ENOTFOUND) {
                rc = gl_fail(err, GL_ENOTFOUND, "uscc",
                             "没有 %s 在 %d 年的纳税数据，无法确认 (no tax figure)", uscc, year);
                goto fail;
        }
        if (rc != GL_OK) {
                rc = gl_fail(err, GL_EDB, "", "确认失败: %s", db_errmsg(app->db));
                goto fail;
        }
        char id[32], detail[128];
        snprintf(id, sizeof(id), "%s:%d", uscc, year);
        snprintf(detail, sizeof(detail), "{\"tax_confirmed\":true,\"uscc\":\"%s\",\"year\":%d}",
                 uscc, year);
        rc = audit_append(app, who, "annual.tax_confirm", "annual_figures", id, detail, err);
        if (rc != GL_OK)
                goto fail;
        return app_commit(app, err);
fail:
        app_rollback(app);
        return rc;
}

int app_declaration_get(struct app *app, const struct actor *who, int64_t id,
                        struct declaration *out, struct gl_error *err)
{
        int rc = declaration_store_get(app->db, id, out);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                               (long long)id);
        if (rc != GL_OK)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取申报失败 (reading the declaration failed): %s",
                               db_errmsg(app->db));
        if (app_scope_case(app, who, procedure_find(app->pack, M1_PROCEDURE), out->uscc, NULL) !=
                GL_OK ||
            !app_enterprise_covered(app, who, out->uscc)) {
                declaration_clear(out);
                return gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                               (long long)id);
        }
        return GL_OK;
}

/* Appends one element of size bytes to *items (*n of them), GL_ENOMEM when it cannot grow. */
static int append(void **items, size_t *n, const void *item, size_t size)
{
        char *grown = realloc(*items, (*n + 1) * size);
        if (grown == NULL)
                return GL_ENOMEM;
        memcpy(grown + *n * size, item, size);
        *items = grown;
        (*n)++;
        return GL_OK;
}

/* A copy of text (NULL stays NULL); *failed is set when memory runs out. */
static char *copy_or_null(const char *text, bool *failed)
{
        if (text == NULL)
                return NULL;
        char *c = strdup(text);
        *failed = *failed || c == NULL;
        return c;
}

static int keep_document(const struct case_document *d, void *ctx)
{
        struct declaration_record *r = ctx;
        struct case_document copy = *d;
        copy.content_base64 = NULL;
        return append((void **)&r->documents, &r->ndocuments, &copy, sizeof(copy));
}

static int keep_step(const struct case_step_record *s, void *ctx)
{
        struct declaration_record *r = ctx;
        struct case_step_record copy = *s;
        bool failed = false;
        char *reason = copy_or_null(s->reason, &failed), *fields = copy_or_null(s->fields, &failed);
        copy.reason = reason;
        copy.fields = fields;
        if (failed || append((void **)&r->steps, &r->nsteps, &copy, sizeof(copy)) != GL_OK) {
                free(reason);
                free(fields);
                return GL_ENOMEM;
        }
        return GL_OK;
}

static int keep_review(const struct case_review *v, void *ctx)
{
        struct declaration_record *r = ctx;
        struct case_review copy = *v;
        bool failed = false;
        char *findings = copy_or_null(v->findings, &failed);
        copy.findings = findings;
        if (failed || append((void **)&r->reviews, &r->nreviews, &copy, sizeof(copy)) != GL_OK) {
                free(findings);
                return GL_ENOMEM;
        }
        return GL_OK;
}

void app_declaration_record_clear(struct declaration_record *r)
{
        if (r == NULL)
                return;
        declaration_clear(&r->declaration);
        for (size_t i = 0; i < r->nsteps; i++) {
                free((void *)r->steps[i].reason);
                free((void *)r->steps[i].fields);
        }
        for (size_t i = 0; i < r->nreviews; i++)
                free((void *)r->reviews[i].findings);
        free(r->documents);
        free(r->steps);
        free(r->reviews);
        memset(r, 0, sizeof(*r));
        declaration_init(&r->declaration);
}

int app_declaration_record(struct app *app, const struct actor *who, int64_t id,
                           struct declaration_record *out, struct gl_error *err)
{
        struct declaration_record r;
        memset(&r, 0, sizeof(r));
        declaration_init(&r.declaration);
        int rc = app_declaration_get(app, who, id, &r.declaration, err);
        if (rc == GL_OK)
                rc = app_enterprise_get(app, who, r.declaration.uscc, &r.enterprise, err);
        if (rc == GL_OK)
                rc = app_case_documents(app, who, id, keep_document, &r, err);
        if (rc == GL_OK)
                rc = app_case_steps(app, who, id, keep_step, &r, err);
        if (rc == GL_OK)
                rc = app_case_reviews(app, who, id, keep_review, &r, err);
        if (rc != GL_OK) {
                app_declaration_record_clear(&r);
                return rc;
        }
        /* In the words of the enterprise's county's pack, on which its declaration runs. */
        const struct policy_pack *pack = app_pack_for(app, r.enterprise.division);
        const struct policy_industry *ind = policy_industry_find(pack, r.enterprise.industry);
        snprintf(r.industry_zh, sizeof(r.industry_zh), "%s",
                 ind && ind->name_zh ? ind->name_zh : r.enterprise.industry);
        r.procedure = procedure_find(pack, M1_PROCEDURE);
        *out = r;
        return GL_OK;
}

/* The declarations of enterprises in the reader's jurisdiction. */
struct covered_only {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct declaration *d, void *ctx);
        void *ctx;
};

static int covered_only(const struct declaration *d, void *p)
{
        struct covered_only *c = p;
        return app_enterprise_covered(c->app, c->who, d->uscc) ? c->fn(d, c->ctx) : 0;
}

int app_declaration_list(struct app *app, const struct actor *who,
                         const struct declaration_query *q,
                         int (*fn)(const struct declaration *d, void *ctx), void *ctx,
                         struct gl_error *err)
{
        struct declaration_query mine = q ? *q : (struct declaration_query){.state = -1};
        const char *only = app_scope_list_uscc(who, SCOPE_CASE);
        if (only)
                mine.uscc = only;
        struct covered_only c = {app, who, fn, ctx};
        int rc = declaration_store_list(app->db, &mine, covered_only, &c);
        if (rc < 0)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取申报失败 (reading declarations failed): %s",
                               db_errmsg(app->db));
        return rc;
}

int app_declaration_tax_unconfirmed(struct app *app, const struct declaration *d, bool *unconfirmed,
                                    struct gl_error *err)
{
        bool known = false, confirmed = false;
        if (declaration_store_tax_confirmed(app->db, d->uscc, d->year, &known, &confirmed) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取纳税数据失败: %s", db_errmsg(app->db));
        *unconfirmed = !confirmed;
        return GL_OK;
}

/*
 * The measure-1 procedure's use cases (app/declaration.h). Every step on an existing declaration
 * goes through one function, take_step: it opens the transaction, loads the declaration, asks
 * core/declaration.c whether the step is allowed, applies what the step changes (struct
 * step_input says what), writes the declaration with its version checked, the step record, the
 * audit record, and commits. Submission is the one step without a declaration to load, and has
 * its own function sharing the same helpers.
 */
#include "declaration.h"

#include "../core/calendar.h"
#include "../core/incentive.h"
#include "../core/policy.h"
#include "audit.h"
#include "incentive.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a step brings besides its action: a reason, documents, a fresh self-assessment. */
struct step_input {
        enum declaration_action action;
        const char *reason;
        const struct declaration_document_input *docs;
        size_t ndocs;
        const struct incentive_result *assessment; /* resubmission */
};

static const char *county_days_param = "m1.county_review_working_days";

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

/* The documents handed in: at most DECLARATION_DOCUMENTS_MAX, each named, a base name, not too
 * big. Checked before anything is written. */
static int check_documents(const struct declaration_document_input *docs, size_t n,
                           struct gl_error *err)
{
        if (n > DECLARATION_DOCUMENTS_MAX)
                return gl_fail(err, GL_ELIMIT, "documents",
                               "一次最多提交 %d 份材料 (too many documents)",
                               DECLARATION_DOCUMENTS_MAX);
        for (size_t i = 0; i < n; i++) {
                const struct declaration_document_input *d = &docs[i];
                if (d->name == NULL || d->name[0] == '\0' || strlen(d->name) > 127)
                        return gl_fail(
                            err, GL_EINVAL, "documents",
                            "第 %zu 份材料缺少名称或名称过长 (document name missing or too long)",
                            i + 1);
                if (d->file_name == NULL || d->file_name[0] == '\0' || strlen(d->file_name) > 255 ||
                    strchr(d->file_name, '/') || strchr(d->file_name, '\\'))
                        return gl_fail(err, GL_EINVAL, "documents",
                                       "材料“%s”的文件名无效 (file name must be a base name)",
                                       d->name);
                if (d->size > DECLARATION_DOCUMENT_MAX_BYTES)
                        return gl_fail(err, GL_ELIMIT, "documents",
                                       "材料“%s”超过 %d MB (document too large)", d->name,
                                       DECLARATION_DOCUMENT_MAX_BYTES / (1024 * 1024));
                if (d->size > 0 && d->data == NULL)
                        return gl_fail(err, GL_EINVAL, "documents", "材料“%s”没有内容 (no data)",
                                       d->name);
        }
        return GL_OK;
}

/* Stores the documents: BLAKE2b-256 digest and base64 content. */
static int add_documents(struct app *app, const struct actor *who, int64_t declaration_id,
                         const struct declaration_document_input *docs, size_t n, const char *now,
                         json_t *audit_docs, struct gl_error *err)
{
        for (size_t i = 0; i < n; i++) {
                const struct declaration_document_input *in = &docs[i];
                struct declaration_document doc;
                memset(&doc, 0, sizeof(doc));
                doc.declaration_id = declaration_id;
                copy(doc.name, sizeof(doc.name), in->name);
                copy(doc.file_name, sizeof(doc.file_name), in->file_name);
                doc.size = (int64_t)in->size;
                unsigned char hash[32];
                crypto_generichash(hash, sizeof(hash), in->data, in->size, NULL, 0);
                sodium_bin2hex(doc.digest, sizeof(doc.digest), hash, sizeof(hash));
                size_t b64len = sodium_base64_encoded_len(in->size, sodium_base64_VARIANT_ORIGINAL);
                char *b64 = malloc(b64len);
                if (b64 == NULL)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                sodium_bin2base64(b64, b64len, in->size ? in->data : (const unsigned char *)"",
                                  in->size, sodium_base64_VARIANT_ORIGINAL);
                doc.content_base64 = b64;
                copy(doc.added_by, sizeof(doc.added_by), who->name);
                copy(doc.added_at, sizeof(doc.added_at), now);
                int rc = declaration_store_add_document(app->db, &doc);
                free(b64);
                if (rc != GL_OK)
                        return gl_fail(err, GL_EDB, "",
                                       "保存材料失败 (storing a document failed): %s",
                                       db_errmsg(app->db));
                json_array_append_new(audit_docs,
                                      json_pack("{s:s, s:s, s:I, s:s}", "name", doc.name,
                                                "file_name", doc.file_name, "size",
                                                (json_int_t)doc.size, "digest", doc.digest));
        }
        return GL_OK;
}

/* Copies a self-assessment into the declaration: tier, grace, metrics and explanation as JSON. */
static int take_assessment(struct declaration *d, const struct incentive_result *r,
                           struct gl_error *err)
{
        json_t *metrics = json_object();
        json_t *lines = json_array();
        int rc = GL_ENOMEM;
        char *mtext = NULL, *etext = NULL;
        if (metrics == NULL || lines == NULL)
                goto fail;
        for (int m = 0; m < INCENTIVE_METRIC_COUNT_; m++) {
                const struct incentive_metric_result *mr = &r->metrics[m];
                json_t *o =
                    json_pack("{s:s, s:s, s:s, s:s, s:b, s:b, s:I}", "label",
                              incentive_metric_label_zh((enum incentive_metric)m), "value",
                              mr->value, "average", mr->average, "ratio", mr->ratio, "above",
                              mr->above, "key", mr->key, "peers", (json_int_t)mr->peers);
                if (o == NULL || json_object_set_new(metrics, incentive_metric_name(m), o) != 0)
                        goto fail;
        }
        for (size_t i = 0; i < r->nexplanation && i < INCENTIVE_EXPLANATION_MAX; i++)
                if (json_array_append_new(lines, json_string(r->explanation[i])) != 0)
                        goto fail;
        mtext = json_dumps(metrics, JSON_COMPACT | JSON_SORT_KEYS);
        etext = json_dumps(lines, JSON_COMPACT);
        if (mtext == NULL || etext == NULL)
                goto fail;
        if (declaration_set_text(&d->metrics, mtext) != GL_OK ||
            declaration_set_text(&d->explanation, etext) != GL_OK)
                goto fail;
        copy(d->tier, sizeof(d->tier), incentive_tier_name(r->tier));
        d->grace_months = r->grace_months;
        copy(d->pack_id, sizeof(d->pack_id), r->pack_id);
        d->pack_version = r->pack_version;
        rc = GL_OK;
fail:
        if (rc != GL_OK)
                gl_fail(err, rc, "", "out of memory");
        free(mtext);
        free(etext);
        json_decref(metrics);
        json_decref(lines);
        return rc;
}

/* Sets receipt and the county review's due date from today. */
static int set_receipt(struct app *app, struct declaration *d, gl_date today, struct gl_error *err)
{
        int64_t days = 0;
        int rc = policy_param_int(app->pack, county_days_param, today, &days);
        if (rc != GL_OK || days < 0 || days > 366)
                return gl_fail(err, GL_EINVAL, county_days_param,
                               "政策包缺少县分局审核时限参数 %s (the pack lacks the county review "
                               "limit)",
                               county_days_param);
        bool provisional = false;
        d->received_on = today;
        d->county_due_on = declaration_county_due(app->cal, today, (int)days, &provisional);
        d->county_due_provisional = provisional;
        return GL_OK;
}

/* The grace period in months for the declaration's tier, from the pack on the decision day;
 * the self-assessment's value when the pack has none. */
static int grace_months_for(struct app *app, const struct declaration *d, gl_date today)
{
        const char *name =
            strcmp(d->tier, "key") == 0 ? "m1.key_grace_months" : "m1.general_grace_months";
        int64_t months = 0;
        if (app->pack && policy_param_int(app->pack, name, today, &months) == GL_OK && months > 0 &&
            months <= 120)
                return (int)months;
        return d->grace_months;
}

static int record_grade(struct app *app, const struct declaration *d, const char *kind,
                        const char *from, const char *to, const struct actor *who, gl_date today,
                        const char *reason, const char *now, struct gl_error *err)
{
        if (strcmp(kind, "formal") != 0 &&
            declaration_store_set_grade(app->db, d->uscc, to, now) != GL_OK)
                return gl_fail(err, GL_EDB, "grade",
                               "更新企业绩效等级失败 (updating the grade failed): %s",
                               db_errmsg(app->db));
        struct grade_change g;
        memset(&g, 0, sizeof(g));
        copy(g.uscc, sizeof(g.uscc), d->uscc);
        copy(g.from_grade, sizeof(g.from_grade), from);
        copy(g.to_grade, sizeof(g.to_grade), to);
        copy(g.kind, sizeof(g.kind), kind);
        g.on_date = today;
        g.grace_deadline = d->grace_deadline;
        copy(g.decided_by, sizeof(g.decided_by), who->name);
        g.reason = reason;
        g.declaration_id = d->id;
        copy(g.created_at, sizeof(g.created_at), now);
        if (grade_history_add(app->db, &g) != GL_OK)
                return gl_fail(err, GL_EDB, "grade", "记录等级变更失败 (grade history): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

static int add_review(struct app *app, const struct declaration *d, const char *kind,
                      const char *outcome, const char *findings, const struct actor *who,
                      gl_date today, const char *now, struct gl_error *err)
{
        struct declaration_review r;
        memset(&r, 0, sizeof(r));
        r.declaration_id = d->id;
        copy(r.kind, sizeof(r.kind), kind);
        copy(r.outcome, sizeof(r.outcome), outcome);
        r.findings = findings;
        copy(r.reviewed_by, sizeof(r.reviewed_by), who->name);
        copy(r.reviewer_role, sizeof(r.reviewer_role), role_name(who->role));
        r.reviewed_on = today;
        copy(r.created_at, sizeof(r.created_at), now);
        if (declaration_store_add_review(app->db, &r) != GL_OK)
                return gl_fail(err, GL_EDB, "", "记录审核意见失败 (storing the review failed): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

/* The step record and the audit record of a step that moved d from `from` to d->state. */
static int record_step(struct app *app, const struct actor *who, const struct declaration *d,
                       enum declaration_action action, enum declaration_state from,
                       const char *reason, gl_date today, const char *now, json_t *extra,
                       struct gl_error *err)
{
        struct declaration_step_record s;
        memset(&s, 0, sizeof(s));
        s.declaration_id = d->id;
        copy(s.action, sizeof(s.action), declaration_action_name(action));
        copy(s.from_state, sizeof(s.from_state), declaration_state_name(from));
        copy(s.to_state, sizeof(s.to_state), declaration_state_name(d->state));
        copy(s.actor, sizeof(s.actor), who->name);
        copy(s.actor_role, sizeof(s.actor_role), role_name(who->role));
        s.on_date = today;
        s.reason = reason;
        copy(s.created_at, sizeof(s.created_at), now);
        if (declaration_store_add_step(app->db, &s) != GL_OK)
                return gl_fail(err, GL_EDB, "", "记录办理步骤失败 (storing the step failed): %s",
                               db_errmsg(app->db));

        char day[11], action_name[64], id[24];
        snprintf(action_name, sizeof(action_name), "declaration.%s",
                 declaration_action_name(action));
        snprintf(id, sizeof(id), "%lld", (long long)d->id);
        json_t *detail =
            json_pack("{s:I, s:s, s:i, s:s, s:s, s:s, s:s, s:I}", "declaration", (json_int_t)d->id,
                      "uscc", d->uscc, "year", d->year, "from", declaration_state_name(from), "to",
                      declaration_state_name(d->state), "on", date_format_iso(today, day), "reason",
                      reason ? reason : "", "version", (json_int_t)(d->version + 1));
        if (detail == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (extra)
                json_object_update(detail, extra);
        char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(detail);
        if (text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = audit_append(app, who, action_name, "declaration", id, text, err);
        free(text);
        return rc;
}

static int load(struct app *app, int64_t id, struct declaration *d, struct gl_error *err)
{
        int rc = declaration_store_get(app->db, id, d);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                               (long long)id);
        if (rc != GL_OK)
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取申报失败 (reading the declaration failed): %s",
                               db_errmsg(app->db));
        return GL_OK;
}

/*
 * One step on an existing declaration, in one transaction. Outcomes: GL_ENOTFOUND (no such
 * declaration), GL_EPERM (role or enterprise), GL_ECONFLICT (stale version), GL_ESTATE (order,
 * grace), GL_EINVAL (reason), GL_EDB; GL_OK with every row written and audited.
 */
static int take_step(struct app *app, const struct actor *who, int64_t id, int64_t expected_version,
                     const struct step_input *in, gl_date today, struct gl_error *err)
{
        struct declaration d;
        declaration_init(&d);
        json_t *extra = json_object();
        char now[21];
        app_now_iso(now);
        if (extra == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = app_begin(app, err);
        if (rc != GL_OK) {
                json_decref(extra);
                return rc;
        }
        rc = load(app, id, &d, err);
        if (rc != GL_OK)
                goto fail;
        /* Another enterprise's declaration does not exist for an enterprise user. */
        if (who->role == ROLE_ENTERPRISE && strcmp(who->uscc, d.uscc) != 0) {
                rc = gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                             (long long)id);
                goto fail;
        }
        int64_t preliminary = 0, site = 0;
        if (declaration_store_count_reviews(app->db, id, "preliminary", &preliminary) != GL_OK ||
            declaration_store_count_reviews(app->db, id, "site", &site) != GL_OK) {
                rc = gl_fail(err, GL_EDB, "", "读取审核记录失败: %s", db_errmsg(app->db));
                goto fail;
        }
        struct declaration_step st = {
            .action = in->action,
            .role = who->role,
            .actor_uscc = who->uscc,
            .uscc = d.uscc,
            .state = d.state,
            .version = d.version,
            .expected_version = expected_version,
            .has_preliminary = preliminary > 0,
            .has_site = site > 0,
            .reason = in->reason,
            .today = today,
            .grace_deadline = d.grace_deadline,
        };
        enum declaration_state from = d.state, next;
        rc = declaration_check_step(&st, &next, err);
        if (rc != GL_OK)
                goto fail;
        d.state = next;
        copy(d.updated_at, sizeof(d.updated_at), now);
        const char *reason = in->reason;

        switch (in->action) {
        case DECLARATION_RESUBMIT: {
                rc = take_assessment(&d, in->assessment, err);
                if (rc == GL_OK)
                        rc = set_receipt(app, &d, today, err);
                if (rc != GL_OK)
                        goto fail;
                copy(d.submitted_by, sizeof(d.submitted_by), who->name);
                d.county_decided_by[0] = '\0';
                d.county_decided_on = GL_DATE_NONE;
                declaration_set_text(&d.county_reason, NULL);
                json_t *docs = json_array();
                json_object_set_new(extra, "documents", docs);
                rc = add_documents(app, who, d.id, in->docs, in->ndocs, now, docs, err);
                if (rc != GL_OK)
                        goto fail;
                char due[11];
                json_object_set_new(extra, "county_due",
                                    json_string(date_format_iso(d.county_due_on, due)));
                json_object_set_new(extra, "tier", json_string(d.tier));
                break;
        }
        case DECLARATION_APPROVE:
        case DECLARATION_RETURN: {
                bool approve = in->action == DECLARATION_APPROVE;
                copy(d.county_decided_by, sizeof(d.county_decided_by), who->name);
                d.county_decided_on = today;
                if (declaration_set_text(&d.county_reason, reason) != GL_OK) {
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        goto fail;
                }
                rc = add_review(app, &d, "county", approve ? "approved" : "returned", reason, who,
                                today, now, err);
                if (rc != GL_OK)
                        goto fail;
                break;
        }
        case DECLARATION_PRELIMINARY_REVIEW:
        case DECLARATION_SITE_VERIFICATION:
                rc = add_review(
                    app, &d, in->action == DECLARATION_SITE_VERIFICATION ? "site" : "preliminary",
                    "", reason, who, today, now, err);
                if (rc != GL_OK)
                        goto fail;
                break;
        case DECLARATION_DECIDE_PROVISIONAL: {
                int months = grace_months_for(app, &d, today);
                if (months <= 0) {
                        rc = gl_fail(
                            err, GL_ESTATE, "tier",
                            "自评不符合激励条件，没有宽限期，不能暂按高一级别管理 (no grace "
                            "period for this tier)");
                        goto fail;
                }
                bool provisional = false;
                copy(d.decided_by, sizeof(d.decided_by), who->name);
                d.decided_on = today;
                d.grace_months = months;
                d.grace_deadline =
                    declaration_grace_deadline(app->cal, today, months, &provisional);
                d.grace_provisional = provisional;
                if (declaration_set_text(&d.decision_reason, reason) != GL_OK) {
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        goto fail;
                }
                char due[11], why[160];
                snprintf(why, sizeof(why), "暂按高一级别管理，宽限 %d 个月，至 %s", months,
                         date_format_iso(d.grace_deadline, due));
                rc = record_grade(app, &d, "provisional", d.grade_from, d.grade_sought, who, today,
                                  reason && reason[0] ? reason : why, now, err);
                if (rc != GL_OK)
                        goto fail;
                json_object_set_new(extra, "grace_deadline", json_string(due));
                json_object_set_new(extra, "grace_months", json_integer(months));
                json_object_set_new(extra, "grace_provisional", json_boolean(provisional));
                json_object_set_new(extra, "grade", json_string(d.grade_sought));
                break;
        }
        case DECLARATION_REJECT:
                copy(d.decided_by, sizeof(d.decided_by), who->name);
                d.decided_on = today;
                if (declaration_set_text(&d.decision_reason, reason) != GL_OK) {
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        goto fail;
                }
                break;
        case DECLARATION_INDICATORS_MET:
        case DECLARATION_REVERT: {
                bool met = in->action == DECLARATION_INDICATORS_MET;
                copy(d.closed_by, sizeof(d.closed_by), who->name);
                d.closed_on = today;
                if (declaration_set_text(&d.closed_reason, reason) != GL_OK) {
                        rc = gl_fail(err, GL_ENOMEM, "", "out of memory");
                        goto fail;
                }
                rc = met ? record_grade(app, &d, "formal", d.grade_from, d.grade_sought, who, today,
                                        reason ? reason : "宽限期内指标已达标，正式晋级", now, err)
                         : record_grade(app, &d, "reverted", d.grade_sought, d.grade_from, who,
                                        today, reason, now, err);
                if (rc != GL_OK)
                        goto fail;
                json_object_set_new(extra, "grade",
                                    json_string(met ? d.grade_sought : d.grade_from));
                break;
        }
        case DECLARATION_SUBMIT:
        case DECLARATION_ACTION_COUNT_:
                rc = gl_fail(err, GL_EINVAL, "action", "未知的申报操作 (unknown action)");
                goto fail;
        }

        rc = declaration_store_update(app->db, &d);
        if (rc == GL_ECONFLICT) {
                rc = gl_fail(err, GL_ECONFLICT, "version",
                             "申报已被他人修改，请刷新后重试 (changed meanwhile)");
                goto fail;
        }
        if (rc != GL_OK) {
                rc = gl_fail(err, GL_EDB, "", "保存申报失败 (saving failed): %s",
                             db_errmsg(app->db));
                goto fail;
        }
        rc = record_step(app, who, &d, in->action, from, reason, today, now, extra, err);
        if (rc != GL_OK)
                goto fail;
        rc = app_commit(app, err);
        declaration_clear(&d);
        json_decref(extra);
        return rc;
fail:
        app_rollback(app);
        declaration_clear(&d);
        json_decref(extra);
        return rc;
}

/* The self-assessment of (uscc, year) on today, read before the step's transaction. */
static int assess(struct app *app, const struct actor *who, const char *uscc, int year,
                  gl_date today, struct incentive_result **out, struct gl_error *err)
{
        struct incentive_result *r = calloc(1, sizeof(*r));
        if (r == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc = app_incentive_evaluate_one_on(app, who, uscc, year, today, r, err);
        if (rc != GL_OK) {
                free(r);
                return rc;
        }
        *out = r;
        return GL_OK;
}

static bool year_ok(int year)
{
        return year >= 2000 && year <= 9999;
}

int app_declaration_submit(struct app *app, const struct actor *who, const char *uscc, int year,
                           const char *grade_sought, const struct declaration_document_input *docs,
                           size_t ndocs, gl_date today, int64_t *id, struct gl_error *err)
{
        if (!declaration_role_may(who->role, DECLARATION_SUBMIT))
                return gl_fail(err, GL_EPERM, "role", "%s无权提交申报 (role %s may not submit)",
                               role_label_zh(who->role), role_name(who->role));
        if (uscc == NULL || uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "uscc", "缺少统一社会信用代码 (USCC missing)");
        if (!year_ok(year))
                return gl_fail(err, GL_EINVAL, "year", "年度无效 (bad year): %d", year);
        if (ndocs == 0)
                return gl_fail(err, GL_EINVAL, "documents",
                               "申报须附申报表等证明材料 (at least one document is required)");
        int rc = check_documents(docs, ndocs, err);
        if (rc != GL_OK)
                return rc;
        struct incentive_result *assessment = NULL;
        rc = assess(app, who, uscc, year, today, &assessment, err);
        if (rc != GL_OK)
                return rc;

        struct declaration d;
        declaration_init(&d);
        json_t *extra = json_object();
        char now[21];
        app_now_iso(now);
        rc = app_begin(app, err);
        if (rc != GL_OK) {
                free(assessment);
                json_decref(extra);
                return rc;
        }
        int64_t open_id = 0;
        int found = declaration_store_find_open(app->db, uscc, &open_id);
        if (found != GL_OK && found != GL_ENOTFOUND) {
                rc = gl_fail(err, GL_EDB, "", "读取申报失败: %s", db_errmsg(app->db));
                goto fail;
        }
        struct declaration_submission sub = {
            .role = who->role,
            .actor_uscc = who->uscc,
            .uscc = uscc,
            .has_open = found == GL_OK,
            .in_scope = assessment->in_scope,
            .grade = assessment->grade,
            .next_grade = assessment->next_grade,
            .grade_sought = grade_sought,
            .tier = incentive_tier_name(assessment->tier),
        };
        if (grade_sought == NULL || grade_sought[0] == '\0')
                sub.grade_sought = grade_sought = assessment->next_grade;
        rc = declaration_check_submission(&sub, err);
        if (rc == GL_ECONFLICT && err != NULL)
                snprintf(err->message + strlen(err->message),
                         sizeof(err->message) - strlen(err->message), "：申报 %lld",
                         (long long)open_id);
        if (rc != GL_OK)
                goto fail;

        copy(d.uscc, sizeof(d.uscc), uscc);
        d.year = year;
        d.state = DECLARATION_SUBMITTED;
        copy(d.grade_from, sizeof(d.grade_from), assessment->grade);
        copy(d.grade_sought, sizeof(d.grade_sought), grade_sought);
        copy(d.submitted_by, sizeof(d.submitted_by), who->name);
        copy(d.created_at, sizeof(d.created_at), now);
        copy(d.updated_at, sizeof(d.updated_at), now);
        rc = take_assessment(&d, assessment, err);
        if (rc == GL_OK)
                rc = set_receipt(app, &d, today, err);
        if (rc != GL_OK)
                goto fail;
        rc = declaration_store_insert(app->db, &d, &d.id);
        if (rc != GL_OK) {
                rc =
                    gl_fail(err, rc == GL_ECONFLICT ? GL_ECONFLICT : GL_EDB, "uscc",
                            "保存申报失败 (saving the declaration failed): %s", db_errmsg(app->db));
                goto fail;
        }
        json_t *audit_docs = json_array();
        json_object_set_new(extra, "documents", audit_docs);
        rc = add_documents(app, who, d.id, docs, ndocs, now, audit_docs, err);
        if (rc != GL_OK)
                goto fail;
        char due[11];
        json_object_set_new(extra, "county_due",
                            json_string(date_format_iso(d.county_due_on, due)));
        json_object_set_new(extra, "tier", json_string(d.tier));
        json_object_set_new(extra, "grade_sought", json_string(d.grade_sought));
        json_object_set_new(extra, "pack", json_sprintf("%s@%d", d.pack_id, d.pack_version));
        d.version = 0; /* the audit detail's version is d.version + 1 */
        rc = record_step(app, who, &d, DECLARATION_SUBMIT, DECLARATION_NONE, NULL, today, now,
                         extra, err);
        if (rc != GL_OK)
                goto fail;
        rc = app_commit(app, err);
        if (rc == GL_OK)
                *id = d.id;
        free(assessment);
        declaration_clear(&d);
        json_decref(extra);
        return rc;
fail:
        app_rollback(app);
        free(assessment);
        declaration_clear(&d);
        json_decref(extra);
        return rc;
}

int app_declaration_resubmit(struct app *app, const struct actor *who, int64_t id,
                             int64_t expected_version,
                             const struct declaration_document_input *docs, size_t ndocs,
                             gl_date today, struct gl_error *err)
{
        int rc = check_documents(docs, ndocs, err);
        if (rc != GL_OK)
                return rc;
        struct declaration d;
        declaration_init(&d);
        rc = load(app, id, &d, err);
        if (rc != GL_OK)
                return rc;
        /* Ownership and role first, so that nobody learns another enterprise's figures: another
         * enterprise's declaration does not exist for an enterprise user. */
        if (who->role == ROLE_ENTERPRISE && strcmp(who->uscc, d.uscc) != 0) {
                declaration_clear(&d);
                return gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                               (long long)id);
        }
        if (!declaration_role_may(who->role, DECLARATION_RESUBMIT)) {
                declaration_clear(&d);
                return gl_fail(err, GL_EPERM, "role",
                               "%s无权重新申报该申报 (may not resubmit this declaration)",
                               role_label_zh(who->role));
        }
        struct incentive_result *assessment = NULL;
        rc = assess(app, who, d.uscc, d.year, today, &assessment, err);
        if (rc == GL_OK && strcmp(incentive_tier_name(assessment->tier), "none") == 0)
                rc = gl_fail(err, GL_ESTATE, "tier",
                             "自评结果不符合一般性激励或重点激励条件，不能重新申报 (the "
                             "self-assessment does not qualify)");
        if (rc == GL_OK && strcmp(assessment->next_grade, d.grade_sought) != 0)
                rc = gl_fail(err, GL_ESTATE, "grade_sought",
                             "企业等级已变化，申报等级“%s”不再是高一级别 (the grade sought is no "
                             "longer the next rung)",
                             d.grade_sought);
        declaration_clear(&d);
        if (rc != GL_OK) {
                free(assessment);
                return rc;
        }
        struct step_input in = {
            .action = DECLARATION_RESUBMIT, .docs = docs, .ndocs = ndocs, .assessment = assessment};
        rc = take_step(app, who, id, expected_version, &in, today, err);
        free(assessment);
        return rc;
}

int app_declaration_review(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool approve, const char *reason,
                           gl_date today, struct gl_error *err)
{
        struct step_input in = {.action = approve ? DECLARATION_APPROVE : DECLARATION_RETURN,
                                .reason = reason};
        return take_step(app, who, id, expected_version, &in, today, err);
}

int app_declaration_city_review(struct app *app, const struct actor *who, int64_t id,
                                int64_t expected_version, bool site, const char *findings,
                                gl_date today, struct gl_error *err)
{
        struct step_input in = {.action = site ? DECLARATION_SITE_VERIFICATION
                                               : DECLARATION_PRELIMINARY_REVIEW,
                                .reason = findings};
        return take_step(app, who, id, expected_version, &in, today, err);
}

int app_declaration_decide(struct app *app, const struct actor *who, int64_t id,
                           int64_t expected_version, bool provisional, const char *reason,
                           gl_date today, struct gl_error *err)
{
        struct step_input in = {.action = provisional ? DECLARATION_DECIDE_PROVISIONAL
                                                      : DECLARATION_REJECT,
                                .reason = reason};
        return take_step(app, who, id, expected_version, &in, today, err);
}

int app_declaration_indicators_met(struct app *app, const struct actor *who, int64_t id,
                                   int64_t expected_version, const char *note, gl_date today,
                                   struct gl_error *err)
{
        struct step_input in = {.action = DECLARATION_INDICATORS_MET, .reason = note};
        return take_step(app, who, id, expected_version, &in, today, err);
}

struct id_list {
        int64_t *ids;
        size_t n, cap;
        gl_date today;
};

static int collect_passed(const struct declaration *d, void *ctx)
{
        struct id_list *l = ctx;
        if (!declaration_grace_passed(d->grace_deadline, l->today))
                return 0;
        if (l->n == l->cap) {
                size_t cap = l->cap ? l->cap * 2 : 16;
                int64_t *ids = realloc(l->ids, cap * sizeof(*ids));
                if (ids == NULL)
                        return GL_ENOMEM;
                l->ids = ids;
                l->cap = cap;
        }
        l->ids[l->n++] = d->id;
        return 0;
}

int app_deadlines_sweep(struct app *app, const struct actor *who, gl_date today, int64_t *reverted,
                        struct gl_error *err)
{
        if (!declaration_role_may(who->role, DECLARATION_REVERT))
                return gl_fail(
                    err, GL_EPERM, "role",
                    "%s无权执行期限清理，只有系统可以撤销暂定等级 (only the system sweeps)",
                    role_label_zh(who->role));
        struct id_list l = {.today = today};
        struct declaration_query q = {.state = DECLARATION_PROVISIONAL};
        int rc = declaration_store_list(app->db, &q, collect_passed, &l);
        if (rc != GL_OK) {
                free(l.ids);
                return gl_fail(err, rc == GL_ENOMEM ? GL_ENOMEM : GL_EDB, "",
                               "读取申报失败 (reading declarations failed): %s",
                               db_errmsg(app->db));
        }
        int64_t done = 0;
        for (size_t i = 0; i < l.n; i++) {
                struct declaration d;
                declaration_init(&d);
                rc = load(app, l.ids[i], &d, err);
                if (rc != GL_OK)
                        break;
                char due[11], reason[256];
                snprintf(reason, sizeof(reason),
                         "宽限期已于 %s 届满，未确认指标达标，撤销暂定等级 %s，恢复为 %s "
                         "(grace passed unmet)",
                         date_format_iso(d.grace_deadline, due), d.grade_sought,
                         d.grade_from[0] ? d.grade_from : "无等级");
                struct step_input in = {.action = DECLARATION_REVERT, .reason = reason};
                rc = take_step(app, who, d.id, d.version, &in, today, err);
                declaration_clear(&d);
                if (rc != GL_OK)
                        break;
                done++;
        }
        free(l.ids);
        if (reverted)
                *reverted = done;
        return rc;
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
        int rc = load(app, id, out, err);
        if (rc != GL_OK)
                return rc;
        if (who->role == ROLE_ENTERPRISE && strcmp(who->uscc, out->uscc) != 0) {
                declaration_clear(out);
                return gl_fail(err, GL_ENOTFOUND, "id", "申报 %lld 不存在 (no such declaration)",
                               (long long)id);
        }
        return GL_OK;
}

int app_declaration_list(struct app *app, const struct actor *who,
                         const struct declaration_query *q,
                         int (*fn)(const struct declaration *d, void *ctx), void *ctx,
                         struct gl_error *err)
{
        struct declaration_query mine = q ? *q : (struct declaration_query){.state = -1};
        if (who->role == ROLE_ENTERPRISE)
                mine.uscc = who->uscc;
        int rc = declaration_store_list(app->db, &mine, fn, ctx);
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

struct deadline_ctx {
        struct app *app;
        gl_date today;
        struct deadline_item *items;
        size_t n, cap;
};

static int collect_deadline(const struct declaration *d, void *p)
{
        struct deadline_ctx *c = p;
        struct deadline_item it;
        memset(&it, 0, sizeof(it));
        if (d->state == DECLARATION_SUBMITTED) {
                it.kind = "county_review";
                it.what = "县分局审核期限";
                it.due = d->county_due_on;
                it.provisional = d->county_due_provisional;
        } else if (d->state == DECLARATION_PROVISIONAL) {
                it.kind = "grace";
                it.what = "暂定等级宽限期（指标须于此前达标）";
                it.due = d->grace_deadline;
                it.provisional = d->grace_provisional;
        } else {
                return 0;
        }
        if (it.due == GL_DATE_NONE)
                return 0;
        it.declaration_id = d->id;
        copy(it.uscc, sizeof(it.uscc), d->uscc);
        it.state = d->state;
        bool provisional = false;
        it.working_days_left =
            calendar_working_days_between(c->app->cal, c->today, it.due, &provisional);
        it.provisional = it.provisional || provisional;
        it.overdue = c->today > it.due;
        if (c->n == c->cap) {
                size_t cap = c->cap ? c->cap * 2 : 16;
                struct deadline_item *items = realloc(c->items, cap * sizeof(*items));
                if (items == NULL)
                        return GL_ENOMEM;
                c->items = items;
                c->cap = cap;
        }
        c->items[c->n++] = it;
        return 0;
}

static int by_due(const void *a, const void *b)
{
        const struct deadline_item *x = a, *y = b;
        if (x->due != y->due)
                return x->due < y->due ? -1 : 1;
        return x->declaration_id < y->declaration_id ? -1 : x->declaration_id > y->declaration_id;
}

int app_deadlines_list(struct app *app, const struct actor *who, gl_date today,
                       int (*fn)(const struct deadline_item *item, void *ctx), void *ctx,
                       struct gl_error *err)
{
        struct deadline_ctx c = {.app = app, .today = today};
        struct declaration_query q = {.state = -1, .open_only = true};
        int rc = app_declaration_list(app, who, &q, collect_deadline, &c, err);
        if (rc != GL_OK) {
                free(c.items);
                return rc == GL_ENOMEM ? gl_fail(err, GL_ENOMEM, "", "out of memory") : rc;
        }
        if (c.n > 1)
                qsort(c.items, c.n, sizeof(c.items[0]), by_due);
        for (size_t i = 0; i < c.n && rc == 0; i++)
                rc = fn(&c.items[i], ctx);
        free(c.items);
        return rc;
}

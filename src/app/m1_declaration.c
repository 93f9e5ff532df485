/*
 * Measure 1's own code on the procedure engine (激励性生态环境绩效分级申报; the procedure is
 * "m1.declaration" in the pack): the extension that loads and saves what a declaration keeps of
 * its own (m1_declarations), the named guards (may the enterprise declare, resubmit, be promoted
 * on the decision day), the named effects (the self-assessment kept with a submission, the county
 * and city reviews, the provisional, formal and reverted grades with the grade history) and the
 * grace period's length by tier. The pure rules they apply are core/declaration.c's.
 */
#include "../core/declaration.h"
#include "../core/incentive.h"
#include "../core/policy.h"
#include "../store/declaration_store.h"
#include "case_hooks.h"
#include "incentive.h"
#include "seal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a step of a declaration carries between the extension, its guards and its effects. */
struct m1_ctx {
        struct declaration d;
        struct incentive_result *assessment; /* submission and resubmission */
        char grade_now[GL_GRADE_LEN];        /* the decision: the grade held on the day */
        char grade_next[GL_GRADE_LEN];       /* one rung above it */
};

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static struct m1_ctx *m1(struct case_ctx *c)
{
        return c->ext;
}

static int db_fail(struct case_ctx *c, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(c->app->db));
}

/* ---- the extension ---- */

static int m1_load(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = calloc(1, sizeof(*x));
        if (x == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        declaration_init(&x->d);
        c->ext = x;
        if (c->opening) {
                copy(x->d.uscc, sizeof(x->d.uscc), c->row->uscc);
                return GL_OK;
        }
        int rc = declaration_store_get(c->app->db, c->row->id, &x->d);
        if (rc != GL_OK)
                return db_fail(c, "读取申报", err);
        return GL_OK;
}

static int m1_save(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        x->d.id = c->row->id;
        int rc = c->opening ? declaration_store_insert(c->app->db, c->row->id, &x->d)
                            : declaration_store_update(c->app->db, &x->d);
        if (rc != GL_OK)
                return db_fail(c, "保存申报", err);
        json_object_set_new(c->audit, "year", json_integer(x->d.year));
        return GL_OK;
}

static void m1_release(struct case_ctx *c)
{
        struct m1_ctx *x = m1(c);
        if (x == NULL)
                return;
        declaration_clear(&x->d);
        free(x->assessment);
        free(x);
        c->ext = NULL;
}

const struct case_extension m1_extension = {.procedure = "m1.declaration",
                                            .audit_entity = "declaration",
                                            .load = m1_load,
                                            .save = m1_save,
                                            .release = m1_release};

/* ---- guards ---- */

/* The self-assessment of the declaration's enterprise and year on the step's day. */
static int assess(struct case_ctx *c, int year, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        struct incentive_result *r = calloc(1, sizeof(*r));
        if (r == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        int rc =
            app_incentive_evaluate_one_on(c->app, c->who, x->d.uscc, year, c->in->today, r, err);
        if (rc != GL_OK) {
                free(r);
                return rc;
        }
        free(x->assessment);
        x->assessment = r;
        return GL_OK;
}

/*
 * m1.may_declare: one open declaration per enterprise, its industry in the measure's scope, not an
 * A grade nor a top rung, the grade sought the next rung, a qualifying self-assessment, and — by
 * m1.redeclare_after_revert — no declaration reverted on the same year's figures.
 */
static int may_declare(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        if (x->d.uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "uscc", "缺少统一社会信用代码 (USCC missing)");
        const char *year_text = case_ctx_field(c, "year");
        int year = year_text ? atoi(year_text) : 0;
        int rc = assess(c, year, err);
        if (rc != GL_OK)
                return rc;
        const struct incentive_result *a = x->assessment;
        int64_t open_id = 0;
        int found = declaration_store_find_open(c->app->db, x->d.uscc, &open_id);
        if (found != GL_OK && found != GL_ENOTFOUND)
                return db_fail(c, "读取申报", err);
        const char *sought = case_ctx_field(c, "grade_sought");
        if (sought == NULL || sought[0] == '\0')
                sought = a->next_grade;
        struct declaration_submission sub = {
            .role = c->who->role,
            .actor_uscc = c->who->uscc,
            .uscc = x->d.uscc,
            .has_open = found == GL_OK,
            .in_scope = a->in_scope,
            .grade = a->grade,
            .next_grade = a->next_grade,
            .grade_sought = sought,
            .tier = incentive_tier_name(a->tier),
        };
        rc = declaration_check_submission(&sub, err);
        if (rc == GL_ECONFLICT && err != NULL)
                snprintf(err->message + strlen(err->message),
                         sizeof(err->message) - strlen(err->message), "：申报 %lld",
                         (long long)open_id);
        if (rc != GL_OK)
                return rc;
        const char *rule = NULL;
        if (policy_param_text(c->pack, "m1.redeclare_after_revert", c->in->today, &rule) == GL_OK &&
            strcmp(rule, "next_year") == 0) {
                bool reverted = false;
                if (declaration_store_reverted_since(c->app->db, x->d.uscc, year, &reverted) !=
                    GL_OK)
                        return db_fail(c, "读取申报", err);
                if (reverted)
                        return gl_fail(
                            err, GL_ESTATE, "year",
                            "该企业以 %d 年度（或其后年度）数据申报的暂定等级已因宽限期"
                            "内未达标被撤销，须以其后年度的数据重新申报（政策包参数 "
                            "m1.redeclare_after_revert = next_year，解读：措施未作规定）",
                            year);
        }
        x->d.year = year;
        copy(x->d.grade_from, sizeof(x->d.grade_from), a->grade);
        copy(x->d.grade_sought, sizeof(x->d.grade_sought), sought);
        return GL_OK;
}

/* m1.may_resubmit: the self-assessment still qualifies and the grade sought is still the next
 * rung. */
static int may_resubmit(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        int rc = assess(c, x->d.year, err);
        if (rc != GL_OK)
                return rc;
        const struct incentive_result *a = x->assessment;
        if (a->tier == INCENTIVE_TIER_NONE)
                return gl_fail(err, GL_ESTATE, "tier",
                               "自评结果不符合一般性激励或重点激励条件，不能重新申报 (the "
                               "self-assessment does not qualify)");
        if (strcmp(a->next_grade, x->d.grade_sought) != 0)
                return gl_fail(err, GL_ESTATE, "grade_sought",
                               "企业等级已变化，申报等级“%s”不再是高一级别 (the grade sought is no "
                               "longer the next rung)",
                               x->d.grade_sought);
        return GL_OK;
}

/*
 * m1.promotion_available: "暂按高一级别管理" is one rung above the grade the enterprise holds on
 * the day of the decision — the registry may have re-graded it during the review — so the
 * enterprise is assessed again on that day, by the same rules as its self-assessment (its
 * industry's ladder, m1.ungraded); an enterprise at its ladder's top cannot be promoted, and no
 * grade is ever lowered.
 */
static int promotion_available(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        int rc = assess(c, x->d.year, err);
        if (rc != GL_OK)
                return rc;
        const struct incentive_result *a = x->assessment;
        if (a->next_grade[0] == '\0')
                return gl_fail(err, GL_ESTATE, "grade",
                               "决定日企业等级为“%s”，已是本行业最高级别，不能暂按高一级别管理",
                               a->grade[0] ? a->grade : "无");
        copy(x->grade_now, sizeof(x->grade_now), a->grade);
        copy(x->grade_next, sizeof(x->grade_next), a->next_grade);
        return GL_OK;
}

const struct case_hook m1_guards[] = {
    {"m1.may_declare", may_declare},
    {"m1.may_resubmit", may_resubmit},
    {"m1.promotion_available", promotion_available},
    {NULL, NULL},
};

/* ---- effects ---- */

/* Copies the self-assessment into the declaration: tier, grace, metrics and explanation as JSON. */
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

/* m1.assess: the submission or resubmission keeps its self-assessment and its receipt. */
static int effect_assess(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        int rc = take_assessment(&x->d, x->assessment, err);
        if (rc != GL_OK)
                return rc;
        x->d.received_on = c->in->today;
        copy(x->d.submitted_by, sizeof(x->d.submitted_by), c->who->name);
        x->d.county_decided_by[0] = '\0';
        x->d.county_decided_on = GL_DATE_NONE;
        declaration_set_text(&x->d.county_reason, NULL);
        const struct case_deadline *due = case_ctx_deadline(c, "county_review");
        char day[11];
        if (due)
                json_object_set_new(c->audit, "county_due",
                                    json_string(date_format_iso(due->due, day)));
        json_object_set_new(c->audit, "tier", json_string(x->d.tier));
        if (c->opening) {
                json_object_set_new(c->audit, "grade_sought", json_string(x->d.grade_sought));
                json_object_set_new(c->audit, "pack",
                                    json_sprintf("%s@%d", x->d.pack_id, x->d.pack_version));
        }
        return GL_OK;
}

/* m1.county_review: the county's approval or return, with its opinion. */
static int effect_county_review(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        bool approve = strcmp(c->action->name, "approve") == 0;
        copy(x->d.county_decided_by, sizeof(x->d.county_decided_by), c->who->name);
        x->d.county_decided_on = c->in->today;
        if (declaration_set_text(&x->d.county_reason, c->in->reason) != GL_OK)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        return case_ctx_add_review(c, "county", approve ? "approved" : "returned", c->in->reason,
                                   err);
}

/* m1.city_review: the expert team's preliminary review or the site verification. */
static int effect_city_review(struct case_ctx *c, struct gl_error *err)
{
        bool site = strcmp(c->action->name, "site_verification") == 0;
        return case_ctx_add_review(c, site ? "site" : "preliminary", "", c->in->reason, err);
}

static int record_grade(struct case_ctx *c, const char *kind, const char *from, const char *to,
                        gl_date grace, const char *reason, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        if (strcmp(kind, "formal") != 0 &&
            (declaration_store_set_grade(c->app->db, x->d.uscc, to, c->now) != GL_OK ||
             app_seal(c->app, SEAL_ENTERPRISE, x->d.uscc, 0, err) != GL_OK))
                return db_fail(c, "更新企业绩效等级", err);
        struct grade_change g;
        memset(&g, 0, sizeof(g));
        copy(g.uscc, sizeof(g.uscc), x->d.uscc);
        copy(g.from_grade, sizeof(g.from_grade), from);
        copy(g.to_grade, sizeof(g.to_grade), to);
        copy(g.kind, sizeof(g.kind), kind);
        g.on_date = c->in->today;
        g.grace_deadline = grace;
        copy(g.decided_by, sizeof(g.decided_by), c->who->name);
        g.reason = reason;
        g.case_id = c->row->id;
        copy(g.created_at, sizeof(g.created_at), c->now);
        if (grade_history_add(c->app->db, &g) != GL_OK)
                return db_fail(c, "记录等级变更", err);
        json_object_set_new(c->audit, "grade", json_string(to));
        return GL_OK;
}

/* m1.provisional_grade: managed one rung above the grade held on the decision day, with the grace
 * deadline the engine just started. */
static int effect_provisional(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        const struct case_deadline *grace = case_ctx_deadline(c, "grace");
        if (grace == NULL)
                return gl_fail(err, GL_ESTATE, "grace", "宽限期未计算");
        char why[512], due[11];
        int n = snprintf(why, sizeof(why), "暂按高一级别管理，宽限 %d 个月，至 %s", grace->length,
                         date_format_iso(grace->due, due));
        if (strcmp(x->grade_now, x->d.grade_from) != 0 ||
            strcmp(x->grade_next, x->d.grade_sought) != 0)
                snprintf(why + n, sizeof(why) - (size_t)n,
                         "；申报时等级为“%s”、申报“%s”，决定日企业等级为“%s”，按决定日等级的高"
                         "一级别“%s”管理（措施一：暂按高一级别管理）",
                         x->d.grade_from[0] ? x->d.grade_from : "无", x->d.grade_sought,
                         x->grade_now[0] ? x->grade_now : "无", x->grade_next);
        copy(x->d.grade_from, sizeof(x->d.grade_from), x->grade_now);
        copy(x->d.grade_sought, sizeof(x->d.grade_sought), x->grade_next);
        copy(x->d.decided_by, sizeof(x->d.decided_by), c->who->name);
        x->d.decided_on = c->in->today;
        x->d.grace_months = grace->length;
        if (declaration_set_text(&x->d.decision_reason, c->in->reason) != GL_OK)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        json_object_set_new(c->audit, "grace_deadline", json_string(due));
        json_object_set_new(c->audit, "grace_months", json_integer(grace->length));
        json_object_set_new(c->audit, "grace_provisional", json_boolean(grace->provisional));
        return record_grade(c, "provisional", x->d.grade_from, x->d.grade_sought, grace->due,
                            c->in->reason && c->in->reason[0] ? c->in->reason : why, err);
}

/* m1.decision: the city's rejection with its reasons. */
static int effect_decision(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        copy(x->d.decided_by, sizeof(x->d.decided_by), c->who->name);
        x->d.decided_on = c->in->today;
        if (declaration_set_text(&x->d.decision_reason, c->in->reason) != GL_OK)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        return GL_OK;
}

static int close_with(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        copy(x->d.closed_by, sizeof(x->d.closed_by), c->who->name);
        x->d.closed_on = c->in->today;
        if (declaration_set_text(&x->d.closed_reason, c->in->reason) != GL_OK)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        return GL_OK;
}

/* m1.formal_grade: indicators met in time; the promotion becomes formal. */
static int effect_formal(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        int rc = close_with(c, err);
        if (rc != GL_OK)
                return rc;
        const struct case_deadline *grace = case_ctx_deadline(c, "grace");
        char note[256] = "宽限期内指标已达标，正式晋级";
        if (grace && grace->provisional && c->in->today > grace->due) {
                char d1[11], d2[11];
                snprintf(note, sizeof(note),
                         "宽限期按暂定日历计至 %s，放假安排公布后可能延至 %s；暂定期限不作不利于"
                         "当事人的处理，确认达标",
                         date_format_iso(grace->due, d1), date_format_iso(grace->latest_due, d2));
        }
        return record_grade(c, "formal", x->d.grade_from, x->d.grade_sought, GL_DATE_NONE,
                            c->in->reason && c->in->reason[0] ? c->in->reason : note, err);
}

/* m1.revert_grade: the grace passed unmet; the grade held before is restored, and the grade
 * history says why. */
static int effect_revert(struct case_ctx *c, struct gl_error *err)
{
        struct m1_ctx *x = m1(c);
        const struct case_deadline *grace = case_ctx_deadline(c, "grace");
        char why[512], due[11];
        snprintf(why, sizeof(why),
                 "宽限期已于 %s 届满，未确认指标达标，撤销暂定等级 %s，恢复为 %s (grace passed "
                 "unmet)",
                 grace ? date_format_iso(grace->due, due) : "", x->d.grade_sought,
                 x->d.grade_from[0] ? x->d.grade_from : "无等级");
        int rc = close_with(c, err);
        if (rc != GL_OK)
                return rc;
        return record_grade(c, "reverted", x->d.grade_sought, x->d.grade_from, GL_DATE_NONE, why,
                            err);
}

const struct case_hook m1_effects[] = {
    {"m1.assess", effect_assess},           {"m1.county_review", effect_county_review},
    {"m1.city_review", effect_city_review}, {"m1.provisional_grade", effect_provisional},
    {"m1.decision", effect_decision},       {"m1.formal_grade", effect_formal},
    {"m1.revert_grade", effect_revert},     {NULL, NULL},
};

/* ---- the grace period's length ---- */

/* m1.grace_months: m1.key_grace_months for a key incentive, m1.general_grace_months for a
 * general one, on the decision day. */
static int grace_months(struct case_ctx *c, const struct procedure_deadline *d, int *n, char *param,
                        size_t param_size, struct gl_error *err)
{
        (void)d;
        struct m1_ctx *x = m1(c);
        const char *name =
            strcmp(x->d.tier, "key") == 0 ? "m1.key_grace_months" : "m1.general_grace_months";
        int64_t months = 0;
        if (strcmp(x->d.tier, "none") == 0 ||
            policy_param_int(c->pack, name, c->in->today, &months) != GL_OK || months <= 0 ||
            months > 120)
                return gl_fail(err, GL_ESTATE, "tier",
                               "自评不符合激励条件，没有宽限期，不能暂按高一级别管理 (no grace "
                               "period for this tier)");
        *n = (int)months;
        copy(param, param_size, name);
        return GL_OK;
}

const struct case_length_hook m1_lengths[] = {
    {"m1.grace_months", grace_months},
    {NULL, NULL},
};

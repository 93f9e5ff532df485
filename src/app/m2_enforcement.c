/*
 * Measure 2's own code on the procedure engine (包容性执法; the procedure is "m2.enforcement" in
 * the pack): the extension that loads and saves what an enforcement case keeps (m2_cases), the
 * named guards (who the party is and whether the facts hold together, the order's period, the
 * verification's dates, which path the proposal allows) and effects (the filing number, the
 * circumstances, the order's number, the commitment, the verification, the reviews, the outcome),
 * and the read of a case with what its letters print. The rule of the proposal is
 * core/m2_enforcement.c's; every step recomputes it from the circumstances as they stand.
 */
#include "../core/m2_enforcement.h"
#include "../core/policy.h"
#include "../core/uscc.h"
#include "../store/enforcement_store.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"
#include "case_hooks.h"
#include "enforcement.h"
#include "scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static struct m2_case *m2(struct case_ctx *c)
{
        return c->ext;
}

static int db_fail(struct case_ctx *c, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(c->app->db));
}

static int nomem(struct gl_error *err)
{
        return gl_fail(err, GL_ENOMEM, "", "out of memory");
}

/* ---- the extension ---- */

static int m2_load(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = calloc(1, sizeof(*m));
        if (m == NULL)
                return nomem(err);
        m2_case_init(m);
        c->ext = m;
        if (c->opening)
                return GL_OK;
        int rc = enforcement_store_get(c->app->db, c->row->id, m);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少执法案件记录",
                               (long long)c->row->id);
        if (rc != GL_OK)
                return db_fail(c, "读取执法案件", err);
        return GL_OK;
}

static int m2_save(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        m->case_id = c->row->id;
        int rc = c->opening ? enforcement_store_insert(c->app->db, m)
                            : enforcement_store_update(c->app->db, m);
        if (rc != GL_OK)
                return db_fail(c, "保存执法案件", err);
        json_object_set_new(c->audit, "case_number", json_string(m->case_number));
        json_object_set_new(c->audit, "proposal", json_string(m->proposal));
        if (m->order_number[0])
                json_object_set_new(c->audit, "order_number", json_string(m->order_number));
        return GL_OK;
}

static void m2_release(struct case_ctx *c)
{
        struct m2_case *m = m2(c);
        if (m == NULL)
                return;
        m2_case_clear(m);
        free(m);
        c->ext = NULL;
}

/* No exemption is offered where art. 33 does not apply, no straight referral against a proposal
 * of no penalty (m2.may_propose_exemption, m2.may_decide_exempt, m2.may_refer). */
static void m2_filter_offers(struct app *app, const struct actor *who, int64_t case_id,
                             struct case_offer *offers, size_t *n)
{
        (void)who;
        char proposal[24];
        if (enforcement_store_proposal(app->db, case_id, proposal, sizeof(proposal)) != GL_OK)
                return; /* the guards decide at the step */
        size_t kept = 0;
        for (size_t i = 0; i < *n; i++) {
                const char *a = offers[i].action->name;
                bool drop =
                    ((strcmp(a, "propose_exemption") == 0 || strcmp(a, "collective_exempt") == 0) &&
                     !m2_allows_exemption(m2_outcome_from_name(proposal))) ||
                    (strcmp(a, "refer") == 0 &&
                     m2_proposes_no_penalty(m2_outcome_from_name(proposal)));
                if (!drop)
                        offers[kept++] = offers[i];
        }
        *n = kept;
}

const struct case_extension m2_extension = {.procedure = "m2.enforcement",
                                            .audit_entity = "case",
                                            .load = m2_load,
                                            .save = m2_save,
                                            .release = m2_release,
                                            .filter_offers = m2_filter_offers};

/* ---- the circumstances and the proposal ---- */

static bool yes(const char *v)
{
        return v && strcmp(v, "yes") == 0;
}

/* Takes the circumstances given with the step (those not given stay as they are). */
static int take_circumstances(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        const char *v;
        if ((v = case_ctx_field(c, "harm")) != NULL && v[0])
                copy(m->harm, sizeof(m->harm), v);
        struct {
                const char *name;
                bool *slot;
        } flags[] = {{"minor", &m->minor},
                     {"no_fault", &m->no_fault},
                     {"malicious", &m->malicious},
                     {"major_risk", &m->major_risk},
                     {"prior_recorded", &m->prior_recorded}};
        for (size_t i = 0; i < GL_ARRAY_LEN(flags); i++)
                if ((v = case_ctx_field(c, flags[i].name)) != NULL && v[0])
                        *flags[i].slot = yes(v);
        if (m->malicious && m->no_fault)
                return gl_fail(err, GL_EINVAL, "no_fault",
                               "恶意违法与“有证据足以证明没有主观过错”不能同时成立 (malicious and "
                               "without fault contradict each other)");
        return GL_OK;
}

static enum m2_correction correction_of(const char *status)
{
        if (strcmp(status, "in_time") == 0)
                return M2_CORRECTION_IN_TIME;
        if (strcmp(status, "late") == 0)
                return M2_CORRECTION_LATE;
        if (strcmp(status, "none") == 0)
                return M2_CORRECTION_NONE;
        return M2_CORRECTION_PENDING;
}

static int facts_of(const struct m2_case *m, struct m2_facts *f)
{
        int harm = m2_harm_from_name(m->harm);
        if (harm < 0)
                return GL_EINVAL;
        *f = (struct m2_facts){.found_on = m->found_on,
                               .harm = (enum m2_harm)harm,
                               .minor = m->minor,
                               .correction = correction_of(m->correction_status),
                               .corrected_on = m->corrected_on,
                               .correct_by = m->correct_by,
                               .prior_case = m->prior_case,
                               .prior_recorded = m->prior_recorded,
                               .no_fault = m->no_fault,
                               .malicious = m->malicious,
                               .major_risk = m->major_risk};
        return GL_OK;
}

/* Recomputes the proposal from the circumstances as they stand and keeps it with its
 * explanation. */
static int propose(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        struct m2_facts f;
        if (facts_of(m, &f) != GL_OK)
                return gl_fail(err, GL_EINVAL, "harm", "危害后果“%s”无效", m->harm);
        struct m2_proposal *p = calloc(1, sizeof(*p));
        if (p == NULL)
                return nomem(err);
        int rc = m2_propose(c->pack, &f, p, err);
        if (rc == GL_OK) {
                copy(m->proposal, sizeof(m->proposal), m2_outcome_name(p->outcome));
                copy(m->ground, sizeof(m->ground), p->ground);
                m->in_window = p->in_window;
                json_t *lines = json_array();
                for (size_t i = 0; lines && i < p->nlines; i++)
                        json_array_append_new(lines, json_string(p->lines[i]));
                char *text = lines ? json_dumps(lines, JSON_COMPACT) : NULL;
                json_decref(lines);
                if (text == NULL || m2_case_set(&m->explanation, text) != GL_OK)
                        rc = nomem(err);
                free(text);
        }
        free(p);
        return rc;
}

/* The earlier case of the same party and violation type within the look-back, if any. */
static int find_prior(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        int64_t months = 0;
        if (policy_param_int(c->pack, "m2.first_lookback_months", m->found_on, &months) != GL_OK ||
            months < 0 || months > 1200)
                return gl_fail(err, GL_ENOTFOUND, "m2.first_lookback_months",
                               "政策包缺少参数 m2.first_lookback_months");
        gl_date from = date_add_months_clamped(m->found_on, -(int)months);
        if (enforcement_store_prior(c->app->db, m->party_uscc, m->violation_type, from, m->found_on,
                                    c->row->id ? c->row->id : INT64_MAX, &m->prior_case) != GL_OK)
                return db_fail(c, "查询同类违法案件", err);
        return GL_OK;
}

/* A number of a kind from its pack template, for the year of the step's day. */
static int number(struct case_ctx *c, const char *kind, const char *param, char *out, size_t size,
                  struct gl_error *err)
{
        const char *tmpl = NULL;
        if (policy_param_text(c->pack, param, c->in->today, &tmpl) != GL_OK)
                return gl_fail(err, GL_ENOTFOUND, param, "政策包缺少参数 %s", param);
        int year = 0, month = 0, day = 0;
        date_to_ymd(c->in->today, &year, &month, &day);
        int64_t seq = 0;
        /* Counted per pack, whose template makes the number. */
        if (enforcement_store_next_number(c->app->db, kind, c->pack->id, year, c->row->id, &seq) !=
            GL_OK)
                return db_fail(c, "编号", err);
        return m2_format_number(tmpl, year, seq, out, size, err);
}

/* ---- guards ---- */

/*
 * m2.may_file: the party is an enterprise of the registry (its name from there), or a unit
 * outside it named by a valid USCC and its name; the violation was found no later than the
 * filing day; the circumstances hold together.
 */
static int may_file(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        struct case_row *row = c->row;
        if (row->uscc[0] == '\0')
                return gl_fail(err, GL_EINVAL, "uscc",
                               "缺少当事人的统一社会信用代码 (the party's USCC is missing)");
        struct enterprise e;
        int rc = enterprise_store_get(c->app->db, row->uscc, &e);
        if (rc == GL_OK) {
                copy(m->party_uscc, sizeof(m->party_uscc), e.uscc);
                copy(m->party_name, sizeof(m->party_name), e.name);
                row->subject_name[0] = '\0';
        } else if (rc == GL_ENOTFOUND) {
                struct gl_error uerr = {0};
                if (!uscc_is_valid(row->uscc, &uerr))
                        return gl_fail(err, GL_EINVAL, "uscc", "当事人的统一社会信用代码无效：%s",
                                       uerr.message);
                if (row->subject_name[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "subject_name",
                                       "%s 不在企业登记库中：请填写当事人名称 (a party outside "
                                       "the registry needs its name)",
                                       row->uscc);
                copy(m->party_uscc, sizeof(m->party_uscc), row->uscc);
                copy(m->party_name, sizeof(m->party_name), row->subject_name);
                copy(row->subject_uscc, sizeof(row->subject_uscc), row->uscc);
                row->uscc[0] = '\0'; /* the case is about no enterprise of the registry */
        } else {
                return db_fail(c, "读取企业", err);
        }
        const char *found = case_ctx_field(c, "found_on");
        if (found == NULL || date_parse_iso(found, &m->found_on) != GL_OK)
                return gl_fail(err, GL_EINVAL, "found_on", "缺少发现日期");
        if (m->found_on > c->in->today)
                return gl_fail(err, GL_EINVAL, "found_on",
                               "发现日期 %s 晚于立案日期：违法行为须已被发现 (found after the "
                               "filing day)",
                               found);
        copy(m->violation_type, sizeof(m->violation_type), case_ctx_field(c, "violation_type"));
        if (m2_case_set(&m->officers, case_ctx_field(c, "officers")) != GL_OK ||
            m2_case_set(&m->facts, case_ctx_field(c, "facts")) != GL_OK ||
            m2_case_set(&m->legal_representative, case_ctx_field(c, "legal_representative")) !=
                GL_OK ||
            m2_case_set(&m->address, case_ctx_field(c, "address")) != GL_OK)
                return nomem(err);
        copy(m->correction_status, sizeof(m->correction_status), "pending");
        return take_circumstances(c, err);
}

/* m2.circumstances: the circumstances given with the investigation hold together. */
static int circumstances(struct case_ctx *c, struct gl_error *err)
{
        return take_circumstances(c, err);
}

/*
 * m2.may_order: immediately, or by a date no earlier than the order's day (and so not before the
 * case); "immediately" takes no date.
 */
static int may_order(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        const char *mode = case_ctx_field(c, "correction_mode");
        const char *by = case_ctx_field(c, "correct_by");
        bool immediate = mode && strcmp(mode, "immediate") == 0;
        if (immediate && by && by[0])
                return gl_fail(err, GL_EINVAL, "correct_by",
                               "立即改正不设改正期限：请选择限期改正，或不填改正期限 (an "
                               "immediate correction takes no date)");
        if (immediate) {
                int64_t days = 0;
                if (policy_param_int(c->pack, "m2.immediate_correction_days", c->in->today,
                                     &days) != GL_OK ||
                    days < 0 || days > 366)
                        return gl_fail(err, GL_ENOTFOUND, "m2.immediate_correction_days",
                                       "政策包缺少参数 m2.immediate_correction_days");
                m->correct_by = c->in->today + (gl_date)days;
        } else {
                gl_date d = GL_DATE_NONE;
                if (by == NULL || by[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "correct_by",
                                       "限期改正须填写改正期限 (a correction by a date needs "
                                       "the date)");
                if (date_parse_iso(by, &d) != GL_OK)
                        return gl_fail(err, GL_EINVAL, "correct_by", "改正期限“%s”无效", by);
                char a[11], b[11];
                if (d < m->found_on)
                        return gl_fail(err, GL_EINVAL, "correct_by",
                                       "改正期限 %s 早于违法行为发现日 %s (before the case)", by,
                                       date_format_iso(m->found_on, a));
                if (d < c->in->today)
                        return gl_fail(err, GL_EINVAL, "correct_by",
                                       "改正期限 %s 早于决定书下达日 %s (before the order)", by,
                                       date_format_iso(c->in->today, b));
                m->correct_by = d;
        }
        copy(m->correction_mode, sizeof(m->correction_mode), mode);
        if (m2_case_set(&m->legal_basis, case_ctx_field(c, "legal_basis")) != GL_OK ||
            m2_case_set(&m->correction, case_ctx_field(c, "correction")) != GL_OK)
                return nomem(err);
        return GL_OK;
}

/* m2.may_verify: corrected with the day it was, no later than the verification and no earlier
 * than the violation was found; or not corrected, with no day. */
static int may_verify(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        bool corrected = yes(case_ctx_field(c, "corrected"));
        const char *on = case_ctx_field(c, "corrected_on");
        bool given = on && on[0];
        if (!corrected) {
                if (given)
                        return gl_fail(err, GL_EINVAL, "corrected_on",
                                       "未改正的不填改正完成日期 (not corrected: no date)");
                copy(m->correction_status, sizeof(m->correction_status), "none");
                m->corrected_on = GL_DATE_NONE;
                return GL_OK;
        }
        gl_date d = GL_DATE_NONE;
        if (!given)
                return gl_fail(err, GL_EINVAL, "corrected_on",
                               "已改正的须填写改正完成日期 (the day it was corrected)");
        if (date_parse_iso(on, &d) != GL_OK)
                return gl_fail(err, GL_EINVAL, "corrected_on", "改正完成日期“%s”无效", on);
        char a[11];
        if (d > c->in->today)
                return gl_fail(err, GL_EINVAL, "corrected_on",
                               "改正完成日期 %s 晚于核查日 %s (after the verification)", on,
                               date_format_iso(c->in->today, a));
        if (d < m->found_on)
                return gl_fail(err, GL_EINVAL, "corrected_on",
                               "改正完成日期 %s 早于违法行为发现日 %s (before the violation was "
                               "found)",
                               on, date_format_iso(m->found_on, a));
        m->corrected_on = d;
        copy(m->correction_status, sizeof(m->correction_status),
             d <= m->correct_by ? "in_time" : "late");
        return GL_OK;
}

static int explain_refusal(struct case_ctx *c, const char *what, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        json_t *lines = json_loads(m->explanation ? m->explanation : "[]", 0, NULL);
        const char *last = "";
        if (json_is_array(lines) && json_array_size(lines) > 0)
                last = json_string_value(json_array_get(lines, json_array_size(lines) - 1));
        int rc = gl_fail(err, GL_ESTATE, "proposal", "%s：%s", what, last ? last : "");
        json_decref(lines);
        return rc;
}

/* m2.may_propose_exemption: art. 33 allows it — the system proposes no penalty, or leaves it to
 * the discretion of the people deciding. */
static int may_propose_exemption(struct case_ctx *c, struct gl_error *err)
{
        if (m2_allows_exemption(m2_outcome_from_name(m2(c)->proposal)))
                return GL_OK;
        return explain_refusal(
            c, "不符合《行政处罚法》第三十三条不予处罚的情形，不能提出免予处罚建议", err);
}

/* m2.may_refer: a referral straight to the penalty procedure where the system does not propose
 * no penalty; against its proposal, the referral goes through the legal review. */
static int may_refer(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        if (!m2_proposes_no_penalty(m2_outcome_from_name(m->proposal)))
                return GL_OK;
        return gl_fail(err, GL_ESTATE, "proposal",
                       "系统建议不予行政处罚（%s）：移送处罚须记录理由并经法制审核，请选择“拟移送"
                       "一般程序（报法制审核）” (against the proposal, a referral passes the "
                       "legal review)",
                       m->ground[0] ? m2_ground_label_zh(m->ground) : m->proposal);
}

static int meeting_day(struct case_ctx *c, gl_date *out, struct gl_error *err)
{
        const char *on = case_ctx_field(c, "meeting_on");
        if (on == NULL || date_parse_iso(on, out) != GL_OK)
                return gl_fail(err, GL_EINVAL, "meeting_on", "集体审查日期无效");
        char a[11];
        if (*out > c->in->today)
                return gl_fail(err, GL_EINVAL, "meeting_on",
                               "集体审查日期 %s 晚于记录日 %s (the meeting is after the record)",
                               on, date_format_iso(c->in->today, a));
        return GL_OK;
}

/* m2.may_decide_exempt: the meeting was held, and art. 33 still allows the exemption. */
static int may_decide_exempt(struct case_ctx *c, struct gl_error *err)
{
        gl_date d;
        int rc = meeting_day(c, &d, err);
        return rc != GL_OK ? rc : may_propose_exemption(c, err);
}

static int may_decide_refer(struct case_ctx *c, struct gl_error *err)
{
        gl_date d;
        return meeting_day(c, &d, err);
}

const struct case_hook m2_guards[] = {
    {"m2.may_file", may_file},
    {"m2.circumstances", circumstances},
    {"m2.may_order", may_order},
    {"m2.may_verify", may_verify},
    {"m2.may_propose_exemption", may_propose_exemption},
    {"m2.may_refer", may_refer},
    {"m2.may_decide_exempt", may_decide_exempt},
    {"m2.may_decide_refer", may_decide_refer},
    {NULL, NULL},
};

/* ---- effects ---- */

/* m2.file: the filing number, the look-back for a first violation, the first proposal. */
static int effect_file(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        int rc = number(c, "case", "m2.case_number_template", m->case_number,
                        sizeof(m->case_number), err);
        if (rc == GL_OK)
                rc = find_prior(c, err);
        return rc == GL_OK ? propose(c, err) : rc;
}

/* m2.investigate: the findings, and the proposal on the circumstances established. */
static int effect_investigate(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        if (m2_case_set(&m->findings, case_ctx_field(c, "findings")) != GL_OK)
                return nomem(err);
        return propose(c, err);
}

/* m2.order: the order's number and day (its period was set by m2.may_order). */
static int effect_order(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        m->ordered_on = c->in->today;
        int rc = number(c, "order", "m2.order_number_template", m->order_number,
                        sizeof(m->order_number), err);
        return rc == GL_OK ? propose(c, err) : rc;
}

static int effect_commit(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        m2(c)->committed_on = c->in->today;
        return GL_OK;
}

static int effect_verify(struct case_ctx *c, struct gl_error *err)
{
        return propose(c, err);
}

/* m2.propose: the officers' proposal is the step's (its reason and fields); the system's is
 * kept beside it in the audit record. */
static int effect_propose(struct case_ctx *c, struct gl_error *err)
{
        json_object_set_new(c->audit, "system_proposal", json_string(m2(c)->proposal));
        if (m2_case_set(&m2(c)->outcome_reason, c->in->reason) != GL_OK)
                return nomem(err);
        return GL_OK;
}

static int effect_legal_review(struct case_ctx *c, struct gl_error *err)
{
        bool passed = strcmp(c->action->name, "legal_return") != 0;
        if (!passed && m2_case_set(&m2(c)->outcome_reason, "") != GL_OK)
                return nomem(err);
        return case_ctx_add_review(c, "legal", passed ? "passed" : "returned", c->in->reason, err);
}

/* m2.refer: closed here, referred with its reason. */
static int effect_refer(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        copy(m->outcome, sizeof(m->outcome), "referred");
        /* Passed in the legal review, the referral keeps the officers' reasons of the proposal. */
        if (strcmp(c->action->name, "legal_pass_referral") == 0 && m->outcome_reason &&
            m->outcome_reason[0])
                return GL_OK;
        if (m2_case_set(&m->outcome_reason, c->in->reason) != GL_OK)
                return nomem(err);
        return GL_OK;
}

/* m2.decide: the collective review's meeting and decision. */
static int effect_decide(struct case_ctx *c, struct gl_error *err)
{
        struct m2_case *m = m2(c);
        bool exempt = strcmp(c->action->name, "collective_exempt") == 0;
        copy(m->outcome, sizeof(m->outcome), exempt ? "exempt" : "referred");
        char text[2048];
        const char *education = case_ctx_field(c, "education");
        snprintf(text, sizeof(text), "会议日期：%s；参加人员：%s；决定：%s%s%s%s%s",
                 case_ctx_field(c, "meeting_on"), case_ctx_field(c, "members"),
                 exempt ? "免予处罚" : "移送一般程序处罚", education ? "；教育：" : "",
                 education ? education : "", c->in->reason && c->in->reason[0] ? "；意见：" : "",
                 c->in->reason ? c->in->reason : "");
        if (m2_case_set(&m->outcome_reason, exempt ? education : c->in->reason) != GL_OK)
                return nomem(err);
        return case_ctx_add_review(c, "collective", exempt ? "exempt" : "referred", text, err);
}

const struct case_hook m2_effects[] = {
    {"m2.file", effect_file},
    {"m2.investigate", effect_investigate},
    {"m2.order", effect_order},
    {"m2.commit", effect_commit},
    {"m2.verify", effect_verify},
    {"m2.propose", effect_propose},
    {"m2.legal_review", effect_legal_review},
    {"m2.refer", effect_refer},
    {"m2.decide", effect_decide},
    {NULL, NULL},
};

const struct case_length_hook m2_lengths[] = {{NULL, NULL}};

/* ---- the read ---- */

void app_enforcement_record_free(struct enforcement_record *r)
{
        if (r == NULL)
                return;
        m2_case_clear(&r->m);
        for (size_t i = 0; i < r->ncommitments; i++)
                free(r->commitments[i]);
        free(r->commitments);
        for (size_t i = 0; i < r->nevidence; i++)
                free(r->evidence[i]);
        free(r->evidence);
        memset(r, 0, sizeof(*r));
}

/* "2022年6月1日" */
static void date_zh(gl_date d, char *out, size_t size)
{
        int y = 0, mo = 0, da = 0;
        date_to_ymd(d, &y, &mo, &da);
        snprintf(out, size, "%d年%d月%d日", y, mo, da);
}

/* The clause with "{deadline}" replaced; malloc'd. */
static char *fill_deadline(const char *clause, const char *deadline)
{
        const char *at = strstr(clause, "{deadline}");
        size_t n = strlen(clause) + strlen(deadline) + 1;
        char *out = malloc(n);
        if (out == NULL)
                return NULL;
        if (at == NULL)
                snprintf(out, n, "%s", clause);
        else
                snprintf(out, n, "%.*s%s%s", (int)(at - clause), clause, deadline,
                         at + strlen("{deadline}"));
        return out;
}

struct evidence_walk {
        struct enforcement_record *r;
        const struct procedure_action *file;
        size_t cap;
        bool failed;
};

static int collect_evidence(const struct case_document *d, void *p)
{
        struct evidence_walk *w = p;
        bool evidence = false;
        for (size_t i = 0; w->file && i < w->file->nmaterials && !evidence; i++)
                evidence = strcmp(w->file->materials[i].name, d->name) == 0;
        if (!evidence)
                return 0;
        char **grown = gl_grow(w->r->evidence, w->r->nevidence, &w->cap, sizeof(*grown), 8);
        if (grown == NULL)
                return w->failed = true, 1;
        w->r->evidence = grown;
        size_t n = strlen(d->name) + strlen(d->file_name) + 8;
        char *line = malloc(n);
        if (line == NULL)
                return w->failed = true, 1;
        snprintf(line, n, "%s（%s）", d->name, d->file_name);
        w->r->evidence[w->r->nevidence++] = line;
        return 0;
}

static const char *text_param(const struct policy_pack *pack, const char *name, gl_date on)
{
        const char *v = NULL;
        return policy_param_text(pack, name, on, &v) == GL_OK ? v : "";
}

static int int_param(const struct policy_pack *pack, const char *name, gl_date on)
{
        int64_t v = 0;
        return policy_param_int(pack, name, on, &v) == GL_OK ? (int)v : 0;
}

static int letters_of(struct app *app, struct enforcement_record *r, struct gl_error *err)
{
        /* The issuer, the bodies of review and the clauses of the pack the case runs on: a
         * county's letters name that county's branch. */
        const struct policy_pack *pack = app_pack_named(app, r->row.pack_id);
        gl_date on = r->m.ordered_on != GL_DATE_NONE ? r->m.ordered_on : r->row.opened_on;
        r->issuer = pack->issuer_zh ? pack->issuer_zh : "";
        r->report = text_param(pack, "m2.correction_report", on);
        r->refusal = text_param(pack, "m2.refusal", on);
        r->reconsideration_body = text_param(pack, "m2.reconsideration_body", on);
        r->court = text_param(pack, "m2.court", on);
        r->reconsideration_days = int_param(pack, "m2.reconsideration_days", on);
        r->lawsuit_months = int_param(pack, "m2.lawsuit_months", on);
        const struct policy_value *v = policy_param_value(pack, "m2.commitment_clauses", on);
        char deadline[96] = "";
        if (r->m.correct_by != GL_DATE_NONE) {
                char day[32];
                date_zh(r->m.correct_by, day, sizeof(day));
                snprintf(deadline, sizeof(deadline),
                         strcmp(r->m.correction_mode, "immediate") == 0 ? "立即（%s前）" : "于%s前",
                         day);
        }
        if (v && v->kind == POLICY_LIST && v->nlist > 0) {
                r->commitments = calloc(v->nlist, sizeof(*r->commitments));
                if (r->commitments == NULL)
                        return nomem(err);
                for (size_t i = 0; i < v->nlist; i++) {
                        if ((r->commitments[i] = fill_deadline(v->list[i], deadline)) == NULL)
                                return nomem(err);
                        r->ncommitments = i + 1;
                }
        }
        const struct procedure *proc = procedure_find(pack, "m2.enforcement");
        struct evidence_walk w = {r, proc ? procedure_action_find(proc, "file") : NULL, 0, false};
        int rc = case_store_documents(app->db, r->row.id, collect_evidence, &w);
        if (w.failed)
                return nomem(err);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取证据材料失败: %s", db_errmsg(app->db));
        return GL_OK;
}

int app_enforcement_get(struct app *app, const struct actor *who, int64_t id,
                        struct enforcement_record *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        m2_case_init(&out->m);
        if (db_begin_read(app->db) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取案件失败: %s", db_errmsg(app->db));
        int rc = case_store_get(app->db, id, &out->row);
        const struct procedure *proc = NULL;
        if (rc == GL_OK && strcmp(out->row.procedure, "m2.enforcement") != 0)
                rc = GL_ENOTFOUND;
        if (rc == GL_OK) {
                proc = procedure_find(app_pack_named(app, out->row.pack_id), out->row.procedure);
                if (app_scope_case_row(app, who, proc, &out->row, NULL) != GL_OK)
                        rc = GL_ENOTFOUND;
        }
        if (rc == GL_ENOTFOUND) {
                db_rollback(app->db);
                return gl_fail(err, GL_ENOTFOUND, "id", "没有执法案件 %lld (no such case)",
                               (long long)id);
        }
        if (rc == GL_OK)
                rc = enforcement_store_get(app->db, id, &out->m);
        if (rc != GL_OK) {
                rc = gl_fail(err, GL_EDB, "", "读取执法案件失败: %s", db_errmsg(app->db));
                db_rollback(app->db);
                app_enforcement_record_free(out);
                return rc;
        }
        rc = letters_of(app, out, err);
        db_rollback(app->db);
        if (rc != GL_OK) {
                app_enforcement_record_free(out);
                return rc;
        }
        const struct procedure_action *file = proc ? procedure_action_find(proc, "file") : NULL;
        for (size_t i = 0; file && i < file->nfields; i++)
                if (strcmp(file->fields[i].name, "violation_type") == 0) {
                        const struct procedure_option *o =
                            procedure_option_find(&file->fields[i], out->m.violation_type);
                        out->violation_label_zh = o ? o->label_zh : out->m.violation_type;
                        out->violation_label_en = o ? o->label_en : NULL;
                }
        enum m2_outcome o = m2_outcome_from_name(out->m.proposal);
        out->proposal_label_zh = m2_outcome_label_zh(o);
        out->proposal_label_en = m2_outcome_label_en(o);
        out->proposes_no_penalty = m2_proposes_no_penalty(o);
        return GL_OK;
}

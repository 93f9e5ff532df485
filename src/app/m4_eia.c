/*
 * Measure 4's own code on the procedure engine (建设项目环评审批; the procedure is "m4.eia" in the
 * pack): the extension that keeps what an application holds beside its case (m4_applications: the
 * project, the document type, the guide and the guide's phone, the materials missing at
 * acceptance, the days accepted and decided) and the materials handed in (m4_materials); the
 * guards — the project is the applicant's and has no other application, the acceptance names a
 * guide officer of the branch (一对一帮扶), a complete application is accepted as such and an
 * incomplete one accepted first (容缺受理) with every missing item listed once, supplies complete
 * what is missing, and approval waits for every material, for the park's planning EIA (并联审批)
 * and, unless the project is infrastructure, for its totals review (总量前置, measure 7) —; the
 * effects that record all this; and the decision's length by the pack's rule and the document
 * type (m4.decision_limit_rule): a length hook per deadline, of which only the one of the rule
 * chosen starts.
 */
#include "../core/m4_eia.h"
#include "../core/m7_totals.h"
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "../store/project_store.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "case_hooks.h"
#include "m4_internal.h"
#include "scope.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static bool given(const char *v)
{
        return v && v[0];
}

static int nomem(struct gl_error *err)
{
        return gl_fail(err, GL_ENOMEM, "", "out of memory");
}

static int db_fail(struct case_ctx *c, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(c->app->db));
}

struct m4_ext {
        struct m4_application a;
        struct project_row p;
};

static struct m4_ext *m4(struct case_ctx *c)
{
        return c->ext;
}

static enum m4_document_type doc_type(const struct case_ctx *c)
{
        return m4_document_type_from_code(m4((struct case_ctx *)c)->a.document_type);
}

/* ---- the extension ---- */

static int m4_load(struct case_ctx *c, struct gl_error *err)
{
        struct m4_ext *x = calloc(1, sizeof(*x));
        if (x == NULL)
                return nomem(err);
        c->ext = x;
        if (c->opening)
                return GL_OK;
        int rc = m4_store_application_get(c->app->db, c->row->id, &x->a);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少环评申请记录",
                               (long long)c->row->id);
        if (rc == GL_OK)
                rc = project_store_get(c->app->db, x->a.project_id, &x->p);
        return rc == GL_OK ? GL_OK : db_fail(c, "读取环评申请", err);
}

static int m4_save(struct case_ctx *c, struct gl_error *err)
{
        struct m4_ext *x = m4(c);
        x->a.case_id = c->row->id;
        bool open = procedure_state_open(c->proc, c->to);
        x->a.current = open;
        copy(x->a.outcome, sizeof(x->a.outcome), open ? "" : procedure_state_name(c->proc, c->to));
        if (!open && x->a.decided_on == GL_DATE_NONE)
                x->a.decided_on = c->in->today;
        int rc = c->opening ? m4_store_application_insert(c->app->db, &x->a)
                            : m4_store_application_update(c->app->db, &x->a);
        if (rc == GL_ECONFLICT)
                return gl_fail(err, GL_ECONFLICT, "project",
                               "建设项目 %lld 已有办理中的环评申请 (an application is under way)",
                               (long long)x->a.project_id);
        if (rc != GL_OK)
                return db_fail(c, "保存环评申请", err);
        /* The materials this step brought. */
        for (size_t i = 0; i < c->in->ndocs; i++)
                if (m4_store_material_add(c->app->db, c->row->id, c->in->docs[i].name, c->in->today,
                                          c->action->name) != GL_OK)
                        return db_fail(c, "记录材料", err);
        json_object_set_new(c->audit, "project", json_integer((json_int_t)x->a.project_id));
        json_object_set_new(c->audit, "document_type", json_string(x->a.document_type));
        return GL_OK;
}

static void m4_release(struct case_ctx *c)
{
        free(c->ext);
        c->ext = NULL;
}

/* The materials of the case with this step's documents counted in. */
static int case_missing(struct case_ctx *c, struct m4_materials *req, struct m4_materials *missing,
                        struct gl_error *err)
{
        const char *names[CASE_DOCUMENTS_MAX];
        size_t n = 0;
        for (size_t i = 0; i < c->in->ndocs && n < CASE_DOCUMENTS_MAX; i++)
                names[n++] = c->in->docs[i].name;
        return m4_case_materials(c->app, c->opening ? 0 : c->row->id, &m4(c)->p, doc_type(c),
                                 c->in->today, names, n, req, missing, err);
}

static void m4_filter_offers(struct app *app, const struct actor *who, int64_t case_id,
                             struct case_offer *offers, size_t *n)
{
        (void)who;
        struct m4_application a;
        struct project_row p;
        if (m4_store_application_get(app->db, case_id, &a) != GL_OK ||
            project_store_get(app->db, a.project_id, &p) != GL_OK)
                return;
        struct m4_materials req, missing;
        if (m4_case_materials(app, case_id, &p, m4_document_type_from_code(a.document_type),
                              app_today_local(), NULL, 0, &req, &missing, NULL) != GL_OK)
                return;
        size_t k = 0;
        for (size_t i = 0; i < *n; i++) {
                const char *name = offers[i].action->name;
                if ((strcmp(name, "accept") == 0 && missing.n > 0) ||
                    (strcmp(name, "accept_missing") == 0 && missing.n == 0))
                        continue;
                offers[k++] = offers[i];
        }
        *n = k;
}

static int m4_check_pack(const struct policy_pack *pack, const struct procedure *proc,
                         struct gl_error *err)
{
        static const char *const actions[] = {"apply",          "file",   "accept",
                                              "accept_missing", "supply", "supply_part",
                                              "approve",        "refuse", "withdraw"};
        for (size_t i = 0; i < GL_ARRAY_LEN(actions); i++)
                if (procedure_action_find(proc, actions[i]) == NULL)
                        return gl_fail(err, GL_EINVAL, "procedures.m4.eia.actions",
                                       "procedures.m4.eia: the action %s is missing (缺少操作)",
                                       actions[i]);
        (void)pack;
        return GL_OK;
}

const struct case_extension m4_extension = {.procedure = M4_PROCEDURE,
                                            .audit_entity = "case",
                                            .load = m4_load,
                                            .save = m4_save,
                                            .release = m4_release,
                                            .filter_offers = m4_filter_offers,
                                            .check_pack = m4_check_pack};

/* ---- guards ---- */

/* The guide named in the step (or kept), a county officer of the branch with a valid phone. */
static int take_guide(struct case_ctx *c, bool required, struct gl_error *err)
{
        struct m4_application *a = &m4(c)->a;
        const char *guide = case_ctx_field(c, "guide");
        const char *phone = case_ctx_field(c, "guide_phone");
        if (given(guide)) {
                struct user_record u;
                int rc = user_store_get(c->app->db, guide, &u);
                if (rc == GL_ENOTFOUND ||
                    (rc == GL_OK && (u.role != ROLE_COUNTY_OFFICER || u.disabled)))
                        return gl_fail(
                            err, GL_EINVAL, "guide",
                            "帮扶指导人“%s”应为县生态环境分局干部（county_officer）的用户名",
                            guide);
                if (rc != GL_OK)
                        return db_fail(c, "读取用户", err);
                copy(a->guide, sizeof(a->guide), u.username);
                copy(a->guide_name, sizeof(a->guide_name), u.display_name);
        }
        if (given(phone)) {
                char note[128];
                if (!policy_phone_is_valid(phone, note, sizeof(note)))
                        return gl_fail(err, GL_EINVAL, "guide_phone", "帮扶指导人电话无效：%s",
                                       note);
                copy(a->guide_phone, sizeof(a->guide_phone), phone);
        }
        if (required && !given(a->guide))
                return gl_fail(
                    err, GL_EINVAL, "guide",
                    "受理时须指定“一对一”帮扶指导人（分局干部用户名，m4.one_to_one_guidance）");
        if (required && !given(a->guide_phone))
                return gl_fail(err, GL_EINVAL, "guide_phone",
                               "须告知建设单位帮扶指导人的联系电话（一对一帮扶）");
        return GL_OK;
}

/* The project named by the field "project", the applicant's, without an application under way. */
static int take_project(struct case_ctx *c, struct gl_error *err)
{
        struct m4_ext *x = m4(c);
        const char *text = case_ctx_field(c, "project");
        int64_t id = text ? strtoll(text, NULL, 10) : 0;
        int rc = id > 0 ? project_store_get(c->app->db, id, &x->p) : GL_ENOTFOUND;
        if (rc == GL_OK && (m4_scope_project(c->who, x->p.v.builder_uscc, NULL) != GL_OK ||
                            !app_scope_covers(c->app, c->who, x->p.division)))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EINVAL, "project", "没有建设项目 %s (no such project)",
                               text ? text : "");
        if (rc != GL_OK)
                return db_fail(c, "读取建设项目", err);
        if (x->p.case_id)
                return gl_fail(err, GL_ESTATE, "project",
                               "建设项目 %lld 已有办理中的环评申请（案件 %lld） (under way)",
                               (long long)id, (long long)x->p.case_id);
        if (x->p.eia_approved_on != GL_DATE_NONE)
                return gl_fail(err, GL_ESTATE, "project", "建设项目 %lld 的环评已批准",
                               (long long)id);
        if ((rc = case_ctx_set_party(c, x->p.v.builder_uscc, x->p.v.builder_name, err)) != GL_OK)
                return rc;
        /* The application is of the project's county, wherever its builder is registered. */
        if (x->p.division[0])
                snprintf(c->row->division, sizeof(c->row->division), "%s", x->p.division);
        x->a = (struct m4_application){.project_id = id,
                                       .applied_on = c->in->today,
                                       .accepted_on = GL_DATE_NONE,
                                       .decided_on = GL_DATE_NONE,
                                       .current = true};
        return GL_OK;
}

/* m4.may_apply: a report or report form for the applicant's project (the builder's users or a
 * county officer filing for it); the guide may be named now. */
static int may_apply(struct case_ctx *c, struct gl_error *err)
{
        int rc = take_project(c, err);
        if (rc != GL_OK)
                return rc;
        const char *t = case_ctx_field(c, "document_type");
        enum m4_document_type dt = m4_document_type_from_code(t);
        if (dt != M4_REPORT && dt != M4_REPORT_FORM)
                return gl_fail(
                    err, GL_EINVAL, "document_type",
                    "环评审批申请的文件类型应为 report（报告书）或 report_form（报告表）；"
                    "登记表只备案（file）");
        copy(m4(c)->a.document_type, sizeof(m4(c)->a.document_type), t);
        return take_guide(c, false, err);
}

/* m4.may_file: a registration form is only filed (备案): it closes at filing, with its form. */
static int may_file(struct case_ctx *c, struct gl_error *err)
{
        int rc = take_project(c, err);
        if (rc != GL_OK)
                return rc;
        struct m4_ext *x = m4(c);
        copy(x->a.document_type, sizeof(x->a.document_type), "registration_form");
        x->a.accepted_on = c->in->today;
        struct m4_materials req, missing;
        if ((rc = case_missing(c, &req, &missing, err)) != GL_OK)
                return rc;
        if (missing.n > 0) {
                char list[512];
                return gl_fail(err, GL_EINVAL, "documents", "备案须提交：%s",
                               m4_materials_join(&missing, list, sizeof(list)));
        }
        return GL_OK;
}

/* m4.may_accept: `accept` for a complete application, `accept_missing` (容缺受理,
 * m4.accept_first) for one with materials missing; either names the guide and the phone. */
static int may_accept(struct case_ctx *c, struct gl_error *err)
{
        int rc = take_guide(c, true, err);
        if (rc != GL_OK)
                return rc;
        struct m4_materials req, missing;
        if ((rc = case_missing(c, &req, &missing, err)) != GL_OK)
                return rc;
        char list[1024];
        m4_materials_join(&missing, list, sizeof(list));
        bool first = strcmp(c->action->name, "accept_missing") == 0;
        if (!first && missing.n > 0)
                return gl_fail(err, GL_ESTATE, "materials",
                               "材料不齐：缺 %s；可容缺受理（accept_missing，m4.accept_first）",
                               list);
        if (first && missing.n == 0)
                return gl_fail(err, GL_ESTATE, "materials",
                               "材料已齐全：请直接受理（accept） (nothing missing)");
        return GL_OK;
}

/* m4.may_supply: `supply` completes what is missing (the decision's clock runs again),
 * `supply_part` hands in some while others stay missing. */
static int may_supply(struct case_ctx *c, struct gl_error *err)
{
        if (c->who->role == ROLE_COUNTY_OFFICER && strcmp(m4(c)->a.guide, c->who->name) != 0)
                return gl_fail(err, GL_EPERM, "guide",
                               "分局干部只能以本申请帮扶指导人的身份代为补交材料 (the guide only)");
        struct m4_materials req, missing;
        int rc = case_missing(c, &req, &missing, err);
        if (rc != GL_OK)
                return rc;
        char list[1024];
        m4_materials_join(&missing, list, sizeof(list));
        bool complete = strcmp(c->action->name, "supply") == 0;
        if (complete && missing.n > 0)
                return gl_fail(err, GL_ESTATE, "documents",
                               "补齐后仍缺：%s（可先补交部分材料：supply_part）", list);
        if (!complete && missing.n == 0)
                return gl_fail(err, GL_ESTATE, "documents",
                               "这些材料已补齐全部所缺：请用“补齐材料”（supply）");
        return GL_OK;
}

/* m4.may_approve: every material in (naming what is missing), the park's plan approved no later
 * than today (并联审批), the totals review passed unless the project is infrastructure (总量前置),
 * the guide named. */
static int may_approve(struct case_ctx *c, struct gl_error *err)
{
        struct m4_ext *x = m4(c);
        struct m4_materials req, missing;
        int rc = case_missing(c, &req, &missing, err);
        if (rc != GL_OK)
                return rc;
        if (missing.n > 0) {
                char list[1024];
                return gl_fail(err, GL_ESTATE, "materials",
                               "尚缺材料：%s。容缺受理的材料须在批准前补齐（m4.materials_due = "
                               "before_approval） (missing materials)",
                               m4_materials_join(&missing, list, sizeof(list)));
        }
        struct m4_explanation why = {0};
        if (x->p.plan_id > 0) {
                struct plan_row plan;
                if (plan_store_get(c->app->db, x->p.plan_id, &plan) != GL_OK)
                        return db_fail(c, "读取规划环评", err);
                struct m4_plan_facts f = {plan.id, plan.name, strcmp(plan.state, "approved") == 0,
                                          plan.approved_on};
                if ((rc = m4_plan_allows_approval(c->pack, c->in->today, &f, &why, err)) != GL_OK)
                        return rc;
        }
        json_t *lines = json_array();
        bool infra = m4_is_infrastructure(c->pack, c->in->today, x->p.v.category, &why);
        if (!infra) {
                struct totals_result *need = malloc(sizeof(*need));
                if (need == NULL) {
                        json_decref(lines);
                        return nomem(err);
                }
                rc = totals_needs(c->pack, c->in->today, x->p.v.added_g, need, err);
                bool needed = rc == GL_OK && need->needed;
                free(need);
                if (rc != GL_OK) {
                        json_decref(lines);
                        return rc;
                }
                if (needed) {
                        struct totals_review_row *r = malloc(sizeof(*r));
                        rc = r ? totals_store_latest(c->app->db, x->p.id, r) : GL_ENOMEM;
                        bool passed = rc == GL_OK && r->passed;
                        char d[11] = "";
                        if (passed)
                                date_format_iso(r->reviewed_on, d);
                        free(r);
                        if (rc != GL_OK && rc != GL_ENOTFOUND) {
                                json_decref(lines);
                                return db_fail(c, "读取总量审核", err);
                        }
                        if (!passed) {
                                json_decref(lines);
                                return gl_fail(
                                    err, GL_ESTATE, "totals_review",
                                    "项目新增主要污染物（m7.pollutants），须先通过总量审核"
                                    "（措施七：分局审核项目总量指标→环评审批）：尚无通过的"
                                    "总量审核 (the totals review must pass first)");
                        }
                        m4_explain(&why, "总量审核已于 %s 通过（措施七）", d);
                } else {
                        m4_explain(&why, "项目不新增主要污染物（m7.pollutants）：不需总量指标");
                }
        }
        if (!given(x->a.guide)) {
                json_decref(lines);
                return gl_fail(err, GL_ESTATE, "guide", "尚未指定“一对一”帮扶指导人");
        }
        for (size_t i = 0; lines && i < why.n; i++)
                json_array_append_new(lines, json_string(why.line[i]));
        json_object_set_new(c->audit, "explanation", lines);
        return GL_OK;
}

static int by_approval_officer(struct case_ctx *c, struct gl_error *err)
{
        return m4_text_check("reason", "理由", c->in->reason, M4_NOTE_MAX, false, true, err);
}

/* m4.by_builder: the builder's users (the scope saw to it that it is theirs) or a county officer.
 */
static int by_builder(struct case_ctx *c, struct gl_error *err)
{
        return m4_text_check("reason", "理由", c->in->reason, M4_NOTE_MAX, false, true, err);
}

const struct case_hook m4_guards[] = {
    {"m4.may_apply", may_apply},     {"m4.may_file", may_file},
    {"m4.may_accept", may_accept},   {"m4.may_supply", may_supply},
    {"m4.may_approve", may_approve}, {"m4.by_approval_officer", by_approval_officer},
    {"m4.by_builder", by_builder},   {NULL, NULL},
};

/* ---- effects ---- */

static int effect_apply(struct case_ctx *c, struct gl_error *err)
{
        (void)c;
        (void)err;
        return GL_OK; /* the application and its materials are saved by the extension */
}

/* m4.accept: accepted today with the guide; with materials missing (容缺受理) they are listed once
 * — kept, in the audit record and in the message to the builder, which also names the guide. */
static int effect_accept(struct case_ctx *c, struct gl_error *err)
{
        struct m4_ext *x = m4(c);
        x->a.accepted_on = c->in->today;
        struct m4_materials req, missing;
        int rc = case_missing(c, &req, &missing, err);
        if (rc != GL_OK)
                return rc;
        json_t *list = json_array();
        for (size_t i = 0; list && i < missing.n; i++)
                json_array_append_new(list, json_string(missing.name[i]));
        char *text = list ? json_dumps(list, JSON_COMPACT) : NULL;
        if (text == NULL || strlen(text) >= sizeof(x->a.missing)) {
                free(text);
                json_decref(list);
                return nomem(err);
        }
        copy(x->a.missing, sizeof(x->a.missing), text);
        free(text);
        json_object_set_new(c->audit, "missing", list);
        json_object_set_new(c->audit, "guide", json_string(x->a.guide));
        char names[300];
        m4_materials_join(&missing, names, sizeof(names));
        int w =
            snprintf(c->reason_buf, sizeof(c->reason_buf), "%s%s%s帮扶指导人：%s（电话 %s）%s%s",
                     missing.n ? "容缺受理，请在批准前补齐以下材料（一次性告知）：" : "",
                     missing.n ? names : "", missing.n ? "。" : "",
                     given(x->a.guide_name) ? x->a.guide_name : x->a.guide, x->a.guide_phone,
                     given(c->in->reason) ? "。" : "", given(c->in->reason) ? c->in->reason : "");
        if (w < 0 || (size_t)w >= sizeof(c->reason_buf))
                return gl_fail(err, GL_EINVAL, "reason", "受理意见过长 (too long)");
        c->reason = c->reason_buf;
        return GL_OK;
}

static int effect_supply(struct case_ctx *c, struct gl_error *err)
{
        (void)c;
        (void)err;
        return GL_OK; /* the materials are saved by the extension */
}

static int effect_decide(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        m4(c)->a.decided_on = c->in->today;
        return GL_OK;
}

const struct case_hook m4_effects[] = {
    {"m4.apply", effect_apply},
    {"m4.accept", effect_accept},
    {"m4.supply", effect_supply},
    {"m4.decide", effect_decide},
    {NULL, NULL},
};

/* ---- lengths ---- */

/* The decision's length by m4.decision_limit_rule and the document type; -1 (not started) for the
 * deadline of the rule not chosen. */
static int decision_length(struct case_ctx *c, const struct procedure_deadline *d, int *n,
                           char *param, size_t param_size, struct gl_error *err)
{
        struct m4_decision_limit l;
        int rc = m4_decision_limit(c->pack, c->in->today, doc_type(c), &l, NULL, err);
        if (rc != GL_OK)
                return rc;
        *n = l.rule == d->rule ? l.length : -1;
        copy(param, param_size, l.param);
        return GL_OK;
}

const struct case_length_hook m4_lengths[] = {
    {"m4.decision_working_days", decision_length},
    {"m4.decision_days", decision_length},
    {NULL, NULL},
};

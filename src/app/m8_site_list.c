/*
 * Measure 8's own code on the procedure engine (重点建设项目保障正面清单申报; the procedure is
 * "m8.listing" in the pack): the extension that loads and saves what an application keeps
 * (m8_applications) with its site, the named guards — who may act for which unit (the competent
 * department of the site's category, the three seats of the joint preliminary review, the list
 * leads, the dust-control verifiers), the site's dust control before applying and before listing,
 * objections — and the effects that change the site and the list: listed after its publication
 * (公示), adjusted, removed with a reason, removed by a failed dust check, off the list when
 * finished. Each effect that changes a site appends the site's own audit record (entity "site")
 * after the change, so that the site is sealed with its new state in the step's transaction.
 *
 * The filter of offers drops the actions of another unit's reviewer, so that a department is not
 * offered the review of another department's application, nor a township another township's.
 */
#include "../core/m8_site_list.h"
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "../store/site_store.h"
#include "app_internal.h"
#include "audit.h"
#include "case_hooks.h"
#include "scope.h"
#include "site.h"

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

/* What a step works on: the application and its site. */
struct m8_ext {
        struct m8_application a;
        struct site_row site;
        bool site_loaded;
        int64_t objection; /* the objection decided by this step */
};

static struct m8_ext *m8(struct case_ctx *c)
{
        return c->ext;
}

static struct m8_member member_of(const struct actor *who)
{
        return (struct m8_member){who->role, who->department, who->township};
}

/* The states after which an application is no longer its site's current one. */
static bool ended_state(const char *state)
{
        static const char *const ended[] = {"removed", "refused", "objection_upheld", "withdrawn",
                                            "finished"};
        for (size_t i = 0; i < GL_ARRAY_LEN(ended); i++)
                if (strcmp(state, ended[i]) == 0)
                        return true;
        return false;
}

/* ---- the extension ---- */

static int m8_load(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = calloc(1, sizeof(*x));
        if (x == NULL)
                return nomem(err);
        c->ext = x;
        if (c->opening)
                return GL_OK;
        int rc = m8_store_application_get(c->app->db, c->row->id, &x->a);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少正面清单申报记录",
                               (long long)c->row->id);
        if (rc == GL_OK)
                rc = site_store_get(c->app->db, x->a.site_id, &x->site);
        if (rc != GL_OK)
                return db_fail(c, "读取申报", err);
        x->site_loaded = true;
        return GL_OK;
}

static int m8_save(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = m8(c);
        x->a.case_id = c->row->id;
        const char *state = procedure_state_name(c->proc, c->to);
        x->a.current = !ended_state(state);
        copy(x->a.outcome, sizeof(x->a.outcome), x->a.current ? "" : state);
        if (!x->a.current && x->a.closed_on == GL_DATE_NONE)
                x->a.closed_on = c->in->today;
        int rc = c->opening ? m8_store_application_insert(c->app->db, &x->a)
                            : m8_store_application_update(c->app->db, &x->a);
        if (rc == GL_ECONFLICT)
                return gl_fail(err, GL_ECONFLICT, "site",
                               "工地 %lld 已有办理中的正面清单申报 (the site has an application "
                               "already)",
                               (long long)x->a.site_id);
        if (rc != GL_OK)
                return db_fail(c, "保存申报", err);
        json_object_set_new(c->audit, "site", json_integer((json_int_t)x->a.site_id));
        json_object_set_new(c->audit, "department", json_string(x->a.department));
        json_object_set_new(c->audit, "township", json_string(x->a.township));
        return GL_OK;
}

static void m8_release(struct case_ctx *c)
{
        free(c->ext);
        c->ext = NULL;
}

/* The joint review's three seats: the pass action each takes, the unit of m8.joint_reviewers. */
static const struct {
        const char *action;
        const char *unit;
} seats[] = {
    {"joint_branch", "county_branch"},
    {"joint_housing", "housing_construction"},
    {"joint_township", "township"},
};

/* The unit a pass action of the joint review is the seat of, or NULL. */
static const char *seat_of(const char *action)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(seats); i++)
                if (strcmp(seats[i].action, action) == 0)
                        return seats[i].unit;
        return NULL;
}

/* Whether who acts for the unit of list param (or for unit when given) on the application a, by
 * pack (the case's). */
static bool acts_for(const struct policy_pack *pack, const struct actor *who, const char *param,
                     const struct m8_application *a, gl_date on, const char *unit)
{
        if (who->role == ROLE_SYSTEM)
                return true;
        struct m8_member m = member_of(who);
        char got[64];
        if (!m8_member_of(pack, on, param, &m, a->township, got, sizeof(got)))
                return false;
        return unit == NULL || strcmp(got, unit) == 0;
}

/* Whether who is the competent department of a. */
static bool competent(const struct policy_pack *pack, const struct actor *who,
                      const struct m8_application *a)
{
        if (who->role == ROLE_SYSTEM)
                return true;
        struct m8_member m = member_of(who);
        return who->role == ROLE_DEPT_OFFICER && strcmp(m8_unit_of(pack, &m), a->department) == 0;
}

/* Whether action was taken since the case entered its current state (steps that changed the
 * state start the list again). */
struct taken_walk {
        const char *action;
        bool taken;
};

static int taken_step(const struct case_step_record *st, void *p)
{
        struct taken_walk *w = p;
        if (strcmp(st->from_state, st->to_state) != 0)
                w->taken = false;
        else if (strcmp(st->action, w->action) == 0)
                w->taken = true;
        return 0;
}

static bool taken_in_state(struct app *app, int64_t case_id, const char *action)
{
        struct taken_walk w = {action, false};
        return case_store_steps(app->db, case_id, taken_step, &w) == GL_OK && w.taken;
}

/* The pass action of the seat who holds in the joint review of a, or NULL. */
static const char *own_seat(const struct policy_pack *pack, const struct actor *who,
                            const struct m8_application *a, gl_date on)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(seats); i++)
                if (who->role != ROLE_SYSTEM &&
                    acts_for(pack, who, "m8.joint_reviewers", a, on, seats[i].unit))
                        return seats[i].action;
        return NULL;
}

/* Whether who may take action `action` on a as far as its unit goes (the guards' rule). */
static bool unit_may(const struct policy_pack *pack, const struct actor *who, const char *action,
                     const struct m8_application *a, gl_date on)
{
        const char *seat = seat_of(action);
        if (seat)
                return acts_for(pack, who, "m8.joint_reviewers", a, on, seat);
        if (strcmp(action, "dept_pass") == 0 || strcmp(action, "dept_return") == 0)
                return competent(pack, who, a);
        if (strcmp(action, "joint_return") == 0 || strcmp(action, "joint_refuse") == 0)
                return acts_for(pack, who, "m8.joint_reviewers", a, on, NULL);
        if (strcmp(action, "dust_failed") == 0)
                return acts_for(pack, who, "m8.site_verifiers", a, on, NULL);
        static const char *const led[] = {
            "publish", "object", "dismiss_objection", "uphold_objection", "list",
            "adjust",  "remove"};
        for (size_t i = 0; i < GL_ARRAY_LEN(led); i++)
                if (strcmp(action, led[i]) == 0)
                        return acts_for(pack, who, "m8.list_leads", a, on, NULL);
        return true;
}

/* The objections of a case pending a decision (m8.decide_objection, m8.may_list, the filter). */
struct pending {
        int64_t only, named;
        size_t n;
        bool named_found;
};

static int count_pending(const struct m8_objection *o, void *p)
{
        struct pending *w = p;
        if (strcmp(o->status, "pending") != 0)
                return 0;
        w->n++;
        w->only = o->id;
        if (o->id == w->named)
                w->named_found = true;
        return 0;
}

static void m8_filter_offers(struct app *app, const struct actor *who, int64_t case_id,
                             struct case_offer *offers, size_t *n)
{
        struct m8_application a;
        if (who == NULL || m8_store_application_get(app->db, case_id, &a) != GL_OK)
                return; /* the guards decide at the step */
        gl_date today = app_today_local();
        struct case_row row;
        bool have_row = case_store_get(app->db, case_id, &row) == GL_OK;
        bool returned = have_row && strcmp(row.state, "returned") == 0;
        /* The case's own pack (cases.pack_id), whose units hold the seats. */
        const struct policy_pack *pack =
            have_row ? app_pack_named(app, row.pack_id) : app_policy(app);
        const char *seat = own_seat(pack, who, &a, today);
        bool passed = seat && taken_in_state(app, case_id, seat);
        /* Objections: listing waits for those pending; a decision needs one. */
        struct pending w = {0};
        if (m8_store_objections(app->db, case_id, count_pending, &w) != GL_OK)
                w.n = 0;
        size_t kept = 0;
        for (size_t i = 0; i < *n; i++) {
                const char *name = offers[i].action->name;
                if (!unit_may(pack, who, name, &a, today))
                        continue;
                if (w.n > 0 && strcmp(name, "list") == 0)
                        continue;
                if (w.n == 0 && (strcmp(name, "dismiss_objection") == 0 ||
                                 strcmp(name, "uphold_objection") == 0))
                        continue;
                /* A seat that passed does not return or refuse afterwards (joint_seat). */
                if (passed &&
                    (strcmp(name, "joint_return") == 0 || strcmp(name, "joint_refuse") == 0))
                        continue;
                /* The county officer who filed for a builder withdraws only what came back to it:
                 * an application under a department's review is not its work. */
                if (strcmp(name, "withdraw") == 0 && who->role == ROLE_COUNTY_OFFICER && !returned)
                        continue;
                offers[kept++] = offers[i];
        }
        *n = kept;
}

static int bad_key(struct gl_error *err, const char *path, const char *why)
{
        return gl_fail(err, GL_EINVAL, path, "%s: %s", path, why);
}

/* Every item of a list parameter that is not county_branch or township names a department. */
static int check_units(const struct policy_pack *pack, const char *name, bool categories,
                       struct gl_error *err)
{
        const struct policy_param *p = policy_param_find(pack, name);
        char path[160];
        snprintf(path, sizeof(path), "parameters.%s", name);
        if (p == NULL || p->kind != POLICY_LIST)
                return bad_key(err, path,
                               "missing, or not a list: measure 8 reads it (缺少措施八的参数)");
        for (size_t i = 0; i < p->nvalues; i++)
                for (size_t k = 0; k < p->values[i].nlist; k++) {
                        const char *item = p->values[i].list[k];
                        const char *dept = item;
                        snprintf(path, sizeof(path), "parameters.%s.values[%zu].value[%zu]", name,
                                 i, k);
                        if (categories) {
                                const char *colon = strchr(item, ':');
                                char cat[64];
                                snprintf(cat, sizeof(cat), "%.*s", colon ? (int)(colon - item) : 0,
                                         item);
                                if (colon == NULL ||
                                    policy_term_find(pack, POLICY_SITE_CATEGORIES, cat) == NULL)
                                        return bad_key(err, path,
                                                       "not CATEGORY:DEPARTMENT of the pack's "
                                                       "site_categories (应为“类别:部门”)");
                                dept = colon + 1;
                        } else if (strcmp(item, "county_branch") == 0 ||
                                   strcmp(item, "township") == 0) {
                                continue;
                        }
                        const struct policy_term *d =
                            policy_term_find(pack, POLICY_DEPARTMENTS, dept);
                        if (d == NULL || strcmp(d->code, dept) != 0)
                                return bad_key(err, path,
                                               "no department of the pack has this code "
                                               "(政策包 departments 没有该部门代码)");
                }
        return GL_OK;
}

/*
 * What measure 8's code needs of its declaration: the actions it names (the three seats of the
 * joint review joined, the steps the site's use cases take), the joint reviewers being exactly
 * the branch, the housing and construction bureau and the township, the units of the measure's
 * parameters departments of the pack, every category with a competent department, and the
 * departments of the joint review, the list's leads and its verifiers taking part in every case.
 */
static int m8_check_pack(const struct policy_pack *pack, const struct procedure *proc,
                         struct gl_error *err)
{
        char path[160];
        static const char *const actions[] = {"apply",
                                              "dept_pass",
                                              "dept_return",
                                              "resubmit",
                                              "withdraw",
                                              "joint_branch",
                                              "joint_housing",
                                              "joint_township",
                                              "joint_return",
                                              "joint_refuse",
                                              "publish",
                                              "object",
                                              "dismiss_objection",
                                              "uphold_objection",
                                              "list",
                                              "adjust",
                                              "remove",
                                              "dust_failed",
                                              "finish"};
        for (size_t i = 0; i < GL_ARRAY_LEN(actions); i++)
                if (procedure_action_find(proc, actions[i]) == NULL) {
                        snprintf(path, sizeof(path), "procedures.%s.actions", proc->name);
                        return gl_fail(
                            err, GL_EINVAL, path,
                            "%s: no action %s: measure 8's code takes it (缺少措施八的操作)", path,
                            actions[i]);
                }
        for (size_t i = 0; i < GL_ARRAY_LEN(seats); i++)
                if (procedure_action_find(proc, seats[i].action)->njoin != GL_ARRAY_LEN(seats)) {
                        snprintf(path, sizeof(path), "procedures.%s.actions.%s.join", proc->name,
                                 seats[i].action);
                        return bad_key(err, path,
                                       "the three seats of the joint review join each other "
                                       "(联合初审三方须全部通过)");
                }
        const struct policy_param *joint = policy_param_find(pack, "m8.joint_reviewers");
        for (size_t i = 0; joint && i < joint->nvalues; i++) {
                bool ok = joint->values[i].kind == POLICY_LIST &&
                          joint->values[i].nlist == GL_ARRAY_LEN(seats);
                for (size_t k = 0; ok && k < GL_ARRAY_LEN(seats); k++)
                        ok = strcmp(joint->values[i].list[k], seats[k].unit) == 0;
                if (!ok) {
                        snprintf(path, sizeof(path), "parameters.m8.joint_reviewers.values[%zu]",
                                 i);
                        return bad_key(err, path,
                                       "this program implements county_branch, "
                                       "housing_construction, township (程序只实现这三方联合初审)");
                }
        }
        int rc = joint ? GL_OK : bad_key(err, "parameters.m8.joint_reviewers", "missing (缺少)");
        if (rc == GL_OK)
                rc = check_units(pack, "m8.competent_departments", true, err);
        if (rc == GL_OK)
                rc = check_units(pack, "m8.list_leads", false, err);
        if (rc == GL_OK)
                rc = check_units(pack, "m8.site_verifiers", false, err);
        if (rc == GL_OK)
                rc = check_units(pack, "m8.joint_reviewers", false, err);
        static const char *const every[] = {"m8.joint_reviewers", "m8.list_leads",
                                            "m8.site_verifiers"};
        for (size_t e = 0; rc == GL_OK && e < GL_ARRAY_LEN(every); e++) {
                const struct policy_param *p = policy_param_find(pack, every[e]);
                for (size_t i = 0; i < p->nvalues; i++)
                        for (size_t k = 0; k < p->values[i].nlist; k++) {
                                const char *item = p->values[i].list[k];
                                if (policy_term_find(pack, POLICY_DEPARTMENTS, item) == NULL)
                                        continue;
                                bool in = false;
                                for (size_t d = 0; d < proc->ndepartments && !in; d++)
                                        in = strcmp(proc->departments[d], item) == 0;
                                if (!in) {
                                        snprintf(path, sizeof(path), "procedures.%s.departments",
                                                 proc->name);
                                        return gl_fail(err, GL_EINVAL, path,
                                                       "%s: %s (of %s) takes part in every "
                                                       "application and must be listed (须列出)",
                                                       path, item, every[e]);
                                }
                        }
        }
        for (size_t i = 0; rc == GL_OK && i < pack->nterms[POLICY_SITE_CATEGORIES]; i++) {
                char dept[64];
                const char *code = pack->terms[POLICY_SITE_CATEGORIES][i].code;
                const struct policy_param *p = policy_param_find(pack, "m8.competent_departments");
                for (size_t v = 0; v < p->nvalues; v++)
                        if (m8_competent_department(pack, p->values[v].from, code, dept,
                                                    sizeof(dept)) == NULL) {
                                snprintf(path, sizeof(path), "site_categories[%zu]", i);
                                return gl_fail(err, GL_EINVAL, path,
                                               "%s: category %s has no competent department in "
                                               "m8.competent_departments (该类别没有对口主管部门)",
                                               path, code);
                        }
        }
        const struct policy_param *days = policy_param_find(pack, "m8.publication_working_days");
        if (rc == GL_OK && (days == NULL || days->kind != POLICY_INT))
                rc = bad_key(err, "parameters.m8.publication_working_days",
                             "missing, or not an integer (缺少公示期参数)");
        return rc;
}

const struct case_extension m8_extension = {.procedure = "m8.listing",
                                            .audit_entity = "case",
                                            .load = m8_load,
                                            .save = m8_save,
                                            .release = m8_release,
                                            .filter_offers = m8_filter_offers,
                                            .check_pack = m8_check_pack};

/* ---- what the guards share ---- */

static const char *department_name(const struct policy_pack *pack, const char *code)
{
        const struct policy_term *d = policy_term_find(pack, POLICY_DEPARTMENTS, code);
        return d ? d->name_zh : code;
}

/* A text field of a step: plain UTF-8 within M8_NOTE_MAX. */
static int note_field(struct case_ctx *c, const char *name, const char *label, bool required,
                      struct gl_error *err)
{
        return m8_text_check(name, label, case_ctx_field(c, name), M8_NOTE_MAX, required, true,
                             err);
}

static int reason_length(struct case_ctx *c, struct gl_error *err)
{
        return m8_text_check("reason", "理由", c->in->reason, M8_NOTE_MAX, false, true, err);
}

/* The site is being built and its dust control lets it apply. */
static int site_ready(struct case_ctx *c, struct gl_error *err)
{
        const struct site_row *s = &m8(c)->site;
        if (strcmp(s->status, "under_construction") != 0)
                return gl_fail(err, GL_ESTATE, "site",
                               "工地 %lld 已竣工：正面清单只列在建项目 (the site is finished)",
                               (long long)s->id);
        return m8_dust_allows_applying(c->pack, c->in->today, s->dust_control, err);
}

/* The party of the case: the builder, from the registry when it is there; the units it is
 * addressed to. */
static int take_party(struct case_ctx *c, const struct site_row *s, struct gl_error *err)
{
        int rc = case_ctx_set_party(c, s->v.builder_uscc, s->v.builder_name, err);
        if (rc != GL_OK)
                return rc;
        copy(c->row->department, sizeof(c->row->department), s->v.department);
        copy(c->row->township, sizeof(c->row->township), s->v.township);
        copy(c->row->division, sizeof(c->row->division), s->division);
        return GL_OK;
}

/* ---- guards ---- */

/*
 * m8.may_apply: the site named exists and is the applicant's to apply for (its builder's users,
 * or a county officer filing for it: 符合要求的建设项目可自行向对口主管部门申报); it is under
 * construction, not listed and without another application; its dust control meets the
 * requirement (m8.dust_control_required: 在落实扬尘污染防治要求的基础上). The case goes to the
 * site's competent department and township.
 */
static int may_apply(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = m8(c);
        const char *text = case_ctx_field(c, "site");
        int64_t id = text ? strtoll(text, NULL, 10) : 0;
        int rc = id > 0 ? site_store_get(c->app->db, id, &x->site) : GL_ENOTFOUND;
        struct scope_units u = {x->site.v.department, x->site.v.township, x->site.division};
        if (rc == GL_OK &&
            (app_scope_site(c->app, c->who, c->proc, x->site.v.builder_uscc, &u, NULL) != GL_OK ||
             (c->who->role == ROLE_ENTERPRISE &&
              strcmp(x->site.v.builder_uscc, c->who->uscc) != 0)))
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_EINVAL, "site", "没有施工工地 %s (no such site)",
                               text ? text : "");
        if (rc != GL_OK)
                return db_fail(c, "读取工地", err);
        x->site_loaded = true;
        if (x->site.listed)
                return gl_fail(err, GL_ESTATE, "site",
                               "工地 %lld 已在正面清单上（%s 列入） (listed already)",
                               (long long)id, date_format_iso(x->site.listed_on, (char[11]){0}));
        if (x->site.case_id)
                return gl_fail(err, GL_ESTATE, "site",
                               "工地 %lld 已有办理中的正面清单申报（案件 %lld）(an application is "
                               "under way)",
                               (long long)id, (long long)x->site.case_id);
        if ((rc = site_ready(c, err)) != GL_OK ||
            (rc = note_field(c, "note", "申报说明", false, err)))
                return rc;
        if ((rc = take_party(c, &x->site, err)) != GL_OK)
                return rc;
        x->a = (struct m8_application){.site_id = id,
                                       .applied_on = c->in->today,
                                       .published_on = GL_DATE_NONE,
                                       .publication_due = GL_DATE_NONE,
                                       .listed_on = GL_DATE_NONE,
                                       .closed_on = GL_DATE_NONE,
                                       .current = true};
        copy(x->a.department, sizeof(x->a.department), x->site.v.department);
        copy(x->a.township, sizeof(x->a.township), x->site.v.township);
        copy(x->a.category, sizeof(x->a.category), x->site.v.category);
        return GL_OK;
}

/* m8.by_applicant: the builder's users (the scope saw to it that it is theirs), a county officer
 * or the system. */
static int by_applicant(struct case_ctx *c, struct gl_error *err)
{
        int rc = reason_length(c, err);
        if (rc != GL_OK)
                return rc;
        if (c->who->role == ROLE_ENTERPRISE && strcmp(c->row->uscc, c->who->uscc) != 0)
                return gl_fail(err, GL_EPERM, "uscc", "只有建设单位可以%s (only the builder may)",
                               c->action->label_zh);
        return GL_OK;
}

/* m8.may_resubmit: by the applicant, the site still ready (dust control, under construction). */
static int may_resubmit(struct case_ctx *c, struct gl_error *err)
{
        int rc = by_applicant(c, err);
        if (rc == GL_OK)
                rc = site_ready(c, err);
        if (rc == GL_OK)
                rc = note_field(c, "note", "补正说明", false, err);
        return rc;
}

/* m8.by_competent_department: the officer of the application's competent department only
 * (对口主管部门审核：县发改委、教育局、卫健局、水利局、城管局、交通局按照责任分别审核). */
static int by_competent_department(struct case_ctx *c, struct gl_error *err)
{
        const struct m8_application *a = &m8(c)->a;
        int rc = reason_length(c, err);
        if (rc == GL_OK && !competent(c->pack, c->who, a))
                rc = gl_fail(
                    err, GL_EPERM, "department",
                    "本申报的对口主管部门是%s（m8.competent_departments）：只有该部门可以%s "
                    "(only the competent department reviews it)",
                    department_name(c->pack, a->department), c->action->label_zh);
        return rc;
}

/* m8.joint_seat: the joint preliminary review (经县生态环境分局、住建局及相关乡镇联合初审):
 * each pass by its own seat — the branch's officer, the housing and construction bureau's, the
 * officer of the site's township; a return or refusal by any of the three. */
static int joint_seat(struct case_ctx *c, struct gl_error *err)
{
        const struct m8_application *a = &m8(c)->a;
        const char *seat = seat_of(c->action->name);
        int rc = reason_length(c, err);
        if (rc == GL_OK && acts_for(c->pack, c->who, "m8.joint_reviewers", a, c->in->today, seat)) {
                const char *mine = seat ? NULL : own_seat(c->pack, c->who, a, c->in->today);
                if (mine && taken_in_state(c->app, c->row->id, mine))
                        return gl_fail(err, GL_ESTATE, "state",
                                       "本方已通过联合初审，不能再%s (your seat passed it "
                                       "already)",
                                       c->action->label_zh);
                return GL_OK;
        }
        if (rc != GL_OK)
                return rc;
        if (seat && strcmp(seat, "township") == 0)
                return gl_fail(err, GL_EPERM, "township",
                               "本项目在%s：乡镇一方的联合初审由%s进行（m8.joint_reviewers） (only "
                               "the township of the site reviews for it)",
                               a->township, a->township);
        if (seat && strcmp(seat, "housing_construction") == 0)
                return gl_fail(err, GL_EPERM, "department",
                               "住建局一方的联合初审由%s进行（m8.joint_reviewers） (only the "
                               "housing and construction bureau)",
                               department_name(c->pack, "housing_construction"));
        if (seat)
                return gl_fail(err, GL_EPERM, "role",
                               "县生态环境分局一方的联合初审由分局工作人员进行 (only the county "
                               "branch)");
        return gl_fail(err, GL_EPERM, "role",
                       "联合初审由县生态环境分局、住建局和项目所在乡镇（%s）进行"
                       "（m8.joint_reviewers）：%s不是其中一方 (not one of the joint reviewers)",
                       a->township, role_label_zh(c->who->role));
}

/* m8.by_list_lead: the list's leads (县生态环境分局、大气办是正面清单的牵头和协调部门，负责审核、
 * 调整、公示): the branch's officer or the air-pollution office's (m8.list_leads). */
static int by_list_lead(struct case_ctx *c, struct gl_error *err)
{
        int rc = reason_length(c, err);
        if (rc == GL_OK &&
            !acts_for(c->pack, c->who, "m8.list_leads", &m8(c)->a, c->in->today, NULL))
                rc = gl_fail(err, GL_EPERM, "role",
                             "正面清单的审核、调整、公示由牵头部门县生态环境分局、大气办负责"
                             "（m8.list_leads）：%s不能%s (only the list's leads)",
                             role_label_zh(c->who->role), c->action->label_zh);
        return rc;
}

/* m8.dust_still_passed: the site's dust control still meets the requirement. */
static int dust_still_passed(struct case_ctx *c, struct gl_error *err)
{
        return site_ready(c, err);
}

static int pending_objections(struct case_ctx *c, struct pending *w, struct gl_error *err)
{
        if (m8_store_objections(c->app->db, c->row->id, count_pending, w) != GL_OK)
                return db_fail(c, "读取异议", err);
        return GL_OK;
}

/* m8.decide_objection: a pending objection of the case, named by the field "objection" or the
 * only one pending. */
static int decide_objection_guard(struct case_ctx *c, struct gl_error *err)
{
        const char *named = case_ctx_field(c, "objection");
        struct pending w = {.named = given(named) ? strtoll(named, NULL, 10) : 0};
        int rc = pending_objections(c, &w, err);
        if (rc != GL_OK)
                return rc;
        if (w.named && !w.named_found)
                return gl_fail(err, GL_EINVAL, "objection",
                               "本申报没有待处理的异议 %s (no such pending objection)", named);
        if (w.n == 0)
                return gl_fail(err, GL_ESTATE, "objection",
                               "本申报没有待处理的异议 (no objection is pending)");
        if (!w.named && w.n > 1)
                return gl_fail(err, GL_EINVAL, "objection",
                               "有 %zu 项异议待处理，请指明异议编号 (name the objection)", w.n);
        m8(c)->objection = w.named ? w.named : w.only;
        return GL_OK;
}

/* m8.may_list: the publication passed (the action's `after`) with no objection pending, and the
 * site still under construction with its dust control. */
static int may_list(struct case_ctx *c, struct gl_error *err)
{
        struct pending w = {0};
        int rc = pending_objections(c, &w, err);
        if (rc == GL_OK && w.n > 0)
                rc =
                    gl_fail(err, GL_ESTATE, "objection",
                            "公示期间提出的 %zu 项异议尚未处理：处理后方可列入正面清单 (objections "
                            "are pending)",
                            w.n);
        if (rc == GL_OK)
                rc = site_ready(c, err);
        return rc;
}

/* m8.may_adjust: at least one of the project, the builder's name, the earthwork area, each
 * checked as a site's (m8_site_change). */
static int may_adjust(struct case_ctx *c, struct gl_error *err)
{
        struct m8_site_input in = {.project = case_ctx_field(c, "project"),
                                   .builder_name = case_ctx_field(c, "builder_name"),
                                   .earthwork_m2 = case_ctx_field(c, "earthwork_m2")};
        if (in.project == NULL && in.builder_name == NULL && in.earthwork_m2 == NULL)
                return gl_fail(err, GL_EINVAL, "fields",
                               "调整须给出项目名称、建设单位名称或土石方作业面积 (give what "
                               "changes)");
        struct m8_site_values v = m8(c)->site.v;
        return m8_site_change(c->pack, c->in->today, &in, &v, err);
}

/* m8.by_site_verifier: a dust-control verifier (县城管局会同县大气办、生态环境分局现场核查:
 * m8.site_verifiers), the inspection's reason one a listed site may be inspected for. */
static int by_site_verifier(struct case_ctx *c, struct gl_error *err)
{
        int rc = reason_length(c, err);
        if (rc == GL_OK &&
            !acts_for(c->pack, c->who, "m8.site_verifiers", &m8(c)->a, c->in->today, NULL))
                return gl_fail(err, GL_EPERM, "role",
                               "扬尘防治现场核查由县城管局会同县大气办、生态环境分局进行"
                               "（m8.site_verifiers）：%s不能登记核查结果 (only the site "
                               "verifiers)",
                               role_label_zh(c->who->role));
        if (rc == GL_OK)
                rc = note_field(c, "note", "核查记录", false, err);
        const char *reason = case_ctx_field(c, "inspection_reason");
        char code[48];
        if (rc == GL_OK) {
                rc = m8_inspection_allowed(c->pack, c->in->today, true,
                                           given(reason) ? reason : "dust_recheck", code,
                                           sizeof(code), err);
                if (rc != GL_OK)
                        copy(err->field, sizeof(err->field), "inspection_reason");
        }
        return rc;
}

const struct case_hook m8_guards[] = {
    {"m8.may_apply", may_apply},
    {"m8.may_resubmit", may_resubmit},
    {"m8.by_applicant", by_applicant},
    {"m8.by_competent_department", by_competent_department},
    {"m8.joint_seat", joint_seat},
    {"m8.by_list_lead", by_list_lead},
    {"m8.dust_still_passed", dust_still_passed},
    {"m8.decide_objection", decide_objection_guard},
    {"m8.may_list", may_list},
    {"m8.may_adjust", may_adjust},
    {"m8.by_site_verifier", by_site_verifier},
    {NULL, NULL},
};

/* ---- effects ---- */

/* Writes the site as the step changed it and appends its audit record (action "site.ACTION"),
 * the site sealed with its new state. */
static int save_site(struct case_ctx *c, json_t *extra, struct gl_error *err)
{
        struct site_row *s = &m8(c)->site;
        app_now_iso(s->updated_at);
        int rc = site_store_update(c->app->db, s);
        if (rc == GL_ECONFLICT)
                rc = gl_fail(err, GL_ECONFLICT, "site", "工地已被他人修改，请刷新后重试");
        else if (rc != GL_OK)
                rc = db_fail(c, "保存工地", err);
        s->version++;
        char action[64], key[24], day[11];
        snprintf(action, sizeof(action), "site.%s", c->action->name);
        snprintf(key, sizeof(key), "%lld", (long long)s->id);
        json_t *d =
            json_pack("{s:I, s:I, s:s, s:b, s:s, s:s}", "site", (json_int_t)s->id, "case",
                      (json_int_t)c->row->id, "on", date_format_iso(c->in->today, day), "listed",
                      s->listed, "status", s->status, "dust_control", s->dust_control);
        if (d && extra)
                json_object_update(d, extra);
        json_decref(extra);
        char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(d);
        if (rc == GL_OK)
                rc = text ? audit_append(c->app, c->who, action, "site", key, text, err)
                          : nomem(err);
        free(text);
        return rc;
}

/* Off the list on the step's day, for reason. */
static void off_list(struct site_row *s, gl_date on, const char *reason)
{
        s->listed = false;
        s->removed_on = on;
        copy(s->removed_reason, sizeof(s->removed_reason), reason);
}

/* m8.apply: the application as made (m8_save writes it), its materials in the audit record. */
static int effect_apply(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        json_object_set_new(c->audit, "documents_given", json_integer((json_int_t)c->in->ndocs));
        return GL_OK;
}

/* m8.review: each review recorded — by the competent department, or by a seat of the joint
 * review (kind joint_UNIT) — with its outcome and opinion. */
static int effect_review(struct case_ctx *c, struct gl_error *err)
{
        const char *a = c->action->name;
        char kind[80]; /* "joint_" and a unit code of up to 63 bytes */
        const char *seat = seat_of(a);
        struct m8_member m = member_of(c->who);
        if (strncmp(a, "dept_", 5) == 0)
                copy(kind, sizeof(kind), "competent_department");
        else if (seat)
                snprintf(kind, sizeof(kind), "joint_%s", seat);
        else {
                char unit[64] = "";
                if (c->who->role != ROLE_SYSTEM)
                        m8_member_of(c->pack, c->in->today, "m8.joint_reviewers", &m,
                                     m8(c)->a.township, unit, sizeof(unit));
                snprintf(kind, sizeof(kind), "joint_%s", unit[0] ? unit : "system");
        }
        const char *outcome = strstr(a, "return")   ? "returned"
                              : strstr(a, "refuse") ? "refused"
                                                    : "passed";
        json_object_set_new(c->audit, "review",
                            json_pack("{s:s, s:s}", "kind", kind, "outcome", outcome));
        return case_ctx_add_review(c, kind, outcome, c->in->reason, err);
}

/* m8.close: nothing beyond m8_save (which ends the application as the site's current one). */
static int effect_close(struct case_ctx *c, struct gl_error *err)
{
        (void)c;
        (void)err;
        return GL_OK;
}

/* m8.publish: publication starts today and ends when the engine's deadline "publication" is due
 * (m8.publication_working_days working days, the start not counted). */
static int effect_publish(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        struct m8_ext *x = m8(c);
        const struct case_deadline *d = case_ctx_deadline(c, "publication");
        x->a.published_on = c->in->today;
        x->a.publication_due = d ? d->due : GL_DATE_NONE;
        char day[11];
        if (d)
                json_object_set_new(c->audit, "publication_due",
                                    json_string(date_format_iso(d->due, day)));
        return GL_OK;
}

/* m8.object: the objection recorded (its content, who raised it), pending a decision. */
static int effect_object(struct case_ctx *c, struct gl_error *err)
{
        int rc = note_field(c, "content", "异议内容", true, err);
        const char *objector = case_ctx_field(c, "objector");
        if (rc == GL_OK)
                rc = m8_text_check("objector", "异议人", objector, 255, false, false, err);
        if (rc != GL_OK)
                return rc;
        struct m8_objection o = {.case_id = c->row->id,
                                 .received_on = c->in->today,
                                 .content = case_ctx_field(c, "content")};
        copy(o.objector, sizeof(o.objector), objector);
        copy(o.recorded_by, sizeof(o.recorded_by), c->who->name);
        int64_t id = 0;
        if (m8_store_objection_add(c->app->db, &o, &id) != GL_OK)
                return db_fail(c, "记录异议", err);
        json_object_set_new(c->audit, "objection", json_integer((json_int_t)id));
        return GL_OK;
}

/* m8.decide_objection: the objection dismissed (the publication goes on) or upheld (not
 * listed), with the reason. */
static int effect_decide_objection(struct case_ctx *c, struct gl_error *err)
{
        bool upheld = strcmp(c->action->name, "uphold_objection") == 0;
        struct m8_objection o = {.id = m8(c)->objection,
                                 .case_id = c->row->id,
                                 .decided_on = c->in->today,
                                 .decision = c->in->reason};
        copy(o.status, sizeof(o.status), upheld ? "upheld" : "dismissed");
        copy(o.decided_by, sizeof(o.decided_by), c->who->name);
        int rc = m8_store_objection_decide(c->app->db, &o);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ECONFLICT, "objection", "异议已被处理 (decided meanwhile)");
        if (rc != GL_OK)
                return db_fail(c, "处理异议", err);
        json_object_set_new(c->audit, "objection",
                            json_pack("{s:I, s:s}", "id", (json_int_t)o.id, "status", o.status));
        return GL_OK;
}

/* m8.list: on the list from today (sites.listed, listed_on). */
static int effect_list(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = m8(c);
        x->a.listed_on = c->in->today;
        x->site.listed = true;
        x->site.listed_on = c->in->today;
        x->site.removed_on = GL_DATE_NONE;
        x->site.removed_reason[0] = '\0';
        return save_site(c, NULL, err);
}

/* m8.adjust: the site's data changed by the list's leads, each field recorded with the reason. */
static int effect_adjust(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = m8(c);
        struct m8_site_input in = {.project = case_ctx_field(c, "project"),
                                   .builder_name = case_ctx_field(c, "builder_name"),
                                   .earthwork_m2 = case_ctx_field(c, "earthwork_m2")};
        struct m8_site_values before = x->site.v;
        int rc = m8_site_change(c->pack, c->in->today, &in, &x->site.v, err);
        json_t *extra = json_object();
        size_t changed = 0;
        if (rc == GL_OK && extra == NULL)
                rc = nomem(err);
        if (rc == GL_OK)
                rc = site_record_changes(c->app, c->who, x->site.id, c->in->today, &before,
                                         &x->site.v, c->in->reason, c->row->id, extra, &changed,
                                         err);
        if (rc == GL_OK && changed == 0)
                rc =
                    gl_fail(err, GL_EINVAL, "fields", "调整的内容与清单所列相同 (nothing changes)");
        if (rc != GL_OK) {
                json_decref(extra);
                return rc;
        }
        return save_site(c, extra, err);
}

/* m8.remove: off the list, with the reason. */
static int effect_remove(struct case_ctx *c, struct gl_error *err)
{
        off_list(&m8(c)->site, c->in->today, c->in->reason);
        return save_site(c, NULL, err);
}

/* m8.dust_failed: the dust check recorded as an inspection of the listed site (its reason, by its
 * verifier's unit), the site's dust control failed, and the site off the list with what was
 * found. */
static int effect_dust_failed(struct case_ctx *c, struct gl_error *err)
{
        struct m8_ext *x = m8(c);
        struct m8_member m = member_of(c->who);
        const char *reason = case_ctx_field(c, "inspection_reason");
        char code[48];
        int rc =
            m8_inspection_allowed(c->pack, c->in->today, true,
                                  given(reason) ? reason : "dust_recheck", code, sizeof(code), err);
        if (rc != GL_OK)
                return rc;
        const char *note = case_ctx_field(c, "note");
        struct site_inspection i = {.site_id = x->site.id,
                                    .inspected_on = c->in->today,
                                    .listed = true,
                                    .note = given(note) ? note : c->in->reason,
                                    .case_id = c->row->id};
        copy(i.reason, sizeof(i.reason), code);
        copy(i.unit, sizeof(i.unit),
             c->who->role == ROLE_SYSTEM ? "system" : m8_unit_of(c->pack, &m));
        copy(i.inspector, sizeof(i.inspector), c->who->name);
        copy(i.inspector_role, sizeof(i.inspector_role), role_name(c->who->role));
        copy(i.dust_result, sizeof(i.dust_result), "failed");
        app_now_iso(i.created_at);
        int64_t made = 0;
        if (site_store_add_inspection(c->app->db, &i, &made) != GL_OK)
                return db_fail(c, "记录检查", err);
        copy(x->site.dust_control, sizeof(x->site.dust_control), "failed");
        x->site.dust_checked_on = c->in->today;
        char why[sizeof(x->site.removed_reason)];
        const char *found = c->in->reason ? c->in->reason : "";
        if (strlen(found) + 64 >= sizeof(why))
                return gl_fail(err, GL_EINVAL, "reason", "理由过长 (too long)");
        memcpy(why, "扬尘防治核查不合格：", strlen("扬尘防治核查不合格："));
        copy(why + strlen("扬尘防治核查不合格："), sizeof(why) - strlen("扬尘防治核查不合格："),
             found);
        off_list(&x->site, c->in->today, why);
        return save_site(c, json_pack("{s:I, s:s}", "inspection", (json_int_t)made, "reason", code),
                         err);
}

/* m8.finish: the project is finished (竣工): the site leaves the list and is built no more. */
static int effect_finish(struct case_ctx *c, struct gl_error *err)
{
        struct site_row *s = &m8(c)->site;
        copy(s->status, sizeof(s->status), "finished");
        s->finished_on = c->in->today;
        off_list(s, c->in->today, given(c->in->reason) ? c->in->reason : "项目竣工");
        return save_site(c, NULL, err);
}

const struct case_hook m8_effects[] = {
    {"m8.apply", effect_apply},   {"m8.review", effect_review},
    {"m8.close", effect_close},   {"m8.publish", effect_publish},
    {"m8.object", effect_object}, {"m8.decide_objection", effect_decide_objection},
    {"m8.list", effect_list},     {"m8.adjust", effect_adjust},
    {"m8.remove", effect_remove}, {"m8.dust_failed", effect_dust_failed},
    {"m8.finish", effect_finish}, {NULL, NULL},
};

const struct case_length_hook m8_lengths[] = {{NULL, NULL}};

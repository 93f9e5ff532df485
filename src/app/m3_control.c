/*
 * Measure 3's own code on the procedure engine (三个禁用; the procedure is "m3.control" in the
 * pack): the extension that loads and saves what a control measure keeps (m3_controls), the named
 * guards (the unit is one of the registry, the kind fits it, the dates hold together, and the
 * bans of core/m3_control.c allow the measure — now, or once a leader approves it for a major
 * risk), the effects that record the proposal, the approval or refusal, the lifting and the end
 * of the term, the length of the term's deadline (to its last day), the check of the pack's
 * declaration, and the use cases and reads of app/control.h.
 *
 * The decision is taken once more inside the step's transaction, on the facts as they stand then
 * (the unit, its alerts through app/m3_alert_days.c, the measure-2 case named), so that a check
 * made before it cannot let a measure through that the bans now forbid. The explanation and the
 * facts it used are kept with the measure.
 */
#include "../core/calendar.h"
#include "../core/m3_control.h"
#include "../core/policy.h"
#include "../core/uscc.h"
#include "../store/control_store.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"
#include "case_hooks.h"
#include "control.h"
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

static int db_fail(struct app *app, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(app->db));
}

static int nomem(struct gl_error *err)
{
        return gl_fail(err, GL_ENOMEM, "", "out of memory");
}

static struct m3_control *m3(struct case_ctx *c)
{
        return c->ext;
}

/* ---- what a proposal is: parsed, checked, decided ---- */

/* A proposal as the step or the check brings it. */
struct control_input {
        const char *uscc; /* NULL or "" for a site */
        int64_t site_id;
        const char *kind, *other_kind, *from, *to;
        int64_t malicious_case;
        const char *major_risk;
        size_t evidence;
        gl_date today;
};

/* The unit as found: the enterprise, or the site with its builder. */
struct unit_found {
        struct enterprise e; /* the enterprise; for a site, its builder when in the registry */
        bool builder_registered;
        struct m3_site s;
};

/* The field of the opening action that lists the other kinds. */
static const struct procedure_field *other_field(const struct app *app)
{
        const struct procedure *p = procedure_find(app->pack, M3_PROCEDURE);
        const struct procedure_action *a = p ? procedure_action_find(p, "propose") : NULL;
        for (size_t i = 0; a && i < a->nfields; i++)
                if (strcmp(a->fields[i].name, "other_kind") == 0)
                        return &a->fields[i];
        return NULL;
}

const char *app_control_other_label(const struct app *app, const char *other_kind, bool english)
{
        const struct procedure_field *f = given(other_kind) ? other_field(app) : NULL;
        const struct procedure_option *o = f ? procedure_option_find(f, other_kind) : NULL;
        if (o == NULL)
                return NULL;
        return english ? (o->label_en ? o->label_en : o->value) : o->label_zh;
}

static int find_unit(struct app *app, const struct control_input *in, struct unit_found *u,
                     struct gl_error *err)
{
        memset(u, 0, sizeof(*u));
        if (given(in->uscc) && in->site_id != 0)
                return gl_fail(err, GL_EINVAL, "site",
                               "管控对象只能是一家企业或一个施工工地：不能同时填写统一社会信用代码"
                               "和工地编号 (an enterprise or a site, not both)");
        if (in->site_id < 0)
                return gl_fail(err, GL_EINVAL, "site", "工地编号无效 (not a site number)");
        if (in->site_id > 0) {
                int rc = control_store_site(app->db, in->site_id, &u->s);
                if (rc == GL_ENOTFOUND)
                        return gl_fail(err, GL_EINVAL, "site", "没有施工工地 %lld (no such site)",
                                       (long long)in->site_id);
                if (rc != GL_OK)
                        return db_fail(app, "读取施工工地", err);
                rc = enterprise_store_get(app->db, u->s.builder_uscc, &u->e);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return db_fail(app, "读取企业", err);
                u->builder_registered = rc == GL_OK;
                return GL_OK;
        }
        if (!given(in->uscc))
                return gl_fail(err, GL_EINVAL, "uscc",
                               "缺少管控对象：企业的统一社会信用代码或施工工地编号 (name the "
                               "enterprise or the site)");
        int rc = enterprise_store_get(app->db, in->uscc, &u->e);
        if (rc != GL_ENOTFOUND)
                return rc == GL_OK ? GL_OK : db_fail(app, "读取企业", err);
        struct gl_error uerr = {0};
        if (!uscc_is_valid(in->uscc, &uerr))
                return gl_fail(err, GL_EINVAL, "uscc", "统一社会信用代码无效：%s", uerr.message);
        return gl_fail(err, GL_EINVAL, "uscc", "企业登记库中没有 %s (no such enterprise)",
                       in->uscc);
}

static int date_of(const char *text, const char *field, const char *label, gl_date *out,
                   struct gl_error *err)
{
        if (!given(text))
                return gl_fail(err, GL_EINVAL, field, "缺少%s (%s missing)", label, field);
        if (date_parse_iso(text, out) != GL_OK)
                return gl_fail(err, GL_EINVAL, field, "%s“%s”无效：应为 YYYY-MM-DD (not a date)",
                               label, text);
        return GL_OK;
}

/* The kind and the other kind, for the unit. */
static int kind_of(struct app *app, const struct control_input *in, bool site, enum m3_kind *out,
                   struct gl_error *err)
{
        if (!given(in->kind))
                return gl_fail(err, GL_EINVAL, "kind", "缺少管控手段 (kind missing)");
        int k = m3_kind_from_name(in->kind);
        if (k < 0)
                return gl_fail(err, GL_EINVAL, "kind",
                               "管控手段“%s”无效：应为 restrict_production（限产）、"
                               "halt_production（停产）、stop_work（停工）或 other（其他不停产的"
                               "措施） (unknown kind)",
                               in->kind);
        if (site && (k == M3_RESTRICT_PRODUCTION || k == M3_HALT_PRODUCTION))
                return gl_fail(err, GL_EINVAL, "kind",
                               "施工工地的管控手段为停工（stop_work）或其他措施，不是%s (a site "
                               "stops work)",
                               m3_kind_label_zh((enum m3_kind)k));
        if (!site && k == M3_STOP_WORK)
                return gl_fail(err, GL_EINVAL, "kind",
                               "停工（stop_work）用于施工工地；对企业请选择限产或停产 (an "
                               "enterprise restricts or halts production)");
        if (given(in->other_kind)) {
                if (k != M3_OTHER)
                        return gl_fail(err, GL_EINVAL, "other_kind",
                                       "只有“其他不停产的管控措施”才选择措施类型 (other kinds "
                                       "only)");
                if (app_control_other_label(app, in->other_kind, false) == NULL)
                        return gl_fail(err, GL_EINVAL, "other_kind",
                                       "其他管控措施的类型“%s”不在政策包中 (unknown)",
                                       in->other_kind);
        }
        *out = (enum m3_kind)k;
        return GL_OK;
}

static json_t *alert_day_json(gl_date on, const struct m3_alert_day *d)
{
        char day[11];
        return json_pack("{s:s, s:I, s:i, s:i, s:b, s:b, s:i, s:b, s:s}", "on",
                         date_format_iso(on, day), "alert_id", (json_int_t)d->alert_id, "version",
                         d->alert_version, "level", d->level, "halted", d->halted,
                         "production_limited", d->production_limited, "limit_percent",
                         d->limit_percent, "listed_site", d->listed_site, "row", d->row);
}

/* The facts a decision used, kept beside it; pack the one it was decided on. */
static json_t *inputs_json(const struct policy_pack *pack, const struct m3_request *r,
                           const struct m3_decision *d)
{
        char a[11], b[11];
        json_t *days = json_array();
        for (size_t i = 0; days && i < r->ndays; i++)
                if (r->days[i].in_alert)
                        json_array_append_new(
                            days, alert_day_json(r->alert_from + (gl_date)i, &r->days[i]));
        json_t *o = json_pack(
            "{s:s, s:i, s:{s:b, s:s, s:s, s:b, s:b, s:b}, s:[s, s], s:I, s:o, s:I}", "pack",
            pack->id, "pack_version", pack->version, "unit", "site", r->unit.site, "township",
            r->unit.township ? r->unit.township : "", "party_uscc",
            r->unit.party_uscc ? r->unit.party_uscc : "", "air_emitter", r->unit.air_emitter,
            "under_construction", r->unit.under_construction, "listed", r->unit.listed, "window",
            d->window_from != GL_DATE_NONE ? date_format_iso(d->window_from, a) : "",
            d->window_to != GL_DATE_NONE ? date_format_iso(d->window_to, b) : "", "days_in_window",
            (json_int_t)r->ndays, "alert_days", days ? days : json_array(), "evidence",
            (json_int_t)r->evidence);
        if (o && r->malicious)
                json_object_set_new(
                    o, "malicious_case",
                    json_pack("{s:I, s:b, s:s, s:s, s:b, s:i}", "id", (json_int_t)r->malicious->id,
                              "found", r->malicious->found, "number",
                              r->malicious->number ? r->malicious->number : "", "party_uscc",
                              r->malicious->party_uscc ? r->malicious->party_uscc : "", "malicious",
                              r->malicious->malicious, "status", (int)r->malicious->status));
        static const char *const readings[] = {"m3.window_rule",     "m3.alert_rule",
                                               "m3.malicious_cases", "m3.major_risk_approved_by",
                                               "m3.site_reach",      "m3.applies_to"};
        json_t *params = json_object();
        for (size_t i = 0; o && params && i < GL_ARRAY_LEN(readings); i++) {
                const char *v = NULL;
                if (policy_param_text(pack, readings[i], r->from, &v) == GL_OK)
                        json_object_set_new(params, readings[i], json_string(v));
        }
        int64_t lifted = 0;
        if (params && policy_param_int(pack, "m3.lifted_during_alert", r->from, &lifted) == GL_OK)
                json_object_set_new(params, "m3.lifted_during_alert", json_integer(lifted));
        if (o)
                json_object_set_new(o, "params", params ? params : json_object());
        else
                json_decref(params);
        return o;
}

static enum m3_case_status case_status(const struct m3_m2_case *c)
{
        if (c->open)
                return M3_CASE_OPEN;
        if (strcmp(c->outcome, "referred") == 0)
                return M3_CASE_REFERRED;
        if (strcmp(c->outcome, "exempt") == 0)
                return M3_CASE_EXEMPT;
        return M3_CASE_WITHDRAWN;
}

/*
 * Checks in and decides it on the facts in the database now (inside the caller's transaction).
 * Fills m (when not NULL) with the unit, the kind, the dates and the decision; *u receives the
 * unit found.
 */
static int assess(struct app *app, const struct policy_pack *pack, const struct control_input *in,
                  struct unit_found *u, struct m3_control *m, struct m3_decision *d,
                  struct gl_error *err)
{
        int rc = find_unit(app, in, u, err);
        bool site = in->site_id > 0;
        enum m3_kind kind = M3_OTHER;
        gl_date from = GL_DATE_NONE, to = GL_DATE_NONE;
        if (rc == GL_OK)
                rc = kind_of(app, in, site, &kind, err);
        if (rc == GL_OK)
                rc = date_of(in->from, "from", "管控开始日期", &from, err);
        if (rc == GL_OK)
                rc = date_of(in->to, "to", "管控结束日期", &to, err);
        if (rc != GL_OK)
                return rc;
        char a[11], b[11];
        if (to < from)
                return gl_fail(err, GL_EINVAL, "to",
                               "管控结束日期 %s 早于开始日期 %s (the last day is before the first)",
                               date_format_iso(to, a), date_format_iso(from, b));
        if (from < in->today)
                return gl_fail(err, GL_EINVAL, "from",
                               "管控开始日期 %s 早于决定之日 %s：管控措施自决定之日起采取，不追溯 "
                               "(a measure starts no earlier than it is decided)",
                               date_format_iso(from, a), date_format_iso(in->today, b));
        if (in->malicious_case < 0)
                return gl_fail(err, GL_EINVAL, "malicious_case",
                               "案件编号无效 (not a case number)");
        if (given(in->major_risk) && strlen(in->major_risk) > M3_TEXT_MAX)
                return gl_fail(err, GL_EINVAL, "major_risk",
                               "重大环境风险隐患说明过长：至多 %d 字节 (too long)", M3_TEXT_MAX);

        /* The rules of the unit's county's pack (a case's own when it runs on one). */
        if (pack == NULL)
                pack = app_pack_for(app, site ? u->s.division : u->e.division);
        gl_date first = GL_DATE_NONE, wf, wt;
        size_t ndays = 0;
        if ((rc = m3_window_days(pack, from, to, &first, &ndays, &wf, &wt, err)) != GL_OK)
                return rc;
        struct m3_alert_day *days = calloc(ndays ? ndays : 1, sizeof(*days));
        if (days == NULL)
                return nomem(err);
        if (ndays > 0 &&
            (rc = m3_alert_days(app, site ? NULL : u->e.uscc, site ? u->s.id : 0, first,
                                first + (gl_date)(ndays - 1), days, (int)ndays, err)) != GL_OK) {
                free(days);
                return rc;
        }
        struct m3_m2_case mc;
        struct m3_case_fact fact = {.id = in->malicious_case};
        if (in->malicious_case > 0) {
                rc = control_store_m2_case(app->db, in->malicious_case, &mc);
                if (rc != GL_OK && rc != GL_ENOTFOUND) {
                        free(days);
                        return db_fail(app, "读取执法案件", err);
                }
                if (rc == GL_OK) {
                        fact.found = true;
                        fact.number = mc.case_number;
                        fact.party_uscc = mc.party_uscc;
                        fact.malicious = mc.malicious;
                        fact.status = case_status(&mc);
                }
        }
        const char *other = app_control_other_label(app, in->other_kind, false);
        struct m3_request r = {.kind = kind,
                               .other_label = other,
                               .from = from,
                               .to = to,
                               .unit = {.site = site,
                                        .name = site ? u->s.project : u->e.name,
                                        .township = site ? u->s.township : u->e.township,
                                        .party_uscc = site ? u->s.builder_uscc : u->e.uscc,
                                        .air_emitter = !site && u->e.air_emitter,
                                        .under_construction = site && u->s.under_construction,
                                        .listed = site && u->s.listed},
                               .days = days,
                               .ndays = ndays,
                               .alert_from = first,
                               .malicious = in->malicious_case > 0 ? &fact : NULL,
                               .major_risk = in->major_risk,
                               .evidence = in->evidence};
        rc = m3_decide(pack, &r, d, err);
        if (rc != GL_OK || m == NULL) {
                free(days);
                return rc;
        }
        copy(m->unit_kind, sizeof(m->unit_kind), site ? "site" : "enterprise");
        copy(m->uscc, sizeof(m->uscc), r.unit.party_uscc);
        m->site_id = site ? u->s.id : 0;
        copy(m->unit_name, sizeof(m->unit_name), r.unit.name);
        copy(m->township, sizeof(m->township), r.unit.township);
        copy(m->kind, sizeof(m->kind), m3_kind_name(kind));
        copy(m->other_kind, sizeof(m->other_kind), kind == M3_OTHER ? in->other_kind : "");
        m->starts_on = from;
        m->ends_on = to;
        copy(m->outcome, sizeof(m->outcome), m3_outcome_name(d->outcome));
        copy(m->ground, sizeof(m->ground), m3_ground_name(d->ground));
        copy(m->exception, sizeof(m->exception), m3_ground_exception(d->ground));
        m->malicious_case = d->ground == M3_GROUND_MALICIOUS ? in->malicious_case : 0;
        json_t *lines = json_array();
        for (size_t i = 0; lines && i < d->nlines; i++)
                json_array_append_new(lines, json_string(d->lines[i]));
        json_t *facts = inputs_json(pack, &r, d);
        free(days);
        char *lt = lines ? json_dumps(lines, JSON_COMPACT) : NULL;
        char *ft = facts ? json_dumps(facts, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(lines);
        json_decref(facts);
        rc =
            lt && ft && m3_control_set(&m->explanation, lt) == GL_OK &&
                    m3_control_set(&m->inputs, ft) == GL_OK &&
                    m3_control_set(&m->major_risk,
                                   d->ground == M3_GROUND_MAJOR_RISK ? in->major_risk : "") == GL_OK
                ? GL_OK
                : nomem(err);
        free(lt);
        free(ft);
        return rc;
}

/* The refusal said in one message: the refusing line (measure 3 and its clauses). */
static int refused(const struct m3_decision *d, struct gl_error *err)
{
        const char *line = d->nlines ? d->lines[d->nlines - 1] : "";
        for (size_t i = 0; i < d->nlines; i++)
                if (strncmp(d->lines[i], "不得采取", strlen("不得采取")) == 0)
                        line = d->lines[i];
        return gl_fail(err, GL_ESTATE, "kind", "%s (refused by measure 3, the three bans)", line);
}

/* ---- the extension ---- */

static int m3_load(struct case_ctx *c, struct gl_error *err)
{
        struct m3_control *m = calloc(1, sizeof(*m));
        if (m == NULL)
                return nomem(err);
        m3_control_init(m);
        c->ext = m;
        if (c->opening)
                return GL_OK;
        int rc = control_store_get(c->app->db, c->row->id, m);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ESTATE, "", "案件 %lld 缺少管控措施记录",
                               (long long)c->row->id);
        return rc == GL_OK ? GL_OK : db_fail(c->app, "读取管控措施", err);
}

static int m3_save(struct case_ctx *c, struct gl_error *err)
{
        struct m3_control *m = m3(c);
        m->case_id = c->row->id;
        int rc =
            c->opening ? control_store_insert(c->app->db, m) : control_store_update(c->app->db, m);
        if (rc != GL_OK)
                return db_fail(c->app, "保存管控措施", err);
        char a[11], b[11];
        json_object_set_new(c->audit, "unit_kind", json_string(m->unit_kind));
        json_object_set_new(c->audit, "unit_uscc", json_string(m->uscc));
        if (m->site_id > 0)
                json_object_set_new(c->audit, "site", json_integer((json_int_t)m->site_id));
        json_object_set_new(c->audit, "kind", json_string(m->kind));
        json_object_set_new(c->audit, "starts_on", json_string(date_format_iso(m->starts_on, a)));
        json_object_set_new(c->audit, "ends_on", json_string(date_format_iso(m->ends_on, b)));
        json_object_set_new(c->audit, "ground", json_string(m->ground));
        json_object_set_new(c->audit, "exception", json_string(m->exception));
        if (m->malicious_case > 0)
                json_object_set_new(c->audit, "malicious_case",
                                    json_integer((json_int_t)m->malicious_case));
        return GL_OK;
}

static void m3_release(struct case_ctx *c)
{
        struct m3_control *m = m3(c);
        if (m == NULL)
                return;
        m3_control_clear(m);
        free(m);
        c->ext = NULL;
}

static int bad_key(struct gl_error *err, const char *path, const char *why)
{
        return gl_fail(err, GL_EINVAL, path, "%s: %s", path, why);
}

/*
 * What measure 3's code needs of its procedure: the opening actions propose and
 * propose_major_risk with the fields it reads (kind with exactly the kinds of core/m3_control.h),
 * the leader's approve taken by the role m3.major_risk_approved_by names, and the term deadline
 * whose length is m3.term_length.
 */
static int m3_check_pack(const struct policy_pack *pack, const struct procedure *proc,
                         struct gl_error *err)
{
        (void)pack;
        char path[160];
        static const char *const opening[] = {"propose", "propose_major_risk"};
        static const char *const fields[] = {"site", "kind",           "other_kind", "from",
                                             "to",   "malicious_case", "major_risk"};
        for (size_t i = 0; i < GL_ARRAY_LEN(opening); i++) {
                const struct procedure_action *a = procedure_action_find(proc, opening[i]);
                snprintf(path, sizeof(path), "procedures.%s.actions", proc->name);
                if (a == NULL || !a->opens)
                        return bad_key(err, path,
                                       "measure 3 opens a control measure with propose and "
                                       "propose_major_risk (缺少开启操作)");
                for (size_t k = 0; k < GL_ARRAY_LEN(fields); k++) {
                        bool found = false;
                        for (size_t f = 0; f < a->nfields && !found; f++)
                                found = strcmp(a->fields[f].name, fields[k]) == 0;
                        if (!found) {
                                snprintf(path, sizeof(path), "procedures.%s.actions.%s.fields",
                                         proc->name, opening[i]);
                                return bad_key(err, path,
                                               "a field measure 3 reads is missing (缺少字段)");
                        }
                        const struct procedure_field *kf = &a->fields[0];
                        for (size_t f = 0; f < a->nfields; f++)
                                if (strcmp(a->fields[f].name, "kind") == 0)
                                        kf = &a->fields[f];
                        if (strcmp(fields[k], "kind") != 0)
                                continue;
                        bool exact =
                            kf->type == PROCEDURE_FIELD_CHOICE && kf->noptions == M3_KIND_COUNT_;
                        for (int kind = 0; exact && kind < M3_KIND_COUNT_; kind++)
                                exact = procedure_option_find(kf, m3_kind_name((enum m3_kind)kind));
                        if (!exact) {
                                snprintf(path, sizeof(path), "procedures.%s.actions.%s.kind",
                                         proc->name, opening[i]);
                                return bad_key(err, path,
                                               "the kinds are restrict_production, "
                                               "halt_production, stop_work and other (管控手段)");
                        }
                }
        }
        const struct procedure_action *approve = procedure_action_find(proc, "approve");
        if (approve == NULL || !(approve->roles & PROCEDURE_ROLE_BIT(ROLE_COUNTY_LEADER))) {
                snprintf(path, sizeof(path), "procedures.%s.actions.approve", proc->name);
                return bad_key(err, path,
                               "a leader of the branch approves a measure for a major risk "
                               "(m3.major_risk_approved_by: county_leader)");
        }
        const struct procedure_deadline *term = procedure_deadline_find(proc, "term");
        if (term == NULL || term->length_hook == NULL ||
            strcmp(term->length_hook, "m3.term_length") != 0) {
                snprintf(path, sizeof(path), "procedures.%s.deadlines", proc->name);
                return bad_key(err, path,
                               "the term runs to the measure's last day (term, length "
                               "m3.term_length)");
        }
        return GL_OK;
}

const struct case_extension m3_extension = {.procedure = M3_PROCEDURE,
                                            .audit_entity = "case",
                                            .load = m3_load,
                                            .save = m3_save,
                                            .release = m3_release,
                                            .check_pack = m3_check_pack};

/* ---- guards ---- */

static int64_t int_field(struct case_ctx *c, const char *name)
{
        const char *v = case_ctx_field(c, name);
        return given(v) ? strtoll(v, NULL, 10) : 0;
}

/* The proposal the opening step brings, decided; the case's party set from the unit. */
static int decide_opening(struct case_ctx *c, struct m3_decision *d, struct gl_error *err)
{
        struct control_input in = {.uscc = c->row->uscc,
                                   .site_id = int_field(c, "site"),
                                   .kind = case_ctx_field(c, "kind"),
                                   .other_kind = case_ctx_field(c, "other_kind"),
                                   .from = case_ctx_field(c, "from"),
                                   .to = case_ctx_field(c, "to"),
                                   .malicious_case = int_field(c, "malicious_case"),
                                   .major_risk = case_ctx_field(c, "major_risk"),
                                   .evidence = c->in->ndocs,
                                   .today = c->in->today};
        if (c->in->reason && strlen(c->in->reason) > M3_TEXT_MAX)
                return gl_fail(err, GL_EINVAL, "reason", "管控理由过长：至多 %d 字节 (too long)",
                               M3_TEXT_MAX);
        struct unit_found u;
        int rc = assess(c->app, c->pack, &in, &u, m3(c), d, err);
        if (rc != GL_OK)
                return rc;
        if (in.site_id > 0) {
                /* The site's party is its builder: the registry's enterprise, or named. */
                struct case_row *row = c->row;
                copy(row->uscc, sizeof(row->uscc), u.builder_registered ? u.s.builder_uscc : "");
                copy(row->subject_uscc, sizeof(row->subject_uscc),
                     u.builder_registered ? "" : u.s.builder_uscc);
                copy(row->subject_name, sizeof(row->subject_name),
                     u.builder_registered ? "" : u.s.builder_name);
        }
        return GL_OK;
}

/* m3.may_propose: the bans allow the measure now. */
static int may_propose(struct case_ctx *c, struct gl_error *err)
{
        struct m3_decision *d = malloc(sizeof(*d));
        if (d == NULL)
                return nomem(err);
        int rc = decide_opening(c, d, err);
        if (rc == GL_OK && d->outcome == M3_REFUSED)
                rc = refused(d, err);
        else if (rc == GL_OK && d->outcome == M3_AWAITS_APPROVAL)
                rc = gl_fail(err, GL_ESTATE, "action",
                             "以重大环境风险隐患为由的管控措施须报分局领导批准：请选择“%s” (a "
                             "measure for a major risk awaits the leader: propose_major_risk)",
                             "以重大环境风险隐患报分局领导批准");
        free(d);
        return rc;
}

/* m3.may_propose_major_risk: only the major risk allows the measure, and a leader decides. */
static int may_propose_major_risk(struct case_ctx *c, struct gl_error *err)
{
        struct m3_decision *d = malloc(sizeof(*d));
        if (d == NULL)
                return nomem(err);
        int rc = decide_opening(c, d, err);
        if (rc == GL_OK && d->outcome == M3_REFUSED)
                rc = refused(d, err);
        else if (rc == GL_OK && d->outcome == M3_ALLOWED)
                rc = gl_fail(err, GL_ESTATE, "action",
                             "“三个禁用”已允许该管控措施（%s），无须报领导批准：请直接决定采取 "
                             "(allowed already: propose)",
                             m3_ground_name(d->ground));
        free(d);
        return rc;
}

/* m3.may_approve: the measure's term has not passed. */
static int may_approve(struct case_ctx *c, struct gl_error *err)
{
        const struct m3_control *m = m3(c);
        char a[11], b[11];
        if (c->in->today > m->ends_on)
                return gl_fail(err, GL_ESTATE, "today",
                               "管控结束日期 %s 已过（批准日 %s）：请重新提出 (the term is over)",
                               date_format_iso(m->ends_on, a), date_format_iso(c->in->today, b));
        return GL_OK;
}

const struct case_hook m3_guards[] = {
    {"m3.may_propose", may_propose},
    {"m3.may_propose_major_risk", may_propose_major_risk},
    {"m3.may_approve", may_approve},
    {NULL, NULL},
};

/* ---- effects ---- */

static int effect_propose(struct case_ctx *c, struct gl_error *err)
{
        struct m3_control *m = m3(c);
        copy(m->proposed_by, sizeof(m->proposed_by), c->who->name);
        m->proposed_on = c->in->today;
        if (strcmp(m->outcome, "allowed") == 0)
                m->effective_from = m->starts_on;
        return m3_control_set(&m->reason, c->in->reason) == GL_OK ? GL_OK : nomem(err);
}

static int effect_decide(struct case_ctx *c, bool approved, struct gl_error *err)
{
        struct m3_control *m = m3(c);
        copy(m->decided_by, sizeof(m->decided_by), c->who->name);
        m->decided_on = c->in->today;
        if (approved)
                m->effective_from = c->in->today > m->starts_on ? c->in->today : m->starts_on;
        return m3_control_set(&m->decision_reason, c->in->reason) == GL_OK ? GL_OK : nomem(err);
}

static int effect_approve(struct case_ctx *c, struct gl_error *err)
{
        return effect_decide(c, true, err);
}

static int effect_refuse(struct case_ctx *c, struct gl_error *err)
{
        return effect_decide(c, false, err);
}

static int effect_lift(struct case_ctx *c, struct gl_error *err)
{
        struct m3_control *m = m3(c);
        copy(m->lifted_by, sizeof(m->lifted_by), c->who->name);
        m->lifted_on = c->in->today;
        return m3_control_set(&m->lift_reason, c->in->reason) == GL_OK ? GL_OK : nomem(err);
}

static int effect_finish(struct case_ctx *c, struct gl_error *err)
{
        (void)err;
        m3(c)->finished_on = c->in->today;
        return GL_OK;
}

const struct case_hook m3_effects[] = {
    {"m3.propose", effect_propose}, {"m3.approve", effect_approve}, {"m3.refuse", effect_refuse},
    {"m3.lift", effect_lift},       {"m3.finish", effect_finish},   {NULL, NULL},
};

/*
 * m3.term_length: the term runs to the measure's last day — the working days from the step's day
 * to it, and one more when the last day is a day off (a deadline falls on a working day: the
 * first after it). A measure whose last day has passed has a term of 0 days.
 */
static int term_length(struct case_ctx *c, const struct procedure_deadline *d, int *n, char *param,
                       size_t param_size, struct gl_error *err)
{
        (void)d;
        (void)err;
        const struct m3_control *m = m3(c);
        bool prov = false;
        int days = 0;
        if (m->ends_on >= c->in->today) {
                days = calendar_working_days_between(c->app->cal, c->in->today, m->ends_on, &prov);
                if (!calendar_is_working_day(c->app->cal, m->ends_on, &prov))
                        days++;
        }
        *n = days;
        copy(param, param_size, "m3_controls.ends_on");
        return GL_OK;
}

const struct case_length_hook m3_lengths[] = {{"m3.term_length", term_length}, {NULL, NULL}};

/* ---- the use cases ---- */

static bool checker(const struct actor *who)
{
        return who && (who->role == ROLE_COUNTY_OFFICER || who->role == ROLE_COUNTY_LEGAL ||
                       who->role == ROLE_COUNTY_LEADER || who->role == ROLE_CITY_OFFICER ||
                       who->role == ROLE_ADMIN || who->role == ROLE_SYSTEM);
}

static struct control_input input_of(const struct control_proposal *p, size_t evidence)
{
        return (struct control_input){.uscc = p->uscc,
                                      .site_id = p->site_id,
                                      .kind = p->kind,
                                      .other_kind = p->other_kind,
                                      .from = p->from,
                                      .to = p->to,
                                      .malicious_case = p->malicious_case,
                                      .major_risk = p->major_risk,
                                      .evidence = evidence,
                                      .today = p->today};
}

int app_control_check(struct app *app, const struct actor *who, const struct control_proposal *p,
                      struct m3_decision *out, struct gl_error *err)
{
        const struct procedure *proc = procedure_find(app_scope_pack(app, who), M3_PROCEDURE);
        if (!checker(who) || proc == NULL || !app_scope_procedure(who, proc))
                return gl_fail(err, GL_EPERM, "",
                               "%s无权核对管控措施 (your role may not check a control measure)",
                               who ? role_label_zh(who->role) : "");
        if (p->today == GL_DATE_NONE)
                return gl_fail(err, GL_EINVAL, "today", "缺少办理日期");
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取", err);
        struct unit_found u;
        struct control_input in = input_of(p, p->evidence > p->ndocs ? p->evidence : p->ndocs);
        int rc = assess(app, NULL, &in, &u, NULL, out, err);
        db_rollback(app->db);
        return rc;
}

int app_control_propose(struct app *app, const struct actor *who, const struct control_proposal *p,
                        int64_t *id, struct m3_decision *out, struct gl_error *err)
{
        struct m3_decision *d = out ? out : malloc(sizeof(*d));
        if (d == NULL)
                return nomem(err);
        const struct procedure *proc = procedure_find(app_scope_pack(app, who), M3_PROCEDURE);
        const struct procedure_action *a = proc ? procedure_action_find(proc, "propose") : NULL;
        int rc = GL_OK;
        if (a == NULL || !app_case_may_open(app, who, proc, a, p->today))
                rc = gl_fail(err, GL_EPERM, "",
                             "%s不能决定采取管控措施 (your role may not propose a control "
                             "measure)",
                             who ? role_label_zh(who->role) : "");
        else if (!given(p->reason))
                rc = gl_fail(err, GL_EINVAL, "reason", "缺少管控理由 (reason missing)");
        if (rc == GL_OK) {
                struct control_proposal q = *p;
                q.evidence = p->ndocs;
                rc = app_control_check(app, who, &q, d, err);
        }
        if (rc == GL_OK && d->outcome == M3_REFUSED)
                rc = refused(d, err);
        if (rc != GL_OK) {
                if (d != out)
                        free(d);
                return rc;
        }
        char site[24] = "", mcase[24] = "";
        if (p->site_id > 0)
                snprintf(site, sizeof(site), "%lld", (long long)p->site_id);
        if (p->malicious_case > 0)
                snprintf(mcase, sizeof(mcase), "%lld", (long long)p->malicious_case);
        struct case_field fields[7];
        size_t n = 0;
        struct {
                const char *name, *value;
        } all[] = {{"site", site},
                   {"kind", p->kind},
                   {"other_kind", p->other_kind},
                   {"from", p->from},
                   {"to", p->to},
                   {"malicious_case", mcase},
                   {"major_risk", p->major_risk}};
        for (size_t i = 0; i < GL_ARRAY_LEN(all); i++)
                if (given(all[i].value))
                        fields[n++] = (struct case_field){all[i].name, all[i].value};
        struct case_step_input in = {
            .action = d->outcome == M3_AWAITS_APPROVAL ? "propose_major_risk" : "propose",
            .reason = p->reason,
            .fields = fields,
            .nfields = n,
            .docs = p->docs,
            .ndocs = p->ndocs,
            .today = p->today};
        rc = app_case_open(app, who, M3_PROCEDURE, p->site_id > 0 ? NULL : p->uscc, &in, id, err);
        if (d != out)
                free(d);
        return rc;
}

/* ---- reads ---- */

const char *control_phase_name(enum control_phase p)
{
        static const char *const names[] = {
            "awaiting_approval", "scheduled", "in_effect", "expired", "lifted",
            "finished",          "refused"};
        return (unsigned)p < GL_ARRAY_LEN(names) ? names[p] : "";
}

const char *control_phase_label_zh(enum control_phase p)
{
        static const char *const labels[] = {"待分局领导批准", "尚未开始", "管控中",  "已期满",
                                             "已提前解除",     "已办结",   "不予批准"};
        return (unsigned)p < GL_ARRAY_LEN(labels) ? labels[p] : "";
}

const char *control_phase_label_en(enum control_phase p)
{
        static const char *const labels[] = {"Awaiting approval",
                                             "Not started yet",
                                             "In effect",
                                             "Term over",
                                             "Lifted",
                                             "Closed",
                                             "Refused"};
        return (unsigned)p < GL_ARRAY_LEN(labels) ? labels[p] : "";
}

enum control_phase control_phase_of(const char *state, const struct m3_control *m, gl_date today)
{
        if (strcmp(state, "awaiting_approval") == 0)
                return CONTROL_AWAITING;
        if (strcmp(state, "lifted") == 0)
                return CONTROL_LIFTED;
        if (strcmp(state, "finished") == 0)
                return CONTROL_FINISHED;
        if (strcmp(state, "refused_by_leader") == 0)
                return CONTROL_REFUSED;
        gl_date from = m->effective_from != GL_DATE_NONE ? m->effective_from : m->starts_on;
        if (today < from)
                return CONTROL_SCHEDULED;
        return today > m->ends_on ? CONTROL_EXPIRED : CONTROL_IN_EFFECT;
}

bool app_control_readable(const struct app *app, const struct actor *who)
{
        const struct procedure *proc = procedure_find(app_scope_pack(app, who), M3_PROCEDURE);
        struct gl_error ignored = {0};
        return who && proc && app_scope_procedure(who, proc) &&
               app_scope_check(who, SCOPE_CASE, NULL, &ignored) == GL_OK;
}

void app_control_record_free(struct control_record *r)
{
        if (r == NULL)
                return;
        m3_control_clear(&r->m);
        memset(r, 0, sizeof(*r));
}

static int no_control(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "没有管控措施 %lld (no such control measure)",
                       (long long)id);
}

int app_control_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                    struct control_record *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        m3_control_init(&out->m);
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取管控措施", err);
        int rc = case_store_get(app->db, id, &out->row);
        if (rc == GL_OK && strcmp(out->row.procedure, M3_PROCEDURE) != 0)
                rc = GL_ENOTFOUND;
        const struct procedure *proc =
            procedure_find(app_pack_named(app, out->row.pack_id), out->row.procedure);
        if (rc == GL_OK && (app_scope_case_in(app, who, proc, out->row.compartment, out->row.uscc,
                                              NULL) != GL_OK ||
                            !app_scope_covers(app, who, out->row.division)))
                rc = GL_ENOTFOUND;
        if (rc == GL_OK)
                rc = control_store_get(app->db, id, &out->m);
        struct m3_m2_case mc;
        if (rc == GL_OK && out->m.malicious_case > 0 &&
            control_store_m2_case(app->db, out->m.malicious_case, &mc) == GL_OK)
                copy(out->malicious_number, sizeof(out->malicious_number), mc.case_number);
        db_rollback(app->db);
        if (rc != GL_OK) {
                app_control_record_free(out);
                return rc == GL_ENOTFOUND ? no_control(id, err)
                       : rc == GL_ENOMEM  ? app_read_failed(rc, err)
                                          : db_fail(app, "读取管控措施", err);
        }
        out->procedure = proc;
        int si = proc ? procedure_state_index(proc, out->row.state) : -1;
        out->state_label_zh = si >= 0 ? proc->states[si].label_zh : out->row.state;
        out->state_label_en = si >= 0 ? proc->states[si].label_en : NULL;
        out->phase = control_phase_of(out->row.state, &out->m, today);
        int k = m3_kind_from_name(out->m.kind);
        out->kind_label_zh = k >= 0 ? m3_kind_label_zh((enum m3_kind)k) : out->m.kind;
        out->kind_label_en = k >= 0 ? m3_kind_label_en((enum m3_kind)k) : out->m.kind;
        const char *zh = app_control_other_label(app, out->m.other_kind, false);
        const char *en = app_control_other_label(app, out->m.other_kind, true);
        out->other_label_zh = zh ? zh : out->m.other_kind;
        out->other_label_en = en ? en : out->m.other_kind;
        return GL_OK;
}

struct list_filter {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct m3_control_row *r, void *ctx);
        void *ctx;
};

static int visible_control(const struct m3_control_row *r, void *p)
{
        struct list_filter *f = p;
        /* Its procedure as its county's pack declares it (its readers, its compartment). */
        const struct procedure *proc =
            procedure_find(app_pack_for(f->app, r->division), r->procedure);
        if (app_scope_case_in(f->app, f->who, proc, r->compartment, r->case_uscc, NULL) != GL_OK ||
            !app_scope_covers(f->app, f->who, r->division))
                return 0;
        return f->fn(r, f->ctx);
}

int app_control_list(struct app *app, const struct actor *who, const char *state,
                     int (*fn)(const struct m3_control_row *r, void *ctx), void *ctx,
                     struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_CASE, NULL, err);
        if (rc != GL_OK)
                return rc;
        if (!app_control_readable(app, who))
                return gl_fail(err, GL_EPERM, "",
                               "%s无权查看“三个禁用”管控措施 (control measures are not for your "
                               "role)",
                               role_label_zh(who->role));
        struct list_filter f = {app, who, fn, ctx};
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取管控措施", err);
        rc = control_store_list(app->db, app_scope_list_uscc(who, SCOPE_CASE), state,
                                visible_control, &f);
        db_rollback(app->db);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err)
                                       : db_fail(app, "读取管控措施", err);
        return GL_OK; /* fn stopped the walk: what was read stands */
}

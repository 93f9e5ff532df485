/*
 * Measure 8's registry of construction sites and their inspections (app/site.h). Each write is one
 * transaction with one audit record about the site (entity "site"), which seals the site with its
 * inspections and changes (app/seal.c). A write that changes the positive list — finishing a
 * listed site, a failed dust check of one — is a step of the site's application instead
 * (app/m8_site_list.c), taken through app/case.h, so that the list changes only by its procedure.
 */
#include "site.h"

#include "../core/m8_site_list.h"
#include "../core/policy.h"
#include "../store/case_store.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"
#include "audit.h"
#include "case.h"
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

static int no_site(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "id", "没有施工工地 %lld (no such site)", (long long)id);
}

/* Measure 8's listing procedure of the pack of division (a site's county; a reader's for a
 * listing): its "departments" take part in every site's application. */
static const struct procedure *m8_proc(const struct app *app, const char *division)
{
        return procedure_find(app_pack_for(app, division), M8_PROCEDURE);
}

/* The pack a site's rules come from: its county's. */
static const struct policy_pack *site_pack(const struct app *app, const struct site_row *s)
{
        return app_pack_for(app, s->division);
}

static struct m8_member member_of(const struct actor *who)
{
        return (struct m8_member){who->role, who->department, who->township};
}

/* Whether who may see site s (scope.h's rule for sites). */
static int may_see(struct app *app, const struct actor *who, const struct site_row *s,
                   struct gl_error *err)
{
        struct scope_units u = {s->v.department, s->v.township, s->division};
        return app_scope_site(app, who, m8_proc(app, s->division), s->v.builder_uscc, &u, err);
}

/* Loads site id as who may see it (inside the caller's transaction, if any). */
static int load_visible(struct app *app, const struct actor *who, int64_t id, struct site_row *s,
                        struct gl_error *err)
{
        int rc =
            app_scope_site(app, who, m8_proc(app, app_scope_county(app, who)), NULL, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = site_store_get(app->db, id, s);
        if (rc == GL_ENOTFOUND)
                return no_site(id, err);
        if (rc != GL_OK)
                return db_fail(app, "读取工地", err);
        if (may_see(app, who, s, NULL) != GL_OK)
                return no_site(id, err);
        return GL_OK;
}

/* Who registers and changes sites: the builder's own users, the county officer, the system. */
static int may_write(const struct actor *who, const char *builder_uscc, struct gl_error *err)
{
        if (who->role == ROLE_SYSTEM || who->role == ROLE_COUNTY_OFFICER)
                return GL_OK;
        if (who->role == ROLE_ENTERPRISE) {
                if (builder_uscc == NULL || strcmp(builder_uscc, who->uscc) == 0)
                        return GL_OK;
                return gl_fail(
                    err, GL_EPERM, "builder_uscc",
                    "企业用户只能登记和维护本企业建设的工地 (an enterprise keeps its own "
                    "sites only)");
        }
        return gl_fail(
            err, GL_EPERM, "",
            "%s不能登记或修改施工工地：由建设单位或县生态环境分局登记 (the builder or the "
            "county branch registers sites)",
            role_label_zh(who->role));
}

/* Whether an application in state is under review (申报办理中): with its department, in the
 * joint review, passed, published. A returned one is the applicant's again. */
static bool under_review(const char *state)
{
        static const char *const states[] = {"applied", "joint_review", "joint_passed",
                                             "publication"};
        for (size_t i = 0; state && i < GL_ARRAY_LEN(states); i++)
                if (strcmp(state, states[i]) == 0)
                        return true;
        return false;
}

static json_t *site_detail(const struct site_row *s)
{
        char started[11];
        const struct m8_site_values *v = &s->v;
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s?, s:s, s:s, s:b}",
                         "site", (json_int_t)s->id, "project", v->project, "category", v->category,
                         "department", v->department, "builder_uscc", v->builder_uscc,
                         "builder_name", v->builder_name, "township", v->township, "address",
                         v->address, "earthwork_m2", (json_int_t)v->earthwork_m2, "started_on",
                         v->started_on == GL_DATE_NONE ? NULL
                                                       : date_format_iso(v->started_on, started),
                         "status", s->status, "dust_control", s->dust_control, "listed", s->listed);
}

/* Appends the audit record about site id (detail stolen). */
static int audit_site(struct app *app, const struct actor *who, const char *action, int64_t id,
                      json_t *detail, struct gl_error *err)
{
        if (detail == NULL)
                return nomem(err);
        char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(detail);
        if (text == NULL)
                return nomem(err);
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)id);
        int rc = audit_append(app, who, action, "site", key, text, err);
        free(text);
        return rc;
}

static int need_today(gl_date today, struct gl_error *err)
{
        return today == GL_DATE_NONE ? gl_fail(err, GL_EINVAL, "today", "缺少办理日期") : GL_OK;
}

/* ---- register, change, finish ---- */

int app_site_add(struct app *app, const struct actor *who, const struct m8_site_input *in,
                 gl_date today, int64_t *id, struct gl_error *err)
{
        struct m8_site_input mine = *in;
        int rc = need_today(today, err);
        if (rc == GL_OK)
                rc = may_write(who, given(in->builder_uscc) ? in->builder_uscc : NULL, err);
        if (rc != GL_OK)
                return rc;
        /* An enterprise builds its own; a builder of the registry is named as the registry names
         * it, unless another name is given. */
        struct enterprise e;
        if (who->role == ROLE_ENTERPRISE && !given(mine.builder_uscc))
                mine.builder_uscc = who->uscc;
        mine.builder_registered = given(mine.builder_uscc) &&
                                  enterprise_store_get(app->db, mine.builder_uscc, &e) == GL_OK;
        if (mine.builder_name == NULL && mine.builder_registered)
                mine.builder_name = e.name;
        struct site_row s;
        memset(&s, 0, sizeof(s));
        /* The county it is in: an enterprise's own, an officer's county, else the pack's; its
         * categories, townships and departments are that county's pack's. */
        copy(s.division, sizeof(s.division),
             who->role == ROLE_ENTERPRISE && mine.builder_registered ? e.division
                                                                     : app_scope_county(app, who));
        if ((rc = m8_site_check(site_pack(app, &s), today, &mine, &s.v, err)) != GL_OK)
                return rc;
        copy(s.dust_control, sizeof(s.dust_control), "unchecked");
        s.dust_checked_on = GL_DATE_NONE;
        copy(s.status, sizeof(s.status), "under_construction");
        copy(s.created_by, sizeof(s.created_by), who->name);
        app_now_iso(s.created_at);
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        if (site_store_insert(app->db, &s, &s.id) != GL_OK)
                rc = db_fail(app, "保存工地", err);
        if (rc == GL_OK)
                rc = audit_site(app, who, "site.add", s.id, site_detail(&s), err);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        if (id)
                *id = s.id;
        return GL_OK;
}

static void value_texts(const struct m8_site_values *v, char texts[8][M8_ADDRESS_MAX + 1])
{
        copy(texts[0], M8_ADDRESS_MAX + 1, v->project);
        copy(texts[1], M8_ADDRESS_MAX + 1, v->category);
        copy(texts[2], M8_ADDRESS_MAX + 1, v->department);
        copy(texts[3], M8_ADDRESS_MAX + 1, v->builder_name);
        copy(texts[4], M8_ADDRESS_MAX + 1, v->township);
        copy(texts[5], M8_ADDRESS_MAX + 1, v->address);
        snprintf(texts[6], M8_ADDRESS_MAX + 1, "%lld", (long long)v->earthwork_m2);
        char d[11];
        copy(texts[7], M8_ADDRESS_MAX + 1,
             v->started_on == GL_DATE_NONE ? "" : date_format_iso(v->started_on, d));
}

static const char *const value_fields[8] = {"project",  "category", "department",   "builder_name",
                                            "township", "address",  "earthwork_m2", "started_on"};

int site_record_changes(struct app *app, const struct actor *who, int64_t site_id, gl_date on,
                        const struct m8_site_values *before, const struct m8_site_values *after,
                        const char *reason, int64_t case_id, json_t *audit, size_t *changed,
                        struct gl_error *err)
{
        struct texts {
                char a[8][M8_ADDRESS_MAX + 1], b[8][M8_ADDRESS_MAX + 1];
        } *t = malloc(sizeof(*t));
        json_t *list = json_array();
        if (list == NULL || t == NULL) {
                free(t);
                json_decref(list);
                return nomem(err);
        }
        char(*a)[M8_ADDRESS_MAX + 1] = t->a;
        char(*b)[M8_ADDRESS_MAX + 1] = t->b;
        value_texts(before, a);
        value_texts(after, b);
        char now[21];
        app_now_iso(now);
        *changed = 0;
        for (size_t i = 0; i < GL_ARRAY_LEN(value_fields); i++) {
                if (strcmp(a[i], b[i]) == 0)
                        continue;
                struct site_change c = {.site_id = site_id,
                                        .changed_on = on,
                                        .old_value = a[i],
                                        .new_value = b[i],
                                        .reason = reason,
                                        .case_id = case_id};
                copy(c.field, sizeof(c.field), value_fields[i]);
                copy(c.changed_by, sizeof(c.changed_by), who->name);
                copy(c.created_at, sizeof(c.created_at), now);
                if (site_store_add_change(app->db, &c) != GL_OK) {
                        json_decref(list);
                        free(t);
                        return db_fail(app, "记录工地变更", err);
                }
                json_array_append_new(list, json_pack("{s:s, s:s, s:s}", "field", value_fields[i],
                                                      "from", a[i], "to", b[i]));
                (*changed)++;
        }
        free(t);
        json_object_set_new(audit, "changes", list);
        return GL_OK;
}

int app_site_update(struct app *app, const struct actor *who, int64_t id,
                    const struct m8_site_input *in, gl_date today, int64_t expected_version,
                    struct gl_error *err)
{
        int rc = need_today(today, err);
        if (rc == GL_OK && (rc = app_begin(app, err)) != GL_OK)
                return rc;
        if (rc != GL_OK)
                return rc;
        struct site_row s;
        json_t *detail = NULL;
        rc = load_visible(app, who, id, &s, err);
        if (rc == GL_OK)
                rc = may_write(who, s.v.builder_uscc, err);
        if (rc == GL_OK && expected_version != 0 && expected_version != s.version)
                rc = gl_fail(err, GL_ECONFLICT, "version",
                             "工地已被他人修改（当前版本 %lld），请刷新后重试 (stale version)",
                             (long long)s.version);
        if (rc == GL_OK && strcmp(s.status, "finished") == 0)
                rc = gl_fail(err, GL_ESTATE, "id", "工地已竣工，不能再修改 (finished)");
        if (rc == GL_OK && s.listed)
                rc = gl_fail(
                    err, GL_ESTATE, "id",
                    "工地在正面清单上：其信息由清单牵头部门调整（申报的“调整清单项目信息”），"
                    "并记录调整理由 (a listed site is changed by the list's adjustment)");
        if (rc == GL_OK && s.case_id && under_review(s.case_state))
                rc = gl_fail(
                    err, GL_ESTATE, "id",
                    "工地的正面清单申报（案件 %lld）正在办理，审核期间不能修改；退回后可修改"
                    "再申报 (an application is under review)",
                    (long long)s.case_id);
        struct m8_site_values after = s.v;
        if (rc == GL_OK)
                rc = m8_site_change(site_pack(app, &s), today, in, &after, err);
        size_t changed = 0;
        if (rc == GL_OK && (detail = json_pack("{s:I}", "site", (json_int_t)id)) == NULL)
                rc = nomem(err);
        if (rc == GL_OK)
                rc = site_record_changes(app, who, id, today, &s.v, &after, "", 0, detail, &changed,
                                         err);
        if (rc == GL_OK && changed == 0)
                rc = gl_fail(err, GL_EINVAL, "fields",
                             "没有要修改的内容：所给字段与登记的相同 (nothing changes)");
        if (rc == GL_OK) {
                s.v = after;
                app_now_iso(s.updated_at);
                if (site_store_update(app->db, &s) != GL_OK)
                        rc = db_fail(app, "保存工地", err);
        }
        if (rc == GL_OK) {
                rc = audit_site(app, who, "site.update", id, detail, err);
                detail = NULL;
        }
        if (rc == GL_OK)
                rc = app_commit(app, err);
        json_decref(detail);
        if (rc != GL_OK)
                app_rollback(app);
        return rc;
}

int app_site_finish(struct app *app, const struct actor *who, int64_t id, gl_date on,
                    const char *note, struct gl_error *err)
{
        int rc = need_today(on, err);
        if (rc == GL_OK)
                rc = m8_text_check("note", "说明", note, M8_NOTE_MAX, false, true, err);
        if (rc != GL_OK)
                return rc;
        struct site_row s;
        if ((rc = load_visible(app, who, id, &s, err)) != GL_OK)
                return rc;
        if ((rc = may_write(who, s.v.builder_uscc, err)) != GL_OK)
                return rc;
        if (strcmp(s.status, "finished") == 0)
                return gl_fail(err, GL_ESTATE, "id", "工地已于 %s 竣工 (finished already)",
                               date_format_iso(s.finished_on, (char[11]){0}));
        if (s.case_id && (under_review(s.case_state) || strcmp(s.case_state, "returned") == 0))
                return gl_fail(err, GL_ESTATE, "id",
                               "工地的正面清单申报（案件 %lld）正在办理：请先撤回申请再登记竣工 "
                               "(withdraw the application first)",
                               (long long)s.case_id);
        if (s.listed && s.case_id) {
                struct case_step_input in = {
                    .action = "finish", .reason = given(note) ? note : NULL, .today = on};
                return app_case_step(app, who, s.case_id, &in, err);
        }
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct site_row cur;
        rc = load_visible(app, who, id, &cur, err);
        if (rc == GL_OK && cur.version != s.version)
                rc = gl_fail(err, GL_ECONFLICT, "version",
                             "工地已被他人修改，请刷新后重试 (changed meanwhile)");
        json_t *detail = NULL;
        if (rc == GL_OK) {
                copy(cur.status, sizeof(cur.status), "finished");
                cur.finished_on = on;
                app_now_iso(cur.updated_at);
                if (site_store_update(app->db, &cur) != GL_OK)
                        rc = db_fail(app, "保存工地", err);
        }
        if (rc == GL_OK && (detail = site_detail(&cur)) != NULL)
                json_object_set_new(detail, "note", json_string(note ? note : ""));
        if (rc == GL_OK)
                rc = audit_site(app, who, "site.finish", id, detail, err);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK)
                app_rollback(app);
        return rc;
}

/* ---- inspections ---- */

/* Whether the site was on the list on day on, as far as its record tells. */
static bool listed_on_day(const struct site_row *s, gl_date on)
{
        if (s->listed_on == GL_DATE_NONE || s->listed_on > on)
                return false;
        return s->listed || (s->removed_on != GL_DATE_NONE && s->removed_on > on);
}

static bool may_inspect(const struct actor *who)
{
        switch (who->role) {
        case ROLE_COUNTY_OFFICER:
        case ROLE_COUNTY_LEADER:
        case ROLE_CITY_OFFICER:
        case ROLE_DEPT_OFFICER:
        case ROLE_TOWNSHIP_OFFICER:
        case ROLE_SYSTEM:
                return true;
        default:
                return false;
        }
}

int app_site_inspect(struct app *app, const struct actor *who, int64_t id,
                     const struct site_inspection_input *in, int64_t *inspection_id,
                     struct gl_error *err)
{
        int rc = need_today(in->today, err);
        if (rc == GL_OK && in->on == GL_DATE_NONE)
                rc = gl_fail(err, GL_EINVAL, "on", "缺少检查日期 (the inspection's day)");
        char a[11], b[11];
        if (rc == GL_OK && in->on > in->today)
                rc = gl_fail(err, GL_EINVAL, "on", "检查日期 %s 晚于登记之日 %s (not yet)",
                             date_format_iso(in->on, a), date_format_iso(in->today, b));
        if (rc == GL_OK && !may_inspect(who))
                rc =
                    gl_fail(err, GL_EPERM, "", "%s不登记工地检查 (your role records no inspection)",
                            role_label_zh(who->role));
        const char *dust = given(in->dust_result) ? in->dust_result : "";
        if (rc == GL_OK && dust[0] && strcmp(dust, "passed") != 0 && strcmp(dust, "failed") != 0)
                rc = gl_fail(err, GL_EINVAL, "dust_result",
                             "扬尘防治核查结果“%s”无效：应为 passed（合格）或 failed（不合格） "
                             "(passed or failed)",
                             dust);
        if (rc == GL_OK)
                rc = m8_text_check("note", "检查记录", in->note, M8_NOTE_MAX, false, true, err);
        if (rc == GL_OK && strcmp(dust, "failed") == 0 && !given(in->note))
                rc =
                    gl_fail(err, GL_EINVAL, "note",
                            "扬尘防治核查不合格的，须在检查记录中写明发现的问题 (say what failed)");
        if (rc != GL_OK || (rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct site_row s;
        char code[48] = "", unit[128] = "";
        struct m8_member m = member_of(who);
        rc = load_visible(app, who, id, &s, err);
        if (rc == GL_OK && strcmp(s.status, "finished") == 0)
                rc = gl_fail(err, GL_ESTATE, "id", "工地已竣工，不再检查 (finished)");
        bool listed = rc == GL_OK && listed_on_day(&s, in->on);
        if (rc == GL_OK)
                rc = m8_inspection_allowed(site_pack(app, &s), in->on, listed, in->reason, code,
                                           sizeof(code), err);
        if (rc == GL_OK && dust[0] && who->role != ROLE_SYSTEM &&
            !m8_member_of(site_pack(app, &s), in->on, "m8.site_verifiers", &m, s.v.township, NULL,
                          0))
                rc = gl_fail(err, GL_EPERM, "dust_result",
                             "扬尘防治现场核查由县城管局会同县大气办、生态环境分局进行"
                             "（m8.site_verifiers），%s不能登记核查结果 (only the site verifiers "
                             "record dust control)",
                             role_label_zh(who->role));
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        /* A failed check of a listed site removes it from the list: the step of its application. */
        if (strcmp(dust, "failed") == 0 && s.listed && s.case_id &&
            strcmp(s.case_state, "listed") == 0) {
                app_rollback(app);
                struct case_field fields[] = {{"inspection_reason", code}, {"note", in->note}};
                struct case_step_input step = {.action = "dust_failed",
                                               .reason = in->note,
                                               .fields = fields,
                                               .nfields = GL_ARRAY_LEN(fields),
                                               .today = in->on};
                rc = app_case_step(app, who, s.case_id, &step, err);
                if (rc == GL_OK && inspection_id)
                        *inspection_id = 0;
                return rc;
        }
        copy(unit, sizeof(unit),
             who->role == ROLE_SYSTEM ? "system" : m8_unit_of(site_pack(app, &s), &m));
        struct site_inspection i = {.site_id = id,
                                    .inspected_on = in->on,
                                    .listed = listed,
                                    .note = in->note ? in->note : ""};
        copy(i.reason, sizeof(i.reason), code);
        copy(i.unit, sizeof(i.unit), unit);
        copy(i.inspector, sizeof(i.inspector), who->name);
        copy(i.inspector_role, sizeof(i.inspector_role), role_name(who->role));
        copy(i.dust_result, sizeof(i.dust_result), dust);
        app_now_iso(i.created_at);
        int64_t made = 0;
        if (site_store_add_inspection(app->db, &i, &made) != GL_OK)
                rc = db_fail(app, "记录检查", err);
        if (rc == GL_OK && dust[0]) {
                copy(s.dust_control, sizeof(s.dust_control), dust);
                s.dust_checked_on = in->on;
                app_now_iso(s.updated_at);
                if (site_store_update(app->db, &s) != GL_OK)
                        rc = db_fail(app, "保存工地", err);
        }
        if (rc == GL_OK)
                rc = audit_site(app, who, "site.inspect", id,
                                json_pack("{s:I, s:I, s:s, s:s, s:s, s:b, s:s}", "site",
                                          (json_int_t)id, "inspection", (json_int_t)made, "on",
                                          date_format_iso(in->on, a), "reason", code, "unit", unit,
                                          "listed", listed, "dust_result", dust),
                                err);
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK) {
                app_rollback(app);
                return rc;
        }
        if (inspection_id)
                *inspection_id = made;
        return GL_OK;
}

/* ---- reads ---- */

int app_site_get(struct app *app, const struct actor *who, int64_t id, struct site_record *out,
                 struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取工地", err);
        int rc = load_visible(app, who, id, &out->row, err);
        if (rc == GL_OK && out->row.case_id &&
            m8_store_application_get(app->db, out->row.case_id, &out->application) != GL_OK)
                rc = db_fail(app, "读取申报", err);
        struct enterprise e;
        if (rc == GL_OK && out->row.builder_registered &&
            enterprise_store_get(app->db, out->row.v.builder_uscc, &e) == GL_OK)
                copy(out->builder_registry_name, sizeof(out->builder_registry_name), e.name);
        db_rollback(app->db);
        if (rc != GL_OK)
                return rc;
        const struct policy_pack *pack = site_pack(app, &out->row);
        out->category = policy_term_find(pack, POLICY_SITE_CATEGORIES, out->row.v.category);
        out->department = policy_term_find(pack, POLICY_DEPARTMENTS, out->row.v.department);
        out->township = policy_term_find(pack, POLICY_TOWNSHIPS, out->row.v.township);
        const struct procedure *p = m8_proc(app, out->row.division);
        int si = p ? procedure_state_index(p, out->row.case_state) : -1;
        out->state_label_zh = si >= 0 ? p->states[si].label_zh : NULL;
        out->state_label_en = si >= 0 ? p->states[si].label_en : NULL;
        return GL_OK;
}

struct list_filter {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct site_row *s, void *ctx);
        void *ctx;
};

static int visible_site(const struct site_row *s, void *p)
{
        struct list_filter *f = p;
        if (may_see(f->app, f->who, s, NULL) != GL_OK)
                return 0;
        return f->fn(s, f->ctx);
}

/* Narrows one filter of a listing: *slot becomes mine; false when the query asked for another. */
static bool narrow(const char **slot, const char *mine)
{
        if (mine == NULL)
                return true;
        if (given(*slot) && strcmp(*slot, mine) != 0)
                return false;
        *slot = mine;
        return true;
}

int app_site_list(struct app *app, const struct actor *who, const struct site_query *q,
                  int (*fn)(const struct site_row *s, void *ctx), void *ctx, struct gl_error *err)
{
        int rc =
            app_scope_site(app, who, m8_proc(app, app_scope_county(app, who)), NULL, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct site_query mine = q ? *q : (struct site_query){.listed = -1};
        struct scope_units u =
            app_scope_site_units(app, who, m8_proc(app, app_scope_county(app, who)));
        if (!narrow(&mine.builder_uscc, app_scope_list_uscc(who, SCOPE_SITE)) ||
            !narrow(&mine.department, u.department) || !narrow(&mine.township, u.township))
                return GL_OK; /* another's: nothing to list */
        struct list_filter f = {app, who, fn, ctx};
        rc = site_store_list(app->db, &mine, visible_site, &f);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取工地", err);
        return GL_OK;
}

struct inspection_filter {
        struct app *app;
        const struct actor *who;
        int (*fn)(const struct site_inspection *i, void *ctx);
        void *ctx;
};

static int visible_inspection(const struct site_inspection *i, void *p)
{
        struct inspection_filter *f = p;
        struct scope_units u = {i->site_department, i->site_township, i->site_division};
        if (app_scope_site(f->app, f->who, m8_proc(f->app, i->site_division), i->site_builder_uscc,
                           &u, NULL) != GL_OK)
                return 0;
        return f->fn(i, f->ctx);
}

int app_site_inspections(struct app *app, const struct actor *who, int64_t site_id,
                         int (*fn)(const struct site_inspection *i, void *ctx), void *ctx,
                         struct gl_error *err)
{
        struct site_row s;
        int rc = site_id > 0 ? load_visible(app, who, site_id, &s, err)
                             : app_scope_site(app, who, m8_proc(app, app_scope_county(app, who)),
                                              NULL, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct inspection_filter f = {app, who, fn, ctx};
        rc = site_store_inspections(app->db, site_id, visible_inspection, &f);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取检查", err);
        return GL_OK;
}

int app_site_changes(struct app *app, const struct actor *who, int64_t id,
                     int (*fn)(const struct site_change *c, void *ctx), void *ctx,
                     struct gl_error *err)
{
        struct site_row s;
        int rc = load_visible(app, who, id, &s, err);
        if (rc == GL_OK && (rc = site_store_changes(app->db, id, fn, ctx)) < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取变更", err);
        return rc < 0 ? rc : GL_OK;
}

int app_site_applications(struct app *app, const struct actor *who, int64_t id,
                          int (*fn)(const struct m8_application *a, void *ctx), void *ctx,
                          struct gl_error *err)
{
        struct site_row s;
        int rc = load_visible(app, who, id, &s, err);
        if (rc == GL_OK && (rc = m8_store_applications_of(app->db, id, fn, ctx)) < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取申报", err);
        return rc < 0 ? rc : GL_OK;
}

int app_site_objections(struct app *app, const struct actor *who, int64_t case_id,
                        int (*fn)(const struct m8_objection *o, void *ctx), void *ctx,
                        struct gl_error *err)
{
        struct case_row row;
        int rc = case_store_get(app->db, case_id, &row);
        if (rc == GL_OK && strcmp(row.procedure, M8_PROCEDURE) != 0)
                rc = GL_ENOTFOUND;
        if (rc == GL_OK &&
            app_scope_case_row(app, who, app_case_procedure(app, &row), &row, NULL) != GL_OK)
                rc = GL_ENOTFOUND;
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id", "案件 %lld 不存在 (no such case)",
                               (long long)case_id);
        if (rc != GL_OK)
                return db_fail(app, "读取案件", err);
        rc = m8_store_objections(app->db, case_id, fn, ctx);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取异议", err);
        return GL_OK;
}

int app_site_application_of(struct app *app, const struct actor *who, int64_t case_id,
                            struct m8_application *a, char state[48], struct site_row *site,
                            struct gl_error *err)
{
        struct case_row row;
        if (db_begin_read(app->db) != GL_OK)
                return db_fail(app, "读取申报", err);
        int rc = case_store_get(app->db, case_id, &row);
        if (rc == GL_OK && strcmp(row.procedure, M8_PROCEDURE) != 0)
                rc = GL_ENOTFOUND;
        if (rc == GL_OK &&
            app_scope_case_row(app, who, app_case_procedure(app, &row), &row, NULL) != GL_OK)
                rc = GL_ENOTFOUND;
        if (rc == GL_OK)
                rc = m8_store_application_get(app->db, case_id, a);
        if (rc == GL_OK)
                rc = site_store_get(app->db, a->site_id, site);
        db_rollback(app->db);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "id",
                               "案件 %lld 不是正面清单申报 (no such application)",
                               (long long)case_id);
        if (rc != GL_OK)
                return db_fail(app, "读取申报", err);
        copy(state, 48, row.state);
        return GL_OK;
}

int app_site_public(struct app *app, int (*fn)(const struct site_row *s, void *ctx), void *ctx,
                    struct gl_error *err)
{
        struct site_query q = {.status = "under_construction", .listed = 1, .public_order = true};
        int rc = site_store_list(app->db, &q, fn, ctx);
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err) : db_fail(app, "读取清单", err);
        return GL_OK;
}

int site_facts(struct app *app, int64_t site_id, struct site_facts *out, struct gl_error *err)
{
        struct site_row s;
        int rc = site_store_get(app->db, site_id, &s);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "site", "没有施工工地 %lld (no such site)",
                               (long long)site_id);
        if (rc != GL_OK)
                return db_fail(app, "读取工地", err);
        memset(out, 0, sizeof(*out));
        out->id = s.id;
        copy(out->project, sizeof(out->project), s.v.project);
        copy(out->category, sizeof(out->category), s.v.category);
        copy(out->department, sizeof(out->department), s.v.department);
        copy(out->builder_uscc, sizeof(out->builder_uscc), s.v.builder_uscc);
        copy(out->township, sizeof(out->township), s.v.township);
        out->under_construction = strcmp(s.status, "under_construction") == 0;
        out->listed = s.listed;
        out->listed_on = s.listed ? s.listed_on : GL_DATE_NONE;
        out->earthwork_m2 = s.v.earthwork_m2;
        return GL_OK;
}

/*
 * Measure 4's projects and plans, measure 7's totals review, the guide's help (app/project.h).
 * Each write: begin, the scope and role check, the core decision, the rows, one audit record,
 * commit; a refusal writes nothing.
 */
#include "project.h"
#include "case.h"

#include "../core/policy.h"
#include "../store/case_store.h"
#include "../store/enterprise_store.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "audit.h"
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

static int db_fail(struct app *app, const char *what, struct gl_error *err)
{
        return gl_fail(err, GL_EDB, "", "%s失败: %s", what, db_errmsg(app->db));
}

static int nomem(struct gl_error *err)
{
        return gl_fail(err, GL_ENOMEM, "", "out of memory");
}

static int no_project(int64_t id, struct gl_error *err)
{
        return gl_fail(err, GL_ENOTFOUND, "project", "没有建设项目 %lld (no such project)",
                       (long long)id);
}

int m4_scope_project(const struct actor *who, const char *builder_uscc, struct gl_error *err)
{
        switch (who->role) {
        case ROLE_ENTERPRISE:
                if (builder_uscc == NULL || (who->uscc[0] && strcmp(builder_uscc, who->uscc) == 0))
                        return GL_OK;
                return gl_fail(err, GL_ENOTFOUND, "project", "没有该建设项目 (no such project)");
        case ROLE_COUNTY_OFFICER:
        case ROLE_COUNTY_LEADER:
        case ROLE_COUNTY_LEGAL:
        case ROLE_CITY_OFFICER:
        case ROLE_APPROVAL_OFFICER:
        case ROLE_ADMIN:
        case ROLE_SYSTEM:
                return GL_OK;
        default:
                return gl_fail(err, GL_EPERM, "role",
                               "%s不查看建设项目 (this role sees no construction project)",
                               role_label_zh(who->role));
        }
}

static int need_today(gl_date today, struct gl_error *err)
{
        return today == GL_DATE_NONE ? gl_fail(err, GL_EINVAL, "today", "缺少办理日期") : GL_OK;
}

/* Appends the audit record (detail stolen). */
static int audit(struct app *app, const struct actor *who, const char *action, const char *entity,
                 int64_t id, json_t *detail, struct gl_error *err)
{
        if (detail == NULL)
                return nomem(err);
        char *text = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
        json_decref(detail);
        if (text == NULL)
                return nomem(err);
        char key[24];
        snprintf(key, sizeof(key), "%lld", (long long)id);
        int rc = audit_append(app, who, action, entity, key, text, err);
        free(text);
        return rc;
}

static int finish(struct app *app, int rc, struct gl_error *err)
{
        if (rc == GL_OK)
                rc = app_commit(app, err);
        if (rc != GL_OK)
                app_rollback(app);
        return rc;
}

/* The pack a project's rules come from: its county's (app_pack_for). */
static const struct policy_pack *project_pack(const struct app *app, const struct project_row *p)
{
        return app_pack_for(app, p->division);
}

/* ---- materials of a case ---- */

int m4_case_materials(struct app *app, int64_t case_id, const struct project_row *p,
                      enum m4_document_type t, gl_date on, const char *const *extra, size_t nextra,
                      struct m4_materials *required, struct m4_materials *missing,
                      struct gl_error *err)
{
        const struct policy_pack *pack = project_pack(app, p);
        bool infra = m4_is_infrastructure(pack, on, p->v.category, NULL);
        int rc = m4_required_materials(pack, on, t, p->plan_id > 0, infra, required, err);
        if (rc != GL_OK)
                return rc;
        /* What is handed in: the case's rows and the step's documents. At most a few dozen. */
        const char *names[64];
        char store[32][128];
        size_t n = 0;
        db_stmt *st = NULL;
        if (case_id > 0) {
                if (db_prepare(app->db, "SELECT name FROM m4_materials WHERE case_id = $1", &st) !=
                    GL_OK)
                        return db_fail(app, "读取材料", err);
                db_bind_int64(st, 1, case_id);
                while ((rc = db_step(st)) == DB_ROW && n < 32) {
                        copy(store[n], sizeof(store[n]), db_column_text(st, 0));
                        names[n] = store[n];
                        n++;
                }
                db_finalize(st);
                if (rc < 0)
                        return db_fail(app, "读取材料", err);
        }
        for (size_t i = 0; i < nextra && n < GL_ARRAY_LEN(names); i++)
                names[n++] = extra[i];
        m4_missing_materials(required, names, n, missing);
        return GL_OK;
}

/* ---- the stage, for the ledger ---- */

static int needs_today(struct app *app, const struct project_row *p, gl_date on,
                       struct totals_result *out, struct gl_error *err)
{
        const struct policy_pack *pack = project_pack(app, p);
        if (m4_is_infrastructure(pack, on, p->v.category, NULL)) {
                memset(out, 0, sizeof(*out));
                return GL_OK;
        }
        return totals_needs(pack, on, p->v.added_g, out, err);
}

int app_project_stage(struct app *app, int64_t project_id, struct project_stage *out,
                      struct gl_error *err)
{
        struct project_row p;
        int rc = project_store_get(app->db, project_id, &p);
        if (rc == GL_ENOTFOUND)
                return no_project(project_id, err);
        if (rc != GL_OK)
                return db_fail(app, "读取建设项目", err);
        struct totals_review_row *r = malloc(sizeof(*r));
        struct totals_result *needs = malloc(sizeof(*needs));
        if (r == NULL || needs == NULL) {
                free(r);
                free(needs);
                return nomem(err);
        }
        struct project_stage s;
        memset(&s, 0, sizeof(s));
        gl_date today = app_today_local();
        copy(s.builder_uscc, sizeof(s.builder_uscc), p.v.builder_uscc);
        s.infrastructure = m4_is_infrastructure(project_pack(app, &p), today, p.v.category, NULL);
        s.totals_reviewed_on = s.eia_approved_on = GL_DATE_NONE;
        rc = totals_store_latest(app->db, project_id, r);
        if (rc == GL_OK && r->passed) {
                s.totals_reviewed = true;
                s.totals_reviewed_on = r->reviewed_on;
                for (int x = 0; x < POLLUTANT_COUNT_; x++)
                        s.need_g[x] = r->line[x].need_g;
        } else if (rc == GL_OK || rc == GL_ENOTFOUND) {
                rc = needs_today(app, &p, today, needs, err);
                for (int x = 0; rc == GL_OK && x < POLLUTANT_COUNT_; x++)
                        s.need_g[x] = needs->line[x].need_g;
        } else {
                rc = db_fail(app, "读取总量审核", err);
        }
        free(r);
        free(needs);
        if (rc != GL_OK)
                return rc;
        s.eia_approved = p.eia_approved_on != GL_DATE_NONE;
        s.eia_approved_on = p.eia_approved_on;
        *out = s;
        return GL_OK;
}

/* ---- projects ---- */

static int may_write_project(const struct actor *who, const char *builder_uscc,
                             struct gl_error *err)
{
        switch (who->role) {
        case ROLE_SYSTEM:
        case ROLE_COUNTY_OFFICER:
        case ROLE_APPROVAL_OFFICER:
                return GL_OK;
        case ROLE_ENTERPRISE:
                if (builder_uscc == NULL || strcmp(builder_uscc, who->uscc) == 0)
                        return GL_OK;
                return gl_fail(err, GL_EPERM, "builder_uscc",
                               "企业用户只能登记本企业建设的项目 (an enterprise registers its own "
                               "projects only)");
        default:
                return gl_fail(err, GL_EPERM, "role",
                               "%s不能登记建设项目：由建设单位、县生态环境分局或行政审批局登记",
                               role_label_zh(who->role));
        }
}

static json_t *project_detail(const struct project_row *p)
{
        json_t *added = json_object();
        for (int x = 0; x < POLLUTANT_COUNT_; x++)
                if (p->v.added_g[x] > 0)
                        json_object_set_new(added, pollutant_code((enum pollutant)x),
                                            json_integer((json_int_t)p->v.added_g[x]));
        return json_pack("{s:I, s:s, s:s, s:s, s:s, s:s, s:I, s:o}", "project", (json_int_t)p->id,
                         "name", p->v.name, "builder_uscc", p->v.builder_uscc, "builder_name",
                         p->v.builder_name, "category", p->v.category, "township", p->v.township,
                         "plan", (json_int_t)p->plan_id, "added_g", added);
}

int app_project_add(struct app *app, const struct actor *who, const struct m4_project_input *in,
                    int64_t plan_id, gl_date today, int64_t *id, struct gl_error *err)
{
        struct m4_project_input mine = *in;
        int rc = need_today(today, err);
        if (rc == GL_OK)
                rc = may_write_project(who, given(in->builder_uscc) ? in->builder_uscc : NULL, err);
        if (rc != GL_OK)
                return rc;
        if (who->role == ROLE_ENTERPRISE && !given(mine.builder_uscc))
                mine.builder_uscc = who->uscc;
        struct enterprise e;
        mine.builder_registered = given(mine.builder_uscc) &&
                                  enterprise_store_get(app->db, mine.builder_uscc, &e) == GL_OK;
        if (!given(mine.builder_name) && mine.builder_registered)
                mine.builder_name = e.name;
        struct project_row p;
        memset(&p, 0, sizeof(p));
        /* The county it is in: an enterprise's own, an officer's county, else the pack's; its
         * categories are that county's pack's. */
        copy(p.division, sizeof(p.division),
             who->role == ROLE_ENTERPRISE && mine.builder_registered ? e.division
                                                                     : app_scope_county(app, who));
        if ((rc = m4_project_check(project_pack(app, &p), &mine, &p.v, err)) != GL_OK)
                return rc;
        if (plan_id < 0)
                return gl_fail(err, GL_EINVAL, "plan", "规划环评编号无效");
        p.plan_id = plan_id;
        copy(p.created_by, sizeof(p.created_by), who->name);
        app_now_iso(p.created_at);
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct plan_row plan;
        if (plan_id > 0 && (rc = plan_store_get(app->db, plan_id, &plan)) != GL_OK)
                rc = rc == GL_ENOTFOUND
                         ? gl_fail(err, GL_EINVAL, "plan", "没有规划环评 %lld (no such plan)",
                                   (long long)plan_id)
                         : db_fail(app, "读取规划环评", err);
        if (rc == GL_OK && project_store_insert(app->db, &p, &p.id) != GL_OK)
                rc = db_fail(app, "保存建设项目", err);
        if (rc == GL_OK)
                rc = audit(app, who, "project.add", "project", p.id, project_detail(&p), err);
        if ((rc = finish(app, rc, err)) == GL_OK && id)
                *id = p.id;
        return rc;
}

static int fill_view(struct app *app, const struct project_row *p, gl_date today,
                     struct project_view *v, struct gl_error *err)
{
        memset(v, 0, sizeof(*v));
        v->p = *p;
        v->infrastructure =
            m4_is_infrastructure(project_pack(app, p), today, p->v.category, &v->infra);
        int rc;
        if (p->plan_id > 0) {
                rc = plan_store_get(app->db, p->plan_id, &v->plan);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return db_fail(app, "读取规划环评", err);
                v->has_plan = rc == GL_OK;
        }
        rc = totals_store_latest(app->db, p->id, &v->review);
        if (rc != GL_OK && rc != GL_ENOTFOUND)
                return db_fail(app, "读取总量审核", err);
        v->has_review = rc == GL_OK;
        struct gl_error ignore = {0};
        if (needs_today(app, p, today, &v->needs, &ignore) != GL_OK)
                m4_explain(&v->needs.why, "%s", ignore.message);
        int64_t case_id = p->case_id;
        if (case_id == 0) { /* the newest application, once closed */
                db_stmt *st = NULL;
                if (db_prepare(app->db,
                               "SELECT MAX(case_id) FROM m4_applications WHERE project_id = $1",
                               &st) == GL_OK) {
                        db_bind_int64(st, 1, p->id);
                        if (db_step(st) == DB_ROW)
                                case_id = db_column_int64(st, 0);
                        db_finalize(st);
                }
        }
        if (case_id > 0) {
                rc = m4_store_application_get(app->db, case_id, &v->a);
                if (rc != GL_OK && rc != GL_ENOTFOUND)
                        return db_fail(app, "读取环评申请", err);
                v->has_application = rc == GL_OK;
        }
        return GL_OK;
}

int app_project_get(struct app *app, const struct actor *who, int64_t id, gl_date today,
                    struct project_view *out, struct gl_error *err)
{
        int rc = m4_scope_project(who, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct project_row p;
        rc = project_store_get(app->db, id, &p);
        if (rc == GL_ENOTFOUND || (rc == GL_OK && (m4_scope_project(who, p.v.builder_uscc, NULL) ||
                                                   !app_scope_covers(app, who, p.division))))
                return no_project(id, err);
        if (rc != GL_OK)
                return db_fail(app, "读取建设项目", err);
        return fill_view(app, &p, today, out, err);
}

struct list_walk {
        struct app *app;
        const struct actor *who;
        gl_date today;
        struct project_view *v;
        int (*fn)(const struct project_view *v, void *ctx);
        void *ctx;
        struct gl_error *err;
        int status;
};

static int list_one(const struct project_row *p, void *ctx)
{
        struct list_walk *w = ctx;
        if (!app_scope_covers(w->app, w->who, p->division))
                return 0; /* another jurisdiction's */
        int rc = fill_view(w->app, p, w->today, w->v, w->err);
        if (rc != GL_OK) {
                w->status = rc;
                return rc;
        }
        return w->fn(w->v, w->ctx);
}

int app_project_list(struct app *app, const struct actor *who, gl_date today,
                     int (*fn)(const struct project_view *v, void *ctx), void *ctx,
                     struct gl_error *err)
{
        int rc = m4_scope_project(who, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct list_walk w = {app, who, today, malloc(sizeof(struct project_view)),
                              fn,  ctx, err,   0};
        if (w.v == NULL)
                return nomem(err);
        rc = project_store_list(app->db, who->role == ROLE_ENTERPRISE ? who->uscc : NULL, list_one,
                                &w);
        free(w.v);
        if (w.status != GL_OK)
                return w.status;
        if (rc < 0)
                return rc == GL_ENOMEM ? app_read_failed(rc, err)
                                       : db_fail(app, "读取建设项目", err);
        return rc;
}

/* ---- plans ---- */

static int may_write_plan(const struct actor *who, struct gl_error *err)
{
        if (who->role == ROLE_SYSTEM || who->role == ROLE_APPROVAL_OFFICER ||
            who->role == ROLE_COUNTY_OFFICER)
                return GL_OK;
        return gl_fail(err, GL_EPERM, "", "%s不能登记规划环评：由行政审批局或县生态环境分局登记",
                       role_label_zh(who->role));
}

static json_t *plan_detail(const struct plan_row *p)
{
        char d[11] = "";
        return json_pack("{s:I, s:s, s:s, s:s, s:s?}", "plan", (json_int_t)p->id, "park", p->park,
                         "name", p->name, "state", p->state, "approved_on",
                         p->approved_on == GL_DATE_NONE ? NULL
                                                        : date_format_iso(p->approved_on, d));
}

int app_plan_add(struct app *app, const struct actor *who, const char *park, const char *name,
                 gl_date approved_on, gl_date today, int64_t *id, struct gl_error *err)
{
        int rc = need_today(today, err);
        if (rc == GL_OK)
                rc = may_write_plan(who, err);
        if (rc == GL_OK)
                rc = m4_text_check("park", "园区名称", park, M4_NAME_MAX, true, false, err);
        if (rc == GL_OK)
                rc = m4_text_check("name", "规划名称", name, M4_NAME_MAX, true, false, err);
        if (rc == GL_OK && approved_on != GL_DATE_NONE && approved_on > today)
                rc = gl_fail(err, GL_EINVAL, "approved_on", "批准日期不能晚于今天 (in the future)");
        if (rc != GL_OK)
                return rc;
        struct plan_row p;
        memset(&p, 0, sizeof(p));
        copy(p.park, sizeof(p.park), park);
        copy(p.name, sizeof(p.name), name);
        copy(p.state, sizeof(p.state), approved_on == GL_DATE_NONE ? "in_review" : "approved");
        p.approved_on = approved_on;
        copy(p.created_by, sizeof(p.created_by), who->name);
        app_now_iso(p.created_at);
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        if (plan_store_insert(app->db, &p, &p.id) != GL_OK)
                rc = db_fail(app, "保存规划环评", err);
        if (rc == GL_OK)
                rc = audit(app, who, "plan.add", "plan", p.id, plan_detail(&p), err);
        if ((rc = finish(app, rc, err)) == GL_OK && id)
                *id = p.id;
        return rc;
}

int app_plan_approve(struct app *app, const struct actor *who, int64_t id, gl_date on,
                     gl_date today, struct gl_error *err)
{
        int rc = need_today(today, err);
        if (rc == GL_OK)
                rc = may_write_plan(who, err);
        if (rc == GL_OK && (on == GL_DATE_NONE || on > today))
                rc = gl_fail(err, GL_EINVAL, "on", "批准日期应为不晚于今天的日期");
        if (rc != GL_OK)
                return rc;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct plan_row p;
        rc = plan_store_get(app->db, id, &p);
        if (rc == GL_ENOTFOUND)
                rc = gl_fail(err, GL_ENOTFOUND, "plan", "没有规划环评 %lld", (long long)id);
        else if (rc != GL_OK)
                rc = db_fail(app, "读取规划环评", err);
        else if (strcmp(p.state, "approved") == 0)
                rc = gl_fail(err, GL_ESTATE, "plan", "规划环评 %lld 已批准 (approved already)",
                             (long long)id);
        if (rc == GL_OK) {
                copy(p.state, sizeof(p.state), "approved");
                p.approved_on = on;
                app_now_iso(p.updated_at);
                if (plan_store_update(app->db, &p) != GL_OK)
                        rc = db_fail(app, "保存规划环评", err);
        }
        if (rc == GL_OK)
                rc = audit(app, who, "plan.approve", "plan", p.id, plan_detail(&p), err);
        return finish(app, rc, err);
}

int app_plan_list(struct app *app, const struct actor *who,
                  int (*fn)(const struct plan_row *p, void *ctx), void *ctx, struct gl_error *err)
{
        int rc = m4_scope_project(who, NULL, err);
        if (rc != GL_OK)
                return rc;
        rc = plan_store_list(app->db, fn, ctx);
        if (rc < 0)
                return db_fail(app, "读取规划环评", err);
        return rc;
}

/* ---- the totals review ---- */

static json_t *explanation_json(const struct m4_explanation *e)
{
        json_t *a = json_array();
        for (size_t i = 0; a && i < e->n; i++)
                json_array_append_new(a, json_string(e->line[i]));
        return a;
}

int app_totals_review(struct app *app, const struct actor *who, int64_t id,
                      const struct totals_source *sources, size_t nsources, gl_date on,
                      int64_t *review_id, struct gl_error *err)
{
        int rc = need_today(on, err);
        if (rc != GL_OK)
                return rc;
        if (who->role != ROLE_COUNTY_OFFICER && who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role",
                               "总量审核由县生态环境分局办理（措施七：分局审核项目总量指标）");
        if (nsources > TOTALS_SOURCES_MAX)
                return gl_fail(err, GL_EINVAL, "sources", "指标来源最多 %d 个", TOTALS_SOURCES_MAX);
        struct totals_review_row *r = calloc(1, sizeof(*r));
        struct totals_result *res = calloc(1, sizeof(*res));
        if (r == NULL || res == NULL) {
                free(r);
                free(res);
                return nomem(err);
        }
        if ((rc = app_begin(app, err)) != GL_OK)
                goto out;
        struct project_row p;
        rc = project_store_get(app->db, id, &p);
        if (rc == GL_ENOTFOUND)
                rc = no_project(id, err);
        else if (rc != GL_OK)
                rc = db_fail(app, "读取建设项目", err);
        if (rc == GL_OK && m4_is_infrastructure(project_pack(app, &p), on, p.v.category, &res->why))
                rc = gl_fail(
                    err, GL_ESTATE, "project",
                    "项目 %lld 属于不需总量指标的基础设施（m4.infrastructure_categories）：无需"
                    "总量审核",
                    (long long)id);
        if (rc == GL_OK)
                rc = totals_review(project_pack(app, &p), on, p.v.added_g, sources, nsources, res,
                                   err);
        if (rc == GL_OK && !res->needed)
                rc = gl_fail(err, GL_ESTATE, "project",
                             "项目 %lld 不新增主要污染物（m7.pollutants）：无需总量审核",
                             (long long)id);
        if (rc == GL_OK)
                rc = totals_sources_available(app, sources, nsources, err);
        if (rc != GL_OK) {
                app_rollback(app);
                goto out;
        }
        r->project_id = id;
        r->reviewed_on = on;
        copy(r->reviewer, sizeof(r->reviewer), who->name);
        r->passed = true;
        memcpy(r->line, res->line, sizeof(r->line));
        memcpy(r->sources, sources, nsources * sizeof(*sources));
        r->nsources = nsources;
        app_now_iso(r->created_at);
        json_t *why = explanation_json(&res->why);
        char *text = why ? json_dumps(why, JSON_COMPACT) : NULL;
        json_decref(why);
        if (text == NULL || strlen(text) >= sizeof(r->explanation))
                rc = gl_fail(err, GL_EINVAL, "sources", "说明过长 (too many sources)");
        else
                copy(r->explanation, sizeof(r->explanation), text);
        free(text);
        if (rc == GL_OK && totals_store_insert(app->db, r, &r->id) != GL_OK)
                rc = db_fail(app, "保存总量审核", err);
        if (rc == GL_OK) {
                json_t *needs = json_object(), *srcs = json_array();
                for (int x = 0; x < POLLUTANT_COUNT_; x++)
                        if (r->line[x].major)
                                json_object_set_new(needs, pollutant_code((enum pollutant)x),
                                                    json_integer((json_int_t)r->line[x].need_g));
                for (size_t i = 0; i < nsources; i++)
                        json_array_append_new(srcs,
                                              json_pack("{s:s, s:s, s:s, s:I}", "pollutant",
                                                        pollutant_code(sources[i].pollutant),
                                                        "kind", totals_kind_code(sources[i].kind),
                                                        "account", sources[i].account, "grams",
                                                        (json_int_t)sources[i].grams));
                rc = audit(app, who, "totals_review.pass", "totals_review", r->id,
                           json_pack("{s:I, s:I, s:o, s:o}", "review", (json_int_t)r->id, "project",
                                     (json_int_t)id, "need_g", needs, "sources", srcs),
                           err);
        }
        if ((rc = finish(app, rc, err)) == GL_OK && review_id)
                *review_id = r->id;
out:
        free(r);
        free(res);
        return rc;
}

/* ---- guidance ---- */

/* Loads case_id as an m4.eia application who may see. */
static int load_case(struct app *app, const struct actor *who, int64_t case_id,
                     struct case_row *row, struct m4_application *a, struct gl_error *err)
{
        int rc = case_store_get(app->db, case_id, row);
        if (rc == GL_OK && strcmp(row->procedure, M4_PROCEDURE) != 0)
                rc = GL_ENOTFOUND;
        const struct procedure *proc = rc == GL_OK ? app_case_procedure(app, row) : NULL;
        if (rc == GL_OK && app_scope_case_row(app, who, proc, row, NULL) != GL_OK)
                rc = GL_ENOTFOUND;
        if (rc == GL_OK)
                rc = m4_store_application_get(app->db, case_id, a);
        if (rc == GL_ENOTFOUND)
                return gl_fail(err, GL_ENOTFOUND, "case", "没有环评申请 %lld (no such application)",
                               (long long)case_id);
        if (rc != GL_OK)
                return db_fail(app, "读取环评申请", err);
        return GL_OK;
}

int app_eia_guide(struct app *app, const struct actor *who, int64_t case_id, const char *help,
                  gl_date on, int64_t *id, struct gl_error *err)
{
        int rc = need_today(on, err);
        if (rc == GL_OK)
                rc = m4_text_check("help", "帮扶内容", help, M4_NOTE_MAX, true, true, err);
        if (rc != GL_OK)
                return rc;
        if ((rc = app_begin(app, err)) != GL_OK)
                return rc;
        struct case_row row;
        struct m4_application a;
        rc = load_case(app, who, case_id, &row, &a, err);
        if (rc == GL_OK && who->role != ROLE_SYSTEM && strcmp(a.guide, who->name) != 0)
                rc = gl_fail(err, GL_EPERM, "guide",
                             "只有本申请的帮扶指导人%s可以记录帮扶（一对一） (the guide only)",
                             a.guide[0] ? a.guide : "（尚未指定）");
        struct guidance_row g;
        memset(&g, 0, sizeof(g));
        g.case_id = case_id;
        g.given_on = on;
        copy(g.help, sizeof(g.help), help);
        copy(g.guide, sizeof(g.guide), who->name);
        app_now_iso(g.created_at);
        if (rc == GL_OK && m4_store_guidance_add(app->db, &g, &g.id) != GL_OK)
                rc = db_fail(app, "保存帮扶记录", err);
        char d[11];
        if (rc == GL_OK)
                rc = audit(app, who, "eia.guide", "case", case_id,
                           json_pack("{s:I, s:s, s:s}", "guidance", (json_int_t)g.id, "on",
                                     date_format_iso(on, d), "help", help),
                           err);
        if ((rc = finish(app, rc, err)) == GL_OK && id)
                *id = g.id;
        return rc;
}

int app_eia_guidance(struct app *app, const struct actor *who, int64_t case_id,
                     int (*fn)(const struct guidance_row *g, void *ctx), void *ctx,
                     struct gl_error *err)
{
        struct case_row row;
        struct m4_application a;
        int rc = load_case(app, who, case_id, &row, &a, err);
        if (rc != GL_OK)
                return rc;
        rc = m4_store_guidance_list(app->db, case_id, fn, ctx);
        return rc < 0 ? db_fail(app, "读取帮扶记录", err) : rc;
}

int app_eia_materials(struct app *app, const struct actor *who, int64_t case_id,
                      int (*fn)(const char *name, void *ctx), void *ctx, struct gl_error *err)
{
        struct case_row row;
        struct m4_application a;
        int rc = load_case(app, who, case_id, &row, &a, err);
        if (rc != GL_OK)
                return rc;
        rc = m4_store_materials(app->db, case_id, fn, ctx);
        return rc < 0 ? db_fail(app, "读取材料", err) : rc;
}

int app_eia_supply_action(struct app *app, const struct actor *who, int64_t case_id,
                          const char *const *names, size_t n, const char **action,
                          struct gl_error *err)
{
        struct case_row row;
        struct m4_application a;
        int rc = load_case(app, who, case_id, &row, &a, err);
        if (rc != GL_OK)
                return rc;
        struct project_row p;
        if (project_store_get(app->db, a.project_id, &p) != GL_OK)
                return db_fail(app, "读取建设项目", err);
        struct m4_materials req, missing;
        rc = m4_case_materials(app, case_id, &p, m4_document_type_from_code(a.document_type),
                               app_today_local(), names, n, &req, &missing, err);
        if (rc == GL_OK)
                *action = missing.n == 0 ? "supply" : "supply_part";
        return rc;
}

/*
 * The demo's measure 4 and measure 7 (app_demo_eia, project.h): two parks' planning EIAs (one in
 * review, one approved) and five construction projects of the demo county, their EIA applications
 * walked through m4.eia by the demo's logins so that every role of the measure has something to
 * do: shenpi (the approval bureau) an application to accept and one it cannot approve before the
 * park's plan, qiye2 materials to supply after an acceptance with items missing, xianju (the
 * branch, every application's guide, with a phone) a totals review to make; a photovoltaic
 * project approved without totals shows the infrastructure rule; a food project approved today,
 * its totals reviewed on the reserve, waits for the reserve's release to its account (m7.release:
 * proposed by xianju, for lingdao to approve).
 */
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "case.h"
#include "ledger.h"
#include "project.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

#define GUIDE_PHONE "0311-82901234"

static bool login(struct app *app, const char *name, struct actor *out)
{
        struct user_record u;
        if (user_store_get(app->db, name, &u) != GL_OK || u.disabled)
                return false;
        *out = user_actor(app, &u);
        return true;
}

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        date_parse_iso(iso, &d);
        return d;
}

static const unsigned char pdf[] = "%PDF-1.4 demo\n";

/* A step with documents named in docs (NULL-terminated), fields as given. */
static int step(struct app *app, const struct actor *who, int64_t id, const char *action,
                const char *on, const struct case_field *fields, size_t nfields,
                const char *const *docs, int64_t *opened, struct gl_error *err)
{
        struct case_document_input d[8];
        size_t n = 0;
        for (; docs && docs[n] && n < 8; n++)
                d[n] = (struct case_document_input){docs[n], "demo.pdf", pdf, sizeof(pdf) - 1};
        struct case_step_input in = {.action = action,
                                     .fields = fields,
                                     .nfields = nfields,
                                     .docs = d,
                                     .ndocs = n,
                                     .today = day(on)};
        if (opened)
                return app_case_open(app, who, "m4.eia", NULL, &in, opened, err);
        return app_case_step(app, who, id, &in, err);
}

static int project(struct app *app, const struct actor *who, const char *name, const char *uscc,
                   const char *category, const char *township, int64_t plan, const char *so2,
                   const char *nox, const char *cod, int64_t *id, struct gl_error *err)
{
        struct m4_project_input in = {
            .name = name, .builder_uscc = uscc, .category = category, .township = township};
        in.added[POLLUTANT_SO2] = so2;
        in.added[POLLUTANT_NOX] = nox;
        in.added[POLLUTANT_COD] = cod;
        return app_project_add(app, who, &in, plan, day("2022-06-01"), id, err);
}

static int apply(struct app *app, const struct actor *who, int64_t project_id, const char *type,
                 const char *on, const char *const *docs, int64_t *case_id, struct gl_error *err)
{
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)project_id);
        struct case_field f[2] = {{"project", id}, {"document_type", type}};
        return step(app, who, 0, "apply", on, f, 2, docs, case_id, err);
}

static int accept(struct app *app, const struct actor *shenpi, int64_t id, const char *action,
                  const char *on, struct gl_error *err)
{
        struct case_field f[2] = {{"guide", "xianju"}, {"guide_phone", GUIDE_PHONE}};
        return step(app, shenpi, id, action, on, f, 2, NULL, NULL, err);
}

/* Another enterprise of the demo county than the clerks'. */
static int other_enterprise(struct app *app, const char *not1, const char *not2, int skip,
                            char out[19])
{
        db_stmt *st = NULL;
        if (db_prepare(app->db,
                       "SELECT uscc FROM enterprises WHERE uscc <> $1 AND uscc <> $2 ORDER BY uscc "
                       "LIMIT 1 OFFSET $3",
                       &st) != GL_OK)
                return GL_EDB;
        db_bind_text(st, 1, not1);
        db_bind_text(st, 2, not2);
        db_bind_int64(st, 3, skip);
        int rc = db_step(st);
        if (rc == DB_ROW)
                snprintf(out, 19, "%s", db_column_text(st, 0));
        db_finalize(st);
        return rc == DB_ROW ? GL_OK : GL_ENOTFOUND;
}

/* 6: a food project of today whose totals review passed on the reserve's COD and whose EIA was
 * approved, waiting for the reserve's release to its account: proposed by xianju, for lingdao to
 * approve (m7.release, two-person). */
static int released_project(struct app *app, const struct actor *shenpi, const struct actor *xianju,
                            const char *builder, gl_date today, int64_t *id, struct gl_error *err)
{
        struct m4_project_input in = {.name = "平山县食品产业园豆制品加工项目",
                                      .builder_uscc = builder,
                                      .category = "food",
                                      .township = "平山镇"};
        in.added[POLLUTANT_COD] = "400000";
        int rc = app_project_add(app, xianju, &in, 0, today, id, err);
        char iso[11], account[32];
        date_format_iso(today, iso);
        struct totals_source src = {
            .pollutant = POLLUTANT_COD, .kind = TOTALS_RESERVE, .grams = 600000};
        snprintf(src.account, sizeof(src.account), "reserve:%s", app->pack->division);
        int64_t review = 0, c = 0;
        if (rc == GL_OK)
                rc = app_totals_review(app, xianju, *id, &src, 1, today, &review, err);
        static const char *const form[] = {"环境影响报告表", "建设项目环评审批申请",
                                           "总量指标来源说明", NULL};
        if (rc == GL_OK)
                rc = apply(app, xianju, *id, "report_form", iso, form, &c, err);
        if (rc == GL_OK)
                rc = accept(app, shenpi, c, "accept", iso, err);
        if (rc == GL_OK)
                rc = step(app, shenpi, c, "approve", iso, NULL, 0, NULL, NULL, err);
        snprintf(account, sizeof(account), "project:%lld", (long long)*id);
        struct ledger_transfer_input r = {.client_id = "demo-release-project",
                                          .pollutant = "cod",
                                          .from = src.account,
                                          .to = account,
                                          .grams = 600000,
                                          .kind = "release",
                                          .day = today,
                                          .price_fen = -1,
                                          .note = "总量审核通过、环评已批准，释放储备化学需氧量"};
        struct ledger_transfer t;
        bool replayed;
        if (rc == GL_OK)
                rc = app_ledger_transfer(app, xianju, &r, &t, &replayed, err);
        return rc;
}

int app_demo_eia(struct app *app, const struct actor *who, gl_date today, int64_t *projects,
                 struct gl_error *err)
{
        *projects = 0;
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "role", "只有管理员可以生成演示数据");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM m4_projects", &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取建设项目失败: %s", db_errmsg(app->db));
        if (existing > 0 || procedure_find(app->pack, "m4.eia") == NULL)
                return GL_OK;
        struct actor shenpi, xianju, qiye1, qiye2;
        if (!login(app, "shenpi", &shenpi) || !login(app, "xianju", &xianju) ||
            !login(app, "qiye1", &qiye1) || !login(app, "qiye2", &qiye2))
                return GL_OK;
        char a[19], b[19];
        if (other_enterprise(app, qiye1.uscc, qiye2.uscc, 0, a) != GL_OK ||
            other_enterprise(app, qiye1.uscc, qiye2.uscc, 1, b) != GL_OK)
                return GL_OK;
        int64_t plan_review = 0, plan_ok = 0, p[5] = {0}, c[5] = {0};
        int rc =
            app_plan_add(app, &shenpi, "平山县西柏坡产业园", "西柏坡产业园总体规划（2022—2035年）",
                         GL_DATE_NONE, day("2022-05-10"), &plan_review, err);
        if (rc == GL_OK)
                rc = app_plan_add(app, &shenpi, "温塘循环经济园区", "温塘循环经济园区发展规划",
                                  day("2022-05-20"), day("2022-05-20"), &plan_ok, err);
        /* 1: photovoltaic, approved without totals. */
        if (rc == GL_OK)
                rc = project(app, &xianju, "平山县岗南20兆瓦农光互补光伏电站", a, "photovoltaic",
                             "岗南镇", 0, NULL, NULL, NULL, &p[0], err);
        static const char *const form[] = {"环境影响报告表", "建设项目环评审批申请", NULL};
        if (rc == GL_OK)
                rc = apply(app, &xianju, p[0], "report_form", "2022-06-06", form, &c[0], err);
        if (rc == GL_OK)
                rc = accept(app, &shenpi, c[0], "accept", "2022-06-07", err);
        if (rc == GL_OK)
                rc = step(app, &shenpi, c[0], "approve", "2022-06-13", NULL, 0, NULL, NULL, err);
        /* 2: qiye2's report accepted with materials missing, for qiye2 to supply. */
        if (rc == GL_OK)
                rc = project(app, &qiye2, "年产2万吨精细化工中间体扩建项目", qiye2.uscc, "chemical",
                             "温塘镇", plan_ok, "8000000", "12000000", "3000000", &p[1], err);
        static const char *const part[] = {"环境影响报告书", "建设项目环评审批申请",
                                           "规划环评审查意见", NULL};
        if (rc == GL_OK)
                rc = apply(app, &qiye2, p[1], "report", "2022-06-20", part, &c[1], err);
        if (rc == GL_OK)
                rc = accept(app, &shenpi, c[1], "accept_missing", "2022-06-21", err);
        if (rc == GL_OK)
                rc = app_eia_guide(app, &xianju, c[1],
                                   "电话指导公众参与说明的编制要求，约定下周现场核实总量指标来源",
                                   day("2022-06-22"), NULL, err);
        /* 3: qiye1's report form, awaiting acceptance by shenpi. */
        if (rc == GL_OK)
                rc = project(app, &qiye1, "新型建材生产线技术改造项目", qiye1.uscc,
                             "building_materials", "平山镇", 0, "300000", "450000", NULL, &p[2],
                             err);
        if (rc == GL_OK)
                rc = apply(app, &qiye1, p[2], "report_form", "2022-07-04", form, &c[2], err);
        /* 4: a steel project in review whose totals review is pending, for xianju. */
        if (rc == GL_OK)
                rc = project(app, &xianju, "短流程电炉炼钢升级改造项目", b, "steel", "温塘镇", 0,
                             "5000000", "9000000", NULL, &p[3], err);
        static const char *const full[] = {"环境影响报告书", "建设项目环评审批申请", "公众参与说明",
                                           "总量指标来源说明", NULL};
        if (rc == GL_OK)
                rc = apply(app, &xianju, p[3], "report", "2022-06-27", full, &c[3], err);
        if (rc == GL_OK)
                rc = accept(app, &shenpi, c[3], "accept", "2022-06-28", err);
        /* 5: under the park whose plan is in review: approval waits for the plan. */
        if (rc == GL_OK)
                rc = project(app, &xianju, "西柏坡产业园医药中间体项目", a, "pharmaceutical",
                             "西柏坡镇", plan_review, NULL, NULL, "200000", &p[4], err);
        static const char *const park[] = {"环境影响报告表", "建设项目环评审批申请",
                                           "规划环评审查意见", NULL};
        if (rc == GL_OK)
                rc = apply(app, &xianju, p[4], "report_form", "2022-07-01", park, &c[4], err);
        if (rc == GL_OK)
                rc = accept(app, &shenpi, c[4], "accept", "2022-07-04", err);
        int64_t sixth = 0;
        if (rc == GL_OK)
                rc = released_project(app, &shenpi, &xianju, qiye2.uscc, today, &sixth, err);
        if (rc == GL_OK)
                *projects = 6;
        return rc;
}

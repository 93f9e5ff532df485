/*
 * Unit tests of measure 4's and measure 7's pure rules (core/m4_eia.h, core/m7_totals.h) on the
 * pack compiled into the program: a project's data checked naming each bad field; infrastructure
 * without totals, onshore wind by its reading; the materials of each document type and those
 * missing; the decision's limit by the pack's rule and the document type; parallel approval at the
 * boundary day; the need by the offset ratio rounded up to the gram; the sources' cover, shortfall
 * and excess; the accounts' shapes; and the deadlines around National Day 2022. The expectations
 * are written out from the measure, the EIA Law art. 22, Hebei's 2018 limits and the State
 * Council's 2022 holiday notice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/m4_eia.h"
#include "core/m7_totals.h"
#include "core/policy.h"
#include "core/procedure.h"
#include "io/policy_json.h"

#define BUILDER "91130131M10000012G"

static struct policy_pack *pack;
static struct calendar *cal;

static gl_date d(const char *iso)
{
        gl_date out = GL_DATE_NONE;
        assert_int_equal(date_parse_iso(iso, &out), GL_OK);
        return out;
}

static int setup(void **state)
{
        (void)state;
        struct gl_error err = {0};
        if (policy_pack_load_default(&pack, &err) != GL_OK ||
            calendar_load_default(&cal, &err) != GL_OK) {
                fprintf(stderr, "%s\n", err.message);
                return -1;
        }
        return 0;
}

static int teardown(void **state)
{
        (void)state;
        policy_pack_free(pack);
        calendar_free(cal);
        return 0;
}

/* A fresh pack for a test that overrides a parameter. */
static int reload(void **state)
{
        teardown(state);
        return setup(state);
}

static void test_project_check(void **state)
{
        (void)state;
        struct m4_project_input in = {.name = "光伏电站",
                                      .builder_uscc = BUILDER,
                                      .builder_name = "平山县新能源有限公司",
                                      .category = "光伏",
                                      .township = "平山镇"};
        in.added[POLLUTANT_SO2] = "12000";
        struct m4_project_values v;
        struct gl_error err = {0};
        assert_int_equal(m4_project_check(pack, &in, &v, &err), GL_OK);
        assert_string_equal(v.category, "photovoltaic");
        assert_int_equal(v.added_g[POLLUTANT_SO2], 12000);
        assert_int_equal(v.added_g[POLLUTANT_NOX], 0);
        static const struct {
                const char *field;
                const char *value;
        } bad[] = {{"name", ""},
                   {"builder_uscc", "91130131M10000012X"},
                   {"category", "赌场"},
                   {"township", "火星镇"},
                   {"so2", "-5"},
                   {"so2", "1.5"},
                   {"so2", "99999999999999999"}};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct m4_project_input b = in;
                if (strcmp(bad[i].field, "name") == 0)
                        b.name = bad[i].value;
                else if (strcmp(bad[i].field, "builder_uscc") == 0)
                        b.builder_uscc = bad[i].value;
                else if (strcmp(bad[i].field, "category") == 0)
                        b.category = bad[i].value;
                else if (strcmp(bad[i].field, "township") == 0)
                        b.township = bad[i].value;
                else
                        b.added[POLLUTANT_SO2] = bad[i].value;
                assert_int_equal(m4_project_check(pack, &b, &v, &err), GL_EINVAL);
                assert_string_equal(err.field, bad[i].field);
        }
}

static void test_infrastructure(void **state)
{
        static const struct {
                const char *category;
                bool infrastructure;
        } table[] = {{"highway", true},
                     {"railway", true},
                     {"hydropower", true},
                     {"photovoltaic", true},
                     {"onshore_wind", true},
                     {"chemical", false},
                     {"building_materials", false},
                     {"steel", false},
                     {"pharmaceutical", false},
                     {"logistics", false}};
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                struct m4_explanation e = {0};
                assert_int_equal(m4_is_infrastructure(pack, d("2022-06-01"), table[i].category, &e),
                                 table[i].infrastructure);
                assert_true(e.n >= 1);
        }
        /* The reading named: onshore wind is infrastructure while the pack says so. */
        struct m4_explanation e = {0};
        m4_is_infrastructure(pack, d("2022-06-01"), "onshore_wind", &e);
        assert_non_null(strstr(e.line[0], "m4.onshore_wind_infrastructure = 1"));
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "m4.onshore_wind_infrastructure", "0", &err),
                         GL_OK);
        assert_false(m4_is_infrastructure(pack, d("2022-06-01"), "onshore_wind", NULL));
        assert_int_equal(reload(state), 0);
}

static bool has(const struct m4_materials *m, const char *name)
{
        for (size_t i = 0; i < m->n; i++)
                if (strcmp(m->name[i], name) == 0)
                        return true;
        return false;
}

static void test_materials(void **state)
{
        (void)state;
        struct m4_materials req, missing;
        struct gl_error err = {0};
        gl_date on = d("2022-06-01");
        assert_int_equal(m4_required_materials(pack, on, M4_REPORT, false, false, &req, &err),
                         GL_OK);
        assert_int_equal(req.n, 4);
        assert_true(has(&req, "总量指标来源说明"));
        assert_false(has(&req, "规划环评审查意见"));
        assert_int_equal(m4_required_materials(pack, on, M4_REPORT, true, false, &req, &err),
                         GL_OK);
        assert_true(has(&req, "规划环评审查意见"));
        /* Infrastructure needs no statement of indicator sources. */
        assert_int_equal(m4_required_materials(pack, on, M4_REPORT, false, true, &req, &err),
                         GL_OK);
        assert_false(has(&req, "总量指标来源说明"));
        assert_int_equal(req.n, 3);
        assert_int_equal(m4_required_materials(pack, on, M4_REPORT_FORM, false, false, &req, &err),
                         GL_OK);
        assert_int_equal(req.n, 2);
        assert_int_equal(
            m4_required_materials(pack, on, M4_REGISTRATION_FORM, true, false, &req, &err), GL_OK);
        assert_int_equal(req.n, 1);
        /* Missing: what was required and not handed in, in the order required. */
        assert_int_equal(m4_required_materials(pack, on, M4_REPORT, true, false, &req, &err),
                         GL_OK);
        const char *handed[] = {"环境影响报告书", "其他材料", "公众参与说明"};
        assert_int_equal(m4_missing_materials(&req, handed, 3, &missing), 3);
        char list[256];
        assert_string_equal(m4_materials_join(&missing, list, sizeof(list)),
                            "建设项目环评审批申请、总量指标来源说明、规划环评审查意见");
        const char *all[] = {"环境影响报告书", "建设项目环评审批申请", "公众参与说明",
                             "总量指标来源说明", "规划环评审查意见"};
        assert_int_equal(m4_missing_materials(&req, all, 5, &missing), 0);
}

static void test_decision_limit(void **state)
{
        struct m4_decision_limit l;
        struct m4_explanation e = {0};
        struct gl_error err = {0};
        gl_date on = d("2022-06-01");
        assert_int_equal(m4_decision_limit(pack, on, M4_REPORT, &l, &e, &err), GL_OK);
        assert_int_equal(l.rule, PROCEDURE_RULE_WORKING_DAYS);
        assert_int_equal(l.length, 15);
        assert_string_equal(l.param, "m4.decision_working_days_report");
        assert_non_null(strstr(e.line[0], "m4.decision_limit_rule = hebei_working_days"));
        assert_int_equal(m4_decision_limit(pack, on, M4_REPORT_FORM, &l, NULL, &err), GL_OK);
        assert_int_equal(l.length, 7);
        assert_int_equal(m4_decision_limit(pack, on, M4_REGISTRATION_FORM, &l, NULL, &err),
                         GL_EINVAL);
        assert_string_equal(err.field, "document_type");
        /* The law's days where the pack says so. */
        assert_int_equal(policy_pack_override(pack, "m4.decision_limit_rule", "law_days", &err),
                         GL_OK);
        assert_int_equal(m4_decision_limit(pack, on, M4_REPORT, &l, NULL, &err), GL_OK);
        assert_int_equal(l.rule, PROCEDURE_RULE_DAYS);
        assert_int_equal(l.length, 60);
        assert_string_equal(l.param, "m4.decision_days_report");
        assert_int_equal(m4_decision_limit(pack, on, M4_REPORT_FORM, &l, NULL, &err), GL_OK);
        assert_int_equal(l.length, 30);
        assert_int_equal(policy_pack_override(pack, "m4.decision_limit_rule", "weekly", &err),
                         GL_OK);
        assert_int_equal(m4_decision_limit(pack, on, M4_REPORT, &l, NULL, &err), GL_EINVAL);
        assert_string_equal(err.field, "m4.decision_limit_rule");
        assert_int_equal(reload(state), 0);
}

static void test_parallel_approval(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct m4_plan_facts review = {7, "平山县西柏坡产业园区总体规划", false, GL_DATE_NONE};
        assert_int_equal(m4_plan_allows_approval(pack, d("2022-06-10"), &review, NULL, &err),
                         GL_ESTATE);
        assert_string_equal(err.field, "plan");
        assert_non_null(strstr(err.message, "平山县西柏坡产业园区总体规划"));
        struct m4_plan_facts ok = {7, "平山县西柏坡产业园区总体规划", true, d("2022-06-10")};
        assert_int_equal(m4_plan_allows_approval(pack, d("2022-06-10"), &ok, NULL, &err), GL_OK);
        assert_int_equal(m4_plan_allows_approval(pack, d("2022-06-09"), &ok, NULL, &err),
                         GL_ESTATE);
        assert_int_equal(m4_plan_allows_approval(pack, d("2022-06-11"), &ok, NULL, &err), GL_OK);
        assert_int_equal(m4_plan_allows_approval(pack, d("2022-06-09"), NULL, NULL, &err), GL_OK);
}

static void test_need(void **state)
{
        (void)state;
        static const struct {
                int64_t added;
                int64_t num, den;
                int64_t need;
        } table[] = {{0, 2, 1, 0},         {1, 2, 1, 2},
                     {12000, 2, 1, 24000}, {1, 3, 2, 2},
                     {333, 3, 2, 500},     {334, 3, 2, 501},
                     {3, 1, 3, 1},         {2, 1, 3, 1},
                     {6, 1, 3, 2},         {M4_ADDED_MAX_G, 1000, 1, M4_ADDED_MAX_G * 1000}};
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
                assert_int_equal(
                    totals_need(table[i].added, (struct totals_ratio){table[i].num, table[i].den}),
                    table[i].need);
        assert_int_equal(totals_need(M4_ADDED_MAX_G + 1, (struct totals_ratio){2, 1}), -1);
        assert_int_equal(totals_need(-1, (struct totals_ratio){2, 1}), -1);
        struct totals_ratio r;
        struct gl_error err = {0};
        assert_int_equal(totals_offset_ratio(pack, d("2022-06-01"), POLLUTANT_SO2, &r, &err),
                         GL_OK);
        assert_int_equal(r.num, 2);
        assert_int_equal(r.den, 1);
        assert_int_equal(totals_offset_ratio(pack, d("2022-06-01"), POLLUTANT_COD, &r, &err),
                         GL_OK);
        assert_int_equal(r.num, 3);
        assert_int_equal(r.den, 2);
}

static void test_major_pollutants(void **state)
{
        (void)state;
        /* SO2, NOx, COD, NH3-N in 2022; VOCs and PM from the pack's reading (2023). */
        assert_true(totals_major_pollutant(pack, d("2022-06-01"), POLLUTANT_SO2));
        assert_true(totals_major_pollutant(pack, d("2022-06-01"), POLLUTANT_NH3N));
        assert_false(totals_major_pollutant(pack, d("2022-12-31"), POLLUTANT_VOCS));
        assert_false(totals_major_pollutant(pack, d("2022-06-01"), POLLUTANT_PM));
        assert_true(totals_major_pollutant(pack, d("2023-01-01"), POLLUTANT_VOCS));
        assert_true(totals_major_pollutant(pack, d("2023-01-01"), POLLUTANT_PM));
        int64_t added[POLLUTANT_COUNT_] = {0};
        added[POLLUTANT_VOCS] = 5000;
        struct totals_result *r = calloc(1, sizeof(*r));
        struct gl_error err = {0};
        assert_int_equal(totals_needs(pack, d("2022-06-01"), added, r, &err), GL_OK);
        assert_false(r->needed);
        assert_int_equal(totals_needs(pack, d("2023-02-01"), added, r, &err), GL_OK);
        assert_true(r->needed);
        assert_int_equal(r->line[POLLUTANT_VOCS].need_g, 7500);
        free(r);
}

static struct totals_source src(const char *text)
{
        struct totals_source s;
        struct gl_error err = {0};
        assert_int_equal(totals_source_parse(text, "sources", &s, &err), GL_OK);
        return s;
}

static void test_review(void **state)
{
        (void)state;
        int64_t added[POLLUTANT_COUNT_] = {0};
        added[POLLUTANT_SO2] = 6000;
        added[POLLUTANT_COD] = 333;
        struct totals_result *r = calloc(1, sizeof(*r));
        struct gl_error err = {0};
        gl_date on = d("2022-06-01");
        struct totals_source ok[] = {src("so2=reserve:130131:10000"),
                                     src("so2=trade:enterprise:" BUILDER ":2000"),
                                     src("cod=city:130100:500")};
        assert_int_equal(totals_review(pack, on, added, ok, 3, r, &err), GL_OK);
        assert_int_equal(r->line[POLLUTANT_SO2].need_g, 12000);
        assert_int_equal(r->line[POLLUTANT_SO2].covered_g, 12000);
        assert_int_equal(r->line[POLLUTANT_COD].need_g, 500);
        assert_non_null(strstr(r->why.line[r->why.n - 1], "总量审核通过"));
        /* A shortfall names the pollutant and the gap. */
        struct totals_source shy[] = {src("so2=reserve:130131:11999"), src("cod=city:130100:500")};
        assert_int_equal(totals_review(pack, on, added, shy, 2, r, &err), GL_ESTATE);
        assert_string_equal(err.field, "sources");
        assert_non_null(strstr(err.message, "二氧化硫"));
        assert_non_null(strstr(err.message, "缺口 1 克"));
        /* A pollutant without any source is short by its whole need. */
        assert_int_equal(totals_review(pack, on, added, shy, 1, r, &err), GL_ESTATE);
        /* More than needed is refused (从严从紧). */
        struct totals_source much[] = {src("so2=reserve:130131:12001"), src("cod=city:130100:500")};
        assert_int_equal(totals_review(pack, on, added, much, 2, r, &err), GL_EINVAL);
        /* A source of what the project needs nothing of. */
        struct totals_source odd[] = {src("so2=reserve:130131:12000"), src("cod=city:130100:500"),
                                      src("nox=province:130000:10")};
        assert_int_equal(totals_review(pack, on, added, odd, 3, r, &err), GL_EINVAL);
        free(r);
}

static void test_sources(void **state)
{
        (void)state;
        struct totals_source s = src("so2=reserve:130131:12000");
        assert_int_equal(s.pollutant, POLLUTANT_SO2);
        assert_int_equal(s.kind, TOTALS_RESERVE);
        assert_string_equal(s.account, "reserve:130131");
        assert_int_equal(s.grams, 12000);
        s = src("nox=own:project:12:50");
        assert_string_equal(s.account, "project:12");
        s = src("nh3n=province:province:130000:1");
        assert_string_equal(s.account, "province:130000");
        static const char *const bad[] = {
            "so2",
            "so2=reserve:130131",
            "co2=reserve:130131:1",
            "so2=gift:130131:1",
            "so2=reserve:13013:1",
            "so2=city:130131:1",
            "so2=province:130100:1",
            "so2=trade:enterprise:91130131M10000012X:1",
            "so2=trade:project:12:1",
            "so2=own:project:0:1",
            "so2=reserve:130131:0",
            "so2=reserve:130131:-3",
            "so2=reserve:130131:1.5",
        };
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                struct gl_error err = {0};
                assert_int_equal(totals_source_parse(bad[i], "sources", &s, &err), GL_EINVAL);
                assert_string_equal(err.field, "sources");
        }
}

/* Acceptance on the working day before National Day 2022 is due after it; the law's days end on
 * a working day. */
static void test_deadlines(void **state)
{
        (void)state;
        bool prov = false;
        gl_date latest;
        int64_t n = 0;
        assert_int_equal(policy_param_int(pack, "m4.acceptance_working_days", d("2022-09-30"), &n),
                         GL_OK);
        assert_int_equal(n, 2);
        /* 09-30 (Fri) received: 10-01..07 off, 10-08 (Sat) and 10-09 (Sun) make-up working days. */
        assert_int_equal(procedure_deadline_due(cal, PROCEDURE_RULE_WORKING_DAYS, d("2022-09-30"),
                                                (int)n, &latest, &prov),
                         d("2022-10-09"));
        assert_false(prov);
        /* 30 days after 09-01 is 10-01, a holiday: the next working day, 10-08. */
        assert_int_equal(
            procedure_deadline_due(cal, PROCEDURE_RULE_DAYS, d("2022-09-01"), 30, &latest, &prov),
            d("2022-10-08"));
        /* 60 days after 2022-06-01 is 07-31, a Sunday: 08-01. */
        assert_int_equal(
            procedure_deadline_due(cal, PROCEDURE_RULE_DAYS, d("2022-06-01"), 60, &latest, &prov),
            d("2022-08-01"));
        /* A suspension of days moves a days rule by the calendar days stopped. */
        assert_int_equal(procedure_deadline_resume(cal, PROCEDURE_RULE_DAYS, d("2022-08-01"),
                                                   d("2022-06-01"), d("2022-06-11"), &prov),
                         d("2022-08-11"));
        enum procedure_rule r;
        assert_true(procedure_rule_from_name("days", &r));
        assert_int_equal(r, PROCEDURE_RULE_DAYS);
        assert_string_equal(procedure_rule_name(PROCEDURE_RULE_DAYS), "days");
        assert_false(procedure_rule_from_name("weeks", &r));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_project_check),     cmocka_unit_test(test_infrastructure),
            cmocka_unit_test(test_materials),         cmocka_unit_test(test_decision_limit),
            cmocka_unit_test(test_parallel_approval), cmocka_unit_test(test_need),
            cmocka_unit_test(test_major_pollutants),  cmocka_unit_test(test_review),
            cmocka_unit_test(test_sources),           cmocka_unit_test(test_deadlines),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}

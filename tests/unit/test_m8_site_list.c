/*
 * Unit tests of measure 8's pure rules (core/m8_site_list.h) on the pack compiled into the program:
 * a site's data checked and put in the pack's words (the competent department of every category,
 * each bad value refused naming its field), the measure's units matched against users of every
 * kind, the inspections a listed site may have (少检查、少打扰), dust control before applying,
 * and the publication's end on working days around National Day 2022. The expectations are written
 * out in tables from the measure's text and the State Council's 2022 holiday notice.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/calendar.h"
#include "core/m8_site_list.h"
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

static struct m8_site_input good(void)
{
        return (struct m8_site_input){.project = "平山县第二实验小学教学综合楼",
                                      .category = "school",
                                      .builder_uscc = BUILDER,
                                      .builder_name = "平山县教育局",
                                      .township = "平山镇",
                                      .address = "冶河路南段",
                                      .earthwork_m2 = "6800",
                                      .started_on = "2022-10-10"};
}

/* Each category of the measure's third responsibility to its competent department; municipal
 * works to housing and construction (the pack's reading). By code and by Chinese name. */
static void test_competent_departments(void **state)
{
        (void)state;
        static const struct {
                const char *category, *department;
        } table[] = {
            {"key_project", "development_reform"},
            {"school", "education"},
            {"hospital", "health"},
            {"water_works", "water_resources"},
            {"landscaping", "urban_management"},
            {"road", "transport"},
            {"municipal_works", "housing_construction"},
            {"学校", "education"},
            {"园林绿化", "urban_management"},
            {"市政工程", "housing_construction"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++) {
                struct m8_site_input in = good();
                in.category = table[i].category;
                struct m8_site_values v;
                struct gl_error err = {0};
                assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
                assert_string_equal(v.department, table[i].department);
        }
        char out[64];
        assert_null(m8_competent_department(pack, d("2022-11-01"), "nothing", out, sizeof(out)));
}

static void test_site_as_kept(void **state)
{
        (void)state;
        struct m8_site_input in = good();
        struct m8_site_values v;
        struct gl_error err = {0};
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
        assert_string_equal(v.category, "school");
        assert_string_equal(v.township, "平山镇");
        assert_int_equal(v.earthwork_m2, 6800);
        assert_int_equal(v.started_on, d("2022-10-10"));
        /* Optional fields left out: no address, no area (0), no start. */
        in.address = in.earthwork_m2 = in.started_on = NULL;
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
        assert_int_equal(v.earthwork_m2, 0);
        assert_int_equal(v.started_on, GL_DATE_NONE);
        assert_string_equal(v.address, "");
        /* The bounds of the area: 0 and the largest taken. */
        in.earthwork_m2 = "0";
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
        in.earthwork_m2 = "100000000";
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
        /* Started on the day it is registered. */
        in.started_on = "2022-11-01";
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
}

/* Each bad value refused, naming its field. */
static void test_bad_sites(void **state)
{
        (void)state;
        static const struct {
                const char *field, *value, *want;
        } table[] = {
            {"project", "", "project"},
            {"project", "   ", "project"},
            {"project", "a\001b", "project"},
            {"category", "", "category"},
            {"category", "factory", "category"},
            {"builder_uscc", "", "builder_uscc"},
            {"builder_uscc", "91130131M10000012X", "builder_uscc"}, /* the check character */
            {"builder_uscc", "9113013", "builder_uscc"},
            {"builder_name", "", "builder_name"},
            {"township", "北京", "township"},
            {"township", "", "township"},
            {"earthwork_m2", "-1", "earthwork_m2"},
            {"earthwork_m2", "12.5", "earthwork_m2"},
            {"earthwork_m2", "100000001", "earthwork_m2"},
            {"earthwork_m2", "", "earthwork_m2"},
            {"started_on", "2022-11-02", "started_on"}, /* after the day it is registered */
            {"started_on", "2022-02-30", "started_on"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++) {
                struct m8_site_input in = good();
                const char **slot = strcmp(table[i].field, "project") == 0        ? &in.project
                                    : strcmp(table[i].field, "category") == 0     ? &in.category
                                    : strcmp(table[i].field, "builder_uscc") == 0 ? &in.builder_uscc
                                    : strcmp(table[i].field, "builder_name") == 0 ? &in.builder_name
                                    : strcmp(table[i].field, "township") == 0     ? &in.township
                                    : strcmp(table[i].field, "earthwork_m2") == 0 ? &in.earthwork_m2
                                                                                  : &in.started_on;
                *slot = table[i].value;
                struct m8_site_values v;
                struct gl_error err = {0};
                if (m8_site_check(pack, d("2022-11-01"), &in, &v, &err) != GL_EINVAL)
                        fail_msg("%s=\"%s\" was not refused", table[i].field, table[i].value);
                if (strcmp(err.field, table[i].want) != 0)
                        fail_msg("%s=\"%s\": field %s, wanted %s", table[i].field, table[i].value,
                                 err.field, table[i].want);
                assert_true(err.message[0] != '\0');
        }
}

static void test_site_change(void **state)
{
        (void)state;
        struct m8_site_input in = good();
        struct m8_site_values v;
        struct gl_error err = {0};
        assert_int_equal(m8_site_check(pack, d("2022-11-01"), &in, &v, &err), GL_OK);
        /* The category changes the department with it; what is not given stays. */
        struct m8_site_input change = {.category = "hospital", .earthwork_m2 = "7000"};
        assert_int_equal(m8_site_change(pack, d("2022-11-02"), &change, &v, &err), GL_OK);
        assert_string_equal(v.department, "health");
        assert_int_equal(v.earthwork_m2, 7000);
        assert_string_equal(v.project, "平山县第二实验小学教学综合楼");
        /* Refused, unchanged: another builder, a blank project, a negative area. */
        struct m8_site_values before = v;
        struct m8_site_input other = {.builder_uscc = "91130131M100000398"};
        assert_int_equal(m8_site_change(pack, d("2022-11-02"), &other, &v, &err), GL_EINVAL);
        assert_string_equal(err.field, "builder_uscc");
        struct m8_site_input blank = {.project = "", .category = "road"};
        assert_int_equal(m8_site_change(pack, d("2022-11-02"), &blank, &v, &err), GL_EINVAL);
        assert_string_equal(err.field, "project");
        struct m8_site_input negative = {.earthwork_m2 = "-5", .category = "road"};
        assert_int_equal(m8_site_change(pack, d("2022-11-02"), &negative, &v, &err), GL_EINVAL);
        assert_string_equal(err.field, "earthwork_m2");
        assert_memory_equal(&before, &v, sizeof(v));
}

/* Who is which unit of the measure's parameters, for a site of 平山镇. */
static void test_units(void **state)
{
        (void)state;
        static const struct {
                enum role role;
                const char *department, *township;
                const char *unit;  /* m8_unit_of */
                const char *joint; /* its seat of m8.joint_reviewers, or NULL */
                bool lead;         /* m8.list_leads */
                bool verifier;     /* m8.site_verifiers */
        } table[] = {
            {ROLE_COUNTY_OFFICER, NULL, NULL, "county_branch", "county_branch", true, true},
            {ROLE_COUNTY_LEADER, NULL, NULL, "county_branch", "county_branch", true, true},
            {ROLE_COUNTY_LEGAL, NULL, NULL, "county_branch", NULL, false, false},
            {ROLE_DEPT_OFFICER, "housing_construction", NULL, "housing_construction",
             "housing_construction", false, false},
            {ROLE_DEPT_OFFICER, "住建局", NULL, "housing_construction", "housing_construction",
             false, false},
            {ROLE_DEPT_OFFICER, "air_office", NULL, "air_office", NULL, true, true},
            {ROLE_DEPT_OFFICER, "城管局", NULL, "urban_management", NULL, false, true},
            {ROLE_DEPT_OFFICER, "education", NULL, "education", NULL, false, false},
            {ROLE_DEPT_OFFICER, "no_such", NULL, "", NULL, false, false},
            {ROLE_TOWNSHIP_OFFICER, NULL, "平山镇", "平山镇", "township", false, false},
            {ROLE_TOWNSHIP_OFFICER, NULL, "温塘镇", "温塘镇", NULL, false, false},
            {ROLE_CITY_OFFICER, NULL, NULL, "", NULL, false, false},
            {ROLE_ENTERPRISE, NULL, NULL, "", NULL, false, false},
        };
        gl_date on = d("2022-11-01");
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++) {
                struct m8_member m = {table[i].role, table[i].department, table[i].township};
                assert_string_equal(m8_unit_of(pack, &m), table[i].unit);
                char unit[64] = "";
                bool joint =
                    m8_member_of(pack, on, "m8.joint_reviewers", &m, "平山镇", unit, sizeof(unit));
                assert_int_equal(joint, table[i].joint != NULL);
                if (table[i].joint)
                        assert_string_equal(unit, table[i].joint);
                assert_int_equal(m8_member_of(pack, on, "m8.list_leads", &m, "平山镇", NULL, 0),
                                 table[i].lead);
                assert_int_equal(m8_member_of(pack, on, "m8.site_verifiers", &m, "平山镇", NULL, 0),
                                 table[i].verifier);
        }
}

/* 少检查、少打扰: an unlisted site for any reason of the pack, a listed one only for those of
 * m8.listed_inspection_reasons; every inspection names a known reason. */
static void test_inspections(void **state)
{
        (void)state;
        static const struct {
                const char *reason;
                const char *code; /* as kept */
                bool unlisted, listed;
        } table[] = {
            {"complaint", "complaint", true, true},
            {"投诉举报", "complaint", true, true},
            {"alert_check", "alert_check", true, true},
            {"dust_recheck", "dust_recheck", true, true},
            {"accident", "accident", true, true},
            {"assigned", "assigned", true, true},
            {"routine", "routine", true, false},
            {"日常巡查", "routine", true, false},
            {"random", "random", true, false},
            {"other", "other", true, false},
            {"curiosity", NULL, false, false},
            {"", NULL, false, false},
        };
        gl_date on = d("2022-11-01");
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++)
                for (int listed = 0; listed < 2; listed++) {
                        char code[48] = "";
                        struct gl_error err = {0};
                        int rc = m8_inspection_allowed(pack, on, listed, table[i].reason, code,
                                                       sizeof(code), &err);
                        bool want = listed ? table[i].listed : table[i].unlisted;
                        if ((rc == GL_OK) != want)
                                fail_msg("%s (listed %d): got %d", table[i].reason, listed, rc);
                        if (rc == GL_OK) {
                                assert_string_equal(code, table[i].code);
                                continue;
                        }
                        assert_string_equal(err.field, "reason");
                        if (table[i].code)
                                assert_non_null(strstr(err.message, "m8.listed_benefits"));
                }
}

static void test_dust_before_applying(void **state)
{
        (void)state;
        struct gl_error err = {0};
        gl_date on = d("2022-11-01");
        assert_int_equal(m8_dust_allows_applying(pack, on, "passed", &err), GL_OK);
        assert_int_equal(m8_dust_allows_applying(pack, on, "unchecked", &err), GL_EINVAL);
        assert_string_equal(err.field, "dust_control");
        assert_non_null(strstr(err.message, "m8.dust_control_required"));
        assert_int_equal(m8_dust_allows_applying(pack, on, "failed", &err), GL_EINVAL);
        assert_int_equal(m8_dust_allows_applying(pack, on, NULL, &err), GL_EINVAL);
}

/* The publication's end: m8.publication_working_days (5) working days after the day it starts,
 * around National Day 2022 (Oct 1-7 off; Sat Oct 8 and Sun Oct 9 make-up working days). */
static void test_publication_around_national_day(void **state)
{
        (void)state;
        int64_t n = 0;
        assert_int_equal(policy_param_int(pack, "m8.publication_working_days", d("2022-09-29"), &n),
                         GL_OK);
        assert_int_equal(n, 5);
        static const struct {
                const char *start, *end;
        } table[] = {
            {"2022-09-26", "2022-10-08"}, /* 09-27 ... 09-30, then Sat 10-08 (make-up) */
            {"2022-09-27", "2022-10-09"}, /* 09-28, 09-29, 09-30, 10-08, Sun 10-09 (make-up) */
            {"2022-09-28", "2022-10-10"}, /* 09-29, 09-30, 10-08, 10-09, 10-10 */
            {"2022-09-29", "2022-10-11"}, /* 09-30, 10-08, 10-09, 10-10, 10-11 */
            {"2022-09-30", "2022-10-12"}, /* 10-08 ... 10-12 */
            {"2022-10-01", "2022-10-12"}, /* started on a day off: the same */
            {"2022-10-08", "2022-10-13"}, /* a make-up day starts it: 10-09 ... 10-13 */
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++) {
                gl_date latest;
                bool provisional = false;
                gl_date due =
                    procedure_deadline_due(cal, PROCEDURE_RULE_WORKING_DAYS, d(table[i].start),
                                           (int)n, &latest, &provisional);
                char got[11];
                if (due != d(table[i].end))
                        fail_msg("from %s: %s, wanted %s", table[i].start,
                                 date_format_iso(due, got), table[i].end);
                assert_false(provisional);
        }
}

static void test_texts(void **state)
{
        (void)state;
        struct gl_error err = {0};
        assert_int_equal(m8_text_check("note", "说明", "第一行\n第二行", 100, true, true, &err),
                         GL_OK);
        assert_int_equal(m8_text_check("note", "说明", "第一行\n第二行", 100, true, false, &err),
                         GL_EINVAL);
        assert_int_equal(m8_text_check("note", "说明", "\xff", 100, false, true, &err), GL_EINVAL);
        assert_int_equal(m8_text_check("note", "说明", "长长长", 8, false, true, &err), GL_EINVAL);
        assert_int_equal(m8_text_check("note", "说明", "长长", 6, false, true, &err), GL_OK);
        assert_int_equal(m8_text_check("note", "说明", NULL, 6, false, true, &err), GL_OK);
        assert_int_equal(m8_text_check("note", "说明", "\u3000", 6, true, true, &err), GL_EINVAL);
        assert_string_equal(err.field, "note");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_competent_departments),
            cmocka_unit_test(test_site_as_kept),
            cmocka_unit_test(test_bad_sites),
            cmocka_unit_test(test_site_change),
            cmocka_unit_test(test_units),
            cmocka_unit_test(test_inspections),
            cmocka_unit_test(test_dust_before_applying),
            cmocka_unit_test(test_publication_around_national_day),
            cmocka_unit_test(test_texts),
        };
        return cmocka_run_group_tests_name("m8_site_list", tests, setup, teardown);
}

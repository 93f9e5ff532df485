/*
 * Unit tests of the alert rule (core/alert.c) against the shipped pack and copies of it changed the
 * way another county's might be: every row of the table the pack ships (long-process steel,
 * foundry, and the general row for other air emitters, each grade at each level) against a table
 * written here from the readings in docs/alerts.md; B- between B and C and each level no milder
 * than the one below; an ungraded enterprise on the lowest rung of its ladder (also a ladder whose
 * lowest rung is not D); the positive list and grade A choosing their own reductions, and without
 * those exemptions; an enterprise that discharges no air pollutants not reached; listed and
 * unlisted sites at each level; the hours of a day in force; the explanation naming the parameters
 * and their readings; a broken table refused naming the parameter.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/alert.h"
#include "core/embedded.h"
#include "core/policy.h"
#include "io/policy_json.h"

static struct policy_pack *load(void)
{
        struct policy_pack *p = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_load_default(&p, &err), GL_OK);
        return p;
}

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        assert_int_equal(date_parse_iso(iso, &d), GL_OK);
        return d;
}

static alert_time at(const char *text)
{
        alert_time t = 0;
        assert_int_equal(alert_time_parse(text, false, &t), GL_OK);
        return t;
}

static struct alert_rules rules_of(const struct policy_pack *pack)
{
        struct alert_rules r;
        struct gl_error err = {0};
        int rc = alert_rules_load(pack, day("2022-06-01"), &r, &err);
        if (rc != GL_OK)
                fail_msg("%s", err.message);
        return r;
}

static struct enterprise firm(const char *industry, const char *grade, bool positive_list)
{
        struct enterprise e;
        memset(&e, 0, sizeof(e));
        snprintf(e.uscc, sizeof(e.uscc), "91130131MA0000000A");
        snprintf(e.industry, sizeof(e.industry), "%s", industry);
        snprintf(e.grade, sizeof(e.grade), "%s", grade);
        snprintf(e.township, sizeof(e.township), "南甸镇");
        e.air_emitter = true;
        e.positive_list = positive_list;
        return e;
}

static struct alert_decision decide(const struct alert_rules *r, const struct enterprise *e,
                                    enum alert_level level)
{
        struct alert_class c;
        alert_class_of_enterprise(e, &c);
        struct alert_decision d;
        assert_int_equal(alert_decide(r, level, &c, &d), GL_OK);
        return d;
}

/* What a row asks, written from the readings (docs/alerts.md), not from the pack. */
struct expected {
        bool own, halt, trucks, road;
        int limit;
        const char *stop;
};

#define OWN                                                                                        \
        {                                                                                          \
                .own = true                                                                        \
        }
#define TRUCKS                                                                                     \
        {                                                                                          \
                .trucks = true                                                                     \
        }
#define HALT_ROAD                                                                                  \
        {                                                                                          \
                .halt = true, .road = true                                                         \
        }
#define HALT_TRUCKS                                                                                \
        {                                                                                          \
                .halt = true, .trucks = true                                                       \
        }
#define STOP3 "sinter,pellet,lime_kiln"
#define STOP4 "sinter,pellet,lime_kiln,blast_furnace_half"

static const struct {
        const char *industry; /* "cement" has no rows of its own: the general row */
        const char *grade;
        struct expected at[3]; /* yellow, orange, red */
} table[] = {
    {"steel_long", "A", {OWN, OWN, OWN}},
    {"steel_long", "B", {TRUCKS, {.trucks = true, .stop = STOP3}, {.trucks = true, .stop = STOP3}}},
    {"steel_long",
     "B-",
     {{.trucks = true, .stop = STOP3},
      {.trucks = true, .stop = STOP3},
      {.trucks = true, .stop = STOP4}}},
    {"steel_long",
     "C",
     {{.trucks = true, .stop = STOP3},
      {.trucks = true, .stop = STOP4},
      {.trucks = true, .stop = STOP4}}},
    {"steel_long", "D", {HALT_ROAD, HALT_ROAD, HALT_ROAD}},
    {"foundry", "A", {OWN, OWN, OWN}},
    {"foundry", "B", {TRUCKS, TRUCKS, {.trucks = true, .stop = "air_emitting"}}},
    {"foundry",
     "B-",
     {TRUCKS, {.trucks = true, .stop = "air_emitting"}, {.trucks = true, .stop = "air_emitting"}}},
    {"foundry", "C", {{.trucks = true, .stop = "air_emitting"}, HALT_TRUCKS, HALT_TRUCKS}},
    {"foundry", "D", {HALT_ROAD, HALT_ROAD, HALT_ROAD}},
    {"cement", "A", {OWN, OWN, OWN}},
    {"cement", "B", {TRUCKS, {.trucks = true, .limit = 20}, HALT_TRUCKS}},
    {"cement", "B-", {{.trucks = true, .limit = 20}, {.trucks = true, .limit = 50}, HALT_TRUCKS}},
    {"cement", "C", {{.trucks = true, .limit = 50}, HALT_TRUCKS, HALT_TRUCKS}},
    {"cement", "D", {HALT_ROAD, HALT_ROAD, HALT_ROAD}},
};

static void check_measure(const struct alert_measure *m, const struct expected *x, const char *what)
{
        if (m->own_choice != x->own || m->halted != x->halt || m->no_old_trucks != x->trucks ||
            m->no_road_transport != x->road || m->limit_percent != x->limit ||
            strcmp(m->processes, x->stop ? x->stop : "") != 0)
                fail_msg("%s: own %d halt %d trucks %d road %d limit %d stop '%s'", what,
                         m->own_choice, m->halted, m->no_old_trucks, m->no_road_transport,
                         m->limit_percent, m->processes);
}

static void test_every_row(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++)
                for (int l = ALERT_YELLOW; l <= ALERT_RED; l++) {
                        struct enterprise e = firm(table[i].industry, table[i].grade, false);
                        struct alert_decision d = decide(&r, &e, (enum alert_level)l);
                        char what[128];
                        snprintf(what, sizeof(what), "%s/%s/%s", table[i].industry, table[i].grade,
                                 alert_level_name((enum alert_level)l));
                        check_measure(&d.m, &table[i].at[l - 1], what);
                        bool a = strcmp(table[i].grade, "A") == 0;
                        assert_int_equal(d.basis, a ? ALERT_BASIS_A_GRADE : ALERT_BASIS_TABLE);
                        assert_int_equal(d.general_row,
                                         !a && strcmp(table[i].industry, "cement") == 0);
                        /* the row key names the row applied */
                        if (!a) {
                                char key[96];
                                snprintf(key, sizeof(key), "%s/%s/%s",
                                         d.general_row ? "*" : table[i].industry, table[i].grade,
                                         alert_level_name((enum alert_level)l));
                                assert_string_equal(d.row_key, key);
                        } else {
                                assert_string_equal(d.row_key, "a_grade/A");
                        }
                        /* production_limited / restricted as the contract says */
                        bool limited = table[i].at[l - 1].halt || table[i].at[l - 1].limit > 0 ||
                                       table[i].at[l - 1].stop != NULL;
                        assert_int_equal(alert_measure_production_limited(&d.m), limited);
                        assert_int_equal(alert_measure_restricted(&d.m), !a);
                }
        alert_rules_free(&r);
        policy_pack_free(pack);
}

/* A rough order of severity for the test: halted above everything, then stopped processes and the
 * percentage, the trucks last. */
static int severity(const struct alert_measure *m)
{
        if (m->halted)
                return 1000;
        int n = m->processes[0] ? 1 : 0;
        for (const char *p = m->processes; *p; p++)
                n += *p == ',';
        return n * 10 + m->limit_percent + (m->no_old_trucks || m->no_road_transport);
}

static void test_b_minus_between_b_and_c_and_levels_rise(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        const char *industries[] = {"steel_long", "foundry", "cement", "coking"};
        for (size_t i = 0; i < GL_ARRAY_LEN(industries); i++) {
                int prev[5] = {0}, stricter = 0;
                for (int l = ALERT_YELLOW; l <= ALERT_RED; l++) {
                        struct enterprise b = firm(industries[i], "B", false);
                        struct enterprise bm = firm(industries[i], "B-", false);
                        struct enterprise c = firm(industries[i], "C", false);
                        struct alert_decision db = decide(&r, &b, (enum alert_level)l);
                        struct alert_decision dbm = decide(&r, &bm, (enum alert_level)l);
                        struct alert_decision dc = decide(&r, &c, (enum alert_level)l);
                        int sb = severity(&db.m), sbm = severity(&dbm.m), sc = severity(&dc.m);
                        assert_true(sb <= sbm);
                        assert_true(sbm <= sc);
                        stricter += sb < sc;
                        int now[3] = {sb, sbm, sc};
                        for (int g = 0; g < 3; g++) {
                                assert_true(prev[g] <= now[g]);
                                prev[g] = now[g];
                        }
                }
                assert_true(stricter > 0); /* C asks more than B at some level */
        }
        alert_rules_free(&r);
        policy_pack_free(pack);
}

static void test_ungraded_as_lowest(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        struct enterprise e = firm("steel_long", "", false);
        struct alert_decision d = decide(&r, &e, ALERT_YELLOW);
        assert_true(d.ungraded);
        assert_string_equal(d.grade_used, "D");
        assert_string_equal(d.row_key, "steel_long/D/yellow");
        assert_true(d.m.halted);
        /* lime kilns have no B- on their ladder; the lowest is still D */
        e = firm("lime_kiln", "", false);
        d = decide(&r, &e, ALERT_ORANGE);
        assert_string_equal(d.grade_used, "D");
        assert_string_equal(d.row_key, "*/D/orange");
        alert_rules_free(&r);
        /* a grade instead of lowest */
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "alert.ungraded_as", "C", &err), GL_OK);
        r = rules_of(pack);
        e = firm("foundry", "", false);
        d = decide(&r, &e, ALERT_YELLOW);
        assert_string_equal(d.grade_used, "C");
        assert_string_equal(d.row_key, "foundry/C/yellow");
        alert_rules_free(&r);
        policy_pack_free(pack);
}

/* The shipped pack with glass on a ladder C, B, A: an ungraded glass works is managed as C. */
static void test_ungraded_on_a_short_ladder(void **state)
{
        (void)state;
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        assert_non_null(f);
        json_error_t jerr;
        json_t *root = json_loadb(f->data, f->size, 0, &jerr);
        assert_non_null(root);
        json_t *industries = json_object_get(root, "industries");
        size_t i;
        json_t *ind;
        json_array_foreach(industries, i, ind)
        {
                if (strcmp(json_string_value(json_object_get(ind, "code")), "glass") == 0)
                        json_object_set_new(ind, "ladder", json_pack("[s,s,s]", "C", "B", "A"));
        }
        char *text = json_dumps(root, 0);
        json_decref(root);
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_parse_json(text, strlen(text), "test", &pack, &err), GL_OK);
        free(text);
        struct alert_rules r = rules_of(pack);
        struct enterprise e = firm("glass", "", false);
        struct alert_decision d = decide(&r, &e, ALERT_ORANGE);
        assert_string_equal(d.grade_used, "C");
        assert_string_equal(d.row_key, "*/C/orange");
        assert_true(d.m.halted);
        alert_rules_free(&r);
        policy_pack_free(pack);
}

static void test_positive_list_and_a_grade(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        /* on the positive list: own choice whatever the grade, at red too */
        const char *grades[] = {"A", "B", "B-", "C", "D", ""};
        for (size_t g = 0; g < GL_ARRAY_LEN(grades); g++) {
                struct enterprise e = firm("steel_long", grades[g], true);
                struct alert_decision d = decide(&r, &e, ALERT_RED);
                assert_int_equal(d.basis, ALERT_BASIS_POSITIVE_LIST);
                assert_true(d.m.own_choice);
                assert_false(alert_measure_restricted(&d.m));
                assert_string_equal(d.row_key, "positive_list");
        }
        alert_rules_free(&r);
        /* without the exemption the table applies */
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "alert.positive_list_exempt", "0", &err),
                         GL_OK);
        assert_int_equal(policy_pack_override(pack, "alert.a_grade_exempt", "", &err), GL_OK);
        r = rules_of(pack);
        struct enterprise e = firm("steel_long", "D", true);
        struct alert_decision d = decide(&r, &e, ALERT_RED);
        assert_int_equal(d.basis, ALERT_BASIS_TABLE);
        assert_true(d.m.halted);
        e = firm("foundry", "A", false);
        d = decide(&r, &e, ALERT_RED);
        assert_int_equal(d.basis, ALERT_BASIS_TABLE); /* the A row: own choice as well */
        assert_string_equal(d.row_key, "foundry/A/red");
        assert_true(d.m.own_choice);
        alert_rules_free(&r);
        policy_pack_free(pack);
}

static void test_not_air_emitter_not_reached(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        struct enterprise e = firm("steel_long", "D", false);
        assert_true(alert_reaches_enterprise(&r, &e));
        e.air_emitter = false;
        assert_false(alert_reaches_enterprise(&r, &e));
        alert_rules_free(&r);
        policy_pack_free(pack);
}

#define FOUR "earthwork,demolition,spray_painting_plastering,slope_shotcrete"
#define SIX FOUR ",concrete_mixing,open_cutting_welding"

static void test_sites(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        static const struct {
                bool listed;
                enum alert_level level;
                bool halted;
                const char *stop;
                const char *key;
        } cases[] = {
            {true, ALERT_YELLOW, false, FOUR, "site/listed/yellow"},
            {true, ALERT_ORANGE, false, FOUR, "site/listed/orange"},
            {true, ALERT_RED, false, FOUR, "site/listed/red"},
            {false, ALERT_YELLOW, false, SIX, "site/ordinary/yellow"},
            {false, ALERT_ORANGE, false, SIX, "site/ordinary/orange"},
            {false, ALERT_RED, true, "", "site/ordinary/red"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++) {
                struct alert_class c;
                alert_class_of_site(cases[i].listed, &c);
                struct alert_decision d;
                assert_int_equal(alert_decide(&r, cases[i].level, &c, &d), GL_OK);
                assert_int_equal(d.m.halted, cases[i].halted);
                assert_string_equal(d.m.processes, cases[i].stop);
                assert_string_equal(d.row_key, cases[i].key);
                assert_true(alert_measure_restricted(&d.m));
                assert_false(d.m.own_choice);
        }
        alert_rules_free(&r);
        /* listed sites stopping only at red: at yellow they work on */
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "alert.site_listed_processes", "red", &err),
                         GL_OK);
        r = rules_of(pack);
        struct alert_class c;
        alert_class_of_site(true, &c);
        struct alert_decision d;
        assert_int_equal(alert_decide(&r, ALERT_YELLOW, &c, &d), GL_OK);
        assert_false(alert_measure_restricted(&d.m));
        assert_int_equal(alert_decide(&r, ALERT_RED, &c, &d), GL_OK);
        assert_string_equal(d.m.processes, FOUR);
        alert_rules_free(&r);
        policy_pack_free(pack);
}

static void test_times_and_days_in_force(void **state)
{
        (void)state;
        alert_time t = 0;
        assert_int_equal(alert_time_parse("2022-06-10", false, &t), GL_OK);
        assert_int_equal(t, alert_time_of(day("2022-06-10"), 0, 0));
        assert_int_equal(alert_time_parse("2022-06-10", true, &t), GL_OK);
        assert_int_equal(t, alert_time_of(day("2022-06-11"), 0, 0));
        assert_int_equal(alert_time_parse("2022-06-10T23:59", true, &t), GL_OK);
        assert_int_equal(t, alert_time_of(day("2022-06-10"), 23, 59));
        const char *bad[] = {"2022-06-10T24:00",    "2022-06-10T12:60",
                             "2022-02-30",          "2022-06-10 12:00",
                             "2022-06-10T1:00",     "",
                             "2022-06-10T12:00:00", "today"};
        for (size_t i = 0; i < GL_ARRAY_LEN(bad); i++) {
                t = 42;
                assert_int_equal(alert_time_parse(bad[i], false, &t), GL_EINVAL);
                assert_int_equal(t, 42);
        }
        char buf[ALERT_TIME_LEN];
        assert_string_equal(alert_time_format(at("2022-06-08T07:05"), buf), "2022-06-08T07:05");
        assert_string_equal(alert_time_format(at("1969-12-31T23:00"), buf), "1969-12-31T23:00");
        /* to is excluded: an alert to 06-10T00:00 does not cover 06-10; to 01:00 does */
        alert_time from = at("2022-06-08T12:00");
        assert_false(alert_covers_day(from, at("2022-06-10T00:00"), day("2022-06-10")));
        assert_true(alert_covers_day(from, at("2022-06-10T00:00"), day("2022-06-09")));
        assert_true(alert_covers_day(from, at("2022-06-10T01:00"), day("2022-06-10")));
        /* from is included: starting at 23:00 covers that day, not the one before */
        assert_true(
            alert_covers_day(at("2022-06-05T23:00"), at("2022-06-06T08:00"), day("2022-06-05")));
        assert_false(
            alert_covers_day(at("2022-06-05T23:00"), at("2022-06-06T08:00"), day("2022-06-04")));
        assert_false(
            alert_covers_day(at("2022-06-05T00:00"), at("2022-06-06T08:00"), day("2022-06-04")));
        /* an empty period (a lift before the start) covers nothing */
        assert_false(alert_covers_day(from, from, day("2022-06-08")));
        assert_int_equal(alert_level_from_name("orange"), ALERT_ORANGE);
        assert_int_equal(alert_level_from_name("purple"), ALERT_LEVEL_NONE);
        assert_int_equal(alert_level_from_name("Orange"), ALERT_LEVEL_NONE);
}

static bool any_line_has(const struct alert_lines *l, const char *text)
{
        for (size_t i = 0; i < l->n; i++)
                if (strstr(l->line[i], text))
                        return true;
        return false;
}

static void test_explanation(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct alert_rules r = rules_of(pack);
        struct enterprise e = firm("cement", "", false);
        struct alert_class c;
        alert_class_of_enterprise(&e, &c);
        struct alert_decision d;
        assert_int_equal(alert_decide(&r, ALERT_ORANGE, &c, &d), GL_OK);
        struct alert_where w = {
            .level = ALERT_ORANGE, .version = 2, .whole_county = false, .township = "南甸镇"};
        struct alert_lines l;
        alert_explain(&r, &w, &c, &d, &l);
        assert_true(l.n >= 4);
        assert_true(any_line_has(&l, "橙色预警（Ⅱ级）（第 2 版）"));
        assert_true(any_line_has(&l, "南甸镇"));
        assert_true(any_line_has(&l, "alert.ungraded_as = lowest，解读"));
        assert_true(any_line_has(&l, "通用行 */D/orange"));
        assert_true(any_line_has(
            &l, "alert.enterprise_measures 之“*/D/orange=halt+no_road_transport”，解读"));
        assert_true(any_line_has(&l, "结论：停产；禁止公路运输"));
        /* the positive list: the condition on the controls, not a reading */
        e = firm("steel_long", "C", true);
        alert_class_of_enterprise(&e, &c);
        assert_int_equal(alert_decide(&r, ALERT_RED, &c, &d), GL_OK);
        alert_explain(&r, &w, &c, &d, &l);
        assert_true(any_line_has(&l, "alert.positive_list_exempt = 1）"));
        assert_true(any_line_has(&l, "污染治理设施正常运行"));
        /* a listed site names m8.halted_processes and the reading of the levels */
        alert_class_of_site(true, &c);
        assert_int_equal(alert_decide(&r, ALERT_YELLOW, &c, &d), GL_OK);
        w.level = ALERT_YELLOW;
        alert_explain(&r, &w, &c, &d, &l);
        assert_true(any_line_has(&l, "土石方作业、建筑拆除、喷涂粉刷、护坡喷浆"));
        assert_true(any_line_has(&l, "alert.site_listed_processes = yellow,orange,red，解读"));
        assert_true(any_line_has(&l, "m8.halted_processes = earthwork"));
        char text[256];
        assert_string_equal(alert_measure_text_zh(&r, &d.m, true, text, sizeof(text)),
                            "停止土石方作业、建筑拆除、喷涂粉刷、护坡喷浆");
        alert_rules_free(&r);
        policy_pack_free(pack);
}

static void test_broken_tables_refused(void **state)
{
        (void)state;
        static const struct {
                const char *param, *value, *field;
        } cases[] = {
            /* no general rows left */
            {"alert.enterprise_measures", "steel_long/B/yellow=halt", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "steel/B/yellow=halt", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "*/E/yellow=halt", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "*/B/purple=halt", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "*/B/yellow=limit:120", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "*/B/yellow=stop:furnace", "alert.enterprise_measures"},
            {"alert.enterprise_measures", "*/B/yellow=own_choice+halt",
             "alert.enterprise_measures"},
            {"alert.site_ordinary", "yellow=halt", "alert.site_ordinary"},
            {"alert.site_listed_processes", "blue", "alert.site_listed_processes"},
            {"alert.ungraded_as", "middle", "alert.ungraded_as"},
            {"alert.process_names", "sinter", "alert.process_names"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++) {
                struct policy_pack *pack = load();
                struct gl_error err = {0};
                assert_int_equal(policy_pack_override(pack, cases[i].param, cases[i].value, &err),
                                 GL_OK);
                struct alert_rules r;
                memset(&r, 0, sizeof(r));
                assert_int_equal(alert_rules_load(pack, day("2022-06-01"), &r, &err), GL_EINVAL);
                assert_string_equal(err.field, cases[i].field);
                assert_int_equal(alert_check_pack(pack, &err), GL_EINVAL);
                policy_pack_free(pack);
        }
        struct policy_pack *pack = load();
        struct gl_error err = {0};
        assert_int_equal(alert_check_pack(pack, &err), GL_OK);
        policy_pack_free(pack);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_row),
            cmocka_unit_test(test_b_minus_between_b_and_c_and_levels_rise),
            cmocka_unit_test(test_ungraded_as_lowest),
            cmocka_unit_test(test_ungraded_on_a_short_ladder),
            cmocka_unit_test(test_positive_list_and_a_grade),
            cmocka_unit_test(test_not_air_emitter_not_reached),
            cmocka_unit_test(test_sites),
            cmocka_unit_test(test_times_and_days_in_force),
            cmocka_unit_test(test_explanation),
            cmocka_unit_test(test_broken_tables_refused),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

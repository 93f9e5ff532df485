/*
 * Unit tests of app/alert.c against a real (temporary) database: alert_unit_on, the contract
 * measure 3's guard calls — the days an alert is in force at the hours of its bounds (to
 * 2022-06-10T00:00 does not cover 06-10, to 01:00 does; from 23:00 covers that day), the townships
 * it covers, a unit covered but not reached (no air emitted, a finished site), the level a raise
 * brings from the hour it takes effect, a lift ending it, one lifted before it began covering
 * nothing, the highest of two alerts on a day, an unknown unit — and that an explanation read
 * later is the one the version was computed with, whatever the running pack says by then — and the
 * stored blocks of results: their bytes as migration 0016 documents them, the listing's order, and
 * a damaged block (truncated, another format, a wrong count, records out of order or repeated)
 * refused as GL_EDB with nothing given, never part of an answer.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/alert.h"
#include "core/policy.h"

#define STEEL_C "911301310000000011"  /* steel, C, 平山镇 */
#define NO_AIR "911301310000000022"   /* other, B, 平山镇, no air pollutants */
#define CEMENT_B "911301310000000033" /* cement, B, 温塘镇 */

struct fixture {
        char dir[64];
        char db[96];
        struct app *app;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        snprintf(f->dir, sizeof(f->dir), "/tmp/gl-test-alert-XXXXXX");
        if (mkdtemp(f->dir) == NULL)
                return -1;
        snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
        struct gl_error err = {0};
        if (app_open(f->db, &f->app, &err) != GL_OK)
                return -1;
        const char *sql =
            "INSERT INTO enterprises (uscc, name, industry, township, grade, air_emitter, "
            "updated_at) VALUES"
            " ('" STEEL_C "', '甲钢铁', 'steel_long', '平山镇', 'C', 1, 'x'),"
            " ('" NO_AIR "', '乙食品', 'other', '平山镇', 'B', 0, 'x'),"
            " ('" CEMENT_B "', '丙水泥', 'cement', '温塘镇', 'B', 1, 'x');"
            "INSERT INTO sites (id, project, category, builder_uscc, builder_name, township, "
            "department, status, listed, created_by, created_at) VALUES"
            " (1, '一中教学楼', 'school', '" STEEL_C "', '甲钢铁', '平山镇', 'education', "
            "'under_construction', 1, 't', 'x'),"
            " (2, '旧城改造', 'municipal_works', '" STEEL_C "', '甲钢铁', '平山镇', "
            "'urban_management', 'finished', 0, 't', 'x');";
        if (db_exec(f->app->db, sql) != GL_OK)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        app_close(f->app);
        unlink(f->db);
        char side[sizeof(f->db) + 16];
        snprintf(side, sizeof(side), "%s.audit-key", f->db);
        unlink(side);
        snprintf(side, sizeof(side), "%s.audit-anchors", f->db);
        unlink(side);
        rmdir(f->dir);
        free(f);
        return 0;
}

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        assert_int_equal(date_parse_iso(iso, &d), GL_OK);
        return d;
}

static int64_t issue(struct app *app, const char *level, const char *from, const char *to,
                     const char *township)
{
        struct actor city = {.role = ROLE_CITY_OFFICER, .name = "shiju"};
        const char *towns[1] = {township};
        struct alert_issue_input in = {.level = level,
                                       .from = from,
                                       .to = to,
                                       .townships = towns,
                                       .ntownships = township ? 1 : 0};
        int64_t id = 0;
        struct gl_error err = {0};
        int rc = app_alert_issue(app, &city, &in, &id, &err);
        if (rc != GL_OK)
                fail_msg("issue: %s: %s", err.field, err.message);
        return id;
}

static struct alert_unit_measure on(struct app *app, const char *uscc, int64_t site,
                                    const char *iso)
{
        struct alert_unit_measure m;
        struct gl_error err = {0};
        int rc = alert_unit_on(app, uscc, site, day(iso), &m, &err);
        if (rc != GL_OK)
                fail_msg("alert_unit_on: %s", err.message);
        return m;
}

static void test_days_in_force_at_the_hours(void **state)
{
        struct fixture *f = *state;
        int64_t id = issue(f->app, "orange", "2022-06-08T12:00", "2022-06-10T00:00", "平山镇");
        static const struct {
                const char *day;
                bool in;
        } days[] = {{"2022-06-07", false},
                    {"2022-06-08", true},
                    {"2022-06-09", true},
                    {"2022-06-10", false}};
        for (size_t i = 0; i < GL_ARRAY_LEN(days); i++) {
                struct alert_unit_measure m = on(f->app, STEEL_C, 0, days[i].day);
                assert_int_equal(m.in_alert, days[i].in);
                if (!days[i].in)
                        continue;
                assert_int_equal(m.alert_id, id);
                assert_int_equal(m.alert_version, 1);
                assert_int_equal(m.level, ALERT_ORANGE);
                assert_string_equal(m.row, "steel_long/C/orange");
                assert_true(m.production_limited);
                assert_false(m.halted);
                assert_true(m.trucks_limited);
                assert_false(m.own_choice);
                assert_string_equal(m.processes, "sinter,pellet,lime_kiln,blast_furnace_half");
        }
        /* to 01:00 covers 06-10; from 23:00 covers its day */
        issue(f->app, "yellow", "2022-07-05T23:00", "2022-07-10T01:00", "平山镇");
        assert_false(on(f->app, STEEL_C, 0, "2022-07-04").in_alert);
        assert_true(on(f->app, STEEL_C, 0, "2022-07-05").in_alert);
        assert_true(on(f->app, STEEL_C, 0, "2022-07-10").in_alert);
        assert_false(on(f->app, STEEL_C, 0, "2022-07-11").in_alert);
}

static void test_townships_and_units_not_reached(void **state)
{
        struct fixture *f = *state;
        issue(f->app, "red", "2022-06-08", "2022-06-09", "平山镇");
        /* another township: not in the alert */
        struct alert_unit_measure m = on(f->app, CEMENT_B, 0, "2022-06-08");
        assert_false(m.in_alert);
        /* covered but emits no air pollutants: in the alert, no measure */
        m = on(f->app, NO_AIR, 0, "2022-06-08");
        assert_true(m.in_alert);
        assert_string_equal(m.row, "");
        assert_false(m.production_limited);
        /* a listed site stops four processes; a finished one is covered but not reached */
        m = on(f->app, NULL, 1, "2022-06-08");
        assert_true(m.in_alert);
        assert_string_equal(m.row, "site/listed/red");
        assert_string_equal(m.processes,
                            "earthwork,demolition,spray_painting_plastering,slope_shotcrete");
        assert_false(m.halted);
        m = on(f->app, NULL, 2, "2022-06-08");
        assert_true(m.in_alert);
        assert_string_equal(m.row, "");
        /* the whole county */
        issue(f->app, "yellow", "2022-08-01", "2022-08-02", NULL);
        m = on(f->app, CEMENT_B, 0, "2022-08-02");
        assert_true(m.in_alert);
        assert_string_equal(m.row, "*/B/yellow");
        assert_true(m.trucks_limited);
        assert_false(m.production_limited);
        /* units the registry lacks */
        struct gl_error err = {0};
        assert_int_equal(
            alert_unit_on(f->app, "911301310000000099", 0, day("2022-06-08"), &m, &err),
            GL_ENOTFOUND);
        assert_string_equal(err.field, "uscc");
        assert_int_equal(alert_unit_on(f->app, NULL, 77, day("2022-06-08"), &m, &err),
                         GL_ENOTFOUND);
        assert_string_equal(err.field, "site");
}

static void test_raise_lift_and_cancel(void **state)
{
        struct fixture *f = *state;
        struct actor city = {.role = ROLE_CITY_OFFICER, .name = "shiju"};
        struct gl_error err = {0};
        int64_t id = issue(f->app, "yellow", "2022-06-08T00:00", "2022-06-12T00:00", "温塘镇");
        struct alert_change_input raise = {
            .level = "red", .reason = "升级", .at = "2022-06-09T08:00"};
        int version = 0;
        assert_int_equal(app_alert_change(f->app, &city, id, &raise, &version, &err), GL_OK);
        assert_int_equal(version, 2);
        struct alert_unit_measure m = on(f->app, CEMENT_B, 0, "2022-06-08");
        assert_int_equal(m.level, ALERT_YELLOW);
        assert_int_equal(m.alert_version, 1);
        assert_false(m.halted);
        /* the day of the raise: red from 08:00, the highest level of the day */
        m = on(f->app, CEMENT_B, 0, "2022-06-09");
        assert_int_equal(m.level, ALERT_RED);
        assert_int_equal(m.alert_version, 2);
        assert_true(m.halted);
        assert_string_equal(m.row, "*/B/red");
        /* lifted at midnight: 06-10 is no longer covered */
        struct alert_lift_input lift = {.at = "2022-06-10T00:00"};
        assert_int_equal(app_alert_lift(f->app, &city, id, &lift, &version, &err), GL_OK);
        assert_int_equal(version, 3);
        assert_true(on(f->app, CEMENT_B, 0, "2022-06-09").in_alert);
        assert_false(on(f->app, CEMENT_B, 0, "2022-06-10").in_alert);
        /* lifted before it began: it covers nothing */
        int64_t cancelled = issue(f->app, "red", "2022-09-01", "2022-09-03", "温塘镇");
        struct alert_lift_input early = {.at = "2022-08-31T12:00"};
        assert_int_equal(app_alert_lift(f->app, &city, cancelled, &early, NULL, &err), GL_OK);
        assert_false(on(f->app, CEMENT_B, 0, "2022-08-31").in_alert);
        assert_false(on(f->app, CEMENT_B, 0, "2022-09-01").in_alert);
        assert_false(on(f->app, CEMENT_B, 0, "2022-09-02").in_alert);
}

static void test_highest_of_two_alerts(void **state)
{
        struct fixture *f = *state;
        issue(f->app, "yellow", "2022-06-08", "2022-06-10", NULL);
        int64_t red = issue(f->app, "red", "2022-06-09T18:00", "2022-06-10", "平山镇");
        struct alert_unit_measure m = on(f->app, STEEL_C, 0, "2022-06-09");
        assert_int_equal(m.alert_id, red);
        assert_int_equal(m.level, ALERT_RED);
        m = on(f->app, STEEL_C, 0, "2022-06-08");
        assert_int_equal(m.level, ALERT_YELLOW);
        m = on(f->app, CEMENT_B, 0, "2022-06-09"); /* outside the red alert's township */
        assert_int_equal(m.level, ALERT_YELLOW);
}

struct first {
        char lines[ALERT_LINES_MAX][ALERT_LINE_LEN];
        size_t n;
};

static int keep_steel(const struct alert_measure_item *m, void *ctx)
{
        struct first *x = ctx;
        if (strcmp(m->r->uscc, STEEL_C) != 0)
                return 0;
        x->n = m->lines.n;
        for (size_t i = 0; i < m->lines.n; i++)
                memcpy(x->lines[i], m->lines.line[i], ALERT_LINE_LEN);
        return 0;
}

static void test_explanation_from_the_stored_decision(void **state)
{
        struct fixture *f = *state;
        int64_t id = issue(f->app, "orange", "2022-06-08", "2022-06-09", "平山镇");
        struct actor reader = {.role = ROLE_COUNTY_OFFICER, .name = "xianju"};
        struct alert_measure_query q = {.halted = -1, .restricted = -1};
        struct first before = {0}, after = {0};
        struct gl_error err = {0};
        int64_t total = 0;
        assert_int_equal(
            app_alert_measures(f->app, &reader, id, &q, keep_steel, &before, &total, &err), GL_OK);
        assert_int_equal(total, 2); /* the steel works and the listed site */
        assert_true(before.n >= 4);
        /* The running pack now says something else of steel C at orange. */
        assert_int_equal(policy_pack_override((struct policy_pack *)app_policy(f->app),
                                              "alert.enterprise_measures", "*/A/yellow=own_choice",
                                              &err),
                         GL_OK);
        assert_int_equal(
            app_alert_measures(f->app, &reader, id, &q, keep_steel, &after, NULL, &err), GL_OK);
        assert_int_equal(after.n, before.n);
        for (size_t i = 0; i < before.n; i++)
                assert_string_equal(after.lines[i], before.lines[i]);
        /* and a new alert cannot be computed with that broken table: refused, nothing written */
        struct actor city = {.role = ROLE_CITY_OFFICER, .name = "shiju"};
        struct alert_issue_input in = {.level = "red", .from = "2022-07-01", .to = "2022-07-02"};
        assert_int_equal(app_alert_issue(f->app, &city, &in, NULL, &err), GL_EINVAL);
}

/* The hex of the blocks of alert id, "place/kind=HEX" joined by spaces, in key order. */
static void blocks_hex(struct app *app, int64_t id, char *out, size_t size)
{
        db_stmt *st = NULL;
        out[0] = '\0';
        assert_int_equal(db_prepare(app->db,
                                    "SELECT place || '/' || unit_kind || '=' || hex(units) FROM "
                                    "alert_result_blocks WHERE alert_id = $1 ORDER BY place, "
                                    "unit_kind",
                                    &st),
                         GL_OK);
        assert_int_equal(db_bind_int64(st, 1, id), GL_OK);
        while (db_step(st) == DB_ROW) {
                size_t used = strlen(out);
                snprintf(out + used, size - used, "%s%s", used ? " " : "", db_column_text(st, 0));
        }
        db_finalize(st);
}

static void set_block(struct app *app, int64_t id, int place, int kind, const char *hex_sql)
{
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "UPDATE alert_result_blocks SET units = %s WHERE alert_id = %lld AND place = %d "
                 "AND unit_kind = %d",
                 hex_sql, (long long)id, place, kind);
        assert_int_equal(db_exec(app->db, sql), GL_OK);
}

struct keys {
        char text[512];
        int n;
};

static int collect_keys(const struct alert_measure_item *m, void *ctx)
{
        struct keys *k = ctx;
        size_t used = strlen(k->text);
        if (m->r->site_id)
                snprintf(k->text + used, sizeof(k->text) - used, "%ssite %lld %s %s %s",
                         used ? ", " : "", (long long)m->r->site_id, m->r->township, m->r->name,
                         m->r->builder_uscc);
        else
                snprintf(k->text + used, sizeof(k->text) - used, "%s%s %s %s", used ? ", " : "",
                         m->r->uscc, m->r->township, m->r->name);
        k->n++;
        return 0;
}

static void test_blocks_stored_and_damaged(void **state)
{
        struct fixture *f = *state;
        int64_t id = issue(f->app, "orange", "2022-06-08", "2022-06-09", NULL);
        struct alert_unit_measure m;
        /* Scanned in key order: the steel works (class 0, 平山镇 place 0), the cement works
         * (class 1, 温塘镇 place 1), the listed site (class 2, place 0); the enterprise without
         * air pollutants and the finished site are not reached. */
        const char *expected = "0/0=0101000000"
                               "393131333031333130303030303030303131"
                               "0000 "
                               "0/1=0101000000"
                               "0100000000000000"
                               "0200 "
                               "1/0=0101000000"
                               "393131333031333130303030303030303333"
                               "0100";
        char hex[1024];
        blocks_hex(f->app, id, hex, sizeof(hex));
        assert_string_equal(hex, expected);

        struct actor reader = {.role = ROLE_COUNTY_OFFICER, .name = "xianju"};
        struct alert_measure_query q = {.halted = -1, .restricted = -1};
        struct keys k = {0};
        struct gl_error err = {0};
        int64_t total = 0;
        assert_int_equal(
            app_alert_measures(f->app, &reader, id, &q, collect_keys, &k, &total, &err), GL_OK);
        assert_int_equal(total, 3);
        /* every unit: the names read walking the registry beside the blocks */
        assert_string_equal(k.text,
                            STEEL_C " 平山镇 甲钢铁, " CEMENT_B " 温塘镇 丙水泥, site 1 平山镇 "
                                    "一中教学楼 " STEEL_C);
        /* paging over the merged blocks */
        struct alert_measure_query page = {.halted = -1, .restricted = -1, .offset = 1, .limit = 1};
        memset(&k, 0, sizeof(k));
        assert_int_equal(
            app_alert_measures(f->app, &reader, id, &page, collect_keys, &k, &total, &err), GL_OK);
        assert_int_equal(total, 3);
        assert_string_equal(k.text, CEMENT_B " 温塘镇 丙水泥"); /* a page: names looked up */
        struct alert_measure_query town = {.halted = -1, .restricted = -1, .township = "平山镇"};
        memset(&k, 0, sizeof(k));
        assert_int_equal(
            app_alert_measures(f->app, &reader, id, &town, collect_keys, &k, &total, &err), GL_OK);
        assert_int_equal(total, 2);
        assert_string_equal(k.text, STEEL_C " 平山镇 甲钢铁, site 1 平山镇 一中教学楼 " STEEL_C);

        /* Damaged blocks: each refused, nothing given. */
        const char *damaged[] = {
            "substr(units, 1, length(units) - 1)", /* truncated */
            "X'02' || substr(units, 2)",           /* another format */
            "X'0102000000' || substr(units, 6)",   /* a count beyond the records */
            "X'01'",                               /* no count */
            "X'0102000000' || substr(units, 6) || substr(units, 6)", /* a unit repeated */
            "X'0100000000' || substr(units, 6)",                     /* records beyond the count */
        };
        for (size_t i = 0; i < sizeof(damaged) / sizeof(damaged[0]); i++) {
                set_block(f->app, id, 0, 0, damaged[i]);
                memset(&k, 0, sizeof(k));
                assert_int_equal(
                    app_alert_measures(f->app, &reader, id, &q, collect_keys, &k, NULL, &err),
                    GL_EDB);
                assert_int_equal(k.n, 0);
                assert_int_equal(alert_unit_on(f->app, STEEL_C, 0, day("2022-06-08"), &m, &err),
                                 GL_EDB);
                set_block(f->app, id, 0, 0,
                          "X'0101000000393131333031333130303030303030303131"
                          "0000'");
        }
        /* sites out of order */
        set_block(f->app, id, 0, 1,
                  "X'010200000002000000000000000200010000000000000002"
                  "00'");
        assert_int_equal(alert_unit_on(f->app, NULL, 1, day("2022-06-08"), &m, &err), GL_EDB);
        /* restored, the answers are back */
        set_block(f->app, id, 0, 1,
                  "X'0101000000010000000000000002"
                  "00'");
        blocks_hex(f->app, id, hex, sizeof(hex));
        assert_string_equal(hex, expected);
        m = on(f->app, NULL, 1, "2022-06-08");
        assert_string_equal(m.row, "site/listed/orange");
        m = on(f->app, STEEL_C, 0, "2022-06-08");
        assert_string_equal(m.row, "steel_long/C/orange");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_days_in_force_at_the_hours, setup, teardown),
            cmocka_unit_test_setup_teardown(test_townships_and_units_not_reached, setup, teardown),
            cmocka_unit_test_setup_teardown(test_raise_lift_and_cancel, setup, teardown),
            cmocka_unit_test_setup_teardown(test_highest_of_two_alerts, setup, teardown),
            cmocka_unit_test_setup_teardown(test_explanation_from_the_stored_decision, setup,
                                            teardown),
            cmocka_unit_test_setup_teardown(test_blocks_stored_and_damaged, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of app/incentive.c against a real (temporary) database: who sees what (an enterprise
 * user sees only itself, yet its averages are the whole industry's), the self-assessment of one
 * enterprise, what-if overrides that leave the running pack alone, and who may import averages.
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

#include "app/incentive.h"
#include "core/policy.h"

struct fixture {
        char dir[64];
        char db[96];
        struct app *app;
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        snprintf(f->dir, sizeof(f->dir), "/tmp/gl-test-incentive-XXXXXX");
        if (mkdtemp(f->dir) == NULL)
                return -1;
        snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
        struct gl_error err = {0};
        if (app_open(f->db, &f->app, &err) != GL_OK)
                return -1;
        const char *sql =
            "INSERT INTO enterprises (uscc, name, industry, grade, updated_at) VALUES "
            " ('911301310000000011', '甲', 'steel_long', 'C', 'x'),"
            " ('911301310000000022', '乙', 'steel_long', 'C', 'x'),"
            " ('911301310000000033', '丙', 'cement', 'C', 'x');"
            "INSERT INTO annual_figures (uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g,"
            " pm_g, vocs_g, updated_at) VALUES"
            " ('911301310000000011', 2025, 30000, NULL, NULL, 1000000, 0, 0, 0, 'x'),"
            " ('911301310000000022', 2025, 10000, NULL, NULL, 1000000, 0, 0, 0, 'x'),"
            " ('911301310000000033', 2025, 10000, NULL, NULL, 1000000, 0, 0, 0, 'x');";
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
        /* The audit key and the anchor log live beside the database. */
        char side[sizeof(f->db) + 16];
        snprintf(side, sizeof(side), "%s.audit-key", f->db);
        unlink(side);
        snprintf(side, sizeof(side), "%s.audit-anchors", f->db);
        unlink(side);
        rmdir(f->dir);
        free(f);
        return 0;
}

static struct actor enterprise_user(const char *uscc)
{
        struct actor a = {0};
        a.role = ROLE_ENTERPRISE;
        snprintf(a.name, sizeof(a.name), "ent");
        snprintf(a.uscc, sizeof(a.uscc), "%s", uscc);
        return a;
}

static void test_enterprise_sees_only_itself(void **state)
{
        struct fixture *f = *state;
        struct actor me = enterprise_user("911301310000000011");
        struct incentive_options opt = {.today = date_from_ymd(2026, 6, 1)};
        struct incentive_set *set = NULL;
        struct gl_error err = {0};
        assert_int_equal(app_incentive_evaluate(f->app, &me, 2025, &opt, &set, &err), GL_OK);
        assert_int_equal(incentive_set_count(set), 1);
        struct incentive_result *r = malloc(sizeof(*r));
        incentive_set_result(set, 0, r);
        assert_string_equal(r->uscc, "911301310000000011");
        assert_string_equal(r->name, "甲");
        /* 300 yuan/t against the industry's 200: key, so the peer was counted */
        assert_int_equal(r->tier, INCENTIVE_TIER_KEY);
        assert_int_equal(r->metrics[INCENTIVE_TAX_PER_TONNE].peers, 2);
        incentive_set_free(set);

        struct actor officer = {.role = ROLE_COUNTY_OFFICER};
        assert_int_equal(app_incentive_evaluate(f->app, &officer, 2025, &opt, &set, &err), GL_OK);
        assert_int_equal(incentive_set_count(set), 2); /* cement is out of scope */
        incentive_set_free(set);

        struct actor nobody = {.role = ROLE_NONE};
        assert_int_equal(app_incentive_evaluate(f->app, &nobody, 2025, &opt, &set, &err), GL_EPERM);
        free(r);
}

static void test_evaluate_one(void **state)
{
        struct fixture *f = *state;
        struct actor me = enterprise_user("911301310000000022");
        struct incentive_result *r = malloc(sizeof(*r));
        struct gl_error err = {0};
        gl_date on = date_from_ymd(2026, 6, 1);
        assert_int_equal(
            app_incentive_evaluate_one_on(f->app, &me, "911301310000000022", 2025, on, r, &err),
            GL_OK);
        assert_int_equal(r->tier, INCENTIVE_TIER_NONE);
        assert_string_equal(r->next_grade, "B-");
        assert_true(r->nexplanation > 3);
        /* an enterprise user may not evaluate another enterprise */
        assert_int_equal(
            app_incentive_evaluate_one_on(f->app, &me, "911301310000000011", 2025, on, r, &err),
            GL_EPERM);
        /* reading it, the other enterprise does not exist */
        assert_int_equal(
            app_incentive_read_one(f->app, &me, "911301310000000011", 2025, on, r, &err),
            GL_ENOTFOUND);
        assert_string_equal(err.field, "uscc");
        assert_int_equal(
            app_incentive_read_one(f->app, &me, "911301310000000022", 2025, on, r, &err), GL_OK);
        struct actor officer = {.role = ROLE_COUNTY_OFFICER};
        assert_int_equal(app_incentive_evaluate_one_on(f->app, &officer, "911301310000000033", 2025,
                                                       on, r, &err),
                         GL_OK);
        assert_false(r->in_scope);
        assert_int_equal(r->tier, INCENTIVE_TIER_NONE);
        assert_int_equal(app_incentive_evaluate_one_on(f->app, &officer, "911301310000000099", 2025,
                                                       on, r, &err),
                         GL_ENOTFOUND);
        free(r);
}

static void test_what_if_leaves_the_pack_alone(void **state)
{
        struct fixture *f = *state;
        struct actor officer = {.role = ROLE_COUNTY_OFFICER};
        const char *const overrides[] = {"m1.key_margin_percent=80"};
        struct incentive_options opt = {.today = date_from_ymd(2026, 6, 1),
                                        .overrides = overrides,
                                        .noverrides = 1,
                                        .diff = true};
        struct incentive_set *set = NULL;
        struct gl_error err = {0};
        assert_int_equal(app_incentive_evaluate(f->app, &officer, 2025, &opt, &set, &err), GL_OK);
        struct incentive_result *r = malloc(sizeof(*r));
        incentive_set_result(set, 0, r);
        assert_int_equal(r->tier, INCENTIVE_TIER_GENERAL); /* 1.5 x < 1.8 x */
        assert_int_equal(incentive_set_baseline_tier(set, 0), INCENTIVE_TIER_KEY);
        incentive_set_free(set);
        int64_t margin = 0;
        assert_int_equal(policy_param_int(f->app->pack, "m1.key_margin_percent",
                                          date_from_ymd(2026, 6, 1), &margin),
                         GL_OK);
        assert_int_equal(margin, 20);
        const char *const bad[] = {"m1.key_margin_percent"};
        opt.overrides = bad;
        assert_int_equal(app_incentive_evaluate(f->app, &officer, 2025, &opt, &set, &err),
                         GL_EINVAL);
        free(r);
}

static void test_import_averages_roles(void **state)
{
        struct fixture *f = *state;
        char path[128];
        snprintf(path, sizeof(path), "%s/avg.csv", f->dir);
        FILE *out = fopen(path, "w");
        fputs("industry,year,tax_per_tonne_yuan,rd_share_percent\nsteel_long,2025,500,\n", out);
        fclose(out);
        struct actor me = enterprise_user("911301310000000011");
        struct import_report rep;
        struct gl_error err = {0};
        assert_int_equal(app_import_averages(f->app, &me, path, NULL, NULL, &rep, &err), GL_EPERM);
        import_report_free(&rep);
        struct actor tax = {.role = ROLE_TAX_OFFICER};
        snprintf(tax.name, sizeof(tax.name), "tax");
        assert_int_equal(app_import_averages(f->app, &tax, path, NULL, NULL, &rep, &err), GL_OK);
        assert_int_equal(rep.inserted, 1);
        assert_true(rep.audited);
        import_report_free(&rep);
        struct incentive_result *r = malloc(sizeof(*r));
        assert_int_equal(app_incentive_evaluate_one_on(f->app, &tax, "911301310000000011", 2025,
                                                       date_from_ymd(2026, 6, 1), r, &err),
                         GL_OK);
        assert_int_equal(r->metrics[INCENTIVE_TAX_PER_TONNE].average_source,
                         INCENTIVE_AVERAGE_OFFICIAL);
        assert_int_equal(r->tier, INCENTIVE_TIER_NONE); /* 300 < 500 */
        unlink(path);
        free(r);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_enterprise_sees_only_itself, setup, teardown),
            cmocka_unit_test_setup_teardown(test_evaluate_one, setup, teardown),
            cmocka_unit_test_setup_teardown(test_what_if_leaves_the_pack_alone, setup, teardown),
            cmocka_unit_test_setup_teardown(test_import_averages_roles, setup, teardown),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

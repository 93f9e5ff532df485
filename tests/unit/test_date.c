/*
 * Unit tests of core/date.c: conversions, weekdays, ISO parsing, month arithmetic at month ends.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "core/date.h"
#include "core/gl.h"

static void test_epoch_and_round_trip(void **state)
{
        (void)state;
        assert_int_equal(date_from_ymd(1970, 1, 1), 0);
        assert_int_equal(date_from_ymd(2000, 3, 1), 11017);
        for (gl_date d = date_from_ymd(1900, 1, 1); d <= date_from_ymd(2100, 12, 31); d++) {
                int y, m, dd;
                date_to_ymd(d, &y, &m, &dd);
                assert_true(date_is_valid_ymd(y, m, dd));
                assert_int_equal(date_from_ymd(y, m, dd), d);
        }
}

static void test_weekday(void **state)
{
        (void)state;
        assert_int_equal(date_weekday(date_from_ymd(1970, 1, 1)), 4);  /* Thursday */
        assert_int_equal(date_weekday(date_from_ymd(2022, 10, 8)), 6); /* Saturday */
        assert_int_equal(date_weekday(date_from_ymd(2026, 11, 29)), 7);
        assert_int_equal(date_weekday(date_from_ymd(1969, 12, 29)), 1);
}

static void test_parse_iso(void **state)
{
        (void)state;
        gl_date d = 123;
        assert_int_equal(date_parse_iso("2024-02-29", &d), GL_OK);
        assert_int_equal(d, date_from_ymd(2024, 2, 29));
        const char *bad[] = {"2023-02-29",  "2022-13-01", "2022-00-10", "2022-1-01",  "20220101",
                             "2022-01-01x", "",           "abcd-ef-gh", "2022-04-31", "1899-12-31"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                d = 123;
                assert_int_equal(date_parse_iso(bad[i], &d), GL_EINVAL);
                assert_int_equal(d, 123); /* untouched on failure */
        }
        char buf[11];
        assert_string_equal(date_format_iso(date_from_ymd(2022, 9, 30), buf), "2022-09-30");
}

static void test_add_months_clamped(void **state)
{
        (void)state;
        char buf[11];
        assert_string_equal(
            date_format_iso(date_add_months_clamped(date_from_ymd(2022, 8, 31), 6), buf),
            "2023-02-28");
        assert_string_equal(
            date_format_iso(date_add_months_clamped(date_from_ymd(2023, 8, 31), 6), buf),
            "2024-02-29");
        assert_string_equal(
            date_format_iso(date_add_months_clamped(date_from_ymd(2022, 1, 31), 12), buf),
            "2023-01-31");
        assert_string_equal(
            date_format_iso(date_add_months_clamped(date_from_ymd(2022, 3, 31), -1), buf),
            "2022-02-28");
        assert_string_equal(
            date_format_iso(date_add_months_clamped(date_from_ymd(2022, 12, 15), 1), buf),
            "2023-01-15");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_epoch_and_round_trip),
            cmocka_unit_test(test_weekday),
            cmocka_unit_test(test_parse_iso),
            cmocka_unit_test(test_add_months_clamped),
        };
        return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}

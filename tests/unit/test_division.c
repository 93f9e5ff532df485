/*
 * Unit tests of division codes (GB/T 2260): the level read from the code, the prefix a
 * jurisdiction covers, and the city and province above a code. Expectations are written from the
 * standard's shape (PP0000, PPCC00, PPCCDD), not from the code under test.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/division.h"

static void test_levels(void **state)
{
        (void)state;
        assert_int_equal(division_level("130000"), DIVISION_PROVINCE); /* Hebei */
        assert_int_equal(division_level("130100"), DIVISION_CITY);     /* Shijiazhuang */
        assert_int_equal(division_level("130131"), DIVISION_COUNTY);   /* Pingshan */
        assert_int_equal(division_level("110000"), DIVISION_PROVINCE); /* lowest province part */
        assert_int_equal(division_level("820000"), DIVISION_PROVINCE); /* highest */
        assert_int_equal(division_level("139001"), DIVISION_COUNTY);   /* county under a 90 part */
}

static void test_invalid(void **state)
{
        (void)state;
        const char *bad[] = {NULL,     "",         "13013",  "1301311", "13013a",
                             " 30131", "100000",   "830000", "000000",  "130031",
                             "13-131", "130131\n", "10131",  "0130131", "1301 31"};
        for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
                assert_int_equal(division_level(bad[i]), DIVISION_INVALID);
                assert_false(division_valid(bad[i]));
        }
}

static void test_prefix(void **state)
{
        (void)state;
        char p[DIVISION_LEN + 1] = "x";
        assert_true(division_prefix("130000", p));
        assert_string_equal(p, "13");
        assert_true(division_prefix("130100", p));
        assert_string_equal(p, "1301");
        assert_true(division_prefix("130131", p));
        assert_string_equal(p, "130131");
        assert_false(division_prefix("13013", p));
        assert_string_equal(p, "");
}

static void test_covers(void **state)
{
        (void)state;
        /* a county covers itself only */
        assert_true(division_covers("130131", "130131"));
        assert_false(division_covers("130131", "130132"));
        assert_false(division_covers("130131", "130100"));
        /* a city its counties and itself, not another city's */
        assert_true(division_covers("130100", "130131"));
        assert_true(division_covers("130100", "130132"));
        assert_true(division_covers("130100", "130100"));
        assert_false(division_covers("130100", "130200"));
        assert_false(division_covers("130100", "130221"));
        assert_false(division_covers("130100", "130000"));
        /* a province every code that begins with its digits */
        assert_true(division_covers("130000", "130131"));
        assert_true(division_covers("130000", "130200"));
        assert_true(division_covers("130000", "139001"));
        assert_false(division_covers("130000", "140100"));
        /* invalid on either side covers nothing */
        assert_false(division_covers("", "130131"));
        assert_false(division_covers("130131", ""));
        assert_false(division_covers("130131", "1301311"));
        assert_false(division_covers("13", "130131"));
}

static void test_up(void **state)
{
        (void)state;
        char c[DIVISION_LEN + 1];
        assert_true(division_city_of("130131", c));
        assert_string_equal(c, "130100");
        assert_true(division_city_of("130100", c));
        assert_string_equal(c, "130100");
        assert_true(division_city_of("130000", c));
        assert_string_equal(c, "130000");
        assert_true(division_province_of("130131", c));
        assert_string_equal(c, "130000");
        assert_false(division_city_of("abc", c));
        assert_string_equal(c, "");
        assert_string_equal(division_level_zh(DIVISION_CITY), "市");
        assert_string_equal(division_level_name(DIVISION_PROVINCE), "province");
        assert_string_equal(division_level_name(DIVISION_INVALID), "");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_levels), cmocka_unit_test(test_invalid),
            cmocka_unit_test(test_prefix), cmocka_unit_test(test_covers),
            cmocka_unit_test(test_up),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of exact decimal amounts: yuan to fen and tonnes to grams without floating point,
 * every refusal with its reason, and formatting back to text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/amount.h"
#include "core/enterprise.h"

static int64_t yuan(const char *text)
{
        int64_t v = -1;
        struct gl_error err = {0};
        assert_int_equal(amount_parse_yuan(text, "tax_yuan", &v, &err), GL_OK);
        return v;
}

static int64_t tonnes(const char *text)
{
        int64_t v = -1;
        assert_int_equal(amount_parse_tonnes(text, "so2_t", &v, NULL), GL_OK);
        return v;
}

/* Parses text as tonnes expecting a refusal whose message contains reason. */
static void refused(const char *text, int decimals, const char *reason)
{
        int64_t v = 42;
        struct gl_error err = {0};
        assert_int_equal(amount_parse(text, decimals, "col", &v, &err), GL_EINVAL);
        assert_int_equal(v, 42); /* untouched */
        assert_string_equal(err.field, "col");
        if (strstr(err.message, reason) == NULL)
                fail_msg("'%s': message '%s' lacks '%s'", text, err.message, reason);
}

static void test_yuan(void **state)
{
        (void)state;
        assert_int_equal(yuan("1234.56"), 123456);
        assert_int_equal(yuan("1234.5"), 123450);
        assert_int_equal(yuan("1234"), 123400);
        assert_int_equal(yuan("0"), 0);
        assert_int_equal(yuan("0.01"), 1);
        assert_int_equal(yuan("007.10"), 710);
}

static void test_tonnes_exact(void **state)
{
        (void)state;
        assert_int_equal(tonnes("0.1"), 100000);
        assert_int_equal(tonnes("0.2"), 200000);
        /* 0.1 + 0.2 is 0.30000000000000004 in binary floating point; here it is exact. */
        assert_int_equal(tonnes("0.1") + tonnes("0.2"), 300000);
        assert_int_equal(tonnes("0.1") + tonnes("0.2"), tonnes("0.3"));
        assert_int_equal(tonnes("0.000001"), 1);
        assert_int_equal(tonnes("12.345678"), 12345678);
        assert_int_equal(tonnes("1000"), 1000000000);
}

static void test_thousands_separators(void **state)
{
        (void)state;
        assert_int_equal(yuan("1,234.56"), 123456);
        assert_int_equal(yuan("12,345,678"), 1234567800);
        assert_int_equal(yuan("999,999"), 99999900);
        refused("1,23", 2, "thousands separators");
        refused("1,2345", 2, "thousands separators");
        refused("1234,567", 2, "thousands separators");
        refused(",123", 2, "thousands separators");
        refused("123,", 2, "thousands separators");
        refused("1,,234", 2, "thousands separators");
        refused("1,234.5,6", 2, "comma in the decimals");
}

static void test_too_many_decimals(void **state)
{
        (void)state;
        refused("1234.567", 2, "too many decimals: at most 2, no rounding");
        refused("0.0000001", 6, "too many decimals: at most 6");
        refused("0.1234565", 6, "no rounding");
}

static void test_malformed(void **state)
{
        (void)state;
        refused("", 2, "empty");
        refused(NULL, 2, "empty");
        refused("-1", 2, "negative");
        refused("-0.01", 2, "negative");
        refused("+1", 2, "no sign");
        refused("1e3", 2, "not a number");
        refused(" 12", 2, "not a number");
        refused("12 ", 2, "not a number");
        refused("1.2.3", 2, "more than one decimal point");
        refused(".5", 2, "no digit before the decimal point");
        refused("5.", 2, "no digit after the decimal point");
        refused("NaN", 2, "not a number");
        refused("１２", 2, "not a number"); /* full-width digits */
        refused("¥12", 2, "not a number");
}

static void test_overflow(void **state)
{
        (void)state;
        int64_t v = 0;
        /* INT64_MAX = 9223372036854775807 fen is 92233720368547758.07 yuan. */
        assert_int_equal(amount_parse_yuan("92233720368547758.07", "x", &v, NULL), GL_OK);
        assert_int_equal(v, INT64_MAX);
        refused("92233720368547758.08", 2, "too large");
        refused("92233720368547759", 2, "too large");
        refused("99999999999999999999999", 2, "too large");
        /* 9223372036854.775807 tonnes fit in grams; one gram more does not. */
        assert_int_equal(amount_parse_tonnes("9223372036854.775807", "x", &v, NULL), GL_OK);
        assert_int_equal(v, INT64_MAX);
        refused("9223372036854.775808", 6, "too large");
        refused("9223372036855", 6, "too large");
}

static void test_format(void **state)
{
        (void)state;
        char buf[32];
        assert_string_equal(amount_format_yuan(123456, buf, sizeof(buf)), "1234.56");
        assert_string_equal(amount_format_yuan(5, buf, sizeof(buf)), "0.05");
        assert_string_equal(amount_format_yuan(0, buf, sizeof(buf)), "0.00");
        assert_string_equal(amount_format_yuan(-150, buf, sizeof(buf)), "-1.50");
        assert_string_equal(amount_format_tonnes(300000, buf, sizeof(buf)), "0.3");
        assert_string_equal(amount_format_tonnes(1000000, buf, sizeof(buf)), "1");
        assert_string_equal(amount_format_tonnes(1, buf, sizeof(buf)), "0.000001");
        assert_string_equal(amount_format_tonnes(0, buf, sizeof(buf)), "0");
        assert_string_equal(amount_format_tonnes(GL_AMOUNT_NONE, buf, sizeof(buf)), "");
        assert_string_equal(amount_format_yuan(INT64_MAX, buf, sizeof(buf)),
                            "92233720368547758.07");
        assert_string_equal(amount_format_yuan(-INT64_MAX, buf, sizeof(buf)),
                            "-92233720368547758.07");
        assert_string_equal(amount_format(1234, 0, false, buf, sizeof(buf)), "1234");
}

static void test_round_trip(void **state)
{
        (void)state;
        const char *texts[] = {"0.1", "12.345678", "1", "0.000001", "987654321.5"};
        char buf[32];
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
                assert_string_equal(amount_format_tonnes(tonnes(texts[i]), buf, sizeof(buf)),
                                    texts[i]);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_yuan),
            cmocka_unit_test(test_tonnes_exact),
            cmocka_unit_test(test_thousands_separators),
            cmocka_unit_test(test_too_many_decimals),
            cmocka_unit_test(test_malformed),
            cmocka_unit_test(test_overflow),
            cmocka_unit_test(test_format),
            cmocka_unit_test(test_round_trip),
        };
        return cmocka_run_group_tests_name("amount", tests, NULL, NULL);
}

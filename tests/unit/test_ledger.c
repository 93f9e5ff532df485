/* Measure 7's pure rules (core/ledger.h): accounts, kinds, available grams, validity, prices. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/ledger.h"

static void test_accounts(void **state)
{
        (void)state;
        struct ledger_account_ref r;
        struct gl_error err = {0};
        assert_true(ledger_account_parse("reserve:130131", &r, "from", &err));
        assert_int_equal(r.kind, LEDGER_ACC_RESERVE);
        assert_string_equal(r.owner, "130131");
        assert_true(ledger_account_parse("enterprise:91130131M10000012G", &r, "to", &err));
        assert_int_equal(r.kind, LEDGER_ACC_ENTERPRISE);
        assert_true(ledger_account_parse("project:42", &r, "to", &err));
        assert_int_equal(r.project, 42);
        assert_true(ledger_account_parse("origin:130131", &r, "from", &err));
        assert_false(ledger_account_parse("enterprise:91130131M10000012H", &r, "to", &err));
        assert_string_equal(err.field, "to");
        assert_false(ledger_account_parse("project:0", &r, "to", &err));
        assert_false(ledger_account_parse("reserve:13013", &r, "to", &err));
        assert_false(ledger_account_parse("bank:130131", &r, "to", &err));
        assert_false(ledger_account_parse("130131", &r, "to", &err));
        assert_false(ledger_account_parse("", &r, "to", &err));
}

static void test_kinds(void **state)
{
        (void)state;
        struct gl_error err = {0};
        assert_true(ledger_kind_allowed("reduction", LEDGER_ACC_ORIGIN, LEDGER_ACC_RESERVE, &err));
        assert_false(
            ledger_kind_allowed("reduction", LEDGER_ACC_ORIGIN, LEDGER_ACC_ENTERPRISE, &err));
        assert_true(ledger_kind_allowed("release", LEDGER_ACC_RESERVE, LEDGER_ACC_PROJECT, &err));
        assert_true(ledger_kind_allowed("trade", LEDGER_ACC_ENTERPRISE, LEDGER_ACC_PROJECT, &err));
        assert_false(ledger_kind_allowed("trade", LEDGER_ACC_RESERVE, LEDGER_ACC_ENTERPRISE, &err));
        assert_true(ledger_kind_allowed("support", LEDGER_ACC_PROVINCE, LEDGER_ACC_PROJECT, &err));
        assert_false(ledger_kind_allowed("nothing", LEDGER_ACC_ORIGIN, LEDGER_ACC_RESERVE, &err));
        assert_string_equal(ledger_kind_infer(LEDGER_ACC_ORIGIN, LEDGER_ACC_RESERVE), "reduction");
        assert_string_equal(ledger_kind_infer(LEDGER_ACC_RESERVE, LEDGER_ACC_PROJECT), "release");
        assert_string_equal(ledger_kind_infer(LEDGER_ACC_PROJECT, LEDGER_ACC_ENTERPRISE),
                            "confirmation");
        assert_null(ledger_kind_infer(LEDGER_ACC_ENTERPRISE, LEDGER_ACC_ORIGIN));
        assert_true(ledger_kind_pending("sale"));
        assert_false(ledger_kind_pending("trade"));
        assert_true(ledger_method_known("negotiated"));
        assert_false(ledger_method_known("auction"));
}

static void test_arithmetic(void **state)
{
        (void)state;
        assert_int_equal(ledger_available(100, 10, 20, 5), 65);
        char buf[11];
        assert_string_equal(date_format_iso(ledger_valid_until(date_from_ymd(2022, 3, 1), 5), buf),
                            "2027-02-28");
        assert_string_equal(date_format_iso(ledger_valid_until(date_from_ymd(2024, 2, 29), 5), buf),
                            "2029-02-27");
        /* 300000 fen for 20000 g: 3000 yuan for 0.02 t = 150000 yuan/t. */
        assert_int_equal(ledger_yuan_per_tonne(300000, 20000), 150000);
        assert_int_equal(ledger_yuan_per_tonne(1, 0), 0);
        struct gl_error err = {0};
        assert_int_equal(ledger_refuse_insufficient(&err, "reserve:130131", "so2", 5, 9),
                         GL_ESTATE);
        assert_non_null(strstr(err.message, "reserve:130131"));
        struct ledger_lines l = {0};
        assert_int_equal(ledger_lines_add(&l, "措施七 %d", 7), GL_OK);
        assert_string_equal(l.items[0], "措施七 7");
        ledger_lines_free(&l);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_accounts),
            cmocka_unit_test(test_kinds),
            cmocka_unit_test(test_arithmetic),
        };
        return cmocka_run_group_tests_name("ledger", tests, NULL, NULL);
}

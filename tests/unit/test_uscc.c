/*
 * Unit tests of USCC validation (GB 32100-2015) and the embedded organization code (GB 11714):
 * published codes are accepted, every wrong check character and every malformed code is refused
 * with the reason named.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/uscc.h"

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/*
 * 914403001922038216, worked by hand. Organization code 19220382-1: 1*3 + 9*7 + 2*9 + 2*10 + 0*5 +
 * 3*8 + 8*4 + 2*2 = 164; 164 mod 11 = 10; 11 - 10 = 1. Code check: the sum of value times weight
 * over 9,1,4,4,0,3,0,0,1,9,2,2,0,3,8,2,1 with weights
 * 1,3,9,27,19,26,16,17,20,29,25,13,8,24,10,30,28 is 831; 831 mod 31 = 25; 31 - 25 = 6.
 *
 * 91350100M000100Y43: organization code M000100Y-4: M=22, Y=34: 22*3 + 1*5 + 34*2 = 139;
 * 139 mod 11 = 7; 11 - 7 = 4. Its code check is 3.
 */
static const char *valid_codes[] = {
    "914403001922038216",
    "91350100M000100Y43",
    "91440300708461136T",
};

static void test_valid_codes(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(valid_codes) / sizeof(valid_codes[0]); i++) {
                struct gl_error err = {0};
                assert_true(uscc_is_valid(valid_codes[i], &err));
                assert_int_equal(uscc_check_char(valid_codes[i]), valid_codes[i][17]);
        }
}

static void test_check_char_by_hand(void **state)
{
        (void)state;
        assert_int_equal(uscc_org_check_char("19220382"), '1');
        assert_int_equal(uscc_org_check_char("M000100Y"), '4');
        assert_int_equal(uscc_check_char("91440300192203821"), '6');
        /* Sum 0 gives check (31 - 0) mod 31 = 0, the character '0'. */
        assert_int_equal(uscc_check_char("00000000000000000"), '0');
}

static void test_org_check_char_x_and_zero(void **state)
{
        (void)state;
        /* 0000000A: A = 10, weight 2: 20; 20 mod 11 = 9; 11 - 9 = 2. */
        assert_int_equal(uscc_org_check_char("0000000A"), '2');
        /* 00000001: 2; 11 - 2 = 9. */
        assert_int_equal(uscc_org_check_char("00000001"), '9');
        /* 00000000: 0; 11 - 0 = 11, written '0'. */
        assert_int_equal(uscc_org_check_char("00000000"), '0');
        /* 40000000: 4 * 3 = 12; 12 mod 11 = 1; 11 - 1 = 10, written 'X'. */
        assert_int_equal(uscc_org_check_char("40000000"), 'X');
        /* Lower case is not part of GB 11714. */
        assert_int_equal(uscc_org_check_char("0000a000"), 0);
}

static void test_every_wrong_check_char(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(valid_codes) / sizeof(valid_codes[0]); i++) {
                char code[19];
                memcpy(code, valid_codes[i], 19);
                for (const char *c = alphabet; *c; c++) {
                        if (*c == valid_codes[i][17])
                                continue;
                        code[17] = *c;
                        struct gl_error err = {0};
                        assert_false(uscc_is_valid(code, &err));
                        assert_int_equal(err.status, GL_EINVAL);
                        assert_string_equal(err.field, "uscc");
                        assert_non_null(strstr(err.message, "check character"));
                }
        }
}

static void test_every_position_changed_is_caught(void **state)
{
        /* A single substituted character anywhere in the first 17 changes the check character. */
        (void)state;
        const char *good = valid_codes[0];
        for (int pos = 0; pos < 17; pos++) {
                for (const char *c = alphabet; *c; c++) {
                        char code[19];
                        memcpy(code, good, 19);
                        if (*c == good[pos])
                                continue;
                        code[pos] = *c;
                        assert_false(uscc_is_valid(code, NULL));
                }
        }
}

static void test_bad_alphabet(void **state)
{
        (void)state;
        const char bad[] = {'I', 'O', 'Z', 'S', 'V'};
        for (size_t i = 0; i < sizeof(bad); i++) {
                char code[19];
                memcpy(code, "91350100M000100Y43", 19);
                code[8] = bad[i];
                struct gl_error err = {0};
                assert_false(uscc_is_valid(code, &err));
                assert_non_null(strstr(err.message, "not in the USCC alphabet"));
                assert_non_null(strstr(err.message, "character 9"));
                char first17[18];
                memcpy(first17, code, 17);
                first17[17] = '\0';
                assert_int_equal(uscc_check_char(first17), 0);
        }
        struct gl_error err = {0};
        assert_false(uscc_is_valid("91350100M000100Y4-", &err));
        assert_non_null(strstr(err.message, "character 18"));
        assert_false(uscc_is_valid("9135010０M000100Y43", &err)); /* a full-width digit */
}

static void test_wrong_length(void **state)
{
        (void)state;
        struct gl_error err = {0};
        assert_false(uscc_is_valid("91350100M000100Y4", &err));
        assert_non_null(strstr(err.message, "has 17"));
        assert_false(uscc_is_valid("91350100M000100Y433", &err));
        assert_non_null(strstr(err.message, "has 19"));
        assert_false(uscc_is_valid("", &err));
        assert_non_null(strstr(err.message, "empty"));
        assert_false(uscc_is_valid(NULL, &err));
        assert_false(uscc_is_valid(" 91350100M000100Y43", &err));
        assert_int_equal(uscc_check_char("9135"), 0);
}

static void test_lowercase(void **state)
{
        (void)state;
        struct gl_error err = {0};
        assert_false(uscc_is_valid("91350100m000100y43", &err));
        assert_non_null(strstr(err.message, "lower case"));
        assert_non_null(strstr(err.message, "character 9"));
}

static void test_bad_org_code_check(void **state)
{
        /* Position 17 wrong, position 18 recomputed to match: only the organization code fails. */
        (void)state;
        char code[19];
        memcpy(code, "914403001922038216", 19);
        code[16] = '2';
        code[17] = uscc_check_char(code);
        struct gl_error err = {0};
        assert_false(uscc_is_valid(code, &err));
        assert_non_null(strstr(err.message, "organization code check character should be '1'"));
}

static void test_division_code(void **state)
{
        (void)state;
        char div[7] = "xxxxxx";
        assert_true(uscc_division_code("914403001922038216", div));
        assert_string_equal(div, "440300");
        /* A letter among positions 3-8, with both check characters consistent. */
        char code[19];
        memcpy(code, "9144A3001922038216", 19);
        code[17] = uscc_check_char(code);
        struct gl_error err = {0};
        assert_false(uscc_is_valid(code, &err));
        assert_non_null(strstr(err.message, "division code"));
        assert_false(uscc_division_code(code, div));
        assert_string_equal(div, "440300");
}

static void test_generated_pingshan_code(void **state)
{
        /* What the demo does: a Pingshan enterprise code built from its parts. */
        (void)state;
        char code[19] = "91130131";
        memcpy(code + 8, "MA0ABC12", 8);
        code[16] = uscc_org_check_char(code + 8);
        code[17] = '\0';
        code[17] = uscc_check_char(code);
        code[18] = '\0';
        assert_true(uscc_is_valid(code, NULL));
        char div[7];
        assert_true(uscc_division_code(code, div));
        assert_string_equal(div, "130131");
}

/* A key gives back its code and tag; two codes differing in any one of the first 17 characters
 * (the 18th then differs too) have different keys; a tag too wide, a wrong check character and a
 * character outside the alphabet give none. */
static void test_keys(void **state)
{
        (void)state;
        for (size_t i = 0; i < sizeof(valid_codes) / sizeof(*valid_codes); i++) {
                struct uscc_key k, same;
                assert_true(uscc_key_of(valid_codes[i], 127, &k));
                char back[GL_USCC_LEN + 1];
                assert_int_equal(uscc_key_text(&k, back), 127);
                assert_string_equal(back, valid_codes[i]);
                assert_true(uscc_key_of(valid_codes[i], 127, &same));
                assert_int_equal(uscc_key_cmp(&k, &same), 0);
                assert_true(uscc_key_of(valid_codes[i], 126, &same));
                assert_int_not_equal(uscc_key_cmp(&k, &same), 0);
                assert_int_equal(uscc_key_tag(&same), 126);
                assert_int_equal(uscc_key_code_cmp(&k, &same), 0);
                assert_false(uscc_key_of(valid_codes[i], 128, &same));
                for (int pos = 0; pos < 17; pos++) {
                        char other[GL_USCC_LEN + 1];
                        memcpy(other, valid_codes[i], sizeof(other));
                        other[pos] = other[pos] == 'Y'
                                         ? '0'
                                         : alphabet[strchr(alphabet, other[pos]) - alphabet + 1];
                        other[17] = uscc_check_char(other);
                        struct uscc_key o;
                        assert_true(uscc_key_of(other, 127, &o));
                        assert_int_not_equal(uscc_key_cmp(&k, &o), 0);
                        other[17] = other[17] == '0' ? '1' : '0';
                        assert_false(uscc_key_of(other, 0, &o));
                }
        }
        struct uscc_key k;
        assert_false(uscc_key_of("91440300192203821I", 0, &k));
        assert_false(uscc_key_of("9144030019220382", 0, &k));
        assert_false(uscc_key_of("9144030019220382160", 0, &k));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_valid_codes),
            cmocka_unit_test(test_check_char_by_hand),
            cmocka_unit_test(test_org_check_char_x_and_zero),
            cmocka_unit_test(test_every_wrong_check_char),
            cmocka_unit_test(test_every_position_changed_is_caught),
            cmocka_unit_test(test_bad_alphabet),
            cmocka_unit_test(test_wrong_length),
            cmocka_unit_test(test_lowercase),
            cmocka_unit_test(test_bad_org_code_check),
            cmocka_unit_test(test_division_code),
            cmocka_unit_test(test_generated_pingshan_code),
            cmocka_unit_test(test_keys),
        };
        return cmocka_run_group_tests_name("uscc", tests, NULL, NULL);
}

/*
 * Unit tests of measure 6's rule (core/supply.c) against the shipped pack and copies of it changed
 * the way another county's pack might be: the boundary of "B 级及以上" (B preferred, B- not, A
 * preferred, C not), a partner without a grade, an outside partner whose grade is unknown, the
 * positive list whatever the grade and without it as a ground (m6.positive_list_partner = 0), an
 * industry whose ladder lacks B, the window's last day and the day after with both readings of
 * m6.review_after_window, the explanation citing the clause and the parameters; then the product
 * key and the check of typed texts. The expected outcomes are written from the measure's text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/date.h"
#include "core/policy.h"
#include "core/supply.h"
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

/* A partner of the registry in industry with grade ("" none) and list status. */
static struct supply_partner in_registry(const char *industry, const char *grade, int list)
{
        return (struct supply_partner){.uscc = "91130131MA0000000A",
                                       .name = "甲铸造有限公司",
                                       .in_registry = true,
                                       .industry = industry,
                                       .grade_known = true,
                                       .grade = grade,
                                       .positive_list = list};
}

/* A partner outside the registry; grade NULL when not recorded, list -1 when not known. */
static struct supply_partner outside(const char *grade, int list)
{
        return (struct supply_partner){.uscc = "91110000600037341L",
                                       .name = "外省钢材贸易有限公司",
                                       .in_registry = false,
                                       .grade_known = grade != NULL,
                                       .grade = grade ? grade : "",
                                       .positive_list = list};
}

static struct supply_verdict judge(const struct policy_pack *pack, struct supply_partner p,
                                   const char *on)
{
        struct supply_verdict v;
        struct gl_error err = {0};
        assert_int_equal(supply_judge(pack, &p, day(on), &v, &err), GL_OK);
        assert_true(v.nlines >= 4);
        return v;
}

static bool says(const struct supply_verdict *v, const char *text)
{
        for (size_t i = 0; i < v->nlines; i++)
                if (strstr(v->lines[i], text))
                        return true;
        return false;
}

static void test_grade_boundary(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct supply_verdict v = judge(pack, in_registry("foundry", "B", 0), "2022-06-01");
        assert_true(v.preferred);
        assert_true(v.grade_ok);
        assert_false(v.list_ok);
        assert_string_equal(v.reason, "grade");
        assert_true(says(&v, "绩效等级 B：在 B 级及以上"));
        v = judge(pack, in_registry("foundry", "B-", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_int_equal(v.grade, SUPPLY_GRADE_BELOW);
        assert_string_equal(v.reason, "below_grade");
        assert_true(says(&v, "绩效等级 B-：低于 B 级"));
        v = judge(pack, in_registry("foundry", "A", 0), "2022-06-01");
        assert_true(v.preferred);
        v = judge(pack, in_registry("foundry", "C", 0), "2022-06-01");
        assert_false(v.preferred);
        v = judge(pack, in_registry("steel_long", "D", 0), "2022-06-01");
        assert_false(v.preferred);
        /* every decision cites the clause and its parameters */
        assert_true(says(&v, "优先选择绩效等级 B 级及以上企业或正面清单企业"));
        assert_true(says(&v, "m6.min_partner_grade = B"));
        assert_true(says(&v, "m6.positive_list_partner = 1"));
        assert_true(says(&v, "m6.window_to"));
        assert_true(says(&v, "“长流程钢铁”（steel_long）"));
        assert_true(says(&v, "结论：不是优先选择的上下游企业"));
        policy_pack_free(pack);
}

static void test_ungraded_partner(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct supply_verdict v = judge(pack, in_registry("foundry", "", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_int_equal(v.grade, SUPPLY_GRADE_UNGRADED);
        assert_string_equal(v.reason, "ungraded");
        assert_true(says(&v, "m1.ungraded = lowest"));
        assert_true(says(&v, "视为 D 级"));
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "m1.ungraded", "excluded", &err), GL_OK);
        v = judge(pack, in_registry("foundry", "", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_true(says(&v, "m1.ungraded = excluded"));
        /* on the list, a partner without a grade is preferred all the same */
        v = judge(pack, in_registry("foundry", "", 1), "2022-06-01");
        assert_true(v.preferred);
        assert_string_equal(v.reason, "positive_list");
        policy_pack_free(pack);
}

static void test_outside_partner(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct supply_verdict v = judge(pack, outside(NULL, -1), "2022-06-01");
        assert_false(v.preferred);
        assert_int_equal(v.grade, SUPPLY_GRADE_UNKNOWN);
        assert_string_equal(v.reason, "grade_unknown");
        assert_true(says(&v, "等级未知"));
        assert_true(says(&v, "是否在生态环境监管正面清单上未知"));
        v = judge(pack, outside("B", 0), "2022-06-01");
        assert_true(v.preferred);
        assert_true(says(&v, "m1.default_ladder"));
        v = judge(pack, outside("B-", 0), "2022-06-01");
        assert_false(v.preferred);
        v = judge(pack, outside(NULL, 1), "2022-06-01");
        assert_true(v.preferred);
        assert_string_equal(v.reason, "positive_list");
        /* a grade that is no grade is refused, naming the field */
        struct supply_partner bad = outside("E", 0);
        struct gl_error err = {0};
        assert_int_equal(supply_judge(pack, &bad, day("2022-06-01"), &v, &err), GL_EINVAL);
        assert_string_equal(err.field, "partner_grade");
        policy_pack_free(pack);
}

static void test_positive_list(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        const char *grades[] = {"A", "B", "B-", "C", "D", ""};
        for (size_t i = 0; i < GL_ARRAY_LEN(grades); i++) {
                struct supply_verdict v =
                    judge(pack, in_registry("cement", grades[i], 1), "2022-06-01");
                assert_true(v.preferred);
                assert_true(v.list_ok);
        }
        struct supply_verdict v = judge(pack, in_registry("cement", "A", 1), "2022-06-01");
        assert_string_equal(v.reason, "grade_and_positive_list");
        /* m6.positive_list_partner = 0: the list is no ground of its own */
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(pack, "m6.positive_list_partner", "0", &err), GL_OK);
        v = judge(pack, in_registry("cement", "D", 1), "2022-06-01");
        assert_false(v.preferred);
        assert_false(v.list_ok);
        assert_true(says(&v, "m6.positive_list_partner = 0"));
        v = judge(pack, in_registry("cement", "B", 1), "2022-06-01");
        assert_true(v.preferred);
        assert_string_equal(v.reason, "grade");
        /* another minimum grade */
        assert_int_equal(policy_pack_override(pack, "m6.min_partner_grade", "A", &err), GL_OK);
        v = judge(pack, in_registry("cement", "B", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_true(says(&v, "m6.min_partner_grade = A"));
        policy_pack_free(pack);
}

/* An industry whose ladder lacks B: the lime kilns' ladder made D, C, A. */
static void test_ladder_without_b(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct policy_industry *lime =
            (struct policy_industry *)policy_industry_find(pack, "lime_kiln");
        assert_non_null(lime);
        assert_int_equal(lime->nladder, 4); /* D, C, B, A: no B- */
        struct supply_verdict v = judge(pack, in_registry("lime_kiln", "B-", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_int_equal(v.grade, SUPPLY_GRADE_OFF_LADDER);
        free(lime->ladder[2]);
        lime->ladder[2] = lime->ladder[3];
        lime->ladder[3] = NULL;
        lime->nladder = 3;
        v = judge(pack, in_registry("lime_kiln", "A", 0), "2022-06-01");
        assert_true(v.preferred);
        assert_true(says(&v, "该行业等级阶梯无 B 级，按默认等级阶梯 m1.default_ladder"));
        v = judge(pack, in_registry("lime_kiln", "C", 0), "2022-06-01");
        assert_false(v.preferred);
        v = judge(pack, in_registry("lime_kiln", "", 0), "2022-06-01");
        assert_false(v.preferred);
        assert_true(says(&v, "视为 D 级"));
        policy_pack_free(pack);
}

static void test_window(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct supply_verdict v = judge(pack, in_registry("foundry", "C", 0), "2022-12-31");
        assert_true(v.in_window);
        assert_true(v.reviewed);
        assert_true(says(&v, "今日 2022-12-31 在期间内"));
        v = judge(pack, in_registry("foundry", "C", 0), "2023-01-01");
        assert_false(v.in_window);
        assert_true(v.reviewed);
        assert_false(v.preferred);
        assert_true(says(&v, "今日 2023-01-01 已过期间"));
        assert_true(says(&v, "m6.review_after_window = 1"));
        struct supply_verdict rule;
        struct gl_error err = {0};
        assert_int_equal(supply_rule(pack, day("2023-01-01"), &rule, &err), GL_OK);
        assert_int_equal(rule.nlines, 2);
        assert_true(rule.reviewed);
        assert_int_equal(policy_pack_override(pack, "m6.review_after_window", "0", &err), GL_OK);
        struct supply_partner good = in_registry("foundry", "A", 1);
        assert_int_equal(supply_judge(pack, &good, day("2023-01-01"), &v, &err), GL_OK);
        assert_false(v.reviewed);
        assert_false(v.preferred);
        assert_string_equal(v.reason, "not_reviewed");
        assert_true(says(&v, "期满后不再审视"));
        v = judge(pack, good, "2022-12-31");
        assert_true(v.reviewed && v.preferred);
        policy_pack_free(pack);
}

static void test_missing_parameter(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        struct supply_verdict v;
        struct gl_error err = {0};
        struct supply_partner p = in_registry("foundry", "B", 0);
        /* before the pack's first value nothing applies: the parameter is named */
        assert_int_equal(supply_judge(pack, &p, day("2021-06-01"), &v, &err), GL_ENOTFOUND);
        assert_string_equal(err.field, "m6.min_partner_grade");
        policy_pack_free(pack);
}

static void test_suggested_target(void **state)
{
        (void)state;
        struct policy_pack *pack = load();
        char text[512];
        struct supply_partner p = in_registry("foundry", "C", 0);
        struct supply_verdict v = judge(pack, p, "2022-06-01");
        supply_suggest_target(&p, &v, text, sizeof(text));
        assert_non_null(strstr(text, "甲铸造有限公司"));
        assert_non_null(strstr(text, "由 C 级提升至 B 级及以上"));
        p = outside(NULL, -1);
        v = judge(pack, p, "2022-06-01");
        supply_suggest_target(&p, &v, text, sizeof(text));
        assert_non_null(strstr(text, "核实外省钢材贸易有限公司的绩效等级"));
        policy_pack_free(pack);
}

static void test_product_key(void **state)
{
        (void)state;
        char key[SUPPLY_PRODUCT_MAX + 1] = "untouched";
        struct gl_error err = {0};
        assert_int_equal(supply_product_key("  Ｈ型钢　 Q235 ", key, sizeof(key), &err), GL_OK);
        assert_string_equal(key, "h型钢 q235");
        assert_int_equal(supply_product_key("h型钢 q235", key, sizeof(key), &err), GL_OK);
        assert_string_equal(key, "h型钢 q235");
        assert_int_equal(supply_product_key("铸件（灰铸铁）", key, sizeof(key), &err), GL_OK);
        assert_string_equal(key, "铸件(灰铸铁)"); /* full-width parentheses as ASCII */
        strcpy(key, "untouched");
        const char *bad[] = {"", "   ", "　", "a\tb", "a\nb", "\xff\xfe"};
        for (size_t i = 0; i < GL_ARRAY_LEN(bad); i++) {
                gl_error_clear(&err);
                assert_int_equal(supply_product_key(bad[i], key, sizeof(key), &err), GL_EINVAL);
                assert_string_equal(err.field, "product");
                assert_string_equal(key, "untouched");
        }
        char long_text[SUPPLY_PRODUCT_MAX + 2];
        memset(long_text, 'x', sizeof(long_text) - 1);
        long_text[sizeof(long_text) - 1] = '\0';
        assert_int_equal(supply_product_key(long_text, key, sizeof(key), &err), GL_EINVAL);
        assert_non_null(strstr(err.message, "过长"));
        long_text[SUPPLY_PRODUCT_MAX] = '\0';
        assert_int_equal(supply_product_key(long_text, key, sizeof(key), &err), GL_OK);
}

static void test_texts_and_names(void **state)
{
        (void)state;
        struct gl_error err = {0};
        assert_int_equal(
            supply_check_text("target", "帮扶目标", "第一行\n第二行", 100, true, true, &err),
            GL_OK);
        assert_int_equal(
            supply_check_text("target", "帮扶目标", "第一行\n第二行", 100, true, false, &err),
            GL_EINVAL);
        assert_int_equal(supply_check_text("target", "帮扶目标", " \n ", 100, true, true, &err),
                         GL_EINVAL);
        assert_string_equal(err.field, "target");
        assert_non_null(strstr(err.message, "帮扶目标为空"));
        assert_int_equal(supply_check_text("reason", "理由", "", 100, false, true, &err), GL_OK);
        assert_int_equal(supply_direction_from_name("upstream"), SUPPLY_UPSTREAM);
        assert_int_equal(supply_direction_from_name("downstream"), SUPPLY_DOWNSTREAM);
        assert_int_equal(supply_direction_from_name("sideways"), -1);
        assert_int_equal(supply_direction_from_name(NULL), -1);
        assert_string_equal(supply_direction_name(SUPPLY_DOWNSTREAM), "downstream");
        assert_string_equal(supply_direction_label_zh(SUPPLY_UPSTREAM), "上游");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_grade_boundary),    cmocka_unit_test(test_ungraded_partner),
            cmocka_unit_test(test_outside_partner),   cmocka_unit_test(test_positive_list),
            cmocka_unit_test(test_ladder_without_b),  cmocka_unit_test(test_window),
            cmocka_unit_test(test_missing_parameter), cmocka_unit_test(test_suggested_target),
            cmocka_unit_test(test_product_key),       cmocka_unit_test(test_texts_and_names),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

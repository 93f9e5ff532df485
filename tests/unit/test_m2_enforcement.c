/*
 * Unit tests of measure 2's proposal (core/m2_enforcement.c) against the shipped pack: each
 * ground of Administrative Penalty Law art. 33 and its boundary, the window's first and last days
 * and the days just outside them, a malicious violation inside the window, the contradictions
 * refused, the explanation citing the clauses and the parameters, and the numbers from a
 * template. The expected outcomes are written here from the law and the measure, not read from
 * the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/date.h"
#include "core/m2_enforcement.h"
#include "core/policy.h"
#include "io/policy_json.h"

static struct policy_pack *pack;

static int setup(void **state)
{
        (void)state;
        struct gl_error err = {0};
        return policy_pack_load_default(&pack, &err) == GL_OK ? 0 : -1;
}

static int teardown(void **state)
{
        (void)state;
        policy_pack_free(pack);
        return 0;
}

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        assert_int_equal(date_parse_iso(iso, &d), GL_OK);
        return d;
}

/* A minor violation found in the window, no harm, corrected in time, first, nothing else. */
static struct m2_facts base(void)
{
        return (struct m2_facts){.found_on = day("2022-05-10"),
                                 .harm = M2_HARM_NONE,
                                 .minor = true,
                                 .correction = M2_CORRECTION_IN_TIME,
                                 .corrected_on = day("2022-05-15"),
                                 .correct_by = day("2022-05-20")};
}

static struct m2_proposal propose(const struct m2_facts *f)
{
        struct m2_proposal p;
        struct gl_error err = {0};
        int rc = m2_propose(pack, f, &p, &err);
        if (rc != GL_OK)
                fail_msg("m2_propose: %s", err.message);
        return p;
}

static bool says(const struct m2_proposal *p, const char *needle)
{
        for (size_t i = 0; i < p->nlines; i++)
                if (strstr(p->lines[i], needle))
                        return true;
        return false;
}

static void test_minor_corrected_no_harm_is_mandatory(void **state)
{
        (void)state;
        struct m2_facts f = base();
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_NO_PENALTY);
        assert_string_equal(p.ground, "minor");
        assert_true(p.in_window);
        assert_true(says(&p, "第三十三条第一款，应当"));
        assert_true(says(&p, "应当对当事人进行教育"));
        assert_true(says(&p, "m2.window_from"));
        /* Outside the window the law alone still says no penalty: the ground is mandatory. */
        f.found_on = day("2022-12-01");
        f.corrected_on = day("2022-12-02");
        f.correct_by = day("2022-12-05");
        p = propose(&f);
        assert_int_equal(p.outcome, M2_NO_PENALTY);
        assert_false(p.in_window);
        assert_true(says(&p, "不在期间内"));
        /* Malicious too: art. 33 ¶1 is the law's, not the measure's. */
        f = base();
        f.malicious = true;
        assert_int_equal(propose(&f).outcome, M2_NO_PENALTY);
}

static void test_minor_with_minor_harm_is_not_mandatory(void **state)
{
        (void)state;
        struct m2_facts f = base();
        f.harm = M2_HARM_MINOR;
        struct m2_proposal p = propose(&f);
        /* Not ¶1's first sentence (harm), but a first violation with minor harm corrected in
         * time: in the window, the measure's "首次不罚". */
        assert_int_equal(p.outcome, M2_NO_PENALTY_FIRST);
        assert_string_equal(p.ground, "first");
        assert_true(says(&p, "可以"));
        assert_true(says(&p, "首次不罚"));
}

static void test_first_violation_by_window(void **state)
{
        (void)state;
        struct m2_facts f = base();
        f.minor = false;
        f.harm = M2_HARM_MINOR;
        /* The window's first and last days, and the days just outside. */
        const struct {
                const char *found;
                enum m2_outcome want;
        } cases[] = {{"2022-03-31", M2_DISCRETION},
                     {"2022-04-01", M2_NO_PENALTY_FIRST},
                     {"2022-09-30", M2_NO_PENALTY_FIRST},
                     {"2022-10-01", M2_DISCRETION}};
        for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
                f.found_on = day(cases[i].found);
                f.corrected_on = f.found_on;
                f.correct_by = f.found_on + 10;
                struct m2_proposal p = propose(&f);
                if (p.outcome != cases[i].want)
                        fail_msg("found %s: outcome %s", cases[i].found,
                                 m2_outcome_name(p.outcome));
                assert_false(m2_proposes_no_penalty(M2_DISCRETION));
        }
        /* Malicious inside the window: the measure does not apply, the discretion stays. */
        f.found_on = day("2022-06-01");
        f.corrected_on = f.found_on;
        f.correct_by = f.found_on + 10;
        f.malicious = true;
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_DISCRETION);
        assert_true(says(&p, "恶意违法，不适用包容性执法"));
}

static void test_not_first_or_late_or_serious_is_penalty(void **state)
{
        (void)state;
        struct m2_facts f = base();
        f.minor = false;
        f.harm = M2_HARM_MINOR;
        f.prior_case = 7;
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_PENALTY);
        assert_false(p.first);
        assert_true(says(&p, "同类违法案件 7"));
        assert_true(says(&p, "不得简单采取罚款方式"));
        f.prior_case = 0;
        f.prior_recorded = true;
        assert_int_equal(propose(&f).outcome, M2_PENALTY);
        f.prior_recorded = false;
        f.correction = M2_CORRECTION_LATE;
        f.corrected_on = day("2022-05-21"); /* a day after the period */
        p = propose(&f);
        assert_int_equal(p.outcome, M2_PENALTY);
        assert_true(says(&p, "不属“及时改正”"));
        f = base();
        f.harm = M2_HARM_SERIOUS;
        f.minor = false;
        assert_int_equal(propose(&f).outcome, M2_PENALTY);
        f.correction = M2_CORRECTION_NONE;
        f.harm = M2_HARM_NONE;
        f.minor = true;
        assert_int_equal(propose(&f).outcome, M2_PENALTY);
        /* Outside the window the penalty line does not cite the measure. */
        f.found_on = day("2022-10-01");
        p = propose(&f);
        assert_int_equal(p.outcome, M2_PENALTY);
        assert_false(says(&p, "不得简单采取罚款方式"));
}

static void test_no_harm_first_violation_reading(void **state)
{
        (void)state;
        /* Not minor, no harm, first, corrected in time: ¶1's first sentence needs "minor", the
         * second "minor harm", which no harm satisfies by m2.no_harm_counts_as_minor = 1. */
        struct m2_facts f = base();
        f.minor = false;
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_NO_PENALTY_FIRST);
        assert_true(says(&p, "m2.no_harm_counts_as_minor"));
}

static void test_no_fault_is_mandatory_and_needs_no_correction(void **state)
{
        (void)state;
        struct m2_facts f = base();
        f.no_fault = true;
        f.minor = false;
        f.harm = M2_HARM_SERIOUS;
        f.correction = M2_CORRECTION_PENDING;
        f.prior_case = 3;
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_NO_PENALTY);
        assert_string_equal(p.ground, "unintentional");
        assert_true(says(&p, "第三十三条第二款"));
        f.malicious = true;
        struct gl_error err = {0};
        struct m2_proposal q;
        assert_int_equal(m2_propose(pack, &f, &q, &err), GL_EINVAL);
        assert_string_equal(err.field, "no_fault");
}

static void test_pending_until_verified(void **state)
{
        (void)state;
        struct m2_facts f = base();
        f.correction = M2_CORRECTION_PENDING;
        f.corrected_on = GL_DATE_NONE;
        struct m2_proposal p = propose(&f);
        assert_int_equal(p.outcome, M2_PENDING);
        assert_true(says(&p, "改正情况尚待核查"));
        assert_false(m2_proposes_no_penalty(p.outcome));
}

static void test_names(void **state)
{
        (void)state;
        assert_true(m2_proposes_no_penalty(M2_NO_PENALTY));
        assert_true(m2_proposes_no_penalty(M2_NO_PENALTY_FIRST));
        assert_false(m2_proposes_no_penalty(M2_PENALTY));
        assert_string_equal(m2_outcome_name(M2_NO_PENALTY_FIRST), "no_penalty_first");
        assert_int_equal(m2_harm_from_name("serious"), M2_HARM_SERIOUS);
        assert_int_equal(m2_harm_from_name("grave"), -1);
        assert_int_equal(m2_harm_from_name(NULL), -1);
}

static void test_numbers(void **state)
{
        (void)state;
        char out[64];
        struct gl_error err = {0};
        assert_int_equal(
            m2_format_number("平环责改〔{year}〕{seq}号", 2022, 3, out, sizeof(out), &err), GL_OK);
        assert_string_equal(out, "平环责改〔2022〕3号");
        assert_int_equal(m2_format_number("No. {seq}/{year}", 2023, 120, out, sizeof(out), &err),
                         GL_OK);
        assert_string_equal(out, "No. 120/2023");
        assert_int_equal(m2_format_number("平环〔{year}〕号", 2022, 1, out, sizeof(out), &err),
                         GL_EINVAL);
        assert_int_equal(m2_format_number("{seq}{seq}{seq}", 2022, 1234567, out, 8, &err),
                         GL_EINVAL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_minor_corrected_no_harm_is_mandatory),
            cmocka_unit_test(test_minor_with_minor_harm_is_not_mandatory),
            cmocka_unit_test(test_first_violation_by_window),
            cmocka_unit_test(test_not_first_or_late_or_serious_is_penalty),
            cmocka_unit_test(test_no_harm_first_violation_reading),
            cmocka_unit_test(test_no_fault_is_mandatory_and_needs_no_correction),
            cmocka_unit_test(test_pending_until_verified),
            cmocka_unit_test(test_names),
            cmocka_unit_test(test_numbers),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}

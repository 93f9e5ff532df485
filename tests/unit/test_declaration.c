/*
 * Unit tests of the measure-1 declaration state machine (core/declaration.c): every state × action
 * × role against a table of the allowed steps written out here independently of the code's own
 * table, the guards (stale version, own enterprise, reasons, each city review once, grace deadline
 * bounds), the submission guards, and the deadlines counted by the calendar (county review across
 * National Day, grace by the Civil Code across a month end and onto a holiday).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/calendar.h"
#include "core/declaration.h"

#define D(y, m, d) date_from_ymd(y, m, d)

/* The procedure as the policy reads, one line per allowed (action, from, role). */
struct allowed {
        enum declaration_action action;
        enum declaration_state from;
        enum role role;
        enum declaration_state to;
};

static const struct allowed allowed_steps[] = {
    {DECLARATION_RESUBMIT, DECLARATION_RETURNED, ROLE_ENTERPRISE, DECLARATION_SUBMITTED},
    {DECLARATION_RESUBMIT, DECLARATION_RETURNED, ROLE_SYSTEM, DECLARATION_SUBMITTED},
    {DECLARATION_APPROVE, DECLARATION_SUBMITTED, ROLE_COUNTY_OFFICER, DECLARATION_COUNTY_APPROVED},
    {DECLARATION_APPROVE, DECLARATION_SUBMITTED, ROLE_SYSTEM, DECLARATION_COUNTY_APPROVED},
    {DECLARATION_RETURN, DECLARATION_SUBMITTED, ROLE_COUNTY_OFFICER, DECLARATION_RETURNED},
    {DECLARATION_RETURN, DECLARATION_SUBMITTED, ROLE_SYSTEM, DECLARATION_RETURNED},
    /* With the other city review not yet recorded, the declaration stays county_approved. */
    {DECLARATION_PRELIMINARY_REVIEW, DECLARATION_COUNTY_APPROVED, ROLE_CITY_OFFICER,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_PRELIMINARY_REVIEW, DECLARATION_COUNTY_APPROVED, ROLE_CITY_EXPERT,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_PRELIMINARY_REVIEW, DECLARATION_COUNTY_APPROVED, ROLE_SYSTEM,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_SITE_VERIFICATION, DECLARATION_COUNTY_APPROVED, ROLE_CITY_OFFICER,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_SITE_VERIFICATION, DECLARATION_COUNTY_APPROVED, ROLE_CITY_EXPERT,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_SITE_VERIFICATION, DECLARATION_COUNTY_APPROVED, ROLE_SYSTEM,
     DECLARATION_COUNTY_APPROVED},
    {DECLARATION_DECIDE_PROVISIONAL, DECLARATION_CITY_REVIEWED, ROLE_CITY_OFFICER,
     DECLARATION_PROVISIONAL},
    {DECLARATION_DECIDE_PROVISIONAL, DECLARATION_CITY_REVIEWED, ROLE_SYSTEM,
     DECLARATION_PROVISIONAL},
    {DECLARATION_REJECT, DECLARATION_CITY_REVIEWED, ROLE_CITY_OFFICER, DECLARATION_REJECTED},
    {DECLARATION_REJECT, DECLARATION_CITY_REVIEWED, ROLE_SYSTEM, DECLARATION_REJECTED},
    {DECLARATION_INDICATORS_MET, DECLARATION_PROVISIONAL, ROLE_COUNTY_OFFICER, DECLARATION_FORMAL},
    {DECLARATION_INDICATORS_MET, DECLARATION_PROVISIONAL, ROLE_CITY_OFFICER, DECLARATION_FORMAL},
    {DECLARATION_INDICATORS_MET, DECLARATION_PROVISIONAL, ROLE_SYSTEM, DECLARATION_FORMAL},
    {DECLARATION_REVERT, DECLARATION_PROVISIONAL, ROLE_SYSTEM, DECLARATION_REVERTED},
};

static const char *OWN = "91130131MA0000000X";

/* A step that passes every guard except the table's: a reason, today inside the grace period for
 * indicators met and past it for a revert. */
static struct declaration_step step_for(enum declaration_action a, enum declaration_state s,
                                        enum role r)
{
        struct declaration_step st = {0};
        st.action = a;
        st.state = s;
        st.role = r;
        st.actor_uscc = OWN;
        st.uscc = OWN;
        st.version = 3;
        st.expected_version = 3;
        st.reason = "意见";
        st.grace_deadline = D(2023, 2, 28);
        st.today = a == DECLARATION_REVERT ? D(2023, 3, 1) : D(2023, 2, 28);
        return st;
}

static const struct allowed *find_allowed(enum declaration_action a, enum declaration_state s,
                                          enum role r)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(allowed_steps); i++)
                if (allowed_steps[i].action == a && allowed_steps[i].from == s &&
                    allowed_steps[i].role == r)
                        return &allowed_steps[i];
        return NULL;
}

static bool role_listed(enum declaration_action a, enum role r)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(allowed_steps); i++)
                if (allowed_steps[i].action == a && allowed_steps[i].role == r)
                        return true;
        return false;
}

static void test_every_state_action_role(void **state)
{
        (void)state;
        int allowed = 0, refused = 0;
        for (int a = DECLARATION_RESUBMIT; a < DECLARATION_ACTION_COUNT_; a++) {
                for (int s = 0; s < DECLARATION_STATE_COUNT_; s++) {
                        for (int r = 0; r < ROLE_COUNT_; r++) {
                                struct declaration_step st = step_for(a, s, r);
                                enum declaration_state next = DECLARATION_STATE_COUNT_;
                                struct gl_error err = {0};
                                int rc = declaration_check_step(&st, &next, &err);
                                const struct allowed *want = find_allowed(a, s, r);
                                if (want) {
                                        assert_int_equal(rc, GL_OK);
                                        assert_int_equal(next, want->to);
                                        allowed++;
                                        continue;
                                }
                                assert_true(rc < 0);
                                assert_int_equal(next, DECLARATION_STATE_COUNT_);
                                assert_int_equal(rc, role_listed(a, r) ? GL_ESTATE : GL_EPERM);
                                assert_true(err.message[0] != '\0');
                                refused++;
                        }
                }
        }
        assert_int_equal(allowed, (int)GL_ARRAY_LEN(allowed_steps));
        assert_int_equal(allowed + refused,
                         (DECLARATION_ACTION_COUNT_ - 1) * DECLARATION_STATE_COUNT_ * ROLE_COUNT_);
}

static void test_both_city_reviews_make_city_reviewed(void **state)
{
        (void)state;
        enum declaration_state next;
        struct declaration_step st =
            step_for(DECLARATION_SITE_VERIFICATION, DECLARATION_COUNTY_APPROVED, ROLE_CITY_EXPERT);
        st.has_preliminary = true;
        assert_int_equal(declaration_check_step(&st, &next, NULL), GL_OK);
        assert_int_equal(next, DECLARATION_CITY_REVIEWED);

        st = step_for(DECLARATION_PRELIMINARY_REVIEW, DECLARATION_COUNTY_APPROVED,
                      ROLE_CITY_OFFICER);
        st.has_site = true;
        assert_int_equal(declaration_check_step(&st, &next, NULL), GL_OK);
        assert_int_equal(next, DECLARATION_CITY_REVIEWED);
}

static void test_city_review_recorded_once(void **state)
{
        (void)state;
        enum declaration_state next = DECLARATION_NONE;
        struct gl_error err = {0};
        struct declaration_step st =
            step_for(DECLARATION_PRELIMINARY_REVIEW, DECLARATION_COUNTY_APPROVED, ROLE_CITY_EXPERT);
        st.has_preliminary = true;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "初审已记录"));
        st = step_for(DECLARATION_SITE_VERIFICATION, DECLARATION_COUNTY_APPROVED, ROLE_CITY_EXPERT);
        st.has_site = true;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_ESTATE);
        assert_int_equal(next, DECLARATION_NONE);
}

static void test_stale_version(void **state)
{
        (void)state;
        enum declaration_state next = DECLARATION_NONE;
        struct gl_error err = {0};
        struct declaration_step st =
            step_for(DECLARATION_APPROVE, DECLARATION_SUBMITTED, ROLE_COUNTY_OFFICER);
        st.expected_version = 2;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_ECONFLICT);
        assert_string_equal(err.field, "version");
        assert_int_equal(next, DECLARATION_NONE);
        st.expected_version = 0; /* not checked */
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_OK);
}

static void test_enterprise_acts_only_for_itself(void **state)
{
        (void)state;
        enum declaration_state next;
        struct gl_error err = {0};
        struct declaration_step st =
            step_for(DECLARATION_RESUBMIT, DECLARATION_RETURNED, ROLE_ENTERPRISE);
        st.actor_uscc = "91130131MA0000001X";
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_EPERM);
        assert_non_null(strstr(err.message, "本企业"));
        st.actor_uscc = NULL;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_EPERM);
}

static void test_reasons_required(void **state)
{
        (void)state;
        enum declaration_action need[] = {DECLARATION_RETURN, DECLARATION_PRELIMINARY_REVIEW,
                                          DECLARATION_SITE_VERIFICATION, DECLARATION_REJECT};
        enum declaration_state from[] = {DECLARATION_SUBMITTED, DECLARATION_COUNTY_APPROVED,
                                         DECLARATION_COUNTY_APPROVED, DECLARATION_CITY_REVIEWED};
        for (size_t i = 0; i < GL_ARRAY_LEN(need); i++) {
                enum declaration_state next;
                struct gl_error err = {0};
                struct declaration_step st = step_for(need[i], from[i], ROLE_SYSTEM);
                st.reason = "  \n";
                assert_int_equal(declaration_check_step(&st, &next, &err), GL_EINVAL);
                assert_string_equal(err.field, "reason");
                st.reason = NULL;
                assert_int_equal(declaration_check_step(&st, &next, &err), GL_EINVAL);
        }
        /* Approving and deciding provisionally need none. */
        enum declaration_state next;
        struct declaration_step st =
            step_for(DECLARATION_APPROVE, DECLARATION_SUBMITTED, ROLE_SYSTEM);
        st.reason = NULL;
        assert_int_equal(declaration_check_step(&st, &next, NULL), GL_OK);
}

static void test_grace_bounds(void **state)
{
        (void)state;
        enum declaration_state next;
        struct gl_error err = {0};
        struct declaration_step st =
            step_for(DECLARATION_INDICATORS_MET, DECLARATION_PROVISIONAL, ROLE_COUNTY_OFFICER);
        st.today = st.grace_deadline; /* the last day still counts */
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_OK);
        assert_int_equal(next, DECLARATION_FORMAL);
        st.today = st.grace_deadline + 1;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "2023-02-28"));

        st = step_for(DECLARATION_REVERT, DECLARATION_PROVISIONAL, ROLE_SYSTEM);
        st.today = st.grace_deadline;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_ESTATE);
        st.today = st.grace_deadline + 1;
        assert_int_equal(declaration_check_step(&st, &next, &err), GL_OK);
        assert_int_equal(next, DECLARATION_REVERTED);
        assert_false(declaration_grace_passed(D(2023, 2, 28), D(2023, 2, 28)));
        assert_true(declaration_grace_passed(D(2023, 2, 28), D(2023, 3, 1)));
}

static struct declaration_submission good_submission(void)
{
        struct declaration_submission s = {0};
        s.role = ROLE_ENTERPRISE;
        s.actor_uscc = OWN;
        s.uscc = OWN;
        s.in_scope = true;
        s.grade = "C";
        s.next_grade = "B-";
        s.grade_sought = "B-";
        s.tier = "general";
        return s;
}

static void test_submission_guards(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct declaration_submission s = good_submission();
        assert_int_equal(declaration_check_submission(&s, &err), GL_OK);
        s.tier = "key";
        assert_int_equal(declaration_check_submission(&s, &err), GL_OK);
        s.role = ROLE_SYSTEM;
        s.actor_uscc = NULL;
        assert_int_equal(declaration_check_submission(&s, &err), GL_OK);

        for (int r = 0; r < ROLE_COUNT_; r++) {
                s = good_submission();
                s.role = (enum role)r;
                int want = (r == ROLE_ENTERPRISE || r == ROLE_SYSTEM) ? GL_OK : GL_EPERM;
                assert_int_equal(declaration_check_submission(&s, &err), want);
        }

        s = good_submission();
        s.actor_uscc = "91130131MA0000001X";
        assert_int_equal(declaration_check_submission(&s, &err), GL_EPERM);

        s = good_submission();
        s.has_open = true;
        assert_int_equal(declaration_check_submission(&s, &err), GL_ECONFLICT);
        assert_non_null(strstr(err.message, "未办结"));

        s = good_submission();
        s.in_scope = false;
        assert_int_equal(declaration_check_submission(&s, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "适用范围"));

        s = good_submission();
        s.grade = "A";
        s.next_grade = "";
        assert_int_equal(declaration_check_submission(&s, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "A 级"));

        s = good_submission();
        s.grade = "B";
        s.next_grade = NULL; /* a ladder whose top is B */
        assert_int_equal(declaration_check_submission(&s, &err), GL_ESTATE);

        s = good_submission();
        s.grade_sought = "B"; /* skipping a rung */
        assert_int_equal(declaration_check_submission(&s, &err), GL_EINVAL);
        assert_string_equal(err.field, "grade_sought");

        s = good_submission();
        s.tier = "none";
        assert_int_equal(declaration_check_submission(&s, &err), GL_ESTATE);
        s.tier = NULL;
        assert_int_equal(declaration_check_submission(&s, &err), GL_ESTATE);
}

static void test_open_states(void **state)
{
        (void)state;
        assert_false(declaration_state_is_open(DECLARATION_NONE));
        assert_true(declaration_state_is_open(DECLARATION_SUBMITTED));
        assert_true(declaration_state_is_open(DECLARATION_RETURNED));
        assert_true(declaration_state_is_open(DECLARATION_COUNTY_APPROVED));
        assert_true(declaration_state_is_open(DECLARATION_CITY_REVIEWED));
        assert_true(declaration_state_is_open(DECLARATION_PROVISIONAL));
        assert_false(declaration_state_is_open(DECLARATION_REJECTED));
        assert_false(declaration_state_is_open(DECLARATION_FORMAL));
        assert_false(declaration_state_is_open(DECLARATION_REVERTED));
}

static void test_names_round_trip(void **state)
{
        (void)state;
        for (int s = 0; s < DECLARATION_STATE_COUNT_; s++)
                assert_int_equal(declaration_state_from_name(declaration_state_name(s)), s);
        assert_int_equal(declaration_state_from_name("bogus"), DECLARATION_STATE_COUNT_);
        assert_int_equal(declaration_state_from_name(NULL), DECLARATION_STATE_COUNT_);
        assert_string_equal(declaration_action_name(DECLARATION_INDICATORS_MET), "indicators_met");
}

static void test_county_due_across_national_day(void **state)
{
        (void)state;
        struct calendar *cal = NULL;
        assert_int_equal(calendar_load_default(&cal, NULL), GL_OK);
        bool provisional = false;
        /* Received Wednesday 2022-09-28: 29, 30 Sep; 1-7 Oct off; 8, 9 Oct are make-up working
         * days; 10-14, 17-21 Oct; the 15th working day is Monday 2022-10-24. */
        assert_int_equal(declaration_county_due(cal, D(2022, 9, 28), 15, &provisional),
                         D(2022, 10, 24));
        assert_false(provisional);
        /* Received on a Friday: the receipt day is not counted. */
        assert_int_equal(declaration_county_due(cal, D(2022, 11, 4), 15, &provisional),
                         D(2022, 11, 25));
        assert_false(provisional);
        /* Past the loaded years: weekends alone, flagged provisional. */
        assert_int_equal(declaration_county_due(cal, D(2099, 1, 2), 5, &provisional),
                         D(2099, 1, 9));
        assert_true(provisional);
        calendar_free(cal);
}

static void test_grace_deadline_civil_code(void **state)
{
        (void)state;
        struct calendar *cal = NULL;
        assert_int_equal(calendar_load_default(&cal, NULL), GL_OK);
        bool provisional = false;
        /* Month end: no 31 February, so the period ends on its last day (a Tuesday). */
        assert_int_equal(declaration_grace_deadline(cal, D(2022, 8, 31), 6, &provisional),
                         D(2023, 2, 28));
        /* Key incentive: one year. 2022-08-31 + 12 months = 2023-08-31, a Thursday. */
        assert_int_equal(declaration_grace_deadline(cal, D(2022, 8, 31), 12, &provisional),
                         D(2023, 8, 31));
        /* Ends on National Day 2022-10-01: moves to the next working day, the make-up working
         * Saturday 2022-10-08. */
        assert_int_equal(declaration_grace_deadline(cal, D(2022, 4, 1), 6, &provisional),
                         D(2022, 10, 8));
        /* Ends on a Sunday (2023-04-30 falls in the Labour Day break 04-29..05-03): next working
         * day 2023-05-04. */
        assert_int_equal(declaration_grace_deadline(cal, D(2022, 10, 30), 6, &provisional),
                         D(2023, 5, 4));
        assert_false(provisional);
        calendar_free(cal);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_state_action_role),
            cmocka_unit_test(test_both_city_reviews_make_city_reviewed),
            cmocka_unit_test(test_city_review_recorded_once),
            cmocka_unit_test(test_stale_version),
            cmocka_unit_test(test_enterprise_acts_only_for_itself),
            cmocka_unit_test(test_reasons_required),
            cmocka_unit_test(test_grace_bounds),
            cmocka_unit_test(test_submission_guards),
            cmocka_unit_test(test_open_states),
            cmocka_unit_test(test_names_round_trip),
            cmocka_unit_test(test_county_due_across_national_day),
            cmocka_unit_test(test_grace_deadline_civil_code),
        };
        return cmocka_run_group_tests_name("declaration", tests, NULL, NULL);
}

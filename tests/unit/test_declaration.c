/*
 * Unit tests of the measure-1 declaration's state machine — the pack's procedure "m1.declaration"
 * run by the procedure engine (core/procedure.c), reached here through a small adapter
 * (declaration_check_step below) from the test's own step description: every state × action × role
 * against a table of the allowed steps written out here independently of the pack, the guards
 * (stale version, own enterprise, reasons, each city review once, grace deadline bounds), the
 * submission guards, and the deadlines counted by the calendar (county review across National Day,
 * grace by the Civil Code across a month end and onto a holiday); then the use cases of
 * app/declaration.c on an in-memory database: a whole walk to formal, return and resubmission, one
 * open declaration per enterprise, refusals that change nothing, the sweep, the tax flag.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/app.h"
#include "app/declaration.h"
#include "core/calendar.h"
#include "app/scope.h"
#include "core/declaration.h"
#include "core/policy.h"
#include "core/procedure.h"
#include "io/policy_json.h"
#include "store/declaration_store.h"

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

/* What the guard of a step needs to know, as this test describes a step. */
struct declaration_step {
        enum declaration_action action;
        enum role role;
        const char *actor_uscc;
        const char *uscc;
        enum declaration_state state;
        int64_t version;
        int64_t expected_version;
        bool has_preliminary;
        bool has_site;
        const char *reason;
        gl_date today;
        gl_date grace_deadline;
};

static struct policy_pack *the_pack(void)
{
        static struct policy_pack *pack;
        if (pack == NULL)
                assert_int_equal(policy_pack_load_default(&pack, NULL), GL_OK);
        return pack;
}

static const struct procedure *m1_procedure(void)
{
        const struct procedure *p = procedure_find(the_pack(), "m1.declaration");
        assert_non_null(p);
        return p;
}

/* The step through the one scope rule and the engine's generic check, with the state that
 * follows mapped back to the test's names. */
static struct procedure_step engine_step(const struct declaration_step *s, size_t *taken,
                                         struct procedure_deadline_view *grace)
{
        const struct procedure *p = m1_procedure();
        size_t ntaken = 0;
        if (s->has_preliminary)
                taken[ntaken++] =
                    (size_t)(procedure_action_find(p, "preliminary_review") - p->actions);
        if (s->has_site)
                taken[ntaken++] =
                    (size_t)(procedure_action_find(p, "site_verification") - p->actions);
        *grace = (struct procedure_deadline_view){.kind = "grace",
                                                  .due = s->grace_deadline,
                                                  .latest_due = s->grace_deadline,
                                                  .running = s->grace_deadline != GL_DATE_NONE};
        int si = procedure_state_index(p, declaration_state_name(s->state));
        struct procedure_step st = {
            .action = procedure_action_find(p, declaration_action_name(s->action)),
            .role = s->role,
            .state = si < 0 ? PROCEDURE_NO_STATE : (size_t)si,
            .version = s->version,
            .expected_version = s->expected_version,
            .today = s->today,
            .last_step_on = GL_DATE_NONE,
            .taken = taken,
            .ntaken = ntaken,
            .reason = s->reason,
            .enabled = true,
            .deadlines = grace,
            .ndeadlines = 1};
        return st;
}

static int declaration_check_step(const struct declaration_step *s, enum declaration_state *next,
                                  struct gl_error *err)
{
        struct actor who = {.role = s->role};
        snprintf(who.uscc, sizeof(who.uscc), "%s", s->actor_uscc ? s->actor_uscc : "");
        if (s->role == ROLE_ENTERPRISE &&
            app_scope_case(NULL, &who, m1_procedure(), s->uscc, err) != GL_OK)
                return gl_fail(err, GL_EPERM, "uscc", "企业用户只能办理本企业的申报");
        size_t taken[2], to = 0;
        struct procedure_deadline_view grace;
        struct procedure_step st = engine_step(s, taken, &grace);
        int rc = procedure_check_step(m1_procedure(), &st, &to, err);
        if (rc == GL_OK)
                *next = declaration_state_from_name(procedure_state_name(m1_procedure(), to));
        return rc;
}

static bool declaration_may_offer(enum role r, enum declaration_action a, enum declaration_state s,
                                  bool has_preliminary, bool has_site)
{
        struct declaration_step ds = {.action = a,
                                      .role = r,
                                      .state = s,
                                      .has_preliminary = has_preliminary,
                                      .has_site = has_site,
                                      .today = D(2023, 2, 28),
                                      .grace_deadline = D(2023, 2, 28)};
        size_t taken[2];
        struct procedure_deadline_view grace;
        struct procedure_step st = engine_step(&ds, taken, &grace);
        if (a == DECLARATION_REVERT)
                st.today = D(2023, 3, 1);
        return st.state != PROCEDURE_NO_STATE && procedure_offers(m1_procedure(), &st);
}

static bool declaration_grace_passed(gl_date grace_deadline, gl_date today)
{
        return today > grace_deadline;
}

static bool declaration_state_is_open(enum declaration_state s)
{
        const struct procedure *p = m1_procedure();
        int i = procedure_state_index(p, declaration_state_name(s));
        return i >= 0 && procedure_state_open(p, (size_t)i);
}

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
        st.reason = a == DECLARATION_RESUBMIT ? NULL : "意见"; /* resubmit takes none */
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

static void test_offered_actions(void **state)
{
        (void)state;
        /* Offered exactly where the independent table allows the step. */
        for (int a = DECLARATION_RESUBMIT; a < DECLARATION_ACTION_COUNT_; a++)
                for (int s = 0; s < DECLARATION_STATE_COUNT_; s++)
                        for (int r = 0; r < ROLE_COUNT_; r++)
                                assert_int_equal(declaration_may_offer(r, a, s, false, false),
                                                 find_allowed(a, s, r) != NULL);
        assert_false(declaration_may_offer(ROLE_CITY_EXPERT, DECLARATION_PRELIMINARY_REVIEW,
                                           DECLARATION_COUNTY_APPROVED, true, false));
        assert_true(declaration_may_offer(ROLE_CITY_EXPERT, DECLARATION_SITE_VERIFICATION,
                                          DECLARATION_COUNTY_APPROVED, true, false));
        assert_false(declaration_may_offer(ROLE_CITY_EXPERT, DECLARATION_SITE_VERIFICATION,
                                           DECLARATION_COUNTY_APPROVED, true, true));
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

/* ---- use cases (app/declaration.c) on an in-memory database ---- */

/* Foundry (ladder D C B- B A). Tax per tonne: KEY 100000, GEN 50000, NONE 10000, TOP 10000
 * yuan/t; the peer average is 1700000 / 40 = 42500 yuan/t, the key threshold 51000. OUT is in
 * cement, not in scope. */
#define KEY "91130131M10000012G"
#define NONE "91130131M10000020B"
#define TOP "91130131M100000398"
#define OUT "91130131M100000473"
#define GEN "91130131M10000055X"

static const char fixture[] =
    "INSERT INTO enterprises (uscc, name, industry, grade, updated_at) VALUES "
    "('" KEY "', '甲铸造', 'foundry', 'C', 'x'), ('" NONE "', '乙铸造', 'foundry', 'C', 'x'), "
    "('" TOP "', '丙铸造', 'foundry', 'A', 'x'), ('" OUT "', '丁水泥', 'cement', 'C', 'x'), "
    "('" GEN "', '戊铸造', 'foundry', 'B-', 'x');"
    "INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, pm_g, vocs_g, updated_at) "
    "VALUES ('" KEY "', 2021, 100000000, 4000000, 3000000, 2000000, 1000000, 'x'), "
    "('" NONE "', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x'), "
    "('" TOP "', 2021, 10000000, 4000000, 3000000, 2000000, 1000000, 'x'), "
    "('" OUT "', 2021, 900000000, 4000000, 3000000, 2000000, 1000000, 'x'), "
    "('" GEN "', 2021, 50000000, 4000000, 3000000, 2000000, 1000000, 'x');";

static const unsigned char form_bytes[] = "激励性生态环境绩效分级申报表";
/* The two materials a declaration requires: the form and the evidence. */
static const struct case_document_input form_docs[] = {
    {"申报表", "form.pdf", form_bytes, sizeof(form_bytes) - 1},
    {"证明材料", "evidence.pdf", form_bytes, sizeof(form_bytes) - 1},
};

static int app_setup(void **state)
{
        struct app *app = NULL;
        if (app_open(":memory:", &app, NULL) != GL_OK)
                return -1;
        if (db_exec(app->db, fixture) != GL_OK) {
                app_close(app);
                return -1;
        }
        *state = app;
        return 0;
}

static int app_teardown(void **state)
{
        app_close(*state);
        return 0;
}

static struct actor as(enum role r, const char *uscc)
{
        struct actor a = {0};
        a.role = r;
        snprintf(a.name, sizeof(a.name), "%s-user", role_name(r));
        if (uscc)
                snprintf(a.uscc, sizeof(a.uscc), "%s", uscc);
        return a;
}

static int64_t count(struct app *app, const char *sql)
{
        int64_t n = -1;
        assert_int_equal(db_query_int64(app->db, sql, &n), GL_OK);
        return n;
}

static int64_t audit_count(struct app *app)
{
        return count(app, "SELECT COUNT(*) FROM audit_log");
}

static void grade_of(struct app *app, const char *uscc, char out[GL_GRADE_LEN])
{
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(app->db, "SELECT grade FROM enterprises WHERE uscc = $1", &st),
                         GL_OK);
        db_bind_text(st, 1, uscc);
        assert_int_equal(db_step(st), DB_ROW);
        snprintf(out, GL_GRADE_LEN, "%s", db_column_text(st, 0));
        db_finalize(st);
}

static struct declaration get(struct app *app, int64_t id)
{
        struct declaration d;
        declaration_init(&d);
        struct actor sys = actor_system();
        assert_int_equal(app_declaration_get(app, &sys, id, &d, NULL), GL_OK);
        return d;
}

static int64_t submit(struct app *app, const char *uscc, const char *sought, gl_date today)
{
        struct actor ent = as(ROLE_ENTERPRISE, uscc);
        struct gl_error err = {0};
        int64_t id = 0;
        int rc =
            app_declaration_submit(app, &ent, uscc, 2021, sought, form_docs, 2, today, &id, &err);
        if (rc != GL_OK)
                fail_msg("submit %s: %s", uscc, err.message);
        return id;
}

/* Approve, preliminary review and site verification, as the roles that do them. */
static void through_city(struct app *app, int64_t id, gl_date day)
{
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        struct actor expert = as(ROLE_CITY_EXPERT, NULL);
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(app_declaration_review(app, &county, id, 0, true, NULL, day, NULL), GL_OK);
        assert_int_equal(
            app_declaration_city_review(app, &expert, id, 0, false, "材料齐全", day, NULL), GL_OK);
        assert_int_equal(
            app_declaration_city_review(app, &city, id, 0, true, "现场与申报一致", day, NULL),
            GL_OK);
}

static void test_walk_to_formal(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        struct declaration d = get(app, id);
        assert_int_equal(d.state, DECLARATION_SUBMITTED);
        assert_string_equal(d.tier, "key");
        assert_string_equal(d.grade_from, "C");
        assert_int_equal(d.received_on, D(2022, 9, 28));
        assert_int_equal(d.county_due_on, D(2022, 10, 24));
        assert_int_equal(d.version, 1);
        assert_non_null(d.explanation);
        declaration_clear(&d);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_documents WHERE digest = "
                                    "(SELECT digest FROM case_documents LIMIT 1) AND size "
                                    "= 42"),
                         2); /* the form and the evidence, the same bytes in this test */

        through_city(app, id, D(2022, 10, 20));
        d = get(app, id);
        assert_int_equal(d.state, DECLARATION_CITY_REVIEWED);
        assert_int_equal(d.version, 4);
        declaration_clear(&d);

        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(
            app_declaration_decide(app, &city, id, 4, true, NULL, D(2022, 10, 31), NULL), GL_OK);
        d = get(app, id);
        assert_int_equal(d.state, DECLARATION_PROVISIONAL);
        assert_int_equal(d.grace_months, 12);
        assert_int_equal(d.grace_deadline, D(2023, 10, 31));
        declaration_clear(&d);
        char grade[GL_GRADE_LEN];
        grade_of(app, KEY, grade);
        assert_string_equal(grade, "B-");

        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        assert_int_equal(
            app_declaration_indicators_met(app, &county, id, 0, NULL, D(2023, 10, 31), NULL),
            GL_OK);
        d = get(app, id);
        assert_int_equal(d.state, DECLARATION_FORMAL);
        declaration_clear(&d);
        grade_of(app, KEY, grade);
        assert_string_equal(grade, "B-");
        assert_int_equal(count(app, "SELECT COUNT(*) FROM grade_history WHERE kind = "
                                    "'provisional' AND from_grade = 'C' AND to_grade = 'B-'"),
                         1);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM grade_history WHERE kind = 'formal'"), 1);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_steps"), 6);
        assert_int_equal(audit_count(app), 6);
}

/* 暂按高一级别管理 is one rung above the grade held on the day of the decision: an enterprise the
 * registry re-graded during the review is promoted from its new grade, and a grade at the top of
 * the ladder cannot be promoted (never lowered). */
static void test_provisional_grade_from_the_decision_day(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        through_city(app, id, D(2022, 10, 20));
        assert_int_equal(
            db_exec(app->db, "UPDATE enterprises SET grade = 'B' WHERE uscc = '" KEY "'"), GL_OK);
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(
            app_declaration_decide(app, &city, id, 0, true, NULL, D(2022, 10, 31), NULL), GL_OK);
        char grade[GL_GRADE_LEN];
        grade_of(app, KEY, grade);
        assert_string_equal(grade, "A");
        struct declaration d = get(app, id);
        assert_string_equal(d.grade_from, "B");
        assert_string_equal(d.grade_sought, "A");
        declaration_clear(&d);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM grade_history WHERE kind = "
                                    "'provisional' AND from_grade = 'B' AND to_grade = 'A' AND "
                                    "reason LIKE '%决定日企业等级为“B”%'"),
                         1);

        int64_t other = submit(app, GEN, "B", D(2022, 9, 28));
        through_city(app, other, D(2022, 10, 20));
        assert_int_equal(
            db_exec(app->db, "UPDATE enterprises SET grade = 'A' WHERE uscc = '" GEN "'"), GL_OK);
        int64_t before = audit_count(app);
        struct gl_error err = {0};
        assert_int_equal(
            app_declaration_decide(app, &city, other, 0, true, NULL, D(2022, 10, 31), &err),
            GL_ESTATE);
        assert_non_null(strstr(err.message, "最高级别"));
        grade_of(app, GEN, grade);
        assert_string_equal(grade, "A");
        assert_int_equal(audit_count(app), before);
}

/* No step is dated before the step it follows: a county approval before receipt, a decision
 * before the city's reviews, indicators met before the decision. */
static void test_steps_in_date_order(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        struct gl_error err = {0};
        int64_t before = audit_count(app);
        assert_int_equal(
            app_declaration_review(app, &county, id, 0, true, NULL, D(2022, 9, 27), &err),
            GL_EINVAL);
        assert_string_equal(err.field, "today");
        assert_int_equal(audit_count(app), before);
        through_city(app, id, D(2022, 10, 20));
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(
            app_declaration_decide(app, &city, id, 0, true, NULL, D(2022, 10, 1), &err), GL_EINVAL);
        assert_int_equal(
            app_declaration_decide(app, &city, id, 0, true, NULL, D(2022, 10, 31), &err), GL_OK);
        assert_int_equal(
            app_declaration_indicators_met(app, &county, id, 0, NULL, D(2022, 10, 30), &err),
            GL_EINVAL);
        struct declaration d = get(app, id);
        assert_int_equal(d.state, DECLARATION_PROVISIONAL);
        assert_int_equal(d.grace_deadline, D(2023, 10, 31));
        declaration_clear(&d);
}

static void test_general_grace_six_months_month_end(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, GEN, NULL, D(2022, 8, 1)); /* the next rung: B */
        through_city(app, id, D(2022, 8, 15));
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(
            app_declaration_decide(app, &city, id, 0, true, NULL, D(2022, 8, 31), NULL), GL_OK);
        struct declaration d = get(app, id);
        assert_string_equal(d.tier, "general");
        assert_string_equal(d.grade_sought, "B");
        assert_int_equal(d.grace_deadline, D(2023, 2, 28));
        declaration_clear(&d);
}

static void test_return_and_resubmit(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, GEN, "B", D(2022, 9, 28));
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        struct gl_error err = {0};
        assert_int_equal(
            app_declaration_review(app, &county, id, 0, false, "", D(2022, 10, 10), &err),
            GL_EINVAL);
        assert_int_equal(app_declaration_review(app, &county, id, 0, false, "缺少监测报告",
                                                D(2022, 10, 10), &err),
                         GL_OK);
        struct declaration d = get(app, id);
        assert_int_equal(d.state, DECLARATION_RETURNED);
        assert_string_equal(d.county_reason, "缺少监测报告");
        declaration_clear(&d);

        /* For another enterprise it does not exist (as when reading it); the county may not
         * resubmit it either. */
        struct actor other = as(ROLE_ENTERPRISE, KEY);
        assert_int_equal(
            app_declaration_resubmit(app, &other, id, 0, NULL, 0, D(2022, 11, 1), &err),
            GL_ENOTFOUND);
        assert_int_equal(
            app_declaration_resubmit(app, &county, id, 0, NULL, 0, D(2022, 11, 1), &err), GL_EPERM);

        static const unsigned char report[] = "监测报告";
        struct case_document_input doc = {"证明材料", "report.pdf", report, sizeof(report) - 1};
        struct actor own = as(ROLE_ENTERPRISE, GEN);
        assert_int_equal(app_declaration_resubmit(app, &own, id, 2, &doc, 1, D(2022, 11, 4), &err),
                         GL_OK);
        d = get(app, id);
        assert_int_equal(d.state, DECLARATION_SUBMITTED);
        assert_int_equal(d.received_on, D(2022, 11, 4));
        assert_int_equal(d.county_due_on, D(2022, 11, 25));
        assert_null(d.county_reason);
        declaration_clear(&d);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_documents"), 3);
        assert_int_equal(
            app_declaration_review(app, &county, id, 0, true, NULL, D(2022, 11, 7), &err), GL_OK);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_reviews WHERE kind = "
                                    "'county'"),
                         2);
}

static void test_one_open_declaration(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        struct actor ent = as(ROLE_ENTERPRISE, KEY);
        struct gl_error err = {0};
        int64_t second = 0;
        int64_t before = audit_count(app);
        assert_int_equal(app_declaration_submit(app, &ent, KEY, 2021, "B-", form_docs, 2,
                                                D(2022, 9, 29), &second, &err),
                         GL_ECONFLICT);
        assert_non_null(strstr(err.message, "未办结"));
        assert_int_equal(second, 0);
        assert_int_equal(audit_count(app), before);
        /* Once rejected, it may declare again. */
        through_city(app, id, D(2022, 10, 10));
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        assert_int_equal(app_declaration_decide(app, &city, id, 0, false, "核查发现指标差距较大",
                                                D(2022, 10, 20), &err),
                         GL_OK);
        assert_int_equal(app_declaration_submit(app, &ent, KEY, 2021, "B-", form_docs, 2,
                                                D(2022, 10, 21), &second, &err),
                         GL_OK);
        assert_true(second > id);
}

static void test_submission_refusals(void **state)
{
        struct app *app = *state;
        struct gl_error err = {0};
        int64_t id = 0;
        struct actor sys = actor_system();
        assert_int_equal(app_declaration_submit(app, &sys, TOP, 2021, "A", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_ESTATE);
        assert_non_null(strstr(err.message, "A 级"));
        assert_int_equal(app_declaration_submit(app, &sys, OUT, 2021, "B-", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_ESTATE);
        assert_non_null(strstr(err.message, "适用范围"));
        assert_int_equal(app_declaration_submit(app, &sys, NONE, 2021, "B-", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_ESTATE);
        assert_int_equal(app_declaration_submit(app, &sys, KEY, 2021, "B", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_EINVAL);
        assert_int_equal(
            app_declaration_submit(app, &sys, KEY, 2021, "B-", NULL, 0, D(2022, 9, 28), &id, &err),
            GL_EINVAL);
        struct actor other = as(ROLE_ENTERPRISE, GEN);
        assert_int_equal(app_declaration_submit(app, &other, KEY, 2021, "B-", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_EPERM);
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        assert_int_equal(app_declaration_submit(app, &county, KEY, 2021, "B-", form_docs, 2,
                                                D(2022, 9, 28), &id, &err),
                         GL_EPERM);
        assert_int_equal(id, 0);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM cases"), 0);
        assert_int_equal(audit_count(app), 0);
}

/* A refused step leaves the declaration, its rows and the audit trail as they were. */
static void assert_refused(struct app *app, int64_t id, int rc, int want)
{
        assert_int_equal(rc, want);
        struct declaration d = get(app, id);
        assert_int_equal(d.version, 1);
        assert_int_equal(d.state, DECLARATION_SUBMITTED);
        declaration_clear(&d);
        assert_int_equal(audit_count(app), 1);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_steps"), 1);
        assert_int_equal(count(app, "SELECT COUNT(*) FROM case_reviews"), 0);
}

static void test_refusals_change_nothing(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        struct gl_error err = {0};
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        struct actor expert = as(ROLE_CITY_EXPERT, NULL);
        struct actor ent = as(ROLE_ENTERPRISE, KEY);
        /* Out of order. */
        assert_refused(app, id,
                       app_declaration_decide(app, &city, id, 0, true, NULL, D(2022, 10, 1), &err),
                       GL_ESTATE);
        assert_non_null(strstr(err.message, "不能"));
        assert_refused(
            app, id,
            app_declaration_city_review(app, &expert, id, 0, false, "初审", D(2022, 10, 1), &err),
            GL_ESTATE);
        /* Wrong role. */
        assert_refused(app, id,
                       app_declaration_review(app, &city, id, 0, true, NULL, D(2022, 10, 1), &err),
                       GL_EPERM);
        assert_refused(app, id,
                       app_declaration_review(app, &ent, id, 0, true, NULL, D(2022, 10, 1), &err),
                       GL_EPERM);
        /* Stale version. */
        assert_refused(
            app, id, app_declaration_review(app, &county, id, 7, true, NULL, D(2022, 10, 1), &err),
            GL_ECONFLICT);
        assert_string_equal(err.field, "version");
        /* No such declaration. */
        assert_int_equal(
            app_declaration_review(app, &county, 999, 0, true, NULL, D(2022, 10, 1), &err),
            GL_ENOTFOUND);
        /* An enterprise sees only its own. */
        struct actor other = as(ROLE_ENTERPRISE, GEN);
        struct declaration d;
        memset(&d, 0, sizeof(d));
        assert_int_equal(app_declaration_get(app, &other, id, &d, &err), GL_ENOTFOUND);
}

static void test_sweep_reverts_only_unmet_past_deadline(void **state)
{
        struct app *app = *state;
        struct actor city = as(ROLE_CITY_OFFICER, NULL);
        struct actor sys = actor_system();
        /* GEN: general, decided 2022-08-31, grace to 2023-02-28. KEY: key, to 2023-08-31. */
        int64_t gen = submit(app, GEN, "B", D(2022, 8, 1));
        int64_t key = submit(app, KEY, "B-", D(2022, 8, 1));
        through_city(app, gen, D(2022, 8, 20));
        through_city(app, key, D(2022, 8, 20));
        assert_int_equal(
            app_declaration_decide(app, &city, gen, 0, true, NULL, D(2022, 8, 31), NULL), GL_OK);
        assert_int_equal(
            app_declaration_decide(app, &city, key, 0, true, NULL, D(2022, 8, 31), NULL), GL_OK);

        struct gl_error err = {0};
        int64_t reverted = -1;
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        assert_int_equal(app_deadlines_sweep(app, &county, D(2023, 3, 1), &reverted, &err),
                         GL_EPERM);
        /* On the deadline itself nothing passes. */
        assert_int_equal(app_deadlines_sweep(app, &sys, D(2023, 2, 28), &reverted, &err), GL_OK);
        assert_int_equal(reverted, 0);
        assert_int_equal(app_deadlines_sweep(app, &sys, D(2023, 3, 1), &reverted, &err), GL_OK);
        assert_int_equal(reverted, 1);
        struct declaration d = get(app, gen);
        assert_int_equal(d.state, DECLARATION_REVERTED);
        assert_non_null(strstr(d.closed_reason, "2023-02-28"));
        declaration_clear(&d);
        d = get(app, key);
        assert_int_equal(d.state, DECLARATION_PROVISIONAL);
        declaration_clear(&d);
        char grade[GL_GRADE_LEN];
        grade_of(app, GEN, grade);
        assert_string_equal(grade, "B-");
        grade_of(app, KEY, grade);
        assert_string_equal(grade, "B-");
        assert_int_equal(count(app, "SELECT COUNT(*) FROM grade_history WHERE kind = 'reverted' "
                                    "AND from_grade = 'B' AND to_grade = 'B-' AND reason <> ''"),
                         1);
        /* Indicators can no longer be met on the reverted one; KEY's are met in time. */
        assert_int_equal(
            app_declaration_indicators_met(app, &city, gen, 0, NULL, D(2023, 3, 1), &err),
            GL_ESTATE);
        assert_int_equal(
            app_declaration_indicators_met(app, &city, key, 0, NULL, D(2023, 8, 1), &err), GL_OK);
        /* A later sweep finds nothing left to revert. */
        assert_int_equal(app_deadlines_sweep(app, &sys, D(2024, 1, 1), &reverted, &err), GL_OK);
        assert_int_equal(reverted, 0);
}

struct seen {
        int n;
        struct deadline_item items[4];
};

static int keep(const struct deadline_item *it, void *ctx)
{
        struct seen *s = ctx;
        if (s->n < 4)
                s->items[s->n] = *it;
        s->n++;
        return 0;
}

static void test_deadlines_list(void **state)
{
        struct app *app = *state;
        int64_t a = submit(app, KEY, "B-", D(2022, 9, 28)); /* due 2022-10-24 */
        int64_t b = submit(app, GEN, "B", D(2022, 9, 30));  /* due 2022-10-26 */
        struct actor sys = actor_system();
        struct seen s = {0};
        assert_int_equal(app_deadlines_list(app, &sys, D(2022, 10, 21), keep, &s, NULL), GL_OK);
        assert_int_equal(s.n, 2);
        assert_int_equal(s.items[0].case_id, a);
        assert_string_equal(s.items[0].kind, "county_review");
        assert_int_equal(s.items[0].working_days_left, 1);
        assert_false(s.items[0].overdue);
        assert_int_equal(s.items[1].case_id, b);
        assert_int_equal(s.items[1].working_days_left, 3);
        memset(&s, 0, sizeof(s));
        assert_int_equal(app_deadlines_list(app, &sys, D(2022, 10, 25), keep, &s, NULL), GL_OK);
        assert_true(s.items[0].overdue);
        assert_int_equal(s.items[0].working_days_left, -1);
        /* An enterprise sees its own. */
        struct actor ent = as(ROLE_ENTERPRISE, GEN);
        memset(&s, 0, sizeof(s));
        assert_int_equal(app_deadlines_list(app, &ent, D(2022, 10, 21), keep, &s, NULL), GL_OK);
        assert_int_equal(s.n, 1);
        assert_int_equal(s.items[0].case_id, b);
}

static void test_tax_flag(void **state)
{
        struct app *app = *state;
        int64_t id = submit(app, KEY, "B-", D(2022, 9, 28));
        struct declaration d = get(app, id);
        bool unconfirmed = false;
        assert_int_equal(app_declaration_tax_unconfirmed(app, &d, &unconfirmed, NULL), GL_OK);
        assert_true(unconfirmed);
        struct gl_error err = {0};
        struct actor county = as(ROLE_COUNTY_OFFICER, NULL);
        int64_t before = audit_count(app);
        assert_int_equal(app_tax_confirm(app, &county, KEY, 2021, &err), GL_EPERM);
        struct actor tax = as(ROLE_TAX_OFFICER, NULL);
        assert_int_equal(app_tax_confirm(app, &tax, KEY, 2020, &err), GL_ENOTFOUND);
        assert_int_equal(audit_count(app), before);
        assert_int_equal(app_tax_confirm(app, &tax, KEY, 2021, &err), GL_OK);
        assert_int_equal(audit_count(app), before + 1);
        assert_int_equal(app_declaration_tax_unconfirmed(app, &d, &unconfirmed, NULL), GL_OK);
        assert_false(unconfirmed);
        declaration_clear(&d);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_state_action_role),
            cmocka_unit_test(test_offered_actions),
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
            cmocka_unit_test_setup_teardown(test_walk_to_formal, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_provisional_grade_from_the_decision_day, app_setup,
                                            app_teardown),
            cmocka_unit_test_setup_teardown(test_steps_in_date_order, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_general_grace_six_months_month_end, app_setup,
                                            app_teardown),
            cmocka_unit_test_setup_teardown(test_return_and_resubmit, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_one_open_declaration, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_submission_refusals, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_refusals_change_nothing, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_sweep_reverts_only_unmet_past_deadline, app_setup,
                                            app_teardown),
            cmocka_unit_test_setup_teardown(test_deadlines_list, app_setup, app_teardown),
            cmocka_unit_test_setup_teardown(test_tax_flag, app_setup, app_teardown),
        };
        return cmocka_run_group_tests_name("declaration", tests, NULL, NULL);
}

/*
 * Unit tests of the visibility rule (app/scope.h): every role against every kind of record (an
 * enterprise's accounts — SCOPE_FIGURES — and its supply chain — SCOPE_SUPPLY — closed to the
 * bureaus outside the branch), for a
 * record of the actor's own enterprise, of another enterprise, and for listing the kind, with the
 * expectations written out as tables below; then the compartments, the refusals' shape (a
 * record another enterprise owns is answered as one that does not exist), and whose inbox of
 * messages each role reads.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "app/scope.h"

#define OWN "91130131MA0000000A"   /* the enterprise of the enterprise user */
#define OTHER "91130131MA0000000B" /* another enterprise */

enum { OK = GL_OK, NOTFOUND = GL_ENOTFOUND, PERM = GL_EPERM };

/* One line per role and kind: what app_scope_check answers for a record owned by OWN, one owned
 * by OTHER, and for the kind as a whole (owner NULL); and whether a listing is narrowed to OWN. */
static const struct {
        enum role role;
        enum scope_object kind;
        int own, other, listing;
        bool narrowed;
} rule[] = {
    {ROLE_NONE, SCOPE_ENTERPRISE, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_CASE, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_NONE, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_ENTERPRISE, SCOPE_ENTERPRISE, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_FIGURES, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_CASE, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_ENTERPRISE, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_ENTERPRISE, SCOPE_SUPPLY, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_COUNTY_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_OFFICER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_COUNTY_LEGAL, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEGAL, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEGAL, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_COUNTY_LEADER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEADER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEADER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_EXPERTS, OK, OK, OK, false},

    {ROLE_CITY_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_CITY_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_CITY_OFFICER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_EXPERTS, OK, OK, OK, false},

    {ROLE_CITY_EXPERT, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_CITY_EXPERT, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_CITY_EXPERT, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_EXPERTS, OK, OK, OK, false},

    {ROLE_TAX_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_APPROVAL_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_DEPT_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_DEPT_OFFICER, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_DEPT_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},

    {ROLE_ADMIN, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_USER, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_AUDIT, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_EXPERTS, OK, OK, OK, false},

    {ROLE_SYSTEM, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_USER, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_AUDIT, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_EXPERTS, OK, OK, OK, false},
};

/* One line per role: a case of OWN outside any compartment and inside "visits". */
static const struct {
        enum role role;
        int open, visits;
} compartment[] = {
    {ROLE_NONE, PERM, PERM},
    {ROLE_ENTERPRISE, OK, OK},
    {ROLE_COUNTY_OFFICER, OK, NOTFOUND}, /* enforcement */
    {ROLE_COUNTY_LEGAL, OK, NOTFOUND},   /* enforcement's legal review */
    {ROLE_COUNTY_LEADER, OK, OK},        /* leads the visits */
    {ROLE_CITY_OFFICER, OK, OK},
    {ROLE_CITY_EXPERT, OK, OK},
    {ROLE_TAX_OFFICER, OK, OK},
    {ROLE_APPROVAL_OFFICER, OK, OK},
    {ROLE_DEPT_OFFICER, OK, OK},
    {ROLE_ADMIN, OK, OK},
    {ROLE_SYSTEM, OK, OK},
};

static struct actor actor_of(enum role role)
{
        struct actor a = {0};
        a.role = role;
        snprintf(a.name, sizeof(a.name), "%s", role_name(role));
        if (role == ROLE_ENTERPRISE)
                snprintf(a.uscc, sizeof(a.uscc), "%s", OWN);
        if (role == ROLE_DEPT_OFFICER)
                snprintf(a.department, sizeof(a.department), "住建局");
        return a;
}

static const char *kind_name(enum scope_object kind)
{
        static const char *const names[] = {"enterprise", "figures", "case",   "user",
                                            "audit",      "supply",  "experts"};
        return (unsigned)kind < GL_ARRAY_LEN(names) ? names[kind] : "?";
}

/* Checks one answer, naming the line when it is wrong. */
static void expect(int got, int want, const struct gl_error *err, enum role role, const char *what)
{
        if (got != want)
                fail_msg("%s %s: got %d, wanted %d", role_name(role), what, got, want);
        if (got == GL_OK)
                return;
        assert_int_equal(err->status, want);
        assert_true(err->message[0] != '\0');
}

static void test_every_role_and_kind(void **state)
{
        (void)state;
        for (size_t i = 0; i < GL_ARRAY_LEN(rule); i++) {
                struct actor who = actor_of(rule[i].role);
                char what[64];
                struct gl_error err = {0};
                snprintf(what, sizeof(what), "%s of its own", kind_name(rule[i].kind));
                expect(app_scope_check(&who, rule[i].kind, OWN, &err), rule[i].own, &err,
                       rule[i].role, what);
                gl_error_clear(&err);
                snprintf(what, sizeof(what), "%s of another", kind_name(rule[i].kind));
                expect(app_scope_check(&who, rule[i].kind, OTHER, &err), rule[i].other, &err,
                       rule[i].role, what);
                gl_error_clear(&err);
                snprintf(what, sizeof(what), "listing %s", kind_name(rule[i].kind));
                expect(app_scope_check(&who, rule[i].kind, NULL, &err), rule[i].listing, &err,
                       rule[i].role, what);
                const char *only = app_scope_list_uscc(&who, rule[i].kind);
                if (rule[i].narrowed)
                        assert_string_equal(only, OWN);
                else
                        assert_null(only);
        }
}

/* The table covers every role and every kind exactly once. */
static void test_table_is_complete(void **state)
{
        (void)state;
        int seen[ROLE_COUNT_][SCOPE_OBJECT_COUNT_] = {{0}};
        for (size_t i = 0; i < GL_ARRAY_LEN(rule); i++)
                seen[rule[i].role][rule[i].kind]++;
        for (int r = 0; r < ROLE_COUNT_; r++)
                for (int k = 0; k < SCOPE_OBJECT_COUNT_; k++)
                        assert_int_equal(seen[r][k], 1);
        assert_int_equal(GL_ARRAY_LEN(compartment), ROLE_COUNT_);
        for (int r = 0; r < ROLE_COUNT_; r++)
                assert_int_equal(compartment[r].role, r);
}

static void test_compartments(void **state)
{
        (void)state;
        for (size_t i = 0; i < GL_ARRAY_LEN(compartment); i++) {
                struct actor who = actor_of(compartment[i].role);
                struct gl_error err = {0};
                expect(app_scope_check_in(&who, SCOPE_CASE, SCOPE_OPEN, OWN, &err),
                       compartment[i].open, &err, compartment[i].role, "an open case");
                gl_error_clear(&err);
                expect(app_scope_check_in(&who, SCOPE_CASE, SCOPE_VISITS, OWN, &err),
                       compartment[i].visits, &err, compartment[i].role, "a visit");
                assert_int_equal(app_scope_compartment_closed_to(SCOPE_VISITS, compartment[i].role),
                                 compartment[i].visits == NOTFOUND);
                assert_false(app_scope_compartment_closed_to(SCOPE_OPEN, compartment[i].role));
        }
        assert_string_equal(app_scope_compartment_name(SCOPE_VISITS), "visits");
        assert_string_equal(app_scope_compartment_name(SCOPE_OPEN), "");
}

/* A compartment the rule does not know is closed to everyone. */
static void test_unknown_compartment_is_closed(void **state)
{
        (void)state;
        struct actor sys = actor_of(ROLE_SYSTEM);
        struct gl_error err = {0};
        assert_true(app_scope_compartment_closed_to(SCOPE_COMPARTMENT_COUNT_, ROLE_SYSTEM));
        assert_int_equal(app_scope_check_in(&sys, SCOPE_CASE, SCOPE_COMPARTMENT_COUNT_, OWN, &err),
                         GL_ENOTFOUND);
        assert_string_equal(app_scope_compartment_name(SCOPE_COMPARTMENT_COUNT_), "");
}

/* A case keeps the compartment it was opened in: closed to enforcement even when the procedure
 * it names declares none now (a later pack), or is not in the pack at all; and a compartment the
 * rule does not know closes the case to everyone but the system. */
static void test_case_keeps_its_compartment(void **state)
{
        (void)state;
        struct procedure plain = {.name = "t.plain"};
        struct procedure visit = {.name = "t.visit", .compartment = "visits"};
        struct procedure odd = {.name = "t.odd", .compartment = "nowhere"};
        for (size_t i = 0; i < GL_ARRAY_LEN(compartment); i++) {
                struct actor who = actor_of(compartment[i].role);
                struct gl_error err = {0};
                int want = compartment[i].visits == PERM ? NOTFOUND : compartment[i].visits;
                expect(app_scope_case_in(NULL, &who, &plain, "visits", OWN, &err), want, &err,
                       compartment[i].role, "a visit under a procedure declaring none");
                gl_error_clear(&err);
                expect(app_scope_case_in(NULL, &who, &visit, NULL, OWN, &err), want, &err,
                       compartment[i].role, "a case of a procedure declaring visits");
                gl_error_clear(&err);
                int unknown = compartment[i].role == ROLE_SYSTEM ? OK : NOTFOUND;
                expect(app_scope_case_in(NULL, &who, &plain, "nowhere", OWN, &err), unknown, &err,
                       compartment[i].role, "a case kept in an unknown compartment");
                gl_error_clear(&err);
                expect(app_scope_case_in(NULL, &who, &odd, NULL, OWN, &err), unknown, &err,
                       compartment[i].role, "a procedure of an unknown compartment");
                gl_error_clear(&err);
                int gone = compartment[i].role == ROLE_SYSTEM ? OK : NOTFOUND;
                expect(app_scope_case_in(NULL, &who, NULL, "visits", OWN, &err), gone, &err,
                       compartment[i].role, "a visit whose procedure left the pack");
                assert_int_equal(app_scope_procedure(&who, &visit),
                                 compartment[i].visits != NOTFOUND);
        }
        assert_true(app_scope_compartment_known("visits"));
        assert_true(app_scope_compartment_known(""));
        assert_true(app_scope_compartment_known(NULL));
        assert_false(app_scope_compartment_known("nowhere"));
}

/* Another enterprise's visit stays another enterprise's: the owner rule comes first. */
static void test_visit_of_another_enterprise(void **state)
{
        (void)state;
        struct actor who = actor_of(ROLE_ENTERPRISE);
        struct gl_error err = {0};
        assert_int_equal(app_scope_check_in(&who, SCOPE_CASE, SCOPE_VISITS, OTHER, &err),
                         GL_ENOTFOUND);
}

/* Another enterprise is answered like a missing one: the enterprise reads' own answer. */
static void test_another_enterprise_reads_as_missing(void **state)
{
        (void)state;
        struct actor who = actor_of(ROLE_ENTERPRISE);
        struct gl_error err = {0};
        assert_int_equal(app_scope_check(&who, SCOPE_ENTERPRISE, OTHER, &err), GL_ENOTFOUND);
        assert_string_equal(err.field, "uscc");
        assert_string_equal(err.message, "没有该企业 (no such enterprise)");
        gl_error_clear(&err);
        assert_int_equal(app_scope_check(&who, SCOPE_CASE, OTHER, &err), GL_ENOTFOUND);
        assert_string_equal(err.field, "id");
}

/* An enterprise user bound to no enterprise sees nothing, not everything. */
static void test_unbound_enterprise_user(void **state)
{
        (void)state;
        struct actor who = actor_of(ROLE_ENTERPRISE);
        who.uscc[0] = '\0';
        struct gl_error err = {0};
        assert_int_equal(app_scope_check(&who, SCOPE_ENTERPRISE, NULL, &err), GL_EPERM);
        assert_int_equal(app_scope_check(&who, SCOPE_ENTERPRISE, OWN, &err), GL_EPERM);
        assert_int_equal(app_scope_check(&who, SCOPE_CASE, "", &err), GL_EPERM);
}

/* No actor at all is the same as nobody signed in; a NULL err is allowed. */
static void test_no_actor(void **state)
{
        (void)state;
        assert_int_equal(app_scope_check(NULL, SCOPE_ENTERPRISE, OWN, NULL), GL_EPERM);
        struct actor who = actor_of(ROLE_ENTERPRISE);
        assert_int_equal(app_scope_check(&who, SCOPE_ENTERPRISE, OTHER, NULL), GL_ENOTFOUND);
        assert_int_equal(app_scope_check(&who, SCOPE_OBJECT_COUNT_, OWN, NULL), GL_EPERM);
}

/* Messages: an enterprise user reads its enterprise's inbox; no other role, nobody signed in and
 * an enterprise user bound to no enterprise has one (and the outputs are left alone). */
static void test_inbox(void **state)
{
        (void)state;
        const char *kind = "untouched", *recipient = "untouched";
        struct actor who = actor_of(ROLE_ENTERPRISE);
        assert_true(app_scope_inbox(&who, &kind, &recipient));
        assert_string_equal(kind, "enterprise");
        assert_string_equal(recipient, OWN);
        for (int r = ROLE_NONE; r < ROLE_COUNT_; r++) {
                if (r == ROLE_ENTERPRISE)
                        continue;
                struct actor other = actor_of((enum role)r);
                kind = recipient = "untouched";
                assert_false(app_scope_inbox(&other, &kind, &recipient));
                assert_string_equal(kind, "untouched");
                assert_string_equal(recipient, "untouched");
        }
        who.uscc[0] = '\0';
        assert_false(app_scope_inbox(&who, &kind, &recipient));
        assert_false(app_scope_inbox(NULL, &kind, &recipient));
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_role_and_kind),
            cmocka_unit_test(test_table_is_complete),
            cmocka_unit_test(test_compartments),
            cmocka_unit_test(test_unknown_compartment_is_closed),
            cmocka_unit_test(test_case_keeps_its_compartment),
            cmocka_unit_test(test_visit_of_another_enterprise),
            cmocka_unit_test(test_another_enterprise_reads_as_missing),
            cmocka_unit_test(test_unbound_enterprise_user),
            cmocka_unit_test(test_no_actor),
            cmocka_unit_test(test_inbox),
        };
        return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}

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
#include "store/case_store.h"

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
    {ROLE_NONE, SCOPE_SITE, PERM, PERM, PERM, false},

    {ROLE_ENTERPRISE, SCOPE_ENTERPRISE, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_FIGURES, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_CASE, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_ENTERPRISE, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_ENTERPRISE, SCOPE_SUPPLY, OK, NOTFOUND, OK, true},
    {ROLE_ENTERPRISE, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_ENTERPRISE, SCOPE_SITE, OK, NOTFOUND, OK, true},

    {ROLE_COUNTY_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_OFFICER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_COUNTY_OFFICER, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_COUNTY_LEGAL, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEGAL, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEGAL, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_LEGAL, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEGAL, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_COUNTY_LEADER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEADER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_COUNTY_LEADER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_EXPERTS, OK, OK, OK, false},
    {ROLE_COUNTY_LEADER, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_CITY_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_CITY_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_CITY_OFFICER, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_EXPERTS, OK, OK, OK, false},
    {ROLE_CITY_OFFICER, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_CITY_EXPERT, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_CITY_EXPERT, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_CITY_EXPERT, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_EXPERTS, OK, OK, OK, false},
    {ROLE_CITY_EXPERT, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_TAX_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_TAX_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_TAX_OFFICER, SCOPE_SITE, PERM, PERM, PERM, false},

    {ROLE_APPROVAL_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_APPROVAL_OFFICER, SCOPE_SITE, PERM, PERM, PERM, false},

    {ROLE_DEPT_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_DEPT_OFFICER, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_DEPT_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_DEPT_OFFICER, SCOPE_SITE, NOTFOUND, NOTFOUND, OK, false},

    {ROLE_TOWNSHIP_OFFICER, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_FIGURES, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_CASE, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_USER, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_AUDIT, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_SUPPLY, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_EXPERTS, PERM, PERM, PERM, false},
    {ROLE_TOWNSHIP_OFFICER, SCOPE_SITE, NOTFOUND, NOTFOUND, OK, false},

    {ROLE_ADMIN, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_USER, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_AUDIT, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_EXPERTS, OK, OK, OK, false},
    {ROLE_ADMIN, SCOPE_SITE, OK, OK, OK, false},

    {ROLE_SYSTEM, SCOPE_ENTERPRISE, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_FIGURES, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_CASE, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_USER, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_AUDIT, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_SUPPLY, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_EXPERTS, OK, OK, OK, false},
    {ROLE_SYSTEM, SCOPE_SITE, OK, OK, OK, false},
};

/* One line per role: a case of OWN outside any compartment and inside "visits" (the kind's rule,
 * app_scope_check_in), and whether a case addressed to no unit is seen at all (app_scope_case_in:
 * a department's and a township's officers see only the cases addressed to their unit). */
static const struct {
        enum role role;
        int open, visits;
        bool unaddressed;
} compartment[] = {
    {ROLE_NONE, PERM, PERM, true},
    {ROLE_ENTERPRISE, OK, OK, true},
    {ROLE_COUNTY_OFFICER, OK, NOTFOUND, true}, /* enforcement */
    {ROLE_COUNTY_LEGAL, OK, NOTFOUND, true},   /* enforcement's legal review */
    {ROLE_COUNTY_LEADER, OK, OK, true},        /* leads the visits */
    {ROLE_CITY_OFFICER, OK, OK, true},
    {ROLE_CITY_EXPERT, OK, OK, true},
    {ROLE_TAX_OFFICER, OK, OK, true},
    {ROLE_APPROVAL_OFFICER, OK, OK, true},
    {ROLE_DEPT_OFFICER, OK, OK, false},
    {ROLE_TOWNSHIP_OFFICER, PERM, PERM, false},
    {ROLE_ADMIN, OK, OK, true},
    {ROLE_SYSTEM, OK, OK, true},
};

static struct actor actor_of(enum role role)
{
        struct actor a = {0};
        a.role = role;
        snprintf(a.name, sizeof(a.name), "%s", role_name(role));
        if (role == ROLE_ENTERPRISE)
                snprintf(a.uscc, sizeof(a.uscc), "%s", OWN);
        if (role == ROLE_DEPT_OFFICER)
                snprintf(a.department, sizeof(a.department), "housing_construction");
        if (role == ROLE_TOWNSHIP_OFFICER)
                snprintf(a.township, sizeof(a.township), "平山镇");
        return a;
}

static const char *kind_name(enum scope_object kind)
{
        static const char *const names[] = {"enterprise", "figures", "case",    "user",
                                            "audit",      "supply",  "experts", "site"};
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
                int want = compartment[i].visits == PERM || !compartment[i].unaddressed
                               ? NOTFOUND
                               : compartment[i].visits;
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

/* The unit rule (app_scope_site, app_scope_case_row): a site and a case addressed to the
 * education department and 平山镇, built by OWN, of a procedure whose every case the housing and
 * construction bureau takes part in; each actor's answer written out. */
static void test_units(void **state)
{
        (void)state;
        char *every[] = {"housing_construction"};
        struct procedure proc = {.name = "t.units", .departments = every, .ndepartments = 1};
        struct scope_units u = {"education", "平山镇", NULL};
        static const struct {
                enum role role;
                const char *binding; /* department, township or USCC */
                int want;
        } table[] = {
            {ROLE_DEPT_OFFICER, "education", OK},            /* the competent department */
            {ROLE_DEPT_OFFICER, "health", NOTFOUND},         /* another department */
            {ROLE_DEPT_OFFICER, "housing_construction", OK}, /* takes part in every case */
            {ROLE_DEPT_OFFICER, "", PERM},                   /* bound to none */
            {ROLE_TOWNSHIP_OFFICER, "平山镇", OK},           /* the site's township */
            {ROLE_TOWNSHIP_OFFICER, "温塘镇", NOTFOUND},     /* another township */
            {ROLE_ENTERPRISE, OWN, OK},                      /* the builder */
            {ROLE_ENTERPRISE, OTHER, NOTFOUND},              /* another enterprise */
            {ROLE_COUNTY_OFFICER, "", OK},
            {ROLE_CITY_OFFICER, "", OK},
            {ROLE_TAX_OFFICER, "", PERM},
            {ROLE_APPROVAL_OFFICER, "", PERM},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(table); i++) {
                struct actor who = {.role = table[i].role};
                if (who.role == ROLE_DEPT_OFFICER)
                        snprintf(who.department, sizeof(who.department), "%s", table[i].binding);
                if (who.role == ROLE_TOWNSHIP_OFFICER)
                        snprintf(who.township, sizeof(who.township), "%s", table[i].binding);
                if (who.role == ROLE_ENTERPRISE)
                        snprintf(who.uscc, sizeof(who.uscc), "%s", table[i].binding);
                struct gl_error err = {0};
                expect(app_scope_site(NULL, &who, &proc, OWN, &u, &err), table[i].want, &err,
                       who.role, table[i].binding);
                /* The case addressed to the same units: a refusal is "no such case". */
                struct case_row row = {0};
                snprintf(row.uscc, sizeof(row.uscc), "%s", OWN);
                snprintf(row.department, sizeof(row.department), "education");
                snprintf(row.township, sizeof(row.township), "平山镇");
                int want = table[i].want == PERM && who.role != ROLE_TAX_OFFICER &&
                                   who.role != ROLE_APPROVAL_OFFICER
                               ? NOTFOUND
                           : table[i].want == OK || who.role == ROLE_TAX_OFFICER ||
                                   who.role == ROLE_APPROVAL_OFFICER
                               ? OK
                               : NOTFOUND;
                gl_error_clear(&err);
                expect(app_scope_case_row(NULL, &who, &proc, &row, &err), want, &err, who.role,
                       table[i].binding);
                /* The same case addressed to no unit: no department's or township's. */
                row.department[0] = row.township[0] = '\0';
                bool unit = who.role == ROLE_DEPT_OFFICER || who.role == ROLE_TOWNSHIP_OFFICER;
                gl_error_clear(&err);
                expect(app_scope_case_row(NULL, &who, &proc, &row, &err), unit ? NOTFOUND : want,
                       &err, who.role, "a case addressed to no unit");
        }
        /* A listing: every role that sees sites may list them; the unit narrows it. */
        struct actor dept = {.role = ROLE_DEPT_OFFICER, .department = "education"};
        struct scope_units n = app_scope_site_units(NULL, &dept, &proc);
        assert_string_equal(n.department, "education");
        assert_null(n.township);
        struct actor housing = {.role = ROLE_DEPT_OFFICER, .department = "housing_construction"};
        n = app_scope_site_units(NULL, &housing, &proc);
        assert_null(n.department);
        struct actor town = {.role = ROLE_TOWNSHIP_OFFICER, .township = "温塘镇"};
        n = app_scope_site_units(NULL, &town, &proc);
        assert_string_equal(n.township, "温塘镇");
        assert_int_equal(app_scope_site(NULL, &town, &proc, NULL, NULL, NULL), GL_OK);
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
            cmocka_unit_test(test_units),
            cmocka_unit_test(test_visit_of_another_enterprise),
            cmocka_unit_test(test_another_enterprise_reads_as_missing),
            cmocka_unit_test(test_unbound_enterprise_user),
            cmocka_unit_test(test_no_actor),
            cmocka_unit_test(test_inbox),
        };
        return cmocka_run_group_tests_name("scope", tests, NULL, NULL);
}

/*
 * Unit tests of the procedure engine, independent of measure 1: a small permit procedure declared
 * in a test pack (the Pingshan pack with one procedure and one parameter added), checked as data
 * (every action × state × role against the table of allowed steps written here), the loader's
 * refusals naming the key, the named-function check, the deadline arithmetic (start, suspension,
 * resumption, expiry) and the same procedure run end to end by app/case.c on an in-memory
 * database: suspension moves the due date and the case shows the original and the current one, the
 * sweep closes a lapsed case, a step dated before the last one is refused and changes nothing;
 * and what could be offered on some day, before the step's own day is known.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/case.h"
#include "core/calendar.h"
#include "core/policy.h"
#include "core/procedure.h"
#include "io/policy_json.h"

#define D(y, m, d) date_from_ymd(y, m, d)

static const char *permit_json =
    "{\"measure\": 4, \"label_zh\": \"测试许可\", \"noun_zh\": \"许可\","
    " \"states\": ["
    "  {\"name\": \"received\", \"label_zh\": \"已受理\", \"label_en\": \"Received\","
    "   \"open\": true},"
    "  {\"name\": \"waiting\", \"label_zh\": \"待补正\", \"open\": true},"
    "  {\"name\": \"approved\", \"label_zh\": \"已批准\", \"open\": false},"
    "  {\"name\": \"refused\", \"label_zh\": \"不予批准\", \"open\": false},"
    "  {\"name\": \"lapsed\", \"label_zh\": \"逾期终止\", \"open\": false}],"
    " \"actions\": ["
    "  {\"name\": \"apply\", \"label_zh\": \"申请\", \"opens\": true, \"to\": \"received\","
    "   \"roles\": [\"enterprise\", \"system\"], \"documents\": 1,"
    "   \"fields\": [{\"name\": \"project\", \"label_zh\": \"项目名称\", \"required\": true},"
    "                {\"name\": \"start\", \"label_zh\": \"开工日期\", \"type\": \"date\"}]},"
    "  {\"name\": \"request_materials\", \"label_zh\": \"要求补正\", \"from\": [\"received\"],"
    "   \"to\": \"waiting\", \"roles\": [\"county_officer\", \"system\"], \"reason\": "
    "\"required\"},"
    "  {\"name\": \"materials_in\", \"label_zh\": \"补正材料\", \"from\": [\"waiting\"],"
    "   \"to\": \"received\", \"roles\": [\"enterprise\", \"system\"], \"documents\": 0},"
    "  {\"name\": \"approve\", \"label_zh\": \"批准\", \"from\": [\"received\"],"
    "   \"to\": \"approved\", \"roles\": [\"county_officer\", \"system\"], \"reason\": "
    "\"optional\","
    "   \"within\": \"review\"},"
    "  {\"name\": \"refuse\", \"label_zh\": \"不予批准\", \"from\": [\"received\"],"
    "   \"to\": \"refused\", \"roles\": [\"county_leader\", \"system\"], \"reason\": \"required\"},"
    "  {\"name\": \"lapse\", \"label_zh\": \"逾期终止\", \"from\": [\"received\"],"
    "   \"to\": \"lapsed\", \"roles\": [\"system\"], \"reason\": \"required\", \"after\": "
    "\"review\"}],"
    " \"deadlines\": [{\"kind\": \"review\", \"label_zh\": \"审查期限\", \"rule\": "
    "\"working_days\","
    "   \"param\": \"t.review_days\", \"starts_on\": [\"apply\"], \"suspends_on\": "
    "   [\"request_materials\"], \"resumes_on\": [\"materials_in\"], \"stops_on\": [\"approve\", "
    "   \"refuse\"], \"on_expiry\": \"close\", \"expiry_action\": \"lapse\"}]}";

static const char *review_days_json =
    "{\"measure\": 4, \"kind\": \"integer\", \"clause\": \"测试\", \"description_zh\": \"测试\","
    " \"values\": [{\"from\": \"2022-01-01\", \"value\": 5}]}";

/* The Pingshan pack's text with the test procedure (or what mutate makes of it) added. */
static char *test_pack_text(void (*mutate)(json_t *proc))
{
        char path[1024];
        snprintf(path, sizeof(path), "%s/policy/pingshan-2022.json", getenv("SOURCE_ROOT"));
        json_t *root = json_load_file(path, 0, NULL);
        assert_non_null(root);
        json_t *proc = json_loads(permit_json, 0, NULL);
        assert_non_null(proc);
        if (mutate)
                mutate(proc);
        json_object_set_new(json_object_get(root, "procedures"), "t.permit", proc);
        json_object_set_new(json_object_get(root, "parameters"), "t.review_days",
                            json_loads(review_days_json, 0, NULL));
        char *text = json_dumps(root, JSON_COMPACT);
        json_decref(root);
        assert_non_null(text);
        return text;
}

static struct policy_pack *load(void (*mutate)(json_t *), struct gl_error *err)
{
        char *text = test_pack_text(mutate);
        struct policy_pack *pack = NULL;
        int rc = policy_pack_parse_json(text, strlen(text), "test", &pack, err);
        free(text);
        return rc == GL_OK ? pack : NULL;
}

/* ---- the procedure as data ---- */

struct allowed {
        const char *action, *from; /* from "" for an opening */
        enum role role;
        const char *to;
};

/* The procedure as its declaration reads, one line per allowed (action, from, role). */
static const struct allowed allowed_steps[] = {
    {"apply", "", ROLE_ENTERPRISE, "received"},
    {"apply", "", ROLE_SYSTEM, "received"},
    {"request_materials", "received", ROLE_COUNTY_OFFICER, "waiting"},
    {"request_materials", "received", ROLE_SYSTEM, "waiting"},
    {"materials_in", "waiting", ROLE_ENTERPRISE, "received"},
    {"materials_in", "waiting", ROLE_SYSTEM, "received"},
    {"approve", "received", ROLE_COUNTY_OFFICER, "approved"},
    {"approve", "received", ROLE_SYSTEM, "approved"},
    {"refuse", "received", ROLE_COUNTY_LEADER, "refused"},
    {"refuse", "received", ROLE_SYSTEM, "refused"},
    {"lapse", "received", ROLE_SYSTEM, "lapsed"},
};

static const struct allowed *find_allowed(const char *a, const char *from, enum role r)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(allowed_steps); i++)
                if (strcmp(allowed_steps[i].action, a) == 0 &&
                    strcmp(allowed_steps[i].from, from) == 0 && allowed_steps[i].role == r)
                        return &allowed_steps[i];
        return NULL;
}

static bool role_listed(const char *a, enum role r)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(allowed_steps); i++)
                if (strcmp(allowed_steps[i].action, a) == 0 && allowed_steps[i].role == r)
                        return true;
        return false;
}

static void test_every_transition(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct policy_pack *pack = load(NULL, &err);
        assert_non_null(pack);
        const struct procedure *p = procedure_find(pack, "t.permit");
        assert_non_null(p);
        const char *actions[] = {"apply", "request_materials", "materials_in", "approve", "refuse",
                                 "lapse"};
        const char *states[] = {"", "received", "waiting", "approved", "refused", "lapsed"};
        int allowed = 0;
        const char *names[] = {"project"};
        const char *values[] = {"甲项目"};
        for (size_t a = 0; a < GL_ARRAY_LEN(actions); a++)
                for (size_t s = 0; s < GL_ARRAY_LEN(states); s++)
                        for (int r = 0; r < ROLE_COUNT_; r++) {
                                const struct procedure_action *act =
                                    procedure_action_find(p, actions[a]);
                                assert_non_null(act);
                                int si = s == 0 ? -1 : procedure_state_index(p, states[s]);
                                /* A deadline that has just passed: approve would be late, lapse
                                 * in time; each is checked on its own day below. */
                                struct procedure_deadline_view dv = {.kind = "review",
                                                                     .due = D(2023, 3, 10),
                                                                     .latest_due = D(2023, 3, 10),
                                                                     .running = true};
                                bool late = strcmp(actions[a], "lapse") == 0;
                                struct procedure_step st = {
                                    .action = act,
                                    .role = (enum role)r,
                                    .state = si < 0 ? PROCEDURE_NO_STATE : (size_t)si,
                                    .version = 2,
                                    .today = late ? D(2023, 3, 13) : D(2023, 3, 10),
                                    .last_step_on = D(2023, 3, 1),
                                    .reason = act->reason == PROCEDURE_REASON_NONE ? NULL : "理由",
                                    .field_names = names,
                                    .field_values = values,
                                    .nfields = strcmp(actions[a], "apply") == 0,
                                    .ndocuments = 1,
                                    .enabled = true,
                                    .deadlines = &dv,
                                    .ndeadlines = 1};
                                if (strcmp(actions[a], "apply") != 0 &&
                                    strcmp(actions[a], "materials_in") != 0)
                                        st.ndocuments = 0;
                                size_t next = 999;
                                int rc = procedure_check_step(p, &st, &next, &err);
                                const struct allowed *want =
                                    find_allowed(actions[a], states[s], (enum role)r);
                                if (want) {
                                        assert_int_equal(rc, GL_OK);
                                        assert_string_equal(procedure_state_name(p, next),
                                                            want->to);
                                        assert_true(procedure_offers(p, &st));
                                        allowed++;
                                } else {
                                        assert_int_equal(rc, role_listed(actions[a], (enum role)r)
                                                                 ? GL_ESTATE
                                                                 : GL_EPERM);
                                        assert_int_equal(next, 999);
                                        assert_false(procedure_offers(p, &st));
                                }
                        }
        assert_int_equal(allowed, (int)GL_ARRAY_LEN(allowed_steps));
        policy_pack_free(pack);
}

static void test_generic_guards(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct policy_pack *pack = load(NULL, &err);
        const struct procedure *p = procedure_find(pack, "t.permit");
        struct procedure_deadline_view dv = {
            .kind = "review", .due = D(2023, 3, 10), .latest_due = D(2023, 3, 14), .running = true};
        size_t received = (size_t)procedure_state_index(p, "received"), next;
        struct procedure_step st = {.action = procedure_action_find(p, "approve"),
                                    .role = ROLE_COUNTY_OFFICER,
                                    .state = received,
                                    .version = 3,
                                    .expected_version = 3,
                                    .today = D(2023, 3, 10),
                                    .last_step_on = D(2023, 3, 6),
                                    .enabled = true,
                                    .deadlines = &dv,
                                    .ndeadlines = 1};
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_OK);
        /* Stale version. */
        st.expected_version = 2;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_ECONFLICT);
        assert_string_equal(err.field, "version");
        st.expected_version = 3;
        /* Dated before the last step. */
        st.today = D(2023, 3, 5);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "today");
        assert_non_null(strstr(err.message, "2023-03-06"));
        /* Within the deadline: the due day counts, the day after does not. */
        st.today = D(2023, 3, 11);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "2023-03-10"));
        /* A provisional deadline accepts until its latest possible day. */
        dv.provisional = true;
        st.today = D(2023, 3, 14);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_OK);
        st.today = D(2023, 3, 15);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_ESTATE);
        /* After: never on a provisional deadline, only after a firm one has passed. */
        st.action = procedure_action_find(p, "lapse");
        st.role = ROLE_SYSTEM;
        st.reason = "逾期";
        st.today = D(2023, 3, 20);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_ESTATE);
        assert_non_null(strstr(err.message, "暂定"));
        dv.provisional = false;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_OK);
        st.today = D(2023, 3, 10);
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_ESTATE);
        /* Reason required; the action not enabled by the pack. */
        st.today = D(2023, 3, 20);
        st.reason = " ";
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "reason");
        st.reason = "逾期";
        st.enabled = false;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_EPERM);
        /* Fields: required, declared, typed; documents required. */
        const char *bad_names[] = {"start"}, *bad_values[] = {"2023-02-30"};
        struct procedure_step open = {.action = procedure_action_find(p, "apply"),
                                      .role = ROLE_ENTERPRISE,
                                      .state = PROCEDURE_NO_STATE,
                                      .today = D(2023, 3, 1),
                                      .last_step_on = GL_DATE_NONE,
                                      .field_names = bad_names,
                                      .field_values = bad_values,
                                      .nfields = 1,
                                      .ndocuments = 1,
                                      .enabled = true};
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "start");
        bad_values[0] = "2023-03-02";
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "project");
        bad_names[0] = "colour";
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "colour");
        bad_names[0] = "project";
        bad_values[0] = "甲";
        open.ndocuments = 0;
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "documents");
        open.ndocuments = 1;
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_OK);
        /* A reason given to an action that takes none is refused, not dropped or recorded. */
        open.reason = "附言";
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "reason");
        open.reason = " ";
        assert_int_equal(procedure_check_step(p, &open, &next, &err), GL_OK);
        policy_pack_free(pack);
}

/* What could be offered on some day: the day's conditions set aside, what no day changes kept. */
static void test_could_offer(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct policy_pack *pack = load(NULL, &err);
        const struct procedure *p = procedure_find(pack, "t.permit");
        struct procedure_deadline_view dv = {
            .kind = "review", .due = D(2023, 3, 10), .latest_due = D(2023, 3, 10), .running = true};
        size_t received = (size_t)procedure_state_index(p, "received");
        struct procedure_step st = {.action = procedure_action_find(p, "approve"),
                                    .role = ROLE_COUNTY_OFFICER,
                                    .state = received,
                                    .today = D(2023, 3, 20),
                                    .last_step_on = D(2023, 3, 6),
                                    .enabled = true,
                                    .deadlines = &dv,
                                    .ndeadlines = 1};
        /* Approve falls within the review: late on the 20th, not on a step dated back to the 6th.
         */
        assert_false(procedure_offers(p, &st));
        assert_true(procedure_could_offer(p, &st));
        /* ... unless the review ended before the last step, or does not run. */
        st.last_step_on = D(2023, 3, 13);
        assert_false(procedure_could_offer(p, &st));
        dv.provisional = true;
        dv.latest_due = D(2023, 3, 14);
        assert_true(procedure_could_offer(p, &st));
        dv.provisional = false;
        st.last_step_on = GL_DATE_NONE;
        assert_true(procedure_could_offer(p, &st));
        dv.running = false;
        assert_false(procedure_could_offer(p, &st));
        dv.running = true;
        /* Lapse follows the review: not yet on the 6th, on a later day; never while provisional. */
        st.action = procedure_action_find(p, "lapse");
        st.role = ROLE_SYSTEM;
        st.today = D(2023, 3, 6);
        st.last_step_on = D(2023, 3, 6);
        assert_false(procedure_offers(p, &st));
        assert_true(procedure_could_offer(p, &st));
        dv.provisional = true;
        assert_false(procedure_could_offer(p, &st));
        dv.provisional = false;
        /* No day changes the role, the state, a once-only action taken, or "enabled on no day". */
        st.role = ROLE_COUNTY_OFFICER;
        assert_false(procedure_could_offer(p, &st));
        st.role = ROLE_SYSTEM;
        st.state = (size_t)procedure_state_index(p, "waiting");
        assert_false(procedure_could_offer(p, &st));
        st.state = received;
        st.enabled = false;
        assert_false(procedure_could_offer(p, &st));
        policy_pack_free(pack);
}

/* ---- the loader ---- */

static void bad_to(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 1), "to",
                            json_string("nowhere"));
}
static void bad_role(json_t *proc)
{
        json_array_append_new(
            json_object_get(json_array_get(json_object_get(proc, "actions"), 0), "roles"),
            json_string("mayor"));
}
static void bad_deadline_action(json_t *proc)
{
        json_array_append_new(
            json_object_get(json_array_get(json_object_get(proc, "deadlines"), 0), "stops_on"),
            json_string("celebrate"));
}
static void bad_param(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "deadlines"), 0), "param",
                            json_string("t.no_such_days"));
}
static void bad_within(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 3), "within",
                            json_string("no_such_deadline"));
}
static void duplicate_state(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "states"), 1), "name",
                            json_string("received"));
}
static void unknown_key(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 2), "colour",
                            json_string("red"));
}
/* The apply action takes two materials: a plan (required) and photos (optional). */
static void with_materials(json_t *proc)
{
        json_t *m = json_pack("[{s:s, s:s, s:b}, {s:s}]", "name", "平面图", "label_en", "Site plan",
                              "required", 1, "name", "照片");
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 0), "materials", m);
}
static void duplicate_material(json_t *proc)
{
        json_t *m = json_pack("[{s:s}, {s:s}]", "name", "照片", "name", "照片");
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 0), "materials", m);
}
static void materials_without_documents(json_t *proc)
{
        json_t *m = json_pack("[{s:s}]", "name", "照片");
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 1), "materials", m);
}
static void unknown_effect(json_t *proc)
{
        json_t *list = json_array();
        json_array_append_new(list, json_string("t.no_such_effect"));
        json_object_set_new(json_array_get(json_object_get(proc, "actions"), 3), "effects", list);
}

/* The apply action's field of a date marked sealed: only a text is sealed. */
static void sealed_date(json_t *proc)
{
        json_t *fields =
            json_object_get(json_array_get(json_object_get(proc, "actions"), 0), "fields");
        json_object_set_new(json_array_get(fields, 1), "sealed", json_true());
}
/* A sealed text in a procedure no extension of this program keeps. */
static void sealed_text(json_t *proc)
{
        json_t *fields =
            json_object_get(json_array_get(json_object_get(proc, "actions"), 0), "fields");
        json_object_set_new(json_array_get(fields, 0), "sealed", json_true());
}
static void unknown_compartment(json_t *proc)
{
        json_object_set_new(proc, "compartment", json_string("nowhere"));
}

static void label_not_text(json_t *proc)
{
        json_object_set_new(json_array_get(json_object_get(proc, "deadlines"), 0), "label_en",
                            json_integer(7));
}

static void test_loader_refusals(void **state)
{
        (void)state;
        struct {
                void (*mutate)(json_t *);
                const char *field;
        } cases[] = {
            {bad_to, "procedures.t.permit.actions[1].to"},
            {bad_role, "procedures.t.permit.actions[0].roles[2]"},
            {bad_deadline_action, "procedures.t.permit.deadlines[0].stops_on[2]"},
            {bad_param, "procedures.t.permit.deadlines[0].param"},
            {bad_within, "procedures.t.permit.actions[3].within"},
            {duplicate_state, "procedures.t.permit.states[1].name"},
            {unknown_key, "procedures.t.permit.actions[2].colour"},
            {label_not_text, "procedures.t.permit.deadlines[0].label_en"},
            {duplicate_material, "procedures.t.permit.actions[0].materials[1].name"},
            {materials_without_documents, "procedures.t.permit.actions[1].materials"},
            {sealed_date, "procedures.t.permit.actions[0].fields[1].sealed"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(cases); i++) {
                struct gl_error err = {0};
                struct policy_pack *pack = load(cases[i].mutate, &err);
                assert_null(pack);
                assert_string_equal(err.field, cases[i].field);
        }
        /* A named function the program lacks passes the parser and is refused by the check that
         * app_load_policy makes, naming the key. */
        struct gl_error err = {0};
        struct policy_pack *pack = load(unknown_effect, &err);
        assert_non_null(pack);
        assert_int_equal(app_check_procedures(pack, &err), GL_EINVAL);
        assert_string_equal(err.field, "procedures.t.permit.actions[3].effects[0]");
        policy_pack_free(pack);
        /* A sealed text needs an extension to keep it; a compartment needs the scope rule to
         * know it (else the cases would be closed to everyone). */
        pack = load(sealed_text, &err);
        assert_non_null(pack);
        assert_true(procedure_find(pack, "t.permit")->actions[0].fields[0].sealed);
        assert_int_equal(app_check_procedures(pack, &err), GL_EINVAL);
        assert_string_equal(err.field, "procedures.t.permit.actions[0].fields[0].sealed");
        policy_pack_free(pack);
        pack = load(unknown_compartment, &err);
        assert_non_null(pack);
        assert_int_equal(app_check_procedures(pack, &err), GL_EINVAL);
        assert_string_equal(err.field, "procedures.t.permit.compartment");
        policy_pack_free(pack);
        pack = load(NULL, &err);
        assert_int_equal(app_check_procedures(pack, &err), GL_OK);
        /* An English label is read where given and absent (NULL) where not. */
        const struct procedure *p = procedure_find(pack, "t.permit");
        assert_string_equal(p->states[0].label_en, "Received");
        assert_null(p->states[1].label_en);
        assert_null(p->actions[0].label_en);
        policy_pack_free(pack);
}

/* An action that lists materials takes documents of those only, and each required one. */
static void test_materials(void **state)
{
        (void)state;
        struct gl_error err = {0};
        struct policy_pack *pack = load(with_materials, &err);
        assert_non_null(pack);
        const struct procedure *p = procedure_find(pack, "t.permit");
        const struct procedure_action *apply = procedure_action_find(p, "apply");
        assert_int_equal(apply->nmaterials, 2);
        assert_true(apply->materials[0].required);
        assert_false(apply->materials[1].required);
        assert_string_equal(apply->materials[0].label_en, "Site plan");
        assert_null(apply->materials[1].label_en);
        const char *names[] = {"照片", "平面图", "照片"};
        const char *field_names[] = {"project"}, *field_values[] = {"新建厂房"};
        struct procedure_step st = {.action = apply,
                                    .role = ROLE_ENTERPRISE,
                                    .state = PROCEDURE_NO_STATE,
                                    .version = 0,
                                    .expected_version = 0,
                                    .today = D(2023, 3, 1),
                                    .last_step_on = GL_DATE_NONE,
                                    .field_names = field_names,
                                    .field_values = field_values,
                                    .nfields = 1,
                                    .ndocuments = 3,
                                    .document_names = names,
                                    .enabled = true};
        size_t next;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_OK);
        /* The required plan missing: refused naming it. */
        st.ndocuments = 1;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "documents");
        assert_non_null(strstr(err.message, "“平面图”"));
        /* A document that is none of the materials: refused naming the document and the list. */
        const char *other[] = {"平面图", "合同"};
        st.document_names = other;
        st.ndocuments = 2;
        assert_int_equal(procedure_check_step(p, &st, &next, &err), GL_EINVAL);
        assert_string_equal(err.field, "documents[1].name");
        assert_non_null(strstr(err.message, "平面图、照片"));
        policy_pack_free(pack);
}

/* ---- deadlines ---- */

static void test_deadline_arithmetic(void **state)
{
        (void)state;
        struct calendar *cal = NULL;
        assert_int_equal(calendar_load_default(&cal, NULL), GL_OK);
        bool prov = false;
        gl_date latest = 0;
        /* 5 working days after Wed 2023-03-01: Mon 2023-03-08. */
        assert_int_equal(procedure_deadline_due(cal, PROCEDURE_RULE_WORKING_DAYS, D(2023, 3, 1), 5,
                                                &latest, &prov),
                         D(2023, 3, 8));
        assert_false(prov);
        assert_int_equal(latest, D(2023, 3, 8));
        /* Suspended Fri 03-03, resumed Tue 03-07: two working days stopped (Mon, Tue). */
        assert_int_equal(procedure_deadline_resume(cal, PROCEDURE_RULE_WORKING_DAYS, D(2023, 3, 8),
                                                   D(2023, 3, 3), D(2023, 3, 7), &prov),
                         D(2023, 3, 10));
        /* Resumed the day it was suspended: nothing moves. */
        assert_int_equal(procedure_deadline_resume(cal, PROCEDURE_RULE_WORKING_DAYS, D(2023, 3, 8),
                                                   D(2023, 3, 3), D(2023, 3, 3), &prov),
                         D(2023, 3, 8));
        /* Months: 1 month after 2023-01-31 ends 2023-02-28 (a Tuesday). */
        assert_int_equal(
            procedure_deadline_due(cal, PROCEDURE_RULE_MONTHS, D(2023, 1, 31), 1, &latest, &prov),
            D(2023, 2, 28));
        calendar_free(cal);
}

/* ---- end to end on app/case.c ---- */

static char pack_path[256];

static int app_setup(void **state)
{
        char *text = test_pack_text(NULL);
        snprintf(pack_path, sizeof(pack_path), "/tmp/greenlane-test-pack-%d.json", (int)getpid());
        FILE *f = fopen(pack_path, "w");
        if (f == NULL)
                return -1;
        fputs(text, f);
        fclose(f);
        free(text);
        setenv("GREENLANE_POLICY", pack_path, 1);
        struct app *app = NULL;
        if (app_open(":memory:", &app, NULL) != GL_OK)
                return -1;
        *state = app;
        return 0;
}

static int app_teardown(void **state)
{
        app_close(*state);
        unsetenv("GREENLANE_POLICY");
        remove(pack_path);
        return 0;
}

static const struct case_deadline_view *review_of(const struct case_view *v)
{
        for (size_t i = 0; i < v->ndeadlines; i++)
                if (strcmp(v->deadlines[i].row.status, "running") == 0 ||
                    strcmp(v->deadlines[i].row.status, "suspended") == 0)
                        return &v->deadlines[i];
        return NULL;
}

static void test_case_end_to_end(void **state)
{
        struct app *app = *state;
        struct actor sys = actor_system();
        struct gl_error err = {0};
        struct case_field f[] = {{"project", "甲项目"}};
        struct case_document_input doc = {"申请书", "apply.pdf", (const unsigned char *)"x", 1};
        struct case_step_input in = {.action = "apply",
                                     .fields = f,
                                     .nfields = 1,
                                     .docs = &doc,
                                     .ndocs = 1,
                                     .today = D(2023, 3, 1)};
        int64_t id = 0;
        int orc = app_case_open(app, &sys, "t.permit", NULL, &in, &id, &err);
        if (orc != GL_OK)
                print_error("%s %s\n", err.field, err.message);
        assert_int_equal(orc, GL_OK);
        assert_true(id > 0);
        struct case_view v;
        assert_int_equal(app_case_get(app, &sys, id, D(2023, 3, 1), &v, &err), GL_OK);
        assert_string_equal(v.row.state, "received");
        assert_int_equal(review_of(&v)->row.due, D(2023, 3, 8));
        app_case_view_free(&v);

        /* Suspended on Fri 03-03 for the party's materials, resumed on Tue 03-07. */
        struct case_step_input req = {
            .action = "request_materials", .reason = "缺少图纸", .today = D(2023, 3, 3)};
        assert_int_equal(app_case_step(app, &sys, id, &req, &err), GL_OK);
        struct case_step_input back = {.action = "request_materials", .today = D(2023, 3, 2)};
        back.action = "materials_in";
        assert_int_equal(app_case_step(app, &sys, id, &back, &err), GL_EINVAL);
        assert_string_equal(err.field, "today");
        back.today = D(2023, 3, 7);
        assert_int_equal(app_case_step(app, &sys, id, &back, &err), GL_OK);
        assert_int_equal(app_case_get(app, &sys, id, D(2023, 3, 7), &v, &err), GL_OK);
        const struct case_deadline_view *dv = review_of(&v);
        assert_non_null(dv);
        assert_int_equal(dv->row.original_due, D(2023, 3, 8));
        assert_int_equal(dv->row.due, D(2023, 3, 10));
        assert_string_equal(dv->row.status, "running");
        /* What the system may do now: not lapse (not yet due), but approve. */
        bool approve = false, lapse = false;
        for (size_t i = 0; i < v.noffers; i++) {
                approve = approve || strcmp(v.offers[i].action->name, "approve") == 0;
                lapse = lapse || strcmp(v.offers[i].action->name, "lapse") == 0;
        }
        assert_true(approve);
        assert_false(lapse);
        app_case_view_free(&v);
        /* Who could take a step on some day: the county (approve, within the review), its leader
         * (refuse); the system (lapse, once the review has passed); not the city, which takes no
         * action from "received". */
        struct actor officer = {.role = ROLE_COUNTY_OFFICER}, leader = {.role = ROLE_COUNTY_LEADER},
                     city = {.role = ROLE_CITY_OFFICER};
        bool could = false;
        assert_int_equal(app_case_could_step(app, &officer, id, &could, &err), GL_OK);
        assert_true(could);
        assert_int_equal(app_case_could_step(app, &leader, id, &could, &err), GL_OK);
        assert_true(could);
        assert_int_equal(app_case_could_step(app, &sys, id, &could, &err), GL_OK);
        assert_true(could);
        assert_int_equal(app_case_could_step(app, &city, id, &could, &err), GL_OK);
        assert_false(could);

        /* The sweep on the due day leaves it; the day after, it closes the case. */
        int64_t acted = -1;
        assert_int_equal(app_deadlines_sweep(app, &sys, D(2023, 3, 10), &acted, &err), GL_OK);
        assert_int_equal(acted, 0);
        assert_int_equal(app_deadlines_sweep(app, &sys, D(2023, 3, 13), &acted, &err), GL_OK);
        assert_int_equal(acted, 1);
        assert_int_equal(app_case_get(app, &sys, id, D(2023, 3, 13), &v, &err), GL_OK);
        assert_string_equal(v.row.state, "lapsed");
        assert_false(v.row.open);
        assert_int_equal(v.noffers, 0);
        assert_string_equal(v.deadlines[0].row.status, "expired");
        app_case_view_free(&v);
        could = true;
        assert_int_equal(app_case_could_step(app, &officer, id, &could, &err), GL_OK);
        assert_false(could); /* closed: no day opens it again */

        /* A closed case takes no step; the refusal changes nothing. */
        struct case_step_input late = {.action = "approve", .today = D(2023, 3, 14)};
        assert_int_equal(app_case_step(app, &sys, id, &late, &err), GL_ESTATE);
        assert_int_equal(app_case_get(app, &sys, id, D(2023, 3, 14), &v, &err), GL_OK);
        assert_int_equal(v.row.version, 4);
        app_case_view_free(&v);
        /* Another enterprise does not see it. */
        struct actor ent = {.role = ROLE_ENTERPRISE};
        snprintf(ent.uscc, sizeof(ent.uscc), "91130131M10000012G");
        assert_int_equal(app_case_get(app, &ent, id, D(2023, 3, 14), &v, &err), GL_ENOTFOUND);
        assert_int_equal(app_case_could_step(app, &ent, id, &could, &err), GL_ENOTFOUND);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_every_transition),
            cmocka_unit_test(test_generic_guards),
            cmocka_unit_test(test_could_offer),
            cmocka_unit_test(test_loader_refusals),
            cmocka_unit_test(test_materials),
            cmocka_unit_test(test_deadline_arithmetic),
            cmocka_unit_test_setup_teardown(test_case_end_to_end, app_setup, app_teardown),
        };
        return cmocka_run_group_tests_name("procedure", tests, NULL, NULL);
}

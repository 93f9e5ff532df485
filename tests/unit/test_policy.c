/*
 * Unit tests of the policy pack: the shipped Pingshan 2022 pack (measures, contacts, industries,
 * parameters), lookups by date, kinds, the what-if override, the phone check, and one broken pack
 * per kind of breakage, each naming the key path of the problem. Broken packs are made by editing
 * the shipped pack with jansson, so each test changes exactly one thing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "core/embedded.h"
#include "core/policy.h"
#include "core/procedure.h"
#include "io/policy_json.h"

static gl_date ymd(int y, int m, int d)
{
        return date_from_ymd(y, m, d);
}

static struct policy_pack *load_default(void)
{
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        int rc = policy_pack_load_default(&pack, &err);
        if (rc != GL_OK)
                fail_msg("default pack: %s", err.message);
        return pack;
}

static void test_shipped_pack_loads(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        assert_string_equal(pack->id, "pingshan-2022");
        assert_int_equal(pack->version, 8);
        assert_string_equal(pack->division, "130131");
        assert_string_equal(pack->issuer_zh, "石家庄市生态环境局平山县分局");
        assert_int_equal(pack->nmeasures, 8);
        for (int n = 1; n <= 8; n++) {
                const struct policy_measure *m = policy_measure_find(pack, n);
                assert_non_null(m);
                assert_true(m->ncontacts >= 1);
                assert_true(strlen(m->title_zh) > 0 && strlen(m->title_en) > 0);
                assert_true(strlen(m->content_zh) > 0 && strlen(m->content_en) > 0);
                assert_true(strlen(m->procedure_zh) > 0 && strlen(m->responsible_zh) > 0);
        }
        assert_null(policy_measure_find(pack, 9));
        assert_null(policy_measure_find(pack, 0));
        assert_string_equal(policy_measure_find(pack, 1)->contacts[0].name, "李国恒");
        assert_string_equal(policy_measure_find(pack, 4)->contacts[0].phone, "15369177169");
        assert_string_equal(policy_measure_find(pack, 7)->contacts[0].name, "刘晓建");
        assert_string_equal(policy_measure_find(pack, 2)->in_force_zh, "2022 年 9 月 30 日前。");
        policy_pack_free(pack);
        policy_pack_free(NULL);
}

static void test_flagged_phone_kept_as_published(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        int flagged = 0;
        for (size_t i = 0; i < pack->nmeasures; i++) {
                const struct policy_measure *m = &pack->measures[i];
                for (size_t j = 0; j < m->ncontacts; j++) {
                        const struct policy_contact *c = &m->contacts[j];
                        if (strcmp(c->phone, "0311-828972000") == 0) {
                                flagged++;
                                assert_false(c->phone_valid);
                                assert_string_equal(c->phone_note,
                                                    "号码有误：区号后为9位，已按原文保留");
                        } else {
                                assert_true(c->phone_valid);
                                assert_null(c->phone_note);
                        }
                }
        }
        assert_int_equal(flagged, 2); /* measures 2 and 5 */
        policy_pack_free(pack);
}

static void test_in_force(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        const struct policy_measure *m1 = policy_measure_find(pack, 1);
        const struct policy_measure *m2 = policy_measure_find(pack, 2);
        const struct policy_measure *m3 = policy_measure_find(pack, 3);
        const struct policy_measure *m5 = policy_measure_find(pack, 5);
        const struct policy_measure *m6 = policy_measure_find(pack, 6);
        assert_int_equal(m2->in_force_from, ymd(2022, 4, 1));
        assert_int_equal(m3->in_force_to, ymd(2022, 9, 30));
        assert_int_equal(m1->in_force_to, GL_DATE_NONE);
        assert_true(policy_measure_in_force(m1, ymd(2035, 1, 1)));
        assert_false(policy_measure_in_force(m2, ymd(2022, 3, 31)));
        assert_true(policy_measure_in_force(m2, ymd(2022, 4, 1)));
        assert_true(policy_measure_in_force(m2, ymd(2022, 9, 30)));
        assert_false(policy_measure_in_force(m2, ymd(2022, 10, 1)));
        assert_false(policy_measure_in_force(m3, ymd(2022, 10, 1)));
        assert_true(policy_measure_in_force(m5, ymd(2022, 12, 31)));
        assert_false(policy_measure_in_force(m5, ymd(2023, 1, 1)));
        assert_false(policy_measure_in_force(m6, ymd(2023, 1, 1)));
        assert_false(policy_measure_in_force(NULL, ymd(2022, 5, 1)));
        policy_pack_free(pack);
}

static void test_industries_and_ladders(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        const char *codes[] = {
            "steel_long", "foundry",  "cement",   "coking",         "lime_kiln",
            "glass",      "ceramics", "chemical", "pharmaceutical", "building_materials",
            "paper",      "other"};
        for (size_t i = 0; i < GL_ARRAY_LEN(codes); i++)
                assert_non_null(policy_industry_find(pack, codes[i]));
        const struct policy_industry *steel = policy_industry_find(pack, "长流程钢铁");
        assert_non_null(steel);
        assert_string_equal(steel->code, "steel_long");
        assert_null(policy_industry_find(pack, "shipbuilding"));
        assert_null(policy_industry_find(pack, NULL));
        assert_string_equal(policy_ladder_next(steel, "D"), "C");
        assert_string_equal(policy_ladder_next(steel, "C"), "B-");
        assert_string_equal(policy_ladder_next(steel, "B-"), "B");
        assert_null(policy_ladder_next(steel, "A")); /* nothing above A */
        assert_null(policy_ladder_next(steel, ""));
        const struct policy_industry *lime = policy_industry_find(pack, "lime_kiln");
        assert_int_equal(policy_ladder_rank(lime, "B-"), -1);
        assert_string_equal(policy_ladder_next(lime, "C"), "B");
        assert_true(policy_grade_is_known("B-"));
        assert_false(policy_grade_is_known("E"));
        policy_pack_free(pack);
}

static void test_named_parameters(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        gl_date on = ymd(2022, 6, 1);
        struct {
                const char *name;
                int64_t value;
        } ints[] = {{"m1.key_margin_percent", 20},
                    {"m1.general_grace_months", 6},
                    {"m1.key_grace_months", 12},
                    {"m1.county_review_working_days", 15}};
        for (size_t i = 0; i < GL_ARRAY_LEN(ints); i++) {
                int64_t x = -1;
                assert_int_equal(policy_param_int(pack, ints[i].name, on, &x), GL_OK);
                assert_int_equal(x, ints[i].value);
        }
        const char *lists[] = {"m1.industries",
                               "m1.emission_pollutants",
                               "m1.default_ladder",
                               "m3.banned_measures",
                               "m4.infrastructure_categories",
                               "m8.halted_processes",
                               "m8.public_interest_categories",
                               "m8.competent_departments",
                               "m7.procedure_steps"};
        for (size_t i = 0; i < GL_ARRAY_LEN(lists); i++) {
                const struct policy_value *v = policy_param_value(pack, lists[i], on);
                assert_non_null(v);
                assert_int_equal(v->kind, POLICY_LIST);
        }
        char buf[128];
        assert_string_equal(
            policy_value_format(policy_param_value(pack, "m1.industries", on), buf, sizeof(buf)),
            "steel_long,foundry");
        assert_string_equal(
            policy_value_format(policy_param_value(pack, "m1.emission_pollutants", on), buf,
                                sizeof(buf)),
            "so2,nox,pm,vocs");
        assert_string_equal(policy_value_format(policy_param_value(pack, "m1.default_ladder", on),
                                                buf, sizeof(buf)),
                            "D,C,B-,B,A");
        /* No verified source yet for a per-industry pollutant set: an empty list of industries
         * (the pack has the pharmaceutical industry it would name). */
        const struct policy_param *vocs =
            policy_param_find(pack, "m1.emission_pollutants_vocs_industries");
        assert_non_null(vocs);
        assert_string_equal(vocs->of, "industry");
        assert_int_equal(policy_param_value(pack, vocs->name, on)->nlist, 0);
        assert_non_null(policy_industry_find(pack, "pharmaceutical"));
        assert_string_equal(policy_value_format(policy_param_value(pack, "m8.halted_processes", on),
                                                buf, sizeof(buf)),
                            "earthwork,demolition,spray_painting_plastering,slope_shotcrete");
        assert_true(policy_param_list_has(pack, "m4.infrastructure_categories", on, "hydropower"));
        assert_false(policy_param_list_has(pack, "m4.infrastructure_categories", on, "steel"));
        const char *grade = NULL;
        assert_int_equal(policy_param_text(pack, "m6.min_partner_grade", on, &grade), GL_OK);
        assert_string_equal(grade, "B");
        const char *ungraded = NULL;
        assert_int_equal(policy_param_text(pack, "m1.ungraded", on, &ungraded), GL_OK);
        assert_string_equal(ungraded, "lowest");
        gl_date d = 0;
        assert_int_equal(policy_param_date(pack, "m2.window_from", on, &d), GL_OK);
        assert_int_equal(d, ymd(2022, 4, 1));
        assert_int_equal(policy_param_date(pack, "m2.window_to", on, &d), GL_OK);
        assert_int_equal(d, ymd(2022, 9, 30));
        assert_int_equal(policy_param_date(pack, "m3.window_to", on, &d), GL_OK);
        assert_int_equal(d, ymd(2022, 9, 30));
        assert_int_equal(policy_param_date(pack, "m5.window_to", on, &d), GL_OK);
        assert_int_equal(d, ymd(2022, 12, 31));
        assert_int_equal(policy_param_date(pack, "m6.window_to", on, &d), GL_OK);
        assert_int_equal(d, ymd(2022, 12, 31));
        /* every parameter cites its measure and clause */
        for (size_t i = 0; i < pack->nparams; i++) {
                const struct policy_param *p = &pack->params[i];
                assert_non_null(policy_measure_find(pack, p->measure));
                assert_true(strlen(p->clause) > 0);
                assert_true(strlen(p->description_zh) > 0);
                /* mN.* belong to measure N; the alert engine's alert.* serve measures 3 and 8 */
                if (strncmp(p->name, "alert.", 6) == 0)
                        assert_true(p->measure == 3 || p->measure == 8);
                else
                        assert_int_equal(p->measure, p->name[1] - '0');
        }
        policy_pack_free(pack);
}

static void test_kinds(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        gl_date on = ymd(2022, 6, 1);
        int64_t x = 77;
        assert_int_equal(policy_param_int(pack, "m1.industries", on, &x), GL_EINVAL);
        assert_int_equal(policy_param_int(pack, "no.such", on, &x), GL_ENOTFOUND);
        assert_int_equal(x, 77);
        const char *t = NULL;
        assert_int_equal(policy_param_text(pack, "m1.key_margin_percent", on, &t), GL_EINVAL);
        gl_date d = 5;
        assert_int_equal(policy_param_date(pack, "m3.applies_to", on, &d), GL_EINVAL);
        assert_int_equal(d, 5);
        /* before the pack's first value, nothing applies */
        assert_null(policy_param_value(pack, "m1.key_margin_percent", ymd(2021, 12, 31)));
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2021, 12, 31), &x),
                         GL_ENOTFOUND);
        policy_pack_free(pack);
}

/* A small pack with one parameter that changes on 2023-07-01 and then stays open. */
static const char dated_pack[] =
    "{\"id\":\"t\",\"version\":3,\"division\":\"130131\",\"title_zh\":\"测试\","
    "\"issuer_zh\":\"测试分局\",\"measures\":[{\"number\":1,\"title_zh\":\"一\","
    "\"content_zh\":\"内容\",\"who_zh\":\"企业\",\"procedure_zh\":\"流程\",\"in_force_zh\":"
    "\"长期推进。\",\"responsible_zh\":\"分局\",\"contacts\":[]}],\"industries\":[{\"code\":"
    "\"steel_long\",\"name_zh\":\"长流程钢铁\",\"ladder\":[\"D\",\"C\",\"B\",\"A\"]}],"
    "\"parameters\":{\"m1.key_margin_percent\":{\"measure\":1,\"kind\":\"integer\",\"clause\":"
    "\"20% 以上\",\"description_zh\":\"幅度\",\"values\":[{\"from\":\"2022-01-01\",\"to\":"
    "\"2023-06-30\",\"value\":20},{\"from\":\"2023-07-01\",\"value\":25}]}}}";

static void test_dated_change(void **state)
{
        (void)state;
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        assert_int_equal(
            policy_pack_parse_json(dated_pack, strlen(dated_pack), "t.json", &pack, &err), GL_OK);
        int64_t x = 0;
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2021, 12, 31), &x),
                         GL_ENOTFOUND);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2022, 1, 1), &x),
                         GL_OK);
        assert_int_equal(x, 20);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2023, 6, 30), &x),
                         GL_OK);
        assert_int_equal(x, 20);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2023, 7, 1), &x),
                         GL_OK);
        assert_int_equal(x, 25);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2099, 1, 1), &x),
                         GL_OK);
        assert_int_equal(x, 25);
        /* English texts left out read as "" */
        assert_string_equal(pack->measures[0].title_en, "");
        assert_string_equal(pack->industries[0].name_en, "");
        policy_pack_free(pack);
}

static void test_override(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        struct gl_error err = {0};
        int64_t x = 0;
        assert_int_equal(policy_pack_override(pack, "m1.key_margin_percent", "30", &err), GL_OK);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2021, 1, 1), &x),
                         GL_OK);
        assert_int_equal(x, 30);
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2040, 1, 1), &x),
                         GL_OK);
        assert_int_equal(x, 30);
        assert_int_equal(policy_pack_override(pack, "m1.industries", "steel_long, cement", &err),
                         GL_OK);
        assert_true(policy_param_list_has(pack, "m1.industries", ymd(2022, 1, 1), "cement"));
        assert_false(policy_param_list_has(pack, "m1.industries", ymd(2022, 1, 1), "foundry"));
        assert_int_equal(policy_pack_override(pack, "m2.window_to", "2022-12-31", &err), GL_OK);
        gl_date d;
        assert_int_equal(policy_param_date(pack, "m2.window_to", ymd(2022, 1, 1), &d), GL_OK);
        assert_int_equal(d, ymd(2022, 12, 31));

        assert_int_equal(policy_pack_override(pack, "m1.key_margin_percent", "2x", &err),
                         GL_EINVAL);
        assert_string_equal(err.field, "m1.key_margin_percent");
        assert_int_equal(policy_param_int(pack, "m1.key_margin_percent", ymd(2022, 1, 1), &x),
                         GL_OK);
        assert_int_equal(x, 30); /* unchanged by the failed override */
        assert_int_equal(policy_pack_override(pack, "m1.industries", "steel_long,shipyard", &err),
                         GL_EINVAL);
        assert_non_null(strstr(err.message, "shipyard"));
        assert_int_equal(policy_pack_override(pack, "m1.industries", "steel_long,,", &err),
                         GL_EINVAL);
        assert_int_equal(policy_pack_override(pack, "m2.window_to", "2022-02-30", &err), GL_EINVAL);
        assert_int_equal(policy_pack_override(pack, "m6.min_partner_grade", "E", &err), GL_EINVAL);
        assert_int_equal(policy_pack_override(pack, "m6.min_partner_grade", "B-", &err), GL_OK);
        assert_int_equal(policy_pack_override(pack, "m9.nothing", "1", &err), GL_ENOTFOUND);
        assert_string_equal(err.field, "m9.nothing");
        policy_pack_free(pack);
}

static void test_override_keeps_the_pack_value(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        struct gl_error err = {0};
        gl_date on = ymd(2026, 6, 1);
        const struct policy_param *out[4];
        assert_int_equal(policy_pack_overrides(pack, out, 4), 0);
        assert_false(policy_param_is_overridden(pack, "m1.key_margin_percent"));
        assert_ptr_equal(policy_param_pack_value(pack, "m1.key_margin_percent", on),
                         policy_param_value(pack, "m1.key_margin_percent", on));
        assert_int_equal(policy_pack_override(pack, "m1.key_margin_percent", "30", &err), GL_OK);
        assert_int_equal(policy_pack_override(pack, "m1.key_margin_percent", "40", &err), GL_OK);
        assert_true(policy_param_is_overridden(pack, "m1.key_margin_percent"));
        assert_int_equal(policy_param_value(pack, "m1.key_margin_percent", on)->integer, 40);
        /* the pack's own value survives a second override */
        assert_int_equal(policy_param_pack_value(pack, "m1.key_margin_percent", on)->integer, 20);
        assert_null(policy_param_pack_value(pack, "m1.key_margin_percent", ymd(2021, 1, 1)));
        assert_null(policy_param_pack_value(pack, "m9.nothing", on));
        /* a failed override changes nothing */
        assert_int_equal(policy_pack_override(pack, "m1.industries", "steel_long,shipyard", &err),
                         GL_EINVAL);
        assert_false(policy_param_is_overridden(pack, "m1.industries"));
        /* a ladder must be one, as the loader checks it */
        assert_int_equal(policy_pack_override(pack, "m1.default_ladder", "A,D", &err), GL_EINVAL);
        assert_string_equal(err.field, "m1.default_ladder");
        assert_int_equal(policy_pack_override(pack, "m1.default_ladder", "C", &err), GL_EINVAL);
        assert_int_equal(policy_pack_override(pack, "m1.default_ladder", "D,C,B,A", &err), GL_OK);
        /* "" is the empty list */
        assert_int_equal(
            policy_pack_override(pack, "m1.emission_pollutants_vocs_industries", "", &err), GL_OK);
        assert_int_equal(
            policy_param_value(pack, "m1.emission_pollutants_vocs_industries", on)->nlist, 0);
        assert_int_equal(policy_pack_override(pack, "m1.emission_pollutants_vocs_industries",
                                              "pharmaceutical", &err),
                         GL_OK);
        assert_true(policy_param_list_has(pack, "m1.emission_pollutants_vocs_industries", on,
                                          "pharmaceutical"));
        assert_int_equal(policy_pack_overrides(pack, out, 4), 3);
        assert_int_equal(policy_pack_overrides(pack, out, 1), 3); /* counts past max */
        assert_string_equal(out[0]->name, "m1.key_margin_percent");
        policy_pack_free(pack);
}

static void test_phone_numbers(void **state)
{
        (void)state;
        char note[160];
        assert_true(policy_phone_is_valid("13832363726", note, sizeof(note)));
        assert_string_equal(note, "");
        assert_true(policy_phone_is_valid("19912345678", NULL, 0));
        assert_true(policy_phone_is_valid("010-62345678", note, sizeof(note)));  /* 3-digit */
        assert_true(policy_phone_is_valid("021-6543210", note, sizeof(note)));   /* 7 digits */
        assert_true(policy_phone_is_valid("0311-82897200", note, sizeof(note))); /* 4-digit */
        assert_true(policy_phone_is_valid("0311-8289720", note, sizeof(note)));

        assert_false(policy_phone_is_valid("0311-828972000", note, sizeof(note)));
        assert_string_equal(note, "号码有误：区号后为9位");
        assert_false(policy_phone_is_valid("0311-828972", note, sizeof(note)));
        assert_string_equal(note, "号码有误：区号后为6位");
        assert_false(policy_phone_is_valid("12832363726", note, sizeof(note))); /* 1[3-9] */
        assert_false(policy_phone_is_valid("1383236372", note, sizeof(note)));
        assert_non_null(strstr(note, "11位"));
        assert_false(policy_phone_is_valid("031-82897200", note, sizeof(note))); /* 03X: 4 */
        assert_false(policy_phone_is_valid("0111-82897200", note, sizeof(note)));
        assert_false(policy_phone_is_valid("0311-02897200", note, sizeof(note)));
        assert_false(policy_phone_is_valid("0311--8289720", note, sizeof(note)));
        assert_false(policy_phone_is_valid("311-82897200", note, sizeof(note)));
        assert_false(policy_phone_is_valid("hello", note, sizeof(note)));
        assert_non_null(strstr(note, "号码有误"));
        assert_false(policy_phone_is_valid("", note, sizeof(note)));
        assert_false(policy_phone_is_valid("1383236372a", note, sizeof(note)));
        assert_false(policy_phone_is_valid(NULL, note, sizeof(note)));
        assert_false(policy_phone_is_valid("0311-8289720 ", note, sizeof(note)));
}

/* --- broken packs: the shipped pack with one thing changed --- */

static json_t *shipped_json(void)
{
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        assert_non_null(f);
        json_error_t jerr;
        json_t *root = json_loadb(f->data, f->size, 0, &jerr);
        assert_non_null(root);
        return root;
}

static json_t *measure(json_t *root, size_t i)
{
        return json_array_get(json_object_get(root, "measures"), i);
}

static json_t *param(json_t *root, const char *name)
{
        return json_object_get(json_object_get(root, "parameters"), name);
}

static json_t *first_value(json_t *root, const char *name)
{
        return json_array_get(json_object_get(param(root, name), "values"), 0);
}

/* Parses the edited pack: it must fail with GL_EINVAL naming field, with words in the message. */
static void expect_broken(json_t *root, const char *field, const char *words)
{
        char *text = json_dumps(root, 0);
        json_decref(root);
        assert_non_null(text);
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        int rc = policy_pack_parse_json(text, strlen(text), "broken.json", &pack, &err);
        free(text);
        if (rc != GL_EINVAL)
                fail_msg("wanted a rejection naming %s, got %d (%s)", field, rc, err.message);
        assert_null(pack);
        assert_string_equal(err.field, field);
        assert_non_null(strstr(err.message, "broken.json: "));
        assert_non_null(strstr(err.message, field));
        if (strstr(err.message, words) == NULL)
                fail_msg("message '%s' lacks '%s'", err.message, words);
}

static void test_broken_missing_phone(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_del(json_array_get(json_object_get(measure(root, 3), "contacts"), 0), "phone");
        expect_broken(root, "measures[3].contacts[0].phone", "missing");
}

static void test_broken_missing_contacts(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_del(measure(root, 0), "contacts");
        expect_broken(root, "measures[0].contacts", "missing");
}

static void test_broken_value_date(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(first_value(root, "m1.key_margin_percent"), "from",
                            json_string("2022-13-01"));
        expect_broken(root, "parameters.m1.key_margin_percent.values[0].from", "not a date");
}

static void test_broken_in_force_order(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(measure(root, 1), "in_force_to", json_string("2022-01-01"));
        expect_broken(root, "measures[1].in_force_to", "before the start");
}

static void test_broken_overlap(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *values = json_object_get(param(root, "m1.key_margin_percent"), "values");
        json_array_append_new(values, json_pack("{s:s, s:i}", "from", "2023-06-01", "value", 25));
        expect_broken(root, "parameters.m1.key_margin_percent.values[1]", "overlaps values[0]");
}

static void test_broken_overlap_closed(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *values = json_object_get(param(root, "m1.key_grace_months"), "values");
        json_object_set_new(json_array_get(values, 0), "to", json_string("2023-06-30"));
        json_array_append_new(values, json_pack("{s:s, s:s, s:i}", "from", "2023-06-30", "to",
                                                "2023-12-31", "value", 9));
        expect_broken(root, "parameters.m1.key_grace_months.values[1]", "overlaps");
}

static void test_broken_kind(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(param(root, "m1.key_margin_percent"), "kind", json_string("float"));
        expect_broken(root, "parameters.m1.key_margin_percent.kind", "unknown kind");
}

static void test_broken_value_of_wrong_kind(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(first_value(root, "m1.key_margin_percent"), "value", json_string("20"));
        expect_broken(root, "parameters.m1.key_margin_percent.values[0].value", "not an integer");
}

static void test_broken_duplicate_measure(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(measure(root, 3), "number", json_integer(2));
        expect_broken(root, "measures[3].number", "duplicate measure number 2");
}

static void test_broken_ladder_grade(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *ladder =
            json_object_get(json_array_get(json_object_get(root, "industries"), 0), "ladder");
        json_array_set_new(ladder, 2, json_string("E"));
        expect_broken(root, "industries[0].ladder[2]", "unknown grade");
}

static void test_broken_ladder_order(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *ladder =
            json_object_get(json_array_get(json_object_get(root, "industries"), 1), "ladder");
        json_array_set_new(ladder, 0, json_string("A"));
        expect_broken(root, "industries[1].ladder[1]", "lowest to highest");
}

static void test_broken_default_ladder(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *list = json_object_get(first_value(root, "m1.default_ladder"), "value");
        json_array_set_new(list, 1, json_string("S"));
        expect_broken(root, "parameters.m1.default_ladder.values[0].value[1]", "unknown grade");
}

static void test_broken_unknown_industry(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *list = json_object_get(first_value(root, "m1.industries"), "value");
        json_array_append_new(list, json_string("shipbuilding"));
        expect_broken(root, "parameters.m1.industries.values[0].value[2]",
                      "unknown industry \"shipbuilding\"");
}

static void test_broken_unknown_industry_without_of(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_del(param(root, "m1.industries"), "of");
        json_t *list = json_object_get(first_value(root, "m1.industries"), "value");
        json_array_set_new(list, 0, json_string("长流程钢铁")); /* the code, not the name */
        expect_broken(root, "parameters.m1.industries.values[0].value[0]", "unknown industry");
}

static void test_broken_duplicate_industry(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_t *ind = json_array_get(json_object_get(root, "industries"), 3);
        json_object_set_new(ind, "code", json_string("cement"));
        expect_broken(root, "industries[3].code", "duplicate industry");
}

static void test_broken_unknown_key(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(measure(root, 0), "contats", json_array());
        expect_broken(root, "measures[0].contats", "unknown key");
}

static void test_broken_param_measure(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(param(root, "m8.halted_processes"), "measure", json_integer(9));
        expect_broken(root, "parameters.m8.halted_processes.measure", "no measure 9");
}

static void test_broken_missing_clause(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_del(param(root, "m6.min_partner_grade"), "clause");
        expect_broken(root, "parameters.m6.min_partner_grade.clause", "missing");
}

static void test_broken_label_kind(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(param(root, "m1.industries"), "label_zh", json_integer(7));
        expect_broken(root, "parameters.m1.industries.label_zh", "not a string");
}

/* A parameter's short name is optional: without one the screens show its key. */
static void test_labels(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        const struct policy_param *p = policy_param_find(pack, "m1.industries");
        assert_non_null(p);
        assert_string_equal(p->label_zh, "适用行业");
        assert_string_equal(p->label_en, "Industries in scope");
        policy_pack_free(pack);
        json_t *root = shipped_json();
        json_object_del(param(root, "m1.industries"), "label_zh");
        json_object_del(param(root, "m1.industries"), "label_en");
        char *text = json_dumps(root, 0);
        json_decref(root);
        struct gl_error err = {0};
        assert_int_equal(policy_pack_parse_json(text, strlen(text), "labels.json", &pack, &err),
                         GL_OK);
        free(text);
        p = policy_param_find(pack, "m1.industries");
        assert_null(p->label_zh);
        assert_null(p->label_en);
        policy_pack_free(pack);
}

static void test_broken_grade_text(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(first_value(root, "m6.min_partner_grade"), "value", json_string("B+"));
        expect_broken(root, "parameters.m6.min_partner_grade.values[0].value", "unknown grade");
}

static void test_broken_date_kind(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(first_value(root, "m2.window_to"), "value", json_string("9月30日"));
        expect_broken(root, "parameters.m2.window_to.values[0].value", "not a date");
}

static void test_broken_division(void **state)
{
        (void)state;
        json_t *root = shipped_json();
        json_object_set_new(root, "division", json_string("13013"));
        expect_broken(root, "division", "6-digit");
}

static void test_broken_json_syntax(void **state)
{
        (void)state;
        const char text[] = "{\"id\": \"x\",\n \"version\": }";
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_parse_json(text, strlen(text), "x.json", &pack, &err),
                         GL_EINVAL);
        assert_null(pack);
        assert_non_null(strstr(err.message, "x.json:2:"));
        const char dup[] = "{\"id\": \"x\", \"id\": \"y\"}";
        assert_int_equal(policy_pack_parse_json(dup, strlen(dup), "d.json", &pack, &err),
                         GL_EINVAL);
        assert_non_null(strstr(err.message, "duplicate"));
}

/* Each required key of a measure, an industry and a parameter, removed in turn, is named. */
static void test_broken_each_required_key(void **state)
{
        (void)state;
        const char *measure_keys[] = {"number",       "title_zh",    "content_zh",     "who_zh",
                                      "procedure_zh", "in_force_zh", "responsible_zh", "contacts"};
        for (size_t i = 0; i < GL_ARRAY_LEN(measure_keys); i++) {
                json_t *root = shipped_json();
                json_object_del(measure(root, 6), measure_keys[i]);
                char field[64];
                snprintf(field, sizeof(field), "measures[6].%s", measure_keys[i]);
                expect_broken(root, field, "missing");
        }
        const char *industry_keys[] = {"code", "name_zh", "ladder"};
        for (size_t i = 0; i < GL_ARRAY_LEN(industry_keys); i++) {
                json_t *root = shipped_json();
                json_object_del(json_array_get(json_object_get(root, "industries"), 4),
                                industry_keys[i]);
                char field[64];
                snprintf(field, sizeof(field), "industries[4].%s", industry_keys[i]);
                expect_broken(root, field, "missing");
        }
        const char *param_keys[] = {"measure", "kind", "clause", "description_zh", "values"};
        for (size_t i = 0; i < GL_ARRAY_LEN(param_keys); i++) {
                json_t *root = shipped_json();
                json_object_del(param(root, "m4.accept_first"), param_keys[i]);
                char field[64];
                snprintf(field, sizeof(field), "parameters.m4.accept_first.%s", param_keys[i]);
                expect_broken(root, field, "missing");
        }
        const char *top_keys[] = {"id",        "version",  "division",   "title_zh",
                                  "issuer_zh", "measures", "industries", "parameters"};
        for (size_t i = 0; i < GL_ARRAY_LEN(top_keys); i++) {
                json_t *root = shipped_json();
                json_object_del(root, top_keys[i]);
                expect_broken(root, top_keys[i], "missing");
        }
}

/* The harm field of measure 2's filing, a choice field: its options as the pack declares them. */
static json_t *harm_field(json_t *root)
{
        json_t *file = json_array_get(
            json_object_get(json_object_get(json_object_get(root, "procedures"), "m2.enforcement"),
                            "actions"),
            0);
        json_t *fields = json_object_get(file, "fields");
        for (size_t i = 0; i < json_array_size(fields); i++)
                if (strcmp(json_string_value(json_object_get(json_array_get(fields, i), "name")),
                           "harm") == 0)
                        return json_array_get(fields, i);
        fail_msg("no harm field");
        return NULL;
}

static void test_choice_fields(void **state)
{
        (void)state;
        struct policy_pack *pack = load_default();
        const struct procedure *p = procedure_find(pack, "m2.enforcement");
        assert_non_null(p);
        const struct procedure_action *file = procedure_action_find(p, "file");
        assert_non_null(file);
        const struct procedure_field *harm = NULL;
        for (size_t i = 0; i < file->nfields; i++)
                if (strcmp(file->fields[i].name, "harm") == 0)
                        harm = &file->fields[i];
        assert_non_null(harm);
        assert_int_equal(harm->type, PROCEDURE_FIELD_CHOICE);
        assert_int_equal(harm->noptions, 3);
        assert_string_equal(procedure_option_find(harm, "minor")->label_zh, "危害后果轻微");
        assert_null(procedure_option_find(harm, "grave"));
        policy_pack_free(pack);

        json_t *root = shipped_json();
        json_object_del(harm_field(root), "options");
        expect_broken(root, "procedures.m2.enforcement.actions[0].fields[7].options",
                      "needs its options");
        root = shipped_json();
        json_object_set_new(harm_field(root), "type", json_string("text"));
        expect_broken(root, "procedures.m2.enforcement.actions[0].fields[7].options",
                      "only a choice field");
        root = shipped_json();
        json_object_set_new(json_array_get(json_object_get(harm_field(root), "options"), 1),
                            "value", json_string("none"));
        expect_broken(root, "procedures.m2.enforcement.actions[0].fields[7].options[1].value",
                      "listed twice");
        root = shipped_json();
        json_object_set_new(harm_field(root), "options", json_array());
        expect_broken(root, "procedures.m2.enforcement.actions[0].fields[7].options", "non-empty");
        root = shipped_json();
        json_object_set_new(json_array_get(json_object_get(harm_field(root), "options"), 0),
                            "value", json_string("No Harm"));
        expect_broken(root, "procedures.m2.enforcement.actions[0].fields[7].options[0].value",
                      "not a code");
}

/* Every cut of the shipped pack is refused cleanly (no crash, no leak under the sanitizers). */
static void test_broken_truncated(void **state)
{
        (void)state;
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        assert_non_null(f);
        for (size_t len = 0; len < f->size; len += 997) {
                struct policy_pack *pack = NULL;
                struct gl_error err = {0};
                assert_int_equal(policy_pack_parse_json(f->data, len, "cut.json", &pack, &err),
                                 GL_EINVAL);
                assert_null(pack);
                assert_non_null(strstr(err.message, "cut.json"));
        }
}

static void test_load_file(void **state)
{
        (void)state;
        struct policy_pack *pack = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_load_file("/nonexistent/pack.json", &pack, &err), GL_EIO);
        assert_non_null(strstr(err.message, "/nonexistent/pack.json"));
        const char *root = getenv("SOURCE_ROOT");
        if (root == NULL)
                skip();
        char path[1024];
        snprintf(path, sizeof(path), "%s/policy/pingshan-2022.json", root);
        assert_int_equal(policy_pack_load_file(path, &pack, &err), GL_OK);
        assert_int_equal(pack->nmeasures, 8);
        policy_pack_free(pack);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_shipped_pack_loads),
            cmocka_unit_test(test_flagged_phone_kept_as_published),
            cmocka_unit_test(test_in_force),
            cmocka_unit_test(test_industries_and_ladders),
            cmocka_unit_test(test_named_parameters),
            cmocka_unit_test(test_kinds),
            cmocka_unit_test(test_dated_change),
            cmocka_unit_test(test_override),
            cmocka_unit_test(test_override_keeps_the_pack_value),
            cmocka_unit_test(test_phone_numbers),
            cmocka_unit_test(test_broken_missing_phone),
            cmocka_unit_test(test_broken_missing_contacts),
            cmocka_unit_test(test_broken_value_date),
            cmocka_unit_test(test_broken_in_force_order),
            cmocka_unit_test(test_broken_overlap),
            cmocka_unit_test(test_broken_overlap_closed),
            cmocka_unit_test(test_broken_kind),
            cmocka_unit_test(test_broken_value_of_wrong_kind),
            cmocka_unit_test(test_broken_duplicate_measure),
            cmocka_unit_test(test_broken_ladder_grade),
            cmocka_unit_test(test_broken_ladder_order),
            cmocka_unit_test(test_broken_default_ladder),
            cmocka_unit_test(test_broken_unknown_industry),
            cmocka_unit_test(test_broken_unknown_industry_without_of),
            cmocka_unit_test(test_broken_duplicate_industry),
            cmocka_unit_test(test_broken_unknown_key),
            cmocka_unit_test(test_broken_param_measure),
            cmocka_unit_test(test_broken_missing_clause),
            cmocka_unit_test(test_broken_grade_text),
            cmocka_unit_test(test_broken_label_kind),
            cmocka_unit_test(test_labels),
            cmocka_unit_test(test_broken_date_kind),
            cmocka_unit_test(test_broken_division),
            cmocka_unit_test(test_broken_json_syntax),
            cmocka_unit_test(test_broken_each_required_key),
            cmocka_unit_test(test_choice_fields),
            cmocka_unit_test(test_broken_truncated),
            cmocka_unit_test(test_load_file),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

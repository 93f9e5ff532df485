/*
 * Unit tests of core/incentive.c, measure 1's decision: the bounds of both tiers on each metric
 * (exactly 1.0 × and 1.20 × the average, just above and just below), either metric sufficing,
 * decimal tonnages that must land exactly on 1.20 ×, zero and missing figures, the official average
 * winning, the ends of the grade ladder, the scope, a what-if override of the margin and the marks
 * it puts on the explanation, and the pollutants summed per industry.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/incentive.h"

#define NONE GL_AMOUNT_NONE
#define T(x) ((int64_t)(x)) /* grams */
#define Y(x) ((int64_t)(x)) /* fen */

enum { STEEL, FOUNDRY, LIME, CEMENT, PHARMA };

static char **list_of(const char *const *items, size_t n)
{
        char **l = calloc(n + 1, sizeof(*l));
        for (size_t i = 0; i < n; i++)
                l[i] = strdup(items[i]);
        return l;
}

static void add_industry(struct policy_pack *p, const char *code, const char *zh,
                         const char *const *ladder, size_t n)
{
        struct policy_industry *ind = &p->industries[p->nindustries++];
        ind->code = strdup(code);
        ind->name_zh = strdup(zh);
        ind->name_en = strdup(code);
        ind->ladder = list_of(ladder, n);
        ind->nladder = n;
}

static struct policy_param *add_param(struct policy_pack *p, const char *name)
{
        struct policy_param *pp = &p->params[p->nparams++];
        pp->name = strdup(name);
        pp->measure = 1;
        pp->clause = strdup("");
        pp->description_zh = strdup("");
        pp->description_en = strdup("");
        pp->values = calloc(1, sizeof(*pp->values));
        pp->nvalues = 1;
        pp->values[0].from = date_from_ymd(2022, 1, 1);
        pp->values[0].to = GL_DATE_NONE;
        return pp;
}

static void add_int(struct policy_pack *p, const char *name, int64_t v)
{
        struct policy_param *pp = add_param(p, name);
        pp->kind = POLICY_INT;
        pp->values[0].kind = POLICY_INT;
        pp->values[0].integer = v;
}

static void add_list(struct policy_pack *p, const char *name, const char *const *items, size_t n)
{
        struct policy_param *pp = add_param(p, name);
        pp->kind = POLICY_LIST;
        pp->values[0].kind = POLICY_LIST;
        pp->values[0].list = list_of(items, n);
        pp->values[0].nlist = n;
}

static void add_text(struct policy_pack *p, const char *name, const char *text)
{
        struct policy_param *pp = add_param(p, name);
        pp->kind = POLICY_TEXT;
        pp->values[0].kind = POLICY_TEXT;
        pp->values[0].text = strdup(text);
}

static struct policy_pack *make_pack(void)
{
        static const char *const full[] = {"D", "C", "B-", "B", "A"};
        static const char *const no_bminus[] = {"D", "C", "B", "A"};
        static const char *const scope[] = {"steel_long", "foundry", "lime_kiln"};
        static const char *const pollutants[] = {"so2", "nox", "pm", "vocs"};
        struct policy_pack *p = calloc(1, sizeof(*p));
        p->id = strdup("test-pack");
        p->version = 3;
        p->industries = calloc(8, sizeof(*p->industries));
        add_industry(p, "steel_long", "长流程钢铁", full, 5);
        add_industry(p, "foundry", "铸造", full, 5);
        add_industry(p, "lime_kiln", "石灰窑", no_bminus, 4);
        add_industry(p, "cement", "水泥", full, 5);
        add_industry(p, "pharmaceutical", "制药", full, 5);
        p->params = calloc(16, sizeof(*p->params));
        add_list(p, "m1.industries", scope, 3);
        add_int(p, "m1.key_margin_percent", 20);
        add_int(p, "m1.general_grace_months", 6);
        add_int(p, "m1.key_grace_months", 12);
        add_list(p, "m1.emission_pollutants", pollutants, 4);
        return p;
}

/* A subject of industry ind with grade, tax and R&D figures and the four air pollutants. */
static struct incentive_subject subj(const char *uscc, int ind, const char *grade, int64_t tax,
                                     int64_t rd, int64_t revenue, int64_t so2, int64_t nox,
                                     int64_t pm, int64_t vocs)
{
        struct incentive_subject s;
        memset(&s, 0, sizeof(s));
        snprintf(s.uscc, sizeof(s.uscc), "%s", uscc);
        snprintf(s.grade, sizeof(s.grade), "%s", grade);
        s.industry = ind;
        s.tax_fen = tax;
        s.rd_fen = rd;
        s.revenue_fen = revenue;
        s.emission_g[POLLUTANT_SO2] = so2;
        s.emission_g[POLLUTANT_NOX] = nox;
        s.emission_g[POLLUTANT_PM] = pm;
        s.emission_g[POLLUTANT_VOCS] = vocs;
        s.emission_g[POLLUTANT_COD] = NONE;
        s.emission_g[POLLUTANT_NH3N] = NONE;
        return s;
}

/* Official averages for steel: 1000 yuan per tonne and 5 % R&D share. */
static struct incentive_official steel_official(void)
{
        struct incentive_official o;
        memset(&o, 0, sizeof(o));
        snprintf(o.industry, sizeof(o.industry), "steel_long");
        o.has_tax_per_tonne = true;
        o.tax_per_tonne_micro_yuan = 1000LL * 1000000;
        o.has_rd_share = true;
        o.rd_share_micro_percent = 5LL * 1000000;
        snprintf(o.source, sizeof(o.source), "averages.csv");
        return o;
}

static struct incentive_eval *eval(const struct policy_pack *p, const struct incentive_subject *s,
                                   size_t n, const struct incentive_official *off, size_t noff)
{
        struct incentive_eval *ev = NULL;
        struct gl_error err = {0};
        int rc = incentive_evaluate(p, date_from_ymd(2026, 6, 1), s, n, off, noff, &ev, &err);
        if (rc != GL_OK)
                fail_msg("incentive_evaluate: %s: %s", err.field, err.message);
        return ev;
}

static bool explained(const struct incentive_result *r, const char *text)
{
        for (size_t i = 0; i < r->nexplanation; i++)
                if (strstr(r->explanation[i], text) != NULL)
                        return true;
        return false;
}

/* Tax per tonne against an official 1000 yuan/t: 1 tonne emitted, taxes in fen. */
static enum incentive_tier tax_tier(int64_t tax_fen, struct incentive_result *r)
{
        struct policy_pack *p = make_pack();
        struct incentive_subject s =
            subj("S1", STEEL, "C", tax_fen, NONE, NONE, T(250000), T(250000), T(250000), T(250000));
        struct incentive_official o = steel_official();
        struct incentive_eval *ev = eval(p, &s, 1, &o, 1);
        incentive_eval_result(ev, 0, 2025, r);
        incentive_eval_free(ev);
        policy_pack_free(p);
        return r->tier;
}

/* R&D share against an official 5 %: revenue 1,000,000.00 yuan, R&D in fen. */
static enum incentive_tier rd_tier(int64_t rd_fen, struct incentive_result *r)
{
        struct policy_pack *p = make_pack();
        struct incentive_subject s =
            subj("S1", STEEL, "C", NONE, rd_fen, Y(100000000), NONE, NONE, NONE, NONE);
        struct incentive_official o = steel_official();
        struct incentive_eval *ev = eval(p, &s, 1, &o, 1);
        incentive_eval_result(ev, 0, 2025, r);
        incentive_eval_free(ev);
        policy_pack_free(p);
        return r->tier;
}

static void test_tax_bounds(void **state)
{
        (void)state;
        struct incentive_result r;
        assert_int_equal(tax_tier(Y(100000), &r), INCENTIVE_TIER_NONE); /* exactly 1.0 × */
        assert_int_equal(r.grace_months, 0);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].ratio, "1.0000");
        assert_int_equal(tax_tier(Y(100001), &r), INCENTIVE_TIER_GENERAL); /* one fen above */
        assert_int_equal(r.grace_months, 6);
        assert_string_equal(r.next_grade, "B-");
        assert_int_equal(tax_tier(Y(119999), &r), INCENTIVE_TIER_GENERAL); /* just below 1.20 × */
        assert_int_equal(tax_tier(Y(120000), &r), INCENTIVE_TIER_KEY);     /* exactly 1.20 × */
        assert_int_equal(r.grace_months, 12);
        assert_true(explained(&r, "m1.key_margin_percent = 20"));
        assert_true(explained(&r, "单位污染物排放量税收贡献达到重点激励门槛"));
        assert_true(explained(&r, "官方公布值"));
        assert_true(explained(&r, "重点激励政策："));
        assert_true(explained(&r, "m1.key_grace_months = 12"));
        assert_true(explained(&r, "test-pack 第 3 版"));
        assert_int_equal(tax_tier(Y(120001), &r), INCENTIVE_TIER_KEY);
}

static void test_rd_bounds(void **state)
{
        (void)state;
        struct incentive_result r;
        assert_int_equal(rd_tier(Y(5000000), &r), INCENTIVE_TIER_NONE); /* exactly 5 % */
        assert_string_equal(r.metrics[INCENTIVE_RD_SHARE].value, "5.0000");
        assert_int_equal(rd_tier(Y(5000001), &r), INCENTIVE_TIER_GENERAL);
        assert_true(explained(&r, "研发投入占营业收入比重高于行业平均水平"));
        assert_int_equal(rd_tier(Y(5999999), &r), INCENTIVE_TIER_GENERAL);
        assert_int_equal(rd_tier(Y(6000000), &r), INCENTIVE_TIER_KEY); /* exactly 6 % */
        assert_int_equal(rd_tier(Y(4999999), &r), INCENTIVE_TIER_NONE);
        assert_true(explained(&r, "不符合激励条件"));
}

static void test_either_metric_suffices(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct incentive_official o = steel_official();
        struct incentive_subject s[2] = {
            /* tax per tonne 500 yuan/t (below), R&D 7 % (key) */
            subj("S1", STEEL, "D", Y(50000), Y(700), Y(10000), T(1000000), T(0), T(0), T(0)),
            /* tax per tonne 1300 yuan/t (key), R&D 5.5 % (general) */
            subj("S2", STEEL, "D", Y(130000), Y(550), Y(10000), T(1000000), T(0), T(0), T(0)),
        };
        struct incentive_eval *ev = eval(p, s, 2, &o, 1);
        struct incentive_result r;
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        assert_string_equal(r.next_grade, "C");
        assert_false(r.metrics[INCENTIVE_TAX_PER_TONNE].above);
        assert_true(r.metrics[INCENTIVE_RD_SHARE].key);
        assert_true(explained(&r, "结论：重点激励——研发投入占营业收入比重达到重点激励门槛"));
        incentive_eval_result(ev, 1, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        assert_true(r.metrics[INCENTIVE_RD_SHARE].above);
        assert_false(r.metrics[INCENTIVE_RD_SHARE].key);
        assert_true(explained(&r, "结论：重点激励——单位污染物排放量税收贡献达到"));
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_decimal_tonnes_exact(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        /* S1: 12 yuan over 0.1 t SO2 + 0.2 t NOx = 40 yuan/t. S2: 28 yuan over 0.9 t. The peer
         * average is 40 yuan over 1.2 t = 33.33 yuan/t, and 40 is exactly 1.20 × of it (in
         * floating point 12 / (0.1 + 0.2) is just below 40). */
        struct incentive_subject s[2] = {
            subj("S1", FOUNDRY, "C", Y(1200), NONE, NONE, T(100000), T(200000), T(0), T(0)),
            subj("S2", FOUNDRY, "C", Y(2800), NONE, NONE, T(300000), T(300000), T(300000), T(0)),
        };
        struct incentive_eval *ev = eval(p, s, 2, NULL, 0);
        struct incentive_result r;
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].value, "40.00");
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].average, "33.33");
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].ratio, "1.2000");
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].average_source, INCENTIVE_AVERAGE_PEER);
        assert_true(explained(&r, "二氧化硫 0.1 + 氮氧化物 0.2 + 颗粒物 0 + 挥发性有机物 0"));
        assert_true(explained(&r, "本行业 2 家有数值企业"));
        incentive_eval_result(ev, 1, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_zero_and_missing(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct incentive_subject s[5] = {
            /* the reference: 100 yuan/t, R&D 1 % */
            subj("S1", STEEL, "C", Y(10000), Y(100), Y(10000), T(1000000), T(0), T(0), T(0)),
            /* zero emissions, zero revenue: huge taxes must not become infinity nor count */
            subj("S2", STEEL, "C", Y(999999999), Y(100), Y(0), T(0), T(0), T(0), T(0)),
            /* VOCs not reported; R&D not reported */
            subj("S3", STEEL, "C", Y(999999999), NONE, Y(10000), T(1), T(1), T(1), NONE),
            /* taxes not reported; revenue not reported */
            subj("S4", STEEL, "C", NONE, Y(100), NONE, T(1), T(1), T(1), T(1)),
            /* a negative figure */
            subj("S5", STEEL, "C", Y(-5), Y(100), Y(10000), T(1), T(1), T(1), T(1)),
        };
        struct incentive_eval *ev = eval(p, s, 5, NULL, 0);
        const struct incentive_average *a =
            incentive_eval_average(ev, STEEL, INCENTIVE_TAX_PER_TONNE);
        assert_int_equal(a->peers, 1);
        assert_int_equal(a->without, 4);
        assert_true(a->num == 10000 && a->den == 1000000);
        a = incentive_eval_average(ev, STEEL, INCENTIVE_RD_SHARE);
        assert_int_equal(a->peers, 2); /* S1 and S5 */
        struct incentive_result r;
        incentive_eval_result(ev, 1, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].status,
                         INCENTIVE_VALUE_ZERO_DENOMINATOR);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].value, "");
        assert_true(explained(&r, "污染物排放量合计为零"));
        assert_true(explained(&r, "营业收入为零"));
        assert_true(explained(&r, "不计入本行业平均值"));
        incentive_eval_result(ev, 2, 2025, &r);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].status,
                         INCENTIVE_VALUE_MISSING_DENOMINATOR);
        assert_true(explained(&r, "挥发性有机物排放量未填报"));
        assert_true(explained(&r, "研发投入未填报"));
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        incentive_eval_result(ev, 3, 2025, &r);
        assert_true(explained(&r, "纳税额未填报"));
        assert_true(explained(&r, "营业收入未填报"));
        incentive_eval_result(ev, 4, 2025, &r);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].status, INCENTIVE_VALUE_NEGATIVE);
        assert_true(explained(&r, "数值为负"));
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_official_average_wins(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        /* Peer average 150 yuan/t makes S2 (200) general; the official 1000 yuan/t makes it none.
         */
        struct incentive_subject s[2] = {
            subj("S1", STEEL, "C", Y(10000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("S2", STEEL, "C", Y(20000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
        };
        struct incentive_eval *ev = eval(p, s, 2, NULL, 0);
        struct incentive_result r;
        incentive_eval_result(ev, 1, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY); /* 200 / 150 = 1.33 */
        incentive_eval_free(ev);
        struct incentive_official o = steel_official();
        o.has_rd_share = false;
        ev = eval(p, s, 2, &o, 1);
        incentive_eval_result(ev, 1, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].average_source,
                         INCENTIVE_AVERAGE_OFFICIAL);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].average, "1000.00");
        assert_true(explained(&r, "官方公布值（averages.csv）"));
        assert_int_equal(r.metrics[INCENTIVE_RD_SHARE].average_source, INCENTIVE_AVERAGE_NONE);
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_ladder_ends(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct incentive_official o = steel_official();
        /* Every one is key on tax per tonne (2000 yuan/t against 1000). */
        struct incentive_subject s[6] = {
            subj("A1", STEEL, "A", Y(200000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("D1", STEEL, "D", Y(200000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("B1", STEEL, "B", Y(200000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("L1", LIME, "C", Y(1), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("L2", LIME, "C", Y(3), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("N1", STEEL, "", Y(200000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
        };
        struct incentive_eval *ev = eval(p, s, 6, &o, 1);
        struct incentive_result r;
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        assert_string_equal(r.next_grade, "");
        assert_int_equal(r.grace_months, 0);
        assert_true(r.metrics[INCENTIVE_TAX_PER_TONNE].key);
        assert_true(explained(&r, "已是本行业等级阶梯"));
        assert_true(explained(&r, "没有可晋升的高一级别"));
        incentive_eval_result(ev, 1, 2025, &r);
        assert_string_equal(r.next_grade, "C");
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        incentive_eval_result(ev, 2, 2025, &r);
        assert_string_equal(r.next_grade, "A");
        incentive_eval_result(ev, 4, 2025, &r); /* lime kiln has no B-: C -> B */
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        assert_string_equal(r.next_grade, "B");
        assert_true(explained(&r, "D → C → B → A"));
        incentive_eval_result(ev, 5, 2025, &r); /* no grade: treated as the lowest rung */
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        assert_string_equal(r.next_grade, "C");
        assert_true(explained(&r, "m1.ungraded = lowest"));
        assert_true(explained(&r, "默认解读"));
        incentive_eval_free(ev);

        add_text(p, "m1.ungraded", "excluded");
        ev = eval(p, s, 6, &o, 1);
        incentive_eval_result(ev, 5, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        assert_string_equal(r.next_grade, "");
        assert_true(explained(&r, "m1.ungraded = excluded"));
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_scope(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct incentive_subject s[3] = {
            subj("C1", CEMENT, "C", Y(900000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("S1", STEEL, "C", Y(100000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
            subj("X1", -1, "C", Y(100000), NONE, NONE, T(1000000), T(0), T(0), T(0)),
        };
        struct incentive_eval *ev = eval(p, s, 3, NULL, 0);
        assert_false(incentive_eval_outcome(ev, 0)->in_scope);
        assert_true(incentive_eval_outcome(ev, 1)->in_scope);
        assert_false(incentive_eval_outcome(ev, 2)->in_scope);
        /* cement is not a peer of anything: steel's average is S1's own value */
        assert_int_equal(incentive_eval_average(ev, STEEL, INCENTIVE_TAX_PER_TONNE)->peers, 1);
        assert_int_equal(incentive_eval_average(ev, CEMENT, INCENTIVE_TAX_PER_TONNE)->peers, 0);
        struct incentive_result r;
        incentive_eval_result(ev, 0, 2025, &r);
        assert_false(r.in_scope);
        assert_int_equal(r.tier, INCENTIVE_TIER_NONE);
        assert_true(explained(&r, "不在第一项措施的适用行业中"));
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_margin_override(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(p, "m1.key_margin_percent", "50", &err), GL_OK);
        struct incentive_result r;
        struct incentive_subject s =
            subj("S1", STEEL, "C", Y(149999), NONE, NONE, T(1000000), T(0), T(0), T(0));
        struct incentive_official o = steel_official();
        struct incentive_eval *ev = eval(p, &s, 1, &o, 1);
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_GENERAL);
        assert_true(explained(&r, "m1.key_margin_percent = 50"));
        assert_true(explained(&r, "1.50 倍"));
        incentive_eval_free(ev);
        s.tax_fen = Y(150000);
        ev = eval(p, &s, 1, &o, 1);
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_KEY);
        incentive_eval_free(ev);
        policy_pack_free(p);
}

/* The lines of r that contain text, each of which must also contain mark. */
static void assert_marked(const struct incentive_result *r, const char *text, const char *mark)
{
        size_t found = 0;
        for (size_t i = 0; i < r->nexplanation; i++) {
                if (strstr(r->explanation[i], text) == NULL)
                        continue;
                found++;
                if (strstr(r->explanation[i], mark) == NULL)
                        fail_msg("line %zu cites %s without the mark %s: %s", i, text, mark,
                                 r->explanation[i]);
        }
        assert_true(found > 0);
}

static void test_what_if_marks(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        struct incentive_subject s =
            subj("S1", STEEL, "C", Y(149999), NONE, NONE, T(1000000), T(0), T(0), T(0));
        struct incentive_official o = steel_official();
        struct incentive_result r;
        /* the pack's own values: nothing is a what-if */
        struct incentive_eval *ev = eval(p, &s, 1, &o, 1);
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.nwhat_if, 0);
        assert_false(incentive_eval_params(ev)->what_if);
        assert_false(explained(&r, "假设"));
        incentive_eval_free(ev);

        struct gl_error err = {0};
        assert_int_equal(policy_pack_override(p, "m1.key_margin_percent", "50", &err), GL_OK);
        assert_int_equal(policy_pack_override(p, "m1.industries", "steel_long,cement", &err),
                         GL_OK);
        ev = eval(p, &s, 1, &o, 1);
        assert_true(incentive_eval_params(ev)->what_if);
        incentive_eval_result(ev, 0, 2025, &r);
        assert_int_equal(r.tier, INCENTIVE_TIER_GENERAL);
        const char *margin = "（假设：m1.key_margin_percent = 50；政策包原值 20）";
        const char *scope = "（假设：m1.industries = steel_long,cement；政策包原值 "
                            "steel_long,foundry,lime_kiln）";
        assert_marked(&r, "m1.key_margin_percent = 50", margin);
        assert_marked(&r, "m1.industries = steel_long,cement", scope);
        assert_marked(&r, "政策包 test-pack 第 3 版", margin);
        assert_marked(&r, "政策包 test-pack 第 3 版", scope);
        assert_marked(&r, "结论：", "（假设评价：");
        /* an assumed value is not the pack's "since publication" */
        assert_false(explained(&r, "发布之日"));
        assert_true(explained(&r, "m1.key_margin_percent = 50，假设值"));
        /* lines that use no assumed value are not marked */
        assert_false(strstr(r.explanation[r.nexplanation - 2], "假设") != NULL); /* the clause */
        assert_int_equal(r.nwhat_if, 2);
        assert_string_equal(r.what_if[0].name, "m1.industries");
        assert_string_equal(r.what_if[0].value, "steel_long,cement");
        assert_string_equal(r.what_if[0].pack_value, "steel_long,foundry,lime_kiln");
        assert_true(r.what_if[0].has_pack_value);
        assert_string_equal(r.what_if[1].name, "m1.key_margin_percent");
        assert_string_equal(r.what_if[1].value, "50");
        assert_string_equal(r.what_if[1].pack_value, "20");
        const struct incentive_what_if *w;
        assert_int_equal(incentive_eval_what_if(ev, &w), 2);
        incentive_eval_free(ev);
        policy_pack_free(p);
}

/* A pack that sums SO2, NOx and PM, and VOCs for pharmaceuticals only. */
static struct policy_pack *vocs_pack(void)
{
        static const char *const three[] = {"so2", "nox", "pm"};
        static const char *const scope[] = {"steel_long", "pharmaceutical"};
        static const char *const vocs[] = {"pharmaceutical"};
        struct policy_pack *p = make_pack();
        for (size_t i = 0; i < p->nparams; i++) {
                struct policy_param *pp = &p->params[i];
                struct policy_value *v = &pp->values[0];
                bool pollutants = strcmp(pp->name, "m1.emission_pollutants") == 0;
                if (!pollutants && strcmp(pp->name, "m1.industries") != 0)
                        continue;
                for (size_t k = 0; k < v->nlist; k++)
                        free(v->list[k]);
                free(v->list);
                v->list = pollutants ? list_of(three, 3) : list_of(scope, 2);
                v->nlist = pollutants ? 3 : 2;
        }
        add_list(p, "m1.emission_pollutants_vocs_industries", vocs, 1);
        return p;
}

static void test_pollutants_per_industry(void **state)
{
        (void)state;
        struct policy_pack *p = vocs_pack();
        /* Each emits 0.25 t of each of the four pollutants and pays 300 yuan: steel sums three
         * (400 yuan/t), pharmaceuticals four (300 yuan/t). VOCs not reported matter only where
         * they are summed. */
        struct incentive_subject s[4] = {
            subj("S1", STEEL, "C", Y(30000), NONE, NONE, T(250000), T(250000), T(250000),
                 T(250000)),
            subj("P1", PHARMA, "C", Y(30000), NONE, NONE, T(250000), T(250000), T(250000),
                 T(250000)),
            subj("S2", STEEL, "C", Y(30000), NONE, NONE, T(250000), T(250000), T(250000), NONE),
            subj("P2", PHARMA, "C", Y(30000), NONE, NONE, T(250000), T(250000), T(250000), NONE),
        };
        struct incentive_eval *ev = eval(p, s, 4, NULL, 0);
        assert_false(incentive_eval_pollutant_counted(ev, STEEL, POLLUTANT_VOCS));
        assert_true(incentive_eval_pollutant_counted(ev, STEEL, POLLUTANT_PM));
        assert_true(incentive_eval_pollutant_counted(ev, PHARMA, POLLUTANT_VOCS));
        assert_false(incentive_eval_pollutant_counted(ev, -1, POLLUTANT_VOCS));
        struct incentive_result r;
        incentive_eval_result(ev, 0, 2025, &r);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].value, "400.00");
        assert_true(explained(&r, "以二氧化硫、氮氧化物、颗粒物排放量之和为分母"));
        assert_true(explained(&r, "本行业不在参数 m1.emission_pollutants_vocs_industries = "
                                  "pharmaceutical（自 2022-01-01 起）中，不计挥发性有机物"));
        assert_true(explained(&r, "（二氧化硫 0.25 + 氮氧化物 0.25 + 颗粒物 0.25；"
                                  "m1.emission_pollutants，自 2022-01-01 起）= 400.00 元/吨"));
        assert_false(explained(&r, "假设"));
        incentive_eval_result(ev, 1, 2025, &r);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].value, "300.00");
        assert_true(explained(&r, "以二氧化硫、氮氧化物、颗粒物、挥发性有机物排放量之和为分母"));
        assert_true(explained(&r, "本行业列于参数 m1.emission_pollutants_vocs_industries = "
                                  "pharmaceutical（自 2022-01-01 起），另加挥发性有机物"));
        assert_true(explained(&r, "挥发性有机物 0.25；m1.emission_pollutants，自 2022-01-01 起；"
                                  "m1.emission_pollutants_vocs_industries，自 2022-01-01 起）"));
        incentive_eval_result(ev, 2, 2025, &r);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].status, INCENTIVE_VALUE_OK);
        incentive_eval_result(ev, 3, 2025, &r);
        assert_int_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].status,
                         INCENTIVE_VALUE_MISSING_DENOMINATOR);
        assert_true(explained(&r, "挥发性有机物排放量未填报"));
        /* the peer averages: steel over S1 and S2 (three pollutants), pharmaceuticals over P1 */
        assert_int_equal(incentive_eval_average(ev, STEEL, INCENTIVE_TAX_PER_TONNE)->peers, 2);
        assert_int_equal(incentive_eval_average(ev, PHARMA, INCENTIVE_TAX_PER_TONNE)->peers, 1);
        incentive_eval_free(ev);

        /* The shipped reading: VOCs already in m1.emission_pollutants, for every industry. */
        policy_pack_free(p);
        p = make_pack();
        ev = eval(p, s, 1, NULL, 0);
        incentive_eval_result(ev, 0, 2025, &r);
        assert_string_equal(r.metrics[INCENTIVE_TAX_PER_TONNE].value, "300.00");
        assert_true(explained(&r, "各行业同此（政策包在评价日未设参数 "
                                  "m1.emission_pollutants_vocs_industries）"));
        incentive_eval_free(ev);
        policy_pack_free(p);
}

static void test_pollutants_unknown_industry(void **state)
{
        (void)state;
        static const char *const bad[] = {"shipyard"};
        struct policy_pack *p = make_pack();
        add_list(p, "m1.emission_pollutants_vocs_industries", bad, 1);
        struct incentive_eval *ev = NULL;
        struct gl_error err = {0};
        assert_int_equal(
            incentive_evaluate(p, date_from_ymd(2026, 1, 1), NULL, 0, NULL, 0, &ev, &err),
            GL_EINVAL);
        assert_null(ev);
        assert_string_equal(err.field, "m1.emission_pollutants_vocs_industries");
        assert_non_null(strstr(err.message, "shipyard"));
        policy_pack_free(p);
}

static void test_missing_parameter(void **state)
{
        (void)state;
        struct policy_pack *p = make_pack();
        free(p->params[1].name);
        p->params[1].name = strdup("m1.renamed");
        struct incentive_eval *ev = NULL;
        struct gl_error err = {0};
        assert_int_equal(
            incentive_evaluate(p, date_from_ymd(2026, 1, 1), NULL, 0, NULL, 0, &ev, &err),
            GL_EINVAL);
        assert_null(ev);
        assert_string_equal(err.field, "m1.key_margin_percent");
        policy_pack_free(p);
}

static void test_wide_products(void **state)
{
        (void)state;
        incentive_u128 big = ~(incentive_u128)0;
        uint64_t m = UINT64_MAX;
        assert_int_equal(incentive_cmp_products(m, big, m, big, m, m), 0);
        assert_true(incentive_cmp_products(m, big, m - 1, big, m, m) < 0);
        assert_true(incentive_cmp_products(m, big, m, big - 1, m, m) > 0);
        assert_true(incentive_cmp_products(3, 4, 5, 2, 6, 5) == 0);
        assert_true(incentive_cmp_products(3, 4, 5, 2, 6, 6) < 0);
        /* figures near the int64 limit against an average of huge sums */
        struct policy_pack *p = make_pack();
        struct incentive_subject s[2] = {
            subj("S1", STEEL, "C", INT64_MAX, NONE, NONE, INT64_MAX, INT64_MAX, INT64_MAX,
                 INT64_MAX),
            subj("S2", STEEL, "C", INT64_MAX / 2, NONE, NONE, INT64_MAX, INT64_MAX, INT64_MAX,
                 INT64_MAX),
        };
        struct incentive_eval *ev = eval(p, s, 2, NULL, 0);
        /* S1 is 4/3 of the average, S2 is 2/3 */
        assert_int_equal(incentive_eval_outcome(ev, 0)->tier, INCENTIVE_TIER_KEY);
        assert_int_equal(incentive_eval_outcome(ev, 1)->tier, INCENTIVE_TIER_NONE);
        incentive_eval_free(ev);
        policy_pack_free(p);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_tax_bounds),
            cmocka_unit_test(test_rd_bounds),
            cmocka_unit_test(test_either_metric_suffices),
            cmocka_unit_test(test_decimal_tonnes_exact),
            cmocka_unit_test(test_zero_and_missing),
            cmocka_unit_test(test_official_average_wins),
            cmocka_unit_test(test_ladder_ends),
            cmocka_unit_test(test_scope),
            cmocka_unit_test(test_margin_override),
            cmocka_unit_test(test_what_if_marks),
            cmocka_unit_test(test_pollutants_per_industry),
            cmocka_unit_test(test_pollutants_unknown_industry),
            cmocka_unit_test(test_missing_parameter),
            cmocka_unit_test(test_wide_products),
        };
        return cmocka_run_group_tests(tests, NULL, NULL);
}

/*
 * Unit tests of measure 3's rule (core/m3_control.c, 三个禁用) against the shipped pack: the
 * window's first and last days and the days just outside them, a measure spanning either end,
 * each kind, a unit the bans do not reach (an enterprise that discharges no air pollutants, a
 * finished site), every exception — an alert that covers every day and asks as much, one day
 * uncovered, an alert that asks less than proposed, a listed site, a yellow alert that only keeps
 * trucks off the road; a malicious measure-2 case of the same party, of another party, withdrawn,
 * exempted, not malicious, unknown; a major risk with and without its evidence — and the refusal's
 * words: measure 3, its two clauses, what would allow the measure. The alert facts are hand-made
 * arrays of struct m3_alert_day. Expected outcomes are written here from the measure, not read
 * from the code.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "core/date.h"
#include "core/m3_control.h"
#include "core/policy.h"
#include "io/policy_json.h"

#define AIR_EMITTER "91130131M10000012G"
#define BUILDER "91130131M100000398"
#define OTHER_PARTY "91130131M10000020B"

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

static struct m3_unit enterprise(bool air)
{
        return (struct m3_unit){
            .name = "甲铸造", .township = "平山镇", .party_uscc = AIR_EMITTER, .air_emitter = air};
}

static struct m3_unit site(bool building, bool listed)
{
        return (struct m3_unit){.site = true,
                                .name = "平山县第二中学教学楼",
                                .township = "温塘镇",
                                .party_uscc = BUILDER,
                                .under_construction = building,
                                .listed = listed};
}

/* Up to 200 days of alert facts; no alert unless set. */
struct days {
        struct m3_alert_day d[200];
};

/* A request for kind on unit from..to, with the alert days of the window from days (NULL: no
 * alert on any day). */
static struct m3_request request(enum m3_kind kind, struct m3_unit unit, const char *from,
                                 const char *to, const struct days *days)
{
        static const struct days none;
        struct m3_request r = {.kind = kind, .from = day(from), .to = day(to), .unit = unit};
        gl_date wf, wt;
        struct gl_error err = {0};
        assert_int_equal(
            m3_window_days(pack, r.from, r.to, &r.alert_from, &r.ndays, &wf, &wt, &err), GL_OK);
        assert_true(r.ndays <= 200);
        r.days = days ? days->d : none.d;
        return r;
}

static struct m3_decision decide_in(const struct policy_pack *p, const struct m3_request *r)
{
        struct m3_decision d;
        struct gl_error err = {0};
        int rc = m3_decide(p, r, &d, &err);
        if (rc != GL_OK)
                fail_msg("m3_decide: %s", err.message);
        return d;
}

static struct m3_decision decide(const struct m3_request *r)
{
        return decide_in(pack, r);
}

static bool says(const struct m3_decision *d, const char *needle)
{
        for (size_t i = 0; i < d->nlines; i++)
                if (strstr(d->lines[i], needle))
                        return true;
        return false;
}

static void print_lines(const struct m3_decision *d)
{
        for (size_t i = 0; i < d->nlines; i++)
                printf("# %s\n", d->lines[i]);
}

static void assert_says(const struct m3_decision *d, const char *needle)
{
        if (!says(d, needle)) {
                print_lines(d);
                fail_msg("the explanation does not say \"%s\"", needle);
        }
}

/* An alert day: level, what it asks, its row. */
static struct m3_alert_day alert(int level, bool halted, bool limited, int percent, bool listed,
                                 const char *row)
{
        struct m3_alert_day a = {.in_alert = true,
                                 .alert_id = 7,
                                 .alert_version = 2,
                                 .level = level,
                                 .halted = halted,
                                 .production_limited = limited,
                                 .limit_percent = percent,
                                 .listed_site = listed};
        snprintf(a.row, sizeof(a.row), "%s", row);
        return a;
}

static void fill(struct days *d, size_t n, struct m3_alert_day a)
{
        for (size_t i = 0; i < n; i++)
                d->d[i] = a;
}

/* ---- the window ---- */

static void test_window_boundaries(void **state)
{
        (void)state;
        static const struct {
                const char *on;
                enum m3_outcome outcome;
                enum m3_ground ground;
        } table[] = {
            {"2022-03-31", M3_ALLOWED, M3_GROUND_OUTSIDE},
            {"2022-04-01", M3_REFUSED, M3_GROUND_NONE},
            {"2022-06-15", M3_REFUSED, M3_GROUND_NONE},
            {"2022-09-30", M3_REFUSED, M3_GROUND_NONE},
            {"2022-10-01", M3_ALLOWED, M3_GROUND_OUTSIDE},
        };
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                struct m3_request r =
                    request(M3_HALT_PRODUCTION, enterprise(true), table[i].on, table[i].on, NULL);
                struct m3_decision d = decide(&r);
                if (d.outcome != table[i].outcome || d.ground != table[i].ground) {
                        print_lines(&d);
                        fail_msg("%s: outcome %d ground %d", table[i].on, d.outcome, d.ground);
                }
                assert_int_equal(d.window_from, day("2022-04-01"));
                assert_int_equal(d.window_to, day("2022-09-30"));
                assert_says(&d, "m3.window_from");
        }
}

static void test_spanning_the_end(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-09-28", "2022-10-03", NULL);
        assert_int_equal(r.ndays, 3);
        assert_int_equal(r.alert_from, day("2022-09-28"));
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_int_equal(d.days_in_window, 3);
        assert_says(&d, "2022-09-28 至 2022-09-30");
        assert_says(&d, "m3.window_rule");
        assert_says(&d, "解读");
        /* The days inside, each halted by an alert: the days after the window need nothing. */
        struct days days = {0};
        fill(&days, 3, alert(3, true, false, 0, false, "C级 红色：停产"));
        r = request(M3_HALT_PRODUCTION, enterprise(true), "2022-09-28", "2022-10-03", &days);
        d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_ALERT);
}

static void test_spanning_the_start(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_RESTRICT_PRODUCTION, enterprise(true), "2022-03-25", "2022-04-02", NULL);
        assert_int_equal(r.ndays, 2);
        assert_int_equal(r.alert_from, day("2022-04-01"));
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "2022-04-01 至 2022-04-02");
}

static void test_to_before_from(void **state)
{
        (void)state;
        gl_date first, wf, wt;
        size_t n;
        struct gl_error err = {0};
        assert_int_equal(
            m3_window_days(pack, day("2022-06-02"), day("2022-06-01"), &first, &n, &wf, &wt, &err),
            GL_EINVAL);
        assert_string_equal(err.field, "to");
        /* Alert days that do not match the window are refused. */
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", NULL);
        r.ndays = 2;
        struct m3_decision d;
        assert_int_equal(m3_decide(pack, &r, &d, &err), GL_EINVAL);
}

/* ---- the kinds and the units ---- */

static void test_each_kind(void **state)
{
        (void)state;
        static const struct {
                enum m3_kind kind;
                bool site;
                enum m3_outcome outcome;
                enum m3_ground ground;
        } table[] = {
            {M3_RESTRICT_PRODUCTION, false, M3_REFUSED, M3_GROUND_NONE},
            {M3_HALT_PRODUCTION, false, M3_REFUSED, M3_GROUND_NONE},
            {M3_STOP_WORK, true, M3_REFUSED, M3_GROUND_NONE},
            {M3_OTHER, false, M3_ALLOWED, M3_GROUND_NOT_BANNED},
            {M3_OTHER, true, M3_ALLOWED, M3_GROUND_NOT_BANNED},
        };
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                struct m3_request r =
                    request(table[i].kind, table[i].site ? site(true, false) : enterprise(true),
                            "2022-06-01", "2022-06-10", NULL);
                struct m3_decision d = decide(&r);
                assert_int_equal(d.outcome, table[i].outcome);
                assert_int_equal(d.ground, table[i].ground);
                assert_int_equal(d.banned_kind, table[i].kind != M3_OTHER);
        }
        struct m3_request r = request(M3_OTHER, enterprise(true), "2022-06-01", "2022-06-10", NULL);
        r.other_label = "边生产边整改";
        struct m3_decision d = decide(&r);
        assert_says(&d, "边生产边整改");
        assert_says(&d, "m3.banned_measures");
        assert_string_equal(m3_kind_name(M3_STOP_WORK), "stop_work");
        assert_int_equal(m3_kind_from_name("halt_production"), M3_HALT_PRODUCTION);
        assert_int_equal(m3_kind_from_name("close_down"), -1);
        assert_string_equal(m3_kind_label_zh(M3_RESTRICT_PRODUCTION), "限产");
}

static void test_not_an_air_emitter(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(false), "2022-06-01", "2022-06-10", NULL);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_NOT_REACHED);
        assert_false(d.reached);
        assert_says(&d, "不排放涉气污染物");
        assert_says(&d, "m3.applies_to");
}

static void test_finished_site(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_STOP_WORK, site(false, false), "2022-06-01", "2022-06-10", NULL);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_NOT_REACHED);
        assert_says(&d, "已完工");
        assert_says(&d, "m3.site_reach");
        r = request(M3_STOP_WORK, site(true, false), "2022-06-01", "2022-06-10", NULL);
        d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "在建");
}

/* ---- alerts ---- */

static void test_alert_every_day(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 5, alert(3, true, false, 0, false, "C级 红色：停产"));
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-05", &days);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_ALERT);
        assert_string_equal(m3_ground_exception(d.ground), "alert");
        assert_says(&d, "2022-06-01 至 2022-06-05：红色预警（预警 7 第 2 版）覆盖平山镇");
        assert_says(&d, "m3.alert_rule");
        assert_says(&d, "m3.lifted_during_alert");
        /* A halt covers a restriction too. */
        r = request(M3_RESTRICT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-05", &days);
        assert_int_equal(decide(&r).ground, M3_GROUND_ALERT);
}

static void test_alert_one_day_uncovered(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 5, alert(2, true, false, 0, false, "C级 橙色：停产"));
        days.d[3] = (struct m3_alert_day){0}; /* 2022-06-04 */
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-05", &days);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "2022-06-01 至 2022-06-03：橙色预警");
        assert_says(&d, "2022-06-04：无覆盖平山镇的重污染天气应急预警");
        assert_says(&d, "2022-06-05：橙色预警");
        assert_says(&d, "只在预警当日要求该企业停产的日子采取");
}

static void test_alert_asks_less(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 3, alert(2, false, true, 20, false, "B级 橙色：限产20%"));
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", &days);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "B级 橙色：限产20%（限产 20%）");
        assert_says(&d, "低于拟采取的停产");
        /* The same alert allows a restriction. */
        r = request(M3_RESTRICT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", &days);
        d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_ALERT);
        assert_says(&d, "不低于拟采取的限产");
        /* Processes stopped, no percentage: a restriction too. */
        fill(&days, 3, alert(2, false, true, 0, false, "B级钢铁 橙色：停烧结"));
        r = request(M3_RESTRICT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", &days);
        assert_int_equal(decide(&r).outcome, M3_ALLOWED);
}

static void test_yellow_trucks_only(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 2, alert(1, false, false, 0, false, "B级 黄色：国四及以下重型货车禁运"));
        struct m3_request r =
            request(M3_RESTRICT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-02", &days);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "黄色预警");
        assert_says(&d, "不限产、不停产");
        assert_says(&d, "低于拟采取的限产");
}

static void test_listed_site_never_stops(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 2, alert(3, true, true, 0, true, "正面清单工地 红色"));
        struct m3_request r =
            request(M3_STOP_WORK, site(true, true), "2022-06-01", "2022-06-02", &days);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "正面清单工地，仅停止土石方作业、建筑拆除、喷涂粉刷、护坡喷浆");
        assert_says(&d, "正面清单上");
        /* A site not listed that the alert stops altogether. */
        fill(&days, 2, alert(3, true, false, 0, false, "一般工地 红色：停止施工"));
        r = request(M3_STOP_WORK, site(true, false), "2022-06-01", "2022-06-02", &days);
        d = decide(&r);
        assert_int_equal(d.outcome, M3_ALLOWED);
        assert_int_equal(d.ground, M3_GROUND_ALERT);
        assert_says(&d, "全部停工");
        /* No halt of an enterprise's production by an alert stops a site's work, nor the other
         * way round. */
        struct m3_alert_day a = alert(3, true, false, 0, false, "");
        assert_false(m3_alert_asks_enough(M3_HALT_PRODUCTION, true, &a));
        assert_false(m3_alert_asks_enough(M3_STOP_WORK, false, &a));
        assert_true(m3_alert_asks_enough(M3_STOP_WORK, true, &a));
}

static void test_alert_not_lifting(void **state)
{
        (void)state;
        struct policy_pack *p = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_load_default(&p, &err), GL_OK);
        assert_int_equal(policy_pack_override(p, "m3.lifted_during_alert", "0", &err), GL_OK);
        struct days days = {0};
        fill(&days, 3, alert(3, true, false, 0, false, "红色：停产"));
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", &days);
        struct m3_decision d = decide_in(p, &r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "m3.lifted_during_alert 为 0");
        policy_pack_free(p);
}

/* ---- malicious violations ---- */

static struct m3_case_fact m2_case(const char *party, bool malicious, enum m3_case_status s)
{
        return (struct m3_case_fact){.id = 12,
                                     .found = true,
                                     .number = "平环立〔2022〕3号",
                                     .party_uscc = party,
                                     .malicious = malicious,
                                     .status = s};
}

static void test_malicious_cases(void **state)
{
        (void)state;
        static const struct {
                const char *what;
                const char *party;
                bool malicious, found;
                enum m3_case_status status;
                enum m3_outcome outcome;
                const char *says;
        } table[] = {
            {"open, same party", AIR_EMITTER, true, true, M3_CASE_OPEN, M3_ALLOWED, "办理中"},
            {"referred", AIR_EMITTER, true, true, M3_CASE_REFERRED, M3_ALLOWED,
             "已移送一般程序处罚"},
            {"another party's", OTHER_PARTY, true, true, M3_CASE_REFERRED, M3_REFUSED,
             "不是本管控对象"},
            {"withdrawn", AIR_EMITTER, true, true, M3_CASE_WITHDRAWN, M3_REFUSED, "已撤销"},
            {"exempted", AIR_EMITTER, true, true, M3_CASE_EXEMPT, M3_REFUSED, "已免予处罚"},
            {"not malicious", AIR_EMITTER, false, true, M3_CASE_REFERRED, M3_REFUSED,
             "未记录恶意违法"},
            {"no such case", AIR_EMITTER, true, false, M3_CASE_OPEN, M3_REFUSED, "不存在"},
        };
        for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
                struct m3_case_fact c =
                    m2_case(table[i].party, table[i].malicious, table[i].status);
                c.found = table[i].found;
                struct m3_request r =
                    request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-20", "2022-07-05", NULL);
                r.malicious = &c;
                struct m3_decision d = decide(&r);
                if (d.outcome != table[i].outcome || !says(&d, table[i].says)) {
                        print_lines(&d);
                        fail_msg("%s: outcome %d", table[i].what, d.outcome);
                }
                if (d.outcome == M3_ALLOWED) {
                        assert_int_equal(d.ground, M3_GROUND_MALICIOUS);
                        assert_says(&d, "m3.malicious_cases");
                        assert_says(&d, "解读");
                }
        }
}

static void test_malicious_case_of_a_sites_builder(void **state)
{
        (void)state;
        struct m3_case_fact c = m2_case(BUILDER, true, M3_CASE_OPEN);
        struct m3_request r =
            request(M3_STOP_WORK, site(true, false), "2022-06-20", "2022-06-25", NULL);
        r.malicious = &c;
        assert_int_equal(decide(&r).ground, M3_GROUND_MALICIOUS);
        c.party_uscc = AIR_EMITTER;
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "的建设单位");
}

static void test_malicious_referred_only(void **state)
{
        (void)state;
        struct policy_pack *p = NULL;
        struct gl_error err = {0};
        assert_int_equal(policy_pack_load_default(&p, &err), GL_OK);
        assert_int_equal(policy_pack_override(p, "m3.malicious_cases", "referred", &err), GL_OK);
        struct m3_case_fact c = m2_case(AIR_EMITTER, true, M3_CASE_OPEN);
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-20", "2022-07-05", NULL);
        r.malicious = &c;
        assert_int_equal(decide_in(p, &r).outcome, M3_REFUSED);
        c.status = M3_CASE_REFERRED;
        assert_int_equal(decide_in(p, &r).outcome, M3_ALLOWED);
        /* A reading this program does not implement is refused, naming it. */
        assert_int_equal(policy_pack_override(p, "m3.malicious_cases", "any", &err), GL_OK);
        struct m3_decision d;
        assert_int_equal(m3_decide(p, &r, &d, &err), GL_EINVAL);
        assert_string_equal(err.field, "m3.malicious_cases");
        policy_pack_free(p);
}

/* ---- major risks ---- */

static void test_major_risk(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-07-01", "2022-07-15", NULL);
        r.major_risk = "脱硫塔腐蚀穿孔，存在氨水储罐泄漏风险";
        r.evidence = 0;
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_says(&d, "未附证据材料");
        r.evidence = 2;
        d = decide(&r);
        assert_int_equal(d.outcome, M3_AWAITS_APPROVAL);
        assert_int_equal(d.ground, M3_GROUND_MAJOR_RISK);
        assert_string_equal(m3_ground_exception(d.ground), "major_risk");
        assert_says(&d, "附证据材料 2 份");
        assert_says(&d, "m3.major_risk_approved_by");
        assert_says(&d, "分局领导");
}

static void test_an_alert_comes_first(void **state)
{
        (void)state;
        struct days days = {0};
        fill(&days, 3, alert(3, true, false, 0, false, "红色：停产"));
        struct m3_case_fact c = m2_case(AIR_EMITTER, true, M3_CASE_OPEN);
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", &days);
        r.malicious = &c;
        r.major_risk = "风险";
        r.evidence = 1;
        assert_int_equal(decide(&r).ground, M3_GROUND_ALERT);
        /* Without the alert, the malicious case before the major risk. */
        r = request(M3_HALT_PRODUCTION, enterprise(true), "2022-06-01", "2022-06-03", NULL);
        r.malicious = &c;
        r.major_risk = "风险";
        r.evidence = 1;
        assert_int_equal(decide(&r).ground, M3_GROUND_MALICIOUS);
}

/* ---- the refusal ---- */

static void test_refusal_words(void **state)
{
        (void)state;
        struct m3_request r =
            request(M3_HALT_PRODUCTION, enterprise(true), "2022-05-10", "2022-05-20", NULL);
        struct m3_decision d = decide(&r);
        assert_int_equal(d.outcome, M3_REFUSED);
        assert_string_equal(m3_outcome_name(d.outcome), "refused");
        assert_string_equal(m3_ground_name(d.ground), "none");
        assert_says(&d, "不得采取停产：措施三“三个禁用”");
        assert_says(&d, "除恶意违法和存在重大环境风险隐患情况外");
        assert_says(&d, "禁用限产、停产、停工手段");
        assert_says(&d, "在非企业重污染天气应急预警时");
        assert_says(&d, "可以采取的途径");
        assert_says(&d, "边生产边整改");
        assert_says(&d, "恶意违法的措施二执法案件");
        assert_says(&d, "报分局领导批准");
        assert_says(&d, "2022-10-01 起");
        assert_says(&d, "企业“甲铸造”（" AIR_EMITTER "，平山镇）");
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_window_boundaries),
            cmocka_unit_test(test_spanning_the_end),
            cmocka_unit_test(test_spanning_the_start),
            cmocka_unit_test(test_to_before_from),
            cmocka_unit_test(test_each_kind),
            cmocka_unit_test(test_not_an_air_emitter),
            cmocka_unit_test(test_finished_site),
            cmocka_unit_test(test_alert_every_day),
            cmocka_unit_test(test_alert_one_day_uncovered),
            cmocka_unit_test(test_alert_asks_less),
            cmocka_unit_test(test_yellow_trucks_only),
            cmocka_unit_test(test_listed_site_never_stops),
            cmocka_unit_test(test_alert_not_lifting),
            cmocka_unit_test(test_malicious_cases),
            cmocka_unit_test(test_malicious_case_of_a_sites_builder),
            cmocka_unit_test(test_malicious_referred_only),
            cmocka_unit_test(test_major_risk),
            cmocka_unit_test(test_an_alert_comes_first),
            cmocka_unit_test(test_refusal_words),
        };
        return cmocka_run_group_tests(tests, setup, teardown);
}

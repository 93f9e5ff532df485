/*
 * Enforcement cases for the demo county (measure 2): a few air emitters of the registry, one
 * unit outside it, and the enterprise of the demo's first clerk, each case walked through the
 * procedure "m2.enforcement" by the demo's officers (王建国 files and orders, 刘文静 reviews,
 * 赵国强 decides) to a different state. Three closed cases are dated in the measure's window
 * (2022 Q2–Q3): a minor violation exempted, a first violation exempted, a malicious one referred.
 * The open ones are dated back from today, when art. 33 alone applies, so that every state of
 * the procedure has a case on the workbench. Every step goes through app_case_open and
 * app_case_step, checked and audited like any other.
 */
#include "enforcement.h"

#include "../core/calendar.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"
#include "case.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static struct actor officer(enum role r)
{
        struct actor a = {0};
        a.role = r;
        snprintf(a.name, sizeof(a.name), "%s",
                 r == ROLE_COUNTY_OFFICER ? "xianju"
                 : r == ROLE_COUNTY_LEGAL ? "fazhi"
                                          : "lingdao");
        return a;
}

/* What one demo case is: its party, violation, circumstances, and how far it goes. */
struct demo_case {
        const char *violation;
        const char *facts;
        const char *harm;
        const char *minor;
        const char *malicious;
        const char *until; /* the last action taken */
        bool in_window;    /* dated in 2022's window rather than back from today */
};

static const struct demo_case cases[] = {
    {"dust_control", "原料堆场约 300 平方米未苫盖，场内道路未洒水抑尘", "none", "yes", "no",
     "collective_exempt", true},
    {"facilities_not_running", "布袋除尘器一个仓室滤袋破损，未及时更换，排放口颗粒物浓度未超标",
     "minor", "no", "no", "collective_exempt", true},
    {"monitoring_not_running", "故意篡改在线监测设备参数，致颗粒物监测数据失真", "serious", "no",
     "yes", "refer", true},
    {"vocs_control", "喷涂工序废气收集设施未开启", "minor", "no", "no", "file", false},
    {"hazardous_waste", "废机油桶露天存放，未设置危险废物识别标志", "none", "yes", "no",
     "investigate", false},
    {"information_disclosure", "未按规定在厂区公开自行监测信息", "none", "yes", "no", "issue_order",
     false},
    {"dust_control", "厂区道路积尘，运输车辆未苫盖", "none", "yes", "no", "sign_commitment", false},
    {"permit_breach", "未按排污许可证要求开展自行监测", "minor", "yes", "no", "verify_correction",
     false},
    {"emergency_plan", "突发环境事件应急预案未备案", "none", "yes", "no", "propose_exemption",
     false},
    {"solid_waste", "一般工业固体废物贮存场所未采取防扬散措施", "minor", "no", "no", "legal_pass",
     false},
    {"exceed_standard", "颗粒物排放浓度超过排放标准限值", "minor", "no", "no", "propose_referral",
     false},
};

static const char *const walk[] = {"file",
                                   "investigate",
                                   "issue_order",
                                   "sign_commitment",
                                   "verify_correction",
                                   "propose_exemption",
                                   "legal_pass",
                                   "collective_exempt"};

struct pick {
        char uscc[8][19];
        size_t n;
};

static int pick_air_emitter(const struct enterprise *e, void *p)
{
        struct pick *k = p;
        if (e->air_emitter && k->n < GL_ARRAY_LEN(k->uscc))
                snprintf(k->uscc[k->n++], sizeof(k->uscc[0]), "%s", e->uscc);
        return k->n == GL_ARRAY_LEN(k->uscc);
}

/* A scan for the signed letter of commitment: a small text file stands for it. */
static const unsigned char scan[] = "承诺书（签字版）扫描件 — 演示";

static int step(struct app *app, int64_t id, enum role r, const char *action, gl_date on,
                const struct case_field *fields, size_t nfields, const char *reason,
                const struct case_document_input *docs, size_t ndocs, struct gl_error *err)
{
        struct actor a = officer(r);
        struct case_step_input in = {.action = action,
                                     .reason = reason,
                                     .fields = fields,
                                     .nfields = nfields,
                                     .docs = docs,
                                     .ndocs = ndocs,
                                     .today = on};
        return app_case_step(app, &a, id, &in, err);
}

static int walk_case(struct app *app, const struct demo_case *d, const char *uscc,
                     const char *outside_name, gl_date start, struct gl_error *err)
{
        char found[11], by[11], corrected[11], meeting[11];
        date_format_iso(start, found);
        date_format_iso(start + 10, by);
        date_format_iso(start + 3, corrected);
        date_format_iso(start + 7, meeting);
        struct case_field open_fields[] = {
            {"violation_type", d->violation},
            {"found_on", found},
            {"officers", "王建国、李强"},
            {"facts", d->facts},
            {"harm", d->harm},
            {"minor", d->minor},
            {"malicious", d->malicious},
            {"subject_name", outside_name},
        };
        struct actor a = officer(ROLE_COUNTY_OFFICER);
        struct case_step_input in = {.action = "file",
                                     .fields = open_fields,
                                     .nfields = GL_ARRAY_LEN(open_fields) - (outside_name ? 0 : 1),
                                     .today = start};
        int64_t id = 0;
        int rc = app_case_open(app, &a, "m2.enforcement", uscc, &in, &id, err);
        /* A referral takes the place of the exemption's proposal. */
        bool refer = strcmp(d->until, "refer") == 0 || strcmp(d->until, "propose_referral") == 0;
        for (size_t i = 1; rc == GL_OK && strcmp(d->until, "file") != 0 && i < GL_ARRAY_LEN(walk);
             i++) {
                const char *action = walk[i];
                if (refer && i == 5)
                        action = d->until;
                gl_date on = start + (gl_date)i;
                if (strcmp(action, "investigate") == 0) {
                        struct case_field f[] = {{"findings", "经现场检查和询问，违法事实清楚"}};
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, f, 1, NULL, NULL, 0,
                                  err);
                } else if (strcmp(action, "issue_order") == 0) {
                        struct case_field f[] = {
                            {"correction_mode", "by_date"},
                            {"correct_by", by},
                            {"legal_basis", "《中华人民共和国大气污染防治法》等有关规定"},
                            {"correction", "立即采取措施改正上述违法行为，并落实长效管理"}};
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, f, 4, NULL, NULL, 0,
                                  err);
                } else if (strcmp(action, "sign_commitment") == 0) {
                        struct case_document_input doc = {"承诺书（签字版）", "commitment.txt",
                                                          scan, sizeof(scan) - 1};
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, NULL, 0, NULL, &doc, 1,
                                  err);
                } else if (strcmp(action, "verify_correction") == 0) {
                        struct case_field f[] = {{"corrected", "yes"}, {"corrected_on", corrected}};
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, f, 2,
                                  "现场复查，已按要求整改到位", NULL, 0, err);
                } else if (strcmp(action, "refer") == 0) {
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, NULL, 0,
                                  "恶意违法，不适用包容性执法，移送一般程序依法处罚", NULL, 0, err);
                } else if (strcmp(action, "propose_referral") == 0) {
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, NULL, 0,
                                  "超标排放，拟移送一般程序，报法制审核", NULL, 0, err);
                } else if (strcmp(action, "propose_exemption") == 0) {
                        struct case_field f[] = {{"recommendation", "建议免予行政处罚"}};
                        rc = step(app, id, ROLE_COUNTY_OFFICER, action, on, f, 1,
                                  "符合《行政处罚法》第三十三条规定的情形，已及时改正", NULL, 0,
                                  err);
                } else if (strcmp(action, "legal_pass") == 0) {
                        rc = step(app, id, ROLE_COUNTY_LEGAL, action, on, NULL, 0,
                                  "事实清楚，依据充分，同意免罚建议", NULL, 0, err);
                } else {
                        struct case_field f[] = {
                            {"meeting_on", meeting},
                            {"members", "赵国强、王建国、刘文静"},
                            {"education", "当场对当事人进行了生态环境法律法规宣传教育"}};
                        rc =
                            step(app, id, ROLE_COUNTY_LEADER, action, on, f, 3, NULL, NULL, 0, err);
                }
                if (strcmp(action, d->until) == 0)
                        break;
        }
        return rc;
}

int app_demo_enforcement(struct app *app, const struct actor *who, const char *clerk_uscc,
                         gl_date today, int64_t *made, struct gl_error *err)
{
        if (made)
                *made = 0;
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "role", "只有系统或管理员可生成演示数据");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM m2_cases", &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取执法案件失败: %s", db_errmsg(app->db));
        if (existing > 0)
                return GL_OK;
        struct pick k = {0};
        struct enterprise_query q = {0};
        if (enterprise_store_list(app->db, &q, pick_air_emitter, &k, NULL) < 0)
                return gl_fail(err, GL_EDB, "", "读取企业失败: %s", db_errmsg(app->db));
        if (k.n == 0)
                return GL_OK;
        int rc = GL_OK;
        int64_t n = 0;
        for (size_t i = 0; rc == GL_OK && i < GL_ARRAY_LEN(cases); i++) {
                const struct demo_case *d = &cases[i];
                gl_date start = d->in_window ? (gl_date)(date_from_ymd(2022, 5, 9) + 20 * (int)i)
                                             : today - 40 + 2 * (gl_date)i;
                const char *uscc = k.uscc[i % k.n];
                const char *outside = NULL;
                if (i == 3) /* a unit outside the registry */
                        uscc = "92130131MA0DEM0PX0", outside = "平山县某某喷涂加工厂（个体）";
                if (i == 5 && clerk_uscc && clerk_uscc[0])
                        uscc = clerk_uscc; /* the demo clerk sees its own order */
                rc = walk_case(app, d, uscc, outside, start, err);
                n += rc == GL_OK;
        }
        if (made)
                *made = n;
        return rc;
}

/*
 * Control measures for the demo county (measure 3, 三个禁用), dated in 2022 and decided by the
 * demo's enforcement officer (王建国, xianju) through app_control_propose, checked and audited like
 * any other: intensified monitoring of the demo clerk's enterprise inside the window (closed at
 * the end of its term), a halt the bans refuse (nothing recorded), a halt of the party of the
 * demo's malicious enforcement case (referred in 2022), lifted once corrected, a halt for a major
 * environmental risk with its evidence waiting for the leader of the branch (赵国强, lingdao), and
 * a restriction after the window (closed at the end of its term). The end of a term is the step
 * the sweep would take ("finish", by the system), dated the day after.
 */
#include "control.h"

#include "../store/control_store.h"
#include "../store/enterprise_store.h"
#include "app_internal.h"
#include "case.h"

#include <stdio.h>
#include <string.h>

struct pick {
        char uscc[6][19];
        size_t n;
        const char *skip[2];
};

static int pick_air_emitter(const struct enterprise *e, void *p)
{
        struct pick *k = p;
        for (size_t i = 0; i < GL_ARRAY_LEN(k->skip); i++)
                if (k->skip[i] && strcmp(k->skip[i], e->uscc) == 0)
                        return 0;
        if (e->air_emitter && k->n < GL_ARRAY_LEN(k->uscc))
                snprintf(k->uscc[k->n++], sizeof(k->uscc[0]), "%s", e->uscc);
        return k->n == GL_ARRAY_LEN(k->uscc);
}

static gl_date d(int y, int m, int day)
{
        return date_from_ymd(y, m, day);
}

/* A record of the inspection standing for the evidence of the major risk. */
static const unsigned char evidence[] =
    "现场检查笔录（摘要）：脱硫塔浆液循环泵故障停运，氨水储罐区围堰破损，罐体底部锈蚀渗漏 — 演示";

struct demo_measure {
        const char *uscc;
        const char *kind, *other_kind;
        gl_date proposed, from, to;
        const char *reason;
        int64_t malicious_case;
        const char *major_risk;
};

static int propose(struct app *app, const struct demo_measure *m, int64_t *id,
                   enum m3_outcome *outcome, struct gl_error *err)
{
        struct actor officer = {.role = ROLE_COUNTY_OFFICER};
        snprintf(officer.name, sizeof(officer.name), "xianju");
        char from[11], to[11];
        struct case_document_input doc = {"风险隐患证据", "inspection-record.txt", evidence,
                                          sizeof(evidence) - 1};
        struct control_proposal p = {.uscc = m->uscc,
                                     .kind = m->kind,
                                     .other_kind = m->other_kind,
                                     .from = date_format_iso(m->from, from),
                                     .to = date_format_iso(m->to, to),
                                     .reason = m->reason,
                                     .malicious_case = m->malicious_case,
                                     .major_risk = m->major_risk,
                                     .docs = m->major_risk ? &doc : NULL,
                                     .ndocs = m->major_risk ? 1 : 0,
                                     .today = m->proposed};
        struct m3_decision decision;
        int rc = app_control_propose(app, &officer, &p, id, &decision, err);
        *outcome = decision.outcome;
        if (rc == GL_ESTATE && decision.outcome == M3_REFUSED) {
                gl_error_clear(err);
                *id = 0;
                return GL_OK;
        }
        return rc;
}

static int step(struct app *app, int64_t id, enum role role, const char *name, const char *action,
                gl_date on, const char *reason, struct gl_error *err)
{
        struct actor a = {.role = role};
        snprintf(a.name, sizeof(a.name), "%s", name);
        if (role == ROLE_SYSTEM)
                a = actor_system();
        struct case_step_input in = {.action = action, .reason = reason, .today = on};
        return app_case_step(app, &a, id, &in, err);
}

int app_demo_controls(struct app *app, const struct actor *who, const char *clerk_uscc,
                      struct demo_controls *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "role", "只有系统或管理员可生成演示数据");
        int64_t existing = 0, malicious = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM m3_controls", &existing) != GL_OK ||
            control_store_first_malicious(app->db, &malicious) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取管控措施失败: %s", db_errmsg(app->db));
        if (existing > 0)
                return GL_OK;
        struct m3_m2_case mc = {0};
        if (malicious > 0 && control_store_m2_case(app->db, malicious, &mc) != GL_OK)
                malicious = 0;
        struct pick k = {.skip = {clerk_uscc, malicious > 0 ? mc.party_uscc : NULL}};
        struct enterprise_query q = {0};
        if (enterprise_store_list(app->db, &q, pick_air_emitter, &k, NULL) < 0)
                return gl_fail(err, GL_EDB, "", "读取企业失败: %s", db_errmsg(app->db));
        if (k.n < 3)
                return GL_OK;
        const char *monitored = clerk_uscc && clerk_uscc[0] ? clerk_uscc : k.uscc[3 % k.n];
        const struct demo_measure measures[] = {
            {monitored, "other", "intensified_monitoring", d(2022, 6, 6), d(2022, 6, 8),
             d(2022, 7, 7),
             "在线监测颗粒物小时浓度多次接近排放限值：加密监测，边生产边整改，不停产", 0, NULL},
            {k.uscc[0], "halt_production", NULL, d(2022, 7, 8), d(2022, 7, 11), d(2022, 7, 20),
             "除尘设施运行不稳定，拟停产整改", 0, NULL},
            {malicious > 0 ? mc.party_uscc : NULL, "halt_production", NULL, d(2022, 7, 4),
             d(2022, 7, 5), d(2022, 8, 3),
             "故意篡改在线监测设备参数致监测数据失真，属恶意违法（措施二执法案件），停产整治",
             malicious, NULL},
            {k.uscc[1], "halt_production", NULL, d(2022, 8, 19), d(2022, 8, 22), d(2022, 9, 20),
             "氨水储罐区存在泄漏风险，停产消除隐患", 0,
             "脱硫塔浆液循环泵故障停运，氨水储罐区围堰破损，罐体底部锈蚀渗漏，存在泄漏风险"},
            {k.uscc[2], "restrict_production", NULL, d(2022, 10, 8), d(2022, 10, 10),
             d(2022, 10, 31), "挥发性有机物治理设施改造期间限产", 0, NULL},
        };
        int rc = GL_OK;
        for (size_t i = 0; rc == GL_OK && i < GL_ARRAY_LEN(measures); i++) {
                const struct demo_measure *m = &measures[i];
                if (m->uscc == NULL)
                        continue;
                int64_t id = 0;
                enum m3_outcome outcome = M3_REFUSED;
                rc = propose(app, m, &id, &outcome, err);
                if (rc != GL_OK)
                        break;
                if (id == 0) {
                        out->refused++;
                        continue;
                }
                out->controls++;
                out->awaiting += outcome == M3_AWAITS_APPROVAL;
                if (m->malicious_case > 0)
                        rc = step(app, id, ROLE_COUNTY_OFFICER, "xianju", "lift", d(2022, 7, 22),
                                  "在线监测设备经比对监测合格，整改到位，恢复生产", err);
                else if (outcome == M3_ALLOWED)
                        rc = step(app, id, ROLE_SYSTEM, "", "finish", m->to + 1, "管控期满，办结",
                                  err);
        }
        return rc;
}

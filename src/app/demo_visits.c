/*
 * Service visits for the demo county (visit.h's app_demo_visits): the roster and five visits of
 * 2022, the measure's window, each step taken by the actor of the role that takes it — the demo's
 * leader of the branch or the enterprise's clerk — through the ordinary use
 * cases (app/case.c, app/m5_visit.c), so that they are checked and audited like any other, and the
 * leader and the enterprises have visits to read and to answer.
 */
#include "../core/date.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "case.h"
#include "visit.h"

#include <stdio.h>
#include <string.h>

#define DEMO_LEADER "lingdao"

static const struct {
        const char *name, *unit, *phone;
        const char *specialities[2];
} roster[] = {
    {"李明", "石家庄市生态环境科学研究院", "0311-86001234", {"大气污染治理", "挥发性有机物"}},
    {"王芳", "河北省环境工程技术中心", "", {"除尘脱硫脱硝", NULL}},
    {"陈刚", "石家庄市生态环境监测中心", "0311-86005678", {"在线监测", "排污许可"}},
    {"刘洋", "河北科技大学环境科学与工程学院", "", {"清洁生产", "工业固体废物"}},
};

/* One visit: the days of its steps (0: not taken) and its texts. */
struct demo_visit {
        const char *plan_on, *planned_on, *team, *purpose;
        const char *record_on, *visited_on, *law, *policy, *technology, *problems, *advice,
            *follow_up;
        const char *feedback_on, *helped, *comment; /* the enterprise's */
        const char *unanswered_on;                  /* the leader closes it unanswered */
        const char *cancel_on, *note;
};

static const struct demo_visit visits[] = {
    /* closed: the enterprise says the help helped */
    {"2022-05-06", "2022-05-18", "1,2", "挥发性有机物无组织排放治理", "2022-05-19", "2022-05-18",
     "《中华人民共和国大气污染防治法》第四十五条\n《挥发性有机物无组织排放控制标准》（GB 37822）",
     "重污染天气重点行业绩效分级政策", "喷涂工序密闭收集与活性炭更换周期",
     "喷漆房局部未密闭，集气效率不足；活性炭更换台账不全",
     "加装软帘和集气罩，按设计量更换活性炭并建立台账", "一个月后专家回访，指导准备绩效分级申报材料",
     "2022-05-25", "yes", "专家指导具体，已完成集气改造", NULL, NULL, NULL},
    /* unanswered: closed by its leader once its feedback limit passed */
    {"2022-06-01", "2022-06-14", "3", "自动监测设备运行维护", "2022-06-15", "2022-06-14",
     "《排污许可管理条例》第二十条", NULL, "在线监测数据有效性审核要点",
     "颗粒物在线监测仪标定记录缺失", "按规范每季度校准并留存记录", NULL, NULL, NULL, NULL,
     "2022-07-20", NULL, NULL},
    /* visited, waiting for the enterprise's feedback */
    {"2022-11-01", "2022-11-15", "1,4", "冬季重污染天气应急减排", "2022-11-16", "2022-11-15",
     "《大气污染防治法》第九十六条（重污染天气应对）", "重污染天气应急减排清单修订要求",
     "错峰生产与自主减排措施", "应急减排清单中个别生产线的减排措施与实际工艺不符",
     "按实际工艺修订应急减排清单，报分局备案", "清单修订时专家远程指导", NULL, NULL, NULL, NULL,
     NULL, NULL},
    /* planned */
    {"2022-12-01", "2022-12-20", "2,3", "脱硫脱硝设施稳定运行", NULL, NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL},
    /* cancelled */
    {"2022-09-01", "2022-09-20", "4", "一般工业固体废物规范贮存", NULL, NULL, NULL, NULL, NULL,
     NULL, NULL, NULL, NULL, NULL, NULL, NULL, "2022-09-10", "企业停产检修，改期另行安排"},
};

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        date_parse_iso(iso, &d);
        return d;
}

/* A step with the fields given (a NULL value is left out). */
static int step(struct app *app, const struct actor *who, int64_t *id, const char *uscc,
                const char *action, const char *on, const char *reason,
                const struct case_field *fields, size_t n, struct gl_error *err)
{
        struct case_field given[8];
        size_t k = 0;
        for (size_t i = 0; i < n && k < 8; i++)
                if (fields[i].value)
                        given[k++] = fields[i];
        struct case_step_input in = {
            .action = action, .reason = reason, .fields = given, .nfields = k, .today = day(on)};
        if (*id == 0)
                return app_case_open(app, who, M5_PROCEDURE, uscc, &in, id, err);
        return app_case_step(app, who, *id, &in, err);
}

static int walk(struct app *app, const struct actor *leader, const char *uscc,
                const struct demo_visit *v, struct gl_error *err)
{
        int64_t id = 0;
        struct case_field plan[] = {
            {"planned_on", v->planned_on}, {"team", v->team}, {"purpose", v->purpose}};
        int rc = step(app, leader, &id, uscc, "plan", v->plan_on, NULL, plan, 3, err);
        if (rc == GL_OK && v->cancel_on) {
                struct case_field note[] = {{"note", v->note}};
                return step(app, leader, &id, uscc, "cancel", v->cancel_on, NULL, note, 1, err);
        }
        if (rc != GL_OK || v->record_on == NULL)
                return rc;
        struct case_field record[] = {{"visited_on", v->visited_on}, {"law", v->law},
                                      {"policy", v->policy},         {"technology", v->technology},
                                      {"problems", v->problems},     {"advice", v->advice},
                                      {"follow_up", v->follow_up}};
        rc = step(app, leader, &id, uscc, "record_visit", v->record_on, NULL, record, 7, err);
        if (rc == GL_OK && v->feedback_on) {
                struct actor clerk = {.role = ROLE_ENTERPRISE};
                snprintf(clerk.name, sizeof(clerk.name), "演示:%s", role_label_zh(ROLE_ENTERPRISE));
                snprintf(clerk.uscc, sizeof(clerk.uscc), "%s", uscc);
                struct case_field answer[] = {{"helped", v->helped}, {"comment", v->comment}};
                rc = step(app, &clerk, &id, uscc, "feedback", v->feedback_on, NULL, answer, 2, err);
        }
        if (rc == GL_OK && v->unanswered_on)
                rc = step(app, leader, &id, uscc, "close_unanswered", v->unanswered_on, NULL, NULL,
                          0, err);
        return rc;
}

struct pick {
        char uscc[8][19];
        size_t n;
        const char *waiting; /* put third, the visit that waits for feedback */
};

static int pick_target(const struct m5_target *t, void *p)
{
        struct pick *k = p;
        if (k->n == GL_ARRAY_LEN(visits))
                return 1;
        if (k->waiting && strcmp(t->uscc, k->waiting) == 0)
                return 0;
        snprintf(k->uscc[k->n++], sizeof(k->uscc[0]), "%s", t->uscc);
        return 0;
}

/* The enterprise of a demo enterprise login that is a key air emitter, or NULL. */
static const char *clerk_enterprise(struct app *app, char out[19])
{
        static const char *const logins[] = {"qiye2", "qiye1"};
        for (size_t i = 0; i < GL_ARRAY_LEN(logins); i++) {
                struct user_record u;
                if (user_store_get(app->db, logins[i], &u) != GL_OK || u.role != ROLE_ENTERPRISE)
                        continue;
                db_stmt *st = NULL;
                int64_t key = 0;
                if (db_prepare(app->db,
                               "SELECT COUNT(*) FROM enterprises WHERE uscc = $1 AND "
                               "key_air_emitter = 1",
                               &st) != GL_OK)
                        return NULL;
                db_bind_text(st, 1, u.uscc);
                if (db_step_int64(st, &key) == GL_OK && key == 1) {
                        snprintf(out, 19, "%s", u.uscc);
                        return out;
                }
        }
        return NULL;
}

int app_demo_visits(struct app *app, const struct actor *who, struct demo_visits *out,
                    struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "",
                               "只有管理员可以生成演示数据 (only an administrator may build demo "
                               "data)");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM m5_visits", &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取走访记录失败: %s", db_errmsg(app->db));
        struct user_record leader_row;
        if (existing > 0 || procedure_find(app->pack, M5_PROCEDURE) == NULL ||
            user_store_get(app->db, DEMO_LEADER, &leader_row) != GL_OK ||
            leader_row.role != ROLE_COUNTY_LEADER || leader_row.disabled)
                return GL_OK;
        int64_t experts = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM m5_experts", &experts) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取专家库失败: %s", db_errmsg(app->db));
        for (size_t i = 0; experts == 0 && i < GL_ARRAY_LEN(roster); i++) {
                struct expert_new e = {.name = roster[i].name,
                                       .unit = roster[i].unit,
                                       .phone = roster[i].phone,
                                       .specialities = roster[i].specialities,
                                       .nspecialities = roster[i].specialities[1] ? 2 : 1};
                int rc = app_expert_add(app, who, &e, NULL, err);
                if (rc != GL_OK)
                        return rc;
                out->experts++;
        }
        char waiting[19];
        struct pick k = {.waiting = clerk_enterprise(app, waiting)};
        struct actor sys = actor_system();
        int rc = app_visit_targets(app, &sys, pick_target, &k, err);
        if (rc != GL_OK)
                return rc;
        if (k.waiting && k.n >= 2) {
                /* The clerk's enterprise takes the visit that waits for its feedback (the third).
                 */
                if (k.n == GL_ARRAY_LEN(visits))
                        k.n--;
                for (size_t i = k.n; i > 2; i--)
                        memcpy(k.uscc[i], k.uscc[i - 1], sizeof(k.uscc[i]));
                snprintf(k.uscc[2], sizeof(k.uscc[2]), "%s", k.waiting);
                k.n++;
                snprintf(out->waiting, sizeof(out->waiting), "%s", k.waiting);
        }
        struct actor leader = {.user_id = leader_row.id, .role = ROLE_COUNTY_LEADER};
        snprintf(leader.name, sizeof(leader.name), "%s", leader_row.username);
        for (size_t i = 0; i < k.n && i < GL_ARRAY_LEN(visits); i++) {
                rc = walk(app, &leader, k.uscc[i], &visits[i], err);
                if (rc != GL_OK)
                        return rc;
                out->visits++;
        }
        return GL_OK;
}

/*
 * Construction sites for the demo county (site.h's app_demo_sites): sixteen sites of 2022 across
 * the county's townships and the pack's categories, their dust control checked by the
 * urban-management bureau, and their applications for the positive list walked through the
 * procedure m8.listing to each of its states, every step taken by the demo login of the unit that
 * takes it (the builder's clerk or the county officer filing for it, the competent departments,
 * the three seats of the joint review, the branch that publishes and lists) through the ordinary
 * use cases (app/site.c, app/case.c, app/m8_site_list.c), so that they are checked and audited
 * like any other. A unit the demo has no login for (the development and reform bureau, the
 * township of 岗南镇) acts as a demo actor of its unit. What is left for each login to do:
 * jiaoyu, weijian and jiaotong review an application of their department; xiangzhen passes the
 * joint review of a site of 平山镇, zhujian and xianju one of 温塘镇; xianju publishes one that
 * passed, decides an objection and lists what is due; chengguan checks an unchecked site's dust
 * control; qiye1 applies again for its returned site and applies for another.
 */
#include "../core/policy.h"
#include "../store/enterprise_store.h"
#include "../store/user_store.h"
#include "app_internal.h"
#include "case.h"
#include "site.h"
#include "user.h"

#include <stdio.h>
#include <string.h>

/* The builders outside the registry (valid USCCs of the county's public bodies and companies). */
#define EDUCATION "11130131000012343M"
#define HOSPITAL "12130131000056784C"
#define TCM_HOSPITAL "12130131000077665E"
#define TRANSPORT_CO "91130131MA0C123406"
#define CITY_CO "91130131MA0C567810"
#define GARDEN_CO "91130131MA0D11226C"
#define WATER_OFFICE "12130131000033443Y"
#define CULTURE_CO "91130131MA0E9988X6"
#define GUYUE "11130131000024686A"
/* The builder of qiye1's enterprise. */
#define CLERK "(clerk)"

static const struct {
        const char *uscc, *name;
} builders[] = {
    {EDUCATION, "平山县教育局"},
    {HOSPITAL, "平山县人民医院"},
    {TCM_HOSPITAL, "平山县中医院"},
    {TRANSPORT_CO, "平山县交通建设投资有限公司"},
    {CITY_CO, "平山县城市建设投资集团有限公司"},
    {GARDEN_CO, "平山县园林绿化工程有限公司"},
    {WATER_OFFICE, "平山县水利工程建设管理站"},
    {CULTURE_CO, "平山县文化旅游投资有限公司"},
    {GUYUE, "平山县古月镇人民政府"},
};

/* How far each site's application goes (the procedure's states, and none). */
enum demo_stage {
        NONE_UNCHECKED, /* registered, dust control not yet checked */
        NONE_READY,     /* dust control passed, no application yet */
        APPLIED,
        RETURNED,
        JOINT_TWO,     /* joint review: the branch and housing passed, the township to do */
        JOINT_ONE,     /* joint review: the township passed */
        JOINT_PASSED,  /* to be published */
        PUBLISHED,     /* published, an objection pending */
        LISTED,        /* listed, with inspections */
        DUST_REMOVED,  /* listed, then removed by a failed dust check */
        FINISHED,      /* listed, then finished */
        REFUSED,       /* refused by the joint review */
        UPHELD,        /* an objection upheld */
        WITHDRAWN,     /* withdrawn by its applicant */
        LISTED_CLERK,  /* the clerk's enterprise's listed site */
        RETURNED_CLERK /* the clerk's enterprise's returned application */
};

struct demo_site {
        const char *project, *category, *township, *builder, *address;
        int64_t earthwork;
        const char *added, *checked, *applied; /* days */
        enum demo_stage stage;
};

static const struct demo_site sites[] = {
    {"平山县第二实验小学教学综合楼", "school", "平山镇", EDUCATION, "平山镇冶河路南段", 6800,
     "2022-10-10", "2022-10-24", "2022-11-07", APPLIED},
    {"平山县人民医院门急诊综合楼", "hospital", "平山镇", HOSPITAL, "平山镇中山路 88 号", 9200,
     "2022-10-12", "2022-10-26", "2022-11-09", APPLIED},
    {"G207 国道平山段改造工程", "road", "东回舍镇", TRANSPORT_CO, "东回舍镇至下槐镇段", 15000,
     "2022-10-14", "2022-10-27", "2022-11-10", APPLIED},
    {"平山县城区雨污分流改造工程", "municipal_works", "平山镇", CITY_CO, "平山镇城区主次干道",
     12000, "2022-08-15", "2022-08-29", "2022-09-05", JOINT_TWO},
    {"温塘镇中心学校教学楼", "school", "温塘镇", EDUCATION, "温塘镇温泉路 12 号", 4200,
     "2022-08-16", "2022-08-30", "2022-09-06", JOINT_ONE},
    {"岗南水库除险加固工程", "water_works", "岗南镇", WATER_OFFICE, "岗南镇岗南水库坝区", 26000,
     "2022-08-01", "2022-08-15", "2022-08-22", JOINT_PASSED},
    {"平山县中医院康复楼", "hospital", "西柏坡镇", TCM_HOSPITAL, "西柏坡镇柏坡大街 6 号", 5100,
     "2022-10-08", "2022-10-17", "2022-10-24", PUBLISHED},
    /* Published on 2022-09-29, the day before National Day: its five working days end on
     * 2022-10-11 (09-30, the make-up days 10-08 and 10-09, 10-10, 10-11), listed on 10-12. */
    {"平山县第三中学体育馆", "school", "平山镇", EDUCATION, "平山镇文化路 3 号", 3500, "2022-08-29",
     "2022-09-08", "2022-09-15", LISTED},
    {"平山县城市公园改造工程", "landscaping", "平山镇", GARDEN_CO, "平山镇滨河公园", 8000,
     "2022-06-01", "2022-06-13", "2022-06-20", DUST_REMOVED},
    {"东回舍镇供水管网改造工程", "municipal_works", "东回舍镇", CITY_CO, "东回舍镇全域", 2600,
     "2022-04-06", "2022-04-18", "2022-04-25", FINISHED},
    {"南甸镇中学学生宿舍楼", "school", "南甸镇", EDUCATION, "南甸镇南甸村", 3000, "2022-07-04",
     "2022-07-18", "2022-07-25", REFUSED},
    {"平山县文化中心", "key_project", "平山镇", CULTURE_CO, "平山镇新区", 18000, "2022-07-01",
     "2022-07-11", "2022-07-18", UPHELD},
    {"古月镇灌区节水改造工程", "water_works", "古月镇", GUYUE, "古月镇灌区", 7000, "2022-09-01",
     "2022-09-13", "2022-09-20", WITHDRAWN},
    {"厂区道路硬化及洗车平台工程", "road", NULL, CLERK, "厂区内", 1800, "2022-07-04", "2022-07-15",
     "2022-07-20", LISTED_CLERK},
    {"超低排放改造工程", "key_project", NULL, CLERK, "厂区东侧", 2200, "2022-10-17", "2022-10-28",
     "2022-11-01", RETURNED_CLERK},
    {"成品仓储物流中心", "key_project", NULL, CLERK, "厂区北侧", 5600, "2022-11-01", "2022-11-14",
     NULL, NONE_READY},
    {"下槐镇污水处理厂扩建工程", "municipal_works", "下槐镇", CITY_CO, "下槐镇工业园区", 9800,
     "2022-11-14", NULL, NULL, NONE_UNCHECKED},
};

/* The actors of the demo: its logins, and demo actors of the units without one. */
struct cast {
        struct actor system, xianju, zhujian, jiaoyu, weijian, chengguan, jiaotong, xiangzhen,
            xiangzhen2, qiye1, fagai, shuili, town;
        bool ok;
        char clerk_township[128];
        char clerk_name[256];
};

static bool login(struct app *app, const char *name, struct actor *out)
{
        struct user_record u;
        if (user_store_get(app->db, name, &u) != GL_OK || u.disabled)
                return false;
        *out = user_actor(app, &u);
        return true;
}

static struct actor unit_actor(enum role role, const char *label, const char *department,
                               const char *township)
{
        struct actor a = {.role = role};
        snprintf(a.name, sizeof(a.name), "演示:%.56s", label);
        snprintf(a.department, sizeof(a.department), "%s", department ? department : "");
        snprintf(a.township, sizeof(a.township), "%s", township ? township : "");
        return a;
}

static gl_date day(const char *iso)
{
        gl_date d = GL_DATE_NONE;
        date_parse_iso(iso, &d);
        return d;
}

/* A step on case id (a NULL field value left out). */
static int step(struct app *app, const struct actor *who, int64_t id, const char *action,
                const char *on, const char *reason, const struct case_field *fields, size_t n,
                struct gl_error *err)
{
        struct case_field given[4];
        size_t k = 0;
        for (size_t i = 0; i < n && k < GL_ARRAY_LEN(given); i++)
                if (fields[i].value)
                        given[k++] = fields[i];
        struct case_step_input in = {
            .action = action, .reason = reason, .fields = given, .nfields = k, .today = day(on)};
        return app_case_step(app, who, id, &in, err);
}

static int apply(struct app *app, const struct actor *who, int64_t site, const char *on,
                 int64_t *id, struct gl_error *err)
{
        static const unsigned char form[] = "重点建设项目保障正面清单申请表（演示）";
        static const unsigned char approval[] = "项目批准文件（演示）";
        static const unsigned char dust[] = "扬尘污染防治“六个百分之百”落实情况及照片（演示）";
        struct case_document_input docs[] = {
            {"申请表", "申请表.pdf", form, sizeof(form) - 1},
            {"项目批准文件", "项目批准文件.pdf", approval, sizeof(approval) - 1},
            {"扬尘防治证明材料", "扬尘防治证明材料.pdf", dust, sizeof(dust) - 1},
        };
        char text[24];
        snprintf(text, sizeof(text), "%lld", (long long)site);
        struct case_field fields[] = {{"site", text}};
        struct case_step_input in = {.action = "apply",
                                     .fields = fields,
                                     .nfields = 1,
                                     .docs = docs,
                                     .ndocs = GL_ARRAY_LEN(docs),
                                     .today = day(on)};
        return app_case_open(app, who, M8_PROCEDURE, NULL, &in, id, err);
}

/* The competent department of the site's category, as the demo has it. */
static const struct actor *department_of(struct cast *c, const char *category)
{
        if (strcmp(category, "school") == 0)
                return &c->jiaoyu;
        if (strcmp(category, "hospital") == 0)
                return &c->weijian;
        if (strcmp(category, "road") == 0)
                return &c->jiaotong;
        if (strcmp(category, "landscaping") == 0)
                return &c->chengguan;
        if (strcmp(category, "municipal_works") == 0)
                return &c->zhujian;
        if (strcmp(category, "water_works") == 0)
                return &c->shuili;
        return &c->fagai;
}

/* The officer of the site's township for the joint review: a demo login, or a demo actor of a
 * township without one. */
static const struct actor *township_of(struct cast *c, const char *township)
{
        if (strcmp(township, c->xiangzhen.township) == 0)
                return &c->xiangzhen;
        if (strcmp(township, c->xiangzhen2.township) == 0)
                return &c->xiangzhen2;
        char label[160];
        snprintf(label, sizeof(label), "%s人民政府", township);
        c->town = unit_actor(ROLE_TOWNSHIP_OFFICER, label, NULL, township);
        return &c->town;
}

/* Each step's day, counted in calendar days from the application (the working days of the
 * publication are the engine's). */
static void after(const char *from, int days, char out[11])
{
        date_format_iso(day(from) + days, out);
}

/* Through the joint review: the department on +3, the branch, housing and the township on +7 to
 * +9 (those of seats, when given). */
static int review(struct app *app, struct cast *c, const struct demo_site *s, const char *township,
                  int64_t id, bool branch, bool housing, bool town, struct gl_error *err)
{
        char d[11];
        after(s->applied, 3, d);
        int rc = step(app, department_of(c, s->category), id, "dept_pass", d,
                      "材料齐全，符合申报条件", NULL, 0, err);
        after(s->applied, 7, d);
        if (rc == GL_OK && town)
                rc = step(app, township_of(c, township), id, "joint_township", d,
                          "项目在本乡镇，属民生工程，同意", NULL, 0, err);
        after(s->applied, 8, d);
        if (rc == GL_OK && housing)
                rc = step(app, &c->zhujian, id, "joint_housing", d, "施工许可手续齐全", NULL, 0,
                          err);
        after(s->applied, 9, d);
        if (rc == GL_OK && branch)
                rc = step(app, &c->xianju, id, "joint_branch", d, "扬尘防治措施落实到位", NULL, 0,
                          err);
        return rc;
}

/* Published on day published; listed (when list) the day after the publication ended, written
 * to listed. */
static int publish_and_list(struct app *app, struct cast *c, int64_t id, const char *published,
                            bool list, char listed[11], struct gl_error *err)
{
        int rc = step(app, &c->xianju, id, "publish", published, "在县政府网站和施工现场公示", NULL,
                      0, err);
        struct m8_application a;
        if (rc != GL_OK || !list)
                return rc;
        if (m8_store_application_get(app->db, id, &a) != GL_OK || a.publication_due == GL_DATE_NONE)
                return gl_fail(err, GL_EDB, "", "读取公示期失败: %s", db_errmsg(app->db));
        date_format_iso(a.publication_due + 1, listed);
        return step(app, &c->xianju, id, "list", listed, "公示期满无异议", NULL, 0, err);
}

static int inspect(struct app *app, const struct actor *who, int64_t site, const char *on,
                   const char *reason, const char *dust, const char *note, struct gl_error *err)
{
        struct site_inspection_input in = {
            .reason = reason, .dust_result = dust, .note = note, .on = day(on), .today = day(on)};
        return app_site_inspect(app, who, site, &in, NULL, err);
}

static int walk(struct app *app, struct cast *c, const struct demo_site *s, struct demo_sites *out,
                struct gl_error *err)
{
        bool clerk = strcmp(s->builder, CLERK) == 0;
        const char *township = s->township ? s->township : c->clerk_township;
        const char *builder = clerk ? c->qiye1.uscc : s->builder;
        const char *name = NULL;
        for (size_t i = 0; i < GL_ARRAY_LEN(builders) && !clerk; i++)
                if (strcmp(builders[i].uscc, builder) == 0)
                        name = builders[i].name;
        const struct actor *applicant = clerk ? &c->qiye1 : &c->xianju;
        char area[24];
        snprintf(area, sizeof(area), "%lld", (long long)s->earthwork);
        struct m8_site_input in = {.project = s->project,
                                   .category = s->category,
                                   .builder_uscc = builder,
                                   .builder_name = name,
                                   .township = township,
                                   .address = s->address,
                                   .earthwork_m2 = area,
                                   .started_on = s->added};
        int64_t site = 0, id = 0;
        int rc = app_site_add(app, applicant, &in, day(s->added), &site, err);
        if (rc != GL_OK)
                return rc;
        out->sites++;
        if (s->checked)
                rc = inspect(app, &c->chengguan, site, s->checked, "dust_recheck", "passed",
                             "围挡、覆盖、湿法作业、路面硬化、车辆冲洗、渣土车密闭均已落实", err);
        if (rc == GL_OK && s->checked)
                out->inspections++;
        if (rc != GL_OK || s->applied == NULL)
                return rc;
        if ((rc = apply(app, applicant, site, s->applied, &id, err)) != GL_OK)
                return rc;
        char d1[11], d2[11], d3[11];
        switch (s->stage) {
        case APPLIED:
        case NONE_UNCHECKED:
        case NONE_READY:
                return GL_OK;
        case RETURNED:
        case RETURNED_CLERK:
                after(s->applied, 4, d1);
                return step(app, department_of(c, s->category), id, "dept_return", d1,
                            "项目批准文件为立项批复复印件，请补充加盖公章的原件扫描件和施工许可证",
                            NULL, 0, err);
        case JOINT_TWO:
                return review(app, c, s, township, id, true, true, false, err);
        case JOINT_ONE:
                return review(app, c, s, township, id, false, false, true, err);
        case JOINT_PASSED:
                return review(app, c, s, township, id, true, true, true, err);
        case REFUSED:
                rc = review(app, c, s, township, id, false, false, true, err);
                after(s->applied, 10, d1);
                if (rc == GL_OK)
                        rc = step(app, &c->zhujian, id, "joint_refuse", d1,
                                  "宿舍楼属配套用房，且施工单位近一年内因扬尘问题被通报两次，"
                                  "不予列入",
                                  NULL, 0, err);
                return rc;
        case WITHDRAWN:
                after(s->applied, 5, d1);
                return step(app, applicant, id, "withdraw", d1,
                            "工程设计变更，待新方案批复后另行申报", NULL, 0, err);
        default:
                break;
        }
        /* Published: the joint review passed, published on +14. */
        if ((rc = review(app, c, s, township, id, true, true, true, err)) != GL_OK)
                return rc;
        after(s->applied, 14, d1);
        if (s->stage == PUBLISHED || s->stage == UPHELD) {
                rc = publish_and_list(app, c, id, d1, false, d2, err);
                after(s->applied, 16, d2);
                struct case_field objection[] = {
                    {"content", s->stage == UPHELD
                                    ? "该项目夜间连续进行土石方作业，渣土车未密闭，沿线道路扬尘严重"
                                    : "施工围挡占用人行道，影响学生上下学通行"},
                    {"objector", s->stage == UPHELD ? "周边居民（联名）" : "附近居民王某"}};
                if (rc == GL_OK)
                        rc = step(app, &c->xianju, id, "object", d2, NULL, objection, 2, err);
                after(s->applied, 20, d3);
                if (rc == GL_OK && s->stage == UPHELD)
                        rc = step(app, &c->xianju, id, "uphold_objection", d3,
                                  "经现场核实，渣土车未密闭、道路扬尘问题属实，不符合扬尘防治要求",
                                  NULL, 0, err);
                return rc;
        }
        /* Listed: published on +14, listed the day after the publication ended; then inspected,
         * removed or finished some weeks later. */
        rc = publish_and_list(app, c, id, d1, true, d2, err);
        if (rc != GL_OK)
                return rc;
        out->listed++;
        after(d2, 36, d3);
        if (s->stage == LISTED || s->stage == LISTED_CLERK) {
                rc = inspect(app, &c->xianju, site, d3, "complaint", NULL,
                             "接群众投诉夜间施工噪声，现场核实已停止夜间施工", err);
                after(d2, 71, d3);
                if (rc == GL_OK)
                        rc = inspect(app, &c->chengguan, site, d3, "alert_check", NULL,
                                     "重污染天气橙色预警期间检查：土石方作业已停止，其余工序正常",
                                     err);
                out->inspections += rc == GL_OK ? 2 : 0;
                return rc;
        }
        if (s->stage == DUST_REMOVED) {
                rc = inspect(app, &c->chengguan, site, d3, "dust_recheck", "failed",
                             "裸土未覆盖，出场车辆未冲洗，道路积尘明显", err);
                out->inspections += rc == GL_OK ? 1 : 0;
                return rc;
        }
        /* Finished. */
        return app_site_finish(app, &c->xianju, site, day(d3), "主体工程完工，通过竣工验收", err);
}

int app_demo_sites(struct app *app, const struct actor *who, struct demo_sites *out,
                   struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_SYSTEM && who->role != ROLE_ADMIN)
                return gl_fail(err, GL_EPERM, "",
                               "只有管理员可以生成演示数据 (only an administrator may build demo "
                               "data)");
        int64_t existing = 0;
        if (db_query_int64(app->db, "SELECT COUNT(*) FROM sites", &existing) != GL_OK)
                return gl_fail(err, GL_EDB, "", "读取工地失败: %s", db_errmsg(app->db));
        if (existing > 0 || procedure_find(app->pack, M8_PROCEDURE) == NULL)
                return GL_OK;
        struct cast c = {.system = *who};
        c.ok = login(app, "xianju", &c.xianju) && login(app, "zhujian", &c.zhujian) &&
               login(app, "jiaoyu", &c.jiaoyu) && login(app, "weijian", &c.weijian) &&
               login(app, "chengguan", &c.chengguan) && login(app, "jiaotong", &c.jiaotong) &&
               login(app, "xiangzhen", &c.xiangzhen) && login(app, "xiangzhen2", &c.xiangzhen2) &&
               login(app, "qiye1", &c.qiye1);
        if (!c.ok)
                return GL_OK;
        struct enterprise e;
        if (enterprise_store_get(app->db, c.qiye1.uscc, &e) != GL_OK ||
            policy_term_find(app->pack, POLICY_TOWNSHIPS, e.township) == NULL)
                return GL_OK;
        snprintf(c.clerk_township, sizeof(c.clerk_township), "%s", e.township);
        c.fagai = unit_actor(ROLE_DEPT_OFFICER, "县发展和改革局", "development_reform", NULL);
        c.shuili = unit_actor(ROLE_DEPT_OFFICER, "县水利局", "water_resources", NULL);
        for (size_t i = 0; i < GL_ARRAY_LEN(sites); i++) {
                int rc = walk(app, &c, &sites[i], out, err);
                if (rc != GL_OK) {
                        char message[sizeof(err->message)];
                        snprintf(message, sizeof(message), "%s", err->message);
                        return gl_fail(err, rc, err->field, "演示工地“%s”: %s", sites[i].project,
                                       message);
                }
        }
        return GL_OK;
}

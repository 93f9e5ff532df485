/*
 * `greenlane demo [--seed N] [--force]`: builds the demo county in the database (app/demo.h) and
 * prints what it made, in Chinese. The same seed gives the same county; without --force a
 * database that already holds enterprises is refused and left unchanged. A few measure-1
 * declarations are then walked to different states of the procedure (app_demo_declarations),
 * measure 2's enforcement cases too (app_demo_enforcement), and two positive-list enterprises are
 * given supply-chain links in every state (app_demo_supply); and after the logins a few measure-5
 * service visits of 2022 (app_demo_visits), measure 3's control measures of 2022
 * (app_demo_controls) and, last, the heavy-pollution-weather alerts, one around today and one of
 * 2022 (app_demo_alerts).
 */
#include "../app/enforcement.h"
#include "cli.h"
#include "../app/ledger.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "../app/control.h"
#include "../app/alert.h"
#include "../app/declaration.h"
#include "../app/demo.h"
#include "../app/supply.h"
#include "../app/user.h"
#include "../app/project.h"
#include "../app/site.h"
#include "../app/visit.h"

static int parse_seed(const char *text, uint64_t *out)
{
        if (text == NULL || text[0] < '0' || text[0] > '9')
                return -1;
        char *end = NULL;
        errno = 0;
        unsigned long long v = strtoull(text, &end, 10);
        if (errno != 0 || *end != '\0')
                return -1;
        *out = v;
        return 0;
}

static void print_summary(const struct demo_summary *s)
{
        printf("演示县已生成 (demo county created): 行政区划 %s, 随机种子 (seed) %llu\n",
               s->division, (unsigned long long)s->seed);
        printf("  企业 (enterprises): %lld 家, 其中新增 %lld 家\n", (long long)s->enterprises,
               (long long)s->inserted);
        printf("  年度数据 (annual figures): %d-%d 年, 共 %lld 条\n", s->first_year, s->last_year,
               (long long)s->annual_rows);
        printf("  行业 (industries):");
        for (size_t i = 0; i < s->nindustries; i++)
                printf("%s %s %lld", i ? "," : "", s->industries[i].name_zh,
                       (long long)s->industries[i].enterprises);
        printf("\n  绩效等级 (grades): A %lld, B %lld, B- %lld, C %lld, D %lld, 未评级 %lld\n",
               (long long)s->grades[0], (long long)s->grades[1], (long long)s->grades[2],
               (long long)s->grades[3], (long long)s->grades[4], (long long)s->ungraded);
        printf("  涉气 (air emitters) %lld, 重点排污单位 (key air emitters) %lld, "
               "正面清单 (positive list) %lld\n",
               (long long)s->air_emitters, (long long)s->key_air_emitters,
               (long long)s->positive_list);
}

int cmd_demo(struct cli_ctx *ctx, int argc, char **argv)
{
        uint64_t seed = DEMO_DEFAULT_SEED;
        bool force = false;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--force") == 0) {
                        force = true;
                } else if (strcmp(argv[i], "--seed") == 0) {
                        if (i + 1 >= argc || parse_seed(argv[i + 1], &seed) != 0)
                                return cli_usage_error("demo", "--seed takes a non-negative "
                                                               "integer");
                        i++;
                } else {
                        return cli_usage_error("demo", "unexpected argument '%s'", argv[i]);
                }
        }
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor who = actor_system();
        struct demo_summary summary;
        struct gl_error err = {0};
        int status = EXIT_OK;
        int64_t declarations = 0, enforcement = 0, links = 0;
        struct demo_clerks clerks;
        if (app_demo_county(app, &who, seed, force, &summary, &err) != GL_OK ||
            app_demo_declarations(app, &who, summary.last_year, app_today_local(), &declarations,
                                  &clerks, &err) != GL_OK ||
            app_demo_enforcement(app, &who, clerks.returned, app_today_local(), &enforcement,
                                 &err) != GL_OK ||
            app_demo_supply(app, &who, app_today_local(), clerks.fresh, &links, &err) != GL_OK) {
                status = cli_report(&err);
        } else {
                print_summary(&summary);
                printf("  措施一申报 (measure 1 declarations): %lld 份, 处于不同办理阶段\n",
                       (long long)declarations);
                printf(
                    "  措施二执法案件 (measure 2 enforcement cases): %lld 件, 处于不同办理阶段\n",
                    (long long)enforcement);
                printf("  措施六上下游关系 (measure 6 supply links): %lld 条, 含帮扶目标与已结束的"
                       "关系\n",
                       (long long)links);
        }
        if (status == EXIT_OK && app_demo_users(app, &who, &clerks, stdout, &err) != GL_OK)
                status = cli_report(&err);
        /* The visits are led by the demo's leader of the branch, a login made just above. */
        struct demo_visits visits;
        if (status == EXIT_OK && app_demo_visits(app, &who, &visits, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && visits.visits > 0)
                printf("措施五“两进三送”帮扶走访 (measure 5 service visits): %lld 次, 专家库 %lld "
                       "人%s%s\n",
                       (long long)visits.visits, (long long)visits.experts,
                       visits.waiting[0] ? "; 待企业评价 (feedback due): " : "", visits.waiting);
        /* The sites' applications are walked by the demo's logins of each unit, made above. */
        struct demo_sites sites;
        if (status == EXIT_OK && app_demo_sites(app, &who, &sites, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && sites.sites > 0)
                printf("措施八施工工地 (measure 8 construction sites): %lld 处, 列入过正面清单 "
                       "%lld 处 (含其后移出、完工的), "
                       "检查 %lld 次\n",
                       (long long)sites.sites, (long long)sites.listed,
                       (long long)sites.inspections);
        /* Measure 7's ledger: the demo's officer and leader propose and approve. */
        struct demo_ledger ledger;
        if (status == EXIT_OK &&
            app_demo_ledger(app, &who, app_today_local(), &ledger, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && ledger.transfers > 0)
                printf("措施七排污权账本 (measure 7 ledger): 转移 %lld 笔, 待批准 %lld 笔, 质押 "
                       "%lld 项\n",
                       (long long)ledger.transfers, (long long)ledger.pending,
                       (long long)ledger.pledges);
        /* Measure 4's EIA applications are walked by the demo's logins, made above. */
        int64_t eia_projects = 0;
        if (status == EXIT_OK &&
            app_demo_eia(app, &who, app_today_local(), &eia_projects, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && eia_projects > 0)
                printf("措施四建设项目环评 (measure 4 EIA): %lld 个建设项目, 规划环评 2 个 (1 "
                       "个审查中); "
                       "待受理、待补齐材料、待总量审核、待规划环评批准、待释放储备各 1 件\n",
                       (long long)eia_projects);
        /* Measure 3's control measures are decided by the demo's officer, a login made above. */
        struct demo_controls controls;
        if (status == EXIT_OK &&
            app_demo_controls(app, &who, clerks.returned, &controls, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && controls.controls > 0)
                printf("措施三“三个禁用”管控措施 (measure 3 control measures): %lld 项, "
                       "其中待分局领导批准 "
                       "%lld 项; 另 %lld 项停产被“三个禁用”拒绝, 未记录\n",
                       (long long)controls.controls, (long long)controls.awaiting,
                       (long long)controls.refused);
        /* The alerts are issued by the demo's city officer, a login made above, around today
         * and in 2022 (app_demo_alerts). */
        struct demo_alerts alerts;
        if (status == EXIT_OK &&
            app_demo_alerts(app, &who, app_today_local(), &alerts, &err) != GL_OK)
                status = cli_report(&err);
        else if (status == EXIT_OK && alerts.in_force > 0)
                printf("重污染天气预警 (heavy-pollution-weather alerts): 当前预警 "
                       "%lld（黄色升级为橙色，"
                       "全县），2022 年 6 月已解除的预警 %lld\n",
                       (long long)alerts.in_force, (long long)alerts.lifted);
        app_close(app);
        return status;
}

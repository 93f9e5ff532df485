/*
 * `greenlane deadlines list [--today DATE]` prints every running deadline of every procedure
 * (county reviews due, grace periods of provisional grades, ...) with the working days left or
 * overdue; `greenlane deadlines sweep --today DATE` takes the expiry action of every deadline that
 * passed (measure 1: reverts the provisional grades whose grace passed unmet), each with the reason
 * recorded, and leaves provisional ones alone. The sweep's date is required, so that a scheduled
 * run says which day it acts for.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/case.h"

#include <string.h>

#define NAME "deadlines"

static int print_item(const struct deadline_item *it, void *ctx)
{
        int *count = ctx;
        char due[11];
        printf("%s\t%s %lld\t%s\t%s\t%s\t", date_format_iso(it->due, due),
               it->procedure ? it->procedure->noun_zh : "案件", (long long)it->case_id, it->uscc,
               it->kind, it->what);
        if (it->overdue)
                printf("已逾期 %d 个工作日 (overdue)", -it->working_days_left);
        else
                printf("剩余 %d 个工作日 (working days left)", it->working_days_left);
        if (it->provisional)
                printf("\t暂定 (provisional)");
        if (it->provisional && it->latest_due > it->due) {
                char latest[11];
                printf("，放假安排公布后最迟可能至 %s", date_format_iso(it->latest_due, latest));
        }
        if (it->suspended)
                printf("\t已中止计时 (suspended)");
        if (it->original_due != it->due) {
                char orig[11];
                printf("\t原定 %s", date_format_iso(it->original_due, orig));
        }
        printf("\n");
        (*count)++;
        return 0;
}

int cmd_deadlines(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error(NAME, "缺少子命令 (missing subcommand)");
        bool sweep = strcmp(argv[1], "sweep") == 0;
        if (!sweep && strcmp(argv[1], "list") != 0)
                return cli_usage_error(NAME, "未知子命令 (unknown subcommand) %s", argv[1]);
        struct cli_procedure_options o = {.today = GL_DATE_NONE};
        for (int i = 2; i < argc; i++) {
                int used = cli_procedure_option(NAME, argc, argv, &i, &o);
                if (used < 0)
                        return EXIT_USAGE;
                if (used == 0 || o.expect_version != 0)
                        return cli_usage_error(NAME, "未知参数 (unknown argument) %s", argv[i]);
        }
        if (sweep && o.today == GL_DATE_NONE)
                return cli_usage_error(NAME, "sweep 需要 --today DATE (needs --today)");
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor who;
        int rc = cli_procedure_actor(app, &o, &who);
        struct gl_error err = {0};
        if (rc == EXIT_OK && sweep) {
                struct sweep_result res = {0};
                int st = app_deadlines_sweep_report(app, &who, o.today, &res, &err);
                if (res.acted > 0 || st == GL_OK)
                        printf("已撤销 %lld 个期满未达标的暂定等级 (reverted)\n",
                               (long long)res.acted);
                if (res.waiting > 0)
                        printf("另有 %lld 个期限已过暂定到期日，但按未发布放假安排的年份暂定计算，"
                               "暂定期限不作不利于当事人的处理，待放假安排公布后再处理 "
                               "(provisional, left alone)\n",
                               (long long)res.waiting);
                if (st != GL_OK)
                        rc = cli_report(&err);
        } else if (rc == EXIT_OK) {
                int count = 0;
                if (app_deadlines_list(app, &who, o.today, print_item, &count, &err) != GL_OK)
                        rc = cli_report(&err);
                else if (count == 0)
                        fprintf(stderr, "没有进行中的期限 (no running deadlines)\n");
        }
        app_close(app);
        return rc;
}

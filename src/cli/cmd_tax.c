/*
 * `greenlane tax confirm USCC YEAR`: the county tax department confirms an enterprise's tax figure
 * of a year (annual_figures.tax_confirmed), so that reviewers no longer see the declarations that
 * rest on it flagged as unconfirmed.
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/declaration.h"

#include <stdlib.h>
#include <string.h>

#define NAME "tax"

int cmd_tax(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2 || strcmp(argv[1], "confirm") != 0)
                return cli_usage_error(NAME, "未知或缺少子命令 (unknown or missing subcommand)");
        struct cli_procedure_options o = {.today = GL_DATE_NONE};
        const char *pos[2] = {NULL, NULL};
        int npos = 0;
        for (int i = 2; i < argc; i++) {
                int used = cli_procedure_option(NAME, argc, argv, &i, &o);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0 && o.expect_version == 0)
                        continue;
                if (used > 0 || argv[i][0] == '-' || npos == 2)
                        return cli_usage_error(NAME, "未知参数 (unknown argument) %s", argv[i]);
                pos[npos++] = argv[i];
        }
        if (npos != 2)
                return cli_usage_error(NAME, "需要 USCC 和 YEAR (needs USCC and YEAR)");
        char *end = NULL;
        long year = strtol(pos[1], &end, 10);
        if (*end != '\0' || year < 2000 || year > 9999)
                return cli_usage_error(NAME, "YEAR: '%s' 不是年度 (not a year)", pos[1]);
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor who;
        struct gl_error err = {0};
        int rc = cli_procedure_actor(app, &o, &who);
        if (rc == EXIT_OK) {
                if (app_tax_confirm(app, &who, pos[0], (int)year, &err) != GL_OK)
                        rc = cli_report(&err);
                else
                        printf("已确认 %s %ld 年纳税数据 (tax figures confirmed)\n", pos[0], year);
        }
        app_close(app);
        return rc;
}

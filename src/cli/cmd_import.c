/*
 * `greenlane import KIND FILE [--encoding utf-8|gb18030]`: imports a CSV file whole or not at all.
 * The kinds are a table, one row per kind of file. On a terminal, imports of more than 10,000
 * rows show their progress on stderr. Exit 0 with a summary line when the file was imported; exit
 * 1 with every bad field of every bad row on stderr (FILE:LINE: column: reason) when it was not.
 *
 * `greenlane import template KIND [--csv FILE | --xlsx FILE]`: writes the template of a kind
 * (app/import_template.h), as CSV on standard output when no file is given. Exit 0; 1 when the
 * file cannot be written; 2 for wrong usage.
 */
#include "cli.h"

#include "../app/enterprise.h"
#include "../app/import_template.h"
#include "../app/incentive.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

typedef int (*import_fn)(struct app *app, const struct actor *who, const char *path,
                         const char *encoding, struct import_progress *progress,
                         struct import_report *rep, struct gl_error *err);

static const struct {
        const char *kind;
        import_fn run;
} kinds[] = {
    {"enterprises", app_import_enterprises},
    {"annual", app_import_annual},
    {"averages", app_import_averages},
};

static void show_progress(const struct import_progress *p)
{
        int percent =
            p->bytes_total ? (int)(100.0 * (double)p->bytes_done / (double)p->bytes_total) : 0;
        fprintf(stderr, "\r已读 %lld 行 (%d%%) (rows read)", (long long)p->rows, percent);
        fflush(stderr);
}

static int report_problems(const struct import_report *rep, const struct gl_error *err)
{
        char line[1024];
        for (size_t i = 0; i < rep->nproblems; i++) {
                import_problem_format(rep, i, line, sizeof(line));
                fprintf(stderr, "%s\n", line);
        }
        return cli_report(err);
}

static int import_template(struct cli_ctx *ctx, int argc, char **argv)
{
        const char *kind = NULL, *path = "-";
        enum import_template_format format = IMPORT_TEMPLATE_CSV;
        int formats = 0;
        for (int i = 2; i < argc; i++) {
                bool has_value = i + 1 < argc;
                if (strcmp(argv[i], "--csv") == 0 && has_value) {
                        format = IMPORT_TEMPLATE_CSV;
                        path = argv[++i];
                        formats++;
                } else if (strcmp(argv[i], "--xlsx") == 0 && has_value) {
                        format = IMPORT_TEMPLATE_XLSX;
                        path = argv[++i];
                        formats++;
                } else if (argv[i][0] == '-') {
                        return cli_usage_error("import", "unknown or incomplete option %s",
                                               argv[i]);
                } else if (kind == NULL) {
                        kind = argv[i];
                } else {
                        return cli_usage_error("import", "unexpected argument %s", argv[i]);
                }
        }
        if (kind == NULL)
                return cli_usage_error("import", "template: missing KIND");
        if (formats > 1)
                return cli_usage_error("import", "--csv and --xlsx exclude each other");
        size_t n;
        if (app_import_columns(kind, &n) == NULL)
                return cli_usage_error("import", "unknown kind %s", kind);
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct gl_error err = {0};
        int rc = app_import_template(app, NULL, kind, format, path, &err);
        app_close(app);
        return rc == GL_OK ? EXIT_OK : cli_report(&err);
}

int cmd_import(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc > 1 && strcmp(argv[1], "template") == 0)
                return import_template(ctx, argc, argv);
        const char *kind = NULL, *path = NULL, *encoding = NULL;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--encoding") == 0 && i + 1 < argc)
                        encoding = argv[++i];
                else if (strncmp(argv[i], "--encoding=", 11) == 0)
                        encoding = argv[i] + 11;
                else if (argv[i][0] == '-' && argv[i][1] != '\0')
                        return cli_usage_error("import", "unknown option %s", argv[i]);
                else if (kind == NULL)
                        kind = argv[i];
                else if (path == NULL)
                        path = argv[i];
                else
                        return cli_usage_error("import", "unexpected argument %s", argv[i]);
        }
        if (kind == NULL || path == NULL)
                return cli_usage_error("import", "missing %s", kind ? "FILE" : "KIND");
        import_fn run = NULL;
        for (size_t i = 0; i < GL_ARRAY_LEN(kinds); i++)
                if (strcmp(kinds[i].kind, kind) == 0)
                        run = kinds[i].run;
        if (run == NULL)
                return cli_usage_error("import", "unknown kind %s", kind);
        if (encoding && strcmp(encoding, "utf-8") != 0 && strcmp(encoding, "gb18030") != 0)
                return cli_usage_error("import", "--encoding: utf-8 or gb18030");

        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor who = actor_system();
        struct import_progress progress = {.fn = show_progress};
        bool tty = isatty(STDERR_FILENO);
        struct import_report rep;
        struct gl_error err = {0};
        int rc = run(app, &who, path, encoding, tty ? &progress : NULL, &rep, &err);
        if (tty && progress.rows > 0)
                fprintf(stderr, "\r\033[K");
        int status = EXIT_OK;
        if (rc != GL_OK) {
                status = report_problems(&rep, &err);
        } else {
                printf("导入完成: 新增 %lld, 更新 %lld, 未变 %lld\n", (long long)rep.inserted,
                       (long long)rep.updated, (long long)rep.unchanged);
                if (rep.grades_kept > 0)
                        printf(
                            "其中 %lld 家企业处于激励性绩效分级的临时等级, 其绩效等级由该程序管理, "
                            "未按文件修改 (grades kept: held provisionally under measure 1; see "
                            "greenlane declaration list --state provisional)\n",
                            (long long)rep.grades_kept);
        }
        import_report_free(&rep);
        app_close(app);
        return status;
}

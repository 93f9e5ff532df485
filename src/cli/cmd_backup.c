/*
 * `greenlane backup FILE` writes the database, its audit key and its anchor log to FILE,
 * FILE.audit-key and FILE.audit-anchors while the server goes on, and verifies the copy;
 * `greenlane restore FILE [--force]` verifies a copy of the backup and then replaces the database
 * with it; `greenlane copy --to URL` copies the whole database to another backend (app/backup.h).
 * Progress goes to standard error when it is a terminal.
 */
#include "cli.h"

#include "../app/backup.h"

#include <string.h>
#include <unistd.h>

static void progress(int64_t done, int64_t total, void *ctx)
{
        const char *what = ctx;
        if (total > 0 && isatty(STDERR_FILENO))
                fprintf(stderr, "\r%s %lld/%lld 页 (pages) %3lld%%", what, (long long)done,
                        (long long)total, (long long)(done * 100 / total));
}

static void end_progress(void)
{
        if (isatty(STDERR_FILENO))
                fputc('\n', stderr);
}

static void print_report(const char *verb, const char *file, const struct backup_report *r)
{
        printf("%s: %s\n", verb, file);
        printf("数据库摘要 (BLAKE2b of the file): %s\n", r->digest);
        printf("审计记录 (audit records) %lld 条已校验, 业务数据 (sealed rows) %lld 行已校验, "
               "schema %lld\n",
               (long long)r->records, (long long)r->sealed_rows, (long long)r->schema);
        if (r->head_id > 0)
                printf("链头 (head) %lld:%s\n", (long long)r->head_id, r->head_hash);
}

int cmd_backup(struct cli_ctx *ctx, int argc, char **argv)
{
        (void)argv;
        if (argc != 2 || argv[1][0] == '-')
                return cli_usage_error("backup", "takes one argument: FILE");
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor sys = {.role = ROLE_SYSTEM};
        snprintf(sys.name, sizeof(sys.name), "system");
        struct backup_report r;
        struct gl_error err = {0};
        int rc = app_backup(app, &sys, argv[1], progress, "备份 (backup)", &r, &err);
        end_progress();
        app_close(app);
        if (rc != GL_OK)
                return cli_report(&err);
        print_report("已备份并校验 (backed up and verified)", argv[1], &r);
        return EXIT_OK;
}

int cmd_restore(struct cli_ctx *ctx, int argc, char **argv)
{
        const char *file = NULL;
        bool force = false;
        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--force") == 0)
                        force = true;
                else if (argv[i][0] == '-' || file != NULL)
                        return cli_usage_error("restore", "unknown argument %s", argv[i]);
                else
                        file = argv[i];
        }
        if (file == NULL)
                return cli_usage_error("restore", "takes one argument: FILE");
        struct backup_report r;
        struct gl_error err = {0};
        int rc = app_restore(file, ctx->db_url, force, progress, "恢复 (restore)", &r, &err);
        end_progress();
        if (rc != GL_OK)
                return cli_report(&err);
        print_report("已校验并恢复 (verified and restored)", file, &r);
        char shown[1024];
        app_url_shown(ctx->db_url, shown, sizeof(shown));
        printf("恢复到 (into) %s；已追加审计记录 db.restore (a record db.restore ends the chain)\n",
               shown);
        return EXIT_OK;
}

static void copy_progress(int64_t done, int64_t total, void *ctx)
{
        (void)ctx;
        if (total > 0 && isatty(STDERR_FILENO))
                fprintf(stderr, "\r复制 (copy) %lld/%lld 行 (rows) %3lld%%", (long long)done,
                        (long long)total, (long long)(done * 100 / total));
}

int cmd_copy(struct cli_ctx *ctx, int argc, char **argv)
{
        const char *to = NULL, *key = NULL, *anchors = NULL;
        for (int i = 1; i < argc; i++) {
                const char **slot = strcmp(argv[i], "--to") == 0           ? &to
                                    : strcmp(argv[i], "--to-key") == 0     ? &key
                                    : strcmp(argv[i], "--to-anchors") == 0 ? &anchors
                                                                           : NULL;
                if (slot == NULL)
                        return cli_usage_error("copy", "unknown argument %s", argv[i]);
                if (i + 1 >= argc || argv[i + 1][0] == '\0')
                        return cli_usage_error("copy", "%s needs a value", argv[i]);
                *slot = argv[++i];
        }
        if (to == NULL)
                return cli_usage_error("copy", "--to URL is required");
        struct copy_report r;
        struct gl_error err = {0};
        int rc = app_copy(ctx->db_url, to, key, anchors, copy_progress, NULL, &r, &err);
        end_progress();
        if (rc != GL_OK)
                return cli_report(&err);
        char from_shown[1024], to_shown[1024];
        app_url_shown(ctx->db_url, from_shown, sizeof(from_shown));
        app_url_shown(to, to_shown, sizeof(to_shown));
        printf("已复制并校验 (copied and verified): %s -> %s\n", from_shown, to_shown);
        printf("%lld 张表 (tables), %lld 行 (rows), schema %lld\n", (long long)r.tables,
               (long long)r.rows, (long long)r.schema);
        printf("审计记录 (audit records) %lld 条已校验, 业务数据 (sealed rows) %lld 行已校验\n",
               (long long)r.records, (long long)r.sealed_rows);
        if (r.head_id > 0)
                printf("链头 (head) %lld:%s；已追加审计记录 db.copy (a record db.copy ends the "
                       "chain)\n",
                       (long long)r.head_id, r.head_hash);
        return EXIT_OK;
}

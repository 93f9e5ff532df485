/*
 * The options, actor and file reading shared by the procedure commands (cli_procedure.h).
 */
#include "cli_procedure.h"

#include "../app/user.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cli_procedure_option(const char *command, int argc, char **argv, int *i,
                         struct cli_procedure_options *o)
{
        const char *a = argv[*i];
        if (strcmp(a, "--today") == 0) {
                if (*i + 1 >= argc || date_parse_iso(argv[*i + 1], &o->today) != GL_OK)
                        return -cli_usage_error(command,
                                                "--today: 需要有效日期 YYYY-MM-DD (a valid date)");
                (*i)++;
                return 1;
        }
        if (strcmp(a, "--as") == 0) {
                if (*i + 1 >= argc || argv[*i + 1][0] == '\0')
                        return -cli_usage_error(command, "--as: 需要用户名 (a user name)");
                o->as = argv[++*i];
                return 1;
        }
        if (strcmp(a, "--expect-version") == 0) {
                char *end = NULL;
                long long v = *i + 1 < argc ? strtoll(argv[*i + 1], &end, 10) : 0;
                if (*i + 1 >= argc || *end != '\0' || v <= 0)
                        return -cli_usage_error(command,
                                                "--expect-version: 需要正整数 (a positive number)");
                o->expect_version = v;
                (*i)++;
                return 1;
        }
        return 0;
}

int cli_procedure_actor(struct app *app, struct cli_procedure_options *o, struct actor *out)
{
        if (o->today == GL_DATE_NONE)
                o->today = app_today_local();
        if (o->as == NULL) {
                *out = actor_system();
                return EXIT_OK;
        }
        struct user_record u;
        memset(&u, 0, sizeof(u));
        struct gl_error err = {0};
        struct actor operator= actor_system();
        int rc = app_user_get(app, &operator, o->as, &u, &err);
        if (rc == GL_ENOTFOUND || (rc == GL_OK && u.disabled))
                return cli_report(&(struct gl_error){
                    GL_ENOTFOUND, "--as", "没有该用户或已停用 (no such user, or disabled)"});
        if (rc != GL_OK) {
                char message[sizeof(err.message)];
                memcpy(message, err.message, sizeof(message));
                gl_fail(&err, GL_EDB, "--as", "读取用户失败: %s", message);
                return cli_report(&err);
        }
        *out = user_actor(app, &u);
        return EXIT_OK;
}

int cli_procedure_read_file(const char *path, size_t max, unsigned char **data, size_t *size,
                            struct gl_error *err)
{
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                return gl_fail(err, GL_EIO, path, "无法打开文件 (cannot open): %s",
                               strerror(errno));
        size_t cap = 4096, n = 0;
        unsigned char *buf = malloc(cap);
        int rc = GL_OK;
        while (buf != NULL) {
                if (n == cap) {
                        unsigned char *bigger = realloc(buf, cap * 2);
                        if (bigger == NULL) {
                                rc = gl_fail(err, GL_ENOMEM, path, "out of memory");
                                break;
                        }
                        buf = bigger;
                        cap *= 2;
                }
                size_t got = fread(buf + n, 1, cap - n, f);
                n += got;
                if (n > max) {
                        rc = gl_fail(err, GL_ELIMIT, path, "文件超过 %zu 字节 (file too large)",
                                     max);
                        break;
                }
                if (got == 0) {
                        if (ferror(f))
                                rc = gl_fail(err, GL_EIO, path, "读取失败 (read error)");
                        break;
                }
        }
        fclose(f);
        if (buf == NULL && rc == GL_OK)
                rc = gl_fail(err, GL_ENOMEM, path, "out of memory");
        if (rc != GL_OK) {
                free(buf);
                return rc;
        }
        *data = buf;
        *size = n;
        return GL_OK;
}

int cli_documents_add(const char *command, struct cli_documents *docs, const char *spec)
{
        const char *eq = strchr(spec, '=');
        if (eq == NULL || eq == spec || eq[1] == '\0')
                return cli_usage_error(
                    command, "--document: '%s' 应为 NAME=FILE (expected NAME=FILE)", spec);
        if (docs->n == CASE_DOCUMENTS_MAX)
                return cli_usage_error(command, "--document: 材料过多 (too many documents)");
        const char *path = eq + 1;
        size_t size = 0;
        unsigned char *data = NULL;
        struct gl_error err = {0};
        if (cli_procedure_read_file(path, CASE_DOCUMENT_MAX_BYTES, &data, &size, &err) != GL_OK)
                return cli_report(&err);
        char *name = strndup(spec, (size_t)(eq - spec));
        if (name == NULL) {
                free(data);
                return EXIT_FAIL;
        }
        const char *slash = strrchr(path, '/');
        docs->data[docs->n] = data;
        docs->items[docs->n++] =
            (struct case_document_input){name, slash ? slash + 1 : path, data, size};
        return EXIT_OK;
}

void cli_documents_free(struct cli_documents *docs)
{
        for (size_t i = 0; i < docs->n; i++) {
                free((char *)docs->items[i].name);
                free(docs->data[i]);
        }
        docs->n = 0;
}

/*
 * `greenlane message list [--unread] [--page N] [--per-page M] [--json] [--as USER]` prints one
 * page (20 a page unless --per-page says, at most 100) of the messages (站内消息) of the inbox of
 * the user of --as, newest first, unread marked, each with its Chinese title and body, then the
 * number listed on all pages and the number unread; `greenlane message read ID --as USER` marks one
 * read. An enterprise user's inbox holds what the steps others took on its enterprise's cases told
 * it (app/message.h); the system actor and the other roles have none yet. Another enterprise's
 * message is not found (exit 1).
 */
#include "cli.h"
#include "cli_procedure.h"

#include "../app/message.h"
#include "../io/message_json.h"

#include <stdlib.h>
#include <string.h>

#define NAME "message"

struct list_ctx {
        json_t *items; /* with --json */
        int64_t count;
};

static int print_message(const struct message *m, void *p)
{
        struct list_ctx *l = p;
        l->count++;
        if (l->items) {
                json_t *o = message_json(m);
                return o && json_array_append_new(l->items, o) == 0 ? 0 : GL_ENOMEM;
        }
        printf("#%lld\t%s\t%s\t%s\n", (long long)m->id, m->read_at[0] ? "已读" : "未读",
               m->created_at, m->title);
        const char *line = m->body;
        while (line && *line) {
                const char *end = strchr(line, '\n');
                size_t n = end ? (size_t)(end - line) : strlen(line);
                printf("\t%.*s\n", (int)n, line);
                line += n + (end ? 1 : 0);
        }
        return 0;
}

static int list(struct app *app, const struct actor *who, const struct message_query *q, bool json)
{
        struct list_ctx l = {.items = json ? json_array() : NULL};
        struct gl_error err = {0};
        int64_t total = 0, unread = 0;
        if ((json && l.items == NULL) ||
            app_message_list(app, who, q, print_message, &l, &total, &err) != GL_OK ||
            app_message_unread_count(app, who, &unread, &err) != GL_OK) {
                json_decref(l.items);
                if (err.status == GL_OK)
                        gl_fail(&err, GL_ENOMEM, "", "out of memory");
                return cli_report(&err);
        }
        if (json) {
                json_t *o = message_page_json(l.items, total, unread, q->page, q->per_page);
                char *text = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
                json_decref(o);
                if (text == NULL)
                        return EXIT_FAIL;
                printf("%s\n", text);
                free(text);
                return EXIT_OK;
        }
        printf("共 %lld 条，未读 %lld 条 (%lld messages, %lld unread)\n", (long long)total,
               (long long)unread, (long long)total, (long long)unread);
        if (total > q->per_page || q->page > 1) {
                int64_t pages = total > 0 ? (total + q->per_page - 1) / q->per_page : 1;
                printf("第 %lld/%lld 页，本页 %lld 条 (page %lld of %lld, %lld shown)\n",
                       (long long)q->page, (long long)pages, (long long)l.count, (long long)q->page,
                       (long long)pages, (long long)l.count);
        }
        return EXIT_OK;
}

/* The number after --page or --per-page, from 1 to max; a usage error otherwise. */
static int page_option(int argc, char **argv, int *i, int64_t max, int64_t *out)
{
        const char *opt = argv[*i];
        char *end = NULL;
        long long v = *i + 1 < argc ? strtoll(argv[*i + 1], &end, 10) : 0;
        if (*i + 1 >= argc || argv[*i + 1][0] == '\0' || *end != '\0' || v < 1 || v > max)
                return cli_usage_error(NAME, "%s: 需要 1 至 %lld 的整数 (a number from 1 to %lld)",
                                       opt, (long long)max, (long long)max);
        *out = v;
        (*i)++;
        return EXIT_OK;
}

int cmd_message(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error(NAME, "缺少子命令 (missing subcommand)");
        bool read = strcmp(argv[1], "read") == 0;
        if (!read && strcmp(argv[1], "list") != 0)
                return cli_usage_error(NAME, "未知子命令 (unknown subcommand) %s", argv[1]);
        struct cli_procedure_options o = {.today = GL_DATE_NONE};
        struct message_query q = {.page = 1, .per_page = MESSAGE_PER_PAGE};
        bool json = false;
        const char *id_text = NULL;
        for (int i = 2; i < argc; i++) {
                if (!read && strcmp(argv[i], "--unread") == 0) {
                        q.unread_only = true;
                        continue;
                }
                if (!read && strcmp(argv[i], "--page") == 0) {
                        if (page_option(argc, argv, &i, MESSAGE_PAGE_MAX, &q.page) != EXIT_OK)
                                return EXIT_USAGE;
                        continue;
                }
                if (!read && strcmp(argv[i], "--per-page") == 0) {
                        if (page_option(argc, argv, &i, MESSAGE_PER_PAGE_MAX, &q.per_page) !=
                            EXIT_OK)
                                return EXIT_USAGE;
                        continue;
                }
                if (!read && strcmp(argv[i], "--json") == 0) {
                        json = true;
                        continue;
                }
                int used = cli_procedure_option(NAME, argc, argv, &i, &o);
                if (used < 0)
                        return EXIT_USAGE;
                if (used > 0 && o.expect_version == 0 && o.today == GL_DATE_NONE)
                        continue;
                if (used > 0 || argv[i][0] == '-' || !read || id_text)
                        return cli_usage_error(NAME, "未知参数 (unknown argument) %s", argv[i]);
                id_text = argv[i];
        }
        char *end = NULL;
        long long id = id_text ? strtoll(id_text, &end, 10) : 0;
        if (read && (id_text == NULL || *end != '\0' || id <= 0))
                return cli_usage_error(NAME, "read 需要消息编号 ID (needs a message ID)");
        if (read && o.as == NULL)
                return cli_usage_error(NAME, "read 需要 --as USER (needs --as)");
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        struct actor who;
        int rc = cli_procedure_actor(app, &o, &who);
        if (rc == EXIT_OK && read) {
                struct gl_error err = {0};
                if (app_message_read(app, &who, id, &err) != GL_OK)
                        rc = cli_report(&err);
                else
                        printf("消息 #%lld 已读 (marked read)\n", id);
        } else if (rc == EXIT_OK) {
                rc = list(app, &who, &q, json);
        }
        app_close(app);
        return rc;
}

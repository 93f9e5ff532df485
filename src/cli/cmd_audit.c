/*
 * `greenlane audit verify` recomputes the hash chain of the audit trail and names the first broken
 * record, checks it against the anchor log (and --anchor-log FILE, e.g. the syslog file the
 * anchors were sent to), then every business row against its seal, and prints the head of the
 * chain to be noted outside the database; with --anchor it checks that a head noted earlier still
 * stands; `greenlane audit seal` seals again, with an audit record of its own, the rows a verify
 * finds changed outside greenlane (a correction approved out of band, rows loaded by hand);
 * `greenlane audit list` prints the newest records.
 */
#include "cli.h"

#include "../app/audit.h"

#include <stdlib.h>
#include <string.h>

/* Parses "ID:HASH" as noted from an earlier verify. */
static bool parse_anchor(const char *text, int64_t *id, char hash[129])
{
        char *end = NULL;
        long long n = strtoll(text, &end, 10);
        if (end == text || *end != ':' || n < 1 || strlen(end + 1) != 64)
                return false;
        for (const char *p = end + 1; *p; p++)
                if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
                        return false;
        *id = n;
        snprintf(hash, 129, "%s", end + 1);
        return true;
}

/* anchor_id 0: no anchor to check; log NULL: no other anchor log. */
static int verify(struct app *app, int64_t anchor_id, const char *anchor_hash, const char *log)
{
        struct audit_verify_result res;
        struct gl_error err = {0};
        if (audit_verify(app, log, &res, &err) != GL_OK)
                return cli_report(&err);
        if (res.first_broken_id != 0) {
                fprintf(stderr, "审计链断裂 (audit chain broken) at record %lld: %s\n",
                        (long long)res.first_broken_id, res.reason);
                return EXIT_FAIL;
        }
        if (res.anchor_broken_line != 0) {
                fprintf(stderr, "审计链与锚点日志不符 (the anchor log does not hold): %s\n",
                        res.reason);
                return EXIT_FAIL;
        }
        if (anchor_id != 0) {
                int64_t id = anchor_id;
                bool holds = false;
                if (audit_check_anchor(app, id, anchor_hash, &holds, &err) != GL_OK)
                        return cli_report(&err);
                if (!holds) {
                        fprintf(stderr,
                                "审计链与锚点不符 (anchor does not hold): 记录 %lld 已被删除或改写 "
                                "(record %lld was removed or rewritten)\n",
                                (long long)id, (long long)id);
                        return EXIT_FAIL;
                }
        }
        if (res.broken_row[0]) {
                fprintf(stderr, "业务数据与审计记录不符 (a business row does not hold): %s\n",
                        res.reason);
                return EXIT_FAIL;
        }
        printf("审计链完整 (audit chain intact): %lld records, %lld anchors, %lld sealed rows\n",
               (long long)res.records, (long long)res.anchors, (long long)res.sealed_rows);
        if (res.head_id)
                printf("链头 (head): %lld:%s\n", (long long)res.head_id, res.head_hash);
        return EXIT_OK;
}

static int print_record(const struct audit_record *r, void *ctx)
{
        (void)ctx;
        printf("%lld\t%s\t%s\t%s\t%s:%s\t%s\n", (long long)r->id, r->at, r->actor, r->action,
               r->entity_type, r->entity_id, r->detail);
        return 0;
}

static int list(struct app *app, int argc, char **argv)
{
        long limit = 50;
        char type[64] = "", id[128] = "";
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--limit") == 0 && i + 1 < argc) {
                        char *end;
                        limit = strtol(argv[++i], &end, 10);
                        if (*end || limit < 1 || limit > 100000)
                                return cli_usage_error("audit",
                                                       "--limit: a number from 1 to 100000");
                } else if (strcmp(argv[i], "--entity") == 0 && i + 1 < argc) {
                        const char *e = argv[++i];
                        const char *colon = strchr(e, ':');
                        snprintf(type, sizeof(type), "%.*s",
                                 (int)(colon ? (size_t)(colon - e) : strlen(e)), e);
                        if (colon)
                                snprintf(id, sizeof(id), "%s", colon + 1);
                } else {
                        return cli_usage_error("audit", "unknown argument %s", argv[i]);
                }
        }
        struct actor who = actor_system();
        struct gl_error err = {0};
        if (app_audit_page(app, &who, 0, (int)limit, type, id, print_record, NULL, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

static int reseal(struct app *app, int argc, char **argv)
{
        bool dry_run = false;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--dry-run") != 0)
                        return cli_usage_error("audit", "seal takes only --dry-run");
                dry_run = true;
        }
        struct actor who = actor_system();
        struct gl_error err = {0};
        int64_t rows = 0, record = 0;
        if (app_seal_repair(app, &who, dry_run, &rows, &record, &err) != GL_OK)
                return cli_report(&err);
        if (dry_run)
                printf("封记不符的行 (rows whose seal does not hold): %lld\n", (long long)rows);
        else if (rows == 0)
                printf("每一行的封记都相符，未作改动 (every seal holds; nothing changed)\n");
        else
                printf(
                    "已重新封记 %lld 行，审计记录 %lld (resealed %lld rows, audit record %lld)\n",
                    (long long)rows, (long long)record, (long long)rows, (long long)record);
        return EXIT_OK;
}

int cmd_audit(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error("audit", "missing subcommand");
        bool is_verify = strcmp(argv[1], "verify") == 0;
        bool is_seal = strcmp(argv[1], "seal") == 0;
        if (!is_verify && !is_seal && strcmp(argv[1], "list") != 0)
                return cli_usage_error("audit", "unknown subcommand %s", argv[1]);
        int64_t anchor_id = 0;
        char anchor_hash[129] = "";
        const char *log = NULL;
        for (int i = 2; is_verify && i < argc; i += 2) {
                bool anchor = strcmp(argv[i], "--anchor") == 0;
                if (!anchor && strcmp(argv[i], "--anchor-log") != 0)
                        return cli_usage_error("audit", "unknown argument %s", argv[i]);
                if (i + 1 >= argc)
                        return cli_usage_error("audit", "%s: a value is missing", argv[i]);
                if (!anchor)
                        log = argv[i + 1];
                else if (!parse_anchor(argv[i + 1], &anchor_id, anchor_hash))
                        return cli_usage_error("audit", "--anchor: ID:HASH as printed by verify");
        }
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        int rc = is_verify ? verify(app, anchor_id, anchor_hash, log)
                 : is_seal ? reseal(app, argc, argv)
                           : list(app, argc, argv);
        app_close(app);
        return rc;
}

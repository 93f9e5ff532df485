/*
 * Hash chain of the audit trail. A record's digest is BLAKE2b-256 of its detail text; its hash is
 * BLAKE2b-256 over the previous record's hash and the record's own fields, each prefixed by its
 * length so that no two different records encode alike, keyed with the database's audit key (a
 * file outside the database: whoever can write the database but not read the key cannot make a
 * changed record's chain whole again). Records written before the key existed keep their plain
 * hash (keyed = 0). Hashes are stored as lowercase hex.
 *
 * After every commit that appended records, the newest one's id and hash go to the anchor log
 * beside the database, each line with its keyed MAC: `audit verify` checks the chain against every
 * line, so records removed from the end, or a chain rebuilt with another key, are found.
 */
#include "audit.h"

#include "scope.h"
#include "seal.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <syslog.h>
#include <time.h>
#include <unistd.h>

#define HASH_BYTES crypto_generichash_BYTES /* 32 */

static void digest_text(const char *text, char out[129])
{
        unsigned char h[HASH_BYTES];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
        gl_hex_encode(h, sizeof(h), out);
}

static void feed(crypto_generichash_state *s, const char *field)
{
        char len[24];
        int n = snprintf(len, sizeof(len), "%zu:", strlen(field));
        crypto_generichash_update(s, (const unsigned char *)len, (size_t)n);
        crypto_generichash_update(s, (const unsigned char *)field, strlen(field));
}

static void chain_hash(const struct app *app, const struct audit_record *r, char out[129])
{
        crypto_generichash_state s;
        unsigned char h[HASH_BYTES];
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)r->id);
        if (r->keyed)
                crypto_generichash_init(&s, app->audit_key, sizeof(app->audit_key), sizeof(h));
        else
                crypto_generichash_init(&s, NULL, 0, sizeof(h));
        feed(&s, r->prev_hash);
        feed(&s, id);
        feed(&s, r->at);
        feed(&s, r->actor);
        feed(&s, r->action);
        feed(&s, r->entity_type);
        feed(&s, r->entity_id);
        feed(&s, r->digest);
        crypto_generichash_final(&s, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
}

int audit_append(struct app *app, const struct actor *who, const char *action,
                 const char *entity_type, const char *entity_id, const char *detail,
                 struct gl_error *err)
{
        struct audit_record r = {0};
        int64_t last_id = 0;
        if (audit_store_last(app->db, &last_id, r.prev_hash) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        r.id = last_id + 1;
        app_now_iso(r.at);
        snprintf(r.actor, sizeof(r.actor), "%s", who->name);
        snprintf(r.action, sizeof(r.action), "%s", action);
        snprintf(r.entity_type, sizeof(r.entity_type), "%s", entity_type);
        snprintf(r.entity_id, sizeof(r.entity_id), "%s", entity_id ? entity_id : "");
        r.detail = (char *)(detail ? detail : "{}");
        digest_text(r.detail, r.digest);
        r.keyed = true;
        chain_hash(app, &r, r.hash);
        if (audit_store_insert(app->db, &r) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        app->pending_id = r.id;
        memcpy(app->pending_hash, r.hash, sizeof(app->pending_hash));
        enum seal_kind kind;
        return seal_kind_of_audit(entity_type, &kind) ? app_seal(app, kind, r.entity_id, r.id, err)
                                                      : GL_OK;
}

/* The MAC of an anchor line: keyed BLAKE2b-256 of "anchor ID HASH". */
static void anchor_mac(const struct app *app, int64_t id, const char *hash, char out[65])
{
        char text[200];
        snprintf(text, sizeof(text), "anchor %lld %s", (long long)id, hash);
        unsigned char h[HASH_BYTES];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), app->audit_key,
                           sizeof(app->audit_key));
        gl_hex_encode(h, sizeof(h), out);
}

/*
 * Sends the anchor line to the syslog socket named by GREENLANE_AUDIT_SYSLOG (e.g. /dev/log), as
 * "<PRI>greenlane[PID]: audit-anchor ID HASH MAC", facility authpriv, severity notice: a copy
 * outside this machine's reach when syslog forwards it. One datagram; a failure is said, not fatal.
 */
static void publish_syslog(const char *anchor)
{
        const char *path = getenv("GREENLANE_AUDIT_SYSLOG");
        if (path == NULL || path[0] == '\0')
                return;
        struct sockaddr_un to = {.sun_family = AF_UNIX};
        if (strlen(path) >= sizeof(to.sun_path)) {
                fprintf(stderr, "greenlane: GREENLANE_AUDIT_SYSLOG 路径过长 (path too long): %s\n",
                        path);
                return;
        }
        memcpy(to.sun_path, path, strlen(path) + 1);
        char msg[400];
        int n = snprintf(msg, sizeof(msg), "<%d>greenlane[%ld]: audit-anchor %s",
                         LOG_AUTHPRIV | LOG_NOTICE, (long)getpid(), anchor);
        int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
        if (fd < 0 ||
            sendto(fd, msg, (size_t)n, MSG_NOSIGNAL, (struct sockaddr *)&to, sizeof(to)) != n)
                fprintf(stderr,
                        "greenlane: 无法把审计锚点发往 syslog %s (cannot send the anchor to "
                        "syslog): %s\n",
                        path, strerror(errno));
        if (fd >= 0)
                close(fd);
}

void app_audit_publish(struct app *app)
{
        if (app->pending_id == 0 || app->anchor_path[0] == '\0')
                return;
        char mac[65], line[300];
        anchor_mac(app, app->pending_id, app->pending_hash, mac);
        int n = snprintf(line, sizeof(line), "%lld %s %s\n", (long long)app->pending_id,
                         app->pending_hash, mac);
        app->pending_id = 0;
        /* One write of one line with O_APPEND: lines of several processes do not interleave. */
        int fd = open(app->anchor_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0 || write(fd, line, (size_t)n) != n)
                fprintf(stderr,
                        "greenlane: 无法写入审计锚点 %s (cannot append the audit anchor): %s\n",
                        app->anchor_path, strerror(errno));
        if (fd >= 0)
                close(fd);
        line[n - 1] = '\0';
        publish_syslog(line);
}

/*
 * The key file: the key as 64 hex digits on its first line, and "keyed-from N" on its second, N
 * the first record the key made (every later one must be keyed, so that a chain rebuilt plain is
 * found); files without the second line come from before it (*keyed_from 0: unknown).
 */
static int read_key(const char *path, unsigned char key[32], int64_t *keyed_from,
                    struct gl_error *err)
{
        FILE *f = fopen(path, "re");
        if (f == NULL)
                return errno == ENOENT
                           ? GL_ENOTFOUND
                           : gl_fail(err, GL_EIO, "audit_key",
                                     "无法读取审计密钥 %s (cannot read the audit key): %s", path,
                                     strerror(errno));
        char hex[80] = "", from[80] = "";
        bool ok = fgets(hex, sizeof(hex), f) != NULL;
        bool second = ok && fgets(from, sizeof(from), f) != NULL;
        fclose(f);
        size_t len = 0;
        ok = ok && sodium_hex2bin(key, 32, hex, strlen(hex), "\n", &len, NULL) == 0 && len == 32;
        sodium_memzero(hex, sizeof(hex));
        long long n = 0;
        char end = 0;
        if (ok && second &&
            (sscanf(from, "keyed-from %lld%c", &n, &end) != 2 || end != '\n' || n < 1))
                ok = false;
        if (!ok)
                return gl_fail(err, GL_EIO, "audit_key",
                               "审计密钥文件 %s 无效 (the audit key file is not 64 hex digits and "
                               "a line keyed-from N)",
                               path);
        *keyed_from = second ? n : 0;
        return GL_OK;
}

/* The anchor log of a database whose key was just made, empty, before any record it keys can
 * commit: a crash between a commit and its anchor line leaves a log without that line (which
 * verifies), never a keyed chain without a log (which does not). */
static int make_anchor_log(const char *path, struct gl_error *err)
{
        int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        bool ok = fd >= 0 && fsync(fd) == 0;
        if (fd >= 0)
                close(fd);
        if (!ok)
                return gl_fail(err, GL_EIO, "anchors",
                               "无法创建审计锚点日志 %s (cannot create the anchor log): %s", path,
                               strerror(errno));
        return GL_OK;
}

void app_audit_paths(const char *url, char *key_path, size_t key_size, char *anchor_path,
                     size_t anchor_size)
{
        const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
        const char *key = getenv("GREENLANE_AUDIT_KEY");
        const char *anchors = getenv("GREENLANE_AUDIT_ANCHORS");
        snprintf(key_path, key_size, "%s%s", key && *key ? key : path,
                 key && *key ? "" : ".audit-key");
        snprintf(anchor_path, anchor_size, "%s%s", anchors && *anchors ? anchors : path,
                 anchors && *anchors ? "" : ".audit-anchors");
}

int app_audit_setup(struct app *app, const char *url, bool fresh, struct gl_error *err)
{
        const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
        app->pending_id = 0;
        if (strcmp(path, ":memory:") == 0 || strncmp(path, "file::memory:", 13) == 0) {
                randombytes_buf(app->audit_key, sizeof(app->audit_key));
                app->keyed_from = 1;
                app->key_path[0] = app->anchor_path[0] = '\0';
                return GL_OK;
        }
        if (db_sqlite_path(url) == NULL) {
                const char *key = getenv("GREENLANE_AUDIT_KEY");
                const char *anchors = getenv("GREENLANE_AUDIT_ANCHORS");
                if (key == NULL || key[0] == '\0' || anchors == NULL || anchors[0] == '\0')
                        return gl_fail(err, GL_EINVAL, "audit_key",
                                       "PostgreSQL 数据库的审计密钥与锚点日志须由 "
                                       "GREENLANE_AUDIT_KEY 与 GREENLANE_AUDIT_ANCHORS 指明 (name "
                                       "the audit key and anchor log of a PostgreSQL database "
                                       "with GREENLANE_AUDIT_KEY and GREENLANE_AUDIT_ANCHORS)");
        }
        app_audit_paths(url, app->key_path, sizeof(app->key_path), app->anchor_path,
                        sizeof(app->anchor_path));
        struct stat st;
        if (fresh && stat(app->anchor_path, &st) == 0) {
                char aside[1100];
                snprintf(aside, sizeof(aside), "%s.before-%lld", app->anchor_path,
                         (long long)time(NULL));
                if (rename(app->anchor_path, aside) != 0)
                        return gl_fail(err, GL_EIO, "anchors",
                                       "无法移开旧的审计锚点 %s (cannot move the anchor log of a "
                                       "former database aside): %s",
                                       app->anchor_path, strerror(errno));
        }
        int rc = read_key(app->key_path, app->audit_key, &app->keyed_from, err);
        if (rc != GL_ENOTFOUND)
                return rc;
        int64_t last = 0;
        char last_hash[129];
        if (audit_store_last(app->db, &last, last_hash) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        /* First use of this database: its key is made, readable by its owner only. O_EXCL: of two
         * processes starting at once, the second reads the first one's. */
        unsigned char made[32];
        char hex[65];
        randombytes_buf(made, sizeof(made));
        gl_hex_encode(made, sizeof(made), hex);
        int fd = open(app->key_path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd >= 0) {
                char line[120];
                int n = snprintf(line, sizeof(line), "%s\nkeyed-from %lld\n", hex,
                                 (long long)(last + 1));
                bool ok = write(fd, line, (size_t)n) == n && fsync(fd) == 0;
                close(fd);
                sodium_memzero(line, sizeof(line));
                if (!ok) {
                        unlink(app->key_path);
                        rc = gl_fail(err, GL_EIO, "audit_key",
                                     "无法写入审计密钥 %s (cannot write the audit key)",
                                     app->key_path);
                } else {
                        memcpy(app->audit_key, made, sizeof(made));
                        app->keyed_from = last + 1;
                        rc = make_anchor_log(app->anchor_path, err);
                }
        } else if (errno == EEXIST) {
                rc = read_key(app->key_path, app->audit_key, &app->keyed_from, err);
        } else {
                rc = gl_fail(err, GL_EIO, "audit_key",
                             "无法创建审计密钥 %s (cannot create the audit key): %s", app->key_path,
                             strerror(errno));
        }
        sodium_memzero(made, sizeof(made));
        sodium_memzero(hex, sizeof(hex));
        return rc;
}

struct verify_ctx {
        const struct app *app;
        struct audit_verify_result *out;
        char prev_hash[129];
        int64_t prev_id;
        bool keyed_seen; /* a keyed record came: every later one must be */
};

static int verify_one(const struct audit_record *r, void *p)
{
        struct verify_ctx *c = p;
        struct audit_verify_result *out = c->out;
        char expect[129];
        out->records++;
        if (r->id != c->prev_id + 1)
                snprintf(out->reason, sizeof(out->reason),
                         "记录 %lld 之前缺少记录 %lld (record missing)", (long long)r->id,
                         (long long)(c->prev_id + 1));
        else if (strcmp(r->prev_hash, c->prev_hash) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "前一记录哈希不符 (prev_hash does not match the previous record)");
        else if (digest_text(r->detail, expect), strcmp(expect, r->digest) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "内容摘要不符 (detail was altered: digest mismatch)");
        else if (c->keyed_seen && !r->keyed)
                snprintf(out->reason, sizeof(out->reason),
                         "加密钥记录之后出现未加密钥的记录 (a plain record after keyed ones)");
        else if (!r->keyed && c->app->keyed_from > 0 && r->id >= c->app->keyed_from)
                snprintf(out->reason, sizeof(out->reason),
                         "密钥文件载明自记录 %lld 起均加密钥，此记录却未加 (a plain record where "
                         "the key file says every record from %lld on is keyed)",
                         (long long)c->app->keyed_from, (long long)c->app->keyed_from);
        else if (chain_hash(c->app, r, expect), strcmp(expect, r->hash) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "记录哈希不符 (a field was altered, or the chain rebuilt without the key: "
                         "hash mismatch)");
        else {
                c->keyed_seen = c->keyed_seen || r->keyed;
                snprintf(c->prev_hash, sizeof(c->prev_hash), "%s", r->hash);
                c->prev_id = r->id;
                out->head_id = r->id;
                snprintf(out->head_hash, sizeof(out->head_hash), "%s", r->hash);
                return 0;
        }
        out->first_broken_id = r->id;
        return 1;
}

/*
 * Every line of an anchor log: its MAC, and the record it names still there with that hash. A
 * line is "ID HASH MAC", or holds "audit-anchor ID HASH MAC" (a line of syslog); other lines of a
 * syslog file are skipped when syslog is true.
 */
static int check_anchor_log(struct app *app, const char *path, bool syslog, long limit,
                            struct audit_verify_result *out, struct gl_error *err)
{
        FILE *f = fopen(path, "re");
        if (f == NULL)
                return gl_fail(err, GL_EIO, "anchors", "无法读取审计锚点 %s (cannot read): %s",
                               path, strerror(errno));
        char line[2048];
        int64_t n = 0;
        long read = 0;
        while ((limit < 0 || read < limit) && fgets(line, sizeof(line), f) != NULL &&
               out->first_broken_id == 0 && out->anchor_broken_line == 0) {
                read += (long)strlen(line);
                n++;
                const char *at = strstr(line, "audit-anchor ");
                if (at == NULL && syslog)
                        continue;
                at = at ? at + strlen("audit-anchor ") : line;
                long long id = 0;
                char hash[129] = "", mac[129] = "", want[65];
                bool holds = false;
                if (sscanf(at, "%lld %128s %128s", &id, hash, mac) != 3) {
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s 第 %lld 行格式不对 (anchor line unreadable)", path,
                                 (long long)n);
                } else if (anchor_mac(app, id, hash, want), strcmp(want, mac) != 0) {
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s 第 %lld 行的校验码不符 (anchor line forged)", path,
                                 (long long)n);
                } else if (audit_check_anchor(app, id, hash, &holds, err) != GL_OK) {
                        fclose(f);
                        return GL_EDB;
                } else if (!holds) {
                        snprintf(out->reason, sizeof(out->reason),
                                 "%s 第 %lld 行记载的记录 %lld 已被删除或改动 (record %lld, "
                                 "published, is gone or changed)",
                                 path, (long long)n, id, id);
                } else {
                        out->anchors++;
                        continue;
                }
                out->anchor_broken_line = n;
        }
        fclose(f);
        return GL_OK;
}

/* The anchor log beside the database, of size bytes when verify began (-1: there was none): there
 * whenever the chain holds keyed records. Lines appended since name records after the snapshot
 * verified and are left for the next verify. */
static int check_anchors(struct app *app, long size, struct audit_verify_result *out,
                         struct gl_error *err)
{
        if (app->anchor_path[0] == '\0')
                return GL_OK;
        if (size < 0) {
                bool keyed = false;
                if (audit_store_has_keyed(app->db, &keyed) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
                if (keyed) {
                        out->anchor_broken_line = -1;
                        snprintf(
                            out->reason, sizeof(out->reason),
                            "审计锚点日志 %.400s 缺失，而审计链已有加密钥的记录 (the anchor log "
                            "is missing; it was written with every keyed record: restore it, "
                            "or name it with GREENLANE_AUDIT_ANCHORS)",
                            app->anchor_path);
                }
                return GL_OK;
        }
        return check_anchor_log(app, app->anchor_path, false, size, out, err);
}

static int verify_snapshot(struct app *app, const char *extra_log, long anchors_size,
                           struct audit_verify_result *out, struct gl_error *err)
{
        struct verify_ctx c = {.app = app, .out = out};
        int rc = audit_store_each(app->db, verify_one, &c);
        if (rc < 0)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        if (out->first_broken_id == 0 && (rc = check_anchors(app, anchors_size, out, err)) != GL_OK)
                return rc;
        if (extra_log && out->first_broken_id == 0 && out->anchor_broken_line == 0 &&
            (rc = check_anchor_log(app, extra_log, true, -1, out, err)) != GL_OK)
                return rc;
        if (out->first_broken_id == 0 && out->anchor_broken_line == 0) {
                struct seal_verify_result seals;
                if ((rc = seal_verify(app, out->head_id, &seals, err)) != GL_OK)
                        return rc;
                out->sealed_rows = seals.rows;
                snprintf(out->broken_row, sizeof(out->broken_row), "%s", seals.entity);
                if (seals.entity[0])
                        snprintf(out->reason, sizeof(out->reason), "%s", seals.reason);
        }
        out->intact =
            out->first_broken_id == 0 && out->anchor_broken_line == 0 && out->broken_row[0] == '\0';
        return GL_OK;
}

int audit_verify(struct app *app, const char *extra_log, struct audit_verify_result *out,
                 struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        /* The anchor log as it is before the snapshot: each of its lines names a record committed
         * before, so visible in it. */
        struct stat st;
        long size = -1;
        if (app->anchor_path[0] && stat(app->anchor_path, &st) == 0)
                size = (long)st.st_size;
        else if (app->anchor_path[0] && errno != ENOENT)
                return gl_fail(err, GL_EIO, "anchors", "无法读取审计锚点 %s: %s", app->anchor_path,
                               strerror(errno));
        if (db_begin_read(app->db) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        int rc = verify_snapshot(app, extra_log, size, out, err);
        db_rollback(app->db);
        return rc;
}

int audit_check_anchor(struct app *app, int64_t id, const char *hash, bool *holds,
                       struct gl_error *err)
{
        char stored[129];
        int rc = audit_store_hash_of(app->db, id, stored);
        if (rc == GL_ENOTFOUND) {
                *holds = false;
                return GL_OK;
        }
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        *holds = strcmp(stored, hash) == 0;
        return GL_OK;
}

struct page_ctx {
        int (*fn)(const struct audit_record *r, void *ctx);
        void *ctx;
        int failed; /* the callback's negative status, or 0 */
};

static int page_one(const struct audit_record *r, void *p)
{
        struct page_ctx *c = p;
        int got = c->fn(r, c->ctx);
        if (got < 0)
                c->failed = got;
        return got;
}

int app_audit_verify(struct app *app, const struct actor *who, const char *extra_log,
                     struct audit_verify_result *out, struct gl_error *err)
{
        int rc = app_scope_audit(app, who, err);
        return rc != GL_OK ? rc : audit_verify(app, extra_log, out, err);
}

int app_audit_page(struct app *app, const struct actor *who, int64_t before_id, int limit,
                   const char *entity_type, const char *entity_id,
                   int (*fn)(const struct audit_record *r, void *ctx), void *ctx,
                   struct gl_error *err)
{
        int rc = app_scope_audit(app, who, err);
        if (rc != GL_OK)
                return rc;
        struct page_ctx c = {fn, ctx, 0};
        rc = audit_store_page(app->db, before_id, limit, entity_type, entity_id, page_one, &c);
        if (c.failed < 0 || rc == GL_ENOMEM)
                return app_read_failed(c.failed < 0 ? c.failed : rc, err);
        if (rc < 0)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        return GL_OK;
}

/*
 * Backup, restore and copy of a whole database with its audit key and anchor log (backup.h):
 * SQLite's online backup, or PostgreSQL's pg_dump and pg_restore.
 */
#include "backup.h"

#include "app_internal.h"
#include "audit.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define PATH_MAX_ 4096

static bool exists(const char *path)
{
        return access(path, F_OK) == 0;
}

static int name(char *out, const char *base, const char *suffix, struct gl_error *err)
{
        if (snprintf(out, PATH_MAX_, "%s%s", base, suffix) >= PATH_MAX_)
                return gl_fail(err, GL_EINVAL, "file", "文件名过长 (file name too long)");
        return GL_OK;
}

/* Copies src to dst through dst.part, synced and renamed, with mode. GL_ENOTFOUND when src does
 * not exist (err untouched), GL_EIO otherwise on failure. */
static int copy_file(const char *src, const char *dst, mode_t mode, struct gl_error *err)
{
        int in = open(src, O_RDONLY | O_CLOEXEC);
        if (in < 0)
                return errno == ENOENT
                           ? GL_ENOTFOUND
                           : gl_fail(err, GL_EIO, "file", "无法读取 %s: %s", src, strerror(errno));
        char part[PATH_MAX_];
        int rc = name(part, dst, ".part", err);
        int out = rc == GL_OK ? open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode) : -1;
        if (rc == GL_OK && out < 0)
                rc = gl_fail(err, GL_EIO, "file", "无法写入 %s: %s", part, strerror(errno));
        char buf[65536];
        ssize_t n;
        while (rc == GL_OK && (n = read(in, buf, sizeof(buf))) != 0) {
                if (n < 0 || write(out, buf, (size_t)n) != n)
                        rc = gl_fail(err, GL_EIO, "file", "无法复制 %s: %s", src, strerror(errno));
        }
        if (rc == GL_OK && (fchmod(out, mode) != 0 || fsync(out) != 0))
                rc = gl_fail(err, GL_EIO, "file", "无法写入 %s: %s", part, strerror(errno));
        close(in);
        if (out >= 0)
                close(out);
        if (rc == GL_OK && rename(part, dst) != 0)
                rc = gl_fail(err, GL_EIO, "file", "无法写入 %s: %s", dst, strerror(errno));
        if (rc != GL_OK && out >= 0)
                unlink(part);
        return rc;
}

static int file_digest(const char *path, char out[65], struct gl_error *err)
{
        FILE *f = fopen(path, "rbe");
        if (f == NULL)
                return gl_fail(err, GL_EIO, "file", "无法读取 %s: %s", path, strerror(errno));
        crypto_generichash_state st;
        crypto_generichash_init(&st, NULL, 0, 32);
        unsigned char buf[65536];
        size_t n;
        while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
                crypto_generichash_update(&st, buf, n);
        bool bad = ferror(f) != 0;
        fclose(f);
        if (bad)
                return gl_fail(err, GL_EIO, "file", "无法读取 %s", path);
        unsigned char h[32];
        crypto_generichash_final(&st, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
        return GL_OK;
}

/* Removes a database file and what SQLite and greenlane keep beside it. */
static void remove_all(const char *db_path)
{
        static const char *const suffixes[] = {"",
                                               "-wal",
                                               "-shm",
                                               "-journal",
                                               ".part",
                                               ".audit-key",
                                               ".audit-key.part",
                                               ".audit-anchors",
                                               ".audit-anchors.part"};
        char p[PATH_MAX_];
        for (size_t i = 0; i < GL_ARRAY_LEN(suffixes); i++)
                if (snprintf(p, sizeof(p), "%s%s", db_path, suffixes[i]) < (int)sizeof(p))
                        unlink(p);
}

/* Sets name to value (NULL: unsets it), keeping the former value in keep (NULL when unset). */
static void swap_env(const char *var, const char *value, char **keep)
{
        const char *old = getenv(var);
        *keep = old ? strdup(old) : NULL;
        if (value)
                setenv(var, value, 1);
        else
                unsetenv(var);
}

static void restore_env(const char *var, char *kept)
{
        if (kept)
                setenv(var, kept, 1);
        else
                unsetenv(var);
        free(kept);
}

/* Opens the database at url with the audit key and anchor log at key and anchors. */
static int open_with(const char *url, const char *key, const char *anchors, struct app **out,
                     struct gl_error *err)
{
        char *keep_key, *keep_anchors;
        swap_env("GREENLANE_AUDIT_KEY", key, &keep_key);
        swap_env("GREENLANE_AUDIT_ANCHORS", anchors, &keep_anchors);
        int rc = app_open(url, out, err);
        restore_env("GREENLANE_AUDIT_KEY", keep_key);
        restore_env("GREENLANE_AUDIT_ANCHORS", keep_anchors);
        return rc;
}

/* Opens the database at url with the key and anchor log at key and anchors and verifies its
 * audit chain, anchors and seals; GL_ESTATE naming the first break when they do not hold. */
static int verify_at(const char *url, const char *key, const char *anchors,
                     struct backup_report *out, struct gl_error *err)
{
        struct app *copy = NULL;
        int rc = open_with(url, key, anchors, &copy, err);
        if (rc != GL_OK)
                return rc;
        struct audit_verify_result v;
        rc = audit_verify(copy, NULL, &v, err);
        if (rc == GL_OK)
                rc = app_schema_version(copy, &out->schema, err);
        app_close(copy);
        if (rc != GL_OK)
                return rc;
        out->records = v.records;
        out->sealed_rows = v.sealed_rows;
        out->head_id = v.head_id;
        snprintf(out->head_hash, sizeof(out->head_hash), "%s", v.head_hash);
        if (!v.intact)
                return gl_fail(err, GL_ESTATE, "audit",
                               "副本未通过审计校验 (the copy does not verify): %s%s%s", v.reason,
                               v.broken_row[0] ? " " : "", v.broken_row);
        return GL_OK;
}

/* verify_at for a file with its key and anchor log beside it. */
static int verify_copy(const char *db_path, struct backup_report *out, struct gl_error *err)
{
        char key[PATH_MAX_], anchors[PATH_MAX_];
        int rc = name(key, db_path, ".audit-key", err);
        if (rc == GL_OK)
                rc = name(anchors, db_path, ".audit-anchors", err);
        return rc == GL_OK ? verify_at(db_path, key, anchors, out, err) : rc;
}

/* Verifies the backup at path, made of conn's database, with the key and anchor log given: an
 * SQLite backup is a database file itself; a PostgreSQL archive is restored into a scratch
 * database of the same server for it (db_scratch_restore, then dropped). */
static int verify_backup(db *conn, const char *path, const char *key, const char *anchors,
                         struct backup_report *out, struct gl_error *err)
{
        if (strcmp(db_backend_name(conn), "sqlite") == 0)
                return verify_at(path, key, anchors, out, err);
        char scratch[PATH_MAX_];
        int rc = db_scratch_restore(conn, path, scratch, sizeof(scratch), err);
        if (rc != GL_OK)
                return rc;
        rc = verify_at(scratch, key, anchors, out, err);
        db_scratch_drop(conn, scratch);
        return rc;
}

int app_backup(struct app *app, const struct actor *who, const char *path, db_progress_fn *progress,
               void *ctx, struct backup_report *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        if (who->role != ROLE_ADMIN && who->role != ROLE_SYSTEM)
                return gl_fail(err, GL_EPERM, "role",
                               "只有管理员可以备份数据库 (only an admin backs up)");
        if (path == NULL || path[0] == '\0')
                return gl_fail(err, GL_EINVAL, "file", "缺少备份文件名 (no backup file)");
        char key[PATH_MAX_], anchors[PATH_MAX_];
        int rc = name(key, path, ".audit-key", err);
        if (rc == GL_OK)
                rc = name(anchors, path, ".audit-anchors", err);
        if (rc != GL_OK)
                return rc;
        if (exists(path) || exists(key) || exists(anchors))
                return gl_fail(err, GL_ECONFLICT, "file",
                               "备份文件 %s 已存在，不覆盖 (the backup exists: not overwritten)",
                               path);
        if (app->key_path[0] == '\0')
                return gl_fail(err, GL_EINVAL, "db",
                               "内存数据库无法备份 (a database in memory has no backup)");
        /* The anchor log first: its lines are then all of records the copy holds. */
        rc = copy_file(app->anchor_path, anchors, 0600, err);
        if (rc == GL_ENOTFOUND)
                rc = GL_OK;
        if (rc == GL_OK) {
                rc = copy_file(app->key_path, key, 0600, err);
                if (rc == GL_ENOTFOUND)
                        rc = gl_fail(err, GL_EIO, "audit_key",
                                     "缺少审计密钥 %s (the audit key is missing)", app->key_path);
        }
        if (rc == GL_OK)
                rc = db_backup(app->db, path, progress, ctx, err);
        if (rc == GL_OK)
                rc = verify_backup(app->db, path, key, anchors, out, err);
        /* The file as it rests once verified: a restore names the same digest. */
        if (rc == GL_OK)
                rc = file_digest(path, out->digest, err);
        if (rc != GL_OK && rc != GL_ECONFLICT)
                remove_all(path);
        return rc;
}

/* The newest audit record of the database at target (0: none, or no such file); *foreign when
 * the file is some other database than greenlane's. */
static int target_records(const char *target, int64_t *n, bool *foreign, struct gl_error *err)
{
        *n = 0;
        *foreign = false;
        if (!exists(target))
                return GL_OK;
        db *conn = NULL;
        int rc = db_open(target, &conn, err);
        if (rc != GL_OK)
                return rc;
        int64_t schema = 0;
        char hash[129];
        if (db_schema_version(conn, &schema) != GL_OK)
                *foreign = true;
        else if (schema > 0 && audit_store_last(conn, n, hash) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "无法读取目标数据库 %s: %s", target,
                             db_errmsg(conn));
        db_close(conn);
        return rc;
}

/* Puts the file at path aside as path.before-TIME when it exists. */
static int put_aside(const char *path, struct gl_error *err)
{
        if (!exists(path))
                return GL_OK;
        char aside[PATH_MAX_ + 32];
        snprintf(aside, sizeof(aside), "%s.before-%lld", path, (long long)time(NULL));
        if (rename(path, aside) != 0)
                return gl_fail(err, GL_EIO, "file", "无法移开 %s: %s", path, strerror(errno));
        return GL_OK;
}

/* Appends the record action with detail to the chain of the database at url (its key and
 * anchor log at key and anchors). */
static int record_end(const char *url, const char *key, const char *anchors, const char *action,
                      json_t *o, struct gl_error *err)
{
        char *detail = o ? json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(o);
        if (detail == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        struct app *app = NULL;
        int rc = open_with(url, key, anchors, &app, err);
        struct actor sys = {.role = ROLE_SYSTEM};
        snprintf(sys.name, sizeof(sys.name), "system");
        if (rc == GL_OK)
                rc = app_begin(app, err);
        if (rc == GL_OK) {
                rc = audit_append(app, &sys, action, "database", "", detail, err);
                rc = rc == GL_OK ? app_commit(app, err) : (app_rollback(app), rc);
        }
        free(detail);
        app_close(app);
        return rc;
}

static int record_restore(const char *url, const char *path, const struct backup_report *r,
                          struct gl_error *err)
{
        char key[PATH_MAX_], anchors[PATH_MAX_];
        app_audit_paths(url, key, sizeof(key), anchors, sizeof(anchors));
        json_t *o = json_pack("{s:s,s:s,s:I,s:I}", "from", path, "digest", r->digest, "records",
                              (json_int_t)r->records, "head_id", (json_int_t)r->head_id);
        return record_end(url, key, anchors, "db.restore", o, err);
}

/* The newest audit record of the PostgreSQL database conn (0: none); *foreign when it holds
 * tables but is not greenlane's. */
static int pg_target_records(db *conn, int64_t *n, bool *foreign, struct gl_error *err)
{
        *n = 0;
        *foreign = false;
        char **tables = NULL;
        size_t ntables = 0;
        if (db_tables(conn, &tables, &ntables) != GL_OK)
                return gl_fail(err, GL_EDB, "db", "无法读取目标数据库: %s", db_errmsg(conn));
        db_names_free(tables, ntables);
        if (ntables == 0)
                return GL_OK;
        int64_t schema = 0;
        char hash[129];
        if (db_schema_version(conn, &schema) != GL_OK)
                *foreign = true;
        else if (audit_store_last(conn, n, hash) != GL_OK)
                return gl_fail(err, GL_EDB, "db", "无法读取目标数据库: %s", db_errmsg(conn));
        return GL_OK;
}

/* A restore into PostgreSQL: the dump verified in a scratch database first, then restored into the
 * target in one transaction (pg_restore --clean --single-transaction), then its key files. */
static int pg_restore(const char *path, const char *url, bool force, struct backup_report *out,
                      struct gl_error *err)
{
        const char *key_env = getenv("GREENLANE_AUDIT_KEY");
        const char *anchors_env = getenv("GREENLANE_AUDIT_ANCHORS");
        if (key_env == NULL || key_env[0] == '\0' || anchors_env == NULL || anchors_env[0] == '\0')
                return gl_fail(err, GL_EINVAL, "audit_key",
                               "PostgreSQL 数据库的审计密钥与锚点日志须由 GREENLANE_AUDIT_KEY 与 "
                               "GREENLANE_AUDIT_ANCHORS 指明 (name them)");
        if (path == NULL || !exists(path))
                return gl_fail(err, GL_ENOTFOUND, "file", "没有备份文件 %s (no such backup)",
                               path ? path : "");
        char src_key[PATH_MAX_], src_anchors[PATH_MAX_];
        int rc = name(src_key, path, ".audit-key", err);
        if (rc == GL_OK)
                rc = name(src_anchors, path, ".audit-anchors", err);
        if (rc != GL_OK)
                return rc;
        if (!exists(src_key))
                return gl_fail(err, GL_ENOTFOUND, "file",
                               "备份缺少审计密钥 %s (the backup's audit key is missing)", src_key);
        db *conn = NULL;
        if ((rc = db_open(url, &conn, err)) != GL_OK)
                return rc;
        int64_t held = 0;
        bool foreign = false;
        rc = pg_target_records(conn, &held, &foreign, err);
        if (rc == GL_OK && foreign && !force)
                rc = gl_fail(err, GL_ESTATE, "force",
                             "目标不是 greenlane 数据库；确要以备份替换请加 --force (the target is "
                             "another database: --force replaces it)");
        else if (rc == GL_OK && held > 0 && !force)
                rc = gl_fail(err, GL_ESTATE, "force",
                             "目标数据库已有 %lld 条审计记录；确要以备份替换请加 --force (the "
                             "target holds data: --force replaces it)",
                             (long long)held);
        if (rc == GL_OK)
                rc = file_digest(path, out->digest, err);
        if (rc == GL_OK)
                rc = verify_backup(conn, path, src_key,
                                   exists(src_anchors) ? src_anchors : "/dev/null", out, err);
        if (rc == GL_OK)
                rc = db_copy_from(conn, path, NULL, NULL, err);
        db_close(conn);
        if (rc == GL_OK)
                rc = copy_file(src_key, key_env, 0600, err);
        if (rc == GL_OK) {
                rc = exists(src_anchors) ? copy_file(src_anchors, anchors_env, 0600, err)
                                         : put_aside(anchors_env, err);
        }
        if (rc == GL_OK)
                rc = record_restore(url, path, out, err);
        return rc;
}

int app_restore(const char *path, const char *url, bool force, db_progress_fn *progress, void *ctx,
                struct backup_report *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        const char *target = db_sqlite_path(url);
        if (target == NULL)
                return pg_restore(path, url, force, out, err);
        if (path == NULL || !exists(path))
                return gl_fail(err, GL_ENOTFOUND, "file", "没有备份文件 %s (no such backup)",
                               path ? path : "");
        char src_key[PATH_MAX_], src_anchors[PATH_MAX_], stage[PATH_MAX_], stage_key[PATH_MAX_],
            stage_anchors[PATH_MAX_], key[PATH_MAX_], anchors[PATH_MAX_];
        int rc = name(src_key, path, ".audit-key", err);
        if (rc == GL_OK)
                rc = name(src_anchors, path, ".audit-anchors", err);
        if (rc == GL_OK)
                rc = name(stage, target, ".restoring", err);
        if (rc == GL_OK)
                rc = name(stage_key, stage, ".audit-key", err);
        if (rc == GL_OK)
                rc = name(stage_anchors, stage, ".audit-anchors", err);
        if (rc != GL_OK)
                return rc;
        if (!exists(src_key))
                return gl_fail(err, GL_ENOTFOUND, "file",
                               "备份缺少审计密钥 %s (the backup's audit key is missing)", src_key);
        int64_t held = 0;
        bool foreign = false;
        if ((rc = target_records(target, &held, &foreign, err)) != GL_OK)
                return rc;
        if (foreign && !force)
                return gl_fail(err, GL_ESTATE, "force",
                               "目标 %s 不是 greenlane 数据库；确要以备份替换请加 --force (the "
                               "target is another database: --force replaces it)",
                               target);
        if (held > 0 && !force)
                return gl_fail(err, GL_ESTATE, "force",
                               "目标数据库 %s 已有 %lld 条审计记录；确要以备份替换请加 --force "
                               "(the target holds data: --force replaces it)",
                               target, (long long)held);
        /* Verify a copy beside the target before anything of the target is touched. */
        remove_all(stage);
        rc = copy_file(path, stage, 0600, err);
        if (rc == GL_OK)
                rc = file_digest(stage, out->digest, err);
        if (rc == GL_OK)
                rc = copy_file(src_key, stage_key, 0600, err);
        if (rc == GL_OK) {
                rc = copy_file(src_anchors, stage_anchors, 0600, err);
                if (rc == GL_ENOTFOUND)
                        rc = GL_OK;
        }
        if (rc == GL_OK)
                rc = verify_copy(stage, out, err);
        /* The verified copy replaces the target's database in one transaction, then its key and
         * its anchor log. */
        db *conn = NULL;
        if (rc == GL_OK && (rc = db_open(target, &conn, err)) == GL_OK) {
                rc = db_copy_from(conn, stage, progress, ctx, err);
                db_close(conn);
        }
        app_audit_paths(url, key, sizeof(key), anchors, sizeof(anchors));
        if (rc == GL_OK)
                rc = copy_file(stage_key, key, 0600, err);
        if (rc == GL_OK) {
                rc = exists(stage_anchors) ? copy_file(stage_anchors, anchors, 0600, err)
                                           : put_aside(anchors, err);
        }
        remove_all(stage);
        if (rc == GL_OK)
                rc = record_restore(url, path, out, err);
        return rc;
}

int app_copy(const char *from_url, const char *to_url, const char *to_key, const char *to_anchors,
             db_progress_fn *progress, void *ctx, struct copy_report *out, struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        char key[PATH_MAX_], anchors[PATH_MAX_];
        if (to_url == NULL || to_url[0] == '\0')
                return gl_fail(err, GL_EINVAL, "to", "缺少目标数据库 (no --to URL)");
        if (db_sqlite_path(to_url) != NULL) {
                app_audit_paths(to_url, key, sizeof(key), anchors, sizeof(anchors));
                if (to_key == NULL && name(key, db_sqlite_path(to_url), ".audit-key", err) != GL_OK)
                        return GL_EINVAL;
                if (to_anchors == NULL &&
                    name(anchors, db_sqlite_path(to_url), ".audit-anchors", err) != GL_OK)
                        return GL_EINVAL;
        } else if (to_key == NULL || to_anchors == NULL) {
                return gl_fail(
                    err, GL_EINVAL, "to_key",
                    "复制到 PostgreSQL 须以 --to-key 与 --to-anchors 指明目标的审计密钥与"
                    "锚点日志 (name the target's audit key and anchor log)");
        }
        if (to_key)
                snprintf(key, sizeof(key), "%s", to_key);
        if (to_anchors)
                snprintf(anchors, sizeof(anchors), "%s", to_anchors);
        if (strcmp(from_url, to_url) == 0)
                return gl_fail(err, GL_EINVAL, "to", "源与目标是同一个数据库 (the same database)");
        if (exists(key) || exists(anchors))
                return gl_fail(err, GL_ECONFLICT, "to_key",
                               "目标的审计密钥或锚点日志 %s 已存在，不覆盖 (the target's key or "
                               "anchor log exists: not overwritten)",
                               exists(key) ? key : anchors);

        /* The source verifies before anything is written. */
        struct app *src = NULL;
        int rc = app_open(from_url, &src, err);
        if (rc != GL_OK)
                return rc;
        struct audit_verify_result v;
        rc = audit_verify(src, NULL, &v, err);
        if (rc == GL_OK && !v.intact)
                rc = gl_fail(err, GL_ESTATE, "audit",
                             "源数据库未通过审计校验，不复制 (the source does not verify): %s%s%s",
                             v.reason, v.broken_row[0] ? " " : "", v.broken_row);
        if (rc != GL_OK || src->key_path[0] == '\0') {
                if (rc == GL_OK)
                        rc = gl_fail(err, GL_EINVAL, "db",
                                     "内存数据库无法复制 (a database in memory is not copied)");
                app_close(src);
                return rc;
        }
        int64_t src_schema = 0;
        app_schema_version(src, &src_schema, NULL);

        /* The target: brought to the same schema, and empty. */
        db *dst = NULL;
        if ((rc = db_open(to_url, &dst, err)) != GL_OK) {
                app_close(src);
                return rc;
        }
        char **tables = NULL;
        size_t ntables = 0;
        int64_t total = 0;
        if ((rc = db_migrate(dst, err)) == GL_OK &&
            (rc = db_schema_version(dst, &out->schema)) == GL_OK && out->schema != src_schema)
                rc = gl_fail(err, GL_ESTATE, "to", "目标数据库结构版本 %lld 与源 %lld 不同",
                             (long long)out->schema, (long long)src_schema);
        if (rc == GL_OK && db_tables(dst, &tables, &ntables) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "目标数据库 (the target): %s", db_errmsg(dst));
        for (size_t i = 0; i < ntables && rc == GL_OK; i++) {
                int64_t held = 0, n = 0;
                if (db_table_count(dst, tables[i], &held) != GL_OK ||
                    db_table_count(src->db, tables[i], &n) != GL_OK)
                        rc = gl_fail(err, GL_EDB, "db", "%s: %s / %s", tables[i], db_errmsg(dst),
                                     db_errmsg(src->db));
                else if (held > 0)
                        rc = gl_fail(err, GL_ESTATE, "to",
                                     "目标数据库不是空的（%s 已有 %lld 行），不复制 (the target "
                                     "holds data)",
                                     tables[i], (long long)held);
                total += n;
        }
        /* Every row in one transaction of the target's; one consistent state of the source. */
        bool began = false;
        if (rc == GL_OK && (rc = db_begin_read(src->db)) == GL_OK) {
                if ((rc = db_begin(dst)) != GL_OK)
                        rc = gl_fail(err, GL_EDB, "db", "目标数据库 (the target): %s",
                                     db_errmsg(dst));
                else
                        began = true;
        }
        if (rc == GL_OK)
                rc = db_defer_foreign_keys(dst);
        for (size_t i = 0; i < ntables && rc == GL_OK; i++) {
                rc = db_copy_rows(src->db, dst, tables[i], &out->rows, total, progress, ctx, err);
                if (rc == GL_OK && db_table_sync_key(dst, tables[i]) != GL_OK)
                        rc = gl_fail(err, GL_EDB, "db", "%s: %s", tables[i], db_errmsg(dst));
        }
        if (progress && rc == GL_OK)
                progress(out->rows, total, ctx);
        if (rc == GL_OK && out->rows != total)
                rc = gl_fail(err, GL_EDB, "db", "复制了 %lld 行，源有 %lld 行",
                             (long long)out->rows, (long long)total);
        if (rc == GL_OK && (rc = db_commit(dst)) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "目标数据库提交失败 (commit failed): %s",
                             db_errmsg(dst));
        else if (rc != GL_OK && began)
                db_rollback(dst);
        db_rollback(src->db); /* ends the read */
        out->tables = (int64_t)ntables;

        /* Its key and anchor log; then the copy verifies on arrival, or is taken out again. */
        bool copied = rc == GL_OK;
        if (rc == GL_OK)
                rc = copy_file(src->key_path, key, 0600, err);
        if (rc == GL_OK) {
                rc = copy_file(src->anchor_path, anchors, 0600, err);
                if (rc == GL_ENOTFOUND)
                        rc = GL_OK;
        }
        app_close(src);
        struct backup_report r = {0};
        if (rc == GL_OK)
                rc = verify_at(to_url, key, anchors, &r, err);
        if (rc == GL_OK) {
                char shown[512];
                db_url_shown(from_url, shown, sizeof(shown));
                json_t *o =
                    json_pack("{s:s,s:I,s:I,s:I}", "from", shown, "rows", (json_int_t)out->rows,
                              "records", (json_int_t)r.records, "head_id", (json_int_t)r.head_id);
                rc = record_end(to_url, key, anchors, "db.copy", o, err);
        }
        if (rc != GL_OK && copied) {
                db_tables_clear(dst, tables, ntables);
                unlink(key);
                unlink(anchors);
        }
        out->records = r.records;
        out->sealed_rows = r.sealed_rows;
        out->head_id = r.head_id;
        snprintf(out->head_hash, sizeof(out->head_hash), "%s", r.head_hash);
        db_names_free(tables, ntables);
        db_close(dst);
        return rc;
}

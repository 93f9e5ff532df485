/*
 * The SQLite backend of db.h. Connections run in WAL mode with foreign keys enforced,
 * synchronous=FULL (a committed transaction survives a power cut) and a busy timeout, so that a
 * reader never blocks a writer and two writers wait for each other instead of failing. $N
 * placeholders are mapped by name once, when the statement is prepared, so a statement may use them
 * in any order.
 *
 * Each connection keeps the statements it prepared (up to STMT_CACHE_SIZE of them, by SQL text):
 * db_finalize on such a statement resets it and hands it back to the cache instead of destroying
 * it, so a server that runs the same queries on every request compiles each only once per
 * connection.
 */
#include "db_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STMT_CACHE_SIZE 64

static const struct db_ops sqlite_ops;

struct sq_db {
        struct db base;
        sqlite3 *handle;
        struct sq_stmt *cache[STMT_CACHE_SIZE];
        size_t ncache;
};

struct sq_stmt {
        struct db_stmt base;
        struct sq_db *conn;
        sqlite3_stmt *handle;
        char *sql;   /* set when the statement belongs to the connection's cache */
        bool in_use; /* a cached statement handed out by db_prepare and not yet finalized */
        int max_param;
        int *param_index; /* param_index[N] is SQLite's index of $N, 0 when absent */
};

static int status_from_sqlite(int rc)
{
        switch (rc & 0xff) {
        case SQLITE_OK:
                return GL_OK;
        case SQLITE_CONSTRAINT:
                return GL_ECONFLICT;
        case SQLITE_NOMEM:
                return GL_ENOMEM;
        default:
                return GL_EDB;
        }
}

static struct sq_db *sq(db *conn)
{
        return (struct sq_db *)conn;
}

static struct sq_stmt *sqs(db_stmt *st)
{
        return (struct sq_stmt *)st;
}

int db_sqlite_open(const char *path, db **out, struct gl_error *err)
{
        struct sq_db *conn = calloc(1, sizeof(*conn));
        if (conn == NULL)
                return gl_fail(err, GL_ENOMEM, "db", "out of memory");
        conn->base.ops = &sqlite_ops;
        int rc =
            sqlite3_open_v2(path, &conn->handle,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
        if (rc != SQLITE_OK) {
                gl_fail(err, GL_EDB, "db", "无法打开数据库 %s: %s", path,
                        conn->handle ? sqlite3_errmsg(conn->handle) : sqlite3_errstr(rc));
                sqlite3_close(conn->handle);
                free(conn);
                return GL_EDB;
        }
        sqlite3_busy_timeout(conn->handle, 10000);
        sqlite3_extended_result_codes(conn->handle, 1);
        const char *pragmas = "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; "
                              "PRAGMA synchronous=FULL;";
        if (sqlite3_exec(conn->handle, pragmas, NULL, NULL, NULL) != SQLITE_OK) {
                gl_fail(err, GL_EDB, "db", "无法配置数据库 %s: %s", path,
                        sqlite3_errmsg(conn->handle));
                sqlite3_close(conn->handle);
                free(conn);
                return GL_EDB;
        }
        *out = &conn->base;
        return GL_OK;
}

static void stmt_destroy(struct sq_stmt *st)
{
        sqlite3_finalize(st->handle);
        free(st->sql);
        free(st->param_index);
        free(st);
}

static void sq_close(db *base)
{
        struct sq_db *conn = sq(base);
        for (size_t i = 0; i < conn->ncache; i++)
                stmt_destroy(conn->cache[i]);
        sqlite3_close(conn->handle);
        free(conn);
}

static const char *sq_errmsg(db *conn)
{
        return sqlite3_errmsg(sq(conn)->handle);
}

static int sq_exec(db *conn, const char *sql)
{
        return status_from_sqlite(sqlite3_exec(sq(conn)->handle, sql, NULL, NULL, NULL));
}

/* Maps each $N of the statement to SQLite's parameter index. */
static int map_params(struct sq_stmt *st)
{
        int count = sqlite3_bind_parameter_count(st->handle);
        for (int i = 1; i <= count; i++) {
                const char *name = sqlite3_bind_parameter_name(st->handle, i);
                int n = name && name[0] == '$' ? atoi(name + 1) : 0;
                st->max_param = n > st->max_param ? n : st->max_param;
        }
        st->param_index = calloc((size_t)st->max_param + 1, sizeof(int));
        if (st->param_index == NULL)
                return GL_ENOMEM;
        for (int i = 1; i <= count; i++) {
                const char *name = sqlite3_bind_parameter_name(st->handle, i);
                int n = name && name[0] == '$' ? atoi(name + 1) : 0;
                if (n > 0)
                        st->param_index[n] = i;
        }
        return GL_OK;
}

static int sq_prepare(db *base, const char *sql, db_stmt **out)
{
        struct sq_db *conn = sq(base);
        for (size_t i = 0; i < conn->ncache; i++) {
                struct sq_stmt *c = conn->cache[i];
                if (!c->in_use && strcmp(c->sql, sql) == 0) {
                        c->in_use = true;
                        *out = &c->base;
                        return GL_OK;
                }
        }
        struct sq_stmt *st = calloc(1, sizeof(*st));
        if (st == NULL)
                return GL_ENOMEM;
        st->base.ops = &sqlite_ops;
        int rc = sqlite3_prepare_v2(conn->handle, sql, -1, &st->handle, NULL);
        if (rc != SQLITE_OK) {
                sqlite3_finalize(st->handle);
                free(st);
                return status_from_sqlite(rc);
        }
        st->conn = conn;
        if (map_params(st) != GL_OK) {
                stmt_destroy(st);
                return GL_ENOMEM;
        }
        if (conn->ncache < STMT_CACHE_SIZE && (st->sql = strdup(sql)) != NULL) {
                st->in_use = true;
                conn->cache[conn->ncache++] = st;
        }
        *out = &st->base;
        return GL_OK;
}

static int param_index(struct sq_stmt *st, int index)
{
        return index >= 1 && index <= st->max_param ? st->param_index[index] : 0;
}

static int sq_bind_int64(db_stmt *base, int index, int64_t value)
{
        struct sq_stmt *st = sqs(base);
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        return status_from_sqlite(sqlite3_bind_int64(st->handle, i, value));
}

static int sq_bind_text(db_stmt *base, int index, const char *value)
{
        struct sq_stmt *st = sqs(base);
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        if (value == NULL)
                return status_from_sqlite(sqlite3_bind_null(st->handle, i));
        return status_from_sqlite(sqlite3_bind_text(st->handle, i, value, -1, SQLITE_TRANSIENT));
}

static int sq_bind_blob(db_stmt *base, int index, const void *data, size_t size)
{
        struct sq_stmt *st = sqs(base);
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        return status_from_sqlite(
            sqlite3_bind_blob64(st->handle, i, data ? data : "", size, SQLITE_TRANSIENT));
}

static int sq_bind_null(db_stmt *base, int index)
{
        struct sq_stmt *st = sqs(base);
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        return status_from_sqlite(sqlite3_bind_null(st->handle, i));
}

static int sq_step(db_stmt *st)
{
        int rc = sqlite3_step(sqs(st)->handle);
        if (rc == SQLITE_ROW)
                return DB_ROW;
        if (rc == SQLITE_DONE)
                return DB_DONE;
        return status_from_sqlite(rc);
}

static int sq_reset(db_stmt *st)
{
        return status_from_sqlite(sqlite3_reset(sqs(st)->handle));
}

static void sq_finalize(db_stmt *base)
{
        struct sq_stmt *st = sqs(base);
        if (st->sql == NULL) {
                stmt_destroy(st);
                return;
        }
        sqlite3_reset(st->handle);
        sqlite3_clear_bindings(st->handle);
        st->in_use = false;
}

static int sq_column_count(db_stmt *st)
{
        return sqlite3_column_count(sqs(st)->handle);
}

static bool sq_column_is_null(db_stmt *st, int col)
{
        return sqlite3_column_type(sqs(st)->handle, col) == SQLITE_NULL;
}

static int64_t sq_column_int64(db_stmt *st, int col)
{
        return sqlite3_column_int64(sqs(st)->handle, col);
}

static const char *sq_column_text(db_stmt *st, int col)
{
        const unsigned char *t = sqlite3_column_text(sqs(st)->handle, col);
        return t ? (const char *)t : "";
}

static const void *sq_column_blob(db_stmt *st, int col, size_t *size)
{
        const void *b = sqlite3_column_blob(sqs(st)->handle, col);
        int n = sqlite3_column_bytes(sqs(st)->handle, col);
        *size = b && n > 0 ? (size_t)n : 0;
        return *size ? b : NULL;
}

static int sq_set_cache_mib(db *conn, int mib)
{
        char sql[64];
        /* A negative cache_size counts KiB; -2000 is SQLite's default. */
        snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", mib > 0 ? -1024 * mib : -2000);
        return sq_exec(conn, sql);
}

static int sq_begin(db *conn)
{
        return sq_exec(conn, "BEGIN IMMEDIATE");
}

static int sq_begin_read(db *conn)
{
        return sq_exec(conn, "BEGIN DEFERRED"); /* the snapshot is taken by the first read */
}

static int sq_commit(db *conn)
{
        return sq_exec(conn, "COMMIT");
}

static int sq_rollback(db *conn)
{
        return sq_exec(conn, "ROLLBACK");
}
/* Copies src's main database into dst's, BACKUP_PAGES pages a step. */
#define BACKUP_PAGES 1024
static int copy_pages(sqlite3 *dst, sqlite3 *src, db_progress_fn *progress, void *ctx,
                      const char *what, struct gl_error *err)
{
        sqlite3_backup *b = sqlite3_backup_init(dst, "main", src, "main");
        if (b == NULL)
                return gl_fail(err, GL_EDB, "", "%s失败 (%s failed): %s", what, "backup",
                               sqlite3_errmsg(dst));
        int rc;
        do {
                rc = sqlite3_backup_step(b, BACKUP_PAGES);
                if (progress && (rc == SQLITE_OK || rc == SQLITE_DONE))
                        progress(sqlite3_backup_pagecount(b) - sqlite3_backup_remaining(b),
                                 sqlite3_backup_pagecount(b), ctx);
                if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
                        sqlite3_sleep(20);
        } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
        sqlite3_backup_finish(b);
        if (rc != SQLITE_DONE)
                return gl_fail(err, GL_EDB, "", "%s失败 (%s failed): %s", what, "backup",
                               sqlite3_errstr(rc));
        return GL_OK;
}

static int sq_backup(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                     struct gl_error *err)
{
        if (path == NULL || path[0] == '\0')
                return gl_fail(err, GL_EINVAL, "file", "缺少备份文件名 (no backup file)");
        if (access(path, F_OK) == 0)
                return gl_fail(err, GL_ECONFLICT, "file",
                               "备份文件 %s 已存在，不覆盖 (the backup file exists: not "
                               "overwritten)",
                               path);
        char part[4200];
        if (snprintf(part, sizeof(part), "%s.part", path) >= (int)sizeof(part))
                return gl_fail(err, GL_EINVAL, "file", "备份文件名过长 (file name too long)");
        unlink(part);
        sqlite3 *dst = NULL;
        int rc = sqlite3_open_v2(part, &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
        if (rc != SQLITE_OK) {
                gl_fail(err, GL_EIO, "file", "无法创建备份文件 %s: %s", part,
                        dst ? sqlite3_errmsg(dst) : sqlite3_errstr(rc));
                sqlite3_close(dst);
                return GL_EIO;
        }
        rc = copy_pages(dst, sq(conn)->handle, progress, ctx, "备份", err);
        sqlite3_close(dst);
        int fd = rc == GL_OK ? open(part, O_RDONLY | O_CLOEXEC) : -1;
        if (rc == GL_OK && (fd < 0 || fsync(fd) != 0))
                rc = gl_fail(err, GL_EIO, "file", "无法写入备份文件 %s: %s", part, strerror(errno));
        if (fd >= 0)
                close(fd);
        if (rc == GL_OK && rename(part, path) != 0)
                rc = gl_fail(err, GL_EIO, "file", "无法写入备份文件 %s: %s", path, strerror(errno));
        if (rc != GL_OK)
                unlink(part);
        return rc;
}

static int sq_copy_from(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                        struct gl_error *err)
{
        sqlite3 *src = NULL;
        int rc = sqlite3_open_v2(path, &src, SQLITE_OPEN_READONLY, NULL);
        if (rc != SQLITE_OK) {
                gl_fail(err, GL_EIO, "file", "无法打开 %s: %s", path,
                        src ? sqlite3_errmsg(src) : sqlite3_errstr(rc));
                sqlite3_close(src);
                return GL_EIO;
        }
        rc = copy_pages(sq(conn)->handle, src, progress, ctx, "恢复", err);
        sqlite3_close(src);
        return rc;
}

static int sq_indexes_drop(db *conn, const struct db_index *list, size_t n)
{
        int rc = GL_OK;
        for (size_t i = 0; i < n && rc == GL_OK; i++) {
                char *sql = sqlite3_mprintf("DROP INDEX \"%w\"", list[i].name);
                rc = sql ? sq_exec(conn, sql) : GL_ENOMEM;
                sqlite3_free(sql);
        }
        return rc;
}

static int64_t sq_changes(db *conn)
{
        return sqlite3_changes64(sq(conn)->handle);
}

static enum db_type sq_column_type(db_stmt *st, int col)
{
        switch (sqlite3_column_type(sqs(st)->handle, col)) {
        case SQLITE_NULL:
                return DB_TYPE_NULL;
        case SQLITE_INTEGER:
                return DB_TYPE_INTEGER;
        case SQLITE_BLOB:
                return DB_TYPE_BLOB;
        default:
                return DB_TYPE_TEXT; /* text, and a REAL (the schema holds none) as its text */
        }
}

static int sq_table_sync_key(db *conn, const char *table)
{
        (void)conn;
        (void)table; /* SQLite's rowid key follows the highest id by itself */
        return GL_OK;
}

/*
 * SQLite's bulk load of new rows: gathered in a temporary table of the load's columns (appended
 * in arrival order, no index), then moved into the table by one INSERT ... SELECT in the order of
 * its primary key, so that the key's B-tree and the table's pages are written in order, each page
 * once, instead of at a random place a row. The temporary table lives in SQLite's temporary file
 * (SQLITE_TMPDIR, else /var/tmp or /tmp), not in memory, and is dropped at the end. The texts are
 * stored as given and take the table's column affinity when moved, as a bound text would.
 */
struct sq_load {
        struct db_load base;
        struct sq_db *conn;
        sqlite3_stmt *insert; /* into temp.gl_load */
        char *move;           /* INSERT INTO the table SELECT ... ORDER BY its key */
        int ncols;
        int failed; /* the status of a failed row, which the end reports */
};

static void load_free(struct sq_load *l)
{
        sqlite3_finalize(l->insert);
        sqlite3_free(l->move);
        free(l);
}

/* Appends the quoted names of cols, separated by commas. */
static void append_names(sqlite3_str *s, const char *const *cols, int ncols)
{
        for (int i = 0; i < ncols; i++)
                sqlite3_str_appendf(s, "%s\"%w\"", i ? ", " : "", cols[i]);
}

/* Appends " ORDER BY" and the primary key's columns of table, in the key's order; nothing when the
 * table has no declared key (its rows then go in arrival order). */
static int append_key_order(struct sq_db *conn, sqlite3_str *s, const char *table)
{
        sqlite3_stmt *st = NULL;
        int rc = sqlite3_prepare_v2(
            conn->handle, "SELECT name FROM pragma_table_info(?1) WHERE pk > 0 ORDER BY pk", -1,
            &st, NULL);
        if (rc != SQLITE_OK)
                return status_from_sqlite(rc);
        sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
        int n = 0;
        while ((rc = sqlite3_step(st)) == SQLITE_ROW)
                sqlite3_str_appendf(s, "%s\"%w\"", n++ ? ", " : " ORDER BY ",
                                    (const char *)sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
        return rc == SQLITE_DONE ? GL_OK : status_from_sqlite(rc);
}

static int sq_load_begin(db *base, const char *table, const char *const *cols, int ncols,
                         struct db_load **out)
{
        struct sq_db *conn = sq(base);
        struct sq_load *l = calloc(1, sizeof(*l));
        if (l == NULL)
                return GL_ENOMEM;
        l->base.ops = &sqlite_ops;
        l->conn = conn;
        l->ncols = ncols;
        sqlite3_str *make = sqlite3_str_new(conn->handle);
        sqlite3_str_appendall(make,
                              "DROP TABLE IF EXISTS temp.gl_load; CREATE TEMP TABLE gl_load (");
        append_names(make, cols, ncols);
        sqlite3_str_appendall(make, ")");
        sqlite3_str *insert = sqlite3_str_new(conn->handle);
        sqlite3_str_appendall(insert, "INSERT INTO temp.gl_load VALUES (");
        for (int i = 0; i < ncols; i++)
                sqlite3_str_appendall(insert, i ? ", ?" : "?");
        sqlite3_str_appendall(insert, ")");
        sqlite3_str *move = sqlite3_str_new(conn->handle);
        sqlite3_str_appendf(move, "INSERT INTO main.\"%w\" (", table);
        append_names(move, cols, ncols);
        sqlite3_str_appendall(move, ") SELECT ");
        append_names(move, cols, ncols);
        sqlite3_str_appendall(move, " FROM temp.gl_load");
        int rc = append_key_order(conn, move, table);
        char *make_sql = sqlite3_str_finish(make);
        char *insert_sql = sqlite3_str_finish(insert);
        l->move = sqlite3_str_finish(move);
        if (rc == GL_OK && (make_sql == NULL || insert_sql == NULL || l->move == NULL))
                rc = GL_ENOMEM;
        if (rc == GL_OK)
                rc = status_from_sqlite(sqlite3_exec(conn->handle, make_sql, NULL, NULL, NULL));
        if (rc == GL_OK)
                rc = status_from_sqlite(
                    sqlite3_prepare_v2(conn->handle, insert_sql, -1, &l->insert, NULL));
        sqlite3_free(make_sql);
        sqlite3_free(insert_sql);
        if (rc != GL_OK) {
                load_free(l);
                return rc;
        }
        *out = &l->base;
        return GL_OK;
}

static int sq_load_row(struct db_load *base, const char *const *values, int n)
{
        struct sq_load *l = (struct sq_load *)base;
        if (n != l->ncols)
                return l->failed = GL_EINVAL;
        for (int i = 0; i < n; i++)
                sqlite3_bind_text(l->insert, i + 1, values[i], -1, SQLITE_STATIC);
        int rc = sqlite3_step(l->insert);
        sqlite3_reset(l->insert);
        if (rc != SQLITE_DONE && l->failed == 0)
                l->failed = status_from_sqlite(rc);
        return rc == SQLITE_DONE ? GL_OK : l->failed;
}

static int sq_load_end(struct db_load *base, bool keep)
{
        struct sq_load *l = (struct sq_load *)base;
        sqlite3 *h = l->conn->handle;
        int rc = keep ? l->failed : GL_EINVAL;
        sqlite3_finalize(l->insert);
        l->insert = NULL;
        if (rc == GL_OK)
                rc = status_from_sqlite(sqlite3_exec(h, l->move, NULL, NULL, NULL));
        /* db_changes goes on counting the rows moved: a DROP TABLE is not a change. */
        if (rc == GL_OK)
                rc = status_from_sqlite(
                    sqlite3_exec(h, "DROP TABLE temp.gl_load", NULL, NULL, NULL));
        else
                sqlite3_exec(h, "DROP TABLE IF EXISTS temp.gl_load", NULL, NULL, NULL);
        load_free(l);
        return rc;
}

static const struct db_ops sqlite_ops = {
    .name = "sqlite",
    .close = sq_close,
    .errmsg = sq_errmsg,
    .exec = sq_exec,
    .exec_migration = sq_exec,
    .prepare = sq_prepare,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .bind_blob = sq_bind_blob,
    .step = sq_step,
    .changes = sq_changes,
    .reset = sq_reset,
    .finalize = sq_finalize,
    .column_count = sq_column_count,
    .column_is_null = sq_column_is_null,
    .column_int64 = sq_column_int64,
    .column_text = sq_column_text,
    .column_blob = sq_column_blob,
    .set_cache_mib = sq_set_cache_mib,
    .begin = sq_begin,
    .begin_read = sq_begin_read,
    .commit = sq_commit,
    .rollback = sq_rollback,
    .backup = sq_backup,
    .copy_from = sq_copy_from,
    .indexes_sql = "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = $1 "
                   "AND sql IS NOT NULL ORDER BY name",
    .indexes_drop = sq_indexes_drop,
    .tables_sql = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                  "'sqlite%' AND name <> 'schema_migrations' ORDER BY rowid",
    .columns_sql = "SELECT name FROM pragma_table_info($1) ORDER BY cid",
    .column_type = sq_column_type,
    .table_sync_key = sq_table_sync_key,
    .defer_fk_sql = "PRAGMA defer_foreign_keys = ON",
    .load_begin = sq_load_begin,
    .load_row = sq_load_row,
    .load_end = sq_load_end,
};

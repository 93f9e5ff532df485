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
 * SQLite's bulk load of new rows. Each row is written as it comes to a spool, an unnamed
 * temporary file in $TMPDIR (else /var/tmp, else /tmp, as SQLite looks), as its texts with their
 * lengths, and only its place in the spool (8 bytes) is kept in memory. At the end the rows are
 * read back in the order the caller gives (the table's primary key: the import has its rows' keys
 * sorted already) and inserted into the table by one prepared INSERT, so that the table and its
 * key's B-tree are appended to in order, each page written once, instead of at a random place a
 * row; without an order they go in arrival order. The texts take the columns' affinity as any bound
 * text does. Measured on a million enterprises: rows gathered in a temporary table and moved by
 * INSERT ... SELECT ... ORDER BY the key (SQLite's own sort, spilling to its temporary files)
 * took 2.4 s, and 1.1 s to gather; from the spool, 0.3 s to write, 0.3 s to put in order
 * (insert_ordered) and 1.5 s to insert. The spool takes about twice the rows' bytes on disk (300 MB
 * for a million enterprises) and PART_BYTES of memory.
 */
struct sq_load {
        struct db_load base;
        struct sq_db *conn;
        sqlite3_stmt *insert; /* INSERT INTO the table VALUES (?, ...) */
        int spool;            /* the spool's descriptor */
        char *buf;            /* rows on their way to the spool, then a row read back */
        size_t used, size;    /* of buf */
        uint64_t *at;         /* where each row starts in the spool; at[n] is its end */
        size_t n, cap;
        uint64_t written; /* bytes in the spool */
        int ncols;
        int failed; /* the status of a failed row, which the end reports */
};

enum { SPOOL_BUFFER = 1 << 20, MAX_LOAD_COLUMNS = 64 };

static void load_free(struct sq_load *l)
{
        sqlite3_finalize(l->insert);
        if (l->spool >= 0)
                close(l->spool);
        free(l->buf);
        free(l->at);
        free(l);
}

/* Writes size bytes of src to the spool at to; GL_EIO when the file system refuses (a full disk).
 */
static int spool_write(int fd, const char *src, uint64_t size, uint64_t to)
{
        for (uint64_t put = 0; put < size;) {
                ssize_t w = pwrite(fd, src + put, size - put, (off_t)(to + put));
                if (w < 0 && errno == EINTR)
                        continue;
                if (w <= 0)
                        return GL_EIO;
                put += (uint64_t)w;
        }
        return GL_OK;
}

/* Writes what buf holds at the spool's end. */
static int spool_flush(struct sq_load *l)
{
        int rc = spool_write(l->spool, l->buf, l->used, l->written);
        l->written += l->used;
        l->used = 0;
        return rc;
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
        const char *dirs[] = {gl_temp_dir(), "/var/tmp", "/tmp"}; /* as SQLite's own */
        l->spool = -1;
        for (size_t i = 0; i < GL_ARRAY_LEN(dirs) && l->spool < 0; i++)
                l->spool = gl_temp_file_open(dirs[i], true);
        l->size = SPOOL_BUFFER;
        l->buf = malloc(l->size);
        sqlite3_str *insert = sqlite3_str_new(conn->handle);
        sqlite3_str_appendf(insert, "INSERT INTO main.\"%w\" (", table);
        for (int i = 0; i < ncols; i++)
                sqlite3_str_appendf(insert, "%s\"%w\"", i ? ", " : "", cols[i]);
        sqlite3_str_appendall(insert, ") VALUES (");
        for (int i = 0; i < ncols; i++)
                sqlite3_str_appendall(insert, i ? ", ?" : "?");
        sqlite3_str_appendall(insert, ")");
        char *insert_sql = sqlite3_str_finish(insert);
        int rc = ncols < 1 || ncols > MAX_LOAD_COLUMNS  ? GL_EINVAL
                 : l->spool < 0                         ? GL_EIO
                 : l->buf == NULL || insert_sql == NULL ? GL_ENOMEM
                                                        : GL_OK;
        if (rc == GL_OK)
                rc = status_from_sqlite(
                    sqlite3_prepare_v2(conn->handle, insert_sql, -1, &l->insert, NULL));
        sqlite3_free(insert_sql);
        if (rc != GL_OK) {
                load_free(l);
                return rc;
        }
        *out = &l->base;
        return GL_OK;
}

/* A row in the spool: for each column a 4-byte length, 0 for NULL and else the text's length
 * plus one, then the text. */
static int sq_load_row(struct db_load *base, const char *const *values, int n)
{
        struct sq_load *l = (struct sq_load *)base;
        if (n != l->ncols)
                return l->failed = GL_EINVAL;
        if (l->failed)
                return l->failed;
        uint32_t len[MAX_LOAD_COLUMNS];
        size_t need = 0;
        for (int i = 0; i < n; i++) {
                size_t k = values[i] ? strlen(values[i]) : 0;
                if (k >= UINT32_MAX)
                        return l->failed = GL_ELIMIT;
                len[i] = values[i] ? (uint32_t)k + 1 : 0;
                need += sizeof(len[i]) + k;
        }
        if (need > SPOOL_BUFFER)
                return l->failed = GL_ELIMIT;
        if (l->used + need > l->size && (l->failed = spool_flush(l)) != GL_OK)
                return l->failed;
        uint64_t *grown = gl_grow(l->at, l->n + 1, &l->cap, sizeof(*grown), 1024);
        if (grown == NULL)
                return l->failed = GL_ENOMEM;
        l->at = grown;
        l->at[l->n++] = l->written + l->used;
        char *p = l->buf + l->used;
        for (int i = 0; i < n; i++) {
                memcpy(p, &len[i], sizeof(len[i]));
                p += sizeof(len[i]);
                if (len[i] > 1)
                        memcpy(p, values[i], len[i] - 1);
                p += len[i] ? len[i] - 1 : 0;
        }
        l->used += need;
        return GL_OK;
}

/* Reads size bytes of the spool at from into dst; GL_EIO when the file ends or fails. */
static int spool_read(int fd, char *dst, uint64_t size, uint64_t from)
{
        for (uint64_t got = 0; got < size;) {
                ssize_t r = pread(fd, dst + got, size - got, (off_t)(from + got));
                if (r < 0 && errno == EINTR)
                        continue;
                if (r <= 0)
                        return GL_EIO;
                got += (uint64_t)r;
        }
        return GL_OK;
}

/* Binds the row whose texts begin at p (as sq_load_row spooled them) and inserts it. */
static int insert_row(struct sq_load *l, const char *p)
{
        for (int c = 0; c < l->ncols; c++) {
                uint32_t len;
                memcpy(&len, p, sizeof(len));
                p += sizeof(len);
                if (len == 0) {
                        sqlite3_bind_null(l->insert, c + 1);
                        continue;
                }
                sqlite3_bind_text(l->insert, c + 1, p, (int)(len - 1), SQLITE_STATIC);
                p += len - 1;
        }
        int rc = sqlite3_step(l->insert);
        sqlite3_reset(l->insert);
        return rc == SQLITE_DONE ? GL_OK : status_from_sqlite(rc);
}

/* Row i of the spool, read in order (i one more than the last asked): in buf, which is refilled
 * from the spool a SPOOL_BUFFER at a time (a row is never larger). */
struct spool_cursor {
        uint64_t from, to; /* the part of the spool buf holds */
};

static int spool_row(struct sq_load *l, struct spool_cursor *cur, size_t i, const char **row)
{
        if (l->at[i + 1] > cur->to) {
                cur->from = l->at[i];
                cur->to =
                    l->written - cur->from < SPOOL_BUFFER ? l->written : cur->from + SPOOL_BUFFER;
                int rc = spool_read(l->spool, l->buf, cur->to - cur->from, cur->from);
                if (rc != GL_OK)
                        return rc;
        }
        *row = l->buf + (l->at[i] - cur->from);
        return GL_OK;
}

/* Whether order lists each of the n rows once; GL_OK, GL_EINVAL or GL_ENOMEM. */
static int check_order(const uint32_t *order, size_t norder, size_t n)
{
        if (norder != n)
                return GL_EINVAL;
        unsigned char *seen = calloc(n / 8 + 1, 1);
        if (seen == NULL)
                return GL_ENOMEM;
        int rc = GL_OK;
        for (size_t k = 0; k < n && rc == GL_OK; k++) {
                uint32_t i = order[k];
                if (i >= n || seen[i / 8] & (1u << (i % 8)))
                        rc = GL_EINVAL;
                else
                        seen[i / 8] |= (unsigned char)(1u << (i % 8));
        }
        free(seen);
        return rc;
}

/*
 * The rows in the given order, without reading the spool a row at a time at random (a read of
 * 150 bytes a row: 0.84 s for a million): the order is cut into parts of `per` rows, about
 * PART_BYTES each; one pass through the spool in its own order writes each row, with its place
 * in the order, into its part's region (after the spool's end, in the same file); then each part
 * is read whole, its rows put in order and inserted. Two passes of large reads and writes, and
 * PART_BYTES of memory.
 */
enum { PART_BYTES = 4 << 20, PART_BUFFER = 64 << 10 };

struct part {
        uint64_t start, size, filled; /* the region in the spool; bytes written to it */
        char *buf;                    /* PART_BUFFER bytes on their way to it */
        size_t used;
};

static int part_flush(struct sq_load *l, struct part *p)
{
        int rc = spool_write(l->spool, p->buf, p->used, p->start + p->filled);
        p->filled += p->used;
        p->used = 0;
        return rc;
}

static int part_add(struct sq_load *l, struct part *p, uint32_t place, const char *row,
                    uint64_t size)
{
        if (p->used + sizeof(place) + size > PART_BUFFER) {
                int rc = part_flush(l, p);
                if (rc != GL_OK)
                        return rc;
        }
        if (sizeof(place) + size > PART_BUFFER) { /* a row larger than the buffer goes itself */
                int rc = spool_write(l->spool, (const char *)&place, sizeof(place),
                                     p->start + p->filled);
                if (rc == GL_OK)
                        rc = spool_write(l->spool, row, size, p->start + p->filled + sizeof(place));
                p->filled += sizeof(place) + size;
                return rc;
        }
        memcpy(p->buf + p->used, &place, sizeof(place));
        memcpy(p->buf + p->used + sizeof(place), row, size);
        p->used += sizeof(place) + size;
        return GL_OK;
}

/* The length of the spooled row at p. */
static size_t row_size(const struct sq_load *l, const char *p)
{
        const char *q = p;
        for (int c = 0; c < l->ncols; c++) {
                uint32_t len;
                memcpy(&len, q, sizeof(len));
                q += sizeof(len) + (len ? len - 1 : 0);
        }
        return (size_t)(q - p);
}

static int insert_ordered(struct sq_load *l, const uint32_t *order)
{
        size_t n = l->n;
        size_t nparts = (size_t)(l->written / PART_BYTES) + 1;
        size_t per = (n + nparts - 1) / nparts;
        uint32_t *place = malloc(n * sizeof(*place));
        struct part *parts = calloc(nparts, sizeof(*parts));
        const char **rows = malloc(per * sizeof(*rows));
        char *region = NULL;
        int rc = place && parts && rows ? GL_OK : GL_ENOMEM;
        for (size_t k = 0; rc == GL_OK && k < n; k++)
                place[order[k]] = (uint32_t)k;
        uint64_t end = l->written, largest = 0;
        for (size_t i = 0; rc == GL_OK && i < n; i++)
                parts[place[i] / per].size += sizeof(uint32_t) + (l->at[i + 1] - l->at[i]);
        for (size_t b = 0; rc == GL_OK && b < nparts; b++) {
                parts[b].start = end;
                end += parts[b].size;
                largest = parts[b].size > largest ? parts[b].size : largest;
                if ((parts[b].buf = malloc(PART_BUFFER)) == NULL)
                        rc = GL_ENOMEM;
        }
        struct spool_cursor cur = {0};
        for (size_t i = 0; rc == GL_OK && i < n; i++) {
                const char *row;
                rc = spool_row(l, &cur, i, &row);
                if (rc == GL_OK)
                        rc = part_add(l, &parts[place[i] / per], place[i], row,
                                      l->at[i + 1] - l->at[i]);
        }
        for (size_t b = 0; rc == GL_OK && b < nparts; b++)
                rc = part_flush(l, &parts[b]);
        for (size_t b = 0; parts && b < nparts; b++) {
                free(parts[b].buf);
                parts[b].buf = NULL;
        }
        free(place);
        place = NULL;
        if (rc == GL_OK && (region = malloc(largest ? largest : 1)) == NULL)
                rc = GL_ENOMEM;
        for (size_t b = 0; rc == GL_OK && b < nparts; b++) {
                size_t first = b * per, count = first < n ? (n - first < per ? n - first : per) : 0;
                rc = spool_read(l->spool, region, parts[b].size, parts[b].start);
                for (uint64_t at = 0; rc == GL_OK && at < parts[b].size;) {
                        uint32_t k;
                        memcpy(&k, region + at, sizeof(k));
                        rows[k - first] = region + at + sizeof(k);
                        at += sizeof(k) + row_size(l, region + at + sizeof(k));
                }
                for (size_t j = 0; rc == GL_OK && j < count; j++)
                        rc = insert_row(l, rows[j]);
        }
        free(region);
        free(rows);
        free(parts);
        return rc;
}

static int sq_load_end(struct db_load *base, bool keep, const uint32_t *order, size_t norder)
{
        struct sq_load *l = (struct sq_load *)base;
        int rc = keep ? l->failed : GL_EINVAL;
        if (rc == GL_OK)
                rc = spool_flush(l);
        if (rc == GL_OK && l->n > 0) {
                l->at[l->n] = l->written; /* gl_grow left room for it */
                if (order != NULL && (rc = check_order(order, norder, l->n)) == GL_OK) {
                        rc = insert_ordered(l, order);
                } else {
                        struct spool_cursor cur = {0};
                        for (size_t i = 0; rc == GL_OK && i < l->n; i++) {
                                const char *row;
                                rc = spool_row(l, &cur, i, &row);
                                if (rc == GL_OK)
                                        rc = insert_row(l, row);
                        }
                }
        }
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

/*
 * Backend-independent parts of db.h: the choice of backend by URL and the dispatch to its
 * operations (db_backend.h), small query helpers and the migration runner. Migrations are
 * the files migrations/NNNN_name.sql compiled into the program; the number before the underscore is
 * the schema version. Each one runs in its own transaction together with the row that records it,
 * so a crash half-way leaves the database at the previous version.
 */
#include "db_backend.h"

#include "../core/embedded.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool is_pg_url(const char *url)
{
        return strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0;
}

int db_open(const char *url, db **out, struct gl_error *err)
{
        if (url == NULL || url[0] == '\0')
                return gl_fail(err, GL_EINVAL, "db", "数据库地址为空 (empty database URL)");
        if (is_pg_url(url))
                return db_pg_open(url, out, err);
        return db_sqlite_open(strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url, out, err);
}

const char *db_sqlite_path(const char *url)
{
        if (url == NULL || is_pg_url(url))
                return NULL;
        return strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;
}

void db_url_shown(const char *url, char *out, size_t size)
{
        snprintf(out, size, "%s", url ? url : "");
        char *scheme = strstr(out, "://");
        char *at = scheme ? strchr(scheme + 3, '@') : NULL;
        char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
        char *colon = scheme ? strchr(scheme + 3, ':') : NULL;
        if (at && (slash == NULL || at < slash) && colon && colon < at)
                memmove(colon, at, strlen(at) + 1);
}

const char *db_backend_name(db *conn)
{
        return conn->ops->name;
}

void db_close(db *conn)
{
        if (conn != NULL)
                conn->ops->close(conn);
}

const char *db_errmsg(db *conn)
{
        return conn ? conn->ops->errmsg(conn) : "no connection";
}

int db_exec(db *conn, const char *sql)
{
        return conn->ops->exec(conn, sql);
}

int db_prepare(db *conn, const char *sql, db_stmt **out)
{
        return conn->ops->prepare(conn, sql, out);
}

int db_bind_int64(db_stmt *st, int index, int64_t value)
{
        return st->ops->bind_int64(st, index, value);
}

int db_bind_text(db_stmt *st, int index, const char *value)
{
        return st->ops->bind_text(st, index, value);
}

int db_bind_null(db_stmt *st, int index)
{
        return st->ops->bind_null(st, index);
}

int db_bind_blob(db_stmt *st, int index, const void *data, size_t size)
{
        return st->ops->bind_blob(st, index, data, size);
}

int db_bind_int64_or_null(db_stmt *st, int index, bool has_value, int64_t value)
{
        return has_value ? db_bind_int64(st, index, value) : db_bind_null(st, index);
}

int db_step(db_stmt *st)
{
        return st->ops->step(st);
}

int64_t db_changes(db *conn)
{
        return conn->ops->changes(conn);
}

int db_reset(db_stmt *st)
{
        return st->ops->reset(st);
}

void db_finalize(db_stmt *st)
{
        if (st != NULL)
                st->ops->finalize(st);
}

int db_column_count(db_stmt *st)
{
        return st->ops->column_count(st);
}

bool db_column_is_null(db_stmt *st, int col)
{
        return st->ops->column_is_null(st, col);
}

int64_t db_column_int64(db_stmt *st, int col)
{
        return st->ops->column_int64(st, col);
}

const char *db_column_text(db_stmt *st, int col)
{
        return st->ops->column_text(st, col);
}

const void *db_column_blob(db_stmt *st, int col, size_t *size)
{
        return st->ops->column_blob(st, col, size);
}

int db_set_cache_mib(db *conn, int mib)
{
        return conn->ops->set_cache_mib(conn, mib);
}

int db_begin(db *conn)
{
        return conn->ops->begin(conn);
}

int db_begin_read(db *conn)
{
        return conn->ops->begin_read(conn);
}

int db_commit(db *conn)
{
        return conn->ops->commit(conn);
}

int db_rollback(db *conn)
{
        return conn->ops->rollback(conn);
}

int db_backup(db *conn, const char *path, db_progress_fn *progress, void *ctx, struct gl_error *err)
{
        return conn->ops->backup(conn, path, progress, ctx, err);
}

int db_copy_from(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                 struct gl_error *err)
{
        return conn->ops->copy_from(conn, path, progress, ctx, err);
}

int db_table_indexes(db *conn, const char *table, struct db_index **out, size_t *n)
{
        *out = NULL;
        *n = 0;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, conn->ops->indexes_sql, &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, table);
        struct db_index *list = NULL;
        size_t count = 0;
        while ((rc = db_step(st)) == DB_ROW) {
                if (db_index_append(&list, &count, db_column_text(st, 0), db_column_text(st, 1)) !=
                    GL_OK) {
                        rc = GL_ENOMEM;
                        break;
                }
        }
        db_finalize(st);
        if (rc != DB_DONE) {
                db_indexes_free(list, count);
                return rc < 0 ? rc : GL_EDB;
        }
        *out = list;
        *n = count;
        return GL_OK;
}

int db_indexes_drop(db *conn, const struct db_index *list, size_t n)
{
        return conn->ops->indexes_drop(conn, list, n);
}

int db_indexes_make(db *conn, const struct db_index *list, size_t n)
{
        int rc = GL_OK;
        for (size_t i = 0; i < n && rc == GL_OK; i++)
                rc = db_exec(conn, list[i].sql);
        return rc;
}

/* The first column of every row of sql (with $1 bound to arg when not NULL), copied. */
static int names_of(db *conn, const char *sql, const char *arg, char ***out, size_t *n)
{
        *out = NULL;
        *n = 0;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        if (arg != NULL && (rc = db_bind_text(st, 1, arg)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        char **list = NULL;
        size_t count = 0, cap = 0;
        while ((rc = db_step(st)) == DB_ROW) {
                char **grown = gl_grow(list, count, &cap, sizeof(*list), 16);
                char *name = grown ? strdup(db_column_text(st, 0)) : NULL;
                if (grown != NULL)
                        list = grown;
                if (name == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                list[count++] = name;
        }
        db_finalize(st);
        if (rc != DB_DONE) {
                db_names_free(list, count);
                return rc < 0 ? rc : GL_EDB;
        }
        *out = list;
        *n = count;
        return GL_OK;
}

int db_tables(db *conn, char ***out, size_t *n)
{
        return names_of(conn, conn->ops->tables_sql, NULL, out, n);
}

int db_table_columns(db *conn, const char *table, char ***out, size_t *n)
{
        return names_of(conn, conn->ops->columns_sql, table, out, n);
}

void db_names_free(char **names, size_t n)
{
        for (size_t i = 0; i < n; i++)
                free(names[i]);
        free(names);
}

enum db_type db_column_type(db_stmt *st, int col)
{
        return st->ops->column_type(st, col);
}

int db_scratch_restore(db *conn, const char *path, char *url, size_t size, struct gl_error *err)
{
        if (conn->ops->scratch_restore == NULL)
                return gl_fail(err, GL_EINVAL, "db",
                               "此后端没有临时数据库 (no scratch databases on this backend)");
        return conn->ops->scratch_restore(conn, path, url, size, err);
}

void db_scratch_drop(db *conn, const char *url)
{
        if (conn->ops->scratch_drop)
                conn->ops->scratch_drop(conn, url);
}

int db_table_sync_key(db *conn, const char *table)
{
        return conn->ops->table_sync_key(conn, table);
}

int db_load_begin(db *conn, const char *table, const char *const *cols, int ncols,
                  struct db_load **out)
{
        *out = NULL;
        return conn->ops->load_begin ? conn->ops->load_begin(conn, table, cols, ncols, out) : GL_OK;
}

int db_load_row(struct db_load *load, const char *const *values, int n)
{
        return load->ops->load_row(load, values, n);
}

int db_load_end(struct db_load *load, bool keep, const uint32_t *order, size_t norder)
{
        return load ? load->ops->load_end(load, keep, order, norder) : GL_OK;
}

bool db_can_load(db *conn)
{
        return conn->ops->load_begin != NULL;
}

bool db_can_copy_load(db *conn)
{
        return conn->ops->load_begin != NULL && conn->ops->load_reads_hex;
}

int db_index_append(struct db_index **list, size_t *n, const char *name, const char *sql)
{
        struct db_index *grown = realloc(*list, (*n + 1) * sizeof(*grown));
        if (grown == NULL)
                return GL_ENOMEM;
        *list = grown;
        char *name_copy = strdup(name), *sql_copy = strdup(sql);
        if (name_copy == NULL || sql_copy == NULL) {
                free(name_copy);
                free(sql_copy);
                return GL_ENOMEM;
        }
        grown[(*n)++] = (struct db_index){name_copy, sql_copy};
        return GL_OK;
}

void db_indexes_free(struct db_index *list, size_t n)
{
        for (size_t i = 0; i < n; i++) {
                free(list[i].name);
                free(list[i].sql);
        }
        free(list);
}

int db_query_int64(db *conn, const char *sql, int64_t *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        rc = db_step(st);
        if (rc == DB_ROW) {
                *out = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int db_step_done(db_stmt *st)
{
        int rc = db_step(st);
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

int db_step_int64(db_stmt *st, int64_t *out)
{
        int rc = db_step(st);
        if (rc == DB_ROW)
                *out = db_column_int64(st, 0);
        db_finalize(st);
        return rc == DB_ROW ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

int db_bind_text_or_null(db_stmt *st, int index, const char *text)
{
        return db_bind_text(st, index, (text && text[0]) ? text : NULL);
}

int db_bind_date(db_stmt *st, int index, gl_date d)
{
        if (d == GL_DATE_NONE)
                return db_bind_null(st, index);
        char buf[11];
        return db_bind_text(st, index, date_format_iso(d, buf));
}

gl_date db_column_date(db_stmt *st, int col)
{
        gl_date d = GL_DATE_NONE;
        if (!db_column_is_null(st, col) && date_parse_iso(db_column_text(st, col), &d) != GL_OK)
                d = GL_DATE_NONE;
        return d;
}

int db_schema_version(db *conn, int64_t *out)
{
        return db_query_int64(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", out);
}

static int migration_number(const char *name)
{
        int n = 0;
        const char *p = name;
        for (; *p >= '0' && *p <= '9'; p++)
                n = n * 10 + (*p - '0');
        return (p == name || *p != '_') ? -1 : n;
}

/*
 * The text of a migration for one backend. Where the dialects must differ, a migration holds both:
 * a line "--@ sqlite" or "--@ postgresql" begins statements for that backend only, a line
 * "--@ end" ends them. The other lines are for both. NULL without memory.
 */
static char *migration_for(const char *sql, const char *backend)
{
        size_t size = strlen(sql) + 1, len = 0;
        char *out = malloc(size);
        if (out == NULL)
                return NULL;
        bool keep = true;
        for (const char *line = sql; *line;) {
                const char *end = strchr(line, '\n');
                size_t n = end ? (size_t)(end - line) + 1 : strlen(line);
                if (strncmp(line, "--@ ", 4) == 0) {
                        const char *which = line + 4;
                        size_t wn = strlen(backend);
                        keep = strncmp(which, "end", 3) == 0 ||
                               (strncmp(which, backend, wn) == 0 &&
                                (which[wn] == '\n' || which[wn] == '\r' || which[wn] == '\0'));
                } else if (keep) {
                        memcpy(out + len, line, n);
                        len += n;
                }
                line += n;
        }
        out[len] = '\0';
        return out;
}

static int apply_one(db *conn, const struct embedded_file *m, int version, struct gl_error *err)
{
        if (db_begin(conn) != GL_OK)
                return gl_fail(err, GL_EDB, "db", "migration %s: %s", m->name, db_errmsg(conn));
        char *text = migration_for(m->data, conn->ops->name);
        int rc = text ? conn->ops->exec_migration(conn, text) : GL_ENOMEM;
        free(text);
        if (rc != GL_OK) {
                gl_fail(err, GL_EDB, "db", "migration %s: %s", m->name, db_errmsg(conn));
                db_rollback(conn);
                return GL_EDB;
        }
        db_stmt *st = NULL;
        rc = db_prepare(conn, "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", &st);
        if (rc == GL_OK) {
                db_bind_int64(st, 1, version);
                db_bind_text(st, 2, m->name);
                rc = db_step(st) == DB_DONE ? GL_OK : GL_EDB;
        }
        db_finalize(st);
        if (rc != GL_OK || db_commit(conn) != GL_OK) {
                gl_fail(err, GL_EDB, "db", "migration %s: %s", m->name, db_errmsg(conn));
                db_rollback(conn);
                return GL_EDB;
        }
        return GL_OK;
}

static int migration_applied(db *conn, int version, bool *applied)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT 1 FROM schema_migrations WHERE version = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, version);
        rc = db_step(st);
        db_finalize(st);
        if (rc < 0)
                return rc;
        *applied = rc == DB_ROW;
        return GL_OK;
}

int db_migrate(db *conn, struct gl_error *err)
{
        if (db_exec(conn, "CREATE TABLE IF NOT EXISTS schema_migrations ("
                          " version INTEGER PRIMARY KEY, name TEXT NOT NULL)") != GL_OK)
                return gl_fail(err, GL_EDB, "db", "schema_migrations: %s", db_errmsg(conn));
        int64_t newest_applied = 0;
        if (db_schema_version(conn, &newest_applied) != GL_OK)
                return gl_fail(err, GL_EDB, "db", "schema version: %s", db_errmsg(conn));
        int newest_known = 0;
        /* Every migration not applied yet is applied, in order, even one numbered below the newest
         * applied (it may have been added on another line of development). */
        for (const struct embedded_file *m = embedded_migrations; m->name != NULL; m++) {
                int version = migration_number(m->name);
                if (version < 0)
                        return gl_fail(err, GL_EINVAL, "db", "bad migration name %s", m->name);
                newest_known = version > newest_known ? version : newest_known;
                bool applied = false;
                if (migration_applied(conn, version, &applied) != GL_OK)
                        return gl_fail(err, GL_EDB, "db", "schema version: %s", db_errmsg(conn));
                if (applied)
                        continue;
                int rc = apply_one(conn, m, version, err);
                if (rc != GL_OK)
                        return rc;
        }
        if (newest_applied > newest_known)
                return gl_fail(err, GL_EINVAL, "db",
                               "数据库结构版本 %lld 高于本程序所知的 %d, 请使用更新的 greenlane "
                               "(the database schema is newer than this program)",
                               (long long)newest_applied, newest_known);
        return GL_OK;
}

int db_row_texts(db_stmt *st, int first, const char **out, int max)
{
        int n = 0;
        for (int col = first; col < db_column_count(st) && n < max; col++)
                out[n++] = db_column_is_null(st, col) ? NULL : db_column_text(st, col);
        return n;
}

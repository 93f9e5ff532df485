/*
 * Backend-independent parts of db.h: small query helpers and the migration runner. Migrations are
 * the files migrations/NNNN_name.sql compiled into the program; the number before the underscore is
 * the schema version. Each one runs in its own transaction together with the row that records it,
 * so a crash half-way leaves the database at the previous version.
 */
#include "db.h"

#include "../core/embedded.h"

#include <stdlib.h>
#include <string.h>

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

static int apply_one(db *conn, const struct embedded_file *m, int version, struct gl_error *err)
{
        if (db_begin(conn) != GL_OK)
                return gl_fail(err, GL_EDB, "db", "migration %s: %s", m->name, db_errmsg(conn));
        int rc = db_exec(conn, m->data);
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

/*
 * The SQLite backend of db.h. Connections run in WAL mode with foreign keys enforced,
 * synchronous=FULL (a committed transaction survives a power cut) and a busy timeout, so that a
 * reader never blocks a writer and two writers wait for each other instead of failing. $N
 * placeholders are mapped by name, so a statement may use them in any order.
 */
#include "db.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct db {
        sqlite3 *handle;
};

struct db_stmt {
        db *conn;
        sqlite3_stmt *handle;
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

int db_open(const char *url, db **out, struct gl_error *err)
{
        if (url == NULL || url[0] == '\0')
                return gl_fail(err, GL_EINVAL, "db", "数据库地址为空 (empty database URL)");
        if (strncmp(url, "postgresql://", 13) == 0 || strncmp(url, "postgres://", 11) == 0)
                return gl_fail(
                    err, GL_EINVAL, "db",
                    "本版本尚未提供 PostgreSQL 后端 (PostgreSQL backend not available in this "
                    "build): %s",
                    url);
        const char *path = strncmp(url, "sqlite:", 7) == 0 ? url + 7 : url;

        db *conn = calloc(1, sizeof(*conn));
        if (conn == NULL)
                return gl_fail(err, GL_ENOMEM, "db", "out of memory");
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
        *out = conn;
        return GL_OK;
}

void db_close(db *conn)
{
        if (conn == NULL)
                return;
        sqlite3_close(conn->handle);
        free(conn);
}

const char *db_errmsg(db *conn)
{
        return conn ? sqlite3_errmsg(conn->handle) : "no connection";
}

int db_exec(db *conn, const char *sql)
{
        return status_from_sqlite(sqlite3_exec(conn->handle, sql, NULL, NULL, NULL));
}

int db_prepare(db *conn, const char *sql, db_stmt **out)
{
        db_stmt *st = calloc(1, sizeof(*st));
        if (st == NULL)
                return GL_ENOMEM;
        int rc = sqlite3_prepare_v2(conn->handle, sql, -1, &st->handle, NULL);
        if (rc != SQLITE_OK) {
                free(st);
                return status_from_sqlite(rc);
        }
        st->conn = conn;
        *out = st;
        return GL_OK;
}

static int param_index(db_stmt *st, int index)
{
        char name[16];
        snprintf(name, sizeof(name), "$%d", index);
        return sqlite3_bind_parameter_index(st->handle, name);
}

int db_bind_int64(db_stmt *st, int index, int64_t value)
{
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        return status_from_sqlite(sqlite3_bind_int64(st->handle, i, value));
}

int db_bind_text(db_stmt *st, int index, const char *value)
{
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        if (value == NULL)
                return status_from_sqlite(sqlite3_bind_null(st->handle, i));
        return status_from_sqlite(sqlite3_bind_text(st->handle, i, value, -1, SQLITE_TRANSIENT));
}

int db_bind_null(db_stmt *st, int index)
{
        int i = param_index(st, index);
        if (i == 0)
                return GL_EINVAL;
        return status_from_sqlite(sqlite3_bind_null(st->handle, i));
}

int db_bind_int64_or_null(db_stmt *st, int index, bool has_value, int64_t value)
{
        return has_value ? db_bind_int64(st, index, value) : db_bind_null(st, index);
}

int db_step(db_stmt *st)
{
        int rc = sqlite3_step(st->handle);
        if (rc == SQLITE_ROW)
                return DB_ROW;
        if (rc == SQLITE_DONE)
                return DB_DONE;
        return status_from_sqlite(rc);
}

int db_reset(db_stmt *st)
{
        return status_from_sqlite(sqlite3_reset(st->handle));
}

void db_finalize(db_stmt *st)
{
        if (st == NULL)
                return;
        sqlite3_finalize(st->handle);
        free(st);
}

int db_column_count(db_stmt *st)
{
        return sqlite3_column_count(st->handle);
}

bool db_column_is_null(db_stmt *st, int col)
{
        return sqlite3_column_type(st->handle, col) == SQLITE_NULL;
}

int64_t db_column_int64(db_stmt *st, int col)
{
        return sqlite3_column_int64(st->handle, col);
}

const char *db_column_text(db_stmt *st, int col)
{
        const unsigned char *t = sqlite3_column_text(st->handle, col);
        return t ? (const char *)t : "";
}

int db_set_cache_mib(db *conn, int mib)
{
        char sql[64];
        /* A negative cache_size counts KiB; -2000 is SQLite's default. */
        snprintf(sql, sizeof(sql), "PRAGMA cache_size = %d", mib > 0 ? -1024 * mib : -2000);
        return db_exec(conn, sql);
}

int db_begin(db *conn)
{
        return db_exec(conn, "BEGIN IMMEDIATE");
}

int db_commit(db *conn)
{
        return db_exec(conn, "COMMIT");
}

int db_rollback(db *conn)
{
        return db_exec(conn, "ROLLBACK");
}

/*
 * The backend-neutral part of a whole-database copy (db.h: db_copy_rows and its helpers): a
 * table's rows read from one connection and written to another, of the same backend or the other,
 * by the target's bulk load where it has one (PostgreSQL's COPY), else an INSERT a row.
 */
#include "db_backend.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int db_tables_clear(db *conn, char **tables, size_t n)
{
        int rc = db_begin(conn);
        for (size_t i = n; i-- > 0 && rc == GL_OK;) {
                char sql[256];
                snprintf(sql, sizeof(sql), "DELETE FROM \"%s\"", tables[i]);
                rc = db_exec(conn, sql);
        }
        if (rc == GL_OK)
                return db_commit(conn);
        db_rollback(conn);
        return rc;
}

/* Binds the value of column col of from's row as parameter index of to. */
static int bind_like(db_stmt *to, int index, db_stmt *from, int col)
{
        size_t size = 0;
        const void *blob;
        switch (db_column_type(from, col)) {
        case DB_TYPE_NULL:
                return db_bind_null(to, index);
        case DB_TYPE_INTEGER:
                return db_bind_int64(to, index, db_column_int64(from, col));
        case DB_TYPE_BLOB:
                blob = db_column_blob(from, col, &size);
                return db_bind_blob(to, index, blob, size);
        default:
                return db_bind_text(to, index, db_column_text(from, col));
        }
}

/* The statements that read table's columns from the source and write them to the target. */
static int copy_statements(char **cols, size_t ncols, const char *table, char **select,
                           char **insert)
{
        size_t size = 64 + strlen(table);
        for (size_t i = 0; i < ncols; i++)
                size += strlen(cols[i]) + 12;
        *select = malloc(size);
        *insert = malloc(size * 2);
        if (*select == NULL || *insert == NULL)
                return GL_ENOMEM;
        size_t s = (size_t)snprintf(*select, size, "SELECT ");
        size_t w = (size_t)snprintf(*insert, size * 2, "INSERT INTO \"%s\" (", table);
        for (size_t i = 0; i < ncols; i++) {
                s += (size_t)snprintf(*select + s, size - s, "%s\"%s\"", i ? ", " : "", cols[i]);
                w +=
                    (size_t)snprintf(*insert + w, size * 2 - w, "%s\"%s\"", i ? ", " : "", cols[i]);
        }
        snprintf(*select + s, size - s, " FROM \"%s\"", table);
        w += (size_t)snprintf(*insert + w, size * 2 - w, ") VALUES (");
        for (size_t i = 0; i < ncols; i++)
                w += (size_t)snprintf(*insert + w, size * 2 - w, "%s$%zu", i ? ", " : "", i + 1);
        snprintf(*insert + w, size * 2 - w, ")");
        return GL_OK;
}

#define LOAD_COLUMNS_MAX 64

/* Sends from's row to a bulk load as texts: an integer as its digits, a BLOB as bytea's hex
 * input ("\x..."), NULL as NULL. */
static int load_row_like(struct db_load *load, db_stmt *from, size_t ncols)
{
        const char *values[LOAD_COLUMNS_MAX] = {0};
        char digits[LOAD_COLUMNS_MAX][24];
        char *hex[LOAD_COLUMNS_MAX] = {0};
        int rc = GL_OK;
        for (size_t i = 0; i < ncols && rc == GL_OK; i++) {
                size_t size = 0;
                const unsigned char *blob;
                switch (db_column_type(from, (int)i)) {
                case DB_TYPE_NULL:
                        values[i] = NULL;
                        break;
                case DB_TYPE_INTEGER:
                        gl_format_i64(db_column_int64(from, (int)i), digits[i]);
                        values[i] = digits[i];
                        break;
                case DB_TYPE_BLOB:
                        blob = db_column_blob(from, (int)i, &size);
                        hex[i] = malloc(2 * size + 3);
                        if (hex[i] == NULL) {
                                rc = GL_ENOMEM;
                                break;
                        }
                        memcpy(hex[i], "\\x", 2);
                        gl_hex_encode(blob, size, hex[i] + 2);
                        values[i] = hex[i];
                        break;
                default:
                        values[i] = db_column_text(from, (int)i);
                }
        }
        if (rc == GL_OK)
                rc = db_load_row(load, values, (int)ncols);
        for (size_t i = 0; i < ncols; i++)
                free(hex[i]);
        return rc;
}

int db_copy_rows(db *src, db *dst, const char *table, int64_t *rows, int64_t total,
                 db_progress_fn *progress, void *ctx, struct gl_error *err)
{
        char **cols = NULL;
        size_t ncols = 0;
        int rc = db_table_columns(dst, table, &cols, &ncols);
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "db", "%s: %s", table, db_errmsg(dst));
        char *select = NULL, *insert = NULL;
        rc = copy_statements(cols, ncols, table, &select, &insert);
        db_stmt *from = NULL, *to = NULL;
        struct db_load *load = NULL;
        if (rc == GL_OK && (rc = db_prepare(src, select, &from)) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "源数据库 (the source) %s: %s", table,
                             db_errmsg(src));
        if (rc == GL_OK && ncols <= LOAD_COLUMNS_MAX && db_can_copy_load(dst) &&
            (rc = db_load_begin(dst, table, (const char *const *)cols, (int)ncols, &load)) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "目标数据库 (the target) %s: %s", table,
                             db_errmsg(dst));
        if (rc == GL_OK && load == NULL && (rc = db_prepare(dst, insert, &to)) != GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "目标数据库 (the target) %s: %s", table,
                             db_errmsg(dst));
        while (rc == GL_OK && (rc = db_step(from)) == DB_ROW) {
                rc = GL_OK;
                if (load != NULL) {
                        rc = load_row_like(load, from, ncols);
                } else {
                        for (size_t i = 0; i < ncols && rc == GL_OK; i++)
                                rc = bind_like(to, (int)i + 1, from, (int)i);
                        if (rc == GL_OK && (rc = db_step(to)) == DB_DONE)
                                rc = db_reset(to);
                }
                if (rc != GL_OK) {
                        rc = gl_fail(err, GL_EDB, "db", "写入 %s 失败 (cannot write): %s", table,
                                     db_errmsg(dst));
                        break;
                }
                if (++*rows % 1000 == 0 && progress)
                        progress(*rows, total, ctx);
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        else if (rc < 0 && err && err->message[0] == '\0')
                rc = gl_fail(err, GL_EDB, "db", "读取 %s 失败 (cannot read): %s", table,
                             db_errmsg(src));
        if (load != NULL && db_load_end(load, rc == GL_OK, NULL, 0) != GL_OK && rc == GL_OK)
                rc = gl_fail(err, GL_EDB, "db", "写入 %s 失败 (cannot write): %s", table,
                             db_errmsg(dst));
        db_finalize(from);
        db_finalize(to);
        free(select);
        free(insert);
        db_names_free(cols, ncols);
        return rc;
}

int db_table_count(db *conn, const char *table, int64_t *n)
{
        char sql[256];
        snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM \"%s\"", table);
        return db_query_int64(conn, sql, n);
}

int db_defer_foreign_keys(db *conn)
{
        return conn->ops->defer_fk_sql ? db_exec(conn, conn->ops->defer_fk_sql) : GL_OK;
}

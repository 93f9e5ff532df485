/*
 * What a backend of db.h provides (db_sqlite.c, db_pg.c): the operations db.c dispatches to. A
 * backend's connection and statement structures begin with struct db and struct db_stmt, whose
 * only member is the table of the backend's operations. Included by the backends and db.c only.
 */
#ifndef GL_DB_BACKEND_H
#define GL_DB_BACKEND_H

#include "db.h"

struct db_ops {
        const char *name; /* "sqlite", "postgresql" */
        void (*close)(db *conn);
        const char *(*errmsg)(db *conn);
        int (*exec)(db *conn, const char *sql);
        /* Runs a migration's text, written in SQLite's dialect, in the backend's own. */
        int (*exec_migration)(db *conn, const char *sql);
        int (*prepare)(db *conn, const char *sql, db_stmt **out);
        int (*bind_int64)(db_stmt *st, int index, int64_t value);
        int (*bind_text)(db_stmt *st, int index, const char *value);
        int (*bind_null)(db_stmt *st, int index);
        int (*bind_blob)(db_stmt *st, int index, const void *data, size_t size);
        int (*step)(db_stmt *st);
        int64_t (*changes)(db *conn);
        int (*reset)(db_stmt *st);
        void (*finalize)(db_stmt *st);
        int (*column_count)(db_stmt *st);
        bool (*column_is_null)(db_stmt *st, int col);
        int64_t (*column_int64)(db_stmt *st, int col);
        const char *(*column_text)(db_stmt *st, int col);
        const void *(*column_blob)(db_stmt *st, int col, size_t *size);
        int (*set_cache_mib)(db *conn, int mib);
        int (*begin)(db *conn);
        int (*begin_read)(db *conn);
        int (*commit)(db *conn);
        int (*rollback)(db *conn);
        int (*backup)(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                      struct gl_error *err);
        int (*copy_from)(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                         struct gl_error *err);
        /* The SQL that lists a table's own indexes ($1 the table; the name and the statement that
         * makes it), those its primary key and UNIQUE constraints make left out. */
        const char *indexes_sql;
        int (*indexes_drop)(db *conn, const struct db_index *list, size_t n);
        /* The SQL that lists the tables in their order (one column: the name), and a table's
         * columns ($1 the table; one column: the name). */
        const char *tables_sql;
        const char *columns_sql;
        enum db_type (*column_type)(db_stmt *st, int col);
        int (*table_sync_key)(db *conn, const char *table);
        /* The statement that defers foreign keys to the commit (NULL: none needed). */
        const char *defer_fk_sql;
        /* NULL where the backend has no scratch databases (db_scratch_restore is GL_EINVAL). */
        int (*scratch_restore)(db *conn, const char *path, char *url, size_t size,
                               struct gl_error *err);
        void (*scratch_drop)(db *conn, const char *url);
        /* NULL where the backend has no bulk load (db_load_begin gives NULL). */
        int (*load_begin)(db *conn, const char *table, const char *const *cols, int ncols,
                          struct db_load **out);
        int (*load_row)(struct db_load *load, const char *const *values, int n);
        int (*load_end)(struct db_load *load, bool keep, const uint32_t *order, size_t norder);
        /* The load reads a BLOB sent as bytea's hex text (db_can_copy_load). */
        bool load_reads_hex;
};

struct db_load {
        const struct db_ops *ops;
};

struct db {
        const struct db_ops *ops;
};

struct db_stmt {
        const struct db_ops *ops;
};

int db_sqlite_open(const char *path, db **out, struct gl_error *err);
int db_pg_open(const char *url, db **out, struct gl_error *err);

/* Appends an index to *list (the name and statement copied): GL_OK or GL_ENOMEM. */
int db_index_append(struct db_index **list, size_t *n, const char *name, const char *sql);

#endif

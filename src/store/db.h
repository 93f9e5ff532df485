/*
 * The backend-neutral database interface. SQL is written once for SQLite (>= 3.40) and PostgreSQL
 * 15: placeholders are $1..$n, dates are ISO TEXT, money and mass are integers, upserts use ON
 * CONFLICT and inserts that need the new key use RETURNING. A connection is opened by URL: a plain
 * path or "sqlite:PATH" selects SQLite, "postgresql://..." (or "postgres://...") PostgreSQL,
 * through libpq (db_pg.c, which also says where the dialects differ and how each difference is
 * bridged).
 *
 * Ownership: db_open returns a connection the caller closes with db_close; db_prepare returns a
 * statement the caller finalizes with db_finalize. Text returned by db_column_text belongs to the
 * statement and is valid until the next db_step, db_reset or db_finalize. Both free functions
 * accept NULL. A connection is used by one thread at a time.
 */
#ifndef GL_DB_H
#define GL_DB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/gl.h"

typedef struct db db;
typedef struct db_stmt db_stmt;

enum db_step_result {
        DB_DONE = 0, /* no (more) rows */
        DB_ROW = 1,  /* a row is available */
};

/* Opens (creating when needed) the database at url. On failure fills err and returns < 0. */
int db_open(const char *url, db **out, struct gl_error *err);
void db_close(db *conn);

/* The last error the backend reported on this connection. */
const char *db_errmsg(db *conn);

/* Runs one or more statements without parameters or results (migrations, pragmas). */
int db_exec(db *conn, const char *sql);

/* Prepares one statement with $1..$n placeholders. */
int db_prepare(db *conn, const char *sql, db_stmt **out);
int db_bind_int64(db_stmt *st, int index, int64_t value);
int db_bind_text(db_stmt *st, int index, const char *value); /* NULL binds SQL NULL */
int db_bind_null(db_stmt *st, int index);
/* Binds size bytes at data as a BLOB (copied). */
int db_bind_blob(db_stmt *st, int index, const void *data, size_t size);
/* Binds value, or SQL NULL when has_value is false. */
int db_bind_int64_or_null(db_stmt *st, int index, bool has_value, int64_t value);
/* Binds text, or SQL NULL for NULL or "". */
int db_bind_text_or_null(db_stmt *st, int index, const char *text);
/* Binds a date as ISO TEXT "YYYY-MM-DD", or SQL NULL for GL_DATE_NONE. */
int db_bind_date(db_stmt *st, int index, gl_date d);

/* Returns DB_ROW, DB_DONE, or < 0 on error (GL_ECONFLICT for a constraint violation). */
int db_step(db_stmt *st);
/* The rows the connection's last INSERT, UPDATE or DELETE changed (an insert that ON CONFLICT DO
 * NOTHING skipped: 0), without a RETURNING clause, which SQLite pays for with a table of its own
 * per statement. */
int64_t db_changes(db *conn);
int db_reset(db_stmt *st); /* keeps the bindings */
/* Steps a statement that returns no row (an INSERT or UPDATE) once and finalizes it: GL_OK, or the
 * error of the step (GL_ECONFLICT for a constraint). */
int db_step_done(db_stmt *st);
/* Steps a statement that returns one row (a COUNT) once, reads its first column into *out and
 * finalizes it: GL_OK, GL_EDB when it returns no row, or the error of the step. */
int db_step_int64(db_stmt *st, int64_t *out);
void db_finalize(db_stmt *st);

int db_column_count(db_stmt *st);
bool db_column_is_null(db_stmt *st, int col);
int64_t db_column_int64(db_stmt *st, int col);
const char *db_column_text(db_stmt *st, int col); /* "" for NULL */
/* The bytes of a BLOB column and their number (*size 0 and NULL for NULL or empty). */
const void *db_column_blob(db_stmt *st, int col, size_t *size);
/* The columns of st's row from first on as texts, NULL for SQL NULL, into out (at most max);
 * returns how many. The texts belong to st until its next step. */
int db_row_texts(db_stmt *st, int first, const char **out, int max);
/* An ISO date column; GL_DATE_NONE for NULL or text that is not a date. */
gl_date db_column_date(db_stmt *st, int col);

/*
 * Transactions. db_begin starts a write transaction (taking the write lock at once on SQLite, so a
 * concurrent writer waits for the busy timeout instead of failing half-way).
 */
int db_begin(db *conn);
/* A read transaction: every statement until db_rollback sees one committed state of the database
 * (a long check of many tables while others write). */
int db_begin_read(db *conn);
int db_commit(db *conn);
int db_rollback(db *conn);

/*
 * Sizes this connection's page cache for a large transaction (an import of a whole file), so that
 * it is not spilled to the file again and again before the commit; 0 restores the backend's
 * default.
 */
int db_set_cache_mib(db *conn, int mib);

/*
 * Whole-database copies (SQLite's online backup: other connections go on reading and writing
 * while it runs, and the copy is one consistent state; PostgreSQL's pg_dump archive, and
 * pg_restore --clean in one transaction). progress, when not NULL, is called after each step with
 * the pages copied and the pages in all (SQLite).
 *
 * db_backup writes conn's database to a new file at path: first to path + ".part", synced, then
 * renamed, so that path is either the whole copy or absent (GL_ECONFLICT when path exists).
 * db_copy_from replaces conn's whole database with the database in the file at path, in one
 * transaction of conn's: a crash half-way leaves it as it was.
 */
typedef void db_progress_fn(int64_t done, int64_t total, void *ctx);
int db_backup(db *conn, const char *path, db_progress_fn *progress, void *ctx,
              struct gl_error *err);
int db_copy_from(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                 struct gl_error *err);
/* The file of an SQLite URL ("sqlite:PATH" or PATH); NULL for any other backend's URL. */
const char *db_sqlite_path(const char *url);
/* url as it may be shown or logged: a password in it left out ("postgresql://me:secret@host/db"
 * as "postgresql://me@host/db"). */
void db_url_shown(const char *url, char *out, size_t size);
/* "sqlite" or "postgresql": the backend conn speaks to. */
const char *db_backend_name(db *conn);

/*
 * The indexes of table other than those its definition makes (its primary key's and its UNIQUE
 * constraints'), as the schema holds them — the migrations' own CREATE INDEX statements — so that
 * a bulk load may drop them and make them again from the same text in its transaction. Free with
 * db_indexes_free.
 */
struct db_index {
        char *name;
        char *sql;
};
int db_table_indexes(db *conn, const char *table, struct db_index **out, size_t *n);
/* Drops the indexes of list, or makes them again from their statements. */
int db_indexes_drop(db *conn, const struct db_index *list, size_t n);
int db_indexes_make(db *conn, const struct db_index *list, size_t n);
void db_indexes_free(struct db_index *list, size_t n);

/*
 * What a whole-database copy from one backend to the other needs (app/copy.c). db_tables lists
 * the program's tables in the order they were made (a table after those it references; not the
 * backend's own nor schema_migrations), db_table_columns a table's columns in their order; free
 * both with db_names_free. db_column_type is the type of a value in the current row.
 * db_table_sync_key makes the table's generated key continue after the highest id it holds (after
 * rows were copied in with their ids; nothing to do on SQLite).
 */
int db_tables(db *conn, char ***out, size_t *n);
int db_table_columns(db *conn, const char *table, char ***out, size_t *n);
void db_names_free(char **names, size_t n);
enum db_type { DB_TYPE_NULL, DB_TYPE_INTEGER, DB_TYPE_TEXT, DB_TYPE_BLOB };
enum db_type db_column_type(db_stmt *st, int col);
int db_table_sync_key(db *conn, const char *table);
/* Copies every row of table from src into dst (in dst's transaction: the caller begins and
 * commits it), by dst's bulk load where it has one, else an INSERT a row, the columns those of
 * dst's table; adds the rows to *rows and calls progress (when not NULL) every thousand of them
 * with *rows and total. GL_OK, or the error with err naming the table. */
int db_copy_rows(db *src, db *dst, const char *table, int64_t *rows, int64_t total,
                 db_progress_fn *progress, void *ctx, struct gl_error *err);
/* The rows of table. */
int db_table_count(db *conn, const char *table, int64_t *n);
/* Deletes every row of the n tables (the last first), in one transaction of conn's. */
int db_tables_clear(db *conn, char **tables, size_t n);
/* Within conn's transaction, foreign keys checked at its commit instead of at each row (SQLite;
 * on PostgreSQL nothing: rows are copied in the tables' order). */
int db_defer_foreign_keys(db *conn);
/*
 * PostgreSQL: a scratch database beside conn's, made with conn, holding the backup at path (as
 * db_copy_from restores it), its URL in url for the caller to open; db_scratch_drop removes it.
 * The role needs CREATEDB. On SQLite (whose backup is a database file itself) GL_EINVAL.
 */
int db_scratch_restore(db *conn, const char *path, char *url, size_t size, struct gl_error *err);
void db_scratch_drop(db *conn, const char *url);

/*
 * A bulk load of new rows into table, faster than an INSERT a row. PostgreSQL's is COPY FROM
 * STDIN, one statement for every row; SQLite's spools the rows to a temporary file and inserts
 * them at the end in the order db_load_end is given, so that the table's pages are written in
 * order once. The texts are sent as they are (NULL for SQL NULL) and take the columns' types.
 * While a load runs nothing else may be asked of the connection; db_load_end ends it — keep false
 * abandons it (on PostgreSQL that fails the caller's transaction); order, when not NULL, lists
 * the rows (0 for the first sent) each once in the order of the table's primary key, norder of
 * them, which a backend that inserts at the end follows (GL_EINVAL when it is not an order of
 * every row sent) — GL_ECONFLICT when a row broke a constraint (the caller's transaction then
 * rolls back), GL_EIO when the temporary file could not be written. db_can_load is false, and
 * db_load_begin gives *out NULL, where the backend has no such load: the caller inserts row by
 * row. db_can_copy_load: the load also reads a BLOB as bytea's hex text, as db_copy_rows sends it
 * (PostgreSQL's; a copy into SQLite inserts a row at a time).
 */
struct db_load;
bool db_can_load(db *conn);
bool db_can_copy_load(db *conn);
int db_load_begin(db *conn, const char *table, const char *const *cols, int ncols,
                  struct db_load **out);
int db_load_row(struct db_load *load, const char *const *values, int n);
int db_load_end(struct db_load *load, bool keep, const uint32_t *order, size_t norder);

/* Convenience: prepare, bind nothing, step once, read column 0 as an integer. */
int db_query_int64(db *conn, const char *sql, int64_t *out);

/*
 * Applies the numbered migrations compiled into the program that the database has not seen yet,
 * each in its own transaction, recording them in schema_migrations. Safe to call at every start.
 */
int db_migrate(db *conn, struct gl_error *err);

/* The highest migration number applied. */
int db_schema_version(db *conn, int64_t *out);

#endif

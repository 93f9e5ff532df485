/*
 * The contract of db.h, on SQLite and, when GREENLANE_TEST_PG names a PostgreSQL server, on a
 * database of its own there as well: the same statements give the same answers on both. Integers
 * at the ends of 64 bits, texts in Chinese, NULL, bytes with a zero among them; an optional
 * filter ("$1 IS NULL OR ..."), a negative LIMIT meaning none, a comparison read as 1 or 0, NULLs
 * ordered as SQLite orders them (first ascending, last descending, in windows and subqueries); a
 * statement stepped while another runs; a constraint as GL_ECONFLICT, with the connection usable
 * after the rollback; the rows an UPDATE changed and an ON CONFLICT DO NOTHING did not; a
 * transaction rolled back leaving nothing; the migrations applied with their dialect blocks (the
 * ledger's entries refuse an UPDATE on both); an identity key given by the database; and a
 * table's own indexes listed, dropped and made again from their statements.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/db.h"

struct backend {
        char url[512];
        char admin_url[512]; /* PostgreSQL: the server's URL, to drop the database at the end */
        char dbname[64];
        char dir[64];
        db *conn;
};

static int open_sqlite(void **state)
{
        struct backend *b = calloc(1, sizeof(*b));
        if (b == NULL)
                return -1;
        snprintf(b->dir, sizeof(b->dir), "/tmp/gl-test-db-XXXXXX"); /* mkdtemp's template */
        if (mkdtemp(b->dir) == NULL)
                return -1;
        snprintf(b->url, sizeof(b->url), "sqlite:%s/t.db", b->dir);
        struct gl_error err = {0};
        if (db_open(b->url, &b->conn, &err) != GL_OK || db_migrate(b->conn, &err) != GL_OK) {
                fprintf(stderr, "# %s\n", err.message);
                return -1;
        }
        *state = b;
        return 0;
}

/* The server's URL with its database replaced by name. */
static void with_database(const char *server, const char *name, char *out, size_t size)
{
        const char *scheme = strstr(server, "://");
        const char *path = scheme ? strchr(scheme + 3, '/') : NULL;
        if (path == NULL) {
                snprintf(out, size, "%s", server);
                return;
        }
        const char *query = strchr(path, '?');
        snprintf(out, size, "%.*s/%s%s", (int)(path - server), server, name, query ? query : "");
}

static int open_pg(void **state)
{
        const char *server = getenv("GREENLANE_TEST_PG");
        if (server == NULL || server[0] == '\0')
                return -1;
        struct backend *b = calloc(1, sizeof(*b));
        if (b == NULL)
                return -1;
        snprintf(b->admin_url, sizeof(b->admin_url), "%s", server);
        snprintf(b->dbname, sizeof(b->dbname), "t_unit_db_%ld", (long)getpid());
        struct gl_error err = {0};
        db *admin = NULL;
        char sql[128];
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", b->dbname);
        if (db_open(server, &admin, &err) != GL_OK || db_exec(admin, sql) != GL_OK) {
                fprintf(stderr, "# %s %s\n", err.message, admin ? db_errmsg(admin) : "");
                db_close(admin);
                return -1;
        }
        db_close(admin);
        with_database(server, b->dbname, b->url, sizeof(b->url));
        if (db_open(b->url, &b->conn, &err) != GL_OK || db_migrate(b->conn, &err) != GL_OK) {
                fprintf(stderr, "# %s\n", err.message);
                return -1;
        }
        *state = b;
        return 0;
}

static int close_backend(void **state)
{
        struct backend *b = *state;
        if (b == NULL)
                return 0;
        db_close(b->conn);
        if (b->dbname[0]) {
                db *admin = NULL;
                char sql[128];
                snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s", b->dbname);
                if (db_open(b->admin_url, &admin, NULL) == GL_OK)
                        db_exec(admin, sql);
                db_close(admin);
        } else {
                char cmd[128];
                snprintf(cmd, sizeof(cmd), "rm -rf %s", b->dir);
                if (system(cmd) != 0)
                        return -1;
        }
        free(b);
        return 0;
}

static db *conn_of(void **state)
{
        struct backend *b = *state;
        assert_non_null(b);
        return b->conn;
}

static void make_table(db *c)
{
        assert_int_equal(db_exec(c, "DROP TABLE IF EXISTS t"), GL_OK);
        assert_int_equal(db_exec(c, "CREATE TABLE t (k TEXT PRIMARY KEY, n BIGINT, s TEXT)"),
                         GL_OK);
}

static void test_values(void **state)
{
        db *c = conn_of(state);
        make_table(c);
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, "INSERT INTO t (k, n, s) VALUES ($1, $2, $3)", &st), GL_OK);
        const int64_t numbers[] = {INT64_MAX, INT64_MIN, -1, 0};
        const char *keys[] = {"max", "min", "minus", "zero"};
        for (int i = 0; i < 4; i++) {
                assert_int_equal(db_bind_text(st, 1, keys[i]), GL_OK);
                assert_int_equal(db_bind_int64(st, 2, numbers[i]), GL_OK);
                assert_int_equal(db_bind_text(st, 3, i == 3 ? NULL : "平山县 绿色通道"), GL_OK);
                assert_int_equal(db_step(st), DB_DONE);
                assert_int_equal(db_changes(c), 1);
                assert_int_equal(db_reset(st), GL_OK);
        }
        db_finalize(st);
        assert_int_equal(db_prepare(c, "SELECT n, s FROM t WHERE k = $1", &st), GL_OK);
        for (int i = 0; i < 4; i++) {
                db_bind_text(st, 1, keys[i]);
                assert_int_equal(db_step(st), DB_ROW);
                assert_true(db_column_int64(st, 0) == numbers[i]);
                assert_int_equal(db_column_is_null(st, 1), i == 3);
                assert_string_equal(db_column_text(st, 1), i == 3 ? "" : "平山县 绿色通道");
                assert_int_equal(db_step(st), DB_DONE);
                db_reset(st);
        }
        db_finalize(st);
        /* A parameter out of the statement's range is refused. */
        assert_int_equal(db_prepare(c, "SELECT $1", &st), GL_OK);
        assert_int_equal(db_bind_int64(st, 2, 1), GL_EINVAL);
        db_finalize(st);
}

static void test_blob(void **state)
{
        db *c = conn_of(state);
        assert_int_equal(db_exec(c, "DROP TABLE IF EXISTS b"), GL_OK);
        assert_int_equal(db_exec(c, "CREATE TABLE b (id BIGINT PRIMARY KEY, v BYTEA)"), GL_OK);
        const unsigned char bytes[] = {0x00, 0xff, 0x5c, 0x78, 0x00, 0x27, 0x01};
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, "INSERT INTO b (id, v) VALUES (1, $1)", &st), GL_OK);
        assert_int_equal(db_bind_blob(st, 1, bytes, sizeof(bytes)), GL_OK);
        assert_int_equal(db_step_done(st), GL_OK);
        assert_int_equal(db_prepare(c, "SELECT v FROM b WHERE id = 1", &st), GL_OK);
        assert_int_equal(db_step(st), DB_ROW);
        size_t size = 0;
        const void *got = db_column_blob(st, 0, &size);
        assert_int_equal(size, sizeof(bytes));
        assert_memory_equal(got, bytes, sizeof(bytes));
        db_finalize(st);
}

static int64_t count_where(db *c, const char *sql, const char *text, int64_t limit)
{
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, sql, &st), GL_OK);
        db_bind_text(st, 1, text);
        if (limit != 0)
                db_bind_int64(st, 2, limit);
        int64_t n = 0;
        int rc;
        while ((rc = db_step(st)) == DB_ROW)
                n++;
        assert_int_equal(rc, DB_DONE);
        db_finalize(st);
        return n;
}

static void test_filters(void **state)
{
        db *c = conn_of(state);
        make_table(c);
        assert_int_equal(db_exec(c, "INSERT INTO t (k, n, s) VALUES ('a', 1, 'x'), ('b', 2, 'x'), "
                                    "('c', 3, 'y')"),
                         GL_OK);
        const char *optional = "SELECT k FROM t WHERE ($1 IS NULL OR s = $1) ORDER BY k";
        assert_int_equal(count_where(c, optional, NULL, 0), 3);
        assert_int_equal(count_where(c, optional, "x", 0), 2);
        const char *negated = "SELECT k FROM t WHERE ($1 IS NOT NULL AND s = $1) ORDER BY k";
        assert_int_equal(count_where(c, negated, NULL, 0), 0);
        assert_int_equal(count_where(c, negated, "y", 0), 1);
        const char *limited = "SELECT k FROM t WHERE s <> $1 ORDER BY k LIMIT $2";
        assert_int_equal(count_where(c, limited, "z", -1), 3);
        assert_int_equal(count_where(c, limited, "z", 2), 2);
        /* "$1 IS NULL" inside a literal is text, not a test. */
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, "SELECT '$1 IS NULL', $1", &st), GL_OK);
        db_bind_text(st, 1, "v");
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_column_text(st, 0), "$1 IS NULL");
        assert_string_equal(db_column_text(st, 1), "v");
        db_finalize(st);
        /* A comparison reads as 1 or 0, as a number and as text. */
        assert_int_equal(db_prepare(c, "SELECT n > 1, n = 1 FROM t WHERE k = 'b'", &st), GL_OK);
        assert_int_equal(db_step(st), DB_ROW);
        assert_int_equal(db_column_int64(st, 0), 1);
        assert_string_equal(db_column_text(st, 1), "0");
        db_finalize(st);
}

/* The keys of sql's rows joined by spaces. */
static void keys_of(db *c, const char *sql, char *out, size_t size)
{
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, sql, &st), GL_OK);
        out[0] = '\0';
        while (db_step(st) == DB_ROW) {
                size_t len = strlen(out);
                snprintf(out + len, size - len, "%s%s", len ? " " : "", db_column_text(st, 0));
        }
        db_finalize(st);
}

static void test_null_order(void **state)
{
        db *c = conn_of(state);
        make_table(c);
        assert_int_equal(db_exec(c, "INSERT INTO t (k, n) VALUES ('a', NULL), ('b', 2), ('c', 1), "
                                    "('d', NULL)"),
                         GL_OK);
        char got[64];
        /* NULLs first ascending, last descending, as SQLite orders them. */
        keys_of(c, "SELECT k FROM t ORDER BY n, k", got, sizeof(got));
        assert_string_equal(got, "a d c b");
        keys_of(c, "SELECT k FROM t ORDER BY n DESC, k DESC LIMIT 3", got, sizeof(got));
        assert_string_equal(got, "b c d");
        keys_of(c, "SELECT k FROM (SELECT k, n FROM t ORDER BY n ASC LIMIT 2) x ORDER BY k", got,
                sizeof(got));
        assert_string_equal(got, "a d");
        keys_of(c, "SELECT k || ':' || row_number() OVER (ORDER BY n DESC, k) FROM t ORDER BY k",
                got, sizeof(got));
        assert_string_equal(got, "a:3 b:1 c:2 d:4");
        /* An item that says where its NULLs go is kept; a literal is not read as SQL. */
        keys_of(c, "SELECT k FROM t WHERE k <> 'ORDER BY n' ORDER BY n NULLS LAST, k", got,
                sizeof(got));
        assert_string_equal(got, "c b a d");
}

static void test_nested(void **state)
{
        db *c = conn_of(state);
        make_table(c);
        assert_int_equal(db_exec(c, "INSERT INTO t (k, n) VALUES ('a', 1), ('b', 2), ('c', 3)"),
                         GL_OK);
        db_stmt *outer = NULL;
        assert_int_equal(db_prepare(c, "SELECT k, n FROM t ORDER BY k", &outer), GL_OK);
        int64_t sum = 0;
        while (db_step(outer) == DB_ROW) {
                db_stmt *inner = NULL;
                assert_int_equal(db_prepare(c, "SELECT n * 10 FROM t WHERE k = $1", &inner), GL_OK);
                db_bind_text(inner, 1, db_column_text(outer, 0));
                int64_t v = 0;
                assert_int_equal(db_step_int64(inner, &v), GL_OK);
                sum += v + db_column_int64(outer, 1);
        }
        db_finalize(outer);
        assert_int_equal(sum, 66);
}

static void test_conflict_and_changes(void **state)
{
        db *c = conn_of(state);
        make_table(c);
        assert_int_equal(db_exec(c, "INSERT INTO t (k, n) VALUES ('a', 1), ('b', 2)"), GL_OK);
        assert_int_equal(db_begin(c), GL_OK);
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c, "INSERT INTO t (k, n) VALUES ($1, 9)", &st), GL_OK);
        db_bind_text(st, 1, "a");
        assert_int_equal(db_step_done(st), GL_ECONFLICT);
        assert_true(strlen(db_errmsg(c)) > 0);
        assert_int_equal(db_rollback(c), GL_OK);
        int64_t n = 0;
        assert_int_equal(db_query_int64(c, "SELECT SUM(n) FROM t", &n), GL_OK);
        assert_int_equal(n, 3);

        assert_int_equal(db_prepare(c, "UPDATE t SET n = n + 1 WHERE n >= $1", &st), GL_OK);
        db_bind_int64(st, 1, 1);
        assert_int_equal(db_step_done(st), GL_OK);
        assert_int_equal(db_changes(c), 2);
        assert_int_equal(db_prepare(c,
                                    "INSERT INTO t (k, n) VALUES ($1, 1) ON CONFLICT (k) DO "
                                    "NOTHING",
                                    &st),
                         GL_OK);
        db_bind_text(st, 1, "b");
        assert_int_equal(db_step_done(st), GL_OK);
        assert_int_equal(db_changes(c), 0);

        /* A transaction rolled back leaves nothing. */
        assert_int_equal(db_begin(c), GL_OK);
        assert_int_equal(db_exec(c, "DELETE FROM t"), GL_OK);
        assert_int_equal(db_rollback(c), GL_OK);
        assert_int_equal(db_query_int64(c, "SELECT COUNT(*) FROM t", &n), GL_OK);
        assert_int_equal(n, 2);
        /* A read transaction sees the rows and ends. */
        assert_int_equal(db_begin_read(c), GL_OK);
        assert_int_equal(db_query_int64(c, "SELECT COUNT(*) FROM t", &n), GL_OK);
        assert_int_equal(n, 2);
        assert_int_equal(db_rollback(c), GL_OK);
}

static void test_migrated_schema(void **state)
{
        db *c = conn_of(state);
        int64_t version = 0;
        assert_int_equal(db_schema_version(c, &version), GL_OK);
        assert_int_equal(version, 25);
        /* An identity key: the database gives the next id. */
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(c,
                                    "INSERT INTO ledger_transfers (client_id, digest, kind, "
                                    "state, from_account, to_account, pollutant, grams, day, "
                                    "created_at) VALUES ('c1', 'd', 'allocation', 'settled', "
                                    "'reserve', 'project:1', 'cod', 5, '2022-06-01', 'x') "
                                    "RETURNING id",
                                    &st),
                         GL_OK);
        int64_t id = 0;
        assert_int_equal(db_step_int64(st, &id), GL_OK);
        assert_true(id >= 1);
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "INSERT INTO ledger_entries (transfer_id, account, pollutant, grams, day) "
                 "VALUES (%lld, 'reserve', 'cod', -5, '2022-06-01')",
                 (long long)id);
        assert_int_equal(db_exec(c, sql), GL_OK);
        /* The entries are append-only on either backend (its own trigger). */
        assert_int_equal(db_begin(c), GL_OK);
        assert_int_equal(db_exec(c, "UPDATE ledger_entries SET grams = -6"), GL_ECONFLICT);
        assert_int_equal(db_rollback(c), GL_OK);
        assert_int_equal(db_begin(c), GL_OK);
        assert_int_equal(db_exec(c, "DELETE FROM ledger_entries"), GL_ECONFLICT);
        assert_int_equal(db_rollback(c), GL_OK);
        /* Migrating again changes nothing. */
        struct gl_error err = {0};
        assert_int_equal(db_migrate(c, &err), GL_OK);
        assert_int_equal(db_schema_version(c, &version), GL_OK);
        assert_int_equal(version, 25);
}

static void test_indexes(void **state)
{
        db *c = conn_of(state);
        struct db_index *list = NULL;
        size_t n = 0;
        assert_int_equal(db_table_indexes(c, "ledger_transfers", &list, &n), GL_OK);
        /* The migration's two; not the primary key's nor the UNIQUE client id's. */
        assert_int_equal(n, 2);
        assert_string_equal(list[0].name, "ledger_transfers_state");
        assert_string_equal(list[1].name, "ledger_transfers_to");
        db_indexes_free(list, n);
        assert_int_equal(db_table_indexes(c, "ledger_entries", &list, &n), GL_OK);
        assert_int_equal(n, 1); /* ledger_entries_account; not the UNIQUE constraint's */
        assert_string_equal(list[0].name, "ledger_entries_account");
        assert_int_equal(db_indexes_drop(c, list, n), GL_OK);
        struct db_index *after = NULL;
        size_t left = 9;
        assert_int_equal(db_table_indexes(c, "ledger_entries", &after, &left), GL_OK);
        assert_int_equal(left, 0);
        db_indexes_free(after, left);
        assert_int_equal(db_indexes_make(c, list, n), GL_OK);
        assert_int_equal(db_table_indexes(c, "ledger_entries", &after, &left), GL_OK);
        assert_int_equal(left, 1);
        db_indexes_free(after, left);
        db_indexes_free(list, n);
}

#define ON(backend, open, t)                                                                       \
        {                                                                                          \
                backend ": " #t, t, open, close_backend, NULL                                      \
        }

/* The PostgreSQL half runs when GREENLANE_TEST_PG names a server (scripts/test.sh's second pass).
 */
int main(void)
{
        const struct CMUnitTest sqlite[] = {
            ON("sqlite", open_sqlite, test_values),
            ON("sqlite", open_sqlite, test_blob),
            ON("sqlite", open_sqlite, test_filters),
            ON("sqlite", open_sqlite, test_nested),
            ON("sqlite", open_sqlite, test_null_order),
            ON("sqlite", open_sqlite, test_conflict_and_changes),
            ON("sqlite", open_sqlite, test_migrated_schema),
            ON("sqlite", open_sqlite, test_indexes),
        };
        const struct CMUnitTest both[] = {
            ON("sqlite", open_sqlite, test_values),
            ON("postgresql", open_pg, test_values),
            ON("sqlite", open_sqlite, test_blob),
            ON("postgresql", open_pg, test_blob),
            ON("sqlite", open_sqlite, test_filters),
            ON("postgresql", open_pg, test_filters),
            ON("sqlite", open_sqlite, test_nested),
            ON("postgresql", open_pg, test_nested),
            ON("sqlite", open_sqlite, test_null_order),
            ON("postgresql", open_pg, test_null_order),
            ON("sqlite", open_sqlite, test_conflict_and_changes),
            ON("postgresql", open_pg, test_conflict_and_changes),
            ON("sqlite", open_sqlite, test_migrated_schema),
            ON("postgresql", open_pg, test_migrated_schema),
            ON("sqlite", open_sqlite, test_indexes),
            ON("postgresql", open_pg, test_indexes),
        };
        const char *pg = getenv("GREENLANE_TEST_PG");
        if (pg != NULL && pg[0] != '\0')
                return cmocka_run_group_tests(both, NULL, NULL);
        return cmocka_run_group_tests(sqlite, NULL, NULL);
}

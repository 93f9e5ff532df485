/*
 * The PostgreSQL backend of db.h, through libpq. The SQL of the stores is written once (db.h); this
 * file bridges where PostgreSQL 15 reads it otherwise than SQLite:
 *
 * - Statements are prepared on the server once per connection (by their text and their
 *   parameters' types) and run with PQexecPrepared, their results fetched whole: a caller may step
 * one statement while it runs others on the same connection, as it may on SQLite. Parameters bound
 *   as integers are sent typed int8; texts and NULLs untyped, so that the server gives them the
 *   type of the column they meet. "$N IS NULL" is written as the TRUE or FALSE it is for the value
 *   bound (bound_text). A parameter number the statement does not use is sent as text.
 * - Every ORDER BY item is told where its NULLs go as SQLite puts them (first ascending, last
 *   descending: nulls_as_sqlite), so that a listing comes in the same order from both.
 * - Results come as text. A boolean column reads as 1 or 0, as SQLite's comparisons do; a bytea
 *   column is unescaped into the bytes db_column_blob returns.
 * - Write transactions take one advisory lock (WRITE_LOCK) after BEGIN: writers run one at a
 *   time, across all the processes on the database, as SQLite's BEGIN IMMEDIATE makes them; each
 *   then reads what the writer before it committed (READ COMMITTED). A read transaction is
 *   REPEATABLE READ, READ ONLY: one committed state for all its statements.
 * - Migrations are written in SQLite's dialect and read here with four rewrites (pg_migration):
 *   an "id INTEGER PRIMARY KEY" becomes an identity column, every INTEGER a BIGINT (SQLite's
 *   integers have 64 bits), BLOB is BYTEA, "WITHOUT ROWID" and PRAGMA statements are dropped.
 * - A constraint violation (SQLSTATE class 23) is GL_ECONFLICT, as on SQLite.
 * - db_backup is pg_dump's custom archive and db_copy_from pg_restore --clean in one transaction
 *   (both run as child processes, found on PATH); a backup is verified in a scratch database
 *   (db_scratch_restore).
 */
#include "db_backend.h"

#include <errno.h>
#include <fcntl.h>
#include <libpq-fe.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

/* The type oids of pg_type that the backend names (they are fixed in PostgreSQL's catalog). */
#define OID_BOOL 16
#define OID_BYTEA 17
#define OID_INT8 20
#define OID_INT2 21
#define OID_INT4 23
#define OID_TEXT 25

/* The advisory lock every write transaction takes: "gl" in its two high bytes. */
#define WRITE_LOCK "26476"

static const struct db_ops pg_ops;

/* A statement the connection prepared on the server, by its text and its parameters' types. */
struct pg_prepared {
        uint64_t hash;
        char *key; /* the text, a NUL, then one letter a parameter type */
        size_t key_len;
};

#define PREPARED_MAX 512

struct pg_db {
        struct db base;
        PGconn *handle;
        int64_t changes;
        char error[512];
        char *url;                                 /* for pg_dump and pg_restore */
        struct pg_prepared prepared[PREPARED_MAX]; /* named "gl<index>" on the server */
        size_t nprepared;
};

struct pg_param {
        char *value; /* NULL for SQL NULL */
        int length;
        int format; /* 1 binary (a bytea), 0 text */
        unsigned int type;
};

struct pg_stmt {
        struct db_stmt base;
        struct pg_db *conn;
        char *sql;
        int nparams;
        struct pg_param *params;
        PGresult *result;
        int row;               /* the current row of result, -1 before the first step */
        int rows;              /* result's rows */
        unsigned char **blobs; /* unescaped bytea of the current row, by column */
        size_t *blob_sizes;
};

static struct pg_db *pg(db *conn)
{
        return (struct pg_db *)conn;
}

static struct pg_stmt *pgs(db_stmt *st)
{
        return (struct pg_stmt *)st;
}

static void set_error(struct pg_db *conn, const char *text)
{
        snprintf(conn->error, sizeof(conn->error), "%s", text ? text : "");
        size_t n = strlen(conn->error);
        while (n > 0 && (conn->error[n - 1] == '\n' || conn->error[n - 1] == ' '))
                conn->error[--n] = '\0';
}

/* GL_OK for a result that succeeded; otherwise the error recorded and its status. */
static int check_result(struct pg_db *conn, PGresult *res)
{
        ExecStatusType s = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
        if (s == PGRES_COMMAND_OK || s == PGRES_TUPLES_OK || s == PGRES_EMPTY_QUERY)
                return GL_OK;
        set_error(conn, res ? PQresultErrorMessage(res) : PQerrorMessage(conn->handle));
        const char *state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
        if (state && strncmp(state, "23", 2) == 0)
                return GL_ECONFLICT;
        return GL_EDB;
}

static void ignore_notice(void *arg, const char *message)
{
        (void)arg;
        (void)message;
}

int db_pg_open(const char *url, db **out, struct gl_error *err)
{
        struct pg_db *conn = calloc(1, sizeof(*conn));
        if (conn == NULL)
                return gl_fail(err, GL_ENOMEM, "db", "out of memory");
        conn->base.ops = &pg_ops;
        conn->url = strdup(url);
        conn->handle = conn->url ? PQconnectdb(url) : NULL;
        if (conn->handle == NULL || PQstatus(conn->handle) != CONNECTION_OK) {
                char why[512];
                snprintf(why, sizeof(why), "%s",
                         conn->handle ? PQerrorMessage(conn->handle) : "out of memory");
                size_t n = strlen(why);
                while (n > 0 && why[n - 1] == '\n')
                        why[--n] = '\0';
                PQfinish(conn->handle);
                free(conn->url);
                free(conn);
                return gl_fail(err, GL_EDB, "db",
                               "无法连接数据库 (cannot connect to PostgreSQL): %s", why);
        }
        PQsetNoticeProcessor(conn->handle, ignore_notice, NULL);
        PGresult *res = PQexec(conn->handle, "SET client_encoding = 'UTF8'; "
                                             "SET client_min_messages = warning");
        int rc = check_result(conn, res);
        PQclear(res);
        if (rc != GL_OK) {
                gl_fail(err, GL_EDB, "db", "无法配置数据库 (cannot set up the session): %s",
                        conn->error);
                PQfinish(conn->handle);
                free(conn->url);
                free(conn);
                return GL_EDB;
        }
        *out = &conn->base;
        return GL_OK;
}

static void pg_close(db *conn)
{
        struct pg_db *c = pg(conn);
        for (size_t i = 0; i < c->nprepared; i++)
                free(c->prepared[i].key);
        PQfinish(c->handle);
        free(c->url);
        free(conn);
}

static const char *pg_errmsg(db *conn)
{
        struct pg_db *c = pg(conn);
        return c->error[0] ? c->error : PQerrorMessage(c->handle);
}

static int pg_exec(db *conn, const char *sql)
{
        PGresult *res = PQexec(pg(conn)->handle, sql);
        int rc = check_result(pg(conn), res);
        PQclear(res);
        return rc;
}

/* Appends n bytes at s to the growing text *out (of *len bytes, *cap allocated). */
static int append(char **out, size_t *len, size_t *cap, const char *s, size_t n)
{
        if (*len + n + 1 > *cap) {
                size_t want = (*cap ? *cap * 2 : 4096);
                while (want < *len + n + 1)
                        want *= 2;
                char *grown = realloc(*out, want);
                if (grown == NULL)
                        return GL_ENOMEM;
                *out = grown;
                *cap = want;
        }
        memcpy(*out + *len, s, n);
        *len += n;
        (*out)[*len] = '\0';
        return GL_OK;
}

static bool word_char(char c)
{
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
               c == '_';
}

/* The length of the literal that starts at p ('...', with '' for a quote in it), its closing quote
 * included; to the end of the text when it is not closed. */
static size_t literal_len(const char *p)
{
        const char *e = p + 1;
        while (*e && !(e[0] == '\'' && e[1] != '\''))
                e += e[0] == '\'' ? 2 : 1;
        return (size_t)(e - p) + (*e ? 1 : 0);
}

/* Whether the word w starts at p (and is a whole word). */
static bool word_at(const char *start, const char *p, const char *w)
{
        size_t n = strlen(w);
        return strncmp(p, w, n) == 0 && (p == start || !word_char(p[-1])) && !word_char(p[n]);
}

/* The end of the column definition starting at p: the next ',' or ')' outside parentheses. */
static const char *column_end(const char *p)
{
        int depth = 0;
        for (; *p; p++) {
                if (*p == '(')
                        depth++;
                else if (*p == ')' && depth-- == 0)
                        return p;
                else if (*p == ',' && depth == 0)
                        return p;
        }
        return p;
}

/* A migration's text in PostgreSQL's dialect (see the head of the file); NULL without memory. */
static char *pg_migration(const char *sql)
{
        char *out = NULL;
        size_t len = 0, cap = 0;
        int rc = append(&out, &len, &cap, "", 0);
        const char *p = sql;
        while (rc == GL_OK && *p) {
                if (p[0] == '-' && p[1] == '-') { /* a comment, kept as it is */
                        const char *e = strchr(p, '\n');
                        size_t n = e ? (size_t)(e - p) : strlen(p);
                        rc = append(&out, &len, &cap, p, n);
                        p += n;
                } else if (*p == '\'') { /* a literal, kept as it is */
                        size_t n = literal_len(p);
                        rc = append(&out, &len, &cap, p, n);
                        p += n;
                } else if (word_at(sql, p, "PRAGMA")) {
                        const char *e = strchr(p, ';');
                        p = e ? e + 1 : p + strlen(p);
                } else if (word_at(sql, p, "INTEGER") &&
                           strncmp(p, "INTEGER PRIMARY KEY", 19) == 0) {
                        const char *end = column_end(p);
                        const char *ref = strstr(p, "REFERENCES");
                        bool references = ref != NULL && ref < end;
                        const char *with = references ? "BIGINT PRIMARY KEY"
                                                      : "BIGINT GENERATED BY DEFAULT AS "
                                                        "IDENTITY PRIMARY KEY";
                        rc = append(&out, &len, &cap, with, strlen(with));
                        p += 19;
                } else if (word_at(sql, p, "INTEGER")) {
                        rc = append(&out, &len, &cap, "BIGINT", 6);
                        p += 7;
                } else if (word_at(sql, p, "BLOB")) {
                        rc = append(&out, &len, &cap, "BYTEA", 5);
                        p += 4;
                } else if (word_at(sql, p, "WITHOUT") && strncmp(p, "WITHOUT ROWID", 13) == 0) {
                        p += 13;
                } else {
                        rc = append(&out, &len, &cap, p, 1);
                        p++;
                }
        }
        if (rc != GL_OK) {
                free(out);
                return NULL;
        }
        return out;
}

static int pg_exec_migration(db *conn, const char *sql)
{
        char *text = pg_migration(sql);
        if (text == NULL)
                return GL_ENOMEM;
        int rc = pg_exec(conn, text);
        free(text);
        return rc;
}

/* The highest $N of sql outside its literals, and which of 1..N it uses (used[N] set, when
 * used is not NULL and holds max + 1 entries). */
static int scan_params(const char *sql, bool *used, int max)
{
        int highest = 0;
        for (const char *p = sql; *p; p++) {
                if (*p == '\'') {
                        size_t n = literal_len(p);
                        if (p[n - 1] != '\'' || n == 1)
                                break; /* a literal not closed */
                        p += n - 1;
                } else if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
                        int n = 0;
                        for (p++; *p >= '0' && *p <= '9'; p++)
                                n = n * 10 + (*p - '0');
                        p--;
                        highest = n > highest ? n : highest;
                        if (used && n <= max)
                                used[n] = true;
                }
        }
        return highest;
}

static void clear_row(struct pg_stmt *st)
{
        if (st->blobs == NULL || st->result == NULL)
                return;
        int cols = PQnfields(st->result);
        for (int i = 0; i < cols; i++) {
                PQfreemem(st->blobs[i]);
                st->blobs[i] = NULL;
        }
}

static void clear_result(struct pg_stmt *st)
{
        clear_row(st);
        free(st->blobs);
        free(st->blob_sizes);
        st->blobs = NULL;
        st->blob_sizes = NULL;
        PQclear(st->result);
        st->result = NULL;
        st->row = -1;
        st->rows = 0;
}

static const char *skip_blanks(const char *p)
{
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
                p++;
        return p;
}

/* Whether the text from start to end ends with the word w (blanks after it aside). */
static bool ends_with_word(const char *start, const char *end, const char *w)
{
        while (end > start && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\n'))
                end--;
        size_t n = strlen(w);
        return (size_t)(end - start) >= n && strncasecmp(end - n, w, n) == 0 &&
               ((size_t)(end - start) == n || !word_char(end[-(long)n - 1]));
}

/* Whether the text from start to end holds the word NULLS (an item that says where NULLs go). */
static bool says_nulls(const char *start, const char *end)
{
        for (const char *p = start; p + 5 <= end; p++)
                if (strncasecmp(p, "NULLS", 5) == 0 && (p == start || !word_char(p[-1])) &&
                    !word_char(p[5]))
                        return true;
        return false;
}

/*
 * sql with every item of every ORDER BY told where its NULLs go as SQLite puts them: first in an
 * ascending order, last in a descending one (PostgreSQL's default is the other way round), so
 * that a listing comes in the same order from both. An item that says NULLS itself is kept.
 * NULL without memory.
 */
static char *nulls_as_sqlite(const char *sql)
{
        char *out = NULL;
        size_t len = 0, cap = 0;
        int rc = append(&out, &len, &cap, "", 0);
        int depth = 0, order_depth = -1; /* the depth of the ORDER BY being read, -1 none */
        const char *item = NULL;         /* the start of its current item */
        for (const char *p = sql; rc == GL_OK;) {
                bool ends_item = false, ends_order = false;
                if (order_depth >= 0) {
                        if (*p == '\0' || *p == ';' || (*p == ')' && depth == order_depth))
                                ends_item = ends_order = true;
                        else if (*p == ',' && depth == order_depth)
                                ends_item = true;
                        else if (depth == order_depth &&
                                 (word_at(sql, p, "LIMIT") || word_at(sql, p, "OFFSET") ||
                                  word_at(sql, p, "FOR") || word_at(sql, p, "ROWS") ||
                                  word_at(sql, p, "RANGE") || word_at(sql, p, "UNION")))
                                ends_item = ends_order = true;
                }
                if (ends_item && item != NULL) {
                        if (!says_nulls(item, p)) {
                                const char *w = ends_with_word(item, p, "DESC") ? " NULLS LAST"
                                                                                : " NULLS FIRST";
                                while (len > 0 && (out[len - 1] == ' ' || out[len - 1] == '\n'))
                                        len--;
                                rc = append(&out, &len, &cap, w, strlen(w));
                                if (rc == GL_OK && (*p == ' ' || word_char(*p)))
                                        rc = append(&out, &len, &cap, " ", 1);
                        }
                        item = ends_order ? NULL : p + 1;
                        if (ends_order)
                                order_depth = -1;
                }
                if (rc != GL_OK || *p == '\0')
                        break;
                if (*p == '\'') {
                        size_t n = literal_len(p);
                        rc = append(&out, &len, &cap, p, n);
                        p += n;
                        continue;
                }
                if (order_depth < 0 && word_at(sql, p, "ORDER")) {
                        const char *by = skip_blanks(p + 5);
                        if (strncasecmp(by, "BY", 2) == 0 && !word_char(by[2])) {
                                rc = append(&out, &len, &cap, p, (size_t)(by + 2 - p));
                                p = by + 2;
                                order_depth = depth;
                                item = p;
                                continue;
                        }
                }
                if (*p == '(')
                        depth++;
                else if (*p == ')')
                        depth--;
                rc = append(&out, &len, &cap, p, 1);
                p++;
        }
        if (rc != GL_OK) {
                free(out);
                return NULL;
        }
        return out;
}

static int pg_prepare(db *conn, const char *sql, db_stmt **out)
{
        struct pg_stmt *st = calloc(1, sizeof(*st));
        if (st == NULL)
                return GL_ENOMEM;
        st->base.ops = &pg_ops;
        st->conn = pg(conn);
        st->row = -1;
        st->sql = nulls_as_sqlite(sql);
        st->nparams = scan_params(sql, NULL, 0);
        st->params = calloc((size_t)st->nparams + 1, sizeof(*st->params));
        if (st->sql == NULL || st->params == NULL) {
                free(st->params);
                free(st->sql);
                free(st);
                return GL_ENOMEM;
        }
        *out = &st->base;
        return GL_OK;
}

static int set_param(struct pg_stmt *st, int index, const void *data, size_t size, int format,
                     unsigned int type)
{
        if (index < 1 || index > st->nparams)
                return GL_EINVAL;
        if (size > 0x7fffffff)
                return GL_EINVAL;
        struct pg_param *p = &st->params[index];
        char *copy = NULL;
        if (data != NULL) {
                copy = malloc(size + 1);
                if (copy == NULL)
                        return GL_ENOMEM;
                memcpy(copy, data, size);
                copy[size] = '\0';
        }
        free(p->value);
        p->value = copy;
        p->length = (int)size;
        p->format = format;
        p->type = type;
        return GL_OK;
}

static int pg_bind_int64(db_stmt *st, int index, int64_t value)
{
        char buf[24];
        int n = snprintf(buf, sizeof(buf), "%lld", (long long)value);
        return set_param(pgs(st), index, buf, (size_t)n, 0, OID_INT8);
}

static int pg_bind_text(db_stmt *st, int index, const char *value)
{
        return set_param(pgs(st), index, value, value ? strlen(value) : 0, 0, 0);
}

static int pg_bind_null(db_stmt *st, int index)
{
        return set_param(pgs(st), index, NULL, 0, 0, 0);
}

static int pg_bind_blob(db_stmt *st, int index, const void *data, size_t size)
{
        return set_param(pgs(st), index, data ? data : "", size, 1, OID_BYTEA);
}

/* Whether p starts "IS NULL" or "IS NOT NULL" (after blanks), its length in *len. */
static bool null_test_at(const char *p, size_t *len, bool *negated)
{
        const char *q = p;
        while (*q == ' ' || *q == '\t' || *q == '\n')
                q++;
        if (strncasecmp(q, "IS", 2) != 0 || word_char(q[2]))
                return false;
        q += 2;
        while (*q == ' ' || *q == '\t' || *q == '\n')
                q++;
        *negated = strncasecmp(q, "NOT", 3) == 0 && !word_char(q[3]);
        if (*negated) {
                q += 3;
                while (*q == ' ' || *q == '\t' || *q == '\n')
                        q++;
        }
        if (strncasecmp(q, "NULL", 4) != 0 || word_char(q[4]))
                return false;
        *len = (size_t)(q + 4 - p);
        return true;
}

/* Whether the text out (of len bytes) ends with the word LIMIT and blanks. */
static bool after_limit(const char *out, size_t len)
{
        while (len > 0 && (out[len - 1] == ' ' || out[len - 1] == '\t' || out[len - 1] == '\n'))
                len--;
        return len >= 5 && strncasecmp(out + len - 5, "LIMIT", 5) == 0 &&
               (len == 5 || !word_char(out[len - 6]));
}

/*
 * The statement's text for the values bound: a negative LIMIT (SQLite's "no limit") is LIMIT ALL;
 * each "$N IS [NOT] NULL" is written as the TRUE or FALSE it is for them, which spares PostgreSQL a
 * parameter whose type nothing there says (an optional filter: "$1 IS NULL OR c.state = $1"). NULL
 * without memory.
 */
static char *bound_text(const struct pg_stmt *st)
{
        char *out = NULL;
        size_t len = 0, cap = 0;
        int rc = append(&out, &len, &cap, "", 0);
        for (const char *p = st->sql; *p && rc == GL_OK;) {
                if (*p == '\'') {
                        size_t n = literal_len(p);
                        rc = append(&out, &len, &cap, p, n);
                        p += n;
                        continue;
                }
                if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
                        const char *q = p + 1;
                        int n = 0;
                        for (; *q >= '0' && *q <= '9'; q++)
                                n = n * 10 + (*q - '0');
                        size_t test = 0;
                        bool negated = false;
                        if (n <= st->nparams && after_limit(out, len) &&
                            st->params[n].value != NULL && st->params[n].value[0] == '-') {
                                rc = append(&out, &len, &cap, "ALL", 3);
                                p = q;
                                continue;
                        }
                        if (n <= st->nparams && null_test_at(q, &test, &negated)) {
                                bool is_null = st->params[n].value == NULL;
                                const char *v = is_null != negated ? "TRUE" : "FALSE";
                                rc = append(&out, &len, &cap, v, strlen(v));
                                p = q + test;
                                continue;
                        }
                        rc = append(&out, &len, &cap, p, (size_t)(q - p));
                        p = q;
                        continue;
                }
                rc = append(&out, &len, &cap, p, 1);
                p++;
        }
        if (rc != GL_OK) {
                free(out);
                return NULL;
        }
        return out;
}

static uint64_t hash_bytes(const char *p, size_t n)
{
        uint64_t h = 1469598103934665603u; /* FNV-1a */
        for (size_t i = 0; i < n; i++)
                h = (h ^ (unsigned char)p[i]) * 1099511628211u;
        return h;
}

/*
 * Runs sql: as a statement the connection prepared on the server for this text and these types
 * (parsed and planned once per connection, as SQLite's statement cache does), preparing it the
 * first time (a statement it refuses gives its error); beyond PREPARED_MAX statements, as a
 * one-off PQexecParams.
 */
static PGresult *execute(struct pg_db *conn, const char *sql, int n, const unsigned int *types,
                         const char *const *values, const int *lengths, const int *formats)
{
        size_t sql_len = strlen(sql);
        char *key = malloc(sql_len + 1 + (size_t)n + 1);
        if (key == NULL)
                return PQexecParams(conn->handle, sql, n, types, values, lengths, formats, 0);
        memcpy(key, sql, sql_len + 1);
        for (int i = 0; i < n; i++)
                key[sql_len + 1 + (size_t)i] = types[i] == OID_INT8    ? 'i'
                                               : types[i] == OID_TEXT  ? 't'
                                               : types[i] == OID_BYTEA ? 'b'
                                                                       : 'u';
        size_t key_len = sql_len + 1 + (size_t)n;
        key[key_len] = '\0';
        uint64_t h = hash_bytes(key, key_len);
        char name[24];
        for (size_t i = 0; i < conn->nprepared; i++) {
                const struct pg_prepared *p = &conn->prepared[i];
                if (p->hash == h && p->key_len == key_len && memcmp(p->key, key, key_len) == 0) {
                        free(key);
                        snprintf(name, sizeof(name), "gl%zu", i);
                        return PQexecPrepared(conn->handle, name, n, values, lengths, formats, 0);
                }
        }
        if (conn->nprepared < PREPARED_MAX) {
                snprintf(name, sizeof(name), "gl%zu", conn->nprepared);
                PGresult *res = PQprepare(conn->handle, name, sql, n, types);
                if (PQresultStatus(res) != PGRES_COMMAND_OK) {
                        free(key);
                        return res; /* the server's error (a failed transaction stays failed) */
                }
                PQclear(res);
                conn->prepared[conn->nprepared++] = (struct pg_prepared){h, key, key_len};
                return PQexecPrepared(conn->handle, name, n, values, lengths, formats, 0);
        }
        free(key);
        return PQexecParams(conn->handle, sql, n, types, values, lengths, formats, 0);
}

static int run(struct pg_stmt *st)
{
        int n = st->nparams;
        const char **values = calloc((size_t)n + 1, sizeof(*values));
        int *lengths = calloc((size_t)n + 1, sizeof(int));
        int *formats = calloc((size_t)n + 1, sizeof(int));
        unsigned int *types = calloc((size_t)n + 1, sizeof(unsigned int));
        bool *used = calloc((size_t)n + 1, sizeof(bool));
        char *sql = bound_text(st);
        int rc = GL_ENOMEM;
        if (values && lengths && formats && types && used && sql) {
                scan_params(sql, used, n);
                for (int i = 0; i < n; i++) {
                        const struct pg_param *p = &st->params[i + 1];
                        values[i] = p->value;
                        lengths[i] = p->length;
                        formats[i] = p->format;
                        types[i] = used[i + 1] ? p->type : OID_TEXT;
                }
                st->result = execute(st->conn, sql, n, types, values, lengths, formats);
                rc = check_result(st->conn, st->result);
        }
        free(sql);
        free(used);
        free(values);
        free(lengths);
        free(formats);
        free(types);
        if (rc != GL_OK)
                return rc;
        const char *changed = PQcmdTuples(st->result);
        st->conn->changes = changed && changed[0] ? strtoll(changed, NULL, 10) : 0;
        st->rows = PQresultStatus(st->result) == PGRES_TUPLES_OK ? PQntuples(st->result) : 0;
        int cols = PQnfields(st->result);
        if (cols > 0) {
                st->blobs = calloc((size_t)cols, sizeof(*st->blobs));
                st->blob_sizes = calloc((size_t)cols, sizeof(*st->blob_sizes));
                if (st->blobs == NULL || st->blob_sizes == NULL)
                        return GL_ENOMEM;
        }
        return GL_OK;
}

static int pg_step(db_stmt *base)
{
        struct pg_stmt *st = pgs(base);
        if (st->result == NULL) {
                int rc = run(st);
                if (rc != GL_OK) {
                        clear_result(st);
                        return rc;
                }
        } else {
                clear_row(st);
        }
        if (st->row + 1 >= st->rows) {
                st->row = st->rows;
                return DB_DONE;
        }
        st->row++;
        return DB_ROW;
}

static int64_t pg_changes(db *conn)
{
        return pg(conn)->changes;
}

static int pg_reset(db_stmt *st)
{
        clear_result(pgs(st));
        return GL_OK;
}

static void pg_finalize(db_stmt *base)
{
        struct pg_stmt *st = pgs(base);
        clear_result(st);
        for (int i = 1; i <= st->nparams; i++)
                free(st->params[i].value);
        free(st->params);
        free(st->sql);
        free(st);
}

static bool on_row(struct pg_stmt *st, int col)
{
        return st->result && st->row >= 0 && st->row < st->rows && col >= 0 &&
               col < PQnfields(st->result);
}

static int pg_column_count(db_stmt *st)
{
        return pgs(st)->result ? PQnfields(pgs(st)->result) : 0;
}

static bool pg_column_is_null(db_stmt *base, int col)
{
        struct pg_stmt *st = pgs(base);
        return !on_row(st, col) || PQgetisnull(st->result, st->row, col);
}

static const char *pg_column_text(db_stmt *base, int col)
{
        struct pg_stmt *st = pgs(base);
        if (!on_row(st, col) || PQgetisnull(st->result, st->row, col))
                return "";
        const char *v = PQgetvalue(st->result, st->row, col);
        if (PQftype(st->result, col) == OID_BOOL)
                return v[0] == 't' ? "1" : "0";
        return v;
}

static int64_t pg_column_int64(db_stmt *st, int col)
{
        return strtoll(pg_column_text(st, col), NULL, 10);
}

static const void *pg_column_blob(db_stmt *base, int col, size_t *size)
{
        struct pg_stmt *st = pgs(base);
        *size = 0;
        if (!on_row(st, col) || PQgetisnull(st->result, st->row, col))
                return NULL;
        const char *v = PQgetvalue(st->result, st->row, col);
        if (PQftype(st->result, col) != OID_BYTEA) {
                *size = strlen(v);
                return *size ? v : NULL;
        }
        if (st->blobs[col] == NULL)
                st->blobs[col] = PQunescapeBytea((const unsigned char *)v, &st->blob_sizes[col]);
        *size = st->blobs[col] ? st->blob_sizes[col] : 0;
        return *size ? st->blobs[col] : NULL;
}

static int pg_set_cache_mib(db *conn, int mib)
{
        (void)conn;
        (void)mib; /* the server's shared buffers serve every connection */
        return GL_OK;
}

static int pg_begin(db *conn)
{
        return pg_exec(conn, "BEGIN ISOLATION LEVEL READ COMMITTED; "
                             "SELECT pg_advisory_xact_lock(" WRITE_LOCK ")");
}

static int pg_begin_read(db *conn)
{
        return pg_exec(conn, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static int pg_commit(db *conn)
{
        return pg_exec(conn, "COMMIT");
}

static int pg_rollback(db *conn)
{
        return pg_exec(conn, "ROLLBACK");
}

/* Runs argv (argv[0] looked up on PATH), its messages to standard error; GL_OK when it exits 0. */
static int run_tool(char *const argv[], struct gl_error *err)
{
        pid_t pid;
        int rc = posix_spawnp(&pid, argv[0], NULL, NULL, argv, environ);
        if (rc != 0)
                return gl_fail(err, GL_EIO, "db",
                               "无法运行 %s (PostgreSQL's client programs, Debian package "
                               "postgresql-client): %s",
                               argv[0], strerror(rc));
        int status = 0;
        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return gl_fail(err, GL_EIO, "db", "%s: %s", argv[0], strerror(errno));
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
                return gl_fail(err, GL_EDB, "db", "%s 失败 (%s failed, status %d)", argv[0],
                               argv[0], WIFEXITED(status) ? WEXITSTATUS(status) : -1);
        return GL_OK;
}

/* url with its database replaced by name ("postgresql://host/db?x" -> "postgresql://host/name?x").
 */
static int url_with_db(const char *url, const char *name, char *out, size_t size,
                       struct gl_error *err)
{
        const char *scheme = strstr(url, "://");
        const char *path = scheme ? strchr(scheme + 3, '/') : NULL;
        const char *query = scheme ? strchr(scheme + 3, '?') : NULL;
        if (path && query && query < path)
                path = NULL;
        size_t host = path ? (size_t)(path - url) : query ? (size_t)(query - url) : strlen(url);
        int n = snprintf(out, size, "%.*s/%s%s", (int)host, url, name, query ? query : "");
        if (n < 0 || (size_t)n >= size)
                return gl_fail(err, GL_EINVAL, "db", "数据库地址过长 (URL too long)");
        return GL_OK;
}

/* The archive of pg_dump's custom format, through path.part (mode 0600, synced, renamed). */
static int pg_backup(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                     struct gl_error *err)
{
        (void)progress;
        (void)ctx;
        char part[4200], file[4210], dbname[4210];
        if (snprintf(part, sizeof(part), "%s.part", path) >= (int)sizeof(part))
                return gl_fail(err, GL_EINVAL, "file", "备份文件名过长 (file name too long)");
        if (access(path, F_OK) == 0)
                return gl_fail(err, GL_ECONFLICT, "file",
                               "备份文件 %s 已存在，不覆盖 (the backup file exists: not "
                               "overwritten)",
                               path);
        unlink(part);
        snprintf(file, sizeof(file), "--file=%s", part);
        snprintf(dbname, sizeof(dbname), "--dbname=%s", pg(conn)->url);
        char *dump[] = {"pg_dump", "--format=custom", "--no-owner", "--no-privileges", file, dbname,
                        NULL};
        int rc = run_tool(dump, err);
        int fd = rc == GL_OK ? open(part, O_RDONLY | O_CLOEXEC) : -1;
        if (rc == GL_OK && (fd < 0 || fchmod(fd, 0600) != 0 || fsync(fd) != 0))
                rc = gl_fail(err, GL_EIO, "file", "无法写入备份文件 %s: %s", part, strerror(errno));
        if (fd >= 0)
                close(fd);
        if (rc == GL_OK && rename(part, path) != 0)
                rc = gl_fail(err, GL_EIO, "file", "无法写入备份文件 %s: %s", path, strerror(errno));
        unlink(part);
        return rc;
}

/* pg_restore of the archive at path into the database at url, in one transaction; clean: the
 * objects the archive holds are dropped first. */
static int restore_into(const char *url, const char *path, bool clean, struct gl_error *err)
{
        char dbname[4210];
        snprintf(dbname, sizeof(dbname), "--dbname=%s", url);
        char *argv[12];
        int n = 0;
        argv[n++] = "pg_restore";
        if (clean) {
                argv[n++] = "--clean";
                argv[n++] = "--if-exists";
        }
        argv[n++] = "--no-owner";
        argv[n++] = "--no-privileges";
        argv[n++] = "--exit-on-error";
        argv[n++] = "--single-transaction";
        argv[n++] = dbname;
        argv[n++] = (char *)path;
        argv[n] = NULL;
        return run_tool(argv, err);
}

static int pg_copy_from(db *conn, const char *path, db_progress_fn *progress, void *ctx,
                        struct gl_error *err)
{
        (void)progress;
        (void)ctx;
        return restore_into(pg(conn)->url, path, true, err);
}

/* The database named in url (between the '/' after its host and the '?'). */
static void url_db(const char *url, char *out, size_t size)
{
        const char *scheme = strstr(url, "://");
        const char *slash = scheme ? strchr(scheme + 3, '/') : NULL;
        const char *query = scheme ? strchr(scheme + 3, '?') : NULL;
        if (slash == NULL || (query && query < slash)) {
                snprintf(out, size, "%s", "");
                return;
        }
        size_t n = query ? (size_t)(query - slash - 1) : strlen(slash + 1);
        snprintf(out, size, "%.*s", (int)n, slash + 1);
}

static void pg_scratch_drop(db *conn, const char *url)
{
        char name[64], sql[128];
        url_db(url, name, sizeof(name));
        if (strncmp(name, "greenlane_verify_", 17) != 0)
                return; /* only a scratch database of this file's making */
        snprintf(sql, sizeof(sql), "DROP DATABASE IF EXISTS %s WITH (FORCE)", name);
        pg_exec(conn, sql);
}

static int pg_scratch_restore(db *conn, const char *path, char *url, size_t size,
                              struct gl_error *err)
{
        char name[64], sql[128];
        snprintf(name, sizeof(name), "greenlane_verify_%ld_%ld", (long)getpid(), (long)time(NULL));
        int rc = url_with_db(pg(conn)->url, name, url, size, err);
        if (rc != GL_OK)
                return rc;
        snprintf(sql, sizeof(sql), "CREATE DATABASE %s", name);
        if (pg_exec(conn, sql) != GL_OK)
                return gl_fail(err, GL_EDB, "db",
                               "无法创建校验用的临时数据库，备份须在其中校验 (a backup is verified "
                               "in a scratch database; the role needs CREATEDB): %s",
                               pg_errmsg(conn));
        rc = restore_into(url, path, false, err);
        if (rc != GL_OK)
                pg_scratch_drop(conn, url);
        return rc;
}

static int pg_indexes_drop(db *conn, const struct db_index *list, size_t n)
{
        int rc = GL_OK;
        for (size_t i = 0; i < n && rc == GL_OK; i++) {
                char *name =
                    PQescapeIdentifier(pg(conn)->handle, list[i].name, strlen(list[i].name));
                if (name == NULL)
                        return GL_ENOMEM;
                size_t size = strlen(name) + 16;
                char *sql = malloc(size);
                if (sql != NULL) {
                        snprintf(sql, size, "DROP INDEX %s", name);
                        rc = pg_exec(conn, sql);
                } else {
                        rc = GL_ENOMEM;
                }
                free(sql);
                PQfreemem(name);
        }
        return rc;
}

static enum db_type pg_column_type(db_stmt *base, int col)
{
        struct pg_stmt *st = pgs(base);
        if (!on_row(st, col) || PQgetisnull(st->result, st->row, col))
                return DB_TYPE_NULL;
        switch (PQftype(st->result, col)) {
        case OID_BOOL:
        case OID_INT8:
        case OID_INT2:
        case OID_INT4:
                return DB_TYPE_INTEGER;
        case OID_BYTEA:
                return DB_TYPE_BLOB;
        default:
                return DB_TYPE_TEXT;
        }
}

static int pg_table_sync_key(db *conn, const char *table)
{
        db_stmt *st = NULL;
        int rc = pg_prepare(conn,
                            "SELECT pg_get_serial_sequence(table_name, 'id') FROM "
                            "information_schema.columns WHERE table_schema = current_schema() "
                            "AND table_name = $1 AND column_name = 'id'",
                            &st);
        if (rc != GL_OK)
                return rc;
        pg_bind_text(st, 1, table);
        rc = pg_step(st);
        bool has = rc == DB_ROW && !pg_column_is_null(st, 0);
        pg_finalize(st);
        if (rc < 0)
                return rc;
        if (!has)
                return GL_OK;
        char *name = PQescapeIdentifier(pg(conn)->handle, table, strlen(table));
        char *literal = PQescapeLiteral(pg(conn)->handle, table, strlen(table));
        size_t size = (name ? strlen(name) : 0) + (literal ? strlen(literal) : 0) + 160;
        char *sql = name && literal ? malloc(size) : NULL;
        rc = GL_ENOMEM;
        if (sql != NULL) {
                snprintf(sql, size,
                         "SELECT setval(pg_get_serial_sequence(%s, 'id'), COALESCE((SELECT "
                         "MAX(id) FROM %s), 0) + 1, false)",
                         literal, name);
                rc = pg_exec(conn, sql);
        }
        free(sql);
        PQfreemem(name);
        PQfreemem(literal);
        return rc;
}

/* A COPY FROM STDIN under way: rows gathered in buf and sent a block at a time. */
#define LOAD_BLOCK 65536
struct pg_load {
        struct db_load base;
        struct pg_db *conn;
        char *buf;
        size_t len, cap;
        int failed; /* the status of a failure, which the end reports */
};

static int load_send(struct pg_load *l)
{
        if (l->len > 0 && PQputCopyData(l->conn->handle, l->buf, (int)l->len) != 1) {
                set_error(l->conn, PQerrorMessage(l->conn->handle));
                return GL_EDB;
        }
        l->len = 0;
        return GL_OK;
}

static int pg_load_begin(db *conn, const char *table, const char *const *cols, int ncols,
                         struct db_load **out)
{
        struct pg_load *l = calloc(1, sizeof(*l));
        if (l == NULL)
                return GL_ENOMEM;
        l->base.ops = &pg_ops;
        l->conn = pg(conn);
        char *sql = NULL;
        size_t len = 0, cap = 0;
        int rc = append(&sql, &len, &cap, "COPY ", 5);
        if (rc == GL_OK)
                rc = append(&sql, &len, &cap, table, strlen(table));
        for (int i = 0; i < ncols && rc == GL_OK; i++) {
                rc = append(&sql, &len, &cap, i ? ", " : " (", 2);
                if (rc == GL_OK)
                        rc = append(&sql, &len, &cap, cols[i], strlen(cols[i]));
        }
        if (rc == GL_OK)
                rc = append(&sql, &len, &cap, ") FROM STDIN", 12);
        if (rc != GL_OK) {
                free(sql);
                free(l);
                return rc;
        }
        PGresult *res = PQexec(l->conn->handle, sql);
        free(sql);
        if (PQresultStatus(res) != PGRES_COPY_IN) {
                rc = check_result(l->conn, res);
                PQclear(res);
                free(l);
                return rc == GL_OK ? GL_EDB : rc;
        }
        PQclear(res);
        *out = &l->base;
        return GL_OK;
}

static int pg_load_row(struct db_load *base, const char *const *values, int n)
{
        struct pg_load *l = (struct pg_load *)base;
        int rc = GL_OK;
        for (int i = 0; i < n && rc == GL_OK; i++) {
                if (i > 0)
                        rc = append(&l->buf, &l->len, &l->cap, "\t", 1);
                if (rc != GL_OK)
                        break;
                if (values[i] == NULL) {
                        rc = append(&l->buf, &l->len, &l->cap, "\\N", 2);
                        continue;
                }
                const char *p = values[i], *run = p;
                for (; *p && rc == GL_OK; p++) {
                        const char *esc = *p == '\\'   ? "\\\\"
                                          : *p == '\t' ? "\\t"
                                          : *p == '\n' ? "\\n"
                                          : *p == '\r' ? "\\r"
                                                       : NULL;
                        if (esc == NULL)
                                continue;
                        rc = append(&l->buf, &l->len, &l->cap, run, (size_t)(p - run));
                        if (rc == GL_OK)
                                rc = append(&l->buf, &l->len, &l->cap, esc, 2);
                        run = p + 1;
                }
                if (rc == GL_OK)
                        rc = append(&l->buf, &l->len, &l->cap, run, (size_t)(p - run));
        }
        if (rc == GL_OK)
                rc = append(&l->buf, &l->len, &l->cap, "\n", 1);
        if (rc == GL_OK && l->len >= LOAD_BLOCK)
                rc = load_send(l);
        if (rc != GL_OK && l->failed == 0)
                l->failed = rc;
        return rc;
}

static int pg_load_end(struct db_load *base, bool keep, const uint32_t *order, size_t norder)
{
        (void)order; /* COPY has sent each row as it came */
        (void)norder;
        struct pg_load *l = (struct pg_load *)base;
        int rc = keep ? l->failed : GL_EINVAL;
        if (rc == GL_OK)
                rc = load_send(l);
        if (PQputCopyEnd(l->conn->handle, rc == GL_OK ? NULL : "greenlane: load abandoned") != 1)
                rc = rc ? rc : GL_EDB;
        PGresult *res;
        while ((res = PQgetResult(l->conn->handle)) != NULL) {
                int r = check_result(l->conn, res);
                if (rc == GL_OK)
                        rc = r;
                if (r == GL_OK) {
                        const char *n = PQcmdTuples(res);
                        l->conn->changes = n && n[0] ? strtoll(n, NULL, 10) : 0;
                }
                PQclear(res);
        }
        free(l->buf);
        free(l);
        return rc;
}

static const struct db_ops pg_ops = {
    .name = "postgresql",
    .close = pg_close,
    .errmsg = pg_errmsg,
    .exec = pg_exec,
    .exec_migration = pg_exec_migration,
    .prepare = pg_prepare,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .bind_blob = pg_bind_blob,
    .step = pg_step,
    .changes = pg_changes,
    .reset = pg_reset,
    .finalize = pg_finalize,
    .column_count = pg_column_count,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64,
    .column_text = pg_column_text,
    .column_blob = pg_column_blob,
    .set_cache_mib = pg_set_cache_mib,
    .begin = pg_begin,
    .begin_read = pg_begin_read,
    .commit = pg_commit,
    .rollback = pg_rollback,
    .backup = pg_backup,
    .copy_from = pg_copy_from,
    .indexes_sql = "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = "
                   "current_schema() AND i.tablename = $1 AND NOT EXISTS (SELECT 1 FROM "
                   "pg_constraint c WHERE c.conname = i.indexname AND c.connamespace = (SELECT "
                   "oid FROM pg_namespace WHERE nspname = current_schema())) ORDER BY "
                   "i.indexname",
    .indexes_drop = pg_indexes_drop,
    .tables_sql = "SELECT c.relname FROM pg_class c WHERE c.relkind = 'r' AND c.relnamespace = "
                  "(SELECT oid FROM pg_namespace WHERE nspname = current_schema()) AND "
                  "c.relname <> 'schema_migrations' ORDER BY c.oid",
    .columns_sql = "SELECT column_name FROM information_schema.columns WHERE table_schema = "
                   "current_schema() AND table_name = $1 ORDER BY ordinal_position",
    .column_type = pg_column_type,
    .table_sync_key = pg_table_sync_key,
    .scratch_restore = pg_scratch_restore,
    .scratch_drop = pg_scratch_drop,
    .load_begin = pg_load_begin,
    .load_row = pg_load_row,
    .load_end = pg_load_end,
    .load_reads_hex = true,
};

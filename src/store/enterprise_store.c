/*
 * SQL for the enterprise registry (tables enterprises and annual_figures). Portable between SQLite
 * and PostgreSQL: $n placeholders, ON CONFLICT, RETURNING, IS DISTINCT FROM. A grade of "" is
 * stored as NULL (none); an amount of GL_AMOUNT_NONE as NULL (not reported).
 */
#include "enterprise_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ENTERPRISE_COLUMNS                                                                         \
        "uscc, name, industry, township, grade, air_emitter, key_air_emitter, positive_list, "     \
        "division"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src);
}

static void read_enterprise(db_stmt *st, struct enterprise *e)
{
        memset(e, 0, sizeof(*e));
        copy(e->uscc, sizeof(e->uscc), db_column_text(st, 0));
        copy(e->name, sizeof(e->name), db_column_text(st, 1));
        copy(e->industry, sizeof(e->industry), db_column_text(st, 2));
        copy(e->township, sizeof(e->township), db_column_text(st, 3));
        copy(e->grade, sizeof(e->grade), db_column_text(st, 4));
        e->air_emitter = db_column_int64(st, 5) != 0;
        e->key_air_emitter = db_column_int64(st, 6) != 0;
        e->positive_list = db_column_int64(st, 7) != 0;
        copy(e->division, sizeof(e->division), db_column_text(st, 8));
}

int enterprise_store_get(db *conn, const char *uscc, struct enterprise *out)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT " ENTERPRISE_COLUMNS " FROM enterprises WHERE uscc = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_enterprise(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

struct enterprise_writer {
        db *conn;
        db_stmt *insert;
        db_stmt *insert_sealed; /* the same with the seal as $11 */
        store_seal_fn seal;
        void *seal_ctx;
        db_stmt *update;
        db_stmt *grade_held;  /* does a provisional grade hold the stored grade against $2? */
        db_stmt *division;    /* the division of the enterprise $1 */
        store_wrote_fn wrote; /* told of each row written, or NULL */
        void *wrote_ctx;
        bool load_new;        /* every row is new: sealed inserts go by the backend's bulk load */
        struct db_load *load; /* that load, begun at the first row */
};

static const char *const enterprise_load_columns[] = {"uscc",
                                                      "name",
                                                      "industry",
                                                      "township",
                                                      "grade",
                                                      "air_emitter",
                                                      "key_air_emitter",
                                                      "positive_list",
                                                      "division",
                                                      "updated_at",
                                                      "seal"};

/* The enterprise $1 holds a provisional grade under measure 1. */
#define PROVISIONAL_GRADE_HELD                                                                     \
        "EXISTS (SELECT 1 FROM cases c WHERE c.uscc = $1 AND c.procedure = 'm1.declaration' AND "  \
        "c.state = 'provisional')"

int enterprise_writer_open(db *conn, struct enterprise_writer **out)
{
        struct enterprise_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return GL_ENOMEM;
        w->conn = conn;
        int rc = db_prepare(conn,
                            "INSERT INTO enterprises (" ENTERPRISE_COLUMNS ", updated_at) VALUES "
                            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) "
                            "ON CONFLICT (uscc) DO NOTHING RETURNING " ENTERPRISE_SEALED_COLUMNS,
                            &w->insert);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                "INSERT INTO enterprises (" ENTERPRISE_COLUMNS
                                ", updated_at, seal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                "$10, $11) ON CONFLICT (uscc) DO NOTHING",
                                &w->insert_sealed);
        if (rc == GL_OK)
                rc = db_prepare(
                    conn,
                    "UPDATE enterprises SET name = $2, industry = $3, township = $4, "
                    "grade = CASE WHEN " PROVISIONAL_GRADE_HELD " THEN grade ELSE $5 END, "
                    "air_emitter = $6, key_air_emitter = $7, "
                    "positive_list = $8, division = $9, updated_at = $10 "
                    "WHERE uscc = $1 AND (name IS DISTINCT FROM $2 "
                    "OR industry IS DISTINCT FROM $3 OR township IS DISTINCT FROM $4 "
                    "OR grade IS DISTINCT FROM (CASE WHEN " PROVISIONAL_GRADE_HELD
                    " THEN grade ELSE $5 END) OR air_emitter IS DISTINCT FROM $6 "
                    "OR key_air_emitter IS DISTINCT FROM $7 "
                    "OR positive_list IS DISTINCT FROM $8 "
                    "OR division IS DISTINCT FROM $9) RETURNING " ENTERPRISE_SEALED_COLUMNS,
                    &w->update);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                "SELECT 1 FROM enterprises WHERE uscc = $1 AND grade IS DISTINCT "
                                "FROM $2 AND " PROVISIONAL_GRADE_HELD,
                                &w->grade_held);
        if (rc == GL_OK)
                rc = db_prepare(conn, "SELECT division FROM enterprises WHERE uscc = $1",
                                &w->division);
        if (rc != GL_OK) {
                enterprise_writer_close(w);
                return rc;
        }
        *out = w;
        return GL_OK;
}

void enterprise_writer_close(struct enterprise_writer *w)
{
        if (w == NULL)
                return;
        db_load_end(w->load, false, NULL, 0);
        db_finalize(w->division);
        db_finalize(w->insert);
        db_finalize(w->insert_sealed);
        db_finalize(w->update);
        db_finalize(w->grade_held);
        free(w);
}

static void bind_enterprise(db_stmt *st, const struct enterprise *e, const char *now)
{
        db_bind_text(st, 1, e->uscc);
        db_bind_text(st, 2, e->name);
        db_bind_text(st, 3, e->industry);
        db_bind_text(st, 4, e->township);
        db_bind_text(st, 5, e->grade[0] ? e->grade : NULL);
        db_bind_int64(st, 6, e->air_emitter);
        db_bind_int64(st, 7, e->key_air_emitter);
        db_bind_int64(st, 8, e->positive_list);
        db_bind_text(st, 9, e->division[0] ? e->division : "130131");
        db_bind_text(st, 10, now);
}

/* Steps a statement that returns one row when it wrote; *wrote tells which. fn, when not NULL, is
 * told of the row. */
static int step_written(db_stmt *st, bool *wrote, store_wrote_fn fn, void *ctx)
{
        int rc = db_step(st);
        *wrote = rc == DB_ROW;
        const char *values[16];
        if (rc == DB_ROW && fn &&
            (rc = fn(ctx, values, db_row_texts(st, 0, values, 16))) != GL_OK) {
                db_reset(st);
                return rc;
        }
        if (*wrote)
                rc = db_step(st);
        db_reset(st);
        return rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

static int step_returning(db_stmt *st, bool *wrote)
{
        return step_written(st, wrote, NULL, NULL);
}

/* Steps a statement without RETURNING; *wrote when it changed a row. */
static int step_changed(db *conn, db_stmt *st, bool *wrote)
{
        int rc = db_step(st);
        *wrote = rc == DB_DONE && db_changes(conn) > 0;
        db_reset(st);
        return rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

void enterprise_writer_on_write(struct enterprise_writer *w, store_wrote_fn fn, void *ctx)
{
        w->wrote = fn;
        w->wrote_ctx = ctx;
}

void enterprise_writer_seal_inserts(struct enterprise_writer *w, store_seal_fn fn, void *ctx)
{
        w->seal = fn;
        w->seal_ctx = ctx;
}

/* Formats v as SQLite gives an INTEGER column as text. */
static const char *int_text(int64_t v, char buf[24])
{
        gl_format_i64(v, buf);
        return buf;
}

/* Inserts e with its seal, made by w->seal from the texts ENTERPRISE_SEALED_COLUMNS will hold. */
static int insert_sealed_enterprise(struct enterprise_writer *w, const struct enterprise *e,
                                    const char *now, bool *wrote)
{
        char b[3][24], seal[STORE_SEAL_MAX];
        const char *values[9] = {e->uscc,
                                 e->name,
                                 e->industry,
                                 e->township,
                                 e->grade[0] ? e->grade : NULL,
                                 int_text(e->air_emitter, b[0]),
                                 int_text(e->key_air_emitter, b[1]),
                                 int_text(e->positive_list, b[2]),
                                 e->division[0] ? e->division : "130131"};
        int rc = w->seal(w->seal_ctx, values, 9, seal, sizeof(seal));
        if (rc != GL_OK)
                return rc;
        if (w->load_new && w->load == NULL &&
            (rc = db_load_begin(w->conn, "enterprises", enterprise_load_columns, 11, &w->load)) !=
                GL_OK)
                return rc;
        if (w->load != NULL) {
                const char *row[11] = {values[0], values[1], values[2], values[3],
                                       values[4], values[5], values[6], values[7],
                                       values[8], now,       seal};
                *wrote = true;
                return db_load_row(w->load, row, 11);
        }
        bind_enterprise(w->insert_sealed, e, now);
        db_bind_text(w->insert_sealed, 11, seal);
        return step_changed(w->conn, w->insert_sealed, wrote);
}

int enterprise_writer_put(struct enterprise_writer *w, const struct enterprise *e, const char *now,
                          enum store_change *how, bool *grade_kept)
{
        bool wrote = false;
        int rc;
        if (w->seal) {
                rc = insert_sealed_enterprise(w, e, now, &wrote);
        } else {
                bind_enterprise(w->insert, e, now);
                rc = step_written(w->insert, &wrote, w->wrote, w->wrote_ctx);
        }
        if (rc != GL_OK)
                return rc;
        if (wrote) {
                *how = STORE_INSERTED;
                return GL_OK;
        }
        bool held = false;
        db_bind_text(w->grade_held, 1, e->uscc);
        db_bind_text(w->grade_held, 2, e->grade[0] ? e->grade : NULL);
        rc = step_returning(w->grade_held, &held);
        if (rc != GL_OK)
                return rc;
        if (grade_kept)
                *grade_kept = held;
        bind_enterprise(w->update, e, now);
        rc = step_written(w->update, &wrote, w->wrote, w->wrote_ctx);
        if (rc != GL_OK)
                return rc;
        *how = wrote ? STORE_UPDATED : STORE_UNCHANGED;
        return GL_OK;
}

/* The division stored in the row of $1 of st into out (7 bytes), *exists whether there is one. */
static int division_of(db_stmt *st, const char *uscc, char out[7], bool *exists)
{
        db_bind_text(st, 1, uscc);
        int rc = db_step(st);
        *exists = rc == DB_ROW;
        out[0] = '\0';
        if (rc == DB_ROW) {
                const char *d = db_column_text(st, 0);
                snprintf(out, 7, "%s", d ? d : "");
        }
        db_reset(st);
        return rc == DB_ROW || rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

int enterprise_writer_division(struct enterprise_writer *w, const char *uscc, char out[7],
                               bool *exists)
{
        return division_of(w->division, uscc, out, exists);
}

void enterprise_writer_load_new(struct enterprise_writer *w)
{
        w->load_new = true;
}

int enterprise_writer_finish(struct enterprise_writer *w, const uint32_t *order, size_t norder)
{
        int rc = db_load_end(w->load, true, order, norder);
        w->load = NULL;
        return rc;
}

int enterprise_store_put(db *conn, const struct enterprise *e, const char *now, bool *changed)
{
        struct enterprise_writer *w = NULL;
        enum store_change how = STORE_UNCHANGED;
        int rc = enterprise_writer_open(conn, &w);
        if (rc == GL_OK)
                rc = enterprise_writer_put(w, e, now, &how, NULL);
        enterprise_writer_close(w);
        if (rc == GL_OK)
                *changed = how != STORE_UNCHANGED;
        return rc;
}

/* Appends "%text%" with LIKE's wildcards escaped by '\'. */
static char *like_pattern(const char *text)
{
        size_t n = strlen(text);
        char *p = malloc(2 * n + 3);
        if (p == NULL)
                return NULL;
        size_t j = 0;
        p[j++] = '%';
        for (size_t i = 0; i < n; i++) {
                if (text[i] == '%' || text[i] == '_' || text[i] == '\\')
                        p[j++] = '\\';
                p[j++] = text[i];
        }
        p[j++] = '%';
        p[j] = '\0';
        return p;
}

/* Builds the WHERE clause of a query and binds its values; parameters from $1. */
struct where {
        char sql[512];
        const char *values[6];
        int n;     /* conditions with a value, bound as $1..$n */
        int plain; /* conditions without one */
};

static void where_add(struct where *w, const char *fmt, const char *value)
{
        char cond[160];
        int idx = w->n + 1;
        snprintf(cond, sizeof(cond), fmt, idx, idx);
        size_t len = strlen(w->sql);
        snprintf(w->sql + len, sizeof(w->sql) - len, "%s%s", w->n || w->plain ? " AND " : " WHERE ",
                 cond);
        w->values[w->n++] = value;
}

static void where_add_sql(struct where *w, const char *cond)
{
        size_t len = strlen(w->sql);
        snprintf(w->sql + len, sizeof(w->sql) - len, "%s%s", w->n || w->plain ? " AND " : " WHERE ",
                 cond);
        w->plain++;
}

static void where_bind(const struct where *w, db_stmt *st)
{
        for (int i = 0; i < w->n; i++)
                db_bind_text(st, i + 1, w->values[i]);
}

int enterprise_store_list(db *conn, const struct enterprise_query *q,
                          int (*fn)(const struct enterprise *e, void *ctx), void *ctx,
                          int64_t *total)
{
        struct where w = {.sql = "", .n = 0, .plain = 0};
        char *pattern = NULL;
        if (q->search && q->search[0]) {
                pattern = like_pattern(q->search);
                if (pattern == NULL)
                        return GL_ENOMEM;
                where_add(&w, "(name LIKE $%d ESCAPE '\\' OR uscc LIKE $%d ESCAPE '\\')", pattern);
        }
        if (q->industry && q->industry[0])
                where_add(&w, "industry = $%d", q->industry);
        if (q->township && q->township[0])
                where_add(&w, "township = $%d", q->township);
        if (q->grade && strcmp(q->grade, "none") == 0) {
                where_add_sql(&w, "grade IS NULL");
        } else if (q->grade && q->grade[0]) {
                where_add(&w, "grade = $%d", q->grade);
        }
        if (q->uscc && q->uscc[0])
                where_add(&w, "uscc = $%d", q->uscc);
        char within[16];
        if (q->division && q->division[0]) {
                snprintf(within, sizeof(within), "%.6s%%", q->division);
                where_add(&w, "division LIKE $%d", within);
        }

        char sql[1024];
        db_stmt *st = NULL;
        int rc = GL_OK;
        if (total) {
                snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM enterprises%s", w.sql);
                rc = db_prepare(conn, sql, &st);
                if (rc != GL_OK)
                        goto done;
                where_bind(&w, st);
                rc = db_step(st);
                if (rc != DB_ROW) {
                        rc = rc < 0 ? rc : GL_EDB;
                        goto done;
                }
                *total = db_column_int64(st, 0);
                db_finalize(st);
                st = NULL;
        }
        snprintf(sql, sizeof(sql),
                 "SELECT " ENTERPRISE_COLUMNS " FROM enterprises%s ORDER BY uscc LIMIT $%d "
                 "OFFSET $%d",
                 w.sql, w.n + 1, w.n + 2);
        rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                goto done;
        where_bind(&w, st);
        db_bind_int64(st, w.n + 1, q->limit > 0 ? q->limit : INT64_MAX);
        db_bind_int64(st, w.n + 2, q->offset > 0 ? q->offset : 0);
        while ((rc = db_step(st)) == DB_ROW) {
                struct enterprise e;
                read_enterprise(st, &e);
                if (fn(&e, ctx) != 0)
                        break;
        }
        rc = rc < 0 ? rc : GL_OK;
done:
        db_finalize(st);
        free(pattern);
        return rc;
}

#define ANNUAL_COLUMNS                                                                             \
        "uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g, cod_g, nh3n_g, "    \
        "source, tax_confirmed"

static void read_amount(db_stmt *st, int col, int64_t *out)
{
        *out = db_column_is_null(st, col) ? GL_AMOUNT_NONE : db_column_int64(st, col);
}

static void read_annual(db_stmt *st, struct annual_figures *f)
{
        annual_figures_init(f);
        copy(f->uscc, sizeof(f->uscc), db_column_text(st, 0));
        f->year = (int)db_column_int64(st, 1);
        read_amount(st, 2, &f->tax_fen);
        read_amount(st, 3, &f->rd_fen);
        read_amount(st, 4, &f->revenue_fen);
        for (int p = 0; p < POLLUTANT_COUNT_; p++)
                read_amount(st, 5 + p, &f->emission_g[p]);
        copy(f->source, sizeof(f->source), db_column_text(st, 11));
        f->tax_confirmed = db_column_int64(st, 12) != 0;
}

int annual_store_get(db *conn, const char *uscc, int year, struct annual_figures *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " ANNUAL_COLUMNS " FROM annual_figures WHERE uscc = $1 AND year = $2",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, year);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_annual(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int annual_store_list(db *conn, const char *uscc,
                      int (*fn)(const struct annual_figures *f, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " ANNUAL_COLUMNS " FROM annual_figures WHERE uscc = $1 ORDER BY year",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        while ((rc = db_step(st)) == DB_ROW) {
                struct annual_figures f;
                read_annual(st, &f);
                if (fn(&f, ctx) != 0)
                        break;
        }
        db_finalize(st);
        return rc < 0 ? rc : GL_OK;
}

struct annual_writer {
        db *conn;
        db_stmt *insert;
        db_stmt *insert_sealed; /* the same with the seal as $15 */
        store_seal_fn seal;
        void *seal_ctx;
        db_stmt *update;
        db_stmt *exists;
        store_wrote_fn wrote; /* told of each row written, or NULL */
        void *wrote_ctx;
        bool load_new; /* as the enterprise writer's */
        struct db_load *load;
};

static const char *const annual_load_columns[] = {
    "uscc",   "year",  "tax_fen", "rd_fen", "revenue_fen",   "so2_g",      "nox_g", "pm_g",
    "vocs_g", "cod_g", "nh3n_g",  "source", "tax_confirmed", "updated_at", "seal"};

void annual_writer_on_write(struct annual_writer *w, store_wrote_fn fn, void *ctx)
{
        w->wrote = fn;
        w->wrote_ctx = ctx;
}

void annual_writer_seal_inserts(struct annual_writer *w, store_seal_fn fn, void *ctx)
{
        w->seal = fn;
        w->seal_ctx = ctx;
}

/*
 * Parameters of both statements: $1 uscc, $2 year, $3-$5 money, $6-$11 pollutants, $12 source,
 * $13 tax_confirmed, $14 updated_at, $15-$20 whether each pollutant was supplied (1) or is kept
 * (0).
 */
static const char annual_update_sql[] =
    "UPDATE annual_figures SET tax_fen = $3, rd_fen = $4, revenue_fen = $5, "
    "so2_g = CASE WHEN $15 = 1 THEN $6 ELSE so2_g END, "
    "nox_g = CASE WHEN $16 = 1 THEN $7 ELSE nox_g END, "
    "pm_g = CASE WHEN $17 = 1 THEN $8 ELSE pm_g END, "
    "vocs_g = CASE WHEN $18 = 1 THEN $9 ELSE vocs_g END, "
    "cod_g = CASE WHEN $19 = 1 THEN $10 ELSE cod_g END, "
    "nh3n_g = CASE WHEN $20 = 1 THEN $11 ELSE nh3n_g END, "
    "source = $12, tax_confirmed = $13, updated_at = $14 "
    "WHERE uscc = $1 AND year = $2 AND (tax_fen IS DISTINCT FROM $3 "
    "OR rd_fen IS DISTINCT FROM $4 OR revenue_fen IS DISTINCT FROM $5 "
    "OR ($15 = 1 AND so2_g IS DISTINCT FROM $6) OR ($16 = 1 AND nox_g IS DISTINCT FROM $7) "
    "OR ($17 = 1 AND pm_g IS DISTINCT FROM $8) OR ($18 = 1 AND vocs_g IS DISTINCT FROM $9) "
    "OR ($19 = 1 AND cod_g IS DISTINCT FROM $10) OR ($20 = 1 AND nh3n_g IS DISTINCT FROM $11) "
    "OR (tax_confirmed = 0 AND $13 = 1)) RETURNING " ANNUAL_SEALED_COLUMNS;

int annual_writer_open(db *conn, struct annual_writer **out)
{
        struct annual_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return GL_ENOMEM;
        w->conn = conn;
        int rc = db_prepare(conn,
                            "INSERT INTO annual_figures (" ANNUAL_COLUMNS ", updated_at) VALUES "
                            "($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) "
                            "ON CONFLICT (uscc, year) DO NOTHING RETURNING " ANNUAL_SEALED_COLUMNS,
                            &w->insert);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                "INSERT INTO annual_figures (" ANNUAL_COLUMNS
                                ", updated_at, seal) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, "
                                "$10, $11, $12, $13, $14, $15) ON CONFLICT (uscc, year) DO NOTHING",
                                &w->insert_sealed);
        if (rc == GL_OK)
                rc = db_prepare(conn, annual_update_sql, &w->update);
        if (rc == GL_OK)
                rc = db_prepare(conn, "SELECT division FROM enterprises WHERE uscc = $1",
                                &w->exists);
        if (rc != GL_OK) {
                annual_writer_close(w);
                return rc;
        }
        *out = w;
        return GL_OK;
}

void annual_writer_close(struct annual_writer *w)
{
        if (w == NULL)
                return;
        db_load_end(w->load, false, NULL, 0);
        db_finalize(w->insert);
        db_finalize(w->insert_sealed);
        db_finalize(w->update);
        db_finalize(w->exists);
        free(w);
}

int annual_writer_enterprise_division(struct annual_writer *w, const char *uscc, char out[7],
                                      bool *exists)
{
        return division_of(w->exists, uscc, out, exists);
}

static void bind_amount(db_stmt *st, int index, int64_t v)
{
        db_bind_int64_or_null(st, index, v != GL_AMOUNT_NONE, v);
}

static void bind_annual(db_stmt *st, const struct annual_figures *f, unsigned supplied,
                        const char *now, bool with_flags)
{
        db_bind_text(st, 1, f->uscc);
        db_bind_int64(st, 2, f->year);
        bind_amount(st, 3, f->tax_fen);
        bind_amount(st, 4, f->rd_fen);
        bind_amount(st, 5, f->revenue_fen);
        for (int p = 0; p < POLLUTANT_COUNT_; p++) {
                bool has = (supplied >> p) & 1u;
                bind_amount(st, 6 + p, has ? f->emission_g[p] : GL_AMOUNT_NONE);
                if (with_flags)
                        db_bind_int64(st, 15 + p, has);
        }
        db_bind_text(st, 12, f->source);
        db_bind_int64(st, 13, f->tax_confirmed);
        db_bind_text(st, 14, now);
}

int annual_writer_put(struct annual_writer *w, const struct annual_figures *f, unsigned supplied,
                      const char *now, enum store_change *how)
{
        bool wrote = false;
        int rc;
        if (w->seal) {
                /* The texts ANNUAL_SEALED_COLUMNS will hold: an amount not supplied is NULL. */
                char b[11][24], seal[STORE_SEAL_MAX];
                const char *values[12] = {f->uscc, int_text(f->year, b[0])};
                const int64_t amounts[3] = {f->tax_fen, f->rd_fen, f->revenue_fen};
                for (int i = 0; i < 3; i++)
                        values[2 + i] =
                            amounts[i] != GL_AMOUNT_NONE ? int_text(amounts[i], b[1 + i]) : NULL;
                for (int p = 0; p < POLLUTANT_COUNT_; p++) {
                        bool has = (supplied >> p) & 1u;
                        values[5 + p] = has && f->emission_g[p] != GL_AMOUNT_NONE
                                            ? int_text(f->emission_g[p], b[4 + p])
                                            : NULL;
                }
                values[11] = int_text(f->tax_confirmed, b[10]);
                rc = w->seal(w->seal_ctx, values, 12, seal, sizeof(seal));
                if (rc == GL_OK && w->load_new && w->load == NULL)
                        rc = db_load_begin(w->conn, "annual_figures", annual_load_columns, 15,
                                           &w->load);
                if (rc == GL_OK && w->load != NULL) {
                        const char *row[15];
                        memcpy(row, values, 11 * sizeof(*row));
                        row[11] = f->source;
                        row[12] = values[11];
                        row[13] = now;
                        row[14] = seal;
                        *how = STORE_INSERTED;
                        return db_load_row(w->load, row, 15);
                }
                if (rc == GL_OK) {
                        bind_annual(w->insert_sealed, f, supplied, now, false);
                        db_bind_text(w->insert_sealed, 15, seal);
                        rc = step_changed(w->conn, w->insert_sealed, &wrote);
                }
        } else {
                bind_annual(w->insert, f, supplied, now, false);
                rc = step_written(w->insert, &wrote, w->wrote, w->wrote_ctx);
        }
        if (rc != GL_OK)
                return rc;
        if (wrote) {
                *how = STORE_INSERTED;
                return GL_OK;
        }
        bind_annual(w->update, f, supplied, now, true);
        rc = step_written(w->update, &wrote, w->wrote, w->wrote_ctx);
        if (rc != GL_OK)
                return rc;
        *how = wrote ? STORE_UPDATED : STORE_UNCHANGED;
        return GL_OK;
}

void annual_writer_load_new(struct annual_writer *w)
{
        w->load_new = true;
}

int annual_writer_finish(struct annual_writer *w, const uint32_t *order, size_t norder)
{
        int rc = db_load_end(w->load, true, order, norder);
        w->load = NULL;
        return rc;
}

int enterprise_store_each_uscc(db *conn,
                               int (*fn)(void *ctx, const char *uscc, const char *division),
                               void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT uscc, division FROM enterprises", &st);
        if (rc != GL_OK)
                return rc;
        while ((rc = db_step(st)) == DB_ROW)
                if ((rc = fn(ctx, db_column_text(st, 0), db_column_text(st, 1))) != GL_OK)
                        break;
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

int annual_store_put(db *conn, const struct annual_figures *f, const char *now, bool *changed)
{
        struct annual_writer *w = NULL;
        enum store_change how = STORE_UNCHANGED;
        int rc = annual_writer_open(conn, &w);
        if (rc == GL_OK)
                rc = annual_writer_put(w, f, ANNUAL_ALL_POLLUTANTS, now, &how);
        annual_writer_close(w);
        if (rc == GL_OK)
                *changed = how != STORE_UNCHANGED;
        return rc;
}

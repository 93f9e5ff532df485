/*
 * SQL for measure 1's decision. The subjects of a year are read by one query, enterprises left
 * joined with their figures of that year, so a million enterprises are one pass over the tables;
 * the industries are bound as $2..$n+1 so the statement stays portable.
 */
#include "incentive_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUBJECT_SELECT                                                                             \
        "SELECT e.uscc, e.name, e.industry, COALESCE(e.grade, ''), a.tax_fen, a.rd_fen, "          \
        "a.revenue_fen, a.so2_g, a.nox_g, a.pm_g, a.vocs_g, a.cod_g, a.nh3n_g "                    \
        "FROM enterprises e LEFT JOIN annual_figures a ON a.uscc = e.uscc AND a.year = $1 "        \
        "WHERE 1 = 1"

/* Column order of the pollutants in SUBJECT_SELECT, from column 7. */
static const enum pollutant pollutant_columns[POLLUTANT_COUNT_] = {
    POLLUTANT_SO2, POLLUTANT_NOX, POLLUTANT_PM, POLLUTANT_VOCS, POLLUTANT_COD, POLLUTANT_NH3N,
};

static int64_t amount_column(db_stmt *st, int col)
{
        return db_column_is_null(st, col) ? GL_AMOUNT_NONE : db_column_int64(st, col);
}

/* Appends text to the SQL being built; GL_ENOMEM when it does not fit. */
static int append(char **sql, size_t *len, size_t *cap, const char *text)
{
        size_t n = strlen(text);
        if (*len + n + 1 > *cap) {
                size_t ncap = (*cap + n + 1) * 2;
                char *p = realloc(*sql, ncap);
                if (p == NULL)
                        return GL_ENOMEM;
                *sql = p;
                *cap = ncap;
        }
        memcpy(*sql + *len, text, n + 1);
        *len += n;
        return GL_OK;
}

static int build_subject_sql(size_t nindustries, bool with_industries, bool with_uscc,
                             bool with_division, char **out)
{
        char *sql = NULL;
        size_t len = 0, cap = 0;
        char buf[32];
        int rc = append(&sql, &len, &cap, SUBJECT_SELECT);
        int next = 2;
        if (rc == GL_OK && with_uscc) {
                snprintf(buf, sizeof(buf), " AND e.uscc = $%d", next++);
                rc = append(&sql, &len, &cap, buf);
        }
        if (rc == GL_OK && with_division) {
                snprintf(buf, sizeof(buf), " AND e.division = $%d", next++);
                rc = append(&sql, &len, &cap, buf);
        }
        if (rc == GL_OK && with_industries) {
                rc = append(&sql, &len, &cap, " AND e.industry IN (");
                for (size_t i = 0; rc == GL_OK && i < nindustries; i++) {
                        snprintf(buf, sizeof(buf), "%s$%d", i ? ", " : "", next++);
                        rc = append(&sql, &len, &cap, buf);
                }
                if (rc == GL_OK && nindustries == 0)
                        rc = append(&sql, &len, &cap, "NULL");
                if (rc == GL_OK)
                        rc = append(&sql, &len, &cap, ")");
        }
        if (rc == GL_OK)
                rc = append(&sql, &len, &cap, " ORDER BY e.uscc");
        if (rc != GL_OK) {
                free(sql);
                return rc;
        }
        *out = sql;
        return GL_OK;
}

int incentive_store_each_subject(db *conn, int year, const char *const *industries,
                                 size_t nindustries, const char *uscc, const char *division,
                                 int (*fn)(const struct incentive_store_row *row, void *ctx),
                                 void *ctx)
{
        char *sql = NULL;
        db_stmt *st = NULL;
        int rc = build_subject_sql(nindustries, industries != NULL, uscc != NULL, division != NULL,
                                   &sql);
        if (rc != GL_OK)
                return rc;
        rc = db_prepare(conn, sql, &st);
        free(sql);
        if (rc != GL_OK)
                return rc;
        int index = 1;
        db_bind_int64(st, index++, year);
        if (uscc != NULL)
                db_bind_text(st, index++, uscc);
        if (division != NULL)
                db_bind_text(st, index++, division);
        for (size_t i = 0; industries != NULL && i < nindustries; i++)
                db_bind_text(st, index++, industries[i]);
        struct incentive_store_row row;
        while ((rc = db_step(st)) == DB_ROW) {
                row.uscc = db_column_text(st, 0);
                row.name = db_column_text(st, 1);
                row.industry = db_column_text(st, 2);
                row.grade = db_column_text(st, 3);
                row.tax_fen = amount_column(st, 4);
                row.rd_fen = amount_column(st, 5);
                row.revenue_fen = amount_column(st, 6);
                for (int p = 0; p < POLLUTANT_COUNT_; p++)
                        row.emission_g[pollutant_columns[p]] = amount_column(st, 7 + p);
                rc = fn(&row, ctx);
                if (rc != 0)
                        break;
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int incentive_store_averages_get(db *conn, int year, struct incentive_official **out, size_t *n)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT industry, tax_per_tonne_micro_yuan, rd_share_micro_percent, "
                            "source FROM incentive_averages WHERE year = $1 ORDER BY industry",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, year);
        struct incentive_official *list = NULL;
        size_t count = 0, cap = 0;
        while ((rc = db_step(st)) == DB_ROW) {
                if (count == cap) {
                        size_t ncap = cap ? cap * 2 : 16;
                        struct incentive_official *p = realloc(list, ncap * sizeof(*list));
                        if (p == NULL) {
                                rc = GL_ENOMEM;
                                break;
                        }
                        list = p;
                        cap = ncap;
                }
                struct incentive_official *o = &list[count++];
                memset(o, 0, sizeof(*o));
                snprintf(o->industry, sizeof(o->industry), "%s", db_column_text(st, 0));
                o->has_tax_per_tonne = !db_column_is_null(st, 1);
                o->tax_per_tonne_micro_yuan = db_column_int64(st, 1);
                o->has_rd_share = !db_column_is_null(st, 2);
                o->rd_share_micro_percent = db_column_int64(st, 2);
                snprintf(o->source, sizeof(o->source), "%s", db_column_text(st, 3));
        }
        db_finalize(st);
        if (rc != DB_DONE) {
                free(list);
                return rc < 0 ? rc : GL_EDB;
        }
        *out = list;
        *n = count;
        return GL_OK;
}

int incentive_store_average_put(db *conn, int year, const struct incentive_official *o,
                                const char *now)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "INSERT INTO incentive_averages (industry, year, tax_per_tonne_micro_yuan, "
            "rd_share_micro_percent, source, updated_at) VALUES ($1, $2, $3, $4, $5, $6) "
            "ON CONFLICT (industry, year) DO UPDATE SET "
            "tax_per_tonne_micro_yuan = excluded.tax_per_tonne_micro_yuan, "
            "rd_share_micro_percent = excluded.rd_share_micro_percent, "
            "source = excluded.source, updated_at = excluded.updated_at",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, o->industry);
        db_bind_int64(st, 2, year);
        db_bind_int64_or_null(st, 3, o->has_tax_per_tonne, o->tax_per_tonne_micro_yuan);
        db_bind_int64_or_null(st, 4, o->has_rd_share, o->rd_share_micro_percent);
        db_bind_text(st, 5, o->source);
        db_bind_text(st, 6, now);
        return db_step_done(st);
}

int incentive_store_average_get(db *conn, const char *industry, int year,
                                struct incentive_official *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT industry, tax_per_tonne_micro_yuan, rd_share_micro_percent, "
                            "source FROM incentive_averages WHERE industry = $1 AND year = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, industry);
        db_bind_int64(st, 2, year);
        rc = db_step(st);
        if (rc == DB_ROW) {
                memset(out, 0, sizeof(*out));
                snprintf(out->industry, sizeof(out->industry), "%s", db_column_text(st, 0));
                out->has_tax_per_tonne = !db_column_is_null(st, 1);
                out->tax_per_tonne_micro_yuan = db_column_int64(st, 1);
                out->has_rd_share = !db_column_is_null(st, 2);
                out->rd_share_micro_percent = db_column_int64(st, 2);
                snprintf(out->source, sizeof(out->source), "%s", db_column_text(st, 3));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

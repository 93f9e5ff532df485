/*
 * SQL for what a measure-1 declaration keeps besides its case: the side table m1_declarations
 * joined with its case (state, version) and its two deadlines (county review, grace), tax figure
 * confirmations and the enterprise's grade. One column list (DECL_COLUMNS) is read by one function
 * (read_row), so that every query returns the same shape. Dates go in and out as ISO TEXT; NULL
 * columns read back as GL_DATE_NONE or "".
 */
#include "declaration_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECL_COLUMNS                                                                               \
        "c.id, c.uscc, m.year, c.state, m.grade_from, m.grade_sought, m.tier, m.grace_months, "    \
        "m.metrics, m.explanation, c.pack_id, c.pack_version, m.submitted_by, m.received_on, "     \
        "(SELECT due FROM case_deadlines WHERE case_id = c.id AND kind = 'county_review' ORDER "   \
        "BY id DESC LIMIT 1), (SELECT provisional FROM case_deadlines WHERE case_id = c.id AND "   \
        "kind = 'county_review' ORDER BY id DESC LIMIT 1), m.county_decided_by, "                  \
        "m.county_decided_on, m.county_reason, m.decided_by, m.decided_on, m.decision_reason, "    \
        "(SELECT due FROM case_deadlines WHERE case_id = c.id AND kind = 'grace' ORDER BY id "     \
        "DESC LIMIT 1), (SELECT provisional FROM case_deadlines WHERE case_id = c.id AND kind = "  \
        "'grace' ORDER BY id DESC LIMIT 1), m.closed_by, m.closed_on, m.closed_reason, "           \
        "c.created_at, c.updated_at, c.version"
#define DECL_FROM " FROM cases c JOIN m1_declarations m ON m.case_id = c.id "

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static int read_row(db_stmt *st, struct declaration *d)
{
        struct declaration r;
        declaration_init(&r);
        r.id = db_column_int64(st, 0);
        copy(r.uscc, sizeof(r.uscc), db_column_text(st, 1));
        r.year = (int)db_column_int64(st, 2);
        r.state = declaration_state_from_name(db_column_text(st, 3));
        copy(r.grade_from, sizeof(r.grade_from), db_column_text(st, 4));
        copy(r.grade_sought, sizeof(r.grade_sought), db_column_text(st, 5));
        copy(r.tier, sizeof(r.tier), db_column_text(st, 6));
        r.grace_months = db_column_is_null(st, 7) ? 0 : (int)db_column_int64(st, 7);
        copy(r.pack_id, sizeof(r.pack_id), db_column_text(st, 10));
        r.pack_version = (int)db_column_int64(st, 11);
        copy(r.submitted_by, sizeof(r.submitted_by), db_column_text(st, 12));
        r.received_on = db_column_date(st, 13);
        r.county_due_on = db_column_date(st, 14);
        r.county_due_provisional = db_column_int64(st, 15) != 0;
        copy(r.county_decided_by, sizeof(r.county_decided_by), db_column_text(st, 16));
        r.county_decided_on = db_column_date(st, 17);
        copy(r.decided_by, sizeof(r.decided_by), db_column_text(st, 19));
        r.decided_on = db_column_date(st, 20);
        r.grace_deadline = db_column_date(st, 22);
        r.grace_provisional = db_column_int64(st, 23) != 0;
        copy(r.closed_by, sizeof(r.closed_by), db_column_text(st, 24));
        r.closed_on = db_column_date(st, 25);
        copy(r.created_at, sizeof(r.created_at), db_column_text(st, 27));
        copy(r.updated_at, sizeof(r.updated_at), db_column_text(st, 28));
        r.version = db_column_int64(st, 29);
        if (declaration_set_text(&r.metrics, db_column_text(st, 8)) != GL_OK ||
            declaration_set_text(&r.explanation, db_column_text(st, 9)) != GL_OK ||
            declaration_set_text(&r.county_reason, db_column_text(st, 18)) != GL_OK ||
            declaration_set_text(&r.decision_reason, db_column_text(st, 21)) != GL_OK ||
            declaration_set_text(&r.closed_reason, db_column_text(st, 26)) != GL_OK) {
                declaration_clear(&r);
                return GL_ENOMEM;
        }
        declaration_clear(d);
        *d = r;
        return GL_OK;
}

int declaration_store_insert(db *conn, int64_t case_id, const struct declaration *d)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m1_declarations (case_id, year, grade_from, grade_sought, "
                            "tier, grace_months, metrics, explanation, submitted_by, received_on) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        db_bind_int64(st, 2, d->year);
        db_bind_text(st, 3, d->grade_from);
        db_bind_text(st, 4, d->grade_sought);
        db_bind_text(st, 5, d->tier);
        db_bind_int64_or_null(st, 6, d->grace_months > 0, d->grace_months);
        db_bind_text(st, 7, d->metrics ? d->metrics : "{}");
        db_bind_text(st, 8, d->explanation ? d->explanation : "[]");
        db_bind_text(st, 9, d->submitted_by);
        db_bind_date(st, 10, d->received_on);
        return db_step_done(st);
}

int declaration_store_get(db *conn, int64_t id, struct declaration *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " DECL_COLUMNS DECL_FROM "WHERE c.id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = read_row(st, out);
        else if (rc == DB_DONE)
                rc = GL_ENOTFOUND;
        db_finalize(st);
        return rc;
}

int declaration_store_update(db *conn, const struct declaration *d)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "UPDATE m1_declarations SET grade_from = $2, grade_sought = $3, tier = $4, "
            "grace_months = $5, metrics = $6, explanation = $7, submitted_by = $8, "
            "received_on = $9, county_decided_by = $10, county_decided_on = $11, "
            "county_reason = $12, decided_by = $13, decided_on = $14, decision_reason = $15, "
            "closed_by = $16, closed_on = $17, closed_reason = $18 WHERE case_id = $1",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, d->id);
        db_bind_text(st, 2, d->grade_from);
        db_bind_text(st, 3, d->grade_sought);
        db_bind_text(st, 4, d->tier);
        db_bind_int64_or_null(st, 5, d->grace_months > 0, d->grace_months);
        db_bind_text(st, 6, d->metrics ? d->metrics : "{}");
        db_bind_text(st, 7, d->explanation ? d->explanation : "[]");
        db_bind_text(st, 8, d->submitted_by);
        db_bind_date(st, 9, d->received_on);
        db_bind_text_or_null(st, 10, d->county_decided_by);
        db_bind_date(st, 11, d->county_decided_on);
        db_bind_text_or_null(st, 12, d->county_reason);
        db_bind_text_or_null(st, 13, d->decided_by);
        db_bind_date(st, 14, d->decided_on);
        db_bind_text_or_null(st, 15, d->decision_reason);
        db_bind_text_or_null(st, 16, d->closed_by);
        db_bind_date(st, 17, d->closed_on);
        db_bind_text_or_null(st, 18, d->closed_reason);
        return db_step_done(st);
}

int declaration_store_find_open(db *conn, const char *uscc, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id FROM cases WHERE procedure = 'm1.declaration' AND uscc = $1 "
                            "AND open = 1 ORDER BY id LIMIT 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *id = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_reverted_since(db *conn, const char *uscc, int year, bool *found)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COUNT(*) FROM cases c JOIN m1_declarations m ON m.case_id = "
                            "c.id WHERE c.uscc = $1 AND c.state = 'reverted' AND m.year >= $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, year);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *found = db_column_int64(st, 0) > 0;
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_list(db *conn, const struct declaration_query *q,
                           int (*fn)(const struct declaration *d, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " DECL_COLUMNS DECL_FROM
                            "WHERE ($1 IS NULL OR c.uscc = $1) AND ($2 IS NULL OR c.state = $2) "
                            "AND ($3 = 0 OR m.year = $3) AND ($4 = 0 OR c.open = 1) "
                            "ORDER BY c.id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text_or_null(st, 1, q ? q->uscc : NULL);
        db_bind_text(st, 2,
                     (q && q->state >= 0) ? declaration_state_name((enum declaration_state)q->state)
                                          : NULL);
        db_bind_int64(st, 3, q ? q->year : 0);
        db_bind_int64(st, 4, q && q->open_only);
        struct declaration d;
        declaration_init(&d);
        while ((rc = db_step(st)) == DB_ROW) {
                rc = read_row(st, &d);
                if (rc != GL_OK)
                        break;
                rc = fn(&d, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        declaration_clear(&d);
        db_finalize(st);
        return rc;
}

int declaration_store_tax_confirmed(db *conn, const char *uscc, int year, bool *known,
                                    bool *confirmed)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT tax_fen IS NOT NULL, tax_confirmed FROM annual_figures "
                            "WHERE uscc = $1 AND year = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, year);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *known = db_column_int64(st, 0) != 0;
                *confirmed = *known && db_column_int64(st, 1) != 0;
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                *known = false;
                *confirmed = false;
                rc = GL_OK;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_confirm_tax(db *conn, const char *uscc, int year, const char *now)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE annual_figures SET tax_confirmed = 1, updated_at = $3 "
                            "WHERE uscc = $1 AND year = $2 AND tax_fen IS NOT NULL "
                            "RETURNING year",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, year);
        db_bind_text(st, 3, now);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = GL_OK;
        else if (rc == DB_DONE)
                rc = GL_ENOTFOUND;
        db_finalize(st);
        return rc;
}

int declaration_store_set_grade(db *conn, const char *uscc, const char *grade, const char *now)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE enterprises SET grade = $2, updated_at = $3 WHERE uscc = $1 "
                            "RETURNING uscc",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_text_or_null(st, 2, grade);
        db_bind_text(st, 3, now);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = GL_OK;
        else if (rc == DB_DONE)
                rc = GL_ENOTFOUND;
        db_finalize(st);
        return rc;
}

/*
 * SQL for measure-1 declarations, their documents, reviews and steps, and the grade history. One
 * column list (DECL_COLUMNS) is read by one function (read_row), so that every query returns the
 * same shape. Dates go in and out as ISO TEXT; NULL columns read back as GL_DATE_NONE or "".
 */
#include "declaration_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define DECL_COLUMNS                                                                               \
        "id, uscc, year, state, grade_from, grade_sought, tier, grace_months, metrics, "           \
        "explanation, pack_id, pack_version, submitted_by, received_on, county_due_on, "           \
        "county_due_provisional, county_decided_by, county_decided_on, county_reason, "            \
        "decided_by, decided_on, decision_reason, grace_deadline, grace_provisional, closed_by, "  \
        "closed_on, closed_reason, created_at, updated_at, version"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static gl_date column_date(db_stmt *st, int col)
{
        gl_date d = GL_DATE_NONE;
        if (!db_column_is_null(st, col))
                date_parse_iso(db_column_text(st, col), &d);
        return d;
}

static int bind_date(db_stmt *st, int index, gl_date d)
{
        if (d == GL_DATE_NONE)
                return db_bind_null(st, index);
        char buf[11];
        return db_bind_text(st, index, date_format_iso(d, buf));
}

/* Binds text, or NULL for NULL or "". */
static int bind_text_or_null(db_stmt *st, int index, const char *text)
{
        return db_bind_text(st, index, (text && text[0]) ? text : NULL);
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
        r.received_on = column_date(st, 13);
        r.county_due_on = column_date(st, 14);
        r.county_due_provisional = db_column_int64(st, 15) != 0;
        copy(r.county_decided_by, sizeof(r.county_decided_by), db_column_text(st, 16));
        r.county_decided_on = column_date(st, 17);
        copy(r.decided_by, sizeof(r.decided_by), db_column_text(st, 19));
        r.decided_on = column_date(st, 20);
        r.grace_deadline = column_date(st, 22);
        r.grace_provisional = db_column_int64(st, 23) != 0;
        copy(r.closed_by, sizeof(r.closed_by), db_column_text(st, 24));
        r.closed_on = column_date(st, 25);
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

int declaration_store_insert(db *conn, const struct declaration *d, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "INSERT INTO declarations (uscc, year, state, grade_from, grade_sought, tier, "
            "grace_months, metrics, explanation, pack_id, pack_version, submitted_by, received_on, "
            "county_due_on, county_due_provisional, created_at, updated_at, version) VALUES ($1, "
            "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $16, 1) RETURNING "
            "id",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, d->uscc);
        db_bind_int64(st, 2, d->year);
        db_bind_text(st, 3, declaration_state_name(d->state));
        db_bind_text(st, 4, d->grade_from);
        db_bind_text(st, 5, d->grade_sought);
        db_bind_text(st, 6, d->tier);
        db_bind_int64_or_null(st, 7, d->grace_months > 0, d->grace_months);
        db_bind_text(st, 8, d->metrics ? d->metrics : "{}");
        db_bind_text(st, 9, d->explanation ? d->explanation : "[]");
        db_bind_text(st, 10, d->pack_id);
        db_bind_int64(st, 11, d->pack_version);
        db_bind_text(st, 12, d->submitted_by);
        bind_date(st, 13, d->received_on);
        bind_date(st, 14, d->county_due_on);
        db_bind_int64(st, 15, d->county_due_provisional);
        db_bind_text(st, 16, d->created_at);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *id = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_get(db *conn, int64_t id, struct declaration *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " DECL_COLUMNS " FROM declarations WHERE id = $1", &st);
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
            "UPDATE declarations SET state = $3, grade_from = $4, grade_sought = $5, tier = $6, "
            "grace_months = $7, metrics = $8, explanation = $9, pack_id = $10, pack_version = $11, "
            "submitted_by = $12, received_on = $13, county_due_on = $14, "
            "county_due_provisional = $15, county_decided_by = $16, county_decided_on = $17, "
            "county_reason = $18, decided_by = $19, decided_on = $20, decision_reason = $21, "
            "grace_deadline = $22, grace_provisional = $23, closed_by = $24, closed_on = $25, "
            "closed_reason = $26, updated_at = $27, version = version + 1 "
            "WHERE id = $1 AND version = $2 RETURNING version",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, d->id);
        db_bind_int64(st, 2, d->version);
        db_bind_text(st, 3, declaration_state_name(d->state));
        db_bind_text(st, 4, d->grade_from);
        db_bind_text(st, 5, d->grade_sought);
        db_bind_text(st, 6, d->tier);
        db_bind_int64_or_null(st, 7, d->grace_months > 0, d->grace_months);
        db_bind_text(st, 8, d->metrics ? d->metrics : "{}");
        db_bind_text(st, 9, d->explanation ? d->explanation : "[]");
        db_bind_text(st, 10, d->pack_id);
        db_bind_int64(st, 11, d->pack_version);
        db_bind_text(st, 12, d->submitted_by);
        bind_date(st, 13, d->received_on);
        bind_date(st, 14, d->county_due_on);
        db_bind_int64(st, 15, d->county_due_provisional);
        bind_text_or_null(st, 16, d->county_decided_by);
        bind_date(st, 17, d->county_decided_on);
        bind_text_or_null(st, 18, d->county_reason);
        bind_text_or_null(st, 19, d->decided_by);
        bind_date(st, 20, d->decided_on);
        bind_text_or_null(st, 21, d->decision_reason);
        bind_date(st, 22, d->grace_deadline);
        db_bind_int64(st, 23, d->grace_provisional);
        bind_text_or_null(st, 24, d->closed_by);
        bind_date(st, 25, d->closed_on);
        bind_text_or_null(st, 26, d->closed_reason);
        db_bind_text(st, 27, d->updated_at);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = GL_OK;
        else if (rc == DB_DONE)
                rc = GL_ECONFLICT;
        db_finalize(st);
        return rc;
}

int declaration_store_find_open(db *conn, const char *uscc, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id FROM declarations WHERE uscc = $1 AND state IN "
                            "('submitted', 'returned', 'county_approved', 'city_reviewed', "
                            "'provisional') ORDER BY id LIMIT 1",
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

int declaration_store_list(db *conn, const struct declaration_query *q,
                           int (*fn)(const struct declaration *d, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " DECL_COLUMNS " FROM declarations "
                            "WHERE ($1 IS NULL OR uscc = $1) AND ($2 IS NULL OR state = $2) "
                            "AND ($3 = 0 OR year = $3) AND ($4 = 0 OR state IN ('submitted', "
                            "'returned', 'county_approved', 'city_reviewed', 'provisional')) "
                            "ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        bind_text_or_null(st, 1, q ? q->uscc : NULL);
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

int declaration_store_add_document(db *conn, const struct declaration_document *doc)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO declaration_documents (declaration_id, name, file_name, "
                            "size, digest, content_base64, added_by, added_at) VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, doc->declaration_id);
        db_bind_text(st, 2, doc->name);
        db_bind_text(st, 3, doc->file_name);
        db_bind_int64(st, 4, doc->size);
        db_bind_text(st, 5, doc->digest);
        db_bind_text(st, 6, doc->content_base64 ? doc->content_base64 : "");
        db_bind_text(st, 7, doc->added_by);
        db_bind_text(st, 8, doc->added_at);
        return db_step_done(st);
}

static void read_document(db_stmt *st, struct declaration_document *doc)
{
        memset(doc, 0, sizeof(*doc));
        doc->id = db_column_int64(st, 0);
        doc->declaration_id = db_column_int64(st, 1);
        copy(doc->name, sizeof(doc->name), db_column_text(st, 2));
        copy(doc->file_name, sizeof(doc->file_name), db_column_text(st, 3));
        doc->size = db_column_int64(st, 4);
        copy(doc->digest, sizeof(doc->digest), db_column_text(st, 5));
        copy(doc->added_by, sizeof(doc->added_by), db_column_text(st, 6));
        copy(doc->added_at, sizeof(doc->added_at), db_column_text(st, 7));
}

int declaration_store_documents(db *conn, int64_t declaration_id,
                                int (*fn)(const struct declaration_document *doc, void *ctx),
                                void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, declaration_id, name, file_name, size, digest, added_by, "
                            "added_at FROM declaration_documents WHERE declaration_id = $1 "
                            "ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, declaration_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct declaration_document doc;
                read_document(st, &doc);
                rc = fn(&doc, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int declaration_store_document_content(db *conn, int64_t declaration_id, int64_t document_id,
                                       struct declaration_document *meta, char **out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, declaration_id, name, file_name, size, digest, added_by, "
                            "added_at, content_base64 FROM declaration_documents "
                            "WHERE declaration_id = $1 AND id = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, declaration_id);
        db_bind_int64(st, 2, document_id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                const char *text = db_column_text(st, 8);
                size_t n = strlen(text) + 1;
                char *copy_of = malloc(n);
                if (copy_of == NULL) {
                        rc = GL_ENOMEM;
                } else {
                        memcpy(copy_of, text, n);
                        if (meta)
                                read_document(st, meta);
                        *out = copy_of;
                        rc = GL_OK;
                }
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_add_review(db *conn, const struct declaration_review *r)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO declaration_reviews (declaration_id, kind, outcome, "
                            "findings, reviewed_by, reviewer_role, reviewed_on, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, r->declaration_id);
        db_bind_text(st, 2, r->kind);
        db_bind_text(st, 3, r->outcome);
        db_bind_text(st, 4, r->findings ? r->findings : "");
        db_bind_text(st, 5, r->reviewed_by);
        db_bind_text(st, 6, r->reviewer_role);
        bind_date(st, 7, r->reviewed_on);
        db_bind_text(st, 8, r->created_at);
        return db_step_done(st);
}

int declaration_store_count_reviews(db *conn, int64_t declaration_id, const char *kind,
                                    int64_t *count)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COUNT(*) FROM declaration_reviews "
                            "WHERE declaration_id = $1 AND kind = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, declaration_id);
        db_bind_text(st, 2, kind);
        rc = db_step(st);
        if (rc == DB_ROW) {
                *count = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int declaration_store_reviews(db *conn, int64_t declaration_id,
                              int (*fn)(const struct declaration_review *r, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT declaration_id, kind, outcome, findings, reviewed_by, "
                            "reviewer_role, reviewed_on, created_at FROM declaration_reviews "
                            "WHERE declaration_id = $1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, declaration_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct declaration_review r;
                memset(&r, 0, sizeof(r));
                r.declaration_id = db_column_int64(st, 0);
                copy(r.kind, sizeof(r.kind), db_column_text(st, 1));
                copy(r.outcome, sizeof(r.outcome), db_column_text(st, 2));
                r.findings = db_column_text(st, 3);
                copy(r.reviewed_by, sizeof(r.reviewed_by), db_column_text(st, 4));
                copy(r.reviewer_role, sizeof(r.reviewer_role), db_column_text(st, 5));
                r.reviewed_on = column_date(st, 6);
                copy(r.created_at, sizeof(r.created_at), db_column_text(st, 7));
                rc = fn(&r, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int declaration_store_add_step(db *conn, const struct declaration_step_record *s)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO declaration_steps (declaration_id, action, from_state, "
                            "to_state, actor, actor_role, on_date, reason, created_at) VALUES "
                            "($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, s->declaration_id);
        db_bind_text(st, 2, s->action);
        db_bind_text(st, 3, s->from_state);
        db_bind_text(st, 4, s->to_state);
        db_bind_text(st, 5, s->actor);
        db_bind_text(st, 6, s->actor_role);
        bind_date(st, 7, s->on_date);
        db_bind_text(st, 8, s->reason ? s->reason : "");
        db_bind_text(st, 9, s->created_at);
        return db_step_done(st);
}

int declaration_store_steps(db *conn, int64_t declaration_id,
                            int (*fn)(const struct declaration_step_record *s, void *ctx),
                            void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT declaration_id, action, from_state, to_state, actor, "
                            "actor_role, on_date, reason, created_at FROM declaration_steps "
                            "WHERE declaration_id = $1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, declaration_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct declaration_step_record s;
                memset(&s, 0, sizeof(s));
                s.declaration_id = db_column_int64(st, 0);
                copy(s.action, sizeof(s.action), db_column_text(st, 1));
                copy(s.from_state, sizeof(s.from_state), db_column_text(st, 2));
                copy(s.to_state, sizeof(s.to_state), db_column_text(st, 3));
                copy(s.actor, sizeof(s.actor), db_column_text(st, 4));
                copy(s.actor_role, sizeof(s.actor_role), db_column_text(st, 5));
                s.on_date = column_date(st, 6);
                s.reason = db_column_text(st, 7);
                copy(s.created_at, sizeof(s.created_at), db_column_text(st, 8));
                rc = fn(&s, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int grade_history_add(db *conn, const struct grade_change *g)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO grade_history (uscc, from_grade, to_grade, kind, on_date, "
                            "grace_deadline, decided_by, reason, declaration_id, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, g->uscc);
        db_bind_text(st, 2, g->from_grade);
        db_bind_text(st, 3, g->to_grade);
        db_bind_text(st, 4, g->kind);
        bind_date(st, 5, g->on_date);
        bind_date(st, 6, g->grace_deadline);
        db_bind_text(st, 7, g->decided_by);
        db_bind_text(st, 8, g->reason ? g->reason : "");
        db_bind_int64_or_null(st, 9, g->declaration_id != 0, g->declaration_id);
        db_bind_text(st, 10, g->created_at);
        return db_step_done(st);
}

int grade_history_list(db *conn, const char *uscc,
                       int (*fn)(const struct grade_change *g, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT uscc, from_grade, to_grade, kind, on_date, grace_deadline, "
                            "decided_by, reason, declaration_id, created_at FROM grade_history "
                            "WHERE uscc = $1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        while ((rc = db_step(st)) == DB_ROW) {
                struct grade_change g;
                memset(&g, 0, sizeof(g));
                copy(g.uscc, sizeof(g.uscc), db_column_text(st, 0));
                copy(g.from_grade, sizeof(g.from_grade), db_column_text(st, 1));
                copy(g.to_grade, sizeof(g.to_grade), db_column_text(st, 2));
                copy(g.kind, sizeof(g.kind), db_column_text(st, 3));
                g.on_date = column_date(st, 4);
                g.grace_deadline = column_date(st, 5);
                copy(g.decided_by, sizeof(g.decided_by), db_column_text(st, 6));
                g.reason = db_column_text(st, 7);
                g.declaration_id = db_column_int64(st, 8);
                copy(g.created_at, sizeof(g.created_at), db_column_text(st, 9));
                rc = fn(&g, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
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
        bind_text_or_null(st, 2, grade);
        db_bind_text(st, 3, now);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = GL_OK;
        else if (rc == DB_DONE)
                rc = GL_ENOTFOUND;
        db_finalize(st);
        return rc;
}

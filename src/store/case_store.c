/*
 * SQL of the procedure engine's store (case_store.h): cases, steps, documents, reviews, deadlines
 * and the grade history. One column list per table, read by one function, so that every query of a
 * table returns the same shape. Dates go in and out as ISO TEXT; NULL columns read back as
 * GL_DATE_NONE or "". The person a step, review or document records is its user name; listed, it
 * comes with that user's display name (users.display_name, migration 0008), "" when the user has
 * none or the name is no user's (the system, a demo actor).
 */
#include "case_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CASE_COLUMNS                                                                               \
        "c.id, c.procedure, c.uscc, c.subject_name, c.state, c.open, c.compartment, c.opened_on, " \
        "c.closed_on, c.pack_id, c.pack_version, c.created_at, c.updated_at, c.version, "          \
        "COALESCE(e.name, c.subject_name, ''), c.subject_uscc, c.department, c.township, "         \
        "c.division"
#define CASE_NCOLUMNS 19 /* the columns of CASE_COLUMNS */
/* The cases with the name of their party: the registry's name, or the one given. */
#define CASES_FROM "cases c LEFT JOIN enterprises e ON e.uscc = c.uscc"

#define DOCUMENT_COLUMNS                                                                           \
        "d.id, d.case_id, d.name, d.file_name, d.size, d.digest, d.added_by, d.added_at, "         \
        "COALESCE(u.display_name, '')"
#define DOCUMENTS_FROM "case_documents d LEFT JOIN users u ON u.username = d.added_by"

#define DEADLINE_COLUMNS                                                                           \
        "d.id, d.case_id, d.kind, d.rule, d.length, d.param, d.started_by, d.started_on, "         \
        "d.original_due, d.due, d.latest_due, d.provisional, d.status, d.suspended_on, "           \
        "d.suspended_days, d.ended_on, d.ended_by"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

/* Reads CASE_COLUMNS starting at column base. */
static void read_case(db_stmt *st, int base, struct case_row *c)
{
        memset(c, 0, sizeof(*c));
        c->id = db_column_int64(st, base + 0);
        copy(c->procedure, sizeof(c->procedure), db_column_text(st, base + 1));
        copy(c->uscc, sizeof(c->uscc), db_column_text(st, base + 2));
        copy(c->subject_name, sizeof(c->subject_name), db_column_text(st, base + 3));
        copy(c->state, sizeof(c->state), db_column_text(st, base + 4));
        c->open = db_column_int64(st, base + 5) != 0;
        copy(c->compartment, sizeof(c->compartment), db_column_text(st, base + 6));
        c->opened_on = db_column_date(st, base + 7);
        c->closed_on = db_column_date(st, base + 8);
        copy(c->pack_id, sizeof(c->pack_id), db_column_text(st, base + 9));
        c->pack_version = (int)db_column_int64(st, base + 10);
        copy(c->created_at, sizeof(c->created_at), db_column_text(st, base + 11));
        copy(c->updated_at, sizeof(c->updated_at), db_column_text(st, base + 12));
        c->version = db_column_int64(st, base + 13);
        copy(c->party_name, sizeof(c->party_name), db_column_text(st, base + 14));
        copy(c->subject_uscc, sizeof(c->subject_uscc), db_column_text(st, base + 15));
        copy(c->department, sizeof(c->department), db_column_text(st, base + 16));
        copy(c->township, sizeof(c->township), db_column_text(st, base + 17));
        copy(c->division, sizeof(c->division), db_column_text(st, base + 18));
}

int case_store_insert(db *conn, const struct case_row *c, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO cases (procedure, uscc, subject_name, state, open, "
                            "compartment, opened_on, closed_on, pack_id, pack_version, created_at, "
                            "updated_at, version, subject_uscc, department, township, division) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11, 1, $12, "
                            "$13, $14, $15) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, c->procedure);
        db_bind_text_or_null(st, 2, c->uscc);
        db_bind_text(st, 3, c->subject_name);
        db_bind_text(st, 4, c->state);
        db_bind_int64(st, 5, c->open);
        db_bind_text_or_null(st, 6, c->compartment);
        db_bind_date(st, 7, c->opened_on);
        db_bind_date(st, 8, c->closed_on);
        db_bind_text(st, 9, c->pack_id);
        db_bind_int64(st, 10, c->pack_version);
        db_bind_text(st, 11, c->created_at);
        db_bind_text(st, 12, c->subject_uscc);
        db_bind_text(st, 13, c->department);
        db_bind_text(st, 14, c->township);
        db_bind_text(st, 15, c->division);
        return db_step_int64(st, id);
}

int case_store_get(db *conn, int64_t id, struct case_row *out)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT " CASE_COLUMNS " FROM " CASES_FROM " WHERE c.id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_case(st, 0, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int case_store_update(db *conn, const struct case_row *c)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE cases SET state = $3, open = $4, closed_on = $5, "
                            "updated_at = $6, version = version + 1 "
                            "WHERE id = $1 AND version = $2 RETURNING version",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, c->id);
        db_bind_int64(st, 2, c->version);
        db_bind_text(st, 3, c->state);
        db_bind_int64(st, 4, c->open);
        db_bind_date(st, 5, c->closed_on);
        db_bind_text(st, 6, c->updated_at);
        rc = db_step(st);
        if (rc == DB_ROW)
                rc = GL_OK;
        else if (rc == DB_DONE)
                rc = GL_ECONFLICT;
        db_finalize(st);
        return rc;
}

int case_store_list(db *conn, const struct case_query *q,
                    int (*fn)(const struct case_row *c, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " CASE_COLUMNS ", n.kind, n.due, n.latest_due, n.provisional, "
                            "n.status FROM " CASES_FROM " LEFT JOIN (SELECT case_id, kind, due, "
                            "latest_due, provisional, status, ROW_NUMBER() OVER (PARTITION BY "
                            "case_id ORDER BY due, id) AS rn FROM case_deadlines WHERE status IN "
                            "('running', 'suspended')) n ON n.case_id = c.id AND n.rn = 1 "
                            "WHERE ($1 IS NULL OR c.procedure = $1) AND ($2 IS NULL OR c.state = "
                            "$2) AND ($3 IS NULL OR c.uscc = $3) AND ($4 = 0 OR c.open = 1) "
                            "AND c.id > $5 AND ($7 IS NULL OR c.division LIKE $7 OR ($8 = 1 AND "
                            "c.division = '')) ORDER BY c.id LIMIT $6",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text_or_null(st, 1, q ? q->procedure : NULL);
        db_bind_text_or_null(st, 2, q ? q->state : NULL);
        db_bind_text_or_null(st, 3, q ? q->uscc : NULL);
        db_bind_int64(st, 4, q && q->open_only);
        db_bind_int64(st, 5, q ? q->after_id : 0);
        db_bind_int64(st, 6, (q && q->limit > 0) ? q->limit : -1);
        char like[16];
        if (q && q->division_prefix)
                snprintf(like, sizeof(like), "%.6s%%", q->division_prefix);
        db_bind_text_or_null(st, 7, q && q->division_prefix ? like : NULL);
        db_bind_int64(st, 8, q && q->division_blank);
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_row c;
                read_case(st, 0, &c);
                copy(c.next.kind, sizeof(c.next.kind), db_column_text(st, CASE_NCOLUMNS));
                c.next.due = db_column_date(st, CASE_NCOLUMNS + 1);
                c.next.latest_due = db_column_date(st, CASE_NCOLUMNS + 2);
                c.next.provisional = db_column_int64(st, CASE_NCOLUMNS + 3) != 0;
                c.next.suspended = c.next.kind[0] &&
                                   strcmp(db_column_text(st, CASE_NCOLUMNS + 4), "suspended") == 0;
                rc = fn(&c, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int case_store_add_document(db *conn, const struct case_document *doc)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO case_documents (case_id, name, file_name, "
                            "size, digest, content_base64, added_by, added_at) VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, doc->case_id);
        db_bind_text(st, 2, doc->name);
        db_bind_text(st, 3, doc->file_name);
        db_bind_int64(st, 4, doc->size);
        db_bind_text(st, 5, doc->digest);
        db_bind_text(st, 6, doc->content_base64 ? doc->content_base64 : "");
        db_bind_text(st, 7, doc->added_by);
        db_bind_text(st, 8, doc->added_at);
        return db_step_done(st);
}

static void read_document(db_stmt *st, struct case_document *doc)
{
        memset(doc, 0, sizeof(*doc));
        doc->id = db_column_int64(st, 0);
        doc->case_id = db_column_int64(st, 1);
        copy(doc->name, sizeof(doc->name), db_column_text(st, 2));
        copy(doc->file_name, sizeof(doc->file_name), db_column_text(st, 3));
        doc->size = db_column_int64(st, 4);
        copy(doc->digest, sizeof(doc->digest), db_column_text(st, 5));
        copy(doc->added_by, sizeof(doc->added_by), db_column_text(st, 6));
        copy(doc->added_at, sizeof(doc->added_at), db_column_text(st, 7));
        copy(doc->added_by_name, sizeof(doc->added_by_name), db_column_text(st, 8));
}

int case_store_documents(db *conn, int64_t case_id,
                         int (*fn)(const struct case_document *doc, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " DOCUMENT_COLUMNS " FROM " DOCUMENTS_FROM
                            " WHERE d.case_id = $1 ORDER BY d.id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_document doc;
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

int case_store_document_content(db *conn, int64_t case_id, int64_t document_id,
                                struct case_document *meta, char **out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " DOCUMENT_COLUMNS ", d.content_base64 FROM " DOCUMENTS_FROM
                            " WHERE d.case_id = $1 AND d.id = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        db_bind_int64(st, 2, document_id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                const char *text = db_column_text(st, 9);
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

int case_store_add_review(db *conn, const struct case_review *r)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO case_reviews (case_id, kind, outcome, "
                            "findings, reviewed_by, reviewer_role, reviewed_on, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, r->case_id);
        db_bind_text(st, 2, r->kind);
        db_bind_text(st, 3, r->outcome);
        db_bind_text(st, 4, r->findings ? r->findings : "");
        db_bind_text(st, 5, r->reviewed_by);
        db_bind_text(st, 6, r->reviewer_role);
        db_bind_date(st, 7, r->reviewed_on);
        db_bind_text(st, 8, r->created_at);
        return db_step_done(st);
}

int case_store_count_reviews(db *conn, int64_t case_id, const char *kind, int64_t *count)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COUNT(*) FROM case_reviews "
                            "WHERE case_id = $1 AND kind = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        db_bind_text(st, 2, kind);
        return db_step_int64(st, count);
}

int case_store_reviews(db *conn, int64_t case_id, int (*fn)(const struct case_review *r, void *ctx),
                       void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT r.case_id, r.kind, r.outcome, r.findings, r.reviewed_by, "
                            "r.reviewer_role, r.reviewed_on, r.created_at, "
                            "COALESCE(u.display_name, '') FROM case_reviews r "
                            "LEFT JOIN users u ON u.username = r.reviewed_by "
                            "WHERE r.case_id = $1 ORDER BY r.id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_review r;
                memset(&r, 0, sizeof(r));
                r.case_id = db_column_int64(st, 0);
                copy(r.kind, sizeof(r.kind), db_column_text(st, 1));
                copy(r.outcome, sizeof(r.outcome), db_column_text(st, 2));
                r.findings = db_column_text(st, 3);
                copy(r.reviewed_by, sizeof(r.reviewed_by), db_column_text(st, 4));
                copy(r.reviewer_role, sizeof(r.reviewer_role), db_column_text(st, 5));
                r.reviewed_on = db_column_date(st, 6);
                copy(r.created_at, sizeof(r.created_at), db_column_text(st, 7));
                copy(r.reviewed_by_name, sizeof(r.reviewed_by_name), db_column_text(st, 8));
                rc = fn(&r, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int case_store_add_step(db *conn, const struct case_step_record *s)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO case_steps (case_id, action, from_state, "
                            "to_state, actor, actor_role, on_date, reason, created_at, fields) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, s->case_id);
        db_bind_text(st, 2, s->action);
        db_bind_text(st, 3, s->from_state);
        db_bind_text(st, 4, s->to_state);
        db_bind_text(st, 5, s->actor);
        db_bind_text(st, 6, s->actor_role);
        db_bind_date(st, 7, s->on_date);
        db_bind_text(st, 8, s->reason ? s->reason : "");
        db_bind_text(st, 9, s->created_at);
        db_bind_text(st, 10, s->fields ? s->fields : "{}");
        return db_step_done(st);
}

int case_store_steps(db *conn, int64_t case_id,
                     int (*fn)(const struct case_step_record *s, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT s.case_id, s.action, s.from_state, s.to_state, s.actor, "
                            "s.actor_role, s.on_date, s.reason, s.created_at, s.fields, "
                            "COALESCE(u.display_name, '') FROM case_steps s "
                            "LEFT JOIN users u ON u.username = s.actor "
                            "WHERE s.case_id = $1 ORDER BY s.id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_step_record s;
                memset(&s, 0, sizeof(s));
                s.case_id = db_column_int64(st, 0);
                copy(s.action, sizeof(s.action), db_column_text(st, 1));
                copy(s.from_state, sizeof(s.from_state), db_column_text(st, 2));
                copy(s.to_state, sizeof(s.to_state), db_column_text(st, 3));
                copy(s.actor, sizeof(s.actor), db_column_text(st, 4));
                copy(s.actor_role, sizeof(s.actor_role), db_column_text(st, 5));
                s.on_date = db_column_date(st, 6);
                s.reason = db_column_text(st, 7);
                copy(s.created_at, sizeof(s.created_at), db_column_text(st, 8));
                s.fields = db_column_text(st, 9);
                copy(s.actor_name, sizeof(s.actor_name), db_column_text(st, 10));
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
                            "grace_deadline, decided_by, reason, case_id, created_at) "
                            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, g->uscc);
        db_bind_text(st, 2, g->from_grade);
        db_bind_text(st, 3, g->to_grade);
        db_bind_text(st, 4, g->kind);
        db_bind_date(st, 5, g->on_date);
        db_bind_date(st, 6, g->grace_deadline);
        db_bind_text(st, 7, g->decided_by);
        db_bind_text(st, 8, g->reason ? g->reason : "");
        db_bind_int64_or_null(st, 9, g->case_id != 0, g->case_id);
        db_bind_text(st, 10, g->created_at);
        return db_step_done(st);
}

int grade_history_list(db *conn, const char *uscc,
                       int (*fn)(const struct grade_change *g, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT uscc, from_grade, to_grade, kind, on_date, grace_deadline, "
                            "decided_by, reason, case_id, created_at FROM grade_history "
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
                g.on_date = db_column_date(st, 4);
                g.grace_deadline = db_column_date(st, 5);
                copy(g.decided_by, sizeof(g.decided_by), db_column_text(st, 6));
                g.reason = db_column_text(st, 7);
                g.case_id = db_column_int64(st, 8);
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

static void read_deadline(db_stmt *st, struct case_deadline *d)
{
        memset(d, 0, sizeof(*d));
        d->id = db_column_int64(st, 0);
        d->case_id = db_column_int64(st, 1);
        copy(d->kind, sizeof(d->kind), db_column_text(st, 2));
        copy(d->rule, sizeof(d->rule), db_column_text(st, 3));
        d->length = (int)db_column_int64(st, 4);
        copy(d->param, sizeof(d->param), db_column_text(st, 5));
        copy(d->started_by, sizeof(d->started_by), db_column_text(st, 6));
        d->started_on = db_column_date(st, 7);
        d->original_due = db_column_date(st, 8);
        d->due = db_column_date(st, 9);
        d->latest_due = db_column_date(st, 10);
        d->provisional = db_column_int64(st, 11) != 0;
        copy(d->status, sizeof(d->status), db_column_text(st, 12));
        d->suspended_on = db_column_date(st, 13);
        d->suspended_days = (int)db_column_int64(st, 14);
        d->ended_on = db_column_date(st, 15);
        copy(d->ended_by, sizeof(d->ended_by), db_column_text(st, 16));
}

int case_store_add_deadline(db *conn, const struct case_deadline *d, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO case_deadlines (case_id, kind, rule, length, param, "
                            "started_by, started_on, original_due, due, latest_due, provisional, "
                            "status, suspended_on, suspended_days, ended_on, ended_by) VALUES ($1, "
                            "$2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, d->case_id);
        db_bind_text(st, 2, d->kind);
        db_bind_text(st, 3, d->rule);
        db_bind_int64(st, 4, d->length);
        db_bind_text(st, 5, d->param);
        db_bind_text(st, 6, d->started_by);
        db_bind_date(st, 7, d->started_on);
        db_bind_date(st, 8, d->original_due);
        db_bind_date(st, 9, d->due);
        db_bind_date(st, 10, d->latest_due);
        db_bind_int64(st, 11, d->provisional);
        db_bind_text(st, 12, d->status);
        db_bind_date(st, 13, d->suspended_on);
        db_bind_int64(st, 14, d->suspended_days);
        db_bind_date(st, 15, d->ended_on);
        db_bind_text_or_null(st, 16, d->ended_by);
        rc = db_step(st);
        if (rc == DB_ROW) {
                if (id)
                        *id = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int case_store_update_deadline(db *conn, const struct case_deadline *d)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "UPDATE case_deadlines SET due = $2, latest_due = $3, provisional = $4, "
                       "status = $5, suspended_on = $6, suspended_days = $7, ended_on = $8, "
                       "ended_by = $9 WHERE id = $1",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, d->id);
        db_bind_date(st, 2, d->due);
        db_bind_date(st, 3, d->latest_due);
        db_bind_int64(st, 4, d->provisional);
        db_bind_text(st, 5, d->status);
        db_bind_date(st, 6, d->suspended_on);
        db_bind_int64(st, 7, d->suspended_days);
        db_bind_date(st, 8, d->ended_on);
        db_bind_text_or_null(st, 9, d->ended_by);
        return db_step_done(st);
}

int case_store_deadlines(db *conn, int64_t case_id,
                         int (*fn)(const struct case_deadline *d, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " DEADLINE_COLUMNS " FROM case_deadlines d "
                            "WHERE d.case_id = $1 ORDER BY d.id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_deadline d;
                read_deadline(st, &d);
                rc = fn(&d, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int case_store_running_deadlines(db *conn,
                                 int (*fn)(const struct case_deadline *d, const struct case_row *c,
                                           void *ctx),
                                 void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "SELECT " DEADLINE_COLUMNS ", " CASE_COLUMNS " FROM case_deadlines d "
            "JOIN cases c ON c.id = d.case_id LEFT JOIN enterprises e ON e.uscc = c.uscc "
            "WHERE d.status IN ('running', 'suspended') AND c.open = 1 "
            "ORDER BY d.due, d.case_id, d.id",
            &st);
        if (rc != GL_OK)
                return rc;
        while ((rc = db_step(st)) == DB_ROW) {
                struct case_deadline d;
                struct case_row c;
                read_deadline(st, &d);
                read_case(st, 17, &c);
                rc = fn(&d, &c, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

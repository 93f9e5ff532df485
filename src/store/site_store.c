/*
 * SQL of site_store.h: one column list per table (SITE_COLUMNS, INSPECTION_COLUMNS, ...), each
 * read by one function.
 */
#include "site_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SITE_COLUMNS                                                                               \
        "s.id, s.project, s.category, s.builder_uscc, s.builder_name, s.township, s.department, "  \
        "s.address, s.started_on, s.finished_on, s.earthwork_m2, s.dust_control, "                 \
        "s.dust_checked_on, s.status, s.listed, s.listed_on, s.removed_on, s.removed_reason, "     \
        "s.created_by, s.created_at, s.updated_at, s.version, "                                    \
        "EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = s.builder_uscc), "                     \
        "COALESCE(a.case_id, 0), COALESCE(c.state, ''), "                                          \
        "(SELECT COUNT(*) FROM site_inspections i WHERE i.site_id = s.id), "                       \
        "(SELECT COUNT(*) FROM site_inspections i WHERE i.site_id = s.id AND i.listed = 1), "      \
        "s.division"
#define SITES_FROM                                                                                 \
        "sites s LEFT JOIN m8_applications a ON a.site_id = s.id AND a.current = 1 "               \
        "LEFT JOIN cases c ON c.id = a.case_id"

#define INSPECTION_COLUMNS                                                                         \
        "i.id, i.site_id, i.inspected_on, i.reason, i.unit, i.inspector, i.inspector_role, "       \
        "i.listed, i.dust_result, i.note, COALESCE(i.case_id, 0), i.created_at, "                  \
        "COALESCE(u.display_name, ''), s.project, s.builder_uscc, s.department, s.township, "      \
        "s.division"
#define INSPECTIONS_FROM                                                                           \
        "site_inspections i JOIN sites s ON s.id = i.site_id LEFT JOIN users u ON u.username = "   \
        "i.inspector"

#define APPLICATION_COLUMNS                                                                        \
        "case_id, site_id, department, township, category, applied_on, published_on, "             \
        "publication_due, listed_on, closed_on, outcome, current"

#define OBJECTION_COLUMNS                                                                          \
        "id, case_id, received_on, objector, content, recorded_by, status, decided_on, "           \
        "decided_by, decision"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static int finish_list(db_stmt *st, int rc)
{
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

/* ---- sites ---- */

static void read_site(db_stmt *st, struct site_row *s)
{
        memset(s, 0, sizeof(*s));
        s->id = db_column_int64(st, 0);
        struct m8_site_values *v = &s->v;
        copy(v->project, sizeof(v->project), db_column_text(st, 1));
        copy(v->category, sizeof(v->category), db_column_text(st, 2));
        copy(v->builder_uscc, sizeof(v->builder_uscc), db_column_text(st, 3));
        copy(v->builder_name, sizeof(v->builder_name), db_column_text(st, 4));
        copy(v->township, sizeof(v->township), db_column_text(st, 5));
        copy(v->department, sizeof(v->department), db_column_text(st, 6));
        copy(v->address, sizeof(v->address), db_column_text(st, 7));
        v->started_on = db_column_date(st, 8);
        s->finished_on = db_column_date(st, 9);
        v->earthwork_m2 = db_column_int64(st, 10);
        copy(s->dust_control, sizeof(s->dust_control), db_column_text(st, 11));
        s->dust_checked_on = db_column_date(st, 12);
        copy(s->status, sizeof(s->status), db_column_text(st, 13));
        s->listed = db_column_int64(st, 14) != 0;
        s->listed_on = db_column_date(st, 15);
        s->removed_on = db_column_date(st, 16);
        copy(s->removed_reason, sizeof(s->removed_reason), db_column_text(st, 17));
        copy(s->created_by, sizeof(s->created_by), db_column_text(st, 18));
        copy(s->created_at, sizeof(s->created_at), db_column_text(st, 19));
        copy(s->updated_at, sizeof(s->updated_at), db_column_text(st, 20));
        s->version = db_column_int64(st, 21);
        s->builder_registered = db_column_int64(st, 22) != 0;
        s->case_id = db_column_int64(st, 23);
        copy(s->case_state, sizeof(s->case_state), db_column_text(st, 24));
        s->inspections = db_column_int64(st, 25);
        s->inspections_listed = db_column_int64(st, 26);
        copy(s->division, sizeof(s->division), db_column_text(st, 27));
}

int site_store_insert(db *conn, const struct site_row *s, int64_t *id)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "INSERT INTO sites (project, category, builder_uscc, builder_name, "
                       "township, department, address, started_on, earthwork_m2, "
                       "dust_control, dust_checked_on, status, listed, created_by, "
                       "created_at, updated_at, version, division) VALUES ($1, $2, $3, $4, $5, "
                       "$6, $7, $8, $9, $10, $11, $12, 0, $13, $14, $14, 1, $15) RETURNING "
                       "id",
                       &st);
        if (rc != GL_OK)
                return rc;
        const struct m8_site_values *v = &s->v;
        const char *texts[] = {v->project,  v->category,   v->builder_uscc, v->builder_name,
                               v->township, v->department, v->address};
        for (int i = 0; i < 7; i++)
                db_bind_text(st, i + 1, texts[i]);
        db_bind_date(st, 8, v->started_on);
        db_bind_int64(st, 9, v->earthwork_m2);
        db_bind_text(st, 10, s->dust_control[0] ? s->dust_control : "unchecked");
        db_bind_date(st, 11, s->dust_checked_on);
        db_bind_text(st, 12, s->status[0] ? s->status : "under_construction");
        db_bind_text(st, 13, s->created_by);
        db_bind_text(st, 14, s->created_at);
        db_bind_text(st, 15, s->division);
        return db_step_int64(st, id);
}

int site_store_get(db *conn, int64_t id, struct site_row *out)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT " SITE_COLUMNS " FROM " SITES_FROM " WHERE s.id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_site(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int site_store_update(db *conn, const struct site_row *s)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE sites SET project = $3, category = $4, builder_name = $5, "
                            "township = $6, department = $7, address = $8, started_on = $9, "
                            "finished_on = $10, earthwork_m2 = $11, dust_control = $12, "
                            "dust_checked_on = $13, status = $14, listed = $15, listed_on = $16, "
                            "removed_on = $17, removed_reason = $18, updated_at = $19, "
                            "version = version + 1 WHERE id = $1 AND version = $2 RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        const struct m8_site_values *v = &s->v;
        db_bind_int64(st, 1, s->id);
        db_bind_int64(st, 2, s->version);
        const char *texts[] = {v->project,  v->category,   v->builder_name,
                               v->township, v->department, v->address};
        for (int i = 0; i < 6; i++)
                db_bind_text(st, i + 3, texts[i]);
        db_bind_date(st, 9, v->started_on);
        db_bind_date(st, 10, s->finished_on);
        db_bind_int64(st, 11, v->earthwork_m2);
        db_bind_text(st, 12, s->dust_control);
        db_bind_date(st, 13, s->dust_checked_on);
        db_bind_text(st, 14, s->status);
        db_bind_int64(st, 15, s->listed ? 1 : 0);
        db_bind_date(st, 16, s->listed_on);
        db_bind_date(st, 17, s->removed_on);
        db_bind_text(st, 18, s->removed_reason);
        db_bind_text(st, 19, s->updated_at);
        rc = db_step(st);
        rc = rc == DB_ROW ? GL_OK : rc == DB_DONE ? GL_ECONFLICT : rc;
        db_finalize(st);
        return rc;
}

int site_store_list(db *conn, const struct site_query *q,
                    int (*fn)(const struct site_row *s, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        const char *sql =
            q->public_order
                ? "SELECT " SITE_COLUMNS " FROM " SITES_FROM
                  " WHERE ($1 = '' OR s.builder_uscc = $1) AND ($2 = '' OR s.department = $2) AND "
                  "($3 = '' OR s.township = $3) AND ($4 = '' OR s.category = $4) AND ($5 = '' OR "
                  "s.status = $5) AND ($6 < 0 OR s.listed = $6) ORDER BY s.listed_on, s.id"
                : "SELECT " SITE_COLUMNS " FROM " SITES_FROM
                  " WHERE ($1 = '' OR s.builder_uscc = $1) AND ($2 = '' OR s.department = $2) AND "
                  "($3 = '' OR s.township = $3) AND ($4 = '' OR s.category = $4) AND ($5 = '' OR "
                  "s.status = $5) AND ($6 < 0 OR s.listed = $6) ORDER BY s.id";
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        const char *texts[] = {q->builder_uscc, q->department, q->township, q->category, q->status};
        for (int i = 0; i < 5; i++)
                db_bind_text(st, i + 1, texts[i] ? texts[i] : "");
        db_bind_int64(st, 6, q->listed);
        while ((rc = db_step(st)) == DB_ROW) {
                struct site_row *s = malloc(sizeof(*s));
                if (s == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                read_site(st, s);
                rc = fn(s, ctx);
                free(s);
                if (rc != 0)
                        break;
        }
        return finish_list(st, rc);
}

/* ---- inspections ---- */

int site_store_add_inspection(db *conn, const struct site_inspection *i, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO site_inspections (site_id, inspected_on, reason, unit, "
                            "inspector, inspector_role, listed, dust_result, note, case_id, "
                            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, i->site_id);
        db_bind_date(st, 2, i->inspected_on);
        db_bind_text(st, 3, i->reason);
        db_bind_text(st, 4, i->unit);
        db_bind_text(st, 5, i->inspector);
        db_bind_text(st, 6, i->inspector_role);
        db_bind_int64(st, 7, i->listed ? 1 : 0);
        db_bind_text(st, 8, i->dust_result);
        db_bind_text(st, 9, i->note ? i->note : "");
        db_bind_int64_or_null(st, 10, i->case_id > 0, i->case_id);
        db_bind_text(st, 11, i->created_at);
        return db_step_int64(st, id);
}

int site_store_inspections(db *conn, int64_t site_id,
                           int (*fn)(const struct site_inspection *i, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " INSPECTION_COLUMNS " FROM " INSPECTIONS_FROM
                            " WHERE $1 = 0 OR i.site_id = $1 ORDER BY i.inspected_on DESC, i.id "
                            "DESC",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, site_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct site_inspection i;
                memset(&i, 0, sizeof(i));
                i.id = db_column_int64(st, 0);
                i.site_id = db_column_int64(st, 1);
                i.inspected_on = db_column_date(st, 2);
                copy(i.reason, sizeof(i.reason), db_column_text(st, 3));
                copy(i.unit, sizeof(i.unit), db_column_text(st, 4));
                copy(i.inspector, sizeof(i.inspector), db_column_text(st, 5));
                copy(i.inspector_role, sizeof(i.inspector_role), db_column_text(st, 6));
                i.listed = db_column_int64(st, 7) != 0;
                copy(i.dust_result, sizeof(i.dust_result), db_column_text(st, 8));
                i.note = db_column_text(st, 9);
                i.case_id = db_column_int64(st, 10);
                copy(i.created_at, sizeof(i.created_at), db_column_text(st, 11));
                copy(i.inspector_name, sizeof(i.inspector_name), db_column_text(st, 12));
                copy(i.project, sizeof(i.project), db_column_text(st, 13));
                copy(i.site_builder_uscc, sizeof(i.site_builder_uscc), db_column_text(st, 14));
                copy(i.site_department, sizeof(i.site_department), db_column_text(st, 15));
                copy(i.site_township, sizeof(i.site_township), db_column_text(st, 16));
                copy(i.site_division, sizeof(i.site_division), db_column_text(st, 17));
                if ((rc = fn(&i, ctx)) != 0)
                        break;
        }
        return finish_list(st, rc);
}

/* ---- changes ---- */

int site_store_add_change(db *conn, const struct site_change *c)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO site_changes (site_id, changed_on, field, old_value, "
                            "new_value, reason, changed_by, case_id, created_at) VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8, $9)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, c->site_id);
        db_bind_date(st, 2, c->changed_on);
        db_bind_text(st, 3, c->field);
        db_bind_text(st, 4, c->old_value ? c->old_value : "");
        db_bind_text(st, 5, c->new_value ? c->new_value : "");
        db_bind_text(st, 6, c->reason ? c->reason : "");
        db_bind_text(st, 7, c->changed_by);
        db_bind_int64_or_null(st, 8, c->case_id > 0, c->case_id);
        db_bind_text(st, 9, c->created_at);
        return db_step_done(st);
}

int site_store_changes(db *conn, int64_t site_id, int (*fn)(const struct site_change *c, void *ctx),
                       void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT site_id, changed_on, field, old_value, new_value, reason, "
                            "changed_by, COALESCE(case_id, 0), created_at FROM site_changes WHERE "
                            "site_id = $1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, site_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct site_change c;
                memset(&c, 0, sizeof(c));
                c.site_id = db_column_int64(st, 0);
                c.changed_on = db_column_date(st, 1);
                copy(c.field, sizeof(c.field), db_column_text(st, 2));
                c.old_value = db_column_text(st, 3);
                c.new_value = db_column_text(st, 4);
                c.reason = db_column_text(st, 5);
                copy(c.changed_by, sizeof(c.changed_by), db_column_text(st, 6));
                c.case_id = db_column_int64(st, 7);
                copy(c.created_at, sizeof(c.created_at), db_column_text(st, 8));
                if ((rc = fn(&c, ctx)) != 0)
                        break;
        }
        return finish_list(st, rc);
}

/* ---- applications ---- */

static void read_application(db_stmt *st, struct m8_application *a)
{
        memset(a, 0, sizeof(*a));
        a->case_id = db_column_int64(st, 0);
        a->site_id = db_column_int64(st, 1);
        copy(a->department, sizeof(a->department), db_column_text(st, 2));
        copy(a->township, sizeof(a->township), db_column_text(st, 3));
        copy(a->category, sizeof(a->category), db_column_text(st, 4));
        a->applied_on = db_column_date(st, 5);
        a->published_on = db_column_date(st, 6);
        a->publication_due = db_column_date(st, 7);
        a->listed_on = db_column_date(st, 8);
        a->closed_on = db_column_date(st, 9);
        copy(a->outcome, sizeof(a->outcome), db_column_text(st, 10));
        a->current = db_column_int64(st, 11) != 0;
}

/* Binds the columns of an application after case_id ($2...$12). */
static void bind_application(db_stmt *st, const struct m8_application *a)
{
        db_bind_int64(st, 1, a->case_id);
        db_bind_int64(st, 2, a->site_id);
        db_bind_text(st, 3, a->department);
        db_bind_text(st, 4, a->township);
        db_bind_text(st, 5, a->category);
        db_bind_date(st, 6, a->applied_on);
        db_bind_date(st, 7, a->published_on);
        db_bind_date(st, 8, a->publication_due);
        db_bind_date(st, 9, a->listed_on);
        db_bind_date(st, 10, a->closed_on);
        db_bind_text(st, 11, a->outcome);
        db_bind_int64(st, 12, a->current ? 1 : 0);
}

int m8_store_application_insert(db *conn, const struct m8_application *a)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m8_applications (" APPLICATION_COLUMNS
                            ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
                            &st);
        if (rc != GL_OK)
                return rc;
        bind_application(st, a);
        return db_step_done(st);
}

int m8_store_application_update(db *conn, const struct m8_application *a)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE m8_applications SET site_id = $2, department = $3, township = "
                            "$4, category = $5, applied_on = $6, published_on = $7, "
                            "publication_due = $8, listed_on = $9, closed_on = $10, outcome = $11, "
                            "current = $12 WHERE case_id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        bind_application(st, a);
        return db_step_done(st);
}

int m8_store_application_get(db *conn, int64_t case_id, struct m8_application *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " APPLICATION_COLUMNS " FROM m8_applications WHERE case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_application(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int m8_store_current_application(db *conn, int64_t site_id, int64_t *case_id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COALESCE(MAX(case_id), 0) FROM m8_applications WHERE site_id "
                            "= $1 AND current = 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, site_id);
        return db_step_int64(st, case_id);
}

int m8_store_applications_of(db *conn, int64_t site_id,
                             int (*fn)(const struct m8_application *a, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " APPLICATION_COLUMNS
                            " FROM m8_applications WHERE site_id = $1 ORDER BY case_id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, site_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct m8_application a;
                read_application(st, &a);
                if ((rc = fn(&a, ctx)) != 0)
                        break;
        }
        return finish_list(st, rc);
}

/* ---- objections ---- */

int m8_store_objection_add(db *conn, const struct m8_objection *o, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m8_objections (case_id, received_on, objector, content, "
                            "recorded_by, status) VALUES ($1, $2, $3, $4, $5, 'pending') "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, o->case_id);
        db_bind_date(st, 2, o->received_on);
        db_bind_text(st, 3, o->objector);
        db_bind_text(st, 4, o->content ? o->content : "");
        db_bind_text(st, 5, o->recorded_by);
        return db_step_int64(st, id);
}

int m8_store_objection_decide(db *conn, const struct m8_objection *o)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE m8_objections SET status = $3, decided_on = $4, decided_by = "
                            "$5, decision = $6 WHERE id = $1 AND case_id = $2 AND status = "
                            "'pending' RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, o->id);
        db_bind_int64(st, 2, o->case_id);
        db_bind_text(st, 3, o->status);
        db_bind_date(st, 4, o->decided_on);
        db_bind_text(st, 5, o->decided_by);
        db_bind_text(st, 6, o->decision ? o->decision : "");
        rc = db_step(st);
        rc = rc == DB_ROW ? GL_OK : rc == DB_DONE ? GL_ENOTFOUND : rc;
        db_finalize(st);
        return rc;
}

int m8_store_objections(db *conn, int64_t case_id,
                        int (*fn)(const struct m8_objection *o, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " OBJECTION_COLUMNS " FROM m8_objections WHERE case_id = $1 ORDER BY id",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW) {
                struct m8_objection o;
                memset(&o, 0, sizeof(o));
                o.id = db_column_int64(st, 0);
                o.case_id = db_column_int64(st, 1);
                o.received_on = db_column_date(st, 2);
                copy(o.objector, sizeof(o.objector), db_column_text(st, 3));
                o.content = db_column_text(st, 4);
                copy(o.recorded_by, sizeof(o.recorded_by), db_column_text(st, 5));
                copy(o.status, sizeof(o.status), db_column_text(st, 6));
                o.decided_on = db_column_date(st, 7);
                copy(o.decided_by, sizeof(o.decided_by), db_column_text(st, 8));
                o.decision = db_column_text(st, 9);
                if ((rc = fn(&o, ctx)) != 0)
                        break;
        }
        return finish_list(st, rc);
}

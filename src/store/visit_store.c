/*
 * SQL of visit_store.h: one column list per table (EXPERT_COLUMNS, VISIT_COLUMNS), each read by
 * one function.
 */
#include "visit_store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define EXPERT_COLUMNS "id, name, unit, specialities, phone, active, created_by, created_at"

#define VISIT_COLUMNS                                                                              \
        "case_id, uscc, leader, planned_on, team, purpose, visited_on, deliveries, problems, "     \
        "advice, follow_up, helped, feedback, feedback_on, note"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

/* ---- the roster ---- */

static void read_expert(db_stmt *st, struct m5_expert *e)
{
        memset(e, 0, sizeof(*e));
        e->id = db_column_int64(st, 0);
        copy(e->name, sizeof(e->name), db_column_text(st, 1));
        copy(e->unit, sizeof(e->unit), db_column_text(st, 2));
        copy(e->specialities, sizeof(e->specialities), db_column_text(st, 3));
        copy(e->phone, sizeof(e->phone), db_column_text(st, 4));
        e->active = db_column_int64(st, 5) != 0;
        copy(e->created_by, sizeof(e->created_by), db_column_text(st, 6));
        copy(e->created_at, sizeof(e->created_at), db_column_text(st, 7));
}

int visit_store_expert_add(db *conn, const struct m5_expert *e, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m5_experts (name, unit, specialities, phone, active, "
                            "created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        const char *texts[] = {e->name, e->unit, e->specialities, e->phone};
        for (int i = 0; rc == GL_OK && i < 4; i++)
                rc = db_bind_text(st, 1 + i, texts[i]);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 5, e->active ? 1 : 0);
        if (rc == GL_OK)
                rc = db_bind_text(st, 6, e->created_by);
        if (rc == GL_OK)
                rc = db_bind_text(st, 7, e->created_at);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_int64(st, id);
}

int visit_store_expert_get(db *conn, int64_t id, struct m5_expert *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " EXPERT_COLUMNS " FROM m5_experts WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        read_expert(st, out);
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int visit_store_expert_set_active(db *conn, int64_t id, bool active)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "UPDATE m5_experts SET active = $2 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, id);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 2, active ? 1 : 0);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_done(st);
}

int visit_store_experts(db *conn, bool all, int (*fn)(const struct m5_expert *e, void *ctx),
                        void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " EXPERT_COLUMNS
                            " FROM m5_experts WHERE $1 = 1 OR active = 1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, all ? 1 : 0);
        while ((rc = db_step(st)) == DB_ROW) {
                struct m5_expert e;
                read_expert(st, &e);
                if ((rc = fn(&e, ctx)) != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

/* ---- visits ---- */

void m5_visit_init(struct m5_visit *v)
{
        memset(v, 0, sizeof(*v));
        v->planned_on = v->visited_on = v->feedback_on = GL_DATE_NONE;
        v->helped = -1;
}

void m5_visit_clear(struct m5_visit *v)
{
        char **texts[] = {&v->team,   &v->deliveries, &v->purpose,  &v->problems,
                          &v->advice, &v->follow_up,  &v->feedback, &v->note};
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
                free(*texts[i]);
        m5_visit_init(v);
}

int m5_visit_set(char **slot, const char *text)
{
        char *copy_of = strdup(text ? text : "");
        if (copy_of == NULL)
                return GL_ENOMEM;
        free(*slot);
        *slot = copy_of;
        return GL_OK;
}

static int read_visit(db_stmt *st, struct m5_visit *out)
{
        struct m5_visit v;
        m5_visit_init(&v);
        v.case_id = db_column_int64(st, 0);
        copy(v.uscc, sizeof(v.uscc), db_column_text(st, 1));
        copy(v.leader, sizeof(v.leader), db_column_text(st, 2));
        v.planned_on = db_column_date(st, 3);
        v.visited_on = db_column_date(st, 6);
        v.helped = db_column_is_null(st, 11) ? -1 : (int)db_column_int64(st, 11);
        v.feedback_on = db_column_date(st, 13);
        struct {
                char **slot;
                int col;
        } texts[] = {{&v.team, 4},   {&v.purpose, 5},    {&v.deliveries, 7}, {&v.problems, 8},
                     {&v.advice, 9}, {&v.follow_up, 10}, {&v.feedback, 12},  {&v.note, 14}};
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
                if (m5_visit_set(texts[i].slot, db_column_text(st, texts[i].col)) != GL_OK) {
                        m5_visit_clear(&v);
                        return GL_ENOMEM;
                }
        m5_visit_clear(out);
        *out = v;
        return GL_OK;
}

/* Binds case_id as $1 and every other column as $2..$15 in VISIT_COLUMNS order. */
static int bind_all(db_stmt *st, const struct m5_visit *v)
{
        int rc = db_bind_int64(st, 1, v->case_id);
        if (rc == GL_OK)
                rc = db_bind_text(st, 2, v->uscc);
        if (rc == GL_OK)
                rc = db_bind_text(st, 3, v->leader);
        if (rc == GL_OK)
                rc = db_bind_date(st, 4, v->planned_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 5, v->team ? v->team : "[]");
        if (rc == GL_OK)
                rc = db_bind_text(st, 6, v->purpose ? v->purpose : "");
        if (rc == GL_OK)
                rc = db_bind_date(st, 7, v->visited_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 8, v->deliveries ? v->deliveries : "{}");
        const char *findings[] = {v->problems, v->advice, v->follow_up};
        for (int i = 0; rc == GL_OK && i < 3; i++)
                rc = db_bind_text(st, 9 + i, findings[i] ? findings[i] : "");
        if (rc == GL_OK)
                rc = db_bind_int64_or_null(st, 12, v->helped >= 0, v->helped > 0);
        if (rc == GL_OK)
                rc = db_bind_text(st, 13, v->feedback ? v->feedback : "");
        if (rc == GL_OK)
                rc = db_bind_date(st, 14, v->feedback_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 15, v->note ? v->note : "");
        return rc;
}

static int write_visit(db *conn, const char *sql, const struct m5_visit *v)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        rc = bind_all(st, v);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_done(st);
}

int visit_store_insert(db *conn, const struct m5_visit *v)
{
        return write_visit(conn,
                           "INSERT INTO m5_visits (" VISIT_COLUMNS
                           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                           "$14, $15)",
                           v);
}

int visit_store_update(db *conn, const struct m5_visit *v)
{
        return write_visit(conn,
                           "UPDATE m5_visits SET uscc = $2, leader = $3, planned_on = $4, team = "
                           "$5, purpose = $6, visited_on = $7, deliveries = $8, problems = $9, "
                           "advice = $10, follow_up = $11, helped = $12, feedback = $13, "
                           "feedback_on = $14, note = $15 WHERE case_id = $1",
                           v);
}

int visit_store_get(db *conn, int64_t case_id, struct m5_visit *out)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT " VISIT_COLUMNS " FROM m5_visits WHERE case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, case_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                rc = s == DB_ROW ? read_visit(st, out) : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int visit_store_list(db *conn, const char *uscc, const char *state,
                     int (*fn)(const struct m5_visit_row *v, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "SELECT c.id, c.procedure, c.state, c.open, COALESCE(c.compartment, ''), c.opened_on, "
            "c.closed_on, c.version, v.uscc, COALESCE(e.name, ''), v.leader, "
            "COALESCE(u.display_name, ''), v.planned_on, v.visited_on, v.feedback_on, v.helped, "
            "v.team, c.division FROM m5_visits v JOIN cases c ON c.id = v.case_id LEFT JOIN "
            "enterprises e ON "
            "e.uscc = v.uscc LEFT JOIN users u ON u.username = v.leader WHERE ($1 IS NULL OR "
            "v.uscc = $1) AND ($2 IS NULL OR c.state = $2) ORDER BY c.id",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text_or_null(st, 1, uscc);
        db_bind_text_or_null(st, 2, state);
        while ((rc = db_step(st)) == DB_ROW) {
                struct m5_visit_row r;
                memset(&r, 0, sizeof(r));
                r.case_id = db_column_int64(st, 0);
                copy(r.procedure, sizeof(r.procedure), db_column_text(st, 1));
                copy(r.state, sizeof(r.state), db_column_text(st, 2));
                r.open = db_column_int64(st, 3) != 0;
                copy(r.compartment, sizeof(r.compartment), db_column_text(st, 4));
                r.opened_on = db_column_date(st, 5);
                r.closed_on = db_column_date(st, 6);
                r.version = db_column_int64(st, 7);
                copy(r.uscc, sizeof(r.uscc), db_column_text(st, 8));
                copy(r.enterprise_name, sizeof(r.enterprise_name), db_column_text(st, 9));
                copy(r.leader, sizeof(r.leader), db_column_text(st, 10));
                copy(r.leader_name, sizeof(r.leader_name), db_column_text(st, 11));
                r.planned_on = db_column_date(st, 12);
                r.visited_on = db_column_date(st, 13);
                r.feedback_on = db_column_date(st, 14);
                r.helped = db_column_is_null(st, 15) ? -1 : (int)db_column_int64(st, 15);
                r.team = db_column_text(st, 16);
                copy(r.division, sizeof(r.division), db_column_text(st, 17));
                if ((rc = fn(&r, ctx)) != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int visit_store_targets(db *conn, int (*fn)(const struct m5_target *t, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "SELECT e.uscc, e.name, e.township, (SELECT COUNT(*) FROM m5_visits v JOIN cases c ON "
            "c.id = v.case_id WHERE v.uscc = e.uscc AND v.visited_on IS NOT NULL), (SELECT "
            "COUNT(*) FROM m5_visits v JOIN cases c ON c.id = v.case_id WHERE v.uscc = e.uscc AND "
            "c.state = 'planned'), (SELECT MAX(v.visited_on) FROM m5_visits v WHERE v.uscc = "
            "e.uscc) FROM enterprises e WHERE e.key_air_emitter = 1 ORDER BY e.township, e.uscc",
            &st);
        if (rc != GL_OK)
                return rc;
        while ((rc = db_step(st)) == DB_ROW) {
                struct m5_target t;
                memset(&t, 0, sizeof(t));
                copy(t.uscc, sizeof(t.uscc), db_column_text(st, 0));
                copy(t.name, sizeof(t.name), db_column_text(st, 1));
                copy(t.township, sizeof(t.township), db_column_text(st, 2));
                t.visited = db_column_int64(st, 3);
                t.planned = db_column_int64(st, 4);
                t.last_visited_on = db_column_date(st, 5);
                if ((rc = fn(&t, ctx)) != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

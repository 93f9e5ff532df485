/*
 * SQL of control_store.h: one column list for m3_controls (CONTROL_COLUMNS), read by one
 * function, and the small reads of a site and an enforcement case.
 */
#include "control_store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define CONTROL_COLUMNS                                                                            \
        "case_id, unit_kind, uscc, site_id, unit_name, township, kind, other_kind, starts_on, "    \
        "ends_on, reason, outcome, ground, exception, malicious_case, major_risk, explanation, "   \
        "inputs, proposed_by, proposed_on, effective_from, decided_by, decided_on, "               \
        "decision_reason, lifted_by, lifted_on, lift_reason, finished_on"
#define NCOLUMNS 28

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

void m3_control_init(struct m3_control *m)
{
        memset(m, 0, sizeof(*m));
        m->starts_on = m->ends_on = m->proposed_on = m->effective_from = m->decided_on =
            m->lifted_on = m->finished_on = GL_DATE_NONE;
}

void m3_control_clear(struct m3_control *m)
{
        char **texts[] = {&m->reason, &m->major_risk,      &m->explanation,
                          &m->inputs, &m->decision_reason, &m->lift_reason};
        for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++)
                free(*texts[i]);
        m3_control_init(m);
}

int m3_control_set(char **slot, const char *text)
{
        char *copy_of = strdup(text ? text : "");
        if (copy_of == NULL)
                return GL_ENOMEM;
        free(*slot);
        *slot = copy_of;
        return GL_OK;
}

/* The columns from first on, in CONTROL_COLUMNS order; the texts only when texts. */
static int read_control(db_stmt *st, int first, bool texts, struct m3_control *out)
{
        struct m3_control m;
        m3_control_init(&m);
        int c = first;
        m.case_id = db_column_int64(st, c + 0);
        copy(m.unit_kind, sizeof(m.unit_kind), db_column_text(st, c + 1));
        copy(m.uscc, sizeof(m.uscc), db_column_text(st, c + 2));
        m.site_id = db_column_is_null(st, c + 3) ? 0 : db_column_int64(st, c + 3);
        copy(m.unit_name, sizeof(m.unit_name), db_column_text(st, c + 4));
        copy(m.township, sizeof(m.township), db_column_text(st, c + 5));
        copy(m.kind, sizeof(m.kind), db_column_text(st, c + 6));
        copy(m.other_kind, sizeof(m.other_kind), db_column_text(st, c + 7));
        m.starts_on = db_column_date(st, c + 8);
        m.ends_on = db_column_date(st, c + 9);
        copy(m.outcome, sizeof(m.outcome), db_column_text(st, c + 11));
        copy(m.ground, sizeof(m.ground), db_column_text(st, c + 12));
        copy(m.exception, sizeof(m.exception), db_column_text(st, c + 13));
        m.malicious_case = db_column_is_null(st, c + 14) ? 0 : db_column_int64(st, c + 14);
        copy(m.proposed_by, sizeof(m.proposed_by), db_column_text(st, c + 18));
        m.proposed_on = db_column_date(st, c + 19);
        m.effective_from = db_column_date(st, c + 20);
        copy(m.decided_by, sizeof(m.decided_by), db_column_text(st, c + 21));
        m.decided_on = db_column_date(st, c + 22);
        copy(m.lifted_by, sizeof(m.lifted_by), db_column_text(st, c + 24));
        m.lifted_on = db_column_date(st, c + 25);
        m.finished_on = db_column_date(st, c + 27);
        if (texts) {
                struct {
                        char **slot;
                        int col;
                } t[] = {{&m.reason, 10}, {&m.major_risk, 15},      {&m.explanation, 16},
                         {&m.inputs, 17}, {&m.decision_reason, 23}, {&m.lift_reason, 26}};
                for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
                        if (m3_control_set(t[i].slot, db_column_text(st, c + t[i].col)) != GL_OK) {
                                m3_control_clear(&m);
                                return GL_ENOMEM;
                        }
        }
        m3_control_clear(out);
        *out = m;
        return GL_OK;
}

static const char *text_or(const char *t, const char *dflt)
{
        return t ? t : dflt;
}

/* Binds every column as $1..$28 in CONTROL_COLUMNS order. */
static int bind_all(db_stmt *st, const struct m3_control *m)
{
        int rc = db_bind_int64(st, 1, m->case_id);
        const char *texts[] = {m->unit_kind, m->uscc};
        for (int i = 0; rc == GL_OK && i < 2; i++)
                rc = db_bind_text(st, 2 + i, texts[i]);
        if (rc == GL_OK)
                rc = db_bind_int64_or_null(st, 4, m->site_id > 0, m->site_id);
        const char *more[] = {m->unit_name, m->township, m->kind, m->other_kind};
        for (int i = 0; rc == GL_OK && i < 4; i++)
                rc = db_bind_text(st, 5 + i, more[i]);
        if (rc == GL_OK)
                rc = db_bind_date(st, 9, m->starts_on);
        if (rc == GL_OK)
                rc = db_bind_date(st, 10, m->ends_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 11, text_or(m->reason, ""));
        const char *decision[] = {m->outcome, m->ground, m->exception};
        for (int i = 0; rc == GL_OK && i < 3; i++)
                rc = db_bind_text(st, 12 + i, decision[i]);
        if (rc == GL_OK)
                rc = db_bind_int64_or_null(st, 15, m->malicious_case > 0, m->malicious_case);
        if (rc == GL_OK)
                rc = db_bind_text(st, 16, text_or(m->major_risk, ""));
        if (rc == GL_OK)
                rc = db_bind_text(st, 17, text_or(m->explanation, "[]"));
        if (rc == GL_OK)
                rc = db_bind_text(st, 18, text_or(m->inputs, "{}"));
        if (rc == GL_OK)
                rc = db_bind_text(st, 19, m->proposed_by);
        if (rc == GL_OK)
                rc = db_bind_date(st, 20, m->proposed_on);
        if (rc == GL_OK)
                rc = db_bind_date(st, 21, m->effective_from);
        if (rc == GL_OK)
                rc = db_bind_text_or_null(st, 22, m->decided_by);
        if (rc == GL_OK)
                rc = db_bind_date(st, 23, m->decided_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 24, text_or(m->decision_reason, ""));
        if (rc == GL_OK)
                rc = db_bind_text_or_null(st, 25, m->lifted_by);
        if (rc == GL_OK)
                rc = db_bind_date(st, 26, m->lifted_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 27, text_or(m->lift_reason, ""));
        if (rc == GL_OK)
                rc = db_bind_date(st, 28, m->finished_on);
        return rc;
}

static int write_control(db *conn, const char *sql, const struct m3_control *m)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        rc = bind_all(st, m);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_done(st);
}

int control_store_insert(db *conn, const struct m3_control *m)
{
        return write_control(conn,
                             "INSERT INTO m3_controls (" CONTROL_COLUMNS
                             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                             "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
                             "$27, $28)",
                             m);
}

int control_store_update(db *conn, const struct m3_control *m)
{
        return write_control(
            conn,
            "UPDATE m3_controls SET unit_kind = $2, uscc = $3, site_id = $4, unit_name = $5, "
            "township = $6, kind = $7, other_kind = $8, starts_on = $9, ends_on = $10, reason = "
            "$11, outcome = $12, ground = $13, exception = $14, malicious_case = $15, major_risk = "
            "$16, explanation = $17, inputs = $18, proposed_by = $19, proposed_on = $20, "
            "effective_from = $21, decided_by = $22, decided_on = $23, decision_reason = $24, "
            "lifted_by = $25, lifted_on = $26, lift_reason = $27, finished_on = $28 WHERE case_id "
            "= $1",
            m);
}

int control_store_get(db *conn, int64_t case_id, struct m3_control *out)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT " CONTROL_COLUMNS " FROM m3_controls WHERE case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, case_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                rc = s == DB_ROW    ? read_control(st, 0, true, out)
                     : s == DB_DONE ? GL_ENOTFOUND
                                    : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int control_store_list(db *conn, const char *uscc, const char *state,
                       int (*fn)(const struct m3_control_row *r, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "SELECT c.id, c.procedure, c.state, c.open, COALESCE(c.uscc, ''), "
            "COALESCE(c.compartment, ''), c.version, c.opened_on, m.case_id, m.unit_kind, m.uscc, "
            "m.site_id, m.unit_name, m.township, m.kind, m.other_kind, m.starts_on, m.ends_on, "
            "NULL, m.outcome, m.ground, m.exception, m.malicious_case, NULL, NULL, NULL, "
            "m.proposed_by, m.proposed_on, m.effective_from, m.decided_by, m.decided_on, NULL, "
            "m.lifted_by, m.lifted_on, NULL, m.finished_on, c.division FROM m3_controls m JOIN "
            "cases c "
            "ON c.id "
            "= m.case_id WHERE ($1 IS NULL OR m.uscc = $1) AND ($2 IS NULL OR c.state = $2) ORDER "
            "BY c.id",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text_or_null(st, 1, uscc);
        db_bind_text_or_null(st, 2, state);
        while ((rc = db_step(st)) == DB_ROW) {
                struct m3_control_row r;
                memset(&r, 0, sizeof(r));
                r.case_id = db_column_int64(st, 0);
                copy(r.procedure, sizeof(r.procedure), db_column_text(st, 1));
                copy(r.state, sizeof(r.state), db_column_text(st, 2));
                r.open = db_column_int64(st, 3) != 0;
                copy(r.case_uscc, sizeof(r.case_uscc), db_column_text(st, 4));
                copy(r.compartment, sizeof(r.compartment), db_column_text(st, 5));
                r.version = db_column_int64(st, 6);
                r.opened_on = db_column_date(st, 7);
                m3_control_init(&r.m);
                read_control(st, 8, false, &r.m);
                copy(r.division, sizeof(r.division), db_column_text(st, 36));
                if ((rc = fn(&r, ctx)) != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int control_store_site(db *conn, int64_t id, struct m3_site *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, project, builder_uscc, builder_name, township, status, "
                            "listed, division FROM sites WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW) {
                        memset(out, 0, sizeof(*out));
                        out->id = db_column_int64(st, 0);
                        copy(out->project, sizeof(out->project), db_column_text(st, 1));
                        copy(out->builder_uscc, sizeof(out->builder_uscc), db_column_text(st, 2));
                        copy(out->builder_name, sizeof(out->builder_name), db_column_text(st, 3));
                        copy(out->township, sizeof(out->township), db_column_text(st, 4));
                        out->under_construction =
                            strcmp(db_column_text(st, 5), "under_construction") == 0;
                        out->listed = db_column_int64(st, 6) != 0;
                        copy(out->division, sizeof(out->division), db_column_text(st, 7));
                }
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int control_store_m2_case(db *conn, int64_t id, struct m3_m2_case *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT c.id, m.case_number, m.party_uscc, m.malicious, c.open, "
                            "m.outcome FROM cases c JOIN m2_cases m ON m.case_id = c.id WHERE c.id "
                            "= $1 AND c.procedure = 'm2.enforcement'",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW) {
                        memset(out, 0, sizeof(*out));
                        out->id = db_column_int64(st, 0);
                        copy(out->case_number, sizeof(out->case_number), db_column_text(st, 1));
                        copy(out->party_uscc, sizeof(out->party_uscc), db_column_text(st, 2));
                        out->malicious = db_column_int64(st, 3) != 0;
                        out->open = db_column_int64(st, 4) != 0;
                        copy(out->outcome, sizeof(out->outcome), db_column_text(st, 5));
                }
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int control_store_first_malicious(db *conn, int64_t *id)
{
        *id = 0;
        int64_t v = 0;
        int rc = db_query_int64(conn,
                                "SELECT COALESCE(MIN(case_id), 0) FROM m2_cases WHERE malicious = "
                                "1 AND outcome = 'referred'",
                                &v);
        if (rc == GL_OK)
                *id = v;
        return rc;
}

/*
 * SQL of enforcement_store.h: one column list (M2_COLUMNS) read by one function (read_row).
 */
#include "enforcement_store.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define M2_COLUMNS                                                                                 \
        "case_id, case_number, party_uscc, party_name, legal_representative, address, "            \
        "violation_type, found_on, officers, facts, findings, harm, minor, no_fault, malicious, "  \
        "major_risk, prior_recorded, prior_case, legal_basis, correction, correction_mode, "       \
        "correct_by, order_number, ordered_on, committed_on, correction_status, corrected_on, "    \
        "proposal, ground, in_window, explanation, outcome, outcome_reason"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

void m2_case_init(struct m2_case *m)
{
        memset(m, 0, sizeof(*m));
        m->found_on = m->correct_by = m->ordered_on = m->committed_on = m->corrected_on =
            GL_DATE_NONE;
}

void m2_case_clear(struct m2_case *m)
{
        free(m->legal_representative);
        free(m->address);
        free(m->officers);
        free(m->facts);
        free(m->findings);
        free(m->legal_basis);
        free(m->correction);
        free(m->explanation);
        free(m->outcome_reason);
        m2_case_init(m);
}

int m2_case_set(char **slot, const char *text)
{
        char *copy_of = strdup(text ? text : "");
        if (copy_of == NULL)
                return GL_ENOMEM;
        free(*slot);
        *slot = copy_of;
        return GL_OK;
}

static const char *opt_text(const char *s)
{
        return s && s[0] ? s : NULL;
}

static int read_row(db_stmt *st, struct m2_case *out)
{
        struct m2_case m;
        m2_case_init(&m);
        m.case_id = db_column_int64(st, 0);
        copy(m.case_number, sizeof(m.case_number), db_column_text(st, 1));
        copy(m.party_uscc, sizeof(m.party_uscc), db_column_text(st, 2));
        copy(m.party_name, sizeof(m.party_name), db_column_text(st, 3));
        copy(m.violation_type, sizeof(m.violation_type), db_column_text(st, 6));
        m.found_on = db_column_date(st, 7);
        copy(m.harm, sizeof(m.harm), db_column_text(st, 11));
        m.minor = db_column_int64(st, 12) != 0;
        m.no_fault = db_column_int64(st, 13) != 0;
        m.malicious = db_column_int64(st, 14) != 0;
        m.major_risk = db_column_int64(st, 15) != 0;
        m.prior_recorded = db_column_int64(st, 16) != 0;
        m.prior_case = db_column_is_null(st, 17) ? 0 : db_column_int64(st, 17);
        copy(m.correction_mode, sizeof(m.correction_mode), db_column_text(st, 20));
        m.correct_by = db_column_date(st, 21);
        copy(m.order_number, sizeof(m.order_number), db_column_text(st, 22));
        m.ordered_on = db_column_date(st, 23);
        m.committed_on = db_column_date(st, 24);
        copy(m.correction_status, sizeof(m.correction_status), db_column_text(st, 25));
        m.corrected_on = db_column_date(st, 26);
        copy(m.proposal, sizeof(m.proposal), db_column_text(st, 27));
        copy(m.ground, sizeof(m.ground), db_column_text(st, 28));
        m.in_window = db_column_int64(st, 29) != 0;
        copy(m.outcome, sizeof(m.outcome), db_column_text(st, 31));
        if (m2_case_set(&m.legal_representative, db_column_text(st, 4)) != GL_OK ||
            m2_case_set(&m.address, db_column_text(st, 5)) != GL_OK ||
            m2_case_set(&m.officers, db_column_text(st, 8)) != GL_OK ||
            m2_case_set(&m.facts, db_column_text(st, 9)) != GL_OK ||
            m2_case_set(&m.findings, db_column_text(st, 10)) != GL_OK ||
            m2_case_set(&m.legal_basis, db_column_text(st, 18)) != GL_OK ||
            m2_case_set(&m.correction, db_column_text(st, 19)) != GL_OK ||
            m2_case_set(&m.explanation, db_column_text(st, 30)) != GL_OK ||
            m2_case_set(&m.outcome_reason, db_column_text(st, 32)) != GL_OK) {
                m2_case_clear(&m);
                return GL_ENOMEM;
        }
        m2_case_clear(out);
        *out = m;
        return GL_OK;
}

/* Binds every column but case_id as $2..$33 in M2_COLUMNS order, case_id as $1. */
static int bind_all(db_stmt *st, const struct m2_case *m)
{
        int rc = db_bind_int64(st, 1, m->case_id);
        const char *texts[] = {m->case_number,          m->party_uscc, m->party_name,
                               m->legal_representative, m->address,    m->violation_type};
        for (int i = 0; rc == GL_OK && i < 6; i++)
                rc = db_bind_text(st, 2 + i, texts[i] ? texts[i] : "");
        if (rc == GL_OK)
                rc = db_bind_date(st, 8, m->found_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 9, m->officers ? m->officers : "");
        if (rc == GL_OK)
                rc = db_bind_text(st, 10, m->facts ? m->facts : "");
        if (rc == GL_OK)
                rc = db_bind_text(st, 11, m->findings ? m->findings : "");
        if (rc == GL_OK)
                rc = db_bind_text(st, 12, m->harm);
        const bool flags[] = {m->minor, m->no_fault, m->malicious, m->major_risk,
                              m->prior_recorded};
        for (int i = 0; rc == GL_OK && i < 5; i++)
                rc = db_bind_int64(st, 13 + i, flags[i] ? 1 : 0);
        if (rc == GL_OK)
                rc = db_bind_int64_or_null(st, 18, m->prior_case != 0, m->prior_case);
        if (rc == GL_OK)
                rc = db_bind_text(st, 19, m->legal_basis ? m->legal_basis : "");
        if (rc == GL_OK)
                rc = db_bind_text(st, 20, m->correction ? m->correction : "");
        if (rc == GL_OK)
                rc = db_bind_text_or_null(st, 21, opt_text(m->correction_mode));
        if (rc == GL_OK)
                rc = db_bind_date(st, 22, m->correct_by);
        if (rc == GL_OK)
                rc = db_bind_text_or_null(st, 23, opt_text(m->order_number));
        if (rc == GL_OK)
                rc = db_bind_date(st, 24, m->ordered_on);
        if (rc == GL_OK)
                rc = db_bind_date(st, 25, m->committed_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 26,
                                  m->correction_status[0] ? m->correction_status : "pending");
        if (rc == GL_OK)
                rc = db_bind_date(st, 27, m->corrected_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, 28, m->proposal[0] ? m->proposal : "pending");
        if (rc == GL_OK)
                rc = db_bind_text(st, 29, m->ground);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 30, m->in_window ? 1 : 0);
        if (rc == GL_OK)
                rc = db_bind_text(st, 31, m->explanation ? m->explanation : "[]");
        if (rc == GL_OK)
                rc = db_bind_text(st, 32, m->outcome);
        if (rc == GL_OK)
                rc = db_bind_text(st, 33, m->outcome_reason ? m->outcome_reason : "");
        return rc;
}

/* Runs sql, an INSERT or UPDATE of every column bound by bind_all. */
static int write_row(db *conn, const char *sql, const struct m2_case *m)
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

int enforcement_store_insert(db *conn, const struct m2_case *m)
{
        return write_row(conn,
                         "INSERT INTO m2_cases (" M2_COLUMNS
                         ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, "
                         "$14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, "
                         "$27, $28, $29, $30, $31, $32, $33)",
                         m);
}

int enforcement_store_update(db *conn, const struct m2_case *m)
{
        return write_row(
            conn,
            "UPDATE m2_cases SET case_number = $2, party_uscc = $3, party_name = $4, "
            "legal_representative = $5, address = $6, violation_type = $7, found_on = $8, "
            "officers = $9, facts = $10, findings = $11, harm = $12, minor = $13, no_fault = $14, "
            "malicious = $15, major_risk = $16, prior_recorded = $17, prior_case = $18, "
            "legal_basis = $19, correction = $20, correction_mode = $21, correct_by = $22, "
            "order_number = $23, ordered_on = $24, committed_on = $25, correction_status = $26, "
            "corrected_on = $27, proposal = $28, ground = $29, in_window = $30, explanation = $31, "
            "outcome = $32, outcome_reason = $33 WHERE case_id = $1",
            m);
}

int enforcement_store_get(db *conn, int64_t case_id, struct m2_case *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " M2_COLUMNS " FROM m2_cases WHERE case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, case_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                rc = s == DB_ROW ? read_row(st, out) : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int enforcement_store_next_number(db *conn, const char *kind, const char *pack_id, int year,
                                  int64_t case_id, int64_t *seq)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m2_numbers (kind, pack_id, year, seq, case_id) SELECT $1, "
                            "$4, $2, COALESCE(MAX(seq), 0) + 1, $3 FROM m2_numbers WHERE kind = $1 "
                            "AND pack_id = $4 AND year = $2 RETURNING seq",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, kind);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 2, year);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 3, case_id);
        if (rc == GL_OK)
                rc = db_bind_text(st, 4, pack_id);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_int64(st, seq);
}

int enforcement_store_prior(db *conn, const char *party_uscc, const char *violation_type,
                            gl_date from, gl_date to, int64_t case_id, int64_t *prior)
{
        db_stmt *st = NULL;
        *prior = 0;
        int rc = db_prepare(conn,
                            "SELECT case_id FROM m2_cases WHERE party_uscc = $1 AND "
                            "violation_type = $2 AND found_on >= $3 AND (found_on < $4 OR "
                            "(found_on = $4 AND case_id < $5)) AND case_id <> $5 ORDER BY "
                            "found_on DESC, case_id DESC LIMIT 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, party_uscc);
        if (rc == GL_OK)
                rc = db_bind_text(st, 2, violation_type);
        if (rc == GL_OK)
                rc = db_bind_date(st, 3, from);
        if (rc == GL_OK)
                rc = db_bind_date(st, 4, to);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 5, case_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        *prior = db_column_int64(st, 0);
                else if (s != DB_DONE)
                        rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int enforcement_store_proposal(db *conn, int64_t case_id, char *out, size_t size)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT proposal FROM m2_cases WHERE case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_int64(st, 1, case_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        copy(out, size, db_column_text(st, 0));
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

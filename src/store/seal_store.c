/*
 * SQL of the seals (store/seal_store.h). A case, a user, an average and a supply-chain link (with
 * its help targets) are sealed in audit_seals; an enterprise and a year's figures, which an import
 * writes by the million, in their own row's seal column ("AUDIT_ID:MAC"), beside a sealed count of
 * the rows in audit_seals (entity_type "rows").
 */
#include "seal_store.h"

#include "enterprise_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 20

struct kind_sql {
        const char *name;
        bool int_id;   /* the id binds as an integer */
        bool two_keys; /* the id is KEY:YEAR, bound as $1 and $2 */
        const char *ids;
        const char *orphans; /* sealed in audit_seals */
        /* Sealed in its own row: the statement writing the seal ($1[, $2] the id, then the
         * seal), every row's seal and state in order, the count. */
        const char *write;
        const char *scan;
        const char *count;
        const char *parts[MAX_PARTS]; /* the state: the row, then what belongs to it */
};

static const struct kind_sql kinds[SEAL_KINDS_] = {
    [SEAL_CASE] =
        {"case",
         true,
         false,
         "SELECT id FROM cases ORDER BY id",
         "SELECT entity_id FROM audit_seals WHERE entity_type = 'case' AND NOT EXISTS (SELECT 1 "
         "FROM cases c WHERE c.id = CAST(audit_seals.entity_id AS INTEGER)) ORDER BY entity_id",
         NULL,
         NULL,
         NULL,
         {"SELECT id, procedure, uscc, subject_name, state, open, compartment, opened_on, "
          "closed_on, pack_id, pack_version, data, version FROM cases WHERE id = $1",
          "SELECT id, action, from_state, to_state, actor, actor_role, on_date, reason, fields "
          "FROM case_steps WHERE case_id = $1 ORDER BY id",
          "SELECT id, kind, outcome, findings, reviewed_by, reviewer_role, reviewed_on FROM "
          "case_reviews WHERE case_id = $1 ORDER BY id",
          "SELECT id, name, file_name, size, digest FROM case_documents WHERE case_id = $1 "
          "ORDER BY id",
          "SELECT id, kind, rule, length, param, started_by, started_on, original_due, due, "
          "latest_due, provisional, status, suspended_on, suspended_days, ended_on, ended_by "
          "FROM case_deadlines WHERE case_id = $1 ORDER BY id",
          "SELECT year, grade_from, grade_sought, tier, grace_months, metrics, "
          "county_decided_by, county_decided_on, decided_by, decided_on, closed_by, closed_on "
          "FROM m1_declarations WHERE case_id = $1",
          "SELECT id, uscc, from_grade, to_grade, kind, on_date, grace_deadline, decided_by FROM "
          "grade_history WHERE case_id = $1 ORDER BY id",
          "SELECT case_number, party_uscc, party_name, legal_representative, address, "
          "violation_type, found_on, officers, facts, findings, harm, minor, no_fault, malicious, "
          "major_risk, prior_recorded, prior_case, legal_basis, correction, correction_mode, "
          "correct_by, order_number, ordered_on, committed_on, correction_status, corrected_on, "
          "proposal, ground, in_window, explanation, outcome, outcome_reason FROM m2_cases WHERE "
          "case_id = $1",
          "SELECT kind, year, seq FROM m2_numbers WHERE case_id = $1 ORDER BY kind, year, seq",
          "SELECT uscc, leader, planned_on, team, purpose, visited_on, deliveries, problems, "
          "advice, follow_up, helped, feedback, feedback_on, note FROM m5_visits WHERE case_id = "
          "$1",
          "SELECT unit_kind, uscc, site_id, unit_name, township, kind, other_kind, starts_on, "
          "ends_on, reason, outcome, ground, exception, malicious_case FROM m3_controls WHERE "
          "case_id = $1",
          "SELECT major_risk, explanation, inputs, proposed_by, proposed_on, effective_from, "
          "decided_by, decided_on, decision_reason, lifted_by, lifted_on, lift_reason, "
          "finished_on FROM m3_controls WHERE case_id = $1",
          /* Measure 8 (0018): the units a case is addressed to, a part of its own that cases
           * addressed to none do not have; the application and its objections. */
          "SELECT department, township FROM cases WHERE id = $1 AND (department <> '' OR "
          "township <> '')",
          "SELECT site_id, department, township, category, applied_on, published_on, "
          "publication_due, listed_on, closed_on, outcome, current FROM m8_applications WHERE "
          "case_id = $1",
          "SELECT id, received_on, objector, content, recorded_by, status, decided_on, "
          "decided_by, decision FROM m8_objections WHERE case_id = $1 ORDER BY id",
          /* The county a case belongs to (0023): cases opened before it have none. */
          "SELECT division FROM cases WHERE id = $1 AND division <> ''"}},
    [SEAL_USER] = {"user",
                   false,
                   false,
                   "SELECT username FROM users ORDER BY username",
                   "SELECT entity_id FROM audit_seals WHERE entity_type = 'user' AND NOT EXISTS "
                   "(SELECT 1 FROM users u WHERE u.username = audit_seals.entity_id) ORDER BY "
                   "entity_id",
                   NULL,
                   NULL,
                   NULL,
                   {"SELECT id, username, role, uscc, department, password_hash, disabled, "
                    "display_name FROM users WHERE username = $1",
                    /* A township officer's township (0018): a part of its own, which users
                     * bound to none do not have, so that their seals stay as they were. */
                    "SELECT township FROM users WHERE username = $1 AND township IS NOT NULL "
                    "AND township <> ''",
                    /* The jurisdiction (0023), likewise a part of its own: users added before
                     * it have none. */
                    "SELECT division FROM users WHERE username = $1 AND division <> ''"}},
    [SEAL_AVERAGE] = {"average",
                      false,
                      true,
                      "SELECT industry || ':' || year FROM incentive_averages ORDER BY industry, "
                      "year",
                      "SELECT entity_id FROM audit_seals WHERE entity_type = 'average' AND NOT "
                      "EXISTS (SELECT 1 FROM incentive_averages a WHERE a.industry || ':' || "
                      "a.year = audit_seals.entity_id) ORDER BY entity_id",
                      NULL,
                      NULL,
                      NULL,
                      {"SELECT industry, year, tax_per_tonne_micro_yuan, rd_share_micro_percent "
                       "FROM incentive_averages WHERE industry = $1 AND year = $2"}},
    [SEAL_ENTERPRISE] = {"enterprise",
                         false,
                         false,
                         "SELECT uscc FROM enterprises ORDER BY uscc",
                         NULL,
                         "UPDATE enterprises SET seal = $2 WHERE uscc = $1",
                         "SELECT seal, uscc, " ENTERPRISE_SEALED_COLUMNS
                         " FROM enterprises ORDER BY uscc",
                         "SELECT COUNT(*) FROM enterprises",
                         {"SELECT " ENTERPRISE_SEALED_COLUMNS " FROM enterprises WHERE uscc = $1"}},
    [SEAL_ANNUAL] = {"annual",
                     false,
                     true,
                     "SELECT uscc || ':' || year FROM annual_figures ORDER BY uscc, year",
                     NULL,
                     "UPDATE annual_figures SET seal = $3 WHERE uscc = $1 AND year = $2",
                     "SELECT seal, uscc || ':' || year, " ANNUAL_SEALED_COLUMNS
                     " FROM annual_figures ORDER BY uscc, year",
                     "SELECT COUNT(*) FROM annual_figures",
                     {"SELECT " ANNUAL_SEALED_COLUMNS
                      " FROM annual_figures WHERE uscc = $1 AND year = $2"}},
    [SEAL_SUPPLY] =
        {"supply_link",
         true,
         false,
         "SELECT id FROM supply_links ORDER BY id",
         "SELECT entity_id FROM audit_seals WHERE entity_type = 'supply_link' AND NOT EXISTS "
         "(SELECT 1 FROM supply_links l WHERE l.id = CAST(audit_seals.entity_id AS INTEGER)) "
         "ORDER BY entity_id",
         NULL,
         NULL,
         NULL,
         {"SELECT id, uscc, direction, partner_uscc, partner_name, partner_grade, "
          "partner_positive_list, product, product_key, created_by, created_on, created_at, "
          "ended_by, ended_on, ended_at, end_reason FROM supply_links WHERE id = $1",
          "SELECT id, target, status, visit_case_id, created_by, created_on, created_at, "
          "closed_by, closed_on, closed_at, close_note FROM supply_help_targets WHERE link_id = "
          "$1 ORDER BY id"}},
    [SEAL_EXPERT] = {"expert",
                     true,
                     false,
                     "SELECT id FROM m5_experts ORDER BY id",
                     "SELECT entity_id FROM audit_seals WHERE entity_type = 'expert' AND NOT "
                     "EXISTS (SELECT 1 FROM m5_experts x WHERE x.id = CAST(audit_seals.entity_id "
                     "AS INTEGER)) ORDER BY entity_id",
                     NULL,
                     NULL,
                     NULL,
                     {"SELECT id, name, unit, specialities, phone, active, created_by FROM "
                      "m5_experts WHERE id = $1"}},
    [SEAL_SITE] =
        {"site",
         true,
         false,
         "SELECT id FROM sites ORDER BY id",
         "SELECT entity_id FROM audit_seals WHERE entity_type = 'site' AND NOT EXISTS (SELECT 1 "
         "FROM sites s WHERE s.id = CAST(audit_seals.entity_id AS INTEGER)) ORDER BY entity_id",
         NULL,
         NULL,
         NULL,
         {"SELECT id, project, category, builder_uscc, builder_name, township, department, "
          "address, started_on, finished_on, earthwork_m2, dust_control, dust_checked_on, "
          "status, listed, listed_on, removed_on, removed_reason, created_by, created_at, "
          "version FROM sites WHERE id = $1",
          "SELECT id, inspected_on, reason, unit, inspector, inspector_role, listed, "
          "dust_result, note, case_id FROM site_inspections WHERE site_id = $1 ORDER BY id",
          "SELECT id, changed_on, field, old_value, new_value, reason, changed_by, case_id FROM "
          "site_changes WHERE site_id = $1 ORDER BY id",
          /* The county a site is in (0023): sites registered before it have none. */
          "SELECT division FROM sites WHERE id = $1 AND division <> ''"}},
};

struct seal_store {
        db *conn;
        db_stmt *parts[SEAL_KINDS_][MAX_PARTS];
        db_stmt *write[SEAL_KINDS_];
        db_stmt *put;
        db_stmt *get;
        db_stmt *newest;
        db_stmt *grade;
};

const char *seal_kind_name(enum seal_kind k)
{
        return kinds[k].name;
}

bool seal_kind_in_row(enum seal_kind k)
{
        return kinds[k].write != NULL;
}

bool seal_kind_one_part(enum seal_kind k)
{
        return kinds[k].parts[1] == NULL;
}

struct seal_store *seal_store_new(db *conn)
{
        struct seal_store *s = calloc(1, sizeof(*s));
        if (s)
                s->conn = conn;
        return s;
}

void seal_store_free(struct seal_store *s)
{
        if (s == NULL)
                return;
        for (size_t k = 0; k < SEAL_KINDS_; k++) {
                for (size_t p = 0; p < MAX_PARTS; p++)
                        db_finalize(s->parts[k][p]);
                db_finalize(s->write[k]);
        }
        db_finalize(s->put);
        db_finalize(s->get);
        db_finalize(s->newest);
        db_finalize(s->grade);
        free(s);
}

/* A statement of the store, prepared on first use and reset for the next. */
static int cached(struct seal_store *s, db_stmt **slot, const char *sql, db_stmt **out)
{
        int rc = *slot ? GL_OK : db_prepare(s->conn, sql, slot);
        if (rc == GL_OK)
                db_reset(*slot);
        *out = *slot;
        return rc;
}

/* Steps a statement that writes; leaves it reset. */
static int step_write(db_stmt *st)
{
        int rc = db_step(st);
        db_reset(st);
        return rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

static int bind_id(const struct kind_sql *k, db_stmt *st, const char *id)
{
        if (k->int_id)
                return db_bind_int64(st, 1, strtoll(id, NULL, 10));
        if (!k->two_keys)
                return db_bind_text(st, 1, id);
        const char *colon = strrchr(id, ':');
        char key[64];
        snprintf(key, sizeof(key), "%.*s", colon ? (int)(colon - id) : (int)strlen(id), id);
        int rc = db_bind_text(st, 1, key);
        return rc != GL_OK ? rc : db_bind_int64(st, 2, colon ? strtoll(colon + 1, NULL, 10) : 0);
}

int seal_store_state(struct seal_store *s, enum seal_kind kind, const char *id, seal_row_fn fn,
                     void *ctx, bool *exists)
{
        const struct kind_sql *k = &kinds[kind];
        *exists = false;
        for (size_t p = 0; p < MAX_PARTS && k->parts[p]; p++) {
                db_stmt *st;
                int rc = cached(s, &s->parts[kind][p], k->parts[p], &st);
                if (rc == GL_OK)
                        rc = bind_id(k, st, id);
                while (rc == GL_OK && (rc = db_step(st)) == DB_ROW) {
                        const char *values[SEAL_MAX_VALUES];
                        *exists = true;
                        if (db_column_count(st) > SEAL_MAX_VALUES) {
                                fprintf(stderr, "%s: a row of %s has %d columns, over %d\n",
                                        __func__, k->name, db_column_count(st), SEAL_MAX_VALUES);
                                rc = GL_EDB; /* never a MAC of part of a row */
                                break;
                        }
                        int n = db_row_texts(st, 0, values, SEAL_MAX_VALUES);
                        rc = fn(ctx, p, values, n);
                }
                db_reset(st);
                if (rc != GL_OK) /* DB_DONE is GL_OK */
                        return rc;
                if (!*exists)
                        return GL_OK; /* no row, so nothing belongs to it */
        }
        return GL_OK;
}

/* Writes audit_seals' row (type, id); row_count < 0 for none. */
static int upsert(struct seal_store *s, const char *type, const char *id, int64_t audit_id,
                  const char *mac, int64_t row_count)
{
        db_stmt *st;
        int rc = cached(s, &s->put,
                        "INSERT INTO audit_seals (entity_type, entity_id, audit_id, mac, "
                        "row_count, format) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT "
                        "(entity_type, entity_id) DO UPDATE SET audit_id = excluded.audit_id, "
                        "mac = excluded.mac, row_count = excluded.row_count, format = "
                        "excluded.format",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, type);
        db_bind_text(st, 2, id);
        db_bind_int64(st, 3, audit_id);
        db_bind_text(st, 4, mac);
        db_bind_int64_or_null(st, 5, row_count >= 0, row_count);
        db_bind_int64(st, 6, SEAL_FORMAT);
        return step_write(st);
}

void seal_store_format(int64_t audit_id, const char *mac, char *out, size_t size)
{
        char num[24];
        size_t n = gl_format_i64(audit_id, num);
        size_t m = strlen(mac);
        if (size < n + m + 2) {
                snprintf(out, size, "%s:%s", num, mac); /* truncated as snprintf would */
                return;
        }
        memcpy(out, num, n);
        out[n] = ':';
        memcpy(out + n + 1, mac, m + 1);
}

int seal_store_put(struct seal_store *s, enum seal_kind kind, const char *id, int64_t audit_id,
                   const char *mac)
{
        const struct kind_sql *k = &kinds[kind];
        db_stmt *st;
        int rc;
        if (k->write) {
                char seal[160];
                seal_store_format(audit_id, mac, seal, sizeof(seal));
                if ((rc = cached(s, &s->write[kind], k->write, &st)) == GL_OK &&
                    (rc = bind_id(k, st, id)) == GL_OK)
                        rc = db_bind_text(st, k->two_keys ? 3 : 2, seal);
                return rc == GL_OK ? step_write(st) : rc;
        }
        return upsert(s, k->name, id, audit_id, mac, -1);
}

/* Reads audit_id, mac (and row_count) of audit_seals' row (type, id). */
static int get_row(db_stmt *st, const char *type, const char *id, int64_t *audit_id, char mac[129],
                   int64_t *n, int *format)
{
        db_bind_text(st, 1, type);
        db_bind_text(st, 2, id);
        int rc = db_step(st);
        if (rc == DB_ROW) {
                *audit_id = db_column_int64(st, 0);
                snprintf(mac, 129, "%s", db_column_text(st, 1));
                if (n)
                        *n = db_column_int64(st, 2);
                if (format)
                        *format = (int)db_column_int64(st, 3);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_reset(st);
        return rc;
}

static const char get_sql[] =
    "SELECT audit_id, mac, row_count, format FROM audit_seals WHERE entity_type = $1 AND "
    "entity_id = $2";

int seal_store_get(struct seal_store *s, enum seal_kind k, const char *id, int64_t *audit_id,
                   char mac[129], int *format)
{
        db_stmt *st;
        int rc = cached(s, &s->get, get_sql, &st);
        return rc == GL_OK ? get_row(st, kinds[k].name, id, audit_id, mac, NULL, format) : rc;
}

int seal_store_delete(struct seal_store *s, enum seal_kind k, const char *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            s->conn, "DELETE FROM audit_seals WHERE entity_type = $1 AND entity_id = $2", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, kinds[k].name);
        db_bind_text(st, 2, id);
        return db_step_done(st); /* finalizes it */
}

/* Calls fn with the first column of each row of sql. */
static int each_id(db *conn, const char *sql, int (*fn)(void *ctx, const char *id), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        while (rc == GL_OK && (rc = db_step(st)) == DB_ROW)
                rc = fn(ctx, db_column_text(st, 0));
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int seal_store_ids(db *conn, enum seal_kind k, int (*fn)(void *ctx, const char *id), void *ctx)
{
        return each_id(conn, kinds[k].ids, fn, ctx);
}

int seal_store_orphans(db *conn, enum seal_kind k, int (*fn)(void *ctx, const char *id), void *ctx)
{
        return kinds[k].orphans ? each_id(conn, kinds[k].orphans, fn, ctx) : GL_OK;
}

int seal_store_scan(db *conn, enum seal_kind k,
                    int (*fn)(void *ctx, const char *id, int64_t audit_id, const char *mac,
                              const char *const *values, int n),
                    void *ctx)
{
        if (kinds[k].scan == NULL)
                return GL_OK;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, kinds[k].scan, &st);
        while (rc == GL_OK && (rc = db_step(st)) == DB_ROW) {
                /* The seal "AUDIT_ID:MAC"; anything else reads as none. */
                const char *seal = db_column_is_null(st, 0) ? "" : db_column_text(st, 0);
                char *end = NULL;
                long long audit_id = strtoll(seal, &end, 10);
                const char *mac = end != seal && *end == ':' ? end + 1 : "";
                const char *values[SEAL_MAX_VALUES];
                int n = db_row_texts(st, 2, values, SEAL_MAX_VALUES);
                rc = fn(ctx, db_column_text(st, 1), mac[0] ? audit_id : 0, mac, values, n);
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int seal_store_count(db *conn, enum seal_kind k, int64_t *n)
{
        *n = 0;
        return kinds[k].count ? db_query_int64(conn, kinds[k].count, n) : GL_OK;
}

int seal_store_put_count(struct seal_store *s, enum seal_kind k, int64_t audit_id, const char *mac,
                         int64_t n)
{
        return upsert(s, "rows", kinds[k].name, audit_id, mac, n);
}

int seal_store_get_count(db *conn, enum seal_kind k, int64_t *audit_id, char mac[129], int64_t *n)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, get_sql, &st);
        if (rc == GL_OK)
                rc = get_row(st, "rows", kinds[k].name, audit_id, mac, n, NULL);
        db_finalize(st);
        return rc;
}

int seal_store_newest_record(struct seal_store *s, const char *type1, const char *type2,
                             const char *id, int64_t *out)
{
        db_stmt *st;
        int rc = cached(s, &s->newest,
                        "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE entity_id = $3 AND "
                        "(entity_type = $1 OR entity_type = $2)",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, type1);
        db_bind_text(st, 2, type2 ? type2 : type1);
        db_bind_text(st, 3, id);
        rc = db_step(st);
        *out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
        db_reset(st);
        return rc == DB_ROW ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

int seal_store_grade_after(struct seal_store *s, const char *uscc, int64_t audit_id, bool *after)
{
        db_stmt *st;
        int rc = cached(s, &s->grade,
                        "SELECT 1 FROM grade_history h WHERE h.uscc = $1 AND h.kind <> 'formal' "
                        "AND h.created_at > (SELECT a.at FROM audit_log a WHERE a.id = $2) LIMIT 1",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, audit_id);
        rc = db_step(st);
        *after = rc == DB_ROW;
        db_reset(st);
        return rc == DB_ROW || rc == DB_DONE ? GL_OK : (rc < 0 ? rc : GL_EDB);
}

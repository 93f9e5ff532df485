/*
 * Benchmark of the procedure engine: N steps (default 20,000; the first argument overrides, rounded
 * up to a whole number of cases) of measure 1's declaration ("m1.declaration" in the pack) taken
 * through app_case_open and app_case_step on a fresh SQLite database. Each case is walked the
 * whole way it goes when the city refuses: submit (the opening, with one document and the guard
 * m1.may_declare, which assesses the enterprise against every enterprise in scope), approve,
 * preliminary_review, site_verification, reject — five steps, each by the role that takes it.
 * 100 foundry enterprises are written by SQL; the 50 that qualify declare in rounds, one open case
 * each at a time: a round opens 50 cases, then takes each of the next steps on all 50 (steps on
 * many cases interleaved, as an office works), and a rejected case lets its enterprise declare
 * again in the next round.
 *  (a) one step per transaction: the normal call, synchronous=FULL as greenlane runs;
 *  (b) "many": app_case_step opens its own transaction (BEGIN IMMEDIATE) and cannot run inside an
 *      outer one, so (b) is the same steps, still one transaction each, with PRAGMA
 *      synchronous=OFF on the app's connection: the commits no longer wait for the disk, which
 *      leaves what the engine itself costs.
 * Beside each, the baseline: the same rows written in plain SQL by the sqlite3 program on the same
 * database in the same run, from a script this program writes: per step the case's UPDATE (state,
 * version checked, +1) or INSERT, the INSERT of the case_steps row, the deadline row started
 * (submit) or met (approve), the document (submit), the m1_declarations row where the step changes
 * it (submit, approve, reject), the review row (approve and the two city reviews) and an INSERT of
 * the audit record, (a) each step in BEGIN IMMEDIATE/COMMIT, (b) all in one transaction. The texts
 * (self-assessment, explanation, audit details) are the engine's own, copied from its first case
 * (each enterprise's declaration from its first round); the audit record takes the previous
 * record's hash as the engine does, but its digest is a fixed hex string and its hash
 * lower(hex(randomblob(32))): sqlite3 has no BLAKE2b, so its records do not verify. The baseline
 * does none of the engine's reads (the case, its deadlines and steps, the self-assessment) and
 * skips rewriting rows a step leaves unchanged.
 * Order: engine (a), engine (b), the checks (case_steps and audit records written equal the steps
 * asked, every case rejected at version 5, audit_verify over the whole chain), then sqlite3 (a)
 * and (b), whose rows (ids, time stamps and hashes aside) and rows per table must equal the
 * engine's; the baseline runs on a database the engine's runs made larger. Prints the engine's
 * steps per second of each action in (a) and (b), then for each mode seconds and steps per second
 * of both and the time ratio engine/sqlite3. Figures measured here are in docs/procedures.md. With
 * BENCH_KEEP set the directory is kept (case.db and the two scripts) and named.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/app.h"
#include "app/audit.h"
#include "app/case.h"
#include "core/uscc.h"

#define YEAR 2025
#define DECLARING 50     /* enterprises that qualify; a round opens one case for each */
#define PEERS 50         /* enterprises of the same industry that do not qualify */
#define STAGES 5         /* steps per case */
#define DAY "2026-06-01" /* the business day of every step */
/* The time stamp of a row, in SQL, for the printf formats of the script. */
#define NOW_SQL "strftime('%%Y-%%m-%%dT%%H:%%M:%%SZ', 'now')"
#define DIGEST_SQL "'0000000000000000000000000000000000000000000000000000000000000000'"

static const char *const actions[STAGES] = {"submit", "approve", "preliminary_review",
                                            "site_verification", "reject"};
static const enum role roles[STAGES] = {ROLE_ENTERPRISE, ROLE_COUNTY_OFFICER, ROLE_CITY_EXPERT,
                                        ROLE_CITY_OFFICER, ROLE_CITY_OFFICER};
/* No quote in these: the SQL script embeds them as they are. */
static const char *const reasons[STAGES] = {NULL, "材料齐全，同意报市局", "专家组初审：材料齐全",
                                            "现场核查：与申报一致",
                                            "不予晋级：现场核查发现排放台账不全"};
/* The tables a step writes: the column naming the case, and the columns that must come out the
 * same whoever wrote the row (ids, time stamps and hashes left out). */
static const struct {
        const char *name, *key, *content;
} tables[] = {
    {"cases", "id",
     "procedure, uscc, subject_name, state, open, compartment, opened_on, closed_on, pack_id, "
     "pack_version, data, version"},
    {"case_steps", "case_id",
     "action, from_state, to_state, actor, actor_role, on_date, reason, fields"},
    {"case_deadlines", "case_id",
     "kind, rule, length, param, started_by, started_on, original_due, due, latest_due, "
     "provisional, status, suspended_on, suspended_days, ended_on, ended_by"},
    {"case_documents", "case_id", "name, file_name, size, digest, content_base64, added_by"},
    {"case_reviews", "case_id", "kind, outcome, findings, reviewed_by, reviewer_role, reviewed_on"},
    {"m1_declarations", "case_id",
     "year, grade_from, grade_sought, tier, grace_months, metrics, explanation, submitted_by, "
     "received_on, county_decided_by, county_decided_on, county_reason, decided_by, decided_on, "
     "decision_reason, closed_by, closed_on, closed_reason"},
    {"audit_log", "CAST(entity_id AS INTEGER)", "actor, action, entity_type"},
};
#define NTABLES (sizeof(tables) / sizeof(tables[0]))
#define AUDIT_TABLE (NTABLES - 1)

static const unsigned char form_bytes[] = "激励性生态环境绩效分级申报表（基准测试）";
static const struct case_document_input form = {"申报表", "form.pdf", form_bytes,
                                                sizeof(form_bytes) - 1};

static double now_seconds(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void make_uscc(long n, char out[19])
{
        snprintf(out, 19, "91130131M%07ld", n % 10000000);
        out[16] = uscc_org_check_char(out + 8);
        out[17] = '\0';
        out[17] = uscc_check_char(out);
        out[18] = '\0';
}

static int exec_or_say(db *conn, const char *sql)
{
        if (db_exec(conn, sql) == GL_OK)
                return 0;
        fprintf(stderr, "bench_case: %s: %s\n", sql, db_errmsg(conn));
        return -1;
}

/* DECLARING enterprises at tax per tonne 25 fen/g, PEERS at 2.5: the industry's average is 13.75,
 * so the first qualify for the key incentive (ratio 1.82) and the others for none. */
static int write_enterprises(db *conn)
{
        db_stmt *ent = NULL, *fig = NULL;
        int rc = db_begin(conn);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                "INSERT INTO enterprises (uscc, name, industry, grade, updated_at) "
                                "VALUES ($1, $2, 'foundry', 'C', 'bench')",
                                &ent);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                "INSERT INTO annual_figures (uscc, year, tax_fen, so2_g, nox_g, "
                                "pm_g, vocs_g, updated_at) VALUES ($1, $2, $3, 1000000, 1000000, "
                                "1000000, 1000000, 'bench')",
                                &fig);
        for (long i = 0; rc == GL_OK && i < DECLARING + PEERS; i++) {
                char uscc[19], name[64];
                make_uscc(i + 1, uscc);
                snprintf(name, sizeof(name), "平山县第%ld号示例铸造有限公司", i + 1);
                db_bind_text(ent, 1, uscc);
                db_bind_text(ent, 2, name);
                db_bind_text(fig, 1, uscc);
                db_bind_int64(fig, 2, YEAR);
                db_bind_int64(fig, 3, i < DECLARING ? 100000000 : 10000000);
                if (db_step(ent) != DB_DONE || db_step(fig) != DB_DONE)
                        rc = GL_EDB;
                db_reset(ent);
                db_reset(fig);
        }
        db_finalize(ent);
        db_finalize(fig);
        if (rc == GL_OK)
                rc = db_commit(conn);
        if (rc != GL_OK)
                fprintf(stderr, "bench_case: enterprises: %s\n", db_errmsg(conn));
        return rc;
}

static struct actor actor_of(int stage, long enterprise)
{
        struct actor a = {0};
        a.role = roles[stage];
        snprintf(a.name, sizeof(a.name), "bench-%s", role_name(roles[stage]));
        if (a.role == ROLE_ENTERPRISE)
                make_uscc(enterprise + 1, a.uscc);
        return a;
}

/* Step stage of the walk on the case of enterprise i (*id: the case, set by the opening). */
static int take(struct app *app, int stage, long i, int64_t *id, struct gl_error *err)
{
        struct actor who = actor_of(stage, i);
        char year_text[8];
        snprintf(year_text, sizeof(year_text), "%d", YEAR);
        const struct case_field year = {"year", year_text};
        struct case_step_input in = {.action = actions[stage], .reason = reasons[stage]};
        date_parse_iso(DAY, &in.today);
        if (stage > 0)
                return app_case_step(app, &who, *id, &in, err);
        in.fields = &year;
        in.nfields = 1;
        in.docs = &form;
        in.ndocs = 1;
        return app_case_open(app, &who, "m1.declaration", who.uscc, &in, id, err);
}

struct run {
        int64_t first_case, last_case;
        int64_t first_round[DECLARING]; /* the cases of the first round, by enterprise */
        double seconds[STAGES];         /* time spent in each kind of step */
        double total;
};

static int engine_run(struct app *app, long ncases, struct run *out)
{
        int64_t ids[DECLARING];
        struct gl_error err = {0};
        memset(out, 0, sizeof(*out));
        for (long done = 0; done < ncases; done += DECLARING) {
                long n = ncases - done < DECLARING ? ncases - done : DECLARING;
                for (int stage = 0; stage < STAGES; stage++) {
                        double t0 = now_seconds();
                        for (long i = 0; i < n; i++) {
                                if (take(app, stage, i, &ids[i], &err) == GL_OK)
                                        continue;
                                fprintf(stderr, "bench_case: %s (enterprise %ld): %s\n",
                                        actions[stage], i + 1, err.message);
                                return -1;
                        }
                        out->seconds[stage] += now_seconds() - t0;
                }
                if (done == 0) {
                        memcpy(out->first_round, ids, sizeof(ids));
                        out->first_case = ids[0];
                }
                out->last_case = ids[n - 1];
        }
        for (int stage = 0; stage < STAGES; stage++)
                out->total += out->seconds[stage];
        return 0;
}

static int64_t query_int(db *conn, const char *sql)
{
        int64_t n = -1;
        if (db_query_int64(conn, sql, &n) != GL_OK)
                fprintf(stderr, "bench_case: %s: %s\n", sql, db_errmsg(conn));
        return n;
}

static void count_tables(db *conn, int64_t out[NTABLES])
{
        for (size_t t = 0; t < NTABLES; t++) {
                char sql[64];
                snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", tables[t].name);
                out[t] = query_int(conn, sql);
        }
}

/* The columns the baseline copies from the engine's rows, and the SQL of one step. */
#define CASE_COPIED "procedure, subject_name, compartment, pack_id, pack_version"
#define DEADLINE_COPIED                                                                            \
        "kind, rule, length, param, started_by, started_on, original_due, due, latest_due, "       \
        "provisional"
#define M1_COPIED                                                                                  \
        "year, grade_from, grade_sought, tier, grace_months, metrics, explanation, submitted_by, " \
        "received_on"
#define DOCUMENT_COPIED "name, file_name, size, digest, content_base64, added_by"
#define REVIEW_COPIED "kind, outcome, findings, reviewed_by, reviewer_role, reviewed_on"
#define STEP_COPIED "action, from_state, to_state, actor, actor_role, on_date, reason, fields"
#define AUDIT_COPIED "actor, action, entity_type, detail"

/* The columns of row offset (in rowid order) of table where key is id, as SQL literals made by
 * quote() and separated by commas; malloc'd, NULL when there is no such row. */
static char *fetch_literals(db *conn, const char *table, const char *columns, const char *key,
                            long long id, int offset)
{
        char sql[2048], names[512];
        size_t n = (size_t)snprintf(sql, sizeof(sql), "SELECT ");
        snprintf(names, sizeof(names), "%s", columns);
        for (char *save = NULL, *c = strtok_r(names, ", ", &save); c;
             c = strtok_r(NULL, ", ", &save))
                n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%squote(%s)",
                                      n > strlen("SELECT ") ? " || ',' || " : "", c);
        snprintf(sql + n, sizeof(sql) - n,
                 " FROM %s WHERE %s = '%lld' ORDER BY rowid LIMIT 1 OFFSET %d", table, key, id,
                 offset);
        db_stmt *st = NULL;
        char *text = NULL;
        if (db_prepare(conn, sql, &st) == GL_OK && db_step(st) == DB_ROW)
                text = strdup(db_column_text(st, 0));
        db_finalize(st);
        if (text == NULL)
                fprintf(stderr, "bench_case: no row for %s: %s\n", sql, db_errmsg(conn));
        return text;
}

/* What the baseline copies from the engine's first case (the declarations from its first round),
 * as SQL literals. */
struct sample {
        char *kase, *deadline, *document;
        char *m1[DECLARING]; /* by enterprise: the explanation names it */
        char *step[STAGES], *audit[STAGES];
        char *review[STAGES]; /* approve and the two city reviews have one */
};

static void sample_free(struct sample *s)
{
        free(s->kase);
        free(s->deadline);
        free(s->document);
        for (int i = 0; i < DECLARING; i++)
                free(s->m1[i]);
        for (int k = 0; k < STAGES; k++) {
                free(s->step[k]);
                free(s->audit[k]);
                free(s->review[k]);
        }
}

static int sample_read(db *conn, const struct run *r, long ncases, struct sample *s)
{
        const char *audit_key = "entity_type = 'declaration' AND entity_id";
        long long id = r->first_case;
        memset(s, 0, sizeof(*s));
        s->kase = fetch_literals(conn, "cases", CASE_COPIED, "id", id, 0);
        s->deadline = fetch_literals(conn, "case_deadlines", DEADLINE_COPIED, "case_id", id, 0);
        s->document = fetch_literals(conn, "case_documents", DOCUMENT_COPIED, "case_id", id, 0);
        bool ok = s->kase && s->deadline && s->document;
        for (long i = 0; i < DECLARING && i < ncases; i++) {
                s->m1[i] = fetch_literals(conn, "m1_declarations", M1_COPIED, "case_id",
                                          r->first_round[i], 0);
                ok = ok && s->m1[i];
        }
        for (int k = 0; k < STAGES; k++) {
                s->step[k] = fetch_literals(conn, "case_steps", STEP_COPIED, "case_id", id, k);
                s->audit[k] = fetch_literals(conn, "audit_log", AUDIT_COPIED, audit_key, id, k);
                ok = ok && s->step[k] && s->audit[k];
                if (k == 0 || k == STAGES - 1)
                        continue;
                s->review[k] =
                    fetch_literals(conn, "case_reviews", REVIEW_COPIED, "case_id", id, k - 1);
                ok = ok && s->review[k];
        }
        return ok ? 0 : -1;
}

static const char *const to_states[STAGES] = {"submitted", "county_approved", "county_approved",
                                              "city_reviewed", "rejected"};

/* The SQL of step stage on case id (whose county deadline is did) of enterprise i. */
static void write_step(FILE *f, const struct sample *s, int stage, long i, long long id,
                       long long did)
{
        struct actor who = actor_of(stage, i);
        if (stage == 0) {
                fprintf(f,
                        "INSERT INTO cases (" CASE_COPIED ", id, uscc, state, open, opened_on, "
                        "created_at, updated_at, version) VALUES (%s, %lld, '%s', 'submitted', 1, "
                        "'" DAY "', " NOW_SQL ", " NOW_SQL ", 1);\n",
                        s->kase, id, who.uscc);
                fprintf(f,
                        "INSERT INTO case_deadlines (" DEADLINE_COPIED ", id, case_id, status) "
                        "VALUES (%s, %lld, %lld, 'running');\n",
                        s->deadline, did, id);
                fprintf(f,
                        "INSERT INTO m1_declarations (" M1_COPIED ", case_id) VALUES (%s, %lld);\n",
                        s->m1[i], id);
                fprintf(f,
                        "INSERT INTO case_documents (" DOCUMENT_COPIED ", case_id, added_at) "
                        "VALUES (%s, %lld, " NOW_SQL ");\n",
                        s->document, id);
        } else {
                bool closing = stage == STAGES - 1;
                fprintf(f,
                        "UPDATE cases SET state = '%s', open = %d, closed_on = %s, updated_at "
                        "= " NOW_SQL ", version = version + 1 WHERE id = %lld AND version = %d;\n",
                        to_states[stage], closing ? 0 : 1, closing ? "'" DAY "'" : "NULL", id,
                        stage);
        }
        if (stage == 1) {
                fprintf(f,
                        "UPDATE case_deadlines SET status = 'met', ended_on = '" DAY
                        "', ended_by = 'approve' WHERE id = %lld;\n",
                        did);
                fprintf(f,
                        "UPDATE m1_declarations SET county_decided_by = '%s', county_decided_on = "
                        "'" DAY "', county_reason = '%s' WHERE case_id = %lld;\n",
                        who.name, reasons[stage], id);
        }
        if (stage == STAGES - 1)
                fprintf(f,
                        "UPDATE m1_declarations SET decided_by = '%s', decided_on = '" DAY
                        "', decision_reason = '%s' WHERE case_id = %lld;\n",
                        who.name, reasons[stage], id);
        if (s->review[stage])
                fprintf(f,
                        "INSERT INTO case_reviews (" REVIEW_COPIED ", case_id, created_at) VALUES "
                        "(%s, %lld, " NOW_SQL ");\n",
                        s->review[stage], id);
        fprintf(f,
                "INSERT INTO case_steps (" STEP_COPIED
                ", case_id, created_at) VALUES (%s, %lld, " NOW_SQL ");\n",
                s->step[stage], id);
        fprintf(f,
                "INSERT INTO audit_log (" AUDIT_COPIED ", entity_id, id, at, digest, prev_hash, "
                "hash) SELECT %s, '%lld', id + 1, " NOW_SQL ", " DIGEST_SQL
                ", hash, lower(hex(randomblob(32))) FROM audit_log ORDER BY id DESC LIMIT 1;\n",
                s->audit[stage], id);
}

/* The baseline script of ncases cases, ids from first_id and deadline ids from first_did, in the
 * engine's order; one transaction per step, or all in one. */
static int write_script(const char *path, const struct sample *s, long ncases, long long first_id,
                        long long first_did, bool one_transaction)
{
        FILE *f = fopen(path, "w");
        if (f == NULL) {
                perror(path);
                return -1;
        }
        fputs("PRAGMA foreign_keys = ON;\nPRAGMA synchronous = FULL;\n", f);
        if (one_transaction)
                fputs("BEGIN IMMEDIATE;\n", f);
        for (long done = 0; done < ncases; done += DECLARING) {
                long n = ncases - done < DECLARING ? ncases - done : DECLARING;
                for (int stage = 0; stage < STAGES; stage++)
                        for (long i = 0; i < n; i++) {
                                if (!one_transaction)
                                        fputs("BEGIN IMMEDIATE;\n", f);
                                write_step(f, s, stage, i, first_id + done + i,
                                           first_did + done + i);
                                if (!one_transaction)
                                        fputs("COMMIT;\n", f);
                        }
        }
        if (one_transaction)
                fputs("COMMIT;\n", f);
        return fclose(f) == 0 ? 0 : -1;
}

static double run_sqlite3(const char *db_path, const char *script)
{
        char cmd[1024];
        snprintf(cmd, sizeof(cmd), "sqlite3 -bail '%s' < '%s'", db_path, script);
        double t0 = now_seconds();
        int rc = system(cmd);
        double t = now_seconds() - t0;
        if (rc != 0) {
                fprintf(stderr, "bench_case: failed: %s\n", cmd);
                return -1;
        }
        return t;
}

/* Checks one run (the engine's or sqlite3's): its steps and audit records, and every case
 * rejected at version 5. */
static int check_run(db *conn, const struct run *r, long ncases, const int64_t before[NTABLES],
                     const int64_t after[NTABLES])
{
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT COUNT(*) FROM case_steps WHERE case_id BETWEEN %lld AND %lld",
                 (long long)r->first_case, (long long)r->last_case);
        int64_t steps = query_int(conn, sql);
        snprintf(sql, sizeof(sql),
                 "SELECT COUNT(*) FROM cases WHERE id BETWEEN %lld AND %lld AND state = "
                 "'rejected' AND version = 5 AND open = 0",
                 (long long)r->first_case, (long long)r->last_case);
        int64_t rejected = query_int(conn, sql);
        int64_t audited = after[AUDIT_TABLE] - before[AUDIT_TABLE];
        if (steps == ncases * STAGES && audited == ncases * STAGES && rejected == ncases)
                return 0;
        fprintf(stderr,
                "bench_case: cases %lld..%lld: %lld steps, %lld audit records, %lld rejected "
                "(expected %ld, %ld, %ld)\n",
                (long long)r->first_case, (long long)r->last_case, (long long)steps,
                (long long)audited, (long long)rejected, ncases * STAGES, ncases * STAGES, ncases);
        return -1;
}

/* Whether the rows of the cases of run b hold what those of run a hold, table by table. */
static int same_rows(db *conn, const struct run *a, const struct run *b)
{
        for (size_t t = 0; t < NTABLES; t++) {
                char one[512], other[512], sql[2200];
                const char *cols = tables[t].content, *name = tables[t].name, *key = tables[t].key;
                snprintf(one, sizeof(one), "SELECT %s FROM %s WHERE %s BETWEEN %lld AND %lld", cols,
                         name, key, (long long)a->first_case, (long long)a->last_case);
                snprintf(other, sizeof(other), "SELECT %s FROM %s WHERE %s BETWEEN %lld AND %lld",
                         cols, name, key, (long long)b->first_case, (long long)b->last_case);
                snprintf(sql, sizeof(sql),
                         "SELECT (SELECT COUNT(*) FROM (%s EXCEPT %s)) + (SELECT COUNT(*) FROM (%s "
                         "EXCEPT %s))",
                         one, other, other, one);
                int64_t differ = query_int(conn, sql);
                if (differ == 0)
                        continue;
                fprintf(stderr,
                        "bench_case: %s: %lld rows differ between cases %lld.. and %lld..\n", name,
                        (long long)differ, (long long)a->first_case, (long long)b->first_case);
                return -1;
        }
        return 0;
}

static void print_by_step(const char *label, const struct run *r, long ncases)
{
        printf("  engine (%s) by step:", label);
        for (int k = 0; k < STAGES; k++)
                printf(" %s %.0f/s%s", actions[k], (double)ncases / r->seconds[k],
                       k + 1 < STAGES ? "," : "\n");
}

int main(int argc, char **argv)
{
        long asked = argc > 1 ? atol(argv[1]) : 20000;
        if (asked < 1 || asked > 10000000 || sodium_init() < 0)
                return 2;
        long ncases = (asked + STAGES - 1) / STAGES, nsteps = ncases * STAGES;
        char dir[] = "/tmp/greenlane-bench-case-XXXXXX";
        if (mkdtemp(dir) == NULL) {
                perror("mkdtemp");
                return 1;
        }
        char db_path[64], script_a[64], script_b[64];
        snprintf(db_path, sizeof(db_path), "%s/case.db", dir);
        snprintf(script_a, sizeof(script_a), "%s/steps-a.sql", dir);
        snprintf(script_b, sizeof(script_b), "%s/steps-b.sql", dir);

        int status = 1;
        struct app *app = NULL;
        struct gl_error err = {0};
        struct sample s = {0};
        struct run ra, rb;
        struct audit_verify_result v = {0};
        /* Rows per table before, after the engine's runs and after sqlite3's. */
        enum { BEFORE, ENGINE_A, ENGINE_B, SQL_A, SQL_B, SNAPSHOTS };
        int64_t rows[SNAPSHOTS][NTABLES];
        if (app_open(db_path, &app, &err) != GL_OK) {
                fprintf(stderr, "bench_case: %s\n", err.message);
                goto done;
        }
        if (write_enterprises(app->db) != GL_OK)
                goto done;
        printf("case steps of measure 1's declaration: %ld steps on %ld cases (submit, approve, "
               "preliminary_review, site_verification, reject), %d enterprises declaring in rounds "
               "among %d in scope\n",
               nsteps, ncases, ncases < DECLARING ? (int)ncases : DECLARING, DECLARING + PEERS);
        count_tables(app->db, rows[BEFORE]);
        if (engine_run(app, ncases, &ra) != 0)
                goto done;
        count_tables(app->db, rows[ENGINE_A]);
        if (exec_or_say(app->db, "PRAGMA synchronous = OFF") != 0 ||
            engine_run(app, ncases, &rb) != 0 ||
            exec_or_say(app->db, "PRAGMA synchronous = FULL") != 0)
                goto done;
        count_tables(app->db, rows[ENGINE_B]);
        if (check_run(app->db, &ra, ncases, rows[BEFORE], rows[ENGINE_A]) != 0 ||
            check_run(app->db, &rb, ncases, rows[ENGINE_A], rows[ENGINE_B]) != 0)
                goto done;
        if (audit_verify(app, NULL, &v, &err) != GL_OK || !v.intact ||
            v.records != rows[ENGINE_B][AUDIT_TABLE]) {
                fprintf(stderr, "bench_case: audit verify: %lld records, broken at %lld: %s %s\n",
                        (long long)v.records, (long long)v.first_broken_id, v.reason, err.message);
                goto done;
        }
        struct run sa = {.first_case = query_int(app->db, "SELECT MAX(id) + 1 FROM cases")};
        int64_t first_did = query_int(app->db, "SELECT MAX(id) + 1 FROM case_deadlines");
        sa.last_case = sa.first_case + ncases - 1;
        struct run sb = {.first_case = sa.last_case + 1, .last_case = sa.last_case + ncases};
        if (sample_read(app->db, &ra, ncases, &s) != 0 ||
            write_script(script_a, &s, ncases, sa.first_case, first_did, false) != 0 ||
            write_script(script_b, &s, ncases, sb.first_case, first_did + ncases, true) != 0)
                goto done;
        app_close(app);
        app = NULL;

        double sql_a = run_sqlite3(db_path, script_a);
        if (sql_a < 0 || app_open(db_path, &app, &err) != GL_OK)
                goto done;
        count_tables(app->db, rows[SQL_A]);
        app_close(app);
        app = NULL;
        double sql_b = run_sqlite3(db_path, script_b);
        if (sql_b < 0 || app_open(db_path, &app, &err) != GL_OK)
                goto done;
        count_tables(app->db, rows[SQL_B]);
        if (check_run(app->db, &sa, ncases, rows[ENGINE_B], rows[SQL_A]) != 0 ||
            check_run(app->db, &sb, ncases, rows[SQL_A], rows[SQL_B]) != 0)
                goto done;
        if (same_rows(app->db, &ra, &rb) != 0 || same_rows(app->db, &ra, &sa) != 0 ||
            same_rows(app->db, &ra, &sb) != 0)
                goto done;
        for (size_t t = 0; t < NTABLES; t++) {
                int64_t engine = rows[ENGINE_A][t] - rows[BEFORE][t];
                int64_t a = rows[SQL_A][t] - rows[ENGINE_B][t], b = rows[SQL_B][t] - rows[SQL_A][t];
                if (a == engine && b == engine)
                        continue;
                fprintf(stderr,
                        "bench_case: %s: the engine wrote %lld rows, sqlite3 %lld and %lld\n",
                        tables[t].name, (long long)engine, (long long)a, (long long)b);
                goto done;
        }

        print_by_step("a", &ra, ncases);
        print_by_step("b", &rb, ncases);
        printf("(a) one transaction per step:   engine %7.2f s %7.0f steps/s   sqlite3, "
               "BEGIN/COMMIT per step %7.2f s %7.0f steps/s   ratio engine/sqlite3 %.2fx\n",
               ra.total, (double)nsteps / ra.total, sql_a, (double)nsteps / sql_a,
               ra.total / sql_a);
        printf("(b) many: engine synchronous=OFF %7.2f s %7.0f steps/s   sqlite3, one transaction "
               "       %7.2f s %7.0f steps/s   ratio engine/sqlite3 %.2fx\n",
               rb.total, (double)nsteps / rb.total, sql_b, (double)nsteps / sql_b,
               rb.total / sql_b);
        printf("  checked: %ld case_steps rows and %ld audit records in each of the four runs, "
               "every case rejected at version 5, the same rows per table (ids, times and hashes "
               "aside); "
               "audit verify before sqlite3 ran: %lld records, chain intact\n",
               nsteps, nsteps, (long long)v.records);
        status = 0;
done:
        sample_free(&s);
        app_close(app);
        if (getenv("BENCH_KEEP") != NULL) {
                printf("  kept %s (database case.db, scripts steps-a.sql and steps-b.sql)\n", dir);
                return status;
        }
        char cmd[96];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
        if (system(cmd) != 0)
                status = 1;
        return status;
}

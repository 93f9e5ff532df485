/*
 * Seals: every business row's current state traced to the audit record it comes from. A seal
 * holds, for one row of a kind below, the id of that record and a MAC keyed with the audit key
 * over the kind, the row's id, the record's id and the row's state — its own columns and, for a
 * case, the rows that belong to it (steps, reviews, documents, deadlines, the declaration, the
 * grades it gave). Whoever can write the database but not read the key cannot seal a state that
 * greenlane did not write.
 *
 * A case, a user and an official industry average are sealed in table audit_seals. An enterprise
 * and a year's figures, which an import writes by the million, are sealed in a column of their own
 * row ("AUDIT_ID:MAC", the MAC cut to 128 bits), so that sealing adds no second b-tree to an
 * import; how many rows each of those tables holds is sealed in audit_seals (entity_type "rows"),
 * so that a row deleted by hand is found as well.
 *
 * A row is sealed in the transaction that changes it: a case, a user and a year's figures when
 * their audit record is appended (audit_append), a row an import writes as it is written, an
 * enterprise whose grade a decision changes with the record that follows in the same transaction.
 * seal_verify recomputes every seal; a seal may not be older than the newest record about its
 * case, user or year's figures, an enterprise's than the newest decision on its grade, a count
 * than the newest import, so that a row put back to an earlier sealed state is found too.
 */
#include "seal.h"

#include "../store/enterprise_store.h"
#include "audit.h"
#include "scope.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 7
#define ROW_MAC_HEX 32 /* the MAC kept in a row: 128 bits */

struct seal_kind {
        const char *name;    /* entity_type in audit_seals */
        const char *label;   /* the row, said to people: 案件 (case) */
        bool int_id;         /* the id binds as an integer */
        bool two_keys;       /* the id is KEY:YEAR, bound as $1 and $2 */
        const char *audit1;  /* audit records about it have this entity_type (NULL: none)... */
        const char *audit2;  /* ...or this one */
        const char *list;    /* sealed in audit_seals: every row's id, in order */
        const char *orphans; /* sealed in audit_seals: seals whose row is gone */
        /* Sealed in its own row: the statement writing the seal ($1[, $2] the id, then the
         * seal), every row's seal and state in order, the count, the action of its import. */
        const char *write;
        const char *scan;
        const char *count;
        const char *import_action;
        const char *parts[MAX_PARTS]; /* the state: the row, then what belongs to it */
};

static const struct seal_kind kinds[] = {
    {"case",
     "案件",
     true,
     false,
     "case",
     "declaration",
     "SELECT id FROM cases ORDER BY id",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'case' AND NOT EXISTS (SELECT 1 FROM "
     "cases c WHERE c.id = CAST(audit_seals.entity_id AS INTEGER)) ORDER BY entity_id",
     NULL,
     NULL,
     NULL,
     NULL,
     {"SELECT id, procedure, uscc, subject_name, state, open, compartment, opened_on, closed_on, "
      "pack_id, pack_version, data, version FROM cases WHERE id = $1",
      "SELECT id, action, from_state, to_state, actor, actor_role, on_date, reason, fields FROM "
      "case_steps WHERE case_id = $1 ORDER BY id",
      "SELECT id, kind, outcome, findings, reviewed_by, reviewer_role, reviewed_on FROM "
      "case_reviews WHERE case_id = $1 ORDER BY id",
      "SELECT id, name, file_name, size, digest FROM case_documents WHERE case_id = $1 ORDER BY "
      "id",
      "SELECT id, kind, rule, length, param, started_by, started_on, original_due, due, "
      "latest_due, provisional, status, suspended_on, suspended_days, ended_on, ended_by FROM "
      "case_deadlines WHERE case_id = $1 ORDER BY id",
      "SELECT year, grade_from, grade_sought, tier, grace_months, metrics, county_decided_by, "
      "county_decided_on, decided_by, decided_on, closed_by, closed_on FROM m1_declarations "
      "WHERE case_id = $1",
      "SELECT id, uscc, from_grade, to_grade, kind, on_date, grace_deadline, decided_by FROM "
      "grade_history WHERE case_id = $1 ORDER BY id"}},
    {"user",
     "用户",
     false,
     false,
     "user",
     NULL,
     "SELECT username FROM users ORDER BY username",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'user' AND NOT EXISTS (SELECT 1 FROM "
     "users u WHERE u.username = audit_seals.entity_id) ORDER BY entity_id",
     NULL,
     NULL,
     NULL,
     NULL,
     {"SELECT id, username, role, uscc, department, password_hash, disabled, display_name FROM "
      "users WHERE username = $1"}},
    {"average",
     "行业平均水平",
     false,
     true,
     NULL,
     NULL,
     "SELECT industry || ':' || year FROM incentive_averages ORDER BY industry, year",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'average' AND NOT EXISTS (SELECT 1 "
     "FROM incentive_averages a WHERE a.industry || ':' || a.year = audit_seals.entity_id) ORDER "
     "BY entity_id",
     NULL,
     NULL,
     NULL,
     NULL,
     {"SELECT industry, year, tax_per_tonne_micro_yuan, rd_share_micro_percent FROM "
      "incentive_averages WHERE industry = $1 AND year = $2"}},
    {"enterprise",
     "企业",
     false,
     false,
     NULL,
     NULL,
     NULL,
     NULL,
     "UPDATE enterprises SET seal = $2 WHERE uscc = $1",
     "SELECT seal, " ENTERPRISE_SEALED_COLUMNS " FROM enterprises ORDER BY uscc",
     "SELECT COUNT(*) FROM enterprises",
     "enterprise.import",
     {"SELECT " ENTERPRISE_SEALED_COLUMNS " FROM enterprises WHERE uscc = $1"}},
    {"annual",
     "年度数据",
     false,
     true,
     "annual_figures",
     NULL,
     NULL,
     NULL,
     "UPDATE annual_figures SET seal = $3 WHERE uscc = $1 AND year = $2",
     "SELECT seal, " ANNUAL_SEALED_COLUMNS " FROM annual_figures ORDER BY uscc, year",
     "SELECT COUNT(*) FROM annual_figures",
     "annual.import",
     {"SELECT " ANNUAL_SEALED_COLUMNS " FROM annual_figures WHERE uscc = $1 AND year = $2"}},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Statements, prepared on first use and kept for the connection's life. */
struct seal_cache {
        db_stmt *parts[NKINDS][MAX_PARTS];
        db_stmt *write[NKINDS];
        db_stmt *put;
        db_stmt *newest;
        db_stmt *grade;
};

static const struct seal_kind *kind_named(const char *name)
{
        for (size_t i = 0; i < NKINDS; i++)
                if (strcmp(kinds[i].name, name) == 0)
                        return &kinds[i];
        return NULL;
}

const char *seal_kind_of_audit(const char *entity_type)
{
        for (size_t i = 0; i < NKINDS; i++)
                if ((kinds[i].audit1 && strcmp(kinds[i].audit1, entity_type) == 0) ||
                    (kinds[i].audit2 && strcmp(kinds[i].audit2, entity_type) == 0))
                        return kinds[i].name;
        return NULL;
}

void seal_cache_free(struct seal_cache *c)
{
        if (c == NULL)
                return;
        for (size_t k = 0; k < NKINDS; k++) {
                for (size_t p = 0; p < MAX_PARTS; p++)
                        db_finalize(c->parts[k][p]);
                db_finalize(c->write[k]);
        }
        db_finalize(c->put);
        db_finalize(c->newest);
        db_finalize(c->grade);
        free(c);
}

/* A statement of the cache, prepared on first use and reset for the next. */
static int cached(struct app *app, db_stmt **slot, const char *sql, db_stmt **out)
{
        int rc = *slot ? GL_OK : db_prepare(app->db, sql, slot);
        if (rc == GL_OK)
                db_reset(*slot);
        *out = *slot;
        return rc;
}

static int cache_of(struct app *app, struct seal_cache **out)
{
        if (app->seals == NULL && (app->seals = calloc(1, sizeof(*app->seals))) == NULL)
                return GL_ENOMEM;
        *out = app->seals;
        return GL_OK;
}

/* Feeds one value, its length first; SQL NULL as "-" with no length, unlike any text. */
static void feed_value(crypto_generichash_state *s, const char *v)
{
        char len[24];
        int n = v ? snprintf(len, sizeof(len), "%zu:", strlen(v)) : snprintf(len, sizeof(len), "-");
        crypto_generichash_update(s, (const unsigned char *)len, (size_t)n);
        if (v)
                crypto_generichash_update(s, (const unsigned char *)v, strlen(v));
}

static int bind_id(const struct seal_kind *k, db_stmt *st, const char *id)
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

static void mac_begin(struct app *app, crypto_generichash_state *s, const char *kind,
                      const char *id, int64_t audit_id)
{
        char num[24];
        crypto_generichash_init(s, app->audit_key, sizeof(app->audit_key),
                                crypto_generichash_BYTES);
        feed_value(s, kind);
        feed_value(s, id);
        snprintf(num, sizeof(num), "%lld", (long long)audit_id);
        feed_value(s, num);
}

/* The columns of st's row from first on. */
static void mac_row(crypto_generichash_state *s, db_stmt *st, int first)
{
        feed_value(s, "row");
        for (int col = first; col < db_column_count(st); col++)
                feed_value(s, db_column_is_null(st, col) ? NULL : db_column_text(st, col));
}

static void mac_end(crypto_generichash_state *s, char out[65])
{
        unsigned char h[crypto_generichash_BYTES];
        crypto_generichash_final(s, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
}

/* The MAC of the state of one row as given by st (a statement on it, its columns from first on). */
static void row_mac(struct app *app, const struct seal_kind *k, const char *id, int64_t audit_id,
                    db_stmt *st, int first, char out[65])
{
        crypto_generichash_state s;
        mac_begin(app, &s, k->name, id, audit_id);
        feed_value(&s, "part 0");
        mac_row(&s, st, first);
        mac_end(&s, out);
}

/* The MAC of the row's state as it is now; *exists false when the row is gone. */
static int state_mac(struct app *app, const struct seal_kind *k, const char *id, int64_t audit_id,
                     char out[65], bool *exists)
{
        struct seal_cache *c;
        int rc = cache_of(app, &c);
        if (rc != GL_OK)
                return rc;
        crypto_generichash_state s;
        mac_begin(app, &s, k->name, id, audit_id);
        *exists = false;
        for (size_t p = 0; p < MAX_PARTS && k->parts[p]; p++) {
                db_stmt *st;
                if ((rc = cached(app, &c->parts[k - kinds][p], k->parts[p], &st)) != GL_OK ||
                    (rc = bind_id(k, st, id)) != GL_OK)
                        return rc;
                char part[24];
                snprintf(part, sizeof(part), "part %zu", p);
                feed_value(&s, part);
                while ((rc = db_step(st)) == DB_ROW) {
                        *exists = *exists || p == 0;
                        mac_row(&s, st, 0);
                }
                db_reset(st);
                if (rc != DB_DONE)
                        return rc < 0 ? rc : GL_EDB;
                if (p == 0 && !*exists)
                        break;
        }
        mac_end(&s, out);
        return GL_OK;
}

int audit_next_id(struct app *app, int64_t *id)
{
        char hash[129];
        int64_t last = app->pending_id;
        if (last == 0 && audit_store_last(app->db, &last, hash) != GL_OK)
                return GL_EDB;
        *id = last + 1;
        return GL_OK;
}

/* The statement writing a seal into audit_seals, bound, for the caller to step: row_count < 0
 * for none. */
static int upsert(struct app *app, const char *type, const char *id, int64_t audit_id,
                  const char *mac, int64_t row_count, db_stmt **out)
{
        struct seal_cache *c;
        int rc = cache_of(app, &c);
        if (rc == GL_OK)
                rc = cached(app, &c->put,
                            "INSERT INTO audit_seals (entity_type, entity_id, audit_id, mac, "
                            "row_count) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (entity_type, "
                            "entity_id) DO UPDATE SET audit_id = excluded.audit_id, mac = "
                            "excluded.mac, row_count = excluded.row_count",
                            out);
        if (rc == GL_OK) {
                db_bind_text(*out, 1, type);
                db_bind_text(*out, 2, id);
                db_bind_int64(*out, 3, audit_id);
                db_bind_text(*out, 4, mac);
                db_bind_int64_or_null(*out, 5, row_count >= 0, row_count);
        }
        return rc;
}

/* Writes the seal of row id of kind k: in the row, or in audit_seals. */
static int put_seal(struct app *app, const struct seal_kind *k, const char *id, int64_t audit_id,
                    const char *mac, struct gl_error *err)
{
        struct seal_cache *c;
        db_stmt *st = NULL;
        int rc = cache_of(app, &c);
        if (rc == GL_OK && k->write) {
                char seal[96];
                snprintf(seal, sizeof(seal), "%lld:%.*s", (long long)audit_id, ROW_MAC_HEX, mac);
                if ((rc = cached(app, &c->write[k - kinds], k->write, &st)) == GL_OK &&
                    (rc = bind_id(k, st, id)) == GL_OK)
                        rc = db_bind_text(st, k->two_keys ? 3 : 2, seal);
        } else if (rc == GL_OK) {
                rc = upsert(app, k->name, id, audit_id, mac, -1, &st);
        }
        if (rc == GL_OK) {
                rc = db_step(st) == DB_DONE ? GL_OK : GL_EDB;
                db_reset(st);
        }
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal %s %s: %s", k->name, id, db_errmsg(app->db));
        return GL_OK;
}

int app_seal(struct app *app, const char *kind, const char *id, int64_t audit_id,
             struct gl_error *err)
{
        const struct seal_kind *k = kind_named(kind);
        if (k == NULL)
                return gl_fail(err, GL_EINVAL, "", "seal: no kind %s", kind);
        if (audit_id == 0 && audit_next_id(app, &audit_id) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        char mac[65];
        bool exists;
        int rc = state_mac(app, k, id, audit_id, mac, &exists);
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal %s %s: %s", kind, id, db_errmsg(app->db));
        return exists ? put_seal(app, k, id, audit_id, mac, err) : GL_OK;
}

int app_seal_written(struct app *app, const char *kind, const char *id, int64_t audit_id,
                     db_stmt *row, struct gl_error *err)
{
        const struct seal_kind *k = kind_named(kind);
        if (k == NULL || k->parts[1] != NULL)
                return gl_fail(err, GL_EINVAL, "", "seal: %s is not sealed from one row", kind);
        char mac[65];
        row_mac(app, k, id, audit_id, row, 0, mac);
        return put_seal(app, k, id, audit_id, mac, err);
}

/* The MAC of a count: how many rows of kind k, as of record audit_id. */
static void count_mac(struct app *app, const struct seal_kind *k, int64_t audit_id, int64_t n,
                      char out[65])
{
        crypto_generichash_state s;
        char num[24];
        mac_begin(app, &s, "rows", k->name, audit_id);
        snprintf(num, sizeof(num), "%lld", (long long)n);
        feed_value(&s, num);
        mac_end(&s, out);
}

static int seal_count_of(struct app *app, const struct seal_kind *k, int64_t audit_id,
                         struct gl_error *err)
{
        int64_t n = 0;
        db_stmt *st = NULL;
        char mac[65];
        if (db_query_int64(app->db, k->count, &n) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        count_mac(app, k, audit_id, n, mac);
        int rc = upsert(app, "rows", k->name, audit_id, mac, n, &st);
        if (rc == GL_OK) {
                rc = db_step(st) == DB_DONE ? GL_OK : GL_EDB;
                db_reset(st);
        }
        return rc == GL_OK ? GL_OK : gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
}

int app_seal_count(struct app *app, const char *kind, int64_t audit_id, struct gl_error *err)
{
        const struct seal_kind *k = kind_named(kind);
        if (k == NULL || k->count == NULL)
                return gl_fail(err, GL_EINVAL, "", "seal: %s has no count", kind);
        return seal_count_of(app, k, audit_id, err);
}

/* The newest audit record about the row, 0 when none. */
static int newest_record(struct app *app, const struct seal_kind *k, const char *id, int64_t *out)
{
        struct seal_cache *c;
        db_stmt *st = NULL;
        int rc = cache_of(app, &c);
        if (rc == GL_OK)
                rc = cached(app, &c->newest,
                            "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE entity_id = $3 AND "
                            "(entity_type = $1 OR entity_type = $2)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, k->audit1);
        db_bind_text(st, 2, k->audit2 ? k->audit2 : k->audit1);
        db_bind_text(st, 3, id);
        rc = db_step(st);
        *out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
        rc = rc == DB_ROW ? GL_OK : GL_EDB;
        db_reset(st);
        return rc;
}

/* Whether a grade change (a decision that set the grade) came after the record the enterprise's
 * seal names: its state is then older than the grade it was given. */
static int older_than_grade(struct app *app, const char *uscc, int64_t audit_id, bool *older)
{
        struct seal_cache *c;
        db_stmt *st = NULL;
        int rc = cache_of(app, &c);
        if (rc == GL_OK)
                rc = cached(app, &c->grade,
                            "SELECT 1 FROM grade_history h WHERE h.uscc = $1 AND h.kind <> "
                            "'formal' AND h.created_at > (SELECT a.at FROM audit_log a WHERE "
                            "a.id = $2) LIMIT 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, audit_id);
        rc = db_step(st);
        *older = rc == DB_ROW;
        rc = rc == DB_ROW || rc == DB_DONE ? GL_OK : GL_EDB;
        db_reset(st);
        return rc;
}

/* The newest record of an action (an import), 0 when none. */
static int newest_of_action(struct app *app, const char *action, int64_t *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(app->db, "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE action = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, action);
        return db_step_int64(st, out); /* finalizes it */
}

struct verify_kind {
        struct app *app;
        const struct seal_kind *k;
        int64_t head_id;
        struct seal_verify_result *out;
        /* NULL: stop at the first row that does not hold; else told of each, and on (id "":
         * the count). */
        int (*on_broken)(void *ctx, const struct seal_kind *k, const char *id, bool gone);
        void *ctx;
};

/* Says why the row id of kind k does not hold; id "": the kind's count of rows. Returns 1. */
static int broken(struct seal_verify_result *out, const struct seal_kind *k, const char *id,
                  const char *why_zh, const char *why_en)
{
        if (id[0] == '\0') {
                snprintf(out->entity, sizeof(out->entity), "rows %s", k->name);
                snprintf(out->reason, sizeof(out->reason), "%s：%s (%s: %s)", k->label, why_zh,
                         k->name, why_en);
                return 1;
        }
        snprintf(out->entity, sizeof(out->entity), "%s %s", k->name, id);
        snprintf(out->reason, sizeof(out->reason), "%s %s：%s (%s %s: %s)", k->label, id, why_zh,
                 k->name, id, why_en);
        return 1;
}

/* What holds of a row whose MAC matched: its record exists, and is not older than it may be. */
static int check_age(struct verify_kind *v, const char *id, int64_t audit_id)
{
        int rc;
        if (audit_id < 1 || audit_id > v->head_id)
                return broken(v->out, v->k, id, "封记所指的审计记录不存在",
                              "its seal names an audit record that does not exist");
        if (v->k->audit1) {
                int64_t newest = 0;
                if ((rc = newest_record(v->app, v->k, id, &newest)) != GL_OK)
                        return rc;
                if (audit_id < newest) {
                        char zh[160], en[160];
                        snprintf(zh, sizeof(zh),
                                 "状态停留在审计记录 %lld，而最新的是 %lld，已被改回",
                                 (long long)audit_id, (long long)newest);
                        snprintf(en, sizeof(en),
                                 "its state is that of audit record %lld, the newest is %lld: put "
                                 "back by hand",
                                 (long long)audit_id, (long long)newest);
                        return broken(v->out, v->k, id, zh, en);
                }
        }
        if (strcmp(v->k->name, "enterprise") == 0) {
                bool older;
                if ((rc = older_than_grade(v->app, id, audit_id, &older)) != GL_OK)
                        return rc;
                if (older)
                        return broken(v->out, v->k, id, "状态早于其后的等级决定，已被改回",
                                      "its state is older than a grade decided since: put back "
                                      "by hand");
        }
        return 0;
}

static const char no_seal_zh[] = "没有封记，不是由本系统写入的";
static const char no_seal_en[] = "no seal: not written by greenlane";
static const char changed_zh[] = "当前状态与其封记不符，已在本系统之外被改动";
static const char changed_en[] = "its state does not match its seal: changed outside greenlane";

/* A row sealed in audit_seals: 0 when it holds, 1 when not (out says why), < 0 on failure. */
static int verify_listed(struct verify_kind *v, db_stmt *get, const char *id)
{
        db_reset(get);
        db_bind_text(get, 1, v->k->name);
        db_bind_text(get, 2, id);
        int rc = db_step(get);
        if (rc != DB_ROW) {
                db_reset(get);
                return rc == DB_DONE ? broken(v->out, v->k, id, no_seal_zh, no_seal_en) : GL_EDB;
        }
        int64_t audit_id = db_column_int64(get, 0);
        char stored[129];
        snprintf(stored, sizeof(stored), "%s", db_column_text(get, 1));
        db_reset(get);
        char mac[65];
        bool exists;
        if ((rc = state_mac(v->app, v->k, id, audit_id, mac, &exists)) != GL_OK)
                return rc;
        v->out->rows++;
        if (strlen(stored) != 64 || sodium_memcmp(mac, stored, 64) != 0)
                return broken(v->out, v->k, id, changed_zh, changed_en);
        return check_age(v, id, audit_id);
}

/* Tells on_broken, or stops: the loops' answer to a row that does not hold. */
static int report(struct verify_kind *v, const char *id, bool gone, bool *stop)
{
        *stop = v->on_broken == NULL;
        if (*stop)
                return GL_OK;
        int rc = v->on_broken(v->ctx, v->k, id, gone);
        v->out->entity[0] = '\0';
        return rc;
}

static int verify_in_audit_seals(struct verify_kind *v)
{
        struct app *app = v->app;
        db_stmt *list = NULL, *orphans = NULL, *get = NULL;
        bool stop = false;
        int rc = db_prepare(app->db,
                            "SELECT audit_id, mac FROM audit_seals WHERE entity_type = $1 AND "
                            "entity_id = $2",
                            &get);
        if (rc == GL_OK)
                rc = db_prepare(app->db, v->k->list, &list);
        int got = DB_DONE;
        while (rc == GL_OK && !stop && (got = db_step(list)) == DB_ROW) {
                char id[96];
                snprintf(id, sizeof(id), "%s", db_column_text(list, 0));
                int r = verify_listed(v, get, id);
                rc = r < 0 ? r : r > 0 ? report(v, id, false, &stop) : GL_OK;
        }
        if (rc == GL_OK && !stop && got != DB_DONE)
                rc = GL_EDB;
        if (rc == GL_OK && !stop && (rc = db_prepare(app->db, v->k->orphans, &orphans)) == GL_OK) {
                while (rc == GL_OK && !stop && (got = db_step(orphans)) == DB_ROW) {
                        char id[96];
                        snprintf(id, sizeof(id), "%s", db_column_text(orphans, 0));
                        broken(v->out, v->k, id, "有封记而无此行，已在本系统之外被删除",
                               "sealed but gone: deleted outside greenlane");
                        rc = report(v, id, true, &stop);
                }
                if (rc == GL_OK && !stop && got != DB_DONE)
                        rc = GL_EDB;
        }
        db_finalize(orphans);
        db_finalize(list);
        db_finalize(get);
        return rc;
}

/* A row sealed in its own row, st on it (its seal, then its state). */
static int verify_in_row(struct verify_kind *v, db_stmt *st, const char *id)
{
        const char *seal = db_column_is_null(st, 0) ? NULL : db_column_text(st, 0);
        char *end = NULL;
        long long audit_id = seal ? strtoll(seal, &end, 10) : 0;
        if (seal == NULL || end == seal || *end != ':' || strlen(end + 1) != ROW_MAC_HEX)
                return broken(v->out, v->k, id, no_seal_zh, no_seal_en);
        char stored[ROW_MAC_HEX + 1], mac[65];
        memcpy(stored, end + 1, sizeof(stored));
        row_mac(v->app, v->k, id, audit_id, st, 1, mac);
        v->out->rows++;
        if (sodium_memcmp(mac, stored, ROW_MAC_HEX) != 0)
                return broken(v->out, v->k, id, changed_zh, changed_en);
        return check_age(v, id, audit_id);
}

/* The count of a kind sealed in its rows: as many rows as sealed, as of its newest import. */
static int verify_count(struct verify_kind *v, int64_t rows)
{
        struct app *app = v->app;
        db_stmt *st = NULL;
        int rc = db_prepare(app->db,
                            "SELECT audit_id, mac, row_count FROM audit_seals WHERE entity_type = "
                            "'rows' AND entity_id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, v->k->name);
        int got = db_step(st);
        int64_t audit_id = got == DB_ROW ? db_column_int64(st, 0) : 0;
        int64_t n = got == DB_ROW ? db_column_int64(st, 2) : 0;
        char stored[129] = "", mac[65], zh[200], en[200];
        if (got == DB_ROW)
                snprintf(stored, sizeof(stored), "%s", db_column_text(st, 1));
        db_finalize(st);
        if (got != DB_ROW && got != DB_DONE)
                return GL_EDB;
        int64_t newest = 0;
        if ((rc = newest_of_action(app, v->k->import_action, &newest)) != GL_OK)
                return rc;
        count_mac(app, v->k, audit_id, n, mac);
        if (got == DB_DONE && rows == 0)
                return 0;
        if (got == DB_DONE || strlen(stored) != 64 || sodium_memcmp(mac, stored, 64) != 0) {
                snprintf(zh, sizeof(zh), "行数 %lld 没有有效的封记", (long long)rows);
                snprintf(en, sizeof(en), "its count of %lld rows has no valid seal",
                         (long long)rows);
        } else if (audit_id < newest) {
                snprintf(zh, sizeof(zh), "行数的封记早于最新的导入（记录 %lld），已被改回",
                         (long long)newest);
                snprintf(en, sizeof(en),
                         "the seal of its count is older than the newest import (record %lld): "
                         "put back by hand",
                         (long long)newest);
        } else if (n != rows) {
                snprintf(zh, sizeof(zh), "封记载明 %lld 行，实有 %lld 行：有行在本系统之外被删除",
                         (long long)n, (long long)rows);
                snprintf(en, sizeof(en),
                         "%lld rows sealed, %lld there: rows were deleted outside greenlane",
                         (long long)n, (long long)rows);
        } else {
                return 0;
        }
        return broken(v->out, v->k, "", zh, en);
}

static int verify_own_rows(struct verify_kind *v)
{
        db_stmt *scan = NULL;
        bool stop = false;
        int64_t rows = 0;
        int rc = db_prepare(v->app->db, v->k->scan, &scan);
        int got = DB_DONE;
        while (rc == GL_OK && !stop && (got = db_step(scan)) == DB_ROW) {
                char id[96];
                if (v->k->two_keys)
                        snprintf(id, sizeof(id), "%s:%s", db_column_text(scan, 1),
                                 db_column_text(scan, 2));
                else
                        snprintf(id, sizeof(id), "%s", db_column_text(scan, 1));
                rows++;
                int r = verify_in_row(v, scan, id);
                rc = r < 0 ? r : r > 0 ? report(v, id, false, &stop) : GL_OK;
        }
        if (rc == GL_OK && !stop && got != DB_DONE)
                rc = GL_EDB;
        db_finalize(scan);
        if (rc == GL_OK && !stop) {
                int r = verify_count(v, rows);
                rc = r < 0 ? r : r > 0 ? report(v, "", true, &stop) : GL_OK;
        }
        return rc;
}

static int verify_kind(struct verify_kind *v)
{
        return v->k->scan ? verify_own_rows(v) : verify_in_audit_seals(v);
}

int seal_verify(struct app *app, int64_t head_id, struct seal_verify_result *out,
                struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        for (size_t i = 0; i < NKINDS && out->entity[0] == '\0'; i++) {
                struct verify_kind v = {app, &kinds[i], head_id, out, NULL, NULL};
                int rc = verify_kind(&v);
                if (rc == GL_ENOMEM)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                if (rc != GL_OK)
                        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        }
        return GL_OK;
}

/* ---- sealing a database whose rows come from before seals ---- */

struct seal_each {
        struct app *app;
        int64_t record; /* the record a row with none of its own is sealed with */
        int64_t rows;
};

/* Calls fn for every row of every kind (the rows' ids from their list or scan). */
static int each_row(struct app *app,
                    int (*fn)(struct seal_each *, const struct seal_kind *, const char *,
                              struct gl_error *),
                    struct seal_each *e, struct gl_error *err)
{
        int rc = GL_OK;
        for (size_t i = 0; i < NKINDS && rc == GL_OK; i++) {
                const struct seal_kind *k = &kinds[i];
                db_stmt *list = NULL;
                if (db_prepare(app->db, k->scan ? k->scan : k->list, &list) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                int got = DB_DONE;
                while (rc == GL_OK && (got = db_step(list)) == DB_ROW) {
                        char id[96];
                        if (k->two_keys)
                                snprintf(id, sizeof(id), "%s:%s", db_column_text(list, 1),
                                         db_column_text(list, 2));
                        else
                                snprintf(id, sizeof(id), "%s",
                                         db_column_text(list, k->scan ? 1 : 0));
                        rc = fn(e, k, id, err);
                }
                if (rc == GL_OK && got != DB_DONE)
                        rc = gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                db_finalize(list);
        }
        return rc;
}

static int count_one(struct seal_each *e, const struct seal_kind *k, const char *id,
                     struct gl_error *err)
{
        (void)k, (void)id, (void)err;
        e->rows++;
        return GL_OK;
}

static int seal_one(struct seal_each *e, const struct seal_kind *k, const char *id,
                    struct gl_error *err)
{
        int64_t at = 0;
        if (k->audit1 && newest_record(e->app, k, id, &at) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(e->app->db));
        return app_seal(e->app, k->name, id, at > 0 ? at : e->record, err);
}

int seal_all(struct app *app, struct gl_error *err)
{
        struct seal_each e = {app, 0, 0};
        int rc = each_row(app, count_one, &e, err);
        if (rc != GL_OK || e.rows == 0)
                return rc;
        /* Each row names the newest record about it, else the newest of the trail; a trail
         * without any gets one that says so. */
        char hash[129];
        if (audit_store_last(app->db, &e.record, hash) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        if (e.record == 0) {
                char detail[96];
                snprintf(detail, sizeof(detail), "{\"rows\":%lld}", (long long)e.rows);
                struct actor system = {.user_id = 0, .role = ROLE_ADMIN, .name = "greenlane"};
                if ((rc = audit_append(app, &system, "audit.seal", "audit_seals", "", detail,
                                       err)) != GL_OK)
                        return rc;
                e.record = app->pending_id;
        }
        if ((rc = each_row(app, seal_one, &e, err)) != GL_OK)
                return rc;
        for (size_t i = 0; i < NKINDS && rc == GL_OK; i++)
                if (kinds[i].count)
                        rc = seal_count_of(app, &kinds[i], e.record, err);
        return rc;
}

/* ---- sealing again what an approved correction changed ---- */

struct repair {
        struct {
                const struct seal_kind *k;
                char id[96];
                bool gone;
        } * rows;
        size_t n, cap;
};

static int gather(void *ctx, const struct seal_kind *k, const char *id, bool gone)
{
        struct repair *r = ctx;
        if (r->n == r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 64;
                void *grown = realloc(r->rows, cap * sizeof(*r->rows));
                if (grown == NULL)
                        return GL_ENOMEM;
                r->rows = grown;
                r->cap = cap;
        }
        r->rows[r->n].k = k;
        snprintf(r->rows[r->n].id, sizeof(r->rows[r->n].id), "%s", id);
        r->rows[r->n].gone = gone;
        r->n++;
        return GL_OK;
}

/* The record of a repair: how many rows, and the first REPAIR_LISTED of them by kind and id. */
#define REPAIR_LISTED 200

static char *repair_detail(const struct repair *r)
{
        json_t *list = json_array();
        for (size_t i = 0; list && i < r->n && i < REPAIR_LISTED; i++) {
                bool count = r->rows[i].id[0] == '\0'; /* a kind's count of rows */
                json_array_append_new(list, json_pack("{s:s, s:s, s:b}", "kind",
                                                      count ? "rows" : r->rows[i].k->name, "id",
                                                      count ? r->rows[i].k->name : r->rows[i].id,
                                                      "gone", r->rows[i].gone && !count));
        }
        json_t *d = list ? json_pack("{s:I, s:o}", "rows", (json_int_t)r->n, "listed", list) : NULL;
        char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(d);
        return text;
}

int app_seal_repair(struct app *app, const struct actor *who, bool dry_run, int64_t *rows,
                    int64_t *record, struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_AUDIT, NULL, err);
        if (rc != GL_OK)
                return rc;
        if (!dry_run && (rc = app_begin(app, err)) != GL_OK)
                return rc;
        char hash[129];
        int64_t head = 0;
        struct repair r = {0};
        struct seal_verify_result out = {0};
        if (audit_store_last(app->db, &head, hash) != GL_OK)
                rc = gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        for (size_t i = 0; i < NKINDS && rc == GL_OK; i++) {
                struct verify_kind v = {app, &kinds[i], head, &out, gather, &r};
                if ((rc = verify_kind(&v)) != GL_OK)
                        rc = rc == GL_ENOMEM
                                 ? gl_fail(err, GL_ENOMEM, "", "out of memory")
                                 : gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        }
        *rows = (int64_t)r.n;
        *record = 0;
        if (rc == GL_OK && !dry_run && r.n > 0) {
                char *detail = repair_detail(&r);
                rc = detail ? audit_append(app, who, "audit.seal", "audit_seals", "", detail, err)
                            : gl_fail(err, GL_ENOMEM, "", "out of memory");
                free(detail);
                *record = app->pending_id;
        }
        db_stmt *drop = NULL;
        for (size_t i = 0; rc == GL_OK && !dry_run && i < r.n; i++) {
                if (r.rows[i].id[0] == '\0') {
                        rc = seal_count_of(app, r.rows[i].k, *record, err);
                        continue;
                }
                if (!r.rows[i].gone) {
                        rc = app_seal(app, r.rows[i].k->name, r.rows[i].id, *record, err);
                        continue;
                }
                if (drop == NULL && db_prepare(app->db,
                                               "DELETE FROM audit_seals WHERE entity_type = $1 "
                                               "AND entity_id = $2",
                                               &drop) != GL_OK)
                        rc = gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                if (rc == GL_OK) {
                        db_reset(drop);
                        db_bind_text(drop, 1, r.rows[i].k->name);
                        db_bind_text(drop, 2, r.rows[i].id);
                        if (db_step(drop) != DB_DONE)
                                rc = gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                }
        }
        db_finalize(drop);
        free(r.rows);
        if (dry_run)
                return rc;
        return rc == GL_OK ? app_commit(app, err) : (app_rollback(app), rc);
}

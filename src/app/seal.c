/*
 * Seals: every business row's current state traced to the audit record it comes from. A seal
 * (table audit_seals) holds, for one row of a kind below, the id of that record and a MAC keyed
 * with the audit key over the kind, the row's id, the record's id and the row's state — its own
 * columns and, for a case, the rows that belong to it (steps, reviews, documents, deadlines, the
 * declaration, the grades it gave). Whoever can write the database but not read the key cannot
 * seal a state that greenlane did not write.
 *
 * A row is sealed in the transaction that changes it: a case, a user and a year's figures when
 * their audit record is appended (audit_append), an enterprise when an import writes it or a
 * decision changes its grade (the record that follows in the same transaction). seal_verify
 * recomputes every seal; for a case and a user the seal may not be older than the newest record
 * about it, nor an enterprise's than the newest decision on its grade, so that a row put back to
 * an earlier sealed state is found too.
 */
#include "seal.h"

#include "audit.h"
#include "scope.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_PARTS 7

struct seal_kind {
        const char *name;    /* audit_seals.entity_type */
        const char *label;   /* the row, said to people: 案件 (case) */
        bool int_id;         /* the id binds as an integer */
        bool two_keys;       /* the id is KEY:YEAR, bound as $1 and $2 */
        const char *audit1;  /* audit records about it have this entity_type (NULL: none)... */
        const char *audit2;  /* ...or this one */
        const char *list;    /* every row's id, in order */
        const char *orphans; /* seals of this kind whose row is gone */
        const char *parts[MAX_PARTS]; /* the state: the row, then what belongs to it */
};

static const struct seal_kind kinds[] = {
    {"case",
     "案件 (case)",
     true,
     false,
     "case",
     "declaration",
     "SELECT id FROM cases ORDER BY id",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'case' AND NOT EXISTS (SELECT 1 FROM "
     "cases c WHERE CAST(c.id AS TEXT) = audit_seals.entity_id) ORDER BY entity_id",
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
     "用户 (user)",
     false,
     false,
     "user",
     NULL,
     "SELECT username FROM users ORDER BY username",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'user' AND NOT EXISTS (SELECT 1 FROM "
     "users u WHERE u.username = audit_seals.entity_id) ORDER BY entity_id",
     {"SELECT id, username, role, uscc, department, password_hash, disabled, display_name FROM "
      "users WHERE username = $1"}},
    {"enterprise",
     "企业 (enterprise)",
     false,
     false,
     NULL,
     NULL,
     "SELECT uscc FROM enterprises ORDER BY uscc",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'enterprise' AND NOT EXISTS (SELECT 1 "
     "FROM enterprises e WHERE e.uscc = audit_seals.entity_id) ORDER BY entity_id",
     {"SELECT uscc, name, industry, township, grade, air_emitter, key_air_emitter, positive_list, "
      "division FROM enterprises WHERE uscc = $1"}},
    {"annual",
     "年度数据 (annual figures)",
     false,
     true,
     "annual_figures",
     NULL,
     "SELECT uscc || ':' || year FROM annual_figures ORDER BY uscc, year",
     "SELECT entity_id FROM audit_seals WHERE entity_type = 'annual' AND NOT EXISTS (SELECT 1 FROM "
     "annual_figures a WHERE a.uscc || ':' || a.year = audit_seals.entity_id) ORDER BY entity_id",
     {"SELECT uscc, year, tax_fen, rd_fen, revenue_fen, so2_g, nox_g, pm_g, vocs_g, cod_g, "
      "nh3n_g, tax_confirmed FROM annual_figures WHERE uscc = $1 AND year = $2"}},
};
#define NKINDS (sizeof(kinds) / sizeof(kinds[0]))

/* Statements of one kind, prepared on first use and kept for the connection's life. */
struct kind_stmts {
        db_stmt *parts[MAX_PARTS];
};

struct seal_cache {
        struct kind_stmts kinds[NKINDS];
        db_stmt *put;
        db_stmt *get;
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
        for (size_t k = 0; k < NKINDS; k++)
                for (size_t p = 0; p < MAX_PARTS; p++)
                        db_finalize(c->kinds[k].parts[p]);
        db_finalize(c->put);
        db_finalize(c->get);
        free(c);
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

/* The MAC of the row's state as it is now; *exists false when the row is gone. */
static int state_mac(struct app *app, const struct seal_kind *k, const char *id, int64_t audit_id,
                     char out[65], bool *exists)
{
        struct seal_cache *c;
        int rc = cache_of(app, &c);
        if (rc != GL_OK)
                return rc;
        struct kind_stmts *ks = &c->kinds[k - kinds];
        crypto_generichash_state s;
        unsigned char h[crypto_generichash_BYTES];
        char num[24];
        crypto_generichash_init(&s, app->audit_key, sizeof(app->audit_key), sizeof(h));
        feed_value(&s, k->name);
        feed_value(&s, id);
        snprintf(num, sizeof(num), "%lld", (long long)audit_id);
        feed_value(&s, num);
        *exists = false;
        for (size_t p = 0; p < MAX_PARTS && k->parts[p]; p++) {
                if (ks->parts[p] == NULL &&
                    (rc = db_prepare(app->db, k->parts[p], &ks->parts[p])) != GL_OK)
                        return rc;
                db_stmt *st = ks->parts[p];
                db_reset(st);
                if ((rc = bind_id(k, st, id)) != GL_OK)
                        return rc;
                snprintf(num, sizeof(num), "part %zu", p);
                feed_value(&s, num);
                while ((rc = db_step(st)) == DB_ROW) {
                        if (p == 0)
                                *exists = true;
                        feed_value(&s, "row");
                        for (int col = 0; col < db_column_count(st); col++)
                                feed_value(&s, db_column_is_null(st, col)
                                                   ? NULL
                                                   : db_column_text(st, col));
                }
                db_reset(st);
                if (rc != DB_DONE)
                        return rc < 0 ? rc : GL_EDB;
                if (p == 0 && !*exists)
                        break;
        }
        crypto_generichash_final(&s, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
        return GL_OK;
}

int app_seal(struct app *app, const char *kind, const char *id, int64_t audit_id,
             struct gl_error *err)
{
        const struct seal_kind *k = kind_named(kind);
        if (k == NULL)
                return gl_fail(err, GL_EINVAL, "", "seal: no kind %s", kind);
        if (audit_id == 0) {
                /* The record the transaction appends next: after its last one, or after the
                 * trail's newest. */
                char hash[129];
                int64_t last = app->pending_id;
                if (last == 0 && audit_store_last(app->db, &last, hash) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                audit_id = last + 1;
        }
        char mac[65];
        bool exists;
        struct seal_cache *c;
        int rc = state_mac(app, k, id, audit_id, mac, &exists);
        if (rc == GL_OK && !exists)
                return GL_OK;
        if (rc == GL_OK)
                rc = cache_of(app, &c);
        if (rc == GL_OK && c->put == NULL)
                rc = db_prepare(app->db,
                                "INSERT INTO audit_seals (entity_type, entity_id, audit_id, mac) "
                                "VALUES ($1, $2, $3, $4) ON CONFLICT (entity_type, entity_id) DO "
                                "UPDATE SET audit_id = excluded.audit_id, mac = excluded.mac",
                                &c->put);
        if (rc == GL_OK) {
                db_reset(c->put);
                db_bind_text(c->put, 1, k->name);
                db_bind_text(c->put, 2, id);
                db_bind_int64(c->put, 3, audit_id);
                db_bind_text(c->put, 4, mac);
                rc = db_step(c->put);
                db_reset(c->put);
                rc = rc == DB_DONE ? GL_OK : GL_EDB;
        }
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal %s %s: %s", kind, id, db_errmsg(app->db));
        return GL_OK;
}

/* The newest audit record about the row, 0 when none. */
static int newest_record(struct app *app, const struct seal_kind *k, const char *id, int64_t *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(app->db,
                            "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE entity_id = $3 AND "
                            "(entity_type = $1 OR entity_type = $2)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, k->audit1);
        db_bind_text(st, 2, k->audit2 ? k->audit2 : k->audit1);
        db_bind_text(st, 3, id);
        rc = db_step_int64(st, out);
        db_finalize(st);
        return rc;
}

/* Whether a grade change (a decision that set the grade) came after the record the enterprise's
 * seal names: its state is then older than the grade it was given. */
static int older_than_grade(struct app *app, const char *uscc, int64_t audit_id, bool *older)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(app->db,
                       "SELECT 1 FROM grade_history h WHERE h.uscc = $1 AND h.kind <> 'formal' "
                       "AND h.created_at > (SELECT a.at FROM audit_log a WHERE a.id = $2) "
                       "LIMIT 1",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_int64(st, 2, audit_id);
        rc = db_step(st);
        *older = rc == DB_ROW;
        rc = rc == DB_ROW || rc == DB_DONE ? GL_OK : GL_EDB;
        db_finalize(st);
        return rc;
}

struct verify_kind {
        struct app *app;
        const struct seal_kind *k;
        int64_t head_id;
        struct seal_verify_result *out;
        db_stmt *get;
        /* NULL: stop at the first row that does not hold; else told of each, and on. */
        int (*on_broken)(void *ctx, const struct seal_kind *k, const char *id, bool gone);
        void *ctx;
};

static int broken(struct seal_verify_result *out, const struct seal_kind *k, const char *id,
                  const char *why_zh, const char *why_en)
{
        snprintf(out->entity, sizeof(out->entity), "%s %s", k->name, id);
        snprintf(out->reason, sizeof(out->reason), "%s %s：%s (%s %s: %s)", k->label, id, why_zh,
                 k->name, id, why_en);
        return 1;
}

static int verify_row(struct verify_kind *v, const char *id)
{
        struct seal_verify_result *out = v->out;
        db_stmt *get = v->get;
        db_reset(get);
        db_bind_text(get, 1, v->k->name);
        db_bind_text(get, 2, id);
        int rc = db_step(get);
        if (rc != DB_ROW) {
                db_reset(get);
                return rc == DB_DONE ? broken(out, v->k, id, "没有封记，不是由本系统写入的",
                                              "no seal: not written by greenlane")
                                     : GL_EDB;
        }
        int64_t audit_id = db_column_int64(get, 0);
        char stored[129];
        snprintf(stored, sizeof(stored), "%s", db_column_text(get, 1));
        db_reset(get);
        char mac[65];
        bool exists;
        if ((rc = state_mac(v->app, v->k, id, audit_id, mac, &exists)) != GL_OK)
                return rc;
        out->rows++;
        if (sodium_memcmp(mac, stored, 64) != 0 || strlen(stored) != 64)
                return broken(out, v->k, id, "当前状态与其封记不符，已在本系统之外被改动",
                              "its state does not match its seal: changed outside greenlane");
        if (audit_id < 1 || audit_id > v->head_id)
                return broken(out, v->k, id, "封记所指的审计记录不存在",
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
                        return broken(out, v->k, id, zh, en);
                }
        }
        if (strcmp(v->k->name, "enterprise") == 0) {
                bool older;
                if ((rc = older_than_grade(v->app, id, audit_id, &older)) != GL_OK)
                        return rc;
                if (older)
                        return broken(out, v->k, id, "状态早于其后的等级决定，已被改回",
                                      "its state is older than a grade decided since: put back "
                                      "by hand");
        }
        return 0;
}

static int verify_kind(struct verify_kind *v)
{
        struct app *app = v->app;
        const struct seal_kind *k = v->k;
        db_stmt *list = NULL, *orphans = NULL;
        int rc = db_prepare(app->db,
                            "SELECT audit_id, mac FROM audit_seals WHERE entity_type = $1 AND "
                            "entity_id = $2",
                            &v->get);
        if (rc == GL_OK)
                rc = db_prepare(app->db, k->list, &list);
        int got = DB_DONE;
        while (rc == GL_OK && (got = db_step(list)) == DB_ROW) {
                char id[96];
                snprintf(id, sizeof(id), "%s", db_column_text(list, 0));
                int r = verify_row(v, id);
                if (r < 0)
                        rc = r;
                else if (r > 0 && v->on_broken == NULL)
                        break;
                else if (r > 0 && (rc = v->on_broken(v->ctx, k, id, false)) == GL_OK)
                        v->out->entity[0] = '\0';
        }
        if (rc == GL_OK && got != DB_ROW && got != DB_DONE)
                rc = GL_EDB;
        if (rc == GL_OK && v->out->entity[0] == '\0' &&
            (rc = db_prepare(app->db, k->orphans, &orphans)) == GL_OK) {
                while (rc == GL_OK && (got = db_step(orphans)) == DB_ROW) {
                        char id[96];
                        snprintf(id, sizeof(id), "%s", db_column_text(orphans, 0));
                        broken(v->out, k, id, "有封记而无此行，已在本系统之外被删除",
                               "sealed but gone: deleted outside greenlane");
                        if (v->on_broken == NULL)
                                break;
                        if ((rc = v->on_broken(v->ctx, k, id, true)) == GL_OK)
                                v->out->entity[0] = '\0';
                }
                if (rc == GL_OK && got != DB_ROW && got != DB_DONE)
                        rc = GL_EDB;
        }
        db_finalize(orphans);
        db_finalize(list);
        db_finalize(v->get);
        return rc;
}

int seal_verify(struct app *app, int64_t head_id, struct seal_verify_result *out,
                struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        for (size_t i = 0; i < NKINDS && out->entity[0] == '\0'; i++) {
                struct verify_kind v = {app, &kinds[i], head_id, out, NULL, NULL, NULL};
                int rc = verify_kind(&v);
                if (rc == GL_ENOMEM)
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                if (rc != GL_OK)
                        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        }
        return GL_OK;
}

static int count_rows(void *ctx, const struct seal_kind *k, const char *id, struct gl_error *err)
{
        (void)k, (void)id, (void)err;
        ++*(int64_t *)ctx;
        return GL_OK;
}

struct seal_each {
        struct app *app;
        int64_t record; /* the record of the sealing */
};

static int seal_one(void *ctx, const struct seal_kind *k, const char *id, struct gl_error *err)
{
        struct seal_each *e = ctx;
        int64_t at = 0;
        if (k->audit1 && newest_record(e->app, k, id, &at) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(e->app->db));
        return app_seal(e->app, k->name, id, at > 0 ? at : e->record, err);
}

/* Calls fn for every row of every kind. */
static int each_row(struct app *app,
                    int (*fn)(void *, const struct seal_kind *, const char *, struct gl_error *),
                    void *ctx, struct gl_error *err)
{
        int rc = GL_OK;
        for (size_t i = 0; i < NKINDS && rc == GL_OK; i++) {
                db_stmt *list = NULL;
                if (db_prepare(app->db, kinds[i].list, &list) != GL_OK)
                        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                int got = DB_DONE;
                while (rc == GL_OK && (got = db_step(list)) == DB_ROW) {
                        char id[96];
                        snprintf(id, sizeof(id), "%s", db_column_text(list, 0));
                        rc = fn(ctx, &kinds[i], id, err);
                }
                if (rc == GL_OK && got != DB_DONE)
                        rc = gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
                db_finalize(list);
        }
        return rc;
}

int seal_all(struct app *app, struct gl_error *err)
{
        int64_t rows = 0;
        int rc = each_row(app, count_rows, &rows, err);
        if (rc != GL_OK || rows == 0)
                return rc;
        /* Each row names the newest record about it, else the newest of the trail; a trail
         * without any gets one that says so. */
        char hash[129];
        struct seal_each e = {app, 0};
        if (audit_store_last(app->db, &e.record, hash) != GL_OK)
                return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
        if (e.record == 0) {
                char detail[96];
                snprintf(detail, sizeof(detail), "{\"rows\":%lld}", (long long)rows);
                struct actor system = {.user_id = 0, .role = ROLE_ADMIN, .name = "greenlane"};
                if ((rc = audit_append(app, &system, "audit.seal", "audit_seals", "", detail,
                                       err)) != GL_OK)
                        return rc;
                e.record = app->pending_id;
        }
        return each_row(app, seal_one, &e, err);
}

/* Rows to seal again, gathered before any is written. */
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
        for (size_t i = 0; list && i < r->n && i < REPAIR_LISTED; i++)
                json_array_append_new(list,
                                      json_pack("{s:s, s:s, s:b}", "kind", r->rows[i].k->name, "id",
                                                r->rows[i].id, "gone", r->rows[i].gone));
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
                struct verify_kind v = {app, &kinds[i], head, &out, NULL, gather, &r};
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

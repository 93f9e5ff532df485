/*
 * Seals: every business row's current state traced to the audit record it comes from. A seal
 * holds, for one row of a kind of store/seal_store.h, the id of that record and a MAC keyed with
 * the audit key over the kind, the row's id, the record's id and the row's state — its own columns
 * and, for a case, the rows that belong to it (steps, reviews, documents, deadlines, the
 * declaration, the grades it gave), for a supply-chain link its help targets. Whoever can write
 * the database but not read the key cannot seal a state that greenlane did not write. An
 * enterprise's and a year's seal, kept in its own row, holds the MAC cut to 128 bits; the tables
 * of those two have their count of rows sealed, so that a row deleted by hand is found as well.
 *
 * A row is sealed in the transaction that changes it: a case, a user, a year's figures and a
 * supply-chain link when their audit record is appended (audit_append; a help target's record is
 * about its link), a row an import writes as it is written, an enterprise whose grade a decision
 * changes with the record that follows in the same transaction. seal_verify recomputes every seal;
 * a seal may not be older than the newest record about its case, user, year's figures or link, an
 * enterprise's than the newest decision on its grade, a count than the newest import, so that a
 * row put back to an earlier sealed state is found too.
 */
#include "seal.h"

#include "audit.h"
#include "scope.h"

#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROW_MAC_HEX 32 /* the MAC kept in a row: 128 bits */

/* What the rules of verification know of a kind, beside its SQL (store/seal_store.c). */
static const struct {
        const char *label;  /* the row, said to people */
        const char *audit1; /* audit records about it have this entity_type (NULL: none)... */
        const char *audit2; /* ...or this one */
        const char *import_action; /* sealed in its own rows: the action of its import */
} rules[SEAL_KINDS_] = {
    [SEAL_CASE] = {"案件", "case", "declaration", NULL},
    [SEAL_USER] = {"用户", "user", NULL, NULL},
    [SEAL_AVERAGE] = {"行业平均水平", NULL, NULL, NULL},
    [SEAL_ENTERPRISE] = {"企业", NULL, NULL, "enterprise.import"},
    [SEAL_ANNUAL] = {"年度数据", "annual_figures", NULL, "annual.import"},
    [SEAL_SUPPLY] = {"上下游关系", "supply_link", NULL, NULL},
    [SEAL_EXPERT] = {"专家库成员", "expert", NULL, NULL},
    [SEAL_SITE] = {"施工工地", "site", NULL, NULL},
};

bool seal_kind_of_audit(const char *entity_type, enum seal_kind *kind)
{
        for (int k = 0; k < SEAL_KINDS_; k++)
                if ((rules[k].audit1 && strcmp(rules[k].audit1, entity_type) == 0) ||
                    (rules[k].audit2 && strcmp(rules[k].audit2, entity_type) == 0)) {
                        *kind = (enum seal_kind)k;
                        return true;
                }
        return false;
}

static int store_of(struct app *app, struct seal_store **out)
{
        if (app->seals == NULL && (app->seals = seal_store_new(app->db)) == NULL)
                return GL_ENOMEM;
        *out = app->seals;
        return GL_OK;
}

/* A failure of the store said as an error. */
static int failed(struct app *app, int rc, struct gl_error *err)
{
        if (rc == GL_ENOMEM)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        return gl_fail(err, GL_EDB, "", "seal: %s", db_errmsg(app->db));
}

/* ---- the MACs ---- */

/*
 * A MAC being made. What is fed is gathered in buf and given to BLAKE2b a buffer at a time, not
 * a piece at a time: a row's seal is some 26 short pieces, and each call into libsodium costs
 * about as much as hashing the piece (a million sealed rows: 0.5 s of an import's 2.5, fed by
 * the piece). BLAKE2b's result depends only on the bytes, not on how they were cut.
 */
struct mac {
        crypto_generichash_state s;
        size_t part;    /* the part being fed, +1; 0 before the first */
        int max_values; /* the columns of a row fed: all but for a seal of format 1 */
        size_t used;    /* of buf */
        unsigned char buf[512];
};

static void feed_bytes(struct mac *m, const char *bytes, size_t n)
{
        if (m->used + n > sizeof(m->buf)) {
                crypto_generichash_update(&m->s, m->buf, m->used);
                m->used = 0;
        }
        if (n > sizeof(m->buf)) {
                crypto_generichash_update(&m->s, (const unsigned char *)bytes, n);
                return;
        }
        memcpy(m->buf + m->used, bytes, n);
        m->used += n;
}

/* Feeds one value, its length first; SQL NULL as "-" with no length, unlike any text. */
static void feed_value(struct mac *m, const char *v)
{
        if (v == NULL) {
                feed_bytes(m, "-", 1);
                return;
        }
        char len[24];
        size_t size = strlen(v);
        size_t n = gl_format_i64((int64_t)size, len);
        len[n++] = ':';
        feed_bytes(m, len, n);
        feed_bytes(m, v, size);
}

/*
 * The state of a MAC once the key and the kind are fed, kept for the next MAC of that kind and
 * key: the key is a whole block of BLAKE2b's, which every MAC would hash again (a third of a
 * sealed row's work).
 */
struct seal_prefix {
        unsigned char key[32];
        char kind[32];
        crypto_generichash_state s;
};

static void mac_begin(struct app *app, struct mac *m, const char *kind, const char *id,
                      int64_t audit_id)
{
        char num[24];
        struct seal_prefix *p = app->seal_prefix;
        m->used = 0;
        if (p != NULL && strcmp(p->kind, kind) == 0 &&
            sodium_memcmp(p->key, app->audit_key, sizeof(p->key)) == 0) {
                m->s = p->s;
        } else {
                crypto_generichash_init(&m->s, app->audit_key, sizeof(app->audit_key),
                                        crypto_generichash_BYTES);
                feed_value(m, kind);
                crypto_generichash_update(&m->s, m->buf, m->used);
                m->used = 0;
                if (p == NULL)
                        p = app->seal_prefix = malloc(sizeof(*p));
                if (p != NULL && strlen(kind) < sizeof(p->kind)) {
                        memcpy(p->key, app->audit_key, sizeof(p->key));
                        snprintf(p->kind, sizeof(p->kind), "%s", kind);
                        p->s = m->s;
                } else if (p != NULL) {
                        p->kind[0] = '\0'; /* no kind's name is empty */
                }
        }
        feed_value(m, id);
        gl_format_i64(audit_id, num);
        feed_value(m, num);
        m->part = 0;
        m->max_values = SEAL_MAX_VALUES;
}

/* A row of part `part` of the state (seal_row_fn); each part named as it begins. */
static int mac_row(void *ctx, size_t part, const char *const *values, int n)
{
        struct mac *m = ctx;
        while (m->part <= part) {
                char name[32] = "part ";
                gl_format_i64((int64_t)m->part++, name + 5);
                feed_value(m, name);
        }
        feed_value(m, "row");
        for (int i = 0; i < n && i < m->max_values; i++)
                feed_value(m, values[i]);
        return GL_OK;
}

/* The MAC in hex: 64 digits, or ROW_MAC_HEX for a kind sealed in its own rows. */
static void mac_end(struct mac *m, bool in_row, char out[65])
{
        unsigned char h[crypto_generichash_BYTES];
        crypto_generichash_update(&m->s, m->buf, m->used);
        crypto_generichash_final(&m->s, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
        if (in_row)
                out[ROW_MAC_HEX] = '\0';
}

/* The MAC of row id's state as it is now, in seal format `format` (SEAL_FORMAT when writing);
 * *exists false when the row is gone. */
static int state_mac(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
                     int format, char out[65], bool *exists)
{
        struct seal_store *s;
        struct mac m;
        int rc = store_of(app, &s);
        if (rc != GL_OK)
                return rc;
        mac_begin(app, &m, seal_kind_name(k), id, audit_id);
        if (format == 1)
                m.max_values = SEAL_FORMAT1_VALUES;
        if ((rc = seal_store_state(s, k, id, mac_row, &m, exists)) != GL_OK)
                return rc;
        mac_end(&m, seal_kind_in_row(k), out);
        return GL_OK;
}

/* The MAC of a count: how many rows of kind k, as of record audit_id. */
static void count_mac(struct app *app, enum seal_kind k, int64_t audit_id, int64_t n, char out[65])
{
        struct mac m;
        char num[24];
        mac_begin(app, &m, "rows", seal_kind_name(k), audit_id);
        snprintf(num, sizeof(num), "%lld", (long long)n);
        feed_value(&m, num);
        mac_end(&m, false, out);
}

void app_seal_forget(struct app *app)
{
        if (app->seal_prefix != NULL)
                sodium_memzero(app->seal_prefix, sizeof(*app->seal_prefix));
        free(app->seal_prefix);
        app->seal_prefix = NULL;
}

/* ---- sealing ---- */

int audit_next_id(struct app *app, int64_t *id)
{
        char hash[129];
        int64_t last = app->pending_id;
        if (last == 0 && audit_store_last(app->db, &last, hash) != GL_OK)
                return GL_EDB;
        *id = last + 1;
        return GL_OK;
}

int app_seal(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
             struct gl_error *err)
{
        if (audit_id == 0 && audit_next_id(app, &audit_id) != GL_OK)
                return failed(app, GL_EDB, err);
        char mac[65];
        bool exists;
        int rc = state_mac(app, k, id, audit_id, SEAL_FORMAT, mac, &exists);
        if (rc == GL_OK && exists)
                rc = seal_store_put(app->seals, k, id, audit_id, mac);
        return rc == GL_OK ? GL_OK : failed(app, rc, err);
}

int app_seal_written(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
                     const char *const *values, int n, struct gl_error *err)
{
        if (!seal_kind_one_part(k))
                return gl_fail(err, GL_EINVAL, "", "seal: %s is not sealed from one row",
                               seal_kind_name(k));
        struct seal_store *s;
        struct mac m;
        char mac[65];
        int rc = store_of(app, &s);
        if (rc == GL_OK) {
                mac_begin(app, &m, seal_kind_name(k), id, audit_id);
                mac_row(&m, 0, values, n);
                mac_end(&m, seal_kind_in_row(k), mac);
                rc = seal_store_put(s, k, id, audit_id, mac);
        }
        return rc == GL_OK ? GL_OK : failed(app, rc, err);
}

int app_seal_text(struct app *app, enum seal_kind k, const char *id, int64_t audit_id,
                  const char *const *values, int n, char *out, size_t size)
{
        if (!seal_kind_one_part(k) || !seal_kind_in_row(k))
                return GL_EINVAL;
        struct mac m;
        char mac[65];
        mac_begin(app, &m, seal_kind_name(k), id, audit_id);
        mac_row(&m, 0, values, n);
        mac_end(&m, true, mac);
        seal_store_format(audit_id, mac, out, size);
        return GL_OK;
}

int app_seal_count(struct app *app, enum seal_kind k, int64_t audit_id, struct gl_error *err)
{
        struct seal_store *s;
        int64_t n = 0;
        char mac[65];
        int rc = store_of(app, &s);
        if (rc == GL_OK)
                rc = seal_store_count(app->db, k, &n);
        if (rc == GL_OK) {
                count_mac(app, k, audit_id, n, mac);
                rc = seal_store_put_count(s, k, audit_id, mac, n);
        }
        return rc == GL_OK ? GL_OK : failed(app, rc, err);
}

/* ---- verifying ---- */

struct verify_kind {
        struct app *app;
        enum seal_kind k;
        int64_t head_id;
        struct seal_verify_result *out;
        /* NULL: stop at the first row that does not hold; else told of each, and on (id "":
         * the count). */
        int (*on_broken)(void *ctx, enum seal_kind k, const char *id, bool gone);
        void *ctx;
        int64_t rows; /* rows of a kind sealed in its own rows, as scanned */
        bool stop;    /* a row did not hold and on_broken is NULL */
};

/* Says why the row id does not hold (id "": the kind's count of rows), then tells on_broken or
 * stops. */
static int broken(struct verify_kind *v, const char *id, bool gone, const char *why_zh,
                  const char *why_en)
{
        struct seal_verify_result *out = v->out;
        const char *name = seal_kind_name(v->k), *label = rules[v->k].label;
        if (id[0] == '\0') {
                snprintf(out->entity, sizeof(out->entity), "rows %s", name);
                snprintf(out->reason, sizeof(out->reason), "%s：%s (%s: %s)", label, why_zh, name,
                         why_en);
        } else {
                snprintf(out->entity, sizeof(out->entity), "%s %s", name, id);
                snprintf(out->reason, sizeof(out->reason), "%s %s：%s (%s %s: %s)", label, id,
                         why_zh, name, id, why_en);
        }
        if (v->on_broken == NULL) {
                v->stop = true;
                return GL_OK;
        }
        int rc = v->on_broken(v->ctx, v->k, id, gone);
        out->entity[0] = '\0';
        return rc;
}

static const char no_seal_zh[] = "没有封记，不是由本系统写入的";
static const char no_seal_en[] = "no seal: not written by greenlane";
static const char changed_zh[] = "当前状态与其封记不符，已在本系统之外被改动";
static const char changed_en[] = "its state does not match its seal: changed outside greenlane";

/* A row whose MAC (mac, against the stored one) is checked, and then whose record exists and is
 * not older than it may be. */
static int check_row(struct verify_kind *v, const char *id, int64_t audit_id, const char *mac,
                     const char *stored)
{
        int rc;
        v->out->rows++;
        if (strlen(stored) != strlen(mac) || sodium_memcmp(mac, stored, strlen(mac)) != 0)
                return broken(v, id, false, changed_zh, changed_en);
        if (audit_id < 1 || audit_id > v->head_id)
                return broken(v, id, false, "封记所指的审计记录不存在",
                              "its seal names an audit record that does not exist");
        if (rules[v->k].audit1) {
                int64_t newest = 0;
                if ((rc = seal_store_newest_record(v->app->seals, rules[v->k].audit1,
                                                   rules[v->k].audit2, id, &newest)) != GL_OK)
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
                        return broken(v, id, false, zh, en);
                }
        }
        if (v->k == SEAL_ENTERPRISE) {
                bool after;
                if ((rc = seal_store_grade_after(v->app->seals, id, audit_id, &after)) != GL_OK)
                        return rc;
                if (after)
                        return broken(v, id, false, "状态早于其后的等级决定，已被改回",
                                      "its state is older than a grade decided since: put back "
                                      "by hand");
        }
        return GL_OK;
}

/* A row sealed in audit_seals (seal_store_ids). */
static int verify_listed(void *ctx, const char *id_text)
{
        struct verify_kind *v = ctx;
        if (v->stop)
                return GL_OK;
        char id[96], stored[129], mac[65];
        int64_t audit_id = 0;
        int format = SEAL_FORMAT;
        bool exists;
        snprintf(id, sizeof(id), "%s", id_text);
        int rc = seal_store_get(v->app->seals, v->k, id, &audit_id, stored, &format);
        if (rc == GL_ENOTFOUND)
                return broken(v, id, false, no_seal_zh, no_seal_en);
        if (rc != GL_OK ||
            (rc = state_mac(v->app, v->k, id, audit_id, format, mac, &exists)) != GL_OK)
                return rc;
        return check_row(v, id, audit_id, mac, stored);
}

/* A seal in audit_seals whose row is gone (seal_store_orphans). */
static int verify_orphan(void *ctx, const char *id)
{
        struct verify_kind *v = ctx;
        return v->stop ? GL_OK
                       : broken(v, id, true, "有封记而无此行，已在本系统之外被删除",
                                "sealed but gone: deleted outside greenlane");
}

/* A row sealed in its own row (seal_store_scan). */
static int verify_in_row(void *ctx, const char *id, int64_t audit_id, const char *stored,
                         const char *const *values, int n)
{
        struct verify_kind *v = ctx;
        if (v->stop)
                return GL_OK;
        v->rows++;
        if (stored[0] == '\0')
                return broken(v, id, false, no_seal_zh, no_seal_en);
        struct mac m;
        char mac[65];
        mac_begin(v->app, &m, seal_kind_name(v->k), id, audit_id);
        mac_row(&m, 0, values, n);
        mac_end(&m, true, mac);
        return check_row(v, id, audit_id, mac, stored);
}

/* The count of a kind sealed in its rows: as many rows as sealed, as of its newest import. */
static int verify_count(struct verify_kind *v)
{
        struct app *app = v->app;
        int64_t audit_id = 0, n = 0, newest = 0, rows = v->rows;
        char stored[129] = "", mac[65], zh[200], en[200];
        int rc = seal_store_get_count(app->db, v->k, &audit_id, stored, &n);
        bool none = rc == GL_ENOTFOUND;
        if (rc != GL_OK && !none)
                return rc;
        if (none && rows == 0)
                return GL_OK;
        if ((rc = audit_store_newest_of_action(app->db, rules[v->k].import_action, &newest)) !=
            GL_OK)
                return rc;
        count_mac(app, v->k, audit_id, n, mac);
        if (none || strlen(stored) != 64 || sodium_memcmp(mac, stored, 64) != 0) {
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
                return GL_OK;
        }
        return broken(v, "", true, zh, en);
}

static int verify_kind(struct verify_kind *v)
{
        struct seal_store *s;
        int rc = store_of(v->app, &s);
        if (rc != GL_OK)
                return rc;
        if (seal_kind_in_row(v->k)) {
                rc = seal_store_scan(v->app->db, v->k, verify_in_row, v);
                return rc == GL_OK && !v->stop ? verify_count(v) : rc;
        }
        rc = seal_store_ids(v->app->db, v->k, verify_listed, v);
        return rc == GL_OK && !v->stop ? seal_store_orphans(v->app->db, v->k, verify_orphan, v)
                                       : rc;
}

int seal_verify(struct app *app, int64_t head_id, struct seal_verify_result *out,
                struct gl_error *err)
{
        memset(out, 0, sizeof(*out));
        for (int k = 0; k < SEAL_KINDS_ && out->entity[0] == '\0'; k++) {
                struct verify_kind v = {app, (enum seal_kind)k, head_id, out, NULL, NULL, 0, false};
                int rc = verify_kind(&v);
                if (rc != GL_OK)
                        return failed(app, rc, err);
        }
        return GL_OK;
}

/* ---- sealing a database whose rows come from before seals ---- */

struct seal_each {
        struct app *app;
        enum seal_kind k;
        int64_t record; /* the record a row with none of its own is sealed with */
        int64_t rows;
        struct gl_error *err;
        bool said; /* a failure of seal_one, already in err */
};

static int count_one(void *ctx, const char *id)
{
        (void)id;
        ((struct seal_each *)ctx)->rows++;
        return GL_OK;
}

static int seal_one(void *ctx, const char *id_text)
{
        struct seal_each *e = ctx;
        char id[96];
        int64_t at = 0;
        snprintf(id, sizeof(id), "%s", id_text);
        if (rules[e->k].audit1) {
                struct seal_store *s;
                int rc = store_of(e->app, &s);
                if (rc == GL_OK)
                        rc = seal_store_newest_record(s, rules[e->k].audit1, rules[e->k].audit2, id,
                                                      &at);
                if (rc != GL_OK) {
                        e->said = true;
                        return failed(e->app, rc, e->err);
                }
        }
        int rc = app_seal(e->app, e->k, id, at > 0 ? at : e->record, e->err);
        e->said = rc != GL_OK;
        return rc;
}

/* Calls fn with every row's id of every kind. */
static int each_row(struct seal_each *e, int (*fn)(void *ctx, const char *id))
{
        for (int k = 0; k < SEAL_KINDS_; k++) {
                e->k = (enum seal_kind)k;
                int rc = seal_store_ids(e->app->db, e->k, fn, e);
                if (rc != GL_OK)
                        return e->said ? rc : failed(e->app, rc, e->err);
        }
        return GL_OK;
}

int seal_all(struct app *app, struct gl_error *err)
{
        struct seal_each e = {app, SEAL_CASE, 0, 0, err, false};
        int rc = each_row(&e, count_one);
        if (rc != GL_OK || e.rows == 0)
                return rc;
        /* Each row names the newest record about it, else the newest of the trail; a trail
         * without any gets one that says so. */
        char hash[129];
        if (audit_store_last(app->db, &e.record, hash) != GL_OK)
                return failed(app, GL_EDB, err);
        if (e.record == 0) {
                char detail[96];
                snprintf(detail, sizeof(detail), "{\"rows\":%lld}", (long long)e.rows);
                struct actor system = {.user_id = 0, .role = ROLE_ADMIN, .name = "greenlane"};
                if ((rc = audit_append(app, &system, "audit.seal", "audit_seals", "", detail,
                                       err)) != GL_OK)
                        return rc;
                e.record = app->pending_id;
        }
        if ((rc = each_row(&e, seal_one)) != GL_OK)
                return rc;
        for (int k = 0; k < SEAL_KINDS_ && rc == GL_OK; k++)
                if (seal_kind_in_row((enum seal_kind)k))
                        rc = app_seal_count(app, (enum seal_kind)k, e.record, err);
        return rc;
}

/* ---- sealing again what an approved correction changed ---- */

/* Rows to seal again, gathered before any is written. */
struct repair {
        struct {
                enum seal_kind k;
                char id[96];
                bool gone;
        } * rows;
        size_t n, cap;
};

static int gather(void *ctx, enum seal_kind k, const char *id, bool gone)
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
                const char *name = seal_kind_name(r->rows[i].k);
                json_array_append_new(list,
                                      json_pack("{s:s, s:s, s:b}", "kind", count ? "rows" : name,
                                                "id", count ? name : r->rows[i].id, "gone",
                                                r->rows[i].gone && !count));
        }
        json_t *d = list ? json_pack("{s:I, s:o}", "rows", (json_int_t)r->n, "listed", list) : NULL;
        char *text = d ? json_dumps(d, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
        json_decref(d);
        return text;
}

/* Seals again each gathered row naming record, drops the seals of rows that are gone. */
static int reseal(struct app *app, const struct repair *r, int64_t record, struct gl_error *err)
{
        int rc = GL_OK;
        for (size_t i = 0; rc == GL_OK && i < r->n; i++) {
                enum seal_kind k = r->rows[i].k;
                const char *id = r->rows[i].id;
                if (id[0] == '\0')
                        rc = app_seal_count(app, k, record, err);
                else if (!r->rows[i].gone)
                        rc = app_seal(app, k, id, record, err);
                else if ((rc = seal_store_delete(app->seals, k, id)) != GL_OK)
                        rc = failed(app, rc, err);
        }
        return rc;
}

int app_seal_repair(struct app *app, const struct actor *who, bool dry_run, int64_t *rows,
                    int64_t *record, struct gl_error *err)
{
        int rc = app_scope_audit(app, who, err);
        if (rc != GL_OK)
                return rc;
        if (!dry_run && (rc = app_begin(app, err)) != GL_OK)
                return rc;
        char hash[129];
        int64_t head = 0;
        struct repair r = {0};
        struct seal_verify_result out = {0};
        if (audit_store_last(app->db, &head, hash) != GL_OK)
                rc = failed(app, GL_EDB, err);
        for (int k = 0; k < SEAL_KINDS_ && rc == GL_OK; k++) {
                struct verify_kind v = {app, (enum seal_kind)k, head, &out, gather, &r, 0, false};
                if ((rc = verify_kind(&v)) != GL_OK)
                        rc = failed(app, rc, err);
        }
        *rows = (int64_t)r.n;
        *record = 0;
        if (rc == GL_OK && !dry_run && r.n > 0) {
                char *detail = repair_detail(&r);
                rc = detail ? audit_append(app, who, "audit.seal", "audit_seals", "", detail, err)
                            : gl_fail(err, GL_ENOMEM, "", "out of memory");
                free(detail);
                *record = app->pending_id;
                if (rc == GL_OK)
                        rc = reseal(app, &r, *record, err);
        }
        free(r.rows);
        if (dry_run)
                return rc;
        return rc == GL_OK ? app_commit(app, err) : (app_rollback(app), rc);
}

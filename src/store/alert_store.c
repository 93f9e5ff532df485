/*
 * SQL of alert_store.h. Times cross the boundary as alert_time and are kept as local
 * 'YYYY-MM-DDTHH:MM' texts (which sort as the times do); a version's townships are rows of
 * alert_version_townships read with it. The result writer gathers a version's units in memory
 * and writes one block per (place, unit kind); the readings check each block whole, merge the
 * blocks in key order and look the names up in the registry.
 */
#include "alert_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void copy(char *dst, size_t size, const char *src)
{
        size_t n = src ? strlen(src) : 0;
        if (n >= size)
                n = size - 1;
        if (n)
                memcpy(dst, src, n);
        dst[n] = '\0';
}

static int bind_time(db_stmt *st, int index, alert_time t)
{
        char buf[ALERT_TIME_LEN];
        return db_bind_text(st, index, alert_time_format(t, buf));
}

static alert_time column_time(db_stmt *st, int col)
{
        alert_time t = 0;
        alert_time_parse(db_column_text(st, col), false, &t);
        return t;
}

/* Steps st (bound) to its end calling each for every row; finalizes st. */
static int each_row(db_stmt *st, int (*each)(db_stmt *st, void *ctx), void *ctx)
{
        int rc = GL_OK;
        for (;;) {
                int s = db_step(st);
                if (s == DB_DONE)
                        break;
                if (s != DB_ROW) {
                        rc = s < 0 ? s : GL_EDB;
                        break;
                }
                int r = each(st, ctx);
                if (r > 0)
                        break;
                if (r < 0) {
                        rc = r;
                        break;
                }
        }
        db_finalize(st);
        return rc;
}

void alert_version_clear(struct alert_version *v)
{
        if (v == NULL)
                return;
        for (size_t i = 0; i < v->ntownships; i++)
                free(v->townships[i]);
        free(v->townships);
        free(v->params);
        v->townships = NULL;
        v->ntownships = 0;
        v->params = NULL;
}

int alert_version_copy(struct alert_version *dst, const struct alert_version *src)
{
        *dst = *src;
        dst->townships = NULL;
        dst->ntownships = 0;
        dst->params = src->params ? strdup(src->params) : NULL;
        if (src->params && dst->params == NULL)
                return GL_ENOMEM;
        if (src->ntownships) {
                dst->townships = calloc(src->ntownships, sizeof(char *));
                if (dst->townships == NULL) {
                        alert_version_clear(dst);
                        return GL_ENOMEM;
                }
                for (size_t i = 0; i < src->ntownships; i++) {
                        dst->townships[i] = strdup(src->townships[i]);
                        if (dst->townships[i] == NULL) {
                                alert_version_clear(dst);
                                return GL_ENOMEM;
                        }
                        dst->ntownships = i + 1;
                }
        }
        return GL_OK;
}

/* ---- alerts ---- */

int alert_store_insert(db *conn, const char *division, const char *by, const char *at, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO alerts (division, status, version, created_by, "
                            "created_at) VALUES ($1, 'issued', 1, $2, $3) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_text(st, 1, division)) == GL_OK &&
            (rc = db_bind_text(st, 2, by)) == GL_OK && (rc = db_bind_text(st, 3, at)) == GL_OK)
                return db_step_int64(st, id);
        db_finalize(st);
        return rc;
}

#define HEAD_COLUMNS "id, division, status, version, created_by, created_at"

static void read_head(db_stmt *st, struct alert_head *a)
{
        memset(a, 0, sizeof(*a));
        a->id = db_column_int64(st, 0);
        copy(a->division, sizeof(a->division), db_column_text(st, 1));
        copy(a->status, sizeof(a->status), db_column_text(st, 2));
        a->version = (int)db_column_int64(st, 3);
        copy(a->created_by, sizeof(a->created_by), db_column_text(st, 4));
        copy(a->created_at, sizeof(a->created_at), db_column_text(st, 5));
}

int alert_store_get(db *conn, int64_t id, struct alert_head *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " HEAD_COLUMNS " FROM alerts WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, id)) == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        read_head(st, out);
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : s < 0 ? s : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int alert_store_set_head(db *conn, int64_t id, const char *status, int version)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "UPDATE alerts SET status = $2, version = $3 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, id)) == GL_OK &&
            (rc = db_bind_text(st, 2, status)) == GL_OK &&
            (rc = db_bind_int64(st, 3, version)) == GL_OK)
                return db_step_done(st);
        db_finalize(st);
        return rc;
}

struct head_ctx {
        int (*fn)(const struct alert_head *a, void *ctx);
        void *ctx;
};

static int each_head(db_stmt *st, void *ctx)
{
        struct head_ctx *h = ctx;
        struct alert_head a;
        read_head(st, &a);
        return h->fn(&a, h->ctx);
}

int alert_store_list(db *conn, int (*fn)(const struct alert_head *a, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " HEAD_COLUMNS " FROM alerts ORDER BY id DESC", &st);
        if (rc != GL_OK)
                return rc;
        struct head_ctx h = {fn, ctx};
        return each_row(st, each_head, &h);
}

/* ---- versions ---- */

int alert_store_insert_version(db *conn, const struct alert_version *v)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "INSERT INTO alert_versions (alert_id, version, change, level, starts_at, ends_at, "
            "effective_at, whole_county, notice, reason, pack_id, pack_version, params_on, params, "
            "results_version, enterprises, sites, restricted, halted, created_by, created_role, "
            "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
            "$16, $17, $18, $19, $20, $21, $22)",
            &st);
        if (rc != GL_OK)
                return rc;
        int i = 1;
        if (rc == GL_OK)
                rc = db_bind_int64(st, i++, v->alert_id);
        if (rc == GL_OK)
                rc = db_bind_int64(st, i++, v->version);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->change);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, alert_level_name(v->level));
        if (rc == GL_OK)
                rc = bind_time(st, i++, v->starts_at);
        if (rc == GL_OK)
                rc = bind_time(st, i++, v->ends_at);
        if (rc == GL_OK)
                rc = bind_time(st, i++, v->effective_at);
        if (rc == GL_OK)
                rc = db_bind_int64(st, i++, v->whole_county ? 1 : 0);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->notice);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->reason);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->pack_id);
        if (rc == GL_OK)
                rc = db_bind_int64(st, i++, v->pack_version);
        if (rc == GL_OK)
                rc = db_bind_date(st, i++, v->params_on);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->params ? v->params : "{}");
        if (rc == GL_OK)
                rc = db_bind_int64(st, i++, v->results_version);
        const int64_t counts[] = {v->enterprises, v->sites, v->restricted, v->halted};
        for (int k = 0; rc == GL_OK && k < 4; k++)
                rc = db_bind_int64(st, i++, counts[k]);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->created_by);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->created_role);
        if (rc == GL_OK)
                rc = db_bind_text(st, i++, v->created_at);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        if ((rc = db_step_done(st)) != GL_OK || v->ntownships == 0)
                return rc;
        if ((rc = db_prepare(conn,
                             "INSERT INTO alert_version_townships (alert_id, version, township) "
                             "VALUES ($1, $2, $3)",
                             &st)) != GL_OK)
                return rc;
        for (size_t t = 0; rc == GL_OK && t < v->ntownships; t++) {
                if ((rc = db_bind_int64(st, 1, v->alert_id)) == GL_OK &&
                    (rc = db_bind_int64(st, 2, v->version)) == GL_OK &&
                    (rc = db_bind_text(st, 3, v->townships[t])) == GL_OK) {
                        int s = db_step(st);
                        rc = s == DB_DONE ? GL_OK : s < 0 ? s : GL_EDB;
                }
                db_reset(st);
        }
        db_finalize(st);
        return rc;
}

int alert_store_set_counts(db *conn, int64_t alert_id, int version, int64_t enterprises,
                           int64_t sites, int64_t restricted, int64_t halted)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE alert_versions SET enterprises = $3, sites = $4, restricted = "
                            "$5, halted = $6 WHERE alert_id = $1 AND version = $2",
                            &st);
        if (rc != GL_OK)
                return rc;
        const int64_t v[] = {alert_id, version, enterprises, sites, restricted, halted};
        for (int i = 0; rc == GL_OK && i < 6; i++)
                rc = db_bind_int64(st, i + 1, v[i]);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_done(st);
}

#define VERSION_COLUMNS                                                                            \
        "alert_id, version, change, level, starts_at, ends_at, effective_at, whole_county, "       \
        "notice, reason, pack_id, pack_version, params_on, params, results_version, enterprises, " \
        "sites, restricted, halted, created_by, created_role, created_at"

static int read_version(db_stmt *st, struct alert_version *v)
{
        memset(v, 0, sizeof(*v));
        v->alert_id = db_column_int64(st, 0);
        v->version = (int)db_column_int64(st, 1);
        copy(v->change, sizeof(v->change), db_column_text(st, 2));
        v->level = alert_level_from_name(db_column_text(st, 3));
        v->starts_at = column_time(st, 4);
        v->ends_at = column_time(st, 5);
        v->effective_at = column_time(st, 6);
        v->whole_county = db_column_int64(st, 7) != 0;
        copy(v->notice, sizeof(v->notice), db_column_text(st, 8));
        copy(v->reason, sizeof(v->reason), db_column_text(st, 9));
        copy(v->pack_id, sizeof(v->pack_id), db_column_text(st, 10));
        v->pack_version = (int)db_column_int64(st, 11);
        v->params_on = db_column_date(st, 12);
        v->params = strdup(db_column_text(st, 13));
        v->results_version = (int)db_column_int64(st, 14);
        v->enterprises = db_column_int64(st, 15);
        v->sites = db_column_int64(st, 16);
        v->restricted = db_column_int64(st, 17);
        v->halted = db_column_int64(st, 18);
        copy(v->created_by, sizeof(v->created_by), db_column_text(st, 19));
        copy(v->created_role, sizeof(v->created_role), db_column_text(st, 20));
        copy(v->created_at, sizeof(v->created_at), db_column_text(st, 21));
        return v->params ? GL_OK : GL_ENOMEM;
}

static int load_townships(db *conn, struct alert_version *v)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT township FROM alert_version_townships WHERE alert_id = $1 AND "
                            "version = $2 ORDER BY township",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, v->alert_id)) == GL_OK &&
            (rc = db_bind_int64(st, 2, v->version)) == GL_OK) {
                size_t cap = 0;
                for (;;) {
                        int s = db_step(st);
                        if (s == DB_DONE)
                                break;
                        if (s != DB_ROW) {
                                rc = s < 0 ? s : GL_EDB;
                                break;
                        }
                        char **grown =
                            gl_grow(v->townships, v->ntownships, &cap, sizeof(char *), 8);
                        char *name = strdup(db_column_text(st, 0));
                        if (grown == NULL || name == NULL) {
                                free(name);
                                if (grown)
                                        v->townships = grown;
                                rc = GL_ENOMEM;
                                break;
                        }
                        v->townships = grown;
                        v->townships[v->ntownships++] = name;
                }
        }
        db_finalize(st);
        return rc;
}

int alert_store_versions(db *conn, int64_t alert_id,
                         int (*fn)(const struct alert_version *v, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " VERSION_COLUMNS " FROM alert_versions WHERE alert_id = $1 "
                            "ORDER BY version",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        /* Read all rows first: the townships are read with another statement. */
        struct alert_version *all = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
                int s = db_step(st);
                if (s == DB_DONE)
                        break;
                if (s != DB_ROW) {
                        rc = s < 0 ? s : GL_EDB;
                        break;
                }
                struct alert_version *grown = gl_grow(all, n, &cap, sizeof(*all), 4);
                if (grown == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                all = grown;
                rc = read_version(st, &all[n]);
                n++;
                if (rc != GL_OK)
                        break;
        }
        db_finalize(st);
        for (size_t i = 0; rc == GL_OK && i < n; i++)
                rc = load_townships(conn, &all[i]);
        for (size_t i = 0; rc == GL_OK && i < n; i++) {
                int r = fn(&all[i], ctx);
                if (r < 0)
                        rc = r;
                if (r != 0)
                        break;
        }
        for (size_t i = 0; i < n; i++)
                alert_version_clear(&all[i]);
        free(all);
        return rc;
}

int alert_store_alerts_meeting(db *conn, alert_time from, alert_time to,
                               int (*fn)(int64_t alert_id, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT DISTINCT alert_id FROM alert_versions WHERE starts_at < $2 "
                            "AND ends_at > $1 ORDER BY alert_id",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = bind_time(st, 1, from)) != GL_OK || (rc = bind_time(st, 2, to)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        int64_t *ids = NULL;
        size_t n = 0, cap = 0;
        for (;;) {
                int s = db_step(st);
                if (s == DB_DONE)
                        break;
                if (s != DB_ROW) {
                        rc = s < 0 ? s : GL_EDB;
                        break;
                }
                int64_t *grown = gl_grow(ids, n, &cap, sizeof(*ids), 8);
                if (grown == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                ids = grown;
                ids[n++] = db_column_int64(st, 0);
        }
        db_finalize(st);
        for (size_t i = 0; rc == GL_OK && i < n; i++) {
                int r = fn(ids[i], ctx);
                if (r < 0)
                        rc = r;
                if (r != 0)
                        break;
        }
        free(ids);
        return rc;
}

int alert_store_township_known(db *conn, const char *township, bool *known)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT EXISTS (SELECT 1 FROM enterprises WHERE township = $1) OR "
                            "EXISTS (SELECT 1 FROM sites WHERE township = $1)",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_text(st, 1, township)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        int64_t v = 0;
        rc = db_step_int64(st, &v);
        if (rc == GL_OK)
                *known = v != 0;
        return rc;
}

struct text_ctx {
        int (*fn)(const char *text, void *ctx);
        void *ctx;
};

static int each_text(db_stmt *st, void *ctx)
{
        struct text_ctx *t = ctx;
        return t->fn(db_column_text(st, 0), t->ctx);
}

int alert_store_townships(db *conn, int (*fn)(const char *township, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT township FROM enterprises WHERE township <> '' UNION SELECT "
                            "township FROM sites WHERE township <> '' ORDER BY 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        struct text_ctx t = {fn, ctx};
        return each_row(st, each_text, &t);
}

/* ---- units ---- */

struct enterprise_ctx {
        int (*fn)(const struct enterprise *e, void *ctx);
        void *ctx;
        struct enterprise e;
};

static int each_enterprise(db_stmt *st, void *ctx)
{
        struct enterprise_ctx *c = ctx;
        struct enterprise *e = &c->e;
        copy(e->uscc, sizeof(e->uscc), db_column_text(st, 0));
        copy(e->industry, sizeof(e->industry), db_column_text(st, 1));
        copy(e->township, sizeof(e->township), db_column_text(st, 2));
        copy(e->grade, sizeof(e->grade), db_column_text(st, 3));
        e->air_emitter = db_column_int64(st, 4) != 0;
        e->key_air_emitter = db_column_int64(st, 5) != 0;
        e->positive_list = db_column_int64(st, 6) != 0;
        return c->fn(e, c->ctx);
}

int alert_store_scan_enterprises(db *conn, const char *prefix,
                                 int (*fn)(const struct enterprise *e, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT uscc, industry, township, grade, air_emitter, key_air_emitter, "
                            "positive_list FROM enterprises WHERE division LIKE $1 ORDER BY uscc",
                            &st);
        if (rc != GL_OK)
                return rc;
        char like[16];
        snprintf(like, sizeof(like), "%.6s%%", prefix ? prefix : "");
        if ((rc = db_bind_text(st, 1, like)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        struct enterprise_ctx c = {.fn = fn, .ctx = ctx};
        return each_row(st, each_enterprise, &c);
}

struct site_ctx {
        int (*fn)(const struct alert_site_unit *s, void *ctx);
        void *ctx;
};

static int each_site(db_stmt *st, void *ctx)
{
        struct site_ctx *c = ctx;
        struct alert_site_unit s;
        s.id = db_column_int64(st, 0);
        copy(s.township, sizeof(s.township), db_column_text(st, 1));
        s.listed = db_column_int64(st, 2) != 0;
        return c->fn(&s, c->ctx);
}

int alert_store_scan_sites(db *conn, const char *prefix, bool blank_too,
                           int (*fn)(const struct alert_site_unit *s, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, township, listed FROM sites WHERE status = "
                            "'under_construction' AND (division LIKE $1 OR ($2 = 1 AND division = "
                            "'')) ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        char like[16];
        snprintf(like, sizeof(like), "%.6s%%", prefix ? prefix : "");
        if ((rc = db_bind_text(st, 1, like)) != GL_OK ||
            (rc = db_bind_int64(st, 2, blank_too)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        struct site_ctx c = {fn, ctx};
        return each_row(st, each_site, &c);
}

int alert_store_unit_township(db *conn, const char *uscc, int64_t site_id, char *out, size_t size,
                              char division[static 7])
{
        db_stmt *st = NULL;
        division[0] = '\0';
        int rc = db_prepare(conn,
                            uscc ? "SELECT township, division FROM enterprises WHERE uscc = $1"
                                 : "SELECT township, division FROM sites WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = uscc ? db_bind_text(st, 1, uscc) : db_bind_int64(st, 1, site_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW) {
                        copy(out, size, db_column_text(st, 0));
                        copy(division, 7, db_column_text(st, 1));
                }
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : s < 0 ? s : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

int alert_store_unit_name(db *conn, const char *uscc, int64_t site_id, char *out, size_t size)
{
        out[0] = '\0';
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            uscc ? "SELECT name FROM enterprises WHERE uscc = $1"
                                 : "SELECT project FROM sites WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = uscc ? db_bind_text(st, 1, uscc) : db_bind_int64(st, 1, site_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        copy(out, size, db_column_text(st, 0));
                rc = s == DB_ROW || s == DB_DONE ? GL_OK : s < 0 ? s : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

/* ---- results ---- */

int alert_store_insert_place(db *conn, int64_t alert_id, int version, int place,
                             const char *township)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO alert_places (alert_id, version, place, township) VALUES "
                            "($1, $2, $3, $4)",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) == GL_OK &&
            (rc = db_bind_int64(st, 2, version)) == GL_OK &&
            (rc = db_bind_int64(st, 3, place)) == GL_OK &&
            (rc = db_bind_text(st, 4, township)) == GL_OK)
                return db_step_done(st);
        db_finalize(st);
        return rc;
}

int alert_store_insert_class(db *conn, int64_t alert_id, int version,
                             const struct alert_class_row *k)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn,
            "INSERT INTO alert_classes (alert_id, version, class, site, industry, grade, "
            "positive_list, listed, basis, row_index, row_key, grade_used, ungraded, general_row, "
            "own_choice, no_old_trucks, no_road_transport, limit_percent, halted, processes, "
            "units) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, "
            "$18, $19, $20, $21)",
            &st);
        if (rc != GL_OK)
                return rc;
        const struct alert_class *c = &k->c;
        const struct alert_decision *d = &k->d;
        const int64_t a[] = {alert_id, version, k->klass,         c->site,
                             0,        0,       c->positive_list, c->listed};
        for (int i = 0; rc == GL_OK && i < 8; i++)
                if (i != 4 && i != 5)
                        rc = db_bind_int64(st, i + 1, a[i]);
        if (rc == GL_OK)
                rc = db_bind_text(st, 5, c->industry);
        if (rc == GL_OK)
                rc = db_bind_text(st, 6, c->grade);
        if (rc == GL_OK)
                rc = db_bind_text(st, 9, alert_basis_name(d->basis));
        if (rc == GL_OK)
                rc = db_bind_int64(st, 10, d->row);
        if (rc == GL_OK)
                rc = db_bind_text(st, 11, d->row_key);
        if (rc == GL_OK)
                rc = db_bind_text(st, 12, d->grade_used);
        const int64_t b[] = {d->ungraded,        d->general_row,         d->m.own_choice,
                             d->m.no_old_trucks, d->m.no_road_transport, d->m.limit_percent,
                             d->m.halted};
        for (int i = 0; rc == GL_OK && i < 7; i++)
                rc = db_bind_int64(st, 13 + i, b[i]);
        if (rc == GL_OK)
                rc = db_bind_text(st, 20, d->m.processes);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 21, k->units);
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_done(st);
}

struct place_ctx {
        int (*fn)(int place, const char *township, void *ctx);
        void *ctx;
};

static int each_place(db_stmt *st, void *ctx)
{
        struct place_ctx *p = ctx;
        return p->fn((int)db_column_int64(st, 0), db_column_text(st, 1), p->ctx);
}

int alert_store_places(db *conn, int64_t alert_id, int version,
                       int (*fn)(int place, const char *township, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT place, township FROM alert_places WHERE alert_id = $1 AND "
                            "version = $2 ORDER BY place",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) != GL_OK ||
            (rc = db_bind_int64(st, 2, version)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        struct place_ctx p = {fn, ctx};
        return each_row(st, each_place, &p);
}

struct class_ctx {
        int (*fn)(const struct alert_class_row *k, void *ctx);
        void *ctx;
};

static int each_class(db_stmt *st, void *ctx)
{
        struct class_ctx *cc = ctx;
        struct alert_class_row k;
        memset(&k, 0, sizeof(k));
        k.klass = (int)db_column_int64(st, 0);
        k.c.site = db_column_int64(st, 1) != 0;
        copy(k.c.industry, sizeof(k.c.industry), db_column_text(st, 2));
        copy(k.c.grade, sizeof(k.c.grade), db_column_text(st, 3));
        k.c.positive_list = db_column_int64(st, 4) != 0;
        k.c.listed = db_column_int64(st, 5) != 0;
        int b = alert_basis_from_name(db_column_text(st, 6));
        k.d.basis = b < 0 ? ALERT_BASIS_TABLE : (enum alert_basis)b;
        k.d.row = (int)db_column_int64(st, 7);
        copy(k.d.row_key, sizeof(k.d.row_key), db_column_text(st, 8));
        copy(k.d.grade_used, sizeof(k.d.grade_used), db_column_text(st, 9));
        k.d.ungraded = db_column_int64(st, 10) != 0;
        k.d.general_row = db_column_int64(st, 11) != 0;
        k.d.m.own_choice = db_column_int64(st, 12) != 0;
        k.d.m.no_old_trucks = db_column_int64(st, 13) != 0;
        k.d.m.no_road_transport = db_column_int64(st, 14) != 0;
        k.d.m.limit_percent = (int)db_column_int64(st, 15);
        k.d.m.halted = db_column_int64(st, 16) != 0;
        copy(k.d.m.processes, sizeof(k.d.m.processes), db_column_text(st, 17));
        k.units = db_column_int64(st, 18);
        return cc->fn(&k, cc->ctx);
}

int alert_store_classes(db *conn, int64_t alert_id, int version,
                        int (*fn)(const struct alert_class_row *k, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT class, site, industry, grade, positive_list, listed, basis, "
                            "row_index, row_key, grade_used, ungraded, general_row, own_choice, "
                            "no_old_trucks, no_road_transport, limit_percent, halted, processes, "
                            "units FROM alert_classes WHERE alert_id = $1 AND version = $2 ORDER "
                            "BY class",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) != GL_OK ||
            (rc = db_bind_int64(st, 2, version)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        struct class_ctx cc = {fn, ctx};
        return each_row(st, each_class, &cc);
}

/* ---- result blocks (the format: migration 0016) ---- */

#define BLOCK_HEAD 5 /* the format byte and the count */
#define USCC_BYTES 18
#define KIND_ENTERPRISE 0
#define KIND_SITE 1

static size_t record_size(int kind)
{
        return kind == KIND_ENTERPRISE ? USCC_BYTES + 2 : 8 + 2;
}

static void put_u16(unsigned char *p, unsigned v)
{
        p[0] = (unsigned char)(v & 0xff);
        p[1] = (unsigned char)((v >> 8) & 0xff);
}

static void put_u32(unsigned char *p, uint32_t v)
{
        for (int i = 0; i < 4; i++)
                p[i] = (unsigned char)((v >> (8 * i)) & 0xff);
}

static void put_i64(unsigned char *p, int64_t v)
{
        uint64_t u = (uint64_t)v;
        for (int i = 0; i < 8; i++)
                p[i] = (unsigned char)((u >> (8 * i)) & 0xff);
}

static unsigned get_u16(const unsigned char *p)
{
        return (unsigned)p[0] | ((unsigned)p[1] << 8);
}

static uint32_t get_u32(const unsigned char *p)
{
        uint32_t v = 0;
        for (int i = 0; i < 4; i++)
                v |= (uint32_t)p[i] << (8 * i);
        return v;
}

static int64_t get_i64(const unsigned char *p)
{
        uint64_t u = 0;
        for (int i = 0; i < 8; i++)
                u |= (uint64_t)p[i] << (8 * i);
        return (int64_t)u;
}

/* Compares the keys of two records of kind. */
static int record_cmp(int kind, const unsigned char *a, const unsigned char *b)
{
        if (kind == KIND_ENTERPRISE)
                return memcmp(a, b, USCC_BYTES);
        int64_t x = get_i64(a), y = get_i64(b);
        return x < y ? -1 : x > y;
}

static int record_cmp_enterprise(const void *a, const void *b)
{
        return record_cmp(KIND_ENTERPRISE, a, b);
}

static int record_cmp_site(const void *a, const void *b)
{
        return record_cmp(KIND_SITE, a, b);
}

/* The records being gathered for one (place, kind). */
struct pending {
        unsigned char *data; /* records, without the head */
        size_t n, cap;       /* records */
        bool unsorted;
};

struct alert_result_writer {
        db *conn;
        int64_t alert_id;
        int version;
        struct pending *p; /* [place * 2 + kind] */
        size_t np;
};

int alert_result_writer_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_writer **out)
{
        struct alert_result_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return GL_ENOMEM;
        w->conn = conn;
        w->alert_id = alert_id;
        w->version = version;
        *out = w;
        return GL_OK;
}

int alert_result_writer_add(struct alert_result_writer *w, int64_t site_id, const char *uscc,
                            int place, int klass)
{
        int kind = site_id != 0 ? KIND_SITE : KIND_ENTERPRISE;
        if (place < 0 || klass < 0 || klass > 0xffff)
                return GL_EINVAL;
        size_t slot = (size_t)place * 2 + (size_t)kind;
        if (slot >= w->np) {
                size_t np = w->np ? w->np : 16;
                while (np <= slot)
                        np *= 2;
                struct pending *grown = realloc(w->p, np * sizeof(*grown));
                if (grown == NULL)
                        return GL_ENOMEM;
                memset(grown + w->np, 0, (np - w->np) * sizeof(*grown));
                w->p = grown;
                w->np = np;
        }
        struct pending *p = &w->p[slot];
        size_t rs = record_size(kind);
        if (p->n == p->cap) {
                size_t cap = p->cap ? p->cap * 2 : 256;
                unsigned char *grown = realloc(p->data, cap * rs);
                if (grown == NULL)
                        return GL_ENOMEM;
                p->data = grown;
                p->cap = cap;
        }
        unsigned char *r = p->data + p->n * rs;
        if (kind == KIND_ENTERPRISE) {
                size_t len = uscc ? strlen(uscc) : 0;
                if (len > USCC_BYTES)
                        return GL_EINVAL;
                memset(r, 0, USCC_BYTES);
                memcpy(r, uscc, len);
                put_u16(r + USCC_BYTES, (unsigned)klass);
        } else {
                put_i64(r, site_id);
                put_u16(r + 8, (unsigned)klass);
        }
        if (p->n > 0 && record_cmp(kind, r - rs, r) >= 0)
                p->unsorted = true;
        p->n++;
        return GL_OK;
}

int alert_result_writer_finish(struct alert_result_writer *w)
{
        db_stmt *st = NULL;
        int rc = db_prepare(w->conn,
                            "INSERT INTO alert_result_blocks (alert_id, version, place, "
                            "unit_kind, units) VALUES ($1, $2, $3, $4, $5)",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, w->alert_id)) == GL_OK)
                rc = db_bind_int64(st, 2, w->version);
        unsigned char *blob = NULL;
        for (size_t slot = 0; rc == GL_OK && slot < w->np; slot++) {
                struct pending *p = &w->p[slot];
                if (p->n == 0)
                        continue;
                int kind = (int)(slot % 2);
                size_t rs = record_size(kind);
                if (p->n > UINT32_MAX) {
                        rc = GL_EINVAL;
                        break;
                }
                if (p->unsorted) {
                        qsort(p->data, p->n, rs,
                              kind == KIND_ENTERPRISE ? record_cmp_enterprise : record_cmp_site);
                        for (size_t i = 1; rc == GL_OK && i < p->n; i++)
                                if (record_cmp(kind, p->data + (i - 1) * rs, p->data + i * rs) == 0)
                                        rc = GL_EINVAL; /* a unit given twice */
                        if (rc != GL_OK)
                                break;
                }
                size_t size = BLOCK_HEAD + p->n * rs;
                free(blob);
                if ((blob = malloc(size)) == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                blob[0] = ALERT_BLOCK_FORMAT;
                put_u32(blob + 1, (uint32_t)p->n);
                memcpy(blob + BLOCK_HEAD, p->data, p->n * rs);
                if ((rc = db_bind_int64(st, 3, (int64_t)(slot / 2))) == GL_OK &&
                    (rc = db_bind_int64(st, 4, kind)) == GL_OK &&
                    (rc = db_bind_blob(st, 5, blob, size)) == GL_OK) {
                        int s = db_step(st);
                        rc = s == DB_DONE ? GL_OK : s < 0 ? s : GL_EDB;
                }
                db_reset(st);
        }
        free(blob);
        db_finalize(st);
        return rc;
}

void alert_result_writer_close(struct alert_result_writer *w)
{
        if (w == NULL)
                return;
        for (size_t i = 0; i < w->np; i++)
                free(w->p[i].data);
        free(w->p);
        free(w);
}

/* One block read back, checked whole. */
struct block {
        int place, kind;
        unsigned char *records; /* malloc'd copy, without the head */
        size_t n, at;           /* records; the next one to merge */
        uint64_t k[3];          /* the key of record at, as integers ordered as the keys */
};

static uint64_t get_be(const unsigned char *p, size_t n)
{
        uint64_t v = 0;
        for (size_t i = 0; i < n; i++)
                v = (v << 8) | p[i];
        return v;
}

/* Fills b->k from record b->at: (kind, USCC bytes 0-7, 8-15, 16-17) or (kind, id). */
static void block_key(struct block *b)
{
        const unsigned char *r = b->records + b->at * record_size(b->kind);
        if (b->kind == KIND_ENTERPRISE) {
                b->k[0] = get_be(r, 8);
                b->k[1] = get_be(r + 8, 8);
                b->k[2] = get_be(r + 16, 2);
        } else {
                b->k[0] = (uint64_t)get_i64(r); /* > 0, checked on reading */
                b->k[1] = b->k[2] = 0;
        }
}

/* Checks a block as stored (format, length, order) and copies its records: GL_EDB if damaged. */
static int block_read(const void *data, size_t size, int place, int kind, struct block *out)
{
        const unsigned char *b = data;
        memset(out, 0, sizeof(*out));
        if (kind != KIND_ENTERPRISE && kind != KIND_SITE)
                return GL_EDB;
        if (b == NULL || size < BLOCK_HEAD || b[0] != ALERT_BLOCK_FORMAT)
                return GL_EDB;
        size_t rs = record_size(kind), n = get_u32(b + 1);
        if ((size - BLOCK_HEAD) % rs != 0 || (size - BLOCK_HEAD) / rs != n)
                return GL_EDB;
        const unsigned char *r = b + BLOCK_HEAD;
        for (size_t i = 0; i < n; i++) {
                if (i > 0 && record_cmp(kind, r + (i - 1) * rs, r + i * rs) >= 0)
                        return GL_EDB;
                if (kind == KIND_ENTERPRISE) {
                        /* a USCC: ASCII bytes, then bytes 0 only */
                        const unsigned char *u = r + i * rs;
                        size_t len = 0;
                        while (len < USCC_BYTES && u[len] != 0)
                                if (u[len++] >= 0x80)
                                        return GL_EDB;
                        if (len == 0)
                                return GL_EDB;
                        for (size_t k = len; k < USCC_BYTES; k++)
                                if (u[k] != 0)
                                        return GL_EDB;
                } else if (get_i64(r + i * rs) <= 0) {
                        return GL_EDB;
                }
        }
        out->place = place;
        out->kind = kind;
        out->n = n;
        if (n && (out->records = malloc(n * rs)) == NULL)
                return GL_ENOMEM;
        if (n)
                memcpy(out->records, r, n * rs);
        return GL_OK;
}

/* A unit of a block. */
struct unit_rec {
        int64_t site_id; /* 0 an enterprise */
        char uscc[19];
        int place, klass;
};

static void block_unit(const struct block *b, size_t i, struct unit_rec *u)
{
        const unsigned char *r = b->records + i * record_size(b->kind);
        u->place = b->place;
        if (b->kind == KIND_ENTERPRISE) {
                memcpy(u->uscc, r, USCC_BYTES);
                u->uscc[USCC_BYTES] = '\0';
                u->site_id = 0;
                u->klass = (int)get_u16(r + USCC_BYTES);
        } else {
                u->uscc[0] = '\0';
                u->site_id = get_i64(r);
                u->klass = (int)get_u16(r + 8);
        }
}

/* The index of key (a record's key bytes) in b, or -1. */
static long block_find(const struct block *b, const unsigned char *key)
{
        size_t lo = 0, hi = b->n, rs = record_size(b->kind);
        while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                int c = record_cmp(b->kind, b->records + mid * rs, key);
                if (c == 0)
                        return (long)mid;
                if (c < 0)
                        lo = mid + 1;
                else
                        hi = mid;
        }
        return -1;
}

/* The blocks of a version, merged in key order (enterprises, then sites). */
struct blockset {
        struct block *b;
        size_t n, cap;
        size_t *heap; /* indices into b of the blocks not yet done, smallest first */
        size_t nheap;
        size_t total;
};

static void blockset_free(struct blockset *s)
{
        for (size_t i = 0; i < s->n; i++)
                free(s->b[i].records);
        free(s->b);
        free(s->heap);
        memset(s, 0, sizeof(*s));
}

/* Loads the blocks of kind (-1 both) and place (-1 any). */
static int blockset_load(db *conn, int64_t alert_id, int version, int kind, int place,
                         struct blockset *s)
{
        memset(s, 0, sizeof(*s));
        char sql[256];
        snprintf(sql, sizeof(sql),
                 "SELECT place, unit_kind, units FROM alert_result_blocks WHERE alert_id = $1 "
                 "AND version = $2%s%s ORDER BY unit_kind, place",
                 kind >= 0 ? " AND unit_kind = $3" : "", place >= 0 ? " AND place = $4" : "");
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) == GL_OK)
                rc = db_bind_int64(st, 2, version);
        if (rc == GL_OK && kind >= 0)
                rc = db_bind_int64(st, 3, kind);
        if (rc == GL_OK && place >= 0)
                rc = db_bind_int64(st, 4, place);
        while (rc == GL_OK) {
                int r = db_step(st);
                if (r == DB_DONE)
                        break;
                if (r != DB_ROW) {
                        rc = r < 0 ? r : GL_EDB;
                        break;
                }
                struct block *grown = gl_grow(s->b, s->n, &s->cap, sizeof(*grown), 16);
                if (grown == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                s->b = grown;
                size_t size = 0;
                const void *data = db_column_blob(st, 2, &size);
                int64_t p = db_column_int64(st, 0), k = db_column_int64(st, 1);
                if (p < 0 || p > INT32_MAX) {
                        rc = GL_EDB;
                        break;
                }
                if ((rc = block_read(data, size, (int)p, (int)k, &s->b[s->n])) != GL_OK)
                        break;
                s->total += s->b[s->n].n;
                s->n++;
        }
        db_finalize(st);
        if (rc == GL_OK && s->n && (s->heap = malloc(s->n * sizeof(size_t))) == NULL)
                rc = GL_ENOMEM;
        if (rc != GL_OK)
                blockset_free(s);
        return rc;
}

/* Whether the next record of block x comes before that of block y. */
static bool heap_less(const struct blockset *s, size_t x, size_t y)
{
        const struct block *a = &s->b[x], *b = &s->b[y];
        if (a->kind != b->kind)
                return a->kind < b->kind;
        if (a->k[0] != b->k[0])
                return a->k[0] < b->k[0];
        if (a->k[1] != b->k[1])
                return a->k[1] < b->k[1];
        return a->k[2] < b->k[2];
}

static void heap_down(struct blockset *s, size_t i)
{
        for (;;) {
                size_t l = 2 * i + 1, r = l + 1, m = i;
                if (l < s->nheap && heap_less(s, s->heap[l], s->heap[m]))
                        m = l;
                if (r < s->nheap && heap_less(s, s->heap[r], s->heap[m]))
                        m = r;
                if (m == i)
                        return;
                size_t t = s->heap[i];
                s->heap[i] = s->heap[m];
                s->heap[m] = t;
                i = m;
        }
}

static void blockset_start(struct blockset *s)
{
        s->nheap = 0;
        for (size_t i = 0; i < s->n; i++) {
                s->b[i].at = 0;
                if (s->b[i].n) {
                        block_key(&s->b[i]);
                        s->heap[s->nheap++] = i;
                }
        }
        for (size_t i = s->nheap / 2; i-- > 0;)
                heap_down(s, i);
}

/* The next unit in key order: 1, or 0 at the end. */
static int blockset_next(struct blockset *s, struct unit_rec *u)
{
        if (s->nheap == 0)
                return 0;
        struct block *b = &s->b[s->heap[0]];
        block_unit(b, b->at, u);
        if (++b->at == b->n)
                s->heap[0] = s->heap[--s->nheap];
        else
                block_key(b);
        heap_down(s, 0);
        return 1;
}

/* ---- readings of results ---- */

static int cmp_int64(const void *a, const void *b)
{
        int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
        return x < y ? -1 : x > y;
}

static int cmp_int(const void *a, const void *b)
{
        int x = *(const int *)a, y = *(const int *)b;
        return x < y ? -1 : x > y;
}

/* What a query keeps, prepared once. */
struct filter {
        const struct alert_result_query *q;
        int64_t *own_sites; /* sorted; the sites the query's uscc builds */
        size_t nown;
        int *classes; /* sorted copy of q->classes */
};

static void filter_free(struct filter *f)
{
        free(f->own_sites);
        free(f->classes);
}

static int filter_open(db *conn, const struct alert_result_query *q, struct filter *f)
{
        memset(f, 0, sizeof(*f));
        f->q = q;
        if (q->classes && q->nclasses) {
                if ((f->classes = malloc(q->nclasses * sizeof(int))) == NULL)
                        return GL_ENOMEM;
                memcpy(f->classes, q->classes, q->nclasses * sizeof(int));
                qsort(f->classes, q->nclasses, sizeof(int), cmp_int);
        }
        if (q->uscc == NULL || q->unit == 1)
                return GL_OK;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT id FROM sites WHERE builder_uscc = $1", &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_text(st, 1, q->uscc)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        size_t cap = 0;
        for (;;) {
                int s = db_step(st);
                if (s == DB_DONE)
                        break;
                if (s != DB_ROW) {
                        rc = s < 0 ? s : GL_EDB;
                        break;
                }
                int64_t *grown = gl_grow(f->own_sites, f->nown, &cap, sizeof(int64_t), 8);
                if (grown == NULL) {
                        rc = GL_ENOMEM;
                        break;
                }
                f->own_sites = grown;
                f->own_sites[f->nown++] = db_column_int64(st, 0);
        }
        db_finalize(st);
        if (f->nown)
                qsort(f->own_sites, f->nown, sizeof(int64_t), cmp_int64);
        return rc;
}

static bool filter_keeps(const struct filter *f, const struct unit_rec *u)
{
        const struct alert_result_query *q = f->q;
        if (q->classes) {
                if (q->nclasses == 0 ||
                    bsearch(&u->klass, f->classes, q->nclasses, sizeof(int), cmp_int) == NULL)
                        return false;
        }
        if (q->uscc) {
                if (u->site_id == 0)
                        return strcmp(u->uscc, q->uscc) == 0;
                return f->nown &&
                       bsearch(&u->site_id, f->own_sites, f->nown, sizeof(int64_t), cmp_int64);
        }
        return true;
}

static int query_blocks(db *conn, const struct alert_result_query *q, struct blockset *s)
{
        int kind = q->unit == 1 ? KIND_ENTERPRISE : q->unit == 2 ? KIND_SITE : -1;
        int rc =
            blockset_load(conn, q->alert_id, q->version, kind, q->place >= 0 ? q->place : -1, s);
        if (rc == GL_OK)
                blockset_start(s);
        return rc;
}

/* The township of every place of a version. */
struct places {
        char **names;
        size_t n, cap;
};

static void places_free(struct places *p)
{
        for (size_t i = 0; i < p->n; i++)
                free(p->names[i]);
        free(p->names);
}

static int collect_place_name(int place, const char *township, void *ctx)
{
        struct places *p = ctx;
        if (place < 0 || (size_t)place != p->n)
                return GL_EDB;
        char **grown = gl_grow(p->names, p->n, &p->cap, sizeof(char *), 16);
        if (grown == NULL)
                return GL_ENOMEM;
        p->names = grown;
        if ((p->names[p->n] = strdup(township)) == NULL)
                return GL_ENOMEM;
        p->n++;
        return 0;
}

/* The names of the units a reading gives: looked up one by one (a page, a township), or read
 * walking the registry in key order beside the results (every unit: an export). */
struct namer {
        db_stmt *enterprise, *site;
        bool walk;
        int estate, sstate; /* walking: 1 a row, 0 the end, -1 not started */
};

static int namer_open(db *conn, bool walk, struct namer *n)
{
        memset(n, 0, sizeof(*n));
        n->walk = walk;
        n->estate = n->sstate = -1;
        int rc = db_prepare(conn,
                            walk ? "SELECT uscc, name FROM enterprises ORDER BY uscc"
                                 : "SELECT uscc, name FROM enterprises WHERE uscc = $1",
                            &n->enterprise);
        if (rc == GL_OK)
                rc = db_prepare(conn,
                                walk ? "SELECT id, project, builder_uscc FROM sites ORDER BY id"
                                     : "SELECT id, project, builder_uscc FROM sites WHERE id = $1",
                                &n->site);
        return rc;
}

static void namer_close(struct namer *n)
{
        db_finalize(n->enterprise);
        db_finalize(n->site);
}

/* Steps st; *state 1 a row, 0 the end. */
static int walk_step(db_stmt *st, int *state)
{
        int s = db_step(st);
        if (s != DB_ROW && s != DB_DONE)
                return s < 0 ? s : GL_EDB;
        *state = s == DB_ROW;
        return GL_OK;
}

static int namer_fill(struct namer *n, struct alert_result *r)
{
        db_stmt *st = r->site_id ? n->site : n->enterprise;
        int rc = GL_OK, found = 0;
        if (n->walk) {
                int *state = r->site_id ? &n->sstate : &n->estate;
                if (*state < 0)
                        rc = walk_step(st, state);
                while (rc == GL_OK && *state == 1) {
                        int c = r->site_id ? (db_column_int64(st, 0) < r->site_id   ? -1
                                              : db_column_int64(st, 0) > r->site_id ? 1
                                                                                    : 0)
                                           : strcmp(db_column_text(st, 0), r->uscc);
                        if (c >= 0) {
                                found = c == 0;
                                break;
                        }
                        rc = walk_step(st, state);
                }
        } else {
                rc = r->site_id ? db_bind_int64(st, 1, r->site_id) : db_bind_text(st, 1, r->uscc);
                if (rc == GL_OK) {
                        int s = db_step(st);
                        found = s == DB_ROW;
                        if (s != DB_ROW && s != DB_DONE)
                                rc = s < 0 ? s : GL_EDB;
                }
        }
        if (rc == GL_OK && found) {
                copy(r->name, sizeof(r->name), db_column_text(st, 1));
                if (r->site_id)
                        copy(r->builder_uscc, sizeof(r->builder_uscc), db_column_text(st, 2));
        }
        if (!n->walk)
                db_reset(st);
        return rc;
}

int alert_store_results(db *conn, const struct alert_result_query *q,
                        int (*fn)(const struct alert_result *r, void *ctx), void *ctx)
{
        struct places pl = {0};
        struct filter f;
        struct blockset s;
        struct namer nm;
        int rc = alert_store_places(conn, q->alert_id, q->version, collect_place_name, &pl);
        if (rc != GL_OK) {
                places_free(&pl);
                return rc;
        }
        if ((rc = filter_open(conn, q, &f)) != GL_OK) {
                filter_free(&f);
                places_free(&pl);
                return rc;
        }
        if ((rc = query_blocks(conn, q, &s)) != GL_OK) {
                filter_free(&f);
                places_free(&pl);
                return rc;
        }
        rc = namer_open(conn, q->limit <= 0 && q->uscc == NULL && q->place < 0, &nm);
        int64_t skip = q->offset > 0 ? q->offset : 0, given = 0;
        struct unit_rec u;
        while (rc == GL_OK && (q->limit <= 0 || given < q->limit) && blockset_next(&s, &u)) {
                if (!filter_keeps(&f, &u))
                        continue;
                if (skip > 0) {
                        skip--;
                        continue;
                }
                struct alert_result r;
                memset(&r, 0, sizeof(r));
                r.site_id = u.site_id;
                memcpy(r.uscc, u.uscc, sizeof(r.uscc));
                r.place = u.place;
                r.klass = u.klass;
                copy(r.township, sizeof(r.township),
                     (size_t)u.place < pl.n ? pl.names[u.place] : "");
                if ((rc = namer_fill(&nm, &r)) != GL_OK)
                        break;
                given++;
                int cb = fn(&r, ctx);
                if (cb < 0)
                        rc = cb;
                if (cb != 0)
                        break;
        }
        namer_close(&nm);
        blockset_free(&s);
        filter_free(&f);
        places_free(&pl);
        return rc;
}

int alert_store_results_count(db *conn, const struct alert_result_query *q, int64_t *n)
{
        struct filter f;
        struct blockset s;
        int rc = filter_open(conn, q, &f);
        if (rc == GL_OK)
                rc = query_blocks(conn, q, &s);
        if (rc != GL_OK) {
                filter_free(&f);
                return rc;
        }
        int64_t count = 0;
        if (q->uscc == NULL && q->classes == NULL) {
                count = (int64_t)s.total;
        } else {
                struct unit_rec u;
                while (blockset_next(&s, &u))
                        if (filter_keeps(&f, &u))
                                count++;
        }
        blockset_free(&s);
        filter_free(&f);
        *n = count;
        return GL_OK;
}

/* The place numbered for township in a version, or -1. */
static int place_of_township(db *conn, int64_t alert_id, int version, const char *township,
                             int *place)
{
        *place = -1;
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT place FROM alert_places WHERE alert_id = $1 AND version = $2 "
                            "AND township = $3",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) == GL_OK &&
            (rc = db_bind_int64(st, 2, version)) == GL_OK &&
            (rc = db_bind_text(st, 3, township)) == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        *place = (int)db_column_int64(st, 0);
                rc = s == DB_ROW || s == DB_DONE ? GL_OK : s < 0 ? s : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

/* Searches the blocks of kind at place (-1: every place but skip) for key. */
static int search_blocks(db *conn, int64_t alert_id, int version, int kind, int place, int skip,
                         const unsigned char *key, int *out_place, int *klass)
{
        struct blockset s;
        int rc = blockset_load(conn, alert_id, version, kind, place, &s);
        if (rc != GL_OK)
                return rc;
        rc = GL_ENOTFOUND;
        for (size_t i = 0; i < s.n; i++) {
                if (place < 0 && s.b[i].place == skip)
                        continue;
                long at = block_find(&s.b[i], key);
                if (at >= 0) {
                        struct unit_rec u;
                        block_unit(&s.b[i], (size_t)at, &u);
                        *out_place = u.place;
                        *klass = u.klass;
                        rc = GL_OK;
                        break;
                }
        }
        blockset_free(&s);
        return rc;
}

int alert_store_result_of(db *conn, int64_t alert_id, int version, const char *uscc,
                          int64_t site_id, int *place, int *klass)
{
        unsigned char key[USCC_BYTES];
        int kind = uscc ? KIND_ENTERPRISE : KIND_SITE;
        memset(key, 0, sizeof(key));
        if (uscc) {
                size_t len = strlen(uscc);
                if (len == 0 || len > USCC_BYTES)
                        return GL_ENOTFOUND;
                memcpy(key, uscc, len);
        } else {
                if (site_id <= 0)
                        return GL_ENOTFOUND;
                put_i64(key, site_id);
        }
        char township[ALERT_TOWNSHIP_MAX + 1], division[7];
        int at = -1;
        int rc =
            alert_store_unit_township(conn, uscc, site_id, township, sizeof(township), division);
        if (rc == GL_OK)
                rc = place_of_township(conn, alert_id, version, township, &at);
        else if (rc == GL_ENOTFOUND)
                rc = GL_OK;
        if (rc != GL_OK)
                return rc;
        if (at >= 0) {
                rc = search_blocks(conn, alert_id, version, kind, at, -1, key, place, klass);
                if (rc != GL_ENOTFOUND)
                        return rc;
        }
        return search_blocks(conn, alert_id, version, kind, -1, at, key, place, klass);
}

struct alert_result_cursor {
        struct blockset s;
        struct unit_rec u;
};

int alert_result_cursor_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_cursor **out)
{
        struct alert_result_cursor *c = calloc(1, sizeof(*c));
        if (c == NULL)
                return GL_ENOMEM;
        int rc = blockset_load(conn, alert_id, version, -1, -1, &c->s);
        if (rc != GL_OK) {
                free(c);
                return rc;
        }
        blockset_start(&c->s);
        *out = c;
        return GL_OK;
}

int alert_result_cursor_next(struct alert_result_cursor *c, int64_t *site_id, const char **uscc,
                             int *place, int *klass)
{
        if (!blockset_next(&c->s, &c->u))
                return 0;
        *site_id = c->u.site_id;
        *uscc = c->u.uscc;
        *place = c->u.place;
        *klass = c->u.klass;
        return 1;
}

void alert_result_cursor_close(struct alert_result_cursor *c)
{
        if (c == NULL)
                return;
        blockset_free(&c->s);
        free(c);
}

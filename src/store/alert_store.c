/*
 * SQL of alert_store.h. Times cross the boundary as alert_time and are kept as local
 * 'YYYY-MM-DDTHH:MM' texts (which sort as the times do); a version's townships are rows of
 * alert_version_townships read with it. The result writer keeps one prepared INSERT for the whole
 * version; the readings of results join the registry for names and the places for townships.
 */
#include "alert_store.h"

#include <stdarg.h>
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

int alert_store_scan_enterprises(db *conn, int (*fn)(const struct enterprise *e, void *ctx),
                                 void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT uscc, industry, township, grade, air_emitter, key_air_emitter, "
                            "positive_list FROM enterprises ORDER BY uscc",
                            &st);
        if (rc != GL_OK)
                return rc;
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

int alert_store_scan_sites(db *conn, int (*fn)(const struct alert_site_unit *s, void *ctx),
                           void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, township, listed FROM sites WHERE status = "
                            "'under_construction' ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        struct site_ctx c = {fn, ctx};
        return each_row(st, each_site, &c);
}

int alert_store_unit_township(db *conn, const char *uscc, int64_t site_id, char *out, size_t size)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            uscc ? "SELECT township FROM enterprises WHERE uscc = $1"
                                 : "SELECT township FROM sites WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = uscc ? db_bind_text(st, 1, uscc) : db_bind_int64(st, 1, site_id);
        if (rc == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW)
                        copy(out, size, db_column_text(st, 0));
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

struct alert_result_writer {
        db_stmt *st;
        int64_t alert_id;
        int version;
};

int alert_result_writer_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_writer **out)
{
        struct alert_result_writer *w = calloc(1, sizeof(*w));
        if (w == NULL)
                return GL_ENOMEM;
        int rc = db_prepare(conn,
                            "INSERT INTO alert_results (alert_id, version, site_id, uscc, place, "
                            "class) VALUES ($1, $2, $3, $4, $5, $6)",
                            &w->st);
        if (rc != GL_OK) {
                free(w);
                return rc;
        }
        w->alert_id = alert_id;
        w->version = version;
        if ((rc = db_bind_int64(w->st, 1, alert_id)) != GL_OK ||
            (rc = db_bind_int64(w->st, 2, version)) != GL_OK) {
                alert_result_writer_close(w);
                return rc;
        }
        *out = w;
        return GL_OK;
}

int alert_result_writer_add(struct alert_result_writer *w, int64_t site_id, const char *uscc,
                            int place, int klass)
{
        int rc;
        if ((rc = db_bind_int64(w->st, 3, site_id)) != GL_OK ||
            (rc = db_bind_text(w->st, 4, uscc)) != GL_OK ||
            (rc = db_bind_int64(w->st, 5, place)) != GL_OK ||
            (rc = db_bind_int64(w->st, 6, klass)) != GL_OK)
                return rc;
        int s = db_step(w->st);
        db_reset(w->st);
        return s == DB_DONE ? GL_OK : s < 0 ? s : GL_EDB;
}

void alert_result_writer_close(struct alert_result_writer *w)
{
        if (w == NULL)
                return;
        db_finalize(w->st);
        free(w);
}

/* Appends to sql (of size), cut when full. */
static void sql_add(char *sql, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void sql_add(char *sql, size_t size, const char *fmt, ...)
{
        size_t used = strlen(sql);
        if (used + 1 >= size)
                return;
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(sql + used, size - used, fmt, ap);
        va_end(ap);
}

/* The WHERE of a result query, its binds from $3 on ($1, $2: alert and version). */
static void query_where(const struct alert_result_query *q, char *sql, size_t size)
{
        int n = 3;
        sql_add(sql, size, " WHERE r.alert_id = $1 AND r.version = $2");
        if (q->uscc) {
                sql_add(sql, size,
                        " AND (r.uscc = $%d OR r.site_id IN (SELECT id FROM sites WHERE "
                        "builder_uscc = $%d))",
                        n, n);
                n++;
        }
        if (q->unit == 1)
                sql_add(sql, size, " AND r.site_id = 0");
        else if (q->unit == 2)
                sql_add(sql, size, " AND r.site_id <> 0");
        if (q->place >= 0)
                sql_add(sql, size, " AND r.place = $%d", n++);
        if (q->classes) {
                sql_add(sql, size, " AND r.class IN (%s", q->nclasses == 0 ? "-1" : "");
                for (size_t i = 0; i < q->nclasses; i++)
                        sql_add(sql, size, "%s%d", i ? "," : "", q->classes[i]);
                sql_add(sql, size, ")");
        }
}

static int bind_query(db_stmt *st, const struct alert_result_query *q)
{
        int rc = db_bind_int64(st, 1, q->alert_id);
        if (rc == GL_OK)
                rc = db_bind_int64(st, 2, q->version);
        int n = 3;
        if (rc == GL_OK && q->uscc)
                rc = db_bind_text(st, n++, q->uscc);
        if (rc == GL_OK && q->place >= 0)
                rc = db_bind_int64(st, n++, q->place);
        return rc;
}

static char *query_sql(const struct alert_result_query *q, const char *select, const char *tail)
{
        size_t size = 2048 + q->nclasses * 12;
        char *sql = malloc(size);
        if (sql == NULL)
                return NULL;
        sql[0] = '\0';
        sql_add(sql, size, "%s", select);
        query_where(q, sql, size);
        sql_add(sql, size, "%s", tail);
        return sql;
}

struct result_ctx {
        int (*fn)(const struct alert_result *r, void *ctx);
        void *ctx;
};

static int each_result(db_stmt *st, void *ctx)
{
        struct result_ctx *c = ctx;
        struct alert_result r;
        memset(&r, 0, sizeof(r));
        r.site_id = db_column_int64(st, 0);
        copy(r.uscc, sizeof(r.uscc), db_column_text(st, 1));
        r.place = (int)db_column_int64(st, 2);
        r.klass = (int)db_column_int64(st, 3);
        copy(r.name, sizeof(r.name), db_column_text(st, 4));
        copy(r.builder_uscc, sizeof(r.builder_uscc), db_column_text(st, 5));
        copy(r.township, sizeof(r.township), db_column_text(st, 6));
        return c->fn(&r, c->ctx);
}

int alert_store_results(db *conn, const struct alert_result_query *q,
                        int (*fn)(const struct alert_result *r, void *ctx), void *ctx)
{
        char tail[96];
        if (q->limit > 0)
                snprintf(tail, sizeof(tail), " ORDER BY r.site_id, r.uscc LIMIT %lld OFFSET %lld",
                         (long long)q->limit, (long long)(q->offset > 0 ? q->offset : 0));
        else
                snprintf(tail, sizeof(tail), " ORDER BY r.site_id, r.uscc");
        char *sql = query_sql(
            q,
            "SELECT r.site_id, r.uscc, r.place, r.class, COALESCE(e.name, s.project, ''), "
            "COALESCE(s.builder_uscc, ''), COALESCE(p.township, '') FROM alert_results r LEFT "
            "JOIN enterprises e ON r.site_id = 0 AND e.uscc = r.uscc LEFT JOIN sites s ON "
            "r.site_id <> 0 AND s.id = r.site_id LEFT JOIN alert_places p ON p.alert_id = "
            "r.alert_id AND p.version = r.version AND p.place = r.place",
            tail);
        if (sql == NULL)
                return GL_ENOMEM;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        free(sql);
        if (rc != GL_OK)
                return rc;
        if ((rc = bind_query(st, q)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        struct result_ctx c = {fn, ctx};
        return each_row(st, each_result, &c);
}

int alert_store_results_count(db *conn, const struct alert_result_query *q, int64_t *n)
{
        char *sql = query_sql(q, "SELECT COUNT(*) FROM alert_results r", "");
        if (sql == NULL)
                return GL_ENOMEM;
        db_stmt *st = NULL;
        int rc = db_prepare(conn, sql, &st);
        free(sql);
        if (rc != GL_OK)
                return rc;
        if ((rc = bind_query(st, q)) != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_int64(st, n);
}

int alert_store_result_of(db *conn, int64_t alert_id, int version, const char *uscc,
                          int64_t site_id, int *place, int *klass)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT place, class FROM alert_results WHERE alert_id = $1 AND "
                            "version = $2 AND site_id = $3 AND uscc = $4",
                            &st);
        if (rc != GL_OK)
                return rc;
        if ((rc = db_bind_int64(st, 1, alert_id)) == GL_OK &&
            (rc = db_bind_int64(st, 2, version)) == GL_OK &&
            (rc = db_bind_int64(st, 3, uscc ? 0 : site_id)) == GL_OK &&
            (rc = db_bind_text(st, 4, uscc ? uscc : "")) == GL_OK) {
                int s = db_step(st);
                if (s == DB_ROW) {
                        *place = (int)db_column_int64(st, 0);
                        *klass = (int)db_column_int64(st, 1);
                }
                rc = s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ENOTFOUND : s < 0 ? s : GL_EDB;
        }
        db_finalize(st);
        return rc;
}

struct alert_result_cursor {
        db_stmt *st;
};

int alert_result_cursor_open(db *conn, int64_t alert_id, int version,
                             struct alert_result_cursor **out)
{
        struct alert_result_cursor *c = calloc(1, sizeof(*c));
        if (c == NULL)
                return GL_ENOMEM;
        int rc = db_prepare(conn,
                            "SELECT site_id, uscc, place, class FROM alert_results WHERE alert_id "
                            "= $1 AND version = $2 ORDER BY site_id, uscc",
                            &c->st);
        if (rc == GL_OK && (rc = db_bind_int64(c->st, 1, alert_id)) == GL_OK)
                rc = db_bind_int64(c->st, 2, version);
        if (rc != GL_OK) {
                alert_result_cursor_close(c);
                return rc;
        }
        *out = c;
        return GL_OK;
}

int alert_result_cursor_next(struct alert_result_cursor *c, int64_t *site_id, const char **uscc,
                             int *place, int *klass)
{
        int s = db_step(c->st);
        if (s == DB_DONE)
                return 0;
        if (s != DB_ROW)
                return s < 0 ? s : GL_EDB;
        *site_id = db_column_int64(c->st, 0);
        *uscc = db_column_text(c->st, 1);
        *place = (int)db_column_int64(c->st, 2);
        *klass = (int)db_column_int64(c->st, 3);
        return 1;
}

void alert_result_cursor_close(struct alert_result_cursor *c)
{
        if (c == NULL)
                return;
        db_finalize(c->st);
        free(c);
}

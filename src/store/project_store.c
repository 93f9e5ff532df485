/*
 * SQL of project_store.h: one column list per table, each read by one function.
 */
#include "project_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PLAN_COLUMNS "id, park, name, state, approved_on, created_by, created_at, updated_at"

#define PROJECT_COLUMNS                                                                            \
        "p.id, p.name, p.builder_uscc, p.builder_name, p.category, p.township, "                   \
        "COALESCE(p.plan_id, 0), p.created_by, p.created_at, "                                     \
        "EXISTS (SELECT 1 FROM enterprises e WHERE e.uscc = p.builder_uscc), "                     \
        "COALESCE(a.case_id, 0), COALESCE(c.state, ''), "                                          \
        "(SELECT MAX(x.decided_on) FROM m4_applications x WHERE x.project_id = p.id AND "          \
        "x.outcome = 'approved'), p.division"
#define PROJECTS_FROM                                                                              \
        "m4_projects p LEFT JOIN m4_applications a ON a.project_id = p.id AND a.current = 1 "      \
        "LEFT JOIN cases c ON c.id = a.case_id"

#define APPLICATION_COLUMNS                                                                        \
        "case_id, project_id, document_type, guide, guide_phone, missing, applied_on, "            \
        "accepted_on, decided_on, outcome, current"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static int finish_list(db_stmt *st, int rc)
{
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

/* ---- plans ---- */

static void read_plan(db_stmt *st, struct plan_row *p)
{
        memset(p, 0, sizeof(*p));
        p->id = db_column_int64(st, 0);
        copy(p->park, sizeof(p->park), db_column_text(st, 1));
        copy(p->name, sizeof(p->name), db_column_text(st, 2));
        copy(p->state, sizeof(p->state), db_column_text(st, 3));
        p->approved_on = db_column_date(st, 4);
        copy(p->created_by, sizeof(p->created_by), db_column_text(st, 5));
        copy(p->created_at, sizeof(p->created_at), db_column_text(st, 6));
        copy(p->updated_at, sizeof(p->updated_at), db_column_text(st, 7));
}

int plan_store_insert(db *conn, const struct plan_row *p, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m4_plans (park, name, state, approved_on, created_by, "
                            "created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, p->park);
        db_bind_text(st, 2, p->name);
        db_bind_text(st, 3, p->state);
        db_bind_date(st, 4, p->approved_on);
        db_bind_text(st, 5, p->created_by);
        db_bind_text(st, 6, p->created_at);
        return db_step_int64(st, id);
}

int plan_store_get(db *conn, int64_t id, struct plan_row *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " PLAN_COLUMNS " FROM m4_plans WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_plan(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int plan_store_update(db *conn, const struct plan_row *p)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE m4_plans SET state = $2, approved_on = $3, updated_at = $4 "
                            "WHERE id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, p->id);
        db_bind_text(st, 2, p->state);
        db_bind_date(st, 3, p->approved_on);
        db_bind_text(st, 4, p->updated_at);
        return db_step_done(st);
}

int plan_store_list(db *conn, int (*fn)(const struct plan_row *p, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " PLAN_COLUMNS " FROM m4_plans ORDER BY id", &st);
        if (rc != GL_OK)
                return rc;
        struct plan_row p;
        while ((rc = db_step(st)) == DB_ROW) {
                read_plan(st, &p);
                if ((rc = fn(&p, ctx)) != 0)
                        break;
        }
        return finish_list(st, rc);
}

/* ---- projects ---- */

static int read_pollutants(db *conn, struct project_row *p)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT pollutant, added_g FROM m4_project_pollutants WHERE "
                            "project_id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, p->id);
        while ((rc = db_step(st)) == DB_ROW) {
                enum pollutant x = pollutant_from_code(db_column_text(st, 0));
                if (x != POLLUTANT_COUNT_)
                        p->v.added_g[x] = db_column_int64(st, 1);
        }
        return finish_list(st, rc);
}

static void read_project(db_stmt *st, struct project_row *p)
{
        memset(p, 0, sizeof(*p));
        p->id = db_column_int64(st, 0);
        copy(p->v.name, sizeof(p->v.name), db_column_text(st, 1));
        copy(p->v.builder_uscc, sizeof(p->v.builder_uscc), db_column_text(st, 2));
        copy(p->v.builder_name, sizeof(p->v.builder_name), db_column_text(st, 3));
        copy(p->v.category, sizeof(p->v.category), db_column_text(st, 4));
        copy(p->v.township, sizeof(p->v.township), db_column_text(st, 5));
        p->plan_id = db_column_int64(st, 6);
        copy(p->created_by, sizeof(p->created_by), db_column_text(st, 7));
        copy(p->created_at, sizeof(p->created_at), db_column_text(st, 8));
        p->builder_registered = db_column_int64(st, 9) != 0;
        p->case_id = db_column_int64(st, 10);
        copy(p->case_state, sizeof(p->case_state), db_column_text(st, 11));
        p->eia_approved_on = db_column_date(st, 12);
        copy(p->division, sizeof(p->division), db_column_text(st, 13));
}

int project_store_insert(db *conn, const struct project_row *p, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m4_projects (name, builder_uscc, builder_name, category, "
                            "township, plan_id, created_by, created_at, division) VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8, $9) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        const char *texts[] = {p->v.name, p->v.builder_uscc, p->v.builder_name, p->v.category,
                               p->v.township};
        for (int i = 0; i < 5; i++)
                db_bind_text(st, i + 1, texts[i]);
        db_bind_int64_or_null(st, 6, p->plan_id > 0, p->plan_id);
        db_bind_text(st, 7, p->created_by);
        db_bind_text(st, 8, p->created_at);
        db_bind_text(st, 9, p->division);
        int64_t made = 0;
        if ((rc = db_step_int64(st, &made)) != GL_OK)
                return rc;
        for (int x = 0; x < POLLUTANT_COUNT_; x++) {
                if (p->v.added_g[x] <= 0)
                        continue;
                if ((rc = db_prepare(conn,
                                     "INSERT INTO m4_project_pollutants (project_id, pollutant, "
                                     "added_g) VALUES ($1, $2, $3)",
                                     &st)) != GL_OK)
                        return rc;
                db_bind_int64(st, 1, made);
                db_bind_text(st, 2, pollutant_code((enum pollutant)x));
                db_bind_int64(st, 3, p->v.added_g[x]);
                if ((rc = db_step_done(st)) != GL_OK)
                        return rc;
        }
        *id = made;
        return GL_OK;
}

int project_store_get(db *conn, int64_t id, struct project_row *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " PROJECT_COLUMNS " FROM " PROJECTS_FROM " WHERE p.id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        struct project_row p;
        rc = db_step(st);
        if (rc == DB_ROW)
                read_project(st, &p);
        db_finalize(st);
        if (rc == DB_DONE)
                return GL_ENOTFOUND;
        if (rc != DB_ROW)
                return rc;
        if ((rc = read_pollutants(conn, &p)) != GL_OK)
                return rc;
        *out = p;
        return GL_OK;
}

int project_store_list(db *conn, const char *builder_uscc,
                       int (*fn)(const struct project_row *p, void *ctx), void *ctx)
{
        /* Ids first, then each project read whole: the pollutants are another statement. */
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id FROM m4_projects WHERE ($1 = '' OR builder_uscc = $1) "
                            "ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, builder_uscc ? builder_uscc : "");
        size_t n = 0, cap = 0;
        int64_t *ids = NULL;
        while ((rc = db_step(st)) == DB_ROW) {
                if (n == cap) {
                        size_t ncap = cap ? cap * 2 : 64;
                        int64_t *m = realloc(ids, ncap * sizeof(*ids));
                        if (m == NULL) {
                                rc = GL_ENOMEM;
                                break;
                        }
                        ids = m;
                        cap = ncap;
                }
                ids[n++] = db_column_int64(st, 0);
        }
        rc = finish_list(st, rc);
        struct project_row *p = rc == GL_OK ? malloc(sizeof(*p)) : NULL;
        if (rc == GL_OK && p == NULL)
                rc = GL_ENOMEM;
        for (size_t i = 0; rc == GL_OK && i < n; i++)
                if ((rc = project_store_get(conn, ids[i], p)) == GL_OK)
                        rc = fn(p, ctx);
        free(p);
        free(ids);
        return rc;
}

/* ---- applications, materials, guidance ---- */

static void bind_application(db_stmt *st, const struct m4_application *a)
{
        db_bind_int64(st, 1, a->case_id);
        db_bind_int64(st, 2, a->project_id);
        db_bind_text(st, 3, a->document_type);
        db_bind_text(st, 4, a->guide);
        db_bind_text(st, 5, a->guide_phone);
        db_bind_text(st, 6, a->missing[0] ? a->missing : "[]");
        db_bind_date(st, 7, a->applied_on);
        db_bind_date(st, 8, a->accepted_on);
        db_bind_date(st, 9, a->decided_on);
        db_bind_text(st, 10, a->outcome);
        db_bind_int64(st, 11, a->current ? 1 : 0);
}

int m4_store_application_insert(db *conn, const struct m4_application *a)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m4_applications (" APPLICATION_COLUMNS ") VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8, $9, $10, $11)",
                            &st);
        if (rc != GL_OK)
                return rc;
        bind_application(st, a);
        return db_step_done(st);
}

int m4_store_application_update(db *conn, const struct m4_application *a)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE m4_applications SET project_id = $2, document_type = $3, "
                            "guide = $4, guide_phone = $5, missing = $6, applied_on = $7, "
                            "accepted_on = $8, decided_on = $9, outcome = $10, current = $11 "
                            "WHERE case_id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        bind_application(st, a);
        return db_step_done(st);
}

int m4_store_application_get(db *conn, int64_t case_id, struct m4_application *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " APPLICATION_COLUMNS
                            ", (SELECT u.display_name FROM users u WHERE u.username = "
                            "m4_applications.guide) FROM m4_applications WHERE case_id = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                memset(out, 0, sizeof(*out));
                out->case_id = db_column_int64(st, 0);
                out->project_id = db_column_int64(st, 1);
                copy(out->document_type, sizeof(out->document_type), db_column_text(st, 2));
                copy(out->guide, sizeof(out->guide), db_column_text(st, 3));
                copy(out->guide_phone, sizeof(out->guide_phone), db_column_text(st, 4));
                copy(out->missing, sizeof(out->missing), db_column_text(st, 5));
                out->applied_on = db_column_date(st, 6);
                out->accepted_on = db_column_date(st, 7);
                out->decided_on = db_column_date(st, 8);
                copy(out->outcome, sizeof(out->outcome), db_column_text(st, 9));
                out->current = db_column_int64(st, 10) != 0;
                copy(out->guide_name, sizeof(out->guide_name), db_column_text(st, 11));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int m4_store_material_add(db *conn, int64_t case_id, const char *name, gl_date on,
                          const char *action)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m4_materials (case_id, name, handed_in_on, action) VALUES "
                            "($1, $2, $3, $4) ON CONFLICT (case_id, name) DO NOTHING",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        db_bind_text(st, 2, name);
        db_bind_date(st, 3, on);
        db_bind_text(st, 4, action);
        return db_step_done(st);
}

int m4_store_materials(db *conn, int64_t case_id, int (*fn)(const char *name, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT name FROM m4_materials WHERE case_id = $1 ORDER BY "
                            "handed_in_on, name",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        while ((rc = db_step(st)) == DB_ROW)
                if ((rc = fn(db_column_text(st, 0), ctx)) != 0)
                        break;
        return finish_list(st, rc);
}

int m4_store_guidance_add(db *conn, const struct guidance_row *g, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m4_guidance (case_id, given_on, help, guide, created_at) "
                            "VALUES ($1, $2, $3, $4, $5) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, g->case_id);
        db_bind_date(st, 2, g->given_on);
        db_bind_text(st, 3, g->help);
        db_bind_text(st, 4, g->guide);
        db_bind_text(st, 5, g->created_at);
        return db_step_int64(st, id);
}

int m4_store_guidance_list(db *conn, int64_t case_id,
                           int (*fn)(const struct guidance_row *g, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "SELECT id, case_id, given_on, help, guide, created_at FROM m4_guidance "
                       "WHERE case_id = $1 ORDER BY given_on, id",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        struct guidance_row *g = malloc(sizeof(*g));
        if (g == NULL) {
                db_finalize(st);
                return GL_ENOMEM;
        }
        while ((rc = db_step(st)) == DB_ROW) {
                memset(g, 0, sizeof(*g));
                g->id = db_column_int64(st, 0);
                g->case_id = db_column_int64(st, 1);
                g->given_on = db_column_date(st, 2);
                copy(g->help, sizeof(g->help), db_column_text(st, 3));
                copy(g->guide, sizeof(g->guide), db_column_text(st, 4));
                copy(g->created_at, sizeof(g->created_at), db_column_text(st, 5));
                if ((rc = fn(g, ctx)) != 0)
                        break;
        }
        free(g);
        return finish_list(st, rc);
}

/* ---- totals reviews ---- */

int totals_store_insert(db *conn, const struct totals_review_row *r, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO m7_totals_reviews (project_id, reviewed_on, reviewer, "
                            "passed, explanation, created_at) VALUES ($1, $2, $3, $4, $5, $6) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, r->project_id);
        db_bind_date(st, 2, r->reviewed_on);
        db_bind_text(st, 3, r->reviewer);
        db_bind_int64(st, 4, r->passed ? 1 : 0);
        db_bind_text(st, 5, r->explanation);
        db_bind_text(st, 6, r->created_at);
        int64_t made = 0;
        if ((rc = db_step_int64(st, &made)) != GL_OK)
                return rc;
        for (int x = 0; x < POLLUTANT_COUNT_; x++) {
                const struct totals_line *l = &r->line[x];
                if (!l->major)
                        continue;
                if ((rc = db_prepare(conn,
                                     "INSERT INTO m7_totals_needs (review_id, pollutant, added_g, "
                                     "ratio_num, ratio_den, need_g, covered_g) VALUES ($1, $2, $3, "
                                     "$4, $5, $6, $7)",
                                     &st)) != GL_OK)
                        return rc;
                db_bind_int64(st, 1, made);
                db_bind_text(st, 2, pollutant_code((enum pollutant)x));
                db_bind_int64(st, 3, l->added_g);
                db_bind_int64(st, 4, l->ratio.num);
                db_bind_int64(st, 5, l->ratio.den);
                db_bind_int64(st, 6, l->need_g);
                db_bind_int64(st, 7, l->covered_g);
                if ((rc = db_step_done(st)) != GL_OK)
                        return rc;
        }
        for (size_t i = 0; i < r->nsources; i++) {
                const struct totals_source *s = &r->sources[i];
                if ((rc = db_prepare(conn,
                                     "INSERT INTO m7_totals_sources (review_id, pollutant, kind, "
                                     "account, grams) VALUES ($1, $2, $3, $4, $5)",
                                     &st)) != GL_OK)
                        return rc;
                db_bind_int64(st, 1, made);
                db_bind_text(st, 2, pollutant_code(s->pollutant));
                db_bind_text(st, 3, totals_kind_code(s->kind));
                db_bind_text(st, 4, s->account);
                db_bind_int64(st, 5, s->grams);
                if ((rc = db_step_done(st)) != GL_OK)
                        return rc;
        }
        *id = made;
        return GL_OK;
}

int totals_store_latest(db *conn, int64_t project_id, struct totals_review_row *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT id, project_id, reviewed_on, reviewer, passed, explanation, "
                            "created_at FROM m7_totals_reviews WHERE project_id = $1 ORDER BY "
                            "id DESC LIMIT 1",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, project_id);
        struct totals_review_row *r = malloc(sizeof(*r));
        if (r == NULL) {
                db_finalize(st);
                return GL_ENOMEM;
        }
        memset(r, 0, sizeof(*r));
        rc = db_step(st);
        if (rc == DB_ROW) {
                r->id = db_column_int64(st, 0);
                r->project_id = db_column_int64(st, 1);
                r->reviewed_on = db_column_date(st, 2);
                copy(r->reviewer, sizeof(r->reviewer), db_column_text(st, 3));
                r->passed = db_column_int64(st, 4) != 0;
                copy(r->explanation, sizeof(r->explanation), db_column_text(st, 5));
                copy(r->created_at, sizeof(r->created_at), db_column_text(st, 6));
        }
        db_finalize(st);
        if (rc != DB_ROW) {
                free(r);
                return rc == DB_DONE ? GL_ENOTFOUND : rc;
        }
        if ((rc = db_prepare(conn,
                             "SELECT pollutant, added_g, ratio_num, ratio_den, need_g, covered_g "
                             "FROM m7_totals_needs WHERE review_id = $1",
                             &st)) == GL_OK) {
                db_bind_int64(st, 1, r->id);
                while ((rc = db_step(st)) == DB_ROW) {
                        enum pollutant x = pollutant_from_code(db_column_text(st, 0));
                        if (x == POLLUTANT_COUNT_)
                                continue;
                        struct totals_line *l = &r->line[x];
                        l->major = true;
                        l->added_g = db_column_int64(st, 1);
                        l->ratio.num = db_column_int64(st, 2);
                        l->ratio.den = db_column_int64(st, 3);
                        l->need_g = db_column_int64(st, 4);
                        l->covered_g = db_column_int64(st, 5);
                }
                rc = finish_list(st, rc);
        }
        if (rc == GL_OK &&
            (rc = db_prepare(conn,
                             "SELECT pollutant, kind, account, grams FROM m7_totals_sources WHERE "
                             "review_id = $1 ORDER BY id",
                             &st)) == GL_OK) {
                db_bind_int64(st, 1, r->id);
                while ((rc = db_step(st)) == DB_ROW && r->nsources < TOTALS_SOURCES_MAX) {
                        struct totals_source *s = &r->sources[r->nsources++];
                        s->pollutant = pollutant_from_code(db_column_text(st, 0));
                        s->kind = totals_kind_from_code(db_column_text(st, 1));
                        copy(s->account, sizeof(s->account), db_column_text(st, 2));
                        s->grams = db_column_int64(st, 3);
                }
                rc = finish_list(st, rc == DB_ROW ? DB_DONE : rc);
        }
        if (rc == GL_OK)
                *out = *r;
        free(r);
        return rc;
}

/*
 * SQL of supply_store.h. One select of a link (LINK_SELECT, read by read_link) joins the
 * enterprise it belongs to and the partner when the registry holds it; one of a target
 * (TARGET_COLUMNS, read by read_target). Portable between SQLite and PostgreSQL: $n placeholders,
 * RETURNING, CASE for what would be a boolean.
 */
#include "supply_store.h"

#include <stdio.h>
#include <string.h>

#define LINK_SELECT                                                                                \
        "SELECT l.id, l.uscc, COALESCE(o.name, ''), l.direction, l.partner_uscc, "                 \
        "COALESCE(p.name, l.partner_name), CASE WHEN p.uscc IS NULL THEN 0 ELSE 1 END, "           \
        "COALESCE(p.industry, ''), CASE WHEN p.uscc IS NULL THEN l.partner_grade ELSE "            \
        "COALESCE(p.grade, '') END, CASE WHEN p.uscc IS NULL THEN l.partner_positive_list ELSE "   \
        "p.positive_list END, l.product, l.product_key, l.created_by, l.created_on, "              \
        "l.created_at, l.ended_by, l.ended_on, l.ended_at, l.end_reason FROM supply_links l "      \
        "LEFT JOIN enterprises o ON o.uscc = l.uscc LEFT JOIN enterprises p ON p.uscc = "          \
        "l.partner_uscc"

#define TARGET_COLUMNS                                                                             \
        "id, link_id, target, status, visit_case_id, created_by, created_on, created_at, "         \
        "closed_by, closed_on, closed_at, close_note"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static void read_link(db_stmt *st, struct supply_link *l)
{
        memset(l, 0, sizeof(*l));
        l->id = db_column_int64(st, 0);
        copy(l->uscc, sizeof(l->uscc), db_column_text(st, 1));
        copy(l->owner_name, sizeof(l->owner_name), db_column_text(st, 2));
        l->direction =
            strcmp(db_column_text(st, 3), "downstream") == 0 ? SUPPLY_DOWNSTREAM : SUPPLY_UPSTREAM;
        copy(l->partner_uscc, sizeof(l->partner_uscc), db_column_text(st, 4));
        copy(l->partner_name, sizeof(l->partner_name), db_column_text(st, 5));
        l->partner_in_registry = db_column_int64(st, 6) != 0;
        copy(l->partner_industry, sizeof(l->partner_industry), db_column_text(st, 7));
        l->partner_grade_known = !db_column_is_null(st, 8);
        copy(l->partner_grade, sizeof(l->partner_grade), db_column_text(st, 8));
        l->partner_positive_list = db_column_is_null(st, 9) ? -1 : db_column_int64(st, 9) != 0;
        copy(l->product, sizeof(l->product), db_column_text(st, 10));
        copy(l->product_key, sizeof(l->product_key), db_column_text(st, 11));
        copy(l->created_by, sizeof(l->created_by), db_column_text(st, 12));
        l->created_on = db_column_date(st, 13);
        copy(l->created_at, sizeof(l->created_at), db_column_text(st, 14));
        l->ended = !db_column_is_null(st, 17);
        copy(l->ended_by, sizeof(l->ended_by), db_column_text(st, 15));
        l->ended_on = db_column_date(st, 16);
        copy(l->ended_at, sizeof(l->ended_at), db_column_text(st, 17));
        copy(l->end_reason, sizeof(l->end_reason), db_column_text(st, 18));
}

static void read_target(db_stmt *st, struct supply_target *t)
{
        memset(t, 0, sizeof(*t));
        t->id = db_column_int64(st, 0);
        t->link_id = db_column_int64(st, 1);
        copy(t->target, sizeof(t->target), db_column_text(st, 2));
        copy(t->status, sizeof(t->status), db_column_text(st, 3));
        t->visit_case_id = db_column_is_null(st, 4) ? 0 : db_column_int64(st, 4);
        copy(t->created_by, sizeof(t->created_by), db_column_text(st, 5));
        t->created_on = db_column_date(st, 6);
        copy(t->created_at, sizeof(t->created_at), db_column_text(st, 7));
        copy(t->closed_by, sizeof(t->closed_by), db_column_text(st, 8));
        t->closed_on = db_column_date(st, 9);
        copy(t->closed_at, sizeof(t->closed_at), db_column_text(st, 10));
        copy(t->close_note, sizeof(t->close_note), db_column_text(st, 11));
}

int supply_store_link_insert(db *conn, const struct supply_link *l, int64_t *id)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "INSERT INTO supply_links (uscc, direction, partner_uscc, partner_name, "
                       "partner_grade, partner_positive_list, product, product_key, "
                       "created_by, created_on, created_at) VALUES ($1, $2, $3, $4, $5, $6, "
                       "$7, $8, $9, $10, $11) RETURNING id",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, l->uscc);
        db_bind_text(st, 2, supply_direction_name(l->direction));
        db_bind_text(st, 3, l->partner_uscc);
        db_bind_text(st, 4, l->partner_name);
        db_bind_text(st, 5, l->partner_grade_known ? l->partner_grade : NULL);
        db_bind_int64_or_null(st, 6, l->partner_positive_list >= 0, l->partner_positive_list);
        db_bind_text(st, 7, l->product);
        db_bind_text(st, 8, l->product_key);
        db_bind_text(st, 9, l->created_by);
        db_bind_date(st, 10, l->created_on);
        db_bind_text(st, 11, l->created_at);
        return db_step_int64(st, id); /* finalizes it */
}

int supply_store_link_get(db *conn, int64_t id, struct supply_link *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, LINK_SELECT " WHERE l.id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_link(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int supply_store_link_end(db *conn, int64_t id, const char *by, gl_date on, const char *at,
                          const char *reason)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE supply_links SET ended_by = $2, ended_on = $3, ended_at = $4, "
                            "end_reason = $5 WHERE id = $1 AND ended_at IS NULL",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, by);
        db_bind_date(st, 3, on);
        db_bind_text(st, 4, at);
        db_bind_text(st, 5, reason ? reason : "");
        return db_step_done(st); /* finalizes it */
}

int supply_store_links(db *conn, const struct supply_link_query *q,
                       int (*fn)(const struct supply_link *l, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        char sql[1400];
        snprintf(sql, sizeof(sql),
                 LINK_SELECT " WHERE ($1 = '' OR l.uscc = $1) %s ORDER BY l.uscc, l.direction "
                             "DESC, l.id",
                 q->with_ended ? "" : "AND l.ended_at IS NULL");
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, q->uscc ? q->uscc : "");
        struct supply_link l;
        while ((rc = db_step(st)) == DB_ROW) {
                read_link(st, &l);
                if ((rc = fn(&l, ctx)) != 0)
                        break;
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int supply_store_linked_owners(db *conn, const char *only, const char *within,
                               int (*fn)(const char *uscc, void *ctx), void *ctx, int64_t *unlinked)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT e.uscc FROM enterprises e WHERE e.positive_list = 1 AND ($1 = "
                            "'' OR e.uscc = $1) AND e.division LIKE $2 || '%' AND EXISTS (SELECT 1 "
                            "FROM supply_links l WHERE l.uscc = e.uscc AND l.ended_at IS NULL) "
                            "ORDER BY e.uscc",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, only ? only : "");
        db_bind_text(st, 2, within ? within : "");
        char uscc[19];
        while ((rc = db_step(st)) == DB_ROW) {
                copy(uscc, sizeof(uscc), db_column_text(st, 0));
                if ((rc = fn(uscc, ctx)) != 0)
                        break;
        }
        db_finalize(st);
        if (rc != DB_DONE && rc != GL_OK)
                return rc;
        if (unlinked == NULL)
                return GL_OK;
        if ((rc =
                 db_prepare(conn,
                            "SELECT COUNT(*) FROM enterprises e WHERE e.positive_list = 1 AND ($1 "
                            "= '' OR e.uscc = $1) AND e.division LIKE $2 || '%' AND NOT EXISTS "
                            "(SELECT 1 FROM supply_links l WHERE l.uscc = e.uscc AND l.ended_at IS "
                            "NULL)",
                            &st)) != GL_OK)
                return rc;
        db_bind_text(st, 1, only ? only : "");
        db_bind_text(st, 2, within ? within : "");
        return db_step_int64(st, unlinked); /* finalizes it */
}

int supply_store_target_insert(db *conn, const struct supply_target *t, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO supply_help_targets (link_id, target, status, created_by, "
                            "created_on, created_at) VALUES ($1, $2, 'open', $3, $4, $5) "
                            "RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, t->link_id);
        db_bind_text(st, 2, t->target);
        db_bind_text(st, 3, t->created_by);
        db_bind_date(st, 4, t->created_on);
        db_bind_text(st, 5, t->created_at);
        return db_step_int64(st, id); /* finalizes it */
}

int supply_store_target_get(db *conn, int64_t id, struct supply_target *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(
            conn, "SELECT " TARGET_COLUMNS " FROM supply_help_targets WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                read_target(st, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int supply_store_target_close(db *conn, int64_t id, const char *status, const char *by, gl_date on,
                              const char *at, const char *note)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE supply_help_targets SET status = $2, closed_by = $3, closed_on "
                            "= $4, closed_at = $5, close_note = $6 WHERE id = $1 AND status = "
                            "'open'",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, status);
        db_bind_text(st, 3, by);
        db_bind_date(st, 4, on);
        db_bind_text(st, 5, at);
        db_bind_text(st, 6, note ? note : "");
        return db_step_done(st); /* finalizes it */
}

int supply_store_target_set_visit(db *conn, int64_t id, int64_t case_id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "UPDATE supply_help_targets SET visit_case_id = $2 WHERE id = $1 AND "
                            "status = 'open' AND visit_case_id IS NULL RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_int64(st, 2, case_id);
        int s = db_step(st);
        db_finalize(st);
        return s == DB_ROW ? GL_OK : s == DB_DONE ? GL_ESTATE : GL_EDB;
}

int supply_store_target_of_visit(db *conn, int64_t case_id, int64_t *id)
{
        db_stmt *st = NULL;
        *id = 0;
        int rc =
            db_prepare(conn, "SELECT id FROM supply_help_targets WHERE visit_case_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, case_id);
        int s = db_step(st);
        if (s == DB_ROW)
                *id = db_column_int64(st, 0);
        db_finalize(st);
        return s == DB_ROW || s == DB_DONE ? GL_OK : GL_EDB;
}

int supply_store_targets(db *conn, int64_t link_id,
                         int (*fn)(const struct supply_target *t, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " TARGET_COLUMNS
                            " FROM supply_help_targets WHERE link_id = $1 ORDER BY id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, link_id);
        struct supply_target t;
        while ((rc = db_step(st)) == DB_ROW) {
                read_target(st, &t);
                if ((rc = fn(&t, ctx)) != 0)
                        break;
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

static int each_candidate(db_stmt *st, int (*fn)(const struct supply_candidate *c, void *ctx),
                          void *ctx)
{
        int rc;
        struct supply_candidate c;
        while ((rc = db_step(st)) == DB_ROW) {
                memset(&c, 0, sizeof(c));
                copy(c.uscc, sizeof(c.uscc), db_column_text(st, 0));
                copy(c.name, sizeof(c.name), db_column_text(st, 1));
                copy(c.industry, sizeof(c.industry), db_column_text(st, 2));
                copy(c.grade, sizeof(c.grade), db_column_text(st, 3));
                c.positive_list = db_column_int64(st, 4) != 0;
                c.links = db_column_int64(st, 5);
                if ((rc = fn(&c, ctx)) != 0)
                        break;
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int supply_store_by_product(db *conn, const char *key, enum supply_direction direction,
                            int (*fn)(const struct supply_candidate *c, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        /* In direction d the partner of a link in d plays the role, and so does the enterprise of
         * a link in the other direction. */
        int rc = db_prepare(
            conn,
            "SELECT e.uscc, e.name, e.industry, COALESCE(e.grade, ''), e.positive_list, "
            "COUNT(*) FROM (SELECT partner_uscc AS u FROM supply_links WHERE ended_at IS NULL AND "
            "product_key = $1 AND direction = $2 UNION ALL SELECT uscc AS u FROM supply_links "
            "WHERE ended_at IS NULL AND product_key = $1 AND direction = $3) x JOIN enterprises e "
            "ON e.uscc = x.u GROUP BY e.uscc, e.name, e.industry, e.grade, e.positive_list ORDER "
            "BY e.uscc",
            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, key);
        db_bind_text(st, 2, supply_direction_name(direction));
        db_bind_text(st, 3,
                     supply_direction_name(direction == SUPPLY_UPSTREAM ? SUPPLY_DOWNSTREAM
                                                                        : SUPPLY_UPSTREAM));
        return each_candidate(st, fn, ctx);
}

int supply_store_by_industry(db *conn, const char *industry,
                             int (*fn)(const struct supply_candidate *c, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT uscc, name, industry, COALESCE(grade, ''), positive_list, 0 "
                            "FROM enterprises WHERE industry = $1 ORDER BY uscc",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, industry);
        return each_candidate(st, fn, ctx);
}

int supply_store_is_partner(db *conn, const char *uscc, enum supply_direction direction,
                            const char *partner, bool *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COUNT(*) FROM supply_links WHERE uscc = $1 AND direction = $2 "
                            "AND partner_uscc = $3 AND ended_at IS NULL",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, uscc);
        db_bind_text(st, 2, supply_direction_name(direction));
        db_bind_text(st, 3, partner);
        int64_t n = 0;
        rc = db_step_int64(st, &n); /* finalizes it */
        if (rc == GL_OK)
                *out = n > 0;
        return rc;
}

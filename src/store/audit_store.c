/*
 * SQL for the append-only audit_log table.
 */
#include "audit_store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void audit_record_clear(struct audit_record *r)
{
        if (r == NULL)
                return;
        free(r->detail);
        memset(r, 0, sizeof(*r));
}

int audit_store_last(db *conn, int64_t *id, char hash[129])
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_step(st);
        if (rc == DB_ROW) {
                *id = db_column_int64(st, 0);
                snprintf(hash, 129, "%s", db_column_text(st, 1));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                *id = 0;
                hash[0] = '\0';
                rc = GL_OK;
        }
        db_finalize(st);
        return rc;
}

int audit_store_insert(db *conn, const struct audit_record *r)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "INSERT INTO audit_log (id, at, actor, action, entity_type, entity_id, "
                       "detail, digest, prev_hash, hash, keyed) VALUES ($1, $2, $3, $4, $5, $6, "
                       "$7, $8, $9, $10, $11)",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, r->id);
        db_bind_text(st, 2, r->at);
        db_bind_text(st, 3, r->actor);
        db_bind_text(st, 4, r->action);
        db_bind_text(st, 5, r->entity_type);
        db_bind_text(st, 6, r->entity_id);
        db_bind_text(st, 7, r->detail ? r->detail : "");
        db_bind_text(st, 8, r->digest);
        db_bind_text(st, 9, r->prev_hash);
        db_bind_text(st, 10, r->hash);
        db_bind_int64(st, 11, r->keyed ? 1 : 0);
        return db_step_done(st);
}

int audit_store_hash_of(db *conn, int64_t id, char hash[129])
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT hash FROM audit_log WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        rc = db_step(st);
        if (rc == DB_ROW) {
                snprintf(hash, 129, "%s", db_column_text(st, 0));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

static int read_rows(db_stmt *st, int (*fn)(const struct audit_record *r, void *ctx), void *ctx)
{
        int rc;
        while ((rc = db_step(st)) == DB_ROW) {
                struct audit_record r = {0};
                r.id = db_column_int64(st, 0);
                snprintf(r.at, sizeof(r.at), "%s", db_column_text(st, 1));
                snprintf(r.actor, sizeof(r.actor), "%s", db_column_text(st, 2));
                snprintf(r.action, sizeof(r.action), "%s", db_column_text(st, 3));
                snprintf(r.entity_type, sizeof(r.entity_type), "%s", db_column_text(st, 4));
                snprintf(r.entity_id, sizeof(r.entity_id), "%s", db_column_text(st, 5));
                r.detail = strdup(db_column_text(st, 6));
                snprintf(r.digest, sizeof(r.digest), "%s", db_column_text(st, 7));
                snprintf(r.prev_hash, sizeof(r.prev_hash), "%s", db_column_text(st, 8));
                snprintf(r.hash, sizeof(r.hash), "%s", db_column_text(st, 9));
                r.keyed = db_column_int64(st, 10) != 0;
                if (r.detail == NULL)
                        return GL_ENOMEM;
                int stop = fn(&r, ctx);
                audit_record_clear(&r);
                if (stop != 0)
                        return stop;
        }
        return rc == DB_DONE ? GL_OK : rc;
}

#define AUDIT_COLUMNS                                                                              \
        "id, at, actor, action, entity_type, entity_id, detail, digest, prev_hash, hash, keyed"

int audit_store_each(db *conn, int (*fn)(const struct audit_record *r, void *ctx), void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn, "SELECT " AUDIT_COLUMNS " FROM audit_log ORDER BY id", &st);
        if (rc != GL_OK)
                return rc;
        rc = read_rows(st, fn, ctx);
        db_finalize(st);
        return rc;
}

int audit_store_page(db *conn, int64_t before_id, int limit, const char *entity_type,
                     const char *entity_id, int (*fn)(const struct audit_record *r, void *ctx),
                     void *ctx)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT " AUDIT_COLUMNS " FROM audit_log WHERE ($1 = 0 OR id < $1)"
                            " AND ($2 = '' OR entity_type = $2) AND ($3 = '' OR entity_id = $3)"
                            " ORDER BY id DESC LIMIT $4",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, before_id);
        db_bind_text(st, 2, entity_type ? entity_type : "");
        db_bind_text(st, 3, entity_id ? entity_id : "");
        db_bind_int64(st, 4, limit);
        rc = read_rows(st, fn, ctx);
        db_finalize(st);
        return rc;
}

int audit_store_newest_of_action(db *conn, const char *action, int64_t *id)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn, "SELECT COALESCE(MAX(id), 0) FROM audit_log WHERE action = $1", &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, action);
        return db_step_int64(st, id); /* finalizes it */
}

int audit_store_has_keyed(db *conn, bool *yes)
{
        int64_t n = 0;
        int rc = db_query_int64(
            conn, "SELECT COUNT(*) FROM (SELECT 1 FROM audit_log WHERE keyed = 1 LIMIT 1) AS k",
            &n);
        *yes = n > 0;
        return rc;
}

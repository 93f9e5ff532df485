/*
 * SQL for users, sessions and sign-in throttling. Every function prepares its statement, binds,
 * steps and finalizes on one path; text columns are copied into fixed-size fields of the records.
 */
#include "user_store.h"

#include <stdio.h>
#include <string.h>

#define COPY(dst, src) snprintf((dst), sizeof(dst), "%s", (src))

/* The columns read_user reads, with a table alias (U) or none. */
#define USER_COLUMNS(U)                                                                            \
        U "id, " U "username, " U "role, COALESCE(" U "uscc, ''), COALESCE(" U                     \
          "department, ''), " U "password_hash, " U "disabled, " U "created_at, " U                \
          "updated_at, " U "display_name, COALESCE(" U "township, ''), " U "division"
static const char user_columns[] = USER_COLUMNS("");

static void read_user(db_stmt *st, int col, struct user_record *u)
{
        memset(u, 0, sizeof(*u));
        u->id = db_column_int64(st, col);
        COPY(u->username, db_column_text(st, col + 1));
        u->role = role_from_name(db_column_text(st, col + 2));
        COPY(u->uscc, db_column_text(st, col + 3));
        COPY(u->department, db_column_text(st, col + 4));
        COPY(u->password_hash, db_column_text(st, col + 5));
        u->disabled = db_column_int64(st, col + 6) != 0;
        COPY(u->created_at, db_column_text(st, col + 7));
        COPY(u->updated_at, db_column_text(st, col + 8));
        COPY(u->display_name, db_column_text(st, col + 9));
        COPY(u->township, db_column_text(st, col + 10));
        COPY(u->division, db_column_text(st, col + 11));
}

/* Steps a statement that changes rows and finalizes it. */
static int run_change(db_stmt *st, int bind_rc)
{
        if (bind_rc != GL_OK) {
                db_finalize(st);
                return bind_rc;
        }
        return db_step_done(st);
}

int user_store_get(db *conn, const char *username, struct user_record *out)
{
        char sql[512];
        snprintf(sql, sizeof(sql), "SELECT %s FROM users WHERE username = $1", user_columns);
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, username);
        if (rc == GL_OK)
                rc = db_step(st);
        if (rc == DB_ROW) {
                read_user(st, 0, out);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int user_store_insert(db *conn, struct user_record *r)
{
        int64_t id = 0;
        int rc = db_query_int64(conn, "SELECT COALESCE(MAX(id), 0) + 1 FROM users", &id);
        if (rc != GL_OK)
                return rc;
        db_stmt *st;
        rc =
            db_prepare(conn,
                       "INSERT INTO users (id, username, role, uscc, department, password_hash, "
                       "disabled, created_at, updated_at, display_name, township, division) VALUES "
                       "($1, $2, $3, $4, $5, $6, $7, $8, $8, $9, $10, $11)",
                       &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_int64(st, 1, id);
        b = b ? b : db_bind_text(st, 2, r->username);
        b = b ? b : db_bind_text(st, 3, role_name(r->role));
        b = b ? b : db_bind_text(st, 4, r->uscc[0] ? r->uscc : NULL);
        b = b ? b : db_bind_text(st, 5, r->department[0] ? r->department : NULL);
        b = b ? b : db_bind_text(st, 6, r->password_hash);
        b = b ? b : db_bind_int64(st, 7, r->disabled);
        b = b ? b : db_bind_text(st, 8, r->created_at);
        b = b ? b : db_bind_text(st, 9, r->display_name);
        b = b ? b : db_bind_text(st, 10, r->township[0] ? r->township : NULL);
        b = b ? b : db_bind_text(st, 11, r->division);
        rc = run_change(st, b);
        if (rc == GL_OK)
                r->id = id;
        return rc;
}

int user_store_set_password(db *conn, int64_t id, const char *hash, const char *now)
{
        db_stmt *st;
        int rc = db_prepare(
            conn, "UPDATE users SET password_hash = $2, updated_at = $3 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_int64(st, 1, id);
        b = b ? b : db_bind_text(st, 2, hash);
        b = b ? b : db_bind_text(st, 3, now);
        return run_change(st, b);
}

int user_store_set_disabled(db *conn, int64_t id, bool disabled, const char *now)
{
        db_stmt *st;
        int rc =
            db_prepare(conn, "UPDATE users SET disabled = $2, updated_at = $3 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_int64(st, 1, id);
        b = b ? b : db_bind_int64(st, 2, disabled);
        b = b ? b : db_bind_text(st, 3, now);
        return run_change(st, b);
}

int user_store_set_display_name(db *conn, int64_t id, const char *display_name, const char *now)
{
        db_stmt *st;
        int rc = db_prepare(
            conn, "UPDATE users SET display_name = $2, updated_at = $3 WHERE id = $1", &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_int64(st, 1, id);
        b = b ? b : db_bind_text(st, 2, display_name);
        b = b ? b : db_bind_text(st, 3, now);
        return run_change(st, b);
}

int user_store_list(db *conn, int (*fn)(const struct user_record *u, void *ctx), void *ctx)
{
        char sql[512];
        snprintf(sql, sizeof(sql), "SELECT %s FROM users ORDER BY username", user_columns);
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        struct user_record u;
        while ((rc = db_step(st)) == DB_ROW) {
                read_user(st, 0, &u);
                if (fn(&u, ctx) != 0) {
                        rc = DB_DONE;
                        break;
                }
        }
        db_finalize(st);
        return rc == DB_DONE ? GL_OK : rc;
}

int user_store_enterprise_exists(db *conn, const char *uscc)
{
        db_stmt *st;
        int rc = db_prepare(conn, "SELECT 1 FROM enterprises WHERE uscc = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, uscc);
        if (rc == GL_OK)
                rc = db_step(st);
        db_finalize(st);
        return rc == DB_ROW ? GL_OK : (rc == DB_DONE ? GL_ENOTFOUND : rc);
}

int user_store_count_active(db *conn, enum role role, int64_t *n)
{
        db_stmt *st;
        int rc =
            db_prepare(conn, "SELECT COUNT(*) FROM users WHERE role = $1 AND disabled = 0", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, role_name(role));
        if (rc != GL_OK) {
                db_finalize(st);
                return rc;
        }
        return db_step_int64(st, n); /* it finalizes st */
}

int user_store_first_enterprises(db *conn, char (*uscc)[19], int max, int *n)
{
        db_stmt *st;
        int rc = db_prepare(conn, "SELECT uscc FROM enterprises ORDER BY uscc LIMIT $1", &st);
        if (rc != GL_OK)
                return rc;
        int count = 0;
        rc = db_bind_int64(st, 1, max);
        while (rc == GL_OK && (rc = db_step(st)) == DB_ROW) {
                COPY(uscc[count], db_column_text(st, 0));
                count++;
                rc = GL_OK;
        }
        db_finalize(st);
        if (rc != DB_DONE)
                return rc < 0 ? rc : GL_EDB;
        *n = count;
        return GL_OK;
}

int session_store_insert(db *conn, const struct session_record *s)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "INSERT INTO sessions (token_hash, user_id, csrf_hash, address, "
                            "created_at, expires_at, last_seen_at) VALUES ($1, $2, $3, $4, $5, $6, "
                            "$7)",
                            &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_text(st, 1, s->token_hash);
        b = b ? b : db_bind_int64(st, 2, s->user_id);
        b = b ? b : db_bind_text(st, 3, s->csrf_hash);
        b = b ? b : db_bind_text(st, 4, s->address);
        b = b ? b : db_bind_text(st, 5, s->created_at);
        b = b ? b : db_bind_text(st, 6, s->expires_at);
        b = b ? b : db_bind_text(st, 7, s->last_seen_at);
        return run_change(st, b);
}

int session_store_find(db *conn, const char *token_hash, const char *now, struct session_record *s,
                       struct user_record *u)
{
        char sql[512];
        snprintf(sql, sizeof(sql),
                 "SELECT s.token_hash, s.user_id, s.csrf_hash, s.address, s.created_at, "
                 "s.expires_at, s.last_seen_at, %s FROM sessions s JOIN users u ON u.id = "
                 "s.user_id WHERE s.token_hash = $1 AND s.expires_at > $2 AND u.disabled = 0",
                 USER_COLUMNS("u."));
        db_stmt *st;
        int rc = db_prepare(conn, sql, &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, token_hash);
        if (rc == GL_OK)
                rc = db_bind_text(st, 2, now);
        if (rc == GL_OK)
                rc = db_step(st);
        if (rc == DB_ROW) {
                memset(s, 0, sizeof(*s));
                COPY(s->token_hash, db_column_text(st, 0));
                s->user_id = db_column_int64(st, 1);
                COPY(s->csrf_hash, db_column_text(st, 2));
                COPY(s->address, db_column_text(st, 3));
                COPY(s->created_at, db_column_text(st, 4));
                COPY(s->expires_at, db_column_text(st, 5));
                COPY(s->last_seen_at, db_column_text(st, 6));
                read_user(st, 7, u);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int session_store_touch(db *conn, const char *token_hash, const char *now)
{
        db_stmt *st;
        int rc =
            db_prepare(conn, "UPDATE sessions SET last_seen_at = $2 WHERE token_hash = $1", &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_text(st, 1, token_hash);
        b = b ? b : db_bind_text(st, 2, now);
        return run_change(st, b);
}

int session_store_delete(db *conn, const char *token_hash, int64_t *deleted)
{
        db_stmt *st;
        int rc =
            db_prepare(conn, "DELETE FROM sessions WHERE token_hash = $1 RETURNING user_id", &st);
        if (rc != GL_OK)
                return rc;
        int64_t n = 0;
        rc = db_bind_text(st, 1, token_hash);
        while (rc == GL_OK && (rc = db_step(st)) == DB_ROW) {
                n++;
                rc = GL_OK;
        }
        db_finalize(st);
        if (rc != DB_DONE)
                return rc < 0 ? rc : GL_EDB;
        if (deleted)
                *deleted = n;
        return GL_OK;
}

int session_store_delete_user(db *conn, int64_t user_id)
{
        db_stmt *st;
        int rc = db_prepare(conn, "DELETE FROM sessions WHERE user_id = $1", &st);
        if (rc != GL_OK)
                return rc;
        return run_change(st, db_bind_int64(st, 1, user_id));
}

int session_store_delete_expired(db *conn, const char *now)
{
        db_stmt *st;
        int rc = db_prepare(conn, "DELETE FROM sessions WHERE expires_at <= $1", &st);
        if (rc != GL_OK)
                return rc;
        return run_change(st, db_bind_text(st, 1, now));
}

int device_store_find(db *conn, const char *token_hash, int64_t *user_id)
{
        db_stmt *st;
        int rc = db_prepare(conn, "SELECT user_id FROM known_devices WHERE token_hash = $1", &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, token_hash);
        if (rc == GL_OK)
                rc = db_step(st);
        if (rc == DB_ROW) {
                *user_id = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int device_store_put(db *conn, const char *token_hash, int64_t user_id, const char *now)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "INSERT INTO known_devices (token_hash, user_id, created_at, "
                            "last_used_at) VALUES ($1, $2, $3, $3) ON CONFLICT (token_hash) DO "
                            "UPDATE SET last_used_at = excluded.last_used_at",
                            &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_text(st, 1, token_hash);
        b = b ? b : db_bind_int64(st, 2, user_id);
        b = b ? b : db_bind_text(st, 3, now);
        return run_change(st, b);
}

int throttle_store_get(db *conn, const char *key, struct throttle_state *out)
{
        db_stmt *st;
        int rc = db_prepare(conn,
                            "SELECT failures, window_start, COALESCE(locked_until, '') FROM "
                            "login_throttle WHERE key = $1",
                            &st);
        if (rc != GL_OK)
                return rc;
        rc = db_bind_text(st, 1, key);
        if (rc == GL_OK)
                rc = db_step(st);
        if (rc == DB_ROW) {
                memset(out, 0, sizeof(*out));
                out->failures = db_column_int64(st, 0);
                COPY(out->window_start, db_column_text(st, 1));
                COPY(out->locked_until, db_column_text(st, 2));
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_ENOTFOUND;
        }
        db_finalize(st);
        return rc;
}

int throttle_store_put(db *conn, const char *key, const struct throttle_state *s)
{
        db_stmt *st;
        int rc =
            db_prepare(conn,
                       "INSERT INTO login_throttle (key, failures, window_start, locked_until) "
                       "VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO UPDATE SET failures = "
                       "excluded.failures, window_start = excluded.window_start, "
                       "locked_until = excluded.locked_until",
                       &st);
        if (rc != GL_OK)
                return rc;
        int b = db_bind_text(st, 1, key);
        b = b ? b : db_bind_int64(st, 2, s->failures);
        b = b ? b : db_bind_text(st, 3, s->window_start);
        b = b ? b : db_bind_text(st, 4, s->locked_until[0] ? s->locked_until : NULL);
        return run_change(st, b);
}

int throttle_store_clear(db *conn, const char *key)
{
        db_stmt *st;
        int rc = db_prepare(conn, "DELETE FROM login_throttle WHERE key = $1", &st);
        if (rc != GL_OK)
                return rc;
        return run_change(st, db_bind_text(st, 1, key));
}

/*
 * SQL of the messages (message_store.h). One column list, read by one function; a list is one page
 * (LIMIT and OFFSET), counted by one COUNT. A recipient's messages are found by (recipient_kind,
 * recipient); another recipient's message is answered as missing, so that a caller cannot tell it
 * exists. A message kept without English (title_en and body_en '', as migration 0007 left the
 * older ones) is read with its Chinese in their place, so that no reader shows an empty title.
 */
#include "message_store.h"

#include <stdio.h>
#include <string.h>

#define MESSAGE_COLUMNS                                                                            \
        "id, recipient_kind, recipient, case_id, procedure, action, title, body, created_at, "     \
        "read_at, title_en, body_en"

static void copy(char *dst, size_t size, const char *src)
{
        snprintf(dst, size, "%s", src ? src : "");
}

static const char *english_or(const char *english, const char *chinese)
{
        return english && english[0] ? english : chinese;
}

static void read_message(db_stmt *st, struct message *m)
{
        memset(m, 0, sizeof(*m));
        m->id = db_column_int64(st, 0);
        copy(m->recipient_kind, sizeof(m->recipient_kind), db_column_text(st, 1));
        copy(m->recipient, sizeof(m->recipient), db_column_text(st, 2));
        m->case_id = db_column_int64(st, 3);
        copy(m->procedure, sizeof(m->procedure), db_column_text(st, 4));
        copy(m->action, sizeof(m->action), db_column_text(st, 5));
        m->title = db_column_text(st, 6);
        m->body = db_column_text(st, 7);
        copy(m->created_at, sizeof(m->created_at), db_column_text(st, 8));
        copy(m->read_at, sizeof(m->read_at), db_column_text(st, 9));
        m->title_en = english_or(db_column_text(st, 10), m->title);
        m->body_en = english_or(db_column_text(st, 11), m->body);
}

int message_store_add(db *conn, const struct message *m, int64_t *id)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "INSERT INTO messages (recipient_kind, recipient, case_id, procedure, "
                            "action, title, body, created_at, title_en, body_en) VALUES ($1, $2, "
                            "$3, $4, $5, $6, $7, $8, $9, $10) RETURNING id",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, m->recipient_kind);
        db_bind_text(st, 2, m->recipient);
        db_bind_int64_or_null(st, 3, m->case_id > 0, m->case_id);
        db_bind_text(st, 4, m->procedure);
        db_bind_text(st, 5, m->action);
        db_bind_text(st, 6, m->title ? m->title : "");
        db_bind_text(st, 7, m->body ? m->body : "");
        db_bind_text(st, 8, m->created_at);
        db_bind_text(st, 9, m->title_en ? m->title_en : "");
        db_bind_text(st, 10, m->body_en ? m->body_en : "");
        rc = db_step(st);
        if (rc == DB_ROW) {
                if (id)
                        *id = db_column_int64(st, 0);
                rc = GL_OK;
        } else if (rc == DB_DONE) {
                rc = GL_EDB;
        }
        db_finalize(st);
        return rc;
}

/* The number of the recipient's messages (only the unread with unread_only). */
static int count(db *conn, const char *kind, const char *recipient, bool unread_only, int64_t *out)
{
        db_stmt *st = NULL;
        int rc = db_prepare(conn,
                            "SELECT COUNT(*) FROM messages WHERE recipient_kind = $1 AND "
                            "recipient = $2 AND ($3 = 0 OR read_at IS NULL)",
                            &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, kind);
        db_bind_text(st, 2, recipient);
        db_bind_int64(st, 3, unread_only);
        return db_step_int64(st, out);
}

int message_store_list(db *conn, const char *kind, const char *recipient, bool unread_only,
                       int64_t offset, int64_t limit, int (*fn)(const struct message *m, void *ctx),
                       void *ctx, int64_t *total)
{
        int rc = total ? count(conn, kind, recipient, unread_only, total) : GL_OK;
        if (rc != GL_OK)
                return rc;
        db_stmt *st = NULL;
        rc = db_prepare(conn,
                        "SELECT " MESSAGE_COLUMNS " FROM messages WHERE recipient_kind = $1 AND "
                        "recipient = $2 AND ($3 = 0 OR read_at IS NULL) ORDER BY id DESC LIMIT $4 "
                        "OFFSET $5",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_text(st, 1, kind);
        db_bind_text(st, 2, recipient);
        db_bind_int64(st, 3, unread_only);
        db_bind_int64(st, 4, limit);
        db_bind_int64(st, 5, offset);
        while ((rc = db_step(st)) == DB_ROW) {
                struct message m;
                read_message(st, &m);
                rc = fn(&m, ctx);
                if (rc != 0)
                        break;
        }
        if (rc == DB_DONE)
                rc = GL_OK;
        db_finalize(st);
        return rc;
}

int message_store_mark_read(db *conn, const char *kind, const char *recipient, int64_t id,
                            const char *read_at, bool *newly)
{
        db_stmt *st = NULL;
        int rc =
            db_prepare(conn,
                       "UPDATE messages SET read_at = $4 WHERE id = $1 AND recipient_kind = $2 "
                       "AND recipient = $3 AND read_at IS NULL RETURNING id",
                       &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, kind);
        db_bind_text(st, 3, recipient);
        db_bind_text(st, 4, read_at);
        rc = db_step(st);
        db_finalize(st);
        if (rc < 0)
                return rc;
        *newly = rc == DB_ROW;
        if (*newly)
                return GL_OK;
        /* Read before, or not the recipient's. */
        rc = db_prepare(conn,
                        "SELECT 1 FROM messages WHERE id = $1 AND recipient_kind = $2 AND "
                        "recipient = $3",
                        &st);
        if (rc != GL_OK)
                return rc;
        db_bind_int64(st, 1, id);
        db_bind_text(st, 2, kind);
        db_bind_text(st, 3, recipient);
        rc = db_step(st);
        db_finalize(st);
        if (rc < 0)
                return rc;
        return rc == DB_ROW ? GL_OK : GL_ENOTFOUND;
}

int message_store_unread_count(db *conn, const char *kind, const char *recipient, int64_t *out)
{
        return count(conn, kind, recipient, true, out);
}

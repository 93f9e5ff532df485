/*
 * Storage of messages (站内消息, migrations/0006_messages.sql and 0007_message_english.sql): what
 * greenlane tells a recipient in its inbox, each about a case and the step that moved it, in
 * Chinese and in English. A recipient is an enterprise (its USCC) or a user (its id as text),
 * named by kind and key. Callers outside app/ do not use it: app/ writes a message inside the
 * step's transaction (app/case.c) and reads them for their recipient (app/message.c). Strings in
 * a struct passed to a callback are valid during the call only.
 */
#ifndef GL_MESSAGE_STORE_H
#define GL_MESSAGE_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "db.h"

/* The kinds of recipient, as stored in recipient_kind. */
#define MESSAGE_TO_ENTERPRISE "enterprise"
#define MESSAGE_TO_USER "user"

struct message {
        int64_t id;
        char recipient_kind[16]; /* MESSAGE_TO_ENTERPRISE or MESSAGE_TO_USER */
        char recipient[32];      /* the USCC, or the user id */
        int64_t case_id;         /* 0 when about no case */
        char procedure[64];
        char action[48];
        const char *title;
        const char *body;
        /* The English; read as the Chinese for a message kept without (written before 0007). */
        const char *title_en;
        const char *body_en;
        char created_at[24];
        char read_at[24]; /* "" while unread */
};

/* Inserts a message (id and read_at ignored); *id (may be NULL) receives its id. */
int message_store_add(db *conn, const struct message *m, int64_t *id);

/* The recipient's messages newest first (only the unread with unread_only): *total (may be NULL)
 * receives how many there are, then fn is called for at most limit of them after the first offset,
 * until fn returns non-zero (returned). */
int message_store_list(db *conn, const char *kind, const char *recipient, bool unread_only,
                       int64_t offset, int64_t limit, int (*fn)(const struct message *m, void *ctx),
                       void *ctx, int64_t *total);

/* Marks message id of the recipient read at read_at; *newly tells whether it was unread (a
 * message read before keeps its first time). GL_ENOTFOUND when the recipient has no such
 * message. */
int message_store_mark_read(db *conn, const char *kind, const char *recipient, int64_t id,
                            const char *read_at, bool *newly);

/* The number of the recipient's unread messages. */
int message_store_unread_count(db *conn, const char *kind, const char *recipient, int64_t *out);

#endif

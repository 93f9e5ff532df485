/*
 * Storage of the audit trail (table audit_log). Records are only ever appended; these functions
 * neither compute nor check hashes: app/audit.c does.
 */
#ifndef GL_AUDIT_STORE_H
#define GL_AUDIT_STORE_H

#include <stdbool.h>

#include "db.h"

struct audit_record {
        int64_t id;
        char at[32];
        char actor[128];
        char action[64];
        char entity_type[64];
        char entity_id[128];
        char *detail; /* owned by whoever filled the record; audit_record_clear frees it */
        char digest[129];
        char prev_hash[129];
        char hash[129];
        bool keyed; /* the hash is keyed BLAKE2b (app/audit.c); false for records written before */
};

void audit_record_clear(struct audit_record *r);

/* The id and hash of the newest record; id 0 and an empty hash when the trail is empty. */
int audit_store_last(db *conn, int64_t *id, char hash[129]);
int audit_store_insert(db *conn, const struct audit_record *r);
/* The hash of record id; GL_ENOTFOUND when there is no such record. */
int audit_store_hash_of(db *conn, int64_t id, char hash[129]);

/* The newest record of an action (0: none); whether any record is keyed. */
int audit_store_newest_of_action(db *conn, const char *action, int64_t *id);
int audit_store_has_keyed(db *conn, bool *yes);

/* Calls fn for every record in id order until fn returns non-zero (which is then returned). */
int audit_store_each(db *conn, int (*fn)(const struct audit_record *r, void *ctx), void *ctx);

/* Reads up to limit records, newest first, starting below before_id (0: from the newest). */
int audit_store_page(db *conn, int64_t before_id, int limit, const char *entity_type,
                     const char *entity_id, int (*fn)(const struct audit_record *r, void *ctx),
                     void *ctx);

#endif

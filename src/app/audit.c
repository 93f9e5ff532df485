/*
 * Hash chain of the audit trail. A record's digest is BLAKE2b-256 of its detail text; its hash is
 * BLAKE2b-256 over the previous record's hash and the record's own fields, each prefixed by its
 * length so that no two different records encode alike. Hashes are stored as lowercase hex.
 */
#include "audit.h"

#include "scope.h"

#include <sodium.h>
#include <stdio.h>
#include <string.h>

#define HASH_BYTES crypto_generichash_BYTES /* 32 */

static void digest_text(const char *text, char out[129])
{
        unsigned char h[HASH_BYTES];
        crypto_generichash(h, sizeof(h), (const unsigned char *)text, strlen(text), NULL, 0);
        gl_hex_encode(h, sizeof(h), out);
}

static void feed(crypto_generichash_state *s, const char *field)
{
        char len[24];
        int n = snprintf(len, sizeof(len), "%zu:", strlen(field));
        crypto_generichash_update(s, (const unsigned char *)len, (size_t)n);
        crypto_generichash_update(s, (const unsigned char *)field, strlen(field));
}

static void chain_hash(const struct audit_record *r, char out[129])
{
        crypto_generichash_state s;
        unsigned char h[HASH_BYTES];
        char id[24];
        snprintf(id, sizeof(id), "%lld", (long long)r->id);
        crypto_generichash_init(&s, NULL, 0, sizeof(h));
        feed(&s, r->prev_hash);
        feed(&s, id);
        feed(&s, r->at);
        feed(&s, r->actor);
        feed(&s, r->action);
        feed(&s, r->entity_type);
        feed(&s, r->entity_id);
        feed(&s, r->digest);
        crypto_generichash_final(&s, h, sizeof(h));
        gl_hex_encode(h, sizeof(h), out);
}

int audit_append(struct app *app, const struct actor *who, const char *action,
                 const char *entity_type, const char *entity_id, const char *detail,
                 struct gl_error *err)
{
        struct audit_record r = {0};
        int64_t last_id = 0;
        if (audit_store_last(app->db, &last_id, r.prev_hash) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        r.id = last_id + 1;
        app_now_iso(r.at);
        snprintf(r.actor, sizeof(r.actor), "%s", who->name);
        snprintf(r.action, sizeof(r.action), "%s", action);
        snprintf(r.entity_type, sizeof(r.entity_type), "%s", entity_type);
        snprintf(r.entity_id, sizeof(r.entity_id), "%s", entity_id ? entity_id : "");
        r.detail = (char *)(detail ? detail : "{}");
        digest_text(r.detail, r.digest);
        chain_hash(&r, r.hash);
        if (audit_store_insert(app->db, &r) != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        return GL_OK;
}

struct verify_ctx {
        struct audit_verify_result *out;
        char prev_hash[129];
        int64_t prev_id;
};

static int verify_one(const struct audit_record *r, void *p)
{
        struct verify_ctx *c = p;
        struct audit_verify_result *out = c->out;
        char expect[129];
        out->records++;
        if (r->id != c->prev_id + 1)
                snprintf(out->reason, sizeof(out->reason),
                         "记录 %lld 之前缺少记录 %lld (record missing)", (long long)r->id,
                         (long long)(c->prev_id + 1));
        else if (strcmp(r->prev_hash, c->prev_hash) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "前一记录哈希不符 (prev_hash does not match the previous record)");
        else if (digest_text(r->detail, expect), strcmp(expect, r->digest) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "内容摘要不符 (detail was altered: digest mismatch)");
        else if (chain_hash(r, expect), strcmp(expect, r->hash) != 0)
                snprintf(out->reason, sizeof(out->reason),
                         "记录哈希不符 (a field was altered: hash mismatch)");
        else {
                snprintf(c->prev_hash, sizeof(c->prev_hash), "%s", r->hash);
                c->prev_id = r->id;
                out->head_id = r->id;
                snprintf(out->head_hash, sizeof(out->head_hash), "%s", r->hash);
                return 0;
        }
        out->first_broken_id = r->id;
        return 1;
}

int audit_verify(struct app *app, struct audit_verify_result *out, struct gl_error *err)
{
        struct verify_ctx c = {.out = out};
        memset(out, 0, sizeof(*out));
        int rc = audit_store_each(app->db, verify_one, &c);
        if (rc < 0)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        return GL_OK;
}

int audit_check_anchor(struct app *app, int64_t id, const char *hash, bool *holds,
                       struct gl_error *err)
{
        char stored[129];
        int rc = audit_store_hash_of(app->db, id, stored);
        if (rc == GL_ENOTFOUND) {
                *holds = false;
                return GL_OK;
        }
        if (rc != GL_OK)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        *holds = strcmp(stored, hash) == 0;
        return GL_OK;
}

struct page_ctx {
        int (*fn)(const struct audit_record *r, void *ctx);
        void *ctx;
        int failed; /* the callback's negative status, or 0 */
};

static int page_one(const struct audit_record *r, void *p)
{
        struct page_ctx *c = p;
        int got = c->fn(r, c->ctx);
        if (got < 0)
                c->failed = got;
        return got;
}

int app_audit_verify(struct app *app, const struct actor *who, struct audit_verify_result *out,
                     struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_AUDIT, NULL, err);
        return rc != GL_OK ? rc : audit_verify(app, out, err);
}

int app_audit_page(struct app *app, const struct actor *who, int64_t before_id, int limit,
                   const char *entity_type, const char *entity_id,
                   int (*fn)(const struct audit_record *r, void *ctx), void *ctx,
                   struct gl_error *err)
{
        int rc = app_scope_check(who, SCOPE_AUDIT, NULL, err);
        if (rc != GL_OK)
                return rc;
        struct page_ctx c = {fn, ctx, 0};
        rc = audit_store_page(app->db, before_id, limit, entity_type, entity_id, page_one, &c);
        if (c.failed < 0 || rc == GL_ENOMEM)
                return app_read_failed(c.failed < 0 ? c.failed : rc, err);
        if (rc < 0)
                return gl_fail(err, GL_EDB, "", "audit: %s", db_errmsg(app->db));
        return GL_OK;
}

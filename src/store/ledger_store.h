/*
 * SQL of measure 7's ledger (migration 0021): transfers, their entries (two per settled transfer,
 * append-only) and pledges. Callers outside app/ do not use it: app/ledger.h decides who sees
 * what. Dates go in and out as ISO TEXT; NULL columns read back as GL_DATE_NONE, "" or -1 (price).
 */
#ifndef GL_LEDGER_STORE_H
#define GL_LEDGER_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "../core/ledger.h"
#include "db.h"

/* One transfer as stored. */
struct ledger_transfer {
        int64_t id;
        char client_id[LEDGER_CLIENT_ID_MAX + 1];
        char digest[65]; /* hex digest of the request's content */
        char pollutant[8];
        char from[LEDGER_ACCOUNT_MAX + 1], to[LEDGER_ACCOUNT_MAX + 1];
        int64_t grams;
        char kind[16];
        char state[12]; /* pending, settled, cancelled, expired */
        gl_date day;
        gl_date expires_on; /* GL_DATE_NONE unless pending-type */
        char proposed_by[64], approved_by[64];
        int64_t price_fen;   /* -1: none */
        char method[16];     /* "" none */
        gl_date valid_until; /* GL_DATE_NONE unless a confirmation */
        char note[LEDGER_NOTE_MAX + 1];
        char reason[LEDGER_NOTE_MAX + 1];
        char created_at[24], settled_at[24];
        int64_t case_id; /* read: its m7.release case (release, sale), 0 when none */
};

struct ledger_pledge {
        int64_t id;
        char account[LEDGER_ACCOUNT_MAX + 1];
        char pollutant[8];
        int64_t grams;
        char pledgee[256];
        gl_date from_day, released_on; /* released_on GL_DATE_NONE while it stands */
};

/* One line of a statement: an entry of the account with its running balance. */
struct ledger_statement_line {
        int64_t transfer_id;
        char client_id[LEDGER_CLIENT_ID_MAX + 1];
        gl_date day;
        char kind[16];
        char counterparty[LEDGER_ACCOUNT_MAX + 1];
        int64_t grams; /* signed */
        int64_t balance_g;
        int64_t price_fen; /* -1 none */
        char method[16];
};

/* GL_ENOTFOUND when none. */
int ledger_store_by_client(db *conn, const char *client_id, struct ledger_transfer *out);
int ledger_store_get(db *conn, int64_t id, struct ledger_transfer *out);
/* Inserts t (its id ignored); *id the new id. */
int ledger_store_insert(db *conn, const struct ledger_transfer *t, int64_t *id);
/* Sets state (and approved_by, settled_at, reason when not NULL) of transfer id. */
int ledger_store_set_state(db *conn, int64_t id, const char *state, const char *approved_by,
                           const char *settled_at, const char *reason);
/* The two entries of settled transfer t: -grams to t->from, +grams to t->to, dated day (the day
 * it settles). */
int ledger_store_post(db *conn, const struct ledger_transfer *t, gl_date day);

/* SUM of entries of account for pollutant (0 when none). */
int ledger_store_balance(db *conn, const char *account, const char *pollutant, int64_t *out);
/* Grams of pending transfers out of account. */
int ledger_store_pending_out(db *conn, const char *account, const char *pollutant, int64_t *out);
/* Grams pledged and not released. */
int ledger_store_pledged(db *conn, const char *account, const char *pollutant, int64_t *out);
/* Grams of settled confirmations into account whose valid_until is before today. */
int ledger_store_expired_rights(db *conn, const char *account, const char *pollutant, gl_date today,
                                int64_t *out);

struct ledger_store_query {
        const char *state, *pollutant, *account;
        int64_t limit;
        bool oldest_first;
};
int ledger_store_transfers(db *conn, const struct ledger_store_query *q,
                           int (*fn)(const struct ledger_transfer *t, void *ctx), void *ctx);
/* Every account named by an entry, a transfer or a pledge, in order. */
int ledger_store_accounts(db *conn, int (*fn)(const char *account, void *ctx), void *ctx);

/* Entries of account/pollutant: *opening the sum before from (GL_DATE_NONE: 0), fn each entry
 * from..to in day, id order with its running balance. */
int ledger_store_statement(db *conn, const char *account, const char *pollutant, gl_date from,
                           gl_date to, int64_t *opening,
                           int (*fn)(const struct ledger_statement_line *l, void *ctx), void *ctx);
/* Sum of entries of account in from..to per kind, grams > 0 (sources) or < 0 (uses). */
int ledger_store_flows(db *conn, const char *account, const char *pollutant, gl_date from,
                       gl_date to, bool sources,
                       int (*fn)(const char *kind, int64_t grams, int64_t count, void *ctx),
                       void *ctx);

int ledger_store_pledge_insert(db *conn, const struct ledger_pledge *p, int64_t *id);
int ledger_store_pledge_get(db *conn, int64_t id, struct ledger_pledge *out);
int ledger_store_pledge_release(db *conn, int64_t id, gl_date on);
/* The pledges of account (NULL: all), standing and released, in id order. */
int ledger_store_pledges(db *conn, const char *account,
                         int (*fn)(const struct ledger_pledge *p, void *ctx), void *ctx);
/* The first standing pledge of account/pollutant (GL_ENOTFOUND none). */
int ledger_store_pledge_standing(db *conn, const char *account, const char *pollutant,
                                 struct ledger_pledge *out);

/* Measure 7's release procedure (migration 0022): the case of a transfer and the transfer of a
 * case (GL_ENOTFOUND none). */
int ledger_store_release_link(db *conn, int64_t case_id, int64_t transfer_id);
int ledger_store_release_case(db *conn, int64_t transfer_id, int64_t *case_id);
int ledger_store_release_transfer(db *conn, int64_t case_id, int64_t *transfer_id);

/* The case number of an open enforcement case (m2) of uscc with an order to correct issued
 * (GL_ENOTFOUND none). */
int ledger_store_order_to_correct(db *conn, const char *uscc, char number[128]);

/* verify: fn per problem text. */
int ledger_store_verify(db *conn, int (*problem)(const char *text, void *ctx),
                        int (*pollutant)(const char *code, int64_t sum, int64_t accounts,
                                         void *ctx),
                        void *ctx);

#endif

/*
 * Measure 7's use cases (排污权账本): the double-entry ledger of discharge rights per pollutant, in
 * grams. Every movement is a transfer between two accounts (core/ledger.h: reserve:, city:,
 * province:, enterprise:, project:, origin:); a settled transfer writes exactly two entries (the
 * debit of from, the credit of to) in the transaction that settles it, so every pollutant's
 * entries sum to zero. Entries are append-only (the database refuses UPDATE and DELETE); a balance
 * is always the sum of an account's entries and is never stored. Only an origin: account may go
 * negative.
 *
 * Idempotency: every transfer carries a client id. Writing it again with the same content returns
 * the existing transfer and changes nothing (*replayed true); with different content it is
 * GL_ECONFLICT naming "client_id".
 *
 * Who may:
 * - write (transfers, reductions, trades, sales, pledges, approvals, cancellations, the expiry
 *   sweep): county_officer, county_leader, admin, system. A release or sale is pending until a
 *   second county_officer or county_leader, not its proposer, approves it (GL_EPERM otherwise,
 *   naming the two-person rule); the system actor may approve for tests and batches only when it
 *   did not propose under the same name.
 * - read: county_officer, county_leader, county_legal, city_officer, admin, system see every
 *   account; an enterprise user only its own enterprise: account (others GL_ENOTFOUND); any other
 *   role GL_EPERM.
 * - the public price report (app_ledger_prices): anyone; no account names.
 *
 * Refusals fill err (field named) with a Chinese message naming measure 7 and the pack params
 * used: GL_EINVAL bad input; GL_ESTATE an account would go negative (names the account, pollutant,
 * available and asked grams), a pledge or an order to correct stands in the way (names the pledge
 * or the case number), a transfer not pending, or expired; GL_ECONFLICT client id replayed with
 * other content; GL_ENOTFOUND no such transfer/pledge/account visible.
 */
#ifndef GL_APP_LEDGER_H
#define GL_APP_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/ledger.h"
#include "../store/ledger_store.h"
#include "app.h"

/* What a caller asks to move. Texts borrowed. */
struct ledger_transfer_input {
        const char *client_id; /* required, 1..64 printable ASCII */
        const char *pollutant; /* "so2","nox","cod","nh3n","vocs","pm" (those of m7.pollutants) */
        const char *from;      /* account, e.g. "reserve:130131" */
        const char *to;
        int64_t grams;      /* > 0 */
        const char *kind;   /* NULL or "": inferred from the accounts (core ledger_kind_infer) */
        gl_date day;        /* GL_DATE_NONE: today */
        const char *note;   /* optional */
        int64_t price_fen;  /* trade and sale: total price in fen (>= 0); -1 none */
        const char *method; /* trade: "bidding","negotiated","listed"; sale: "listed" */
        const char *reduction_project; /* reduction: the verified project's name (stored in note) */
};

/* struct ledger_transfer, ledger_pledge and ledger_statement_line: store/ledger_store.h. */

/*
 * Writes a transfer (audited "ledger.transfer"). A release or a sale opens a case of m7.release
 * (app/m7_release.c) whose opening leaves it pending (proposed by who, expires_on = day +
 * m7.pending_expiry_working_days working days, the case's approval deadline); every other kind
 * settles at once (two entries), after the checks: kind allowed between the accounts, the from
 * account's available grams (not for origin:), pledges and orders to correct for trades,
 * ledger_project_order_check for project accounts. *out receives the transfer; *replayed is true
 * when client_id was known with the same content (nothing changed).
 */
int app_ledger_transfer(struct app *app, const struct actor *who,
                        const struct ledger_transfer_input *in, struct ledger_transfer *out,
                        bool *replayed, struct gl_error *err);

/* Shortcuts of app_ledger_transfer that fill the accounts: a verified reduction (origin:DIV ->
 * reserve:DIV of the pack's county), a trade (seller -> buyer, price and method required), a
 * listed sale from the reserve (pending, method "listed"). */
int app_ledger_reduction(struct app *app, const struct actor *who, const char *client_id,
                         const char *pollutant, int64_t grams, const char *project,
                         gl_date verified_on, struct ledger_transfer *out, bool *replayed,
                         struct gl_error *err);
int app_ledger_trade(struct app *app, const struct actor *who, const char *client_id,
                     const char *pollutant, const char *seller, const char *buyer, int64_t grams,
                     int64_t price_fen, const char *method, gl_date day,
                     struct ledger_transfer *out, bool *replayed, struct gl_error *err);
int app_ledger_sale(struct app *app, const struct actor *who, const char *client_id,
                    const char *pollutant, const char *buyer, int64_t grams, int64_t price_fen,
                    gl_date day, struct ledger_transfer *out, bool *replayed, struct gl_error *err);

/* Approves pending transfer id (audited "ledger.approve") on day today (GL_DATE_NONE: today) by
 * taking the step approve of its m7.release case: settles it (two entries) after the same checks.
 * GL_EPERM when who proposed it; GL_ESTATE when not pending or today is after its expires_on. */
int app_ledger_approve(struct app *app, const struct actor *who, int64_t id, gl_date today,
                       struct ledger_transfer *out, struct gl_error *err);
/* Cancels pending transfer id with reason (audited "ledger.cancel"): its case's step cancel. */
int app_ledger_cancel(struct app *app, const struct actor *who, int64_t id, const char *reason,
                      struct ledger_transfer *out, struct gl_error *err);
/* Expires every pending transfer whose expires_on is before today (audited "ledger.expire"): the
 * system takes the step expire of its case, as the deadline sweep does; *count how many. */
int app_ledger_expire(struct app *app, const struct actor *who, gl_date today, int64_t *count,
                      struct gl_error *err);

/* Reads transfer id; *expl (may be NULL) receives the explanation lines (caller frees with
 * ledger_lines_free). */
int app_ledger_get(struct app *app, const struct actor *who, int64_t id,
                   struct ledger_transfer *out, struct ledger_lines *expl, struct gl_error *err);

struct ledger_transfer_query {
        const char *state;     /* NULL: any */
        const char *pollutant; /* NULL: any */
        const char *account;   /* NULL: any (from or to) */
        int64_t limit;         /* 0: no limit */
};
/* The transfers who may see matching q, newest first. fn as in app.h. */
int app_ledger_transfers(struct app *app, const struct actor *who,
                         const struct ledger_transfer_query *q,
                         int (*fn)(const struct ledger_transfer *t, void *ctx), void *ctx,
                         struct gl_error *err);
/* Whether who may now approve / cancel t (the API's "offers"). */
bool app_ledger_may_approve(const struct actor *who, const struct ledger_transfer *t);
bool app_ledger_may_cancel(const struct actor *who, const struct ledger_transfer *t);

/* One account's figures for one pollutant on day today. */
struct ledger_balance {
        char pollutant[8];
        int64_t balance_g;     /* SUM of entries */
        int64_t pending_out_g; /* pending transfers out */
        int64_t pledged_g;     /* pledges not released */
        int64_t expired_g;     /* confirmed rights past valid_until still held */
        int64_t available_g;   /* core ledger_available */
};
struct ledger_account {
        char account[48];
        char kind[16]; /* reserve, city, province, enterprise, project, origin */
        /* e.g. "政府总量储备 130131"; the enterprise's name, "建设项目 #6 " and the project's name
         * when the registry has them */
        char label_zh[400];
        char label_en[400]; /* "County reserve 130131"; the names as they are */
        char owner[64];     /* the division, USCC or project id */
        size_t n_balances;
        struct ledger_balance balances[LEDGER_POLLUTANTS_MAX];
};
/* Every account that has an entry, a pending transfer or a pledge, that who may see, in account
 * order; kind NULL: all. */
int app_ledger_accounts(struct app *app, const struct actor *who, const char *kind, gl_date today,
                        int (*fn)(const struct ledger_account *a, void *ctx), void *ctx,
                        struct gl_error *err);
/* One account (GL_ENOTFOUND when malformed or not visible; an account of valid shape with no
 * entries reads as zeros). */
int app_ledger_account(struct app *app, const struct actor *who, const char *account, gl_date today,
                       struct ledger_account *out, struct gl_error *err);

/* The rights confirmed to an account (confirmation transfers into it). */
struct ledger_right {
        int64_t transfer_id;
        char pollutant[8];
        int64_t grams;
        gl_date granted_on, valid_until;
};
int app_ledger_rights(struct app *app, const struct actor *who, const char *account,
                      int (*fn)(const struct ledger_right *r, void *ctx), void *ctx,
                      struct gl_error *err);

/* Pledges (质押) an account's rights (audited "ledger.pledge"): the grams must be available. */
int app_ledger_pledge(struct app *app, const struct actor *who, const char *account,
                      const char *pollutant, int64_t grams, const char *pledgee, gl_date from,
                      struct ledger_pledge *out, struct gl_error *err);
/* Releases pledge id on day on (audited "ledger.unpledge"); GL_ESTATE when released already. */
int app_ledger_unpledge(struct app *app, const struct actor *who, int64_t id, gl_date on,
                        struct ledger_pledge *out, struct gl_error *err);
/* The pledges of account (NULL: all visible), standing and released. */
int app_ledger_pledges(struct app *app, const struct actor *who, const char *account,
                       int (*fn)(const struct ledger_pledge *p, void *ctx), void *ctx,
                       struct gl_error *err);

/* The statement of account for pollutant from..to (inclusive; GL_DATE_NONE open): *opening the
 * balance before from, *closing after to; fn each entry in day, id order. */
int app_ledger_statement(struct app *app, const struct actor *who, const char *account,
                         const char *pollutant, gl_date from, gl_date to, int64_t *opening,
                         int64_t *closing,
                         int (*fn)(const struct ledger_statement_line *l, void *ctx), void *ctx,
                         struct gl_error *err);

/* The reserve's sources and uses per pollutant for from..to. */
struct ledger_flow {
        char kind[16];
        int64_t grams;
        int64_t count;
};
struct ledger_reserve_pollutant {
        char pollutant[8];
        int64_t opening_g, closing_g;
        size_t n_sources, n_uses;
        struct ledger_flow sources[LEDGER_KINDS_MAX], uses[LEDGER_KINDS_MAX];
};
struct ledger_reserve_report {
        char reserve[48];
        gl_date from, to;
        size_t n;
        struct ledger_reserve_pollutant pollutants[LEDGER_POLLUTANTS_MAX];
};
int app_ledger_reserve(struct app *app, const struct actor *who, gl_date from, gl_date to,
                       struct ledger_reserve_report *out, struct gl_error *err);

/* The public price report: settled trades and sales with a price, oldest first; no identities.
 * pollutant NULL: all; year 0: all. */
struct ledger_price {
        gl_date day;
        char pollutant[8];
        int64_t grams;
        int64_t price_fen;
        int64_t yuan_per_tonne; /* price_fen * 1e6 / grams / 100, rounded down */
        char method[16];
};
int app_ledger_prices(struct app *app, const char *pollutant, int year,
                      int (*fn)(const struct ledger_price *p, void *ctx), void *ctx,
                      struct gl_error *err);

/* ledger verify: recomputes everything from the entries. */
struct ledger_verify_pollutant {
        char pollutant[8];
        int64_t sum_g;
        int64_t accounts;
};
struct ledger_verify_report {
        bool ok;
        size_t n;
        struct ledger_verify_pollutant pollutants[LEDGER_POLLUTANTS_MAX];
        struct ledger_lines problems; /* caller frees with ledger_lines_free */
};
int app_ledger_verify(struct app *app, const struct actor *who, struct ledger_verify_report *out,
                      struct gl_error *err);

/* A batch of transfers (CSV: client_id,pollutant,from,to,grams,kind,day,note,price_fen,method;
 * header line required) in one transaction, all or nothing; errors name path:LINE. *count the
 * rows written (replays included). */
int app_ledger_batch(struct app *app, const struct actor *who, const char *path, int64_t *count,
                     struct gl_error *err);

/* The pollutants of the ledger on day (m7.pollutants of the pack of who's county), into codes[]
 * (at most LEDGER_POLLUTANTS_MAX); *n how many. */
int app_ledger_pollutants(struct app *app, const struct actor *who, gl_date day,
                          const char *codes[LEDGER_POLLUTANTS_MAX], size_t *n,
                          struct gl_error *err);

/*
 * The order of measure 7's procedure (m7.procedure_order, dated: by default totals_review,
 * eia_approval, trade, confirmation), checked where a transfer into or out of project account
 * project_id settles: one into it completes the project's trade, a confirmation out of it grants
 * the rights; every step the order puts first must be done (measure 4's stages, app/project.h:
 * the totals review passed or not needed, the EIA approved, the project's account holding the
 * grams of pollutant its review found it needs). GL_ESTATE naming the step missing; GL_EINVAL
 * (field "project") when there is no such project. Inside the caller's transaction.
 */
int ledger_project_order_check(struct app *app, int64_t project_id, const char *kind,
                               const char *pollutant, gl_date day, struct ledger_lines *expl,
                               struct gl_error *err);

/* The grams account may give of pollutant on day (balance less pending, pledged and expired), for
 * the checks of app/ (the totals review's sources). GL_EDB. */
int ledger_available_grams(struct app *app, const char *account, const char *pollutant, gl_date day,
                           int64_t *out);

/* What app_demo_ledger made. */
struct demo_ledger {
        int64_t transfers, pending, pledges;
};
/* The demo county's ledger (app/demo_ledger.c); nothing when the ledger holds transfers. */
int app_demo_ledger(struct app *app, const struct actor *who, gl_date today,
                    struct demo_ledger *out, struct gl_error *err);

#endif

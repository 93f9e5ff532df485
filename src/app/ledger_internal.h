/*
 * What app/ledger.c and app/m7_release.c share of measure 7, inside app/ only: the release of the
 * reserve and the listed sale are the procedure m7.release on the engine (app/m7_release.c), whose
 * opening proposes the pending transfer and whose steps settle it, cancel it or let it expire,
 * each inside the step's transaction with the functions below.
 */
#ifndef GL_APP_LEDGER_INTERNAL_H
#define GL_APP_LEDGER_INTERNAL_H

#include "ledger.h"

#define M7_RELEASE_PROCEDURE "m7.release"

/* The transfer in would be, checked without the database (kind, accounts, grams, price, the
 * pack's pollutants on its day, its digest); GL_EINVAL naming the field otherwise. */
int ledger_make_transfer(struct app *app, const struct actor *who,
                         const struct ledger_transfer_input *in, struct ledger_transfer *out,
                         struct gl_error *err);

/* Inside the caller's transaction: writes the pending transfer of in (a release or a sale, with
 * an unused client id), after the checks of a settlement, audited "ledger.propose". */
int ledger_propose_in_tx(struct app *app, const struct actor *who,
                         const struct ledger_transfer_input *in, struct ledger_transfer *out,
                         struct gl_error *err);

/* Inside the caller's transaction: settles pending transfer id as approved by who (not its
 * proposer; not after its expires_on when today is given), audited "ledger.approve". */
int ledger_settle_in_tx(struct app *app, const struct actor *who, int64_t id, gl_date today,
                        struct ledger_transfer *out, struct gl_error *err);

/* Inside the caller's transaction: ends pending transfer id as "cancelled" or "expired" with the
 * reason, audited "ledger.cancel" or "ledger.expire". */
int ledger_end_in_tx(struct app *app, const struct actor *who, int64_t id, const char *state,
                     const char *reason, struct ledger_transfer *out, struct gl_error *err);

/* Whether who may see account (app/ledger_read.c): by role, and the account's division within
 * who's jurisdiction or above it. */
bool ledger_sees_account(struct app *app, const struct actor *who, const char *account);
/* The division account belongs to into out ("" for an enterprise or a project that names none:
 * the pack's county); false for an account that cannot be read. */
bool ledger_account_division(struct app *app, const char *account, char out[static 7]);
/* The pack a transfer runs on (its pollutants, the validity of rights, a pending transfer's
 * expiry): that of the county of the account it debits (an enterprise's or a project's county,
 * a county's origin: or reserve:); the home pack for the city's and the province's accounts. */
struct policy_pack;
const struct policy_pack *ledger_transfer_pack(struct app *app, const char *from);
/* app_ledger_pollutants of pack. */
int ledger_pollutants(const struct policy_pack *pack, gl_date day,
                      const char *codes[LEDGER_POLLUTANTS_MAX], size_t *n, struct gl_error *err);

/* Opens the m7.release case that proposes in (app/m7_release.c); *case_id the new case. */
int m7_release_open(struct app *app, const struct actor *who,
                    const struct ledger_transfer_input *in, int64_t *case_id, struct gl_error *err);

#endif

/*
 * Measure 7's pure rules (排污权账本): the double-entry ledger of discharge rights.
 *
 * Accounts are strings:
 *   reserve:DIVISION     the county's government reserve (政府总量储备), e.g. reserve:130131
 *   city:DIVISION        the city (cross-region requests, 上级支持), e.g. city:130100
 *   province:DIVISION    the province, e.g. province:130000
 *   enterprise:USCC      an enterprise (the USCC's check characters are checked)
 *   project:ID           a construction project of measure 4 (a positive integer)
 *   origin:DIVISION      where verified reductions, allocations and higher-level support come from
 *                        (核定来源): the only account that may go negative, so that every
 *                        pollutant's entries sum to zero.
 *
 * Kinds of transfer and the account kinds they move between (ledger_kind_allowed):
 *   reduction    origin -> reserve                       settles at once
 *   allocation   origin -> enterprise                    settles at once
 *   support      origin|city|province -> reserve|project settles at once
 *   release      reserve -> project|enterprise           pending, two-person
 *   sale         reserve -> enterprise                   pending, two-person, price, listed
 *   trade        enterprise -> enterprise|project        price and method
 *   confirmation project -> enterprise                   sets valid_until (确权)
 *   closure, reclaim, expiry   enterprise -> reserve     settles at once
 *
 * Pure: no I/O, no clock; "today" is the caller's.
 */
#ifndef GL_CORE_LEDGER_H
#define GL_CORE_LEDGER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"

#define LEDGER_POLLUTANTS_MAX 6
#define LEDGER_KINDS_MAX 12
#define LEDGER_ACCOUNT_MAX 47
#define LEDGER_CLIENT_ID_MAX 64
#define LEDGER_NOTE_MAX 500

enum ledger_account_kind {
        LEDGER_ACC_NONE = 0,
        LEDGER_ACC_RESERVE,
        LEDGER_ACC_CITY,
        LEDGER_ACC_PROVINCE,
        LEDGER_ACC_ENTERPRISE,
        LEDGER_ACC_PROJECT,
        LEDGER_ACC_ORIGIN,
};

struct ledger_account_ref {
        enum ledger_account_kind kind;
        char owner[24];  /* division, USCC or project id as text */
        int64_t project; /* for LEDGER_ACC_PROJECT */
};

/* A growable list of explanation lines (owned strings). */
struct ledger_lines {
        char **items;
        size_t n, cap;
};
/* Appends a formatted line; GL_ENOMEM. */
int ledger_lines_add(struct ledger_lines *l, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void ledger_lines_free(struct ledger_lines *l);

/* Parses account text; false and err (GL_EINVAL, field) when malformed. */
bool ledger_account_parse(const char *text, struct ledger_account_ref *out, const char *field,
                          struct gl_error *err);
/* "reserve", "city", ... for a kind; "" for NONE. */
const char *ledger_account_kind_name(enum ledger_account_kind k);
/* Chinese label of an account kind ("政府总量储备", ...). */
const char *ledger_account_kind_label(enum ledger_account_kind k);
/* English label of an account kind ("County reserve", ...). */
const char *ledger_account_kind_label_en(enum ledger_account_kind k);

/* Pollutant codes known to the ledger: "so2","nox","cod","nh3n","vocs","pm". */
bool ledger_pollutant_known(const char *code);
const char *ledger_pollutant_label_zh(const char *code);
const char *ledger_pollutant_label_en(const char *code);

/* Transfer kinds. */
bool ledger_kind_known(const char *kind);
/* Whether kind may move from -> to; false and err naming the rule otherwise. */
bool ledger_kind_allowed(const char *kind, enum ledger_account_kind from,
                         enum ledger_account_kind to, struct gl_error *err);
/* The kind a transfer takes when none is given, from its accounts; NULL when none fits. */
const char *ledger_kind_infer(enum ledger_account_kind from, enum ledger_account_kind to);
/* Release and sale wait for a second person. */
bool ledger_kind_pending(const char *kind);
/* Trade and sale carry a price; trade a method. */
bool ledger_kind_priced(const char *kind);
/* Chinese label of a kind. */
const char *ledger_kind_label(const char *kind);
/* Trade methods: bidding, negotiated, listed. */
bool ledger_method_known(const char *method);

/* available = balance - pending_out - pledged - expired (may be negative when already over). */
int64_t ledger_available(int64_t balance, int64_t pending_out, int64_t pledged, int64_t expired);

/* valid_until of rights confirmed on day: day + years years, the day before the anniversary
 * (a right granted 2022-03-01 for 5 years is valid until 2027-02-28). */
gl_date ledger_valid_until(gl_date day, int years);

/* yuan per tonne of price_fen for grams, rounded down (0 when grams <= 0). */
int64_t ledger_yuan_per_tonne(int64_t price_fen, int64_t grams);

/* Fills err with GL_ESTATE naming account, pollutant, available and asked (measure 7). */
int ledger_refuse_insufficient(struct gl_error *err, const char *account, const char *pollutant,
                               int64_t available, int64_t asked);

#endif

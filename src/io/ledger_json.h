/* JSON shapes of measure 7's ledger (the API's and `greenlane ledger … --json`). */
#ifndef GL_IO_LEDGER_JSON_H
#define GL_IO_LEDGER_JSON_H

#include <jansson.h>

#include "../app/ledger.h"

/* {"id","client_id","pollutant","from","to","grams","kind","state","day","proposed_by",
 *  "approved_by","price_fen","method","valid_until","expires_on","note"} (+ "offers" when who). */
json_t *ledger_transfer_json(const struct ledger_transfer *t, const struct actor *who);
/* {"account","kind","label_zh","owner","balances":[...]} */
json_t *ledger_account_json(const struct ledger_account *a);
json_t *ledger_pledge_json(const struct ledger_pledge *p);
json_t *ledger_statement_line_json(const struct ledger_statement_line *l);
json_t *ledger_price_json(const struct ledger_price *p);
json_t *ledger_reserve_json(const struct ledger_reserve_report *r);
json_t *ledger_verify_json(const struct ledger_verify_report *r);
json_t *ledger_lines_json(const struct ledger_lines *l);

#endif

/*
 * Reading a policy pack from JSON (the format is docs/policy-pack.md), and the JSON the faces show
 * of one. The loader checks the whole pack before anyone uses it: a broken pack is rejected with a
 * message that names the key path (`measures[3].contacts[0].phone: missing`), and nothing is
 * returned. On success every contact's phone_valid and phone_note are set (a number that cannot
 * be a phone number is kept as published and flagged).
 */
#ifndef GL_POLICY_JSON_H
#define GL_POLICY_JSON_H

#include <jansson.h>
#include <stddef.h>

#include "../core/gl.h"
#include "../core/policy.h"

/* The pack shipped with the program, compiled in from policy/. */
#define POLICY_DEFAULT_PACK "pingshan-2022.json"

/*
 * Parses len bytes of JSON text. source names the text in messages (a file name). On success *out
 * is a new pack the caller frees with policy_pack_free. On failure returns GL_EINVAL (or GL_ENOMEM)
 * with err->field set to the key path and err->message "SOURCE: PATH: reason"; *out is untouched.
 */
int policy_pack_parse_json(const char *text, size_t len, const char *source,
                           struct policy_pack **out, struct gl_error *err);

/* The default pack compiled into the program (POLICY_DEFAULT_PACK). */
int policy_pack_load_default(struct policy_pack **out, struct gl_error *err);

/* A pack file; GL_EIO when it cannot be read, else as policy_pack_parse_json. */
int policy_pack_load_file(const char *path, struct policy_pack **out, struct gl_error *err);

/*
 * The pack as the public reads it (GET /api/v1/policies, /api/v1/policies/{n}, /api/v1/pack):
 *
 *   CATALOG   = {"pack": PACK, "measures": [MEASURE...]}
 *   PACK      = {"id", "version", "division", "title_zh", "title_en", "issuer_zh",
 *                "issuer_en" (when the pack has one)}
 *   MEASURE   = {"number", "title_zh", "title_en", "in_force_zh", "in_force_from",
 *                "in_force_to", "responsible_zh", "responsible_en",
 *                "contacts": [{"name", "phone", "phone_valid", "phone_note"}]}
 *   FULL      = MEASURE + {"content_zh", "content_en", "who_zh", "who_en", "procedure_zh",
 *                "procedure_en", "pack": PACK}
 *   REFERENCE = {"pack": {"id", "version", "division", "title_zh", "title_en", "issuer_zh",
 *                "issuer_en"},
 *                "industries": [{"code", "name_zh", "name_en", "ladder"}],
 *                "parameters": {NAME: {"measure", "clause", "description_zh", "description_en",
 *                "label_zh", "label_en", "values": [{"from", "to", "value"}]}}}
 *
 * Dates are ISO text or null; a text the pack leaves out is null. The industries and the
 * parameters read as the pack's own (minus a parameter's kind and "of"). Each returns a new
 * reference (the caller json_decref's it), NULL only when out of memory.
 */
json_t *policy_catalog_json(const struct policy_pack *pack);
json_t *policy_measure_json(const struct policy_pack *pack, const struct policy_measure *m);
json_t *policy_reference_json(const struct policy_pack *pack);

#endif

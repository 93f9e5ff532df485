/*
 * Fuzz target of what greenlane writes of a policy pack. No writer of the pack format itself
 * exists (a pack is only ever read: io/policy_json.c); what is written is the JSON the public
 * reads of it (io/policy_json.h: policy_catalog_json, policy_measure_json, policy_reference_json,
 * the answers of GET /api/v1/policies, /api/v1/policies/{n} and /api/v1/pack), whose measures,
 * industries and parameters have the fields of the pack format.
 *
 * The input is a pack's JSON text. When policy_pack_parse_json takes it, the pack is written in
 * the three shapes (every measure in full), and what was written is turned back into a pack: the
 * input with its top-level texts, its measures, its industries and its parameters' texts and
 * values replaced by the written ones (a parameter keeps its kind and "of", which the public does
 * not see; a contact loses the phone_valid and phone_note the loader adds). Invariants: every
 * shape is written (none would be a 500) and dumps to text as the server does; each names the
 * pack's id and version; they hold as many measures, industries and parameters as the pack; the
 * pack written back parses, and is written exactly as the first one (the round trip is stable).
 */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "io/policy_json.h"

/* Whether a written pack object names the pack's id and version. */
static void check_names_pack(json_t *o, const struct policy_pack *p)
{
        FUZZ_CHECK(json_is_object(o));
        const char *id = json_string_value(json_object_get(o, "id"));
        FUZZ_CHECK(id != NULL && strcmp(id, p->id) == 0);
        FUZZ_CHECK(json_integer_value(json_object_get(o, "version")) == p->version);
}

/* Dumps value as the server answers it; the text must be there. */
static void check_dumps(json_t *value)
{
        char *text = json_dumps(value, JSON_COMPACT);
        FUZZ_CHECK(text != NULL);
        free(text);
}

/* Everything written of the pack, as {"catalog", "measures": [FULL...], "reference"}. */
static json_t *write_pack(const struct policy_pack *p)
{
        json_t *catalog = policy_catalog_json(p);
        json_t *reference = policy_reference_json(p);
        json_t *measures = json_array();
        FUZZ_CHECK(catalog != NULL && reference != NULL && measures != NULL);
        check_dumps(catalog);
        check_dumps(reference);
        check_names_pack(json_object_get(catalog, "pack"), p);
        check_names_pack(json_object_get(reference, "pack"), p);
        FUZZ_CHECK(json_array_size(json_object_get(catalog, "measures")) == p->nmeasures);
        FUZZ_CHECK(json_array_size(json_object_get(reference, "industries")) == p->nindustries);
        FUZZ_CHECK(json_object_size(json_object_get(reference, "parameters")) == p->nparams);
        for (size_t i = 0; i < p->nmeasures; i++) {
                json_t *full = policy_measure_json(p, &p->measures[i]);
                FUZZ_CHECK(full != NULL);
                check_dumps(full);
                check_names_pack(json_object_get(full, "pack"), p);
                FUZZ_CHECK(json_integer_value(json_object_get(full, "number")) ==
                           p->measures[i].number);
                json_array_append_new(measures, full);
        }
        json_t *all = json_pack("{s:o, s:o, s:o}", "catalog", catalog, "measures", measures,
                                "reference", reference);
        FUZZ_CHECK(all != NULL);
        return all;
}

/* The input pack (a JSON object) with what was written of it put in its place. */
static json_t *pack_from_written(json_t *input, json_t *written)
{
        static const char *const top[] = {"id",       "version",  "division",
                                          "title_zh", "title_en", "issuer_zh"};
        json_t *root = json_deep_copy(input);
        FUZZ_CHECK(root != NULL);
        json_t *pack = json_object_get(json_object_get(written, "catalog"), "pack");
        for (size_t i = 0; i < GL_ARRAY_LEN(top); i++)
                json_object_set(root, top[i], json_object_get(pack, top[i]));

        json_t *measures = json_array();
        size_t i;
        json_t *full;
        json_array_foreach(json_object_get(written, "measures"), i, full)
        {
                json_t *m = json_deep_copy(full);
                json_object_del(m, "pack");
                size_t k;
                json_t *contact;
                json_array_foreach(json_object_get(m, "contacts"), k, contact)
                {
                        json_object_del(contact, "phone_valid");
                        json_object_del(contact, "phone_note");
                }
                json_array_append_new(measures, m);
        }
        json_object_set_new(root, "measures", measures);

        json_t *reference = json_object_get(written, "reference");
        json_object_set(root, "industries", json_object_get(reference, "industries"));
        json_t *params = json_object_get(root, "parameters");
        const char *name;
        json_t *param;
        json_object_foreach(json_object_get(reference, "parameters"), name, param)
        {
                json_t *own = json_object_get(params, name);
                FUZZ_CHECK(json_is_object(own)); /* a parameter written is one of the pack's */
                FUZZ_CHECK(json_object_update(own, param) == 0);
        }
        return root;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct policy_pack *pack = NULL;
        struct gl_error err;
        if (policy_pack_parse_json((const char *)data, size, "fuzz.json", &pack, &err) != GL_OK)
                return 0;
        json_t *written = write_pack(pack);

        /* The same text as the loader read it. */
        json_t *input = json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES, NULL);
        FUZZ_CHECK(input != NULL);
        json_t *again = pack_from_written(input, written);
        char *text = json_dumps(again, 0);
        FUZZ_CHECK(text != NULL);
        struct policy_pack *reread = NULL;
        int rc = policy_pack_parse_json(text, strlen(text), "written.json", &reread, &err);
        if (rc != GL_OK)
                fprintf(stderr, "%s\n%s\n", err.message, text);
        FUZZ_CHECK(rc == GL_OK);
        FUZZ_CHECK(strcmp(reread->id, pack->id) == 0 && reread->version == pack->version);
        json_t *rewritten = write_pack(reread);
        FUZZ_CHECK(json_equal(written, rewritten));

        json_decref(rewritten);
        policy_pack_free(reread);
        free(text);
        json_decref(again);
        json_decref(input);
        json_decref(written);
        policy_pack_free(pack);
        return 0;
}

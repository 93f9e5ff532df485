/*
 * Fuzz target of the policy pack JSON loader (io/policy_json.h). Invariants: a pack is returned
 * exactly when parsing succeeds, an error names a key path, and nothing leaks either way.
 */
#include "fuzz.h"
#include "io/policy_json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        struct policy_pack *pack = NULL;
        struct gl_error err;
        int rc = policy_pack_parse_json((const char *)data, size, "fuzz.json", &pack, &err);
        if (rc == GL_OK) {
                FUZZ_CHECK(pack != NULL);
        } else {
                FUZZ_CHECK(pack == NULL);
                FUZZ_CHECK(rc == GL_EINVAL || rc == GL_ENOMEM);
                FUZZ_CHECK(err.message[0] != '\0');
        }
        policy_pack_free(pack);
        return 0;
}

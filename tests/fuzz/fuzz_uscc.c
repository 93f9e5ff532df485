/*
 * Fuzz target of USCC validation (core/uscc.h). Invariants: a code accepted as valid has 18
 * characters, its check character and its organization code's check character recompute, and its
 * division code can be read; the check-character functions never read past a short string.
 */
#include <stdlib.h>
#include <string.h>

#include "core/uscc.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        char *s = malloc(size + 1);
        if (s == NULL)
                return 0;
        memcpy(s, data, size);
        s[size] = '\0';

        struct gl_error err;
        char division[7];
        if (uscc_is_valid(s, &err)) {
                FUZZ_CHECK(strlen(s) == GL_USCC_LEN);
                FUZZ_CHECK(uscc_check_char(s) == s[17]);
                FUZZ_CHECK(uscc_org_check_char(s + 8) == s[16]);
                FUZZ_CHECK(uscc_division_code(s, division));
                FUZZ_CHECK(strlen(division) == 6 && memcmp(division, s + 2, 6) == 0);
        } else {
                FUZZ_CHECK(err.status == GL_EINVAL);
                FUZZ_CHECK(!uscc_division_code(s, division));
        }
        char c = uscc_check_char(s);
        FUZZ_CHECK(c == 0 || strchr("0123456789ABCDEFGHJKLMNPQRTUWXY", c) != NULL);
        c = uscc_org_check_char(s);
        FUZZ_CHECK(c == 0 || (c >= '0' && c <= '9') || c == 'X');
        free(s);
        return 0;
}

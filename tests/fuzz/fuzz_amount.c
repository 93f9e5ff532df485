/*
 * Fuzz target of the exact amount parser (core/amount.h). The first byte picks the number of
 * decimals (0 to 6), the rest is the text. Invariants: an accepted amount is not negative, and
 * formatting it (in full and trimmed) and parsing the result gives the same integer back.
 */
#include <stdlib.h>
#include <string.h>

#include "core/amount.h"
#include "fuzz.h"

/* Formats value both ways and checks that each text parses back to it. */
static void check_round_trip(int64_t value, int decimals)
{
        char buf[64];
        for (int trim = 0; trim <= 1; trim++) {
                amount_format(value, decimals, trim, buf, sizeof buf);
                int64_t again = -1;
                struct gl_error err;
                FUZZ_CHECK(amount_parse(buf, decimals, "x", &again, &err) == GL_OK);
                FUZZ_CHECK(again == value);
        }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
        if (size < 1)
                return 0;
        int decimals = data[0] % 7;
        char *text = malloc(size);
        if (text == NULL)
                return 0;
        memcpy(text, data + 1, size - 1);
        text[size - 1] = '\0';

        int64_t value = -1;
        struct gl_error err;
        if (amount_parse(text, decimals, "amount", &value, &err) == GL_OK) {
                FUZZ_CHECK(value >= 0);
                check_round_trip(value, decimals);
        } else {
                FUZZ_CHECK(err.status == GL_EINVAL);
                FUZZ_CHECK(value == -1);
        }

        /* Any non-negative integer read from the input formats and parses back. */
        if (size >= 9) {
                uint64_t raw = 0;
                memcpy(&raw, data + 1, sizeof raw);
                int64_t v = (int64_t)(raw >> 1);
                check_round_trip(v, decimals);
        }

        /* Formatting into a short buffer truncates like snprintf. */
        char small[8];
        amount_format(value, decimals, true, small, (size_t)data[0] % sizeof small + 1);
        free(text);
        return 0;
}

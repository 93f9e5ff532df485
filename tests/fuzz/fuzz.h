/*
 * The entry points of a fuzz target, in libFuzzer's form: it is handed one input at a time and must
 * return 0. The same targets are linked with libFuzzer for fuzzing (tests/fuzz/README.md) and with
 * replay.c, which feeds them a committed corpus as part of `meson test`.
 */
#ifndef GL_FUZZ_H
#define GL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What a target sets up once, before its first input (optional: a target defines it or not). It
 * runs outside the time an input is given, so a slow set-up (a database, a server) is not taken
 * for a slow input. Returns 0. */
int LLVMFuzzerInitialize(int *argc, char ***argv) __attribute__((weak));

/* An invariant a target checks: on failure says which and aborts, so that the fuzzer keeps the
 * input and the replay test fails. */
#define FUZZ_CHECK(cond)                                                                           \
        do {                                                                                       \
                if (!(cond)) {                                                                     \
                        fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
                                #cond);                                                            \
                        abort();                                                                   \
                }                                                                                  \
        } while (0)

/* Splits s in place at tabs into at most max cells (texts of a table row in an input); returns
 * how many. */
static inline size_t fuzz_split_cells(char *s, char **cells, size_t max)
{
        size_t n = 0;
        while (n < max) {
                cells[n++] = s;
                char *tab = strchr(s, '\t');
                if (tab == NULL)
                        break;
                *tab = '\0';
                s = tab + 1;
        }
        return n;
}

#endif

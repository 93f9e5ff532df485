/*
 * The entry point every fuzz target defines, in libFuzzer's form: it is handed one input and must
 * return 0. The same targets are linked with libFuzzer for fuzzing (tests/fuzz/README.md) and with
 * replay.c, which feeds them a committed corpus as part of `meson test`.
 */
#ifndef GL_FUZZ_H
#define GL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

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

#endif

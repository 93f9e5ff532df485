/*
 * The demo county (演示县): fills a database with a fictional but realistic county of a few hundred
 * enterprises and three years of their annual figures (core/demo_county.h), for trying greenlane
 * out. The county is written as CSV files in a temporary directory and imported through the same
 * use cases as a county's own files (app/enterprise.h), so it is validated and audited like them;
 * the two imports (enterprises, then annual figures) are each all or nothing.
 */
#ifndef GL_APP_DEMO_H
#define GL_APP_DEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app.h"

#define DEMO_DEFAULT_SEED 2022
#define DEMO_MAX_INDUSTRIES 16

struct demo_summary {
        uint64_t seed;
        char division[7];
        int first_year, last_year;
        int64_t enterprises; /* enterprises in the generated county */
        int64_t annual_rows; /* enterprise-years with figures */
        int64_t inserted;    /* enterprises new to the database */
        int64_t air_emitters, key_air_emitters, positive_list, ungraded;
        size_t nindustries;
        struct {
                char code[32];
                char name_zh[64]; /* from the policy pack when it knows the industry */
                int64_t enterprises;
        } industries[DEMO_MAX_INDUSTRIES];
        int64_t grades[6]; /* A, B, B-, C, D, other */
};

/*
 * A demo_ladder_fn (core/demo_county.h) reading the grade ladders of the policy pack ctx (a struct
 * policy_pack *, may be NULL), so that generated grades pass the import's check.
 */
bool app_demo_ladder(void *ctx, const char *industry, const char *const **rungs, size_t *n);

/*
 * Builds the demo county with seed into the database of app. Refuses (GL_ECONFLICT, nothing
 * written) when the database already holds enterprises, unless force is true: then the county is
 * imported over them (enterprises with the same USCC are updated, others are kept). Only the
 * system actor and administrators may do it (GL_EPERM). A failed import is reported with its
 * first problems in err. On GL_OK, out describes the county.
 */
int app_demo_county(struct app *app, const struct actor *who, uint64_t seed, bool force,
                    struct demo_summary *out, struct gl_error *err);

#endif

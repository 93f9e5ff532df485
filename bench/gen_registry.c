/*
 * gen_registry: writes a registry of N fictional enterprises and their annual figures as the CSV
 * files that `greenlane import enterprises` and `greenlane import annual` read, for benchmarks.
 *
 *   gen_registry [--seed S] [--years Y] [--first-year YYYY] N DIR
 *
 * makes DIR/enterprises.csv and DIR/annual.csv. Same arguments, same bytes. USCCs are valid codes
 * of division 130131 and distinct; industries, grades and figures come from the demo county
 * generator (src/core/demo_county.h), grades on the ladders of the policy pack greenlane loads
 * (the built-in pack, or $GREENLANE_POLICY), so that greenlane imports the files as they are.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/app.h"
#include "app/demo.h"
#include "core/demo_county.h"
#include "core/policy.h"

static int usage(void)
{
        fprintf(stderr, "usage: gen_registry [--seed S] [--years Y] [--first-year YYYY] N DIR\n");
        return 2;
}

static int parse_int(const char *s, int64_t lo, int64_t hi, int64_t *out)
{
        char *end = NULL;
        errno = 0;
        long long v = strtoll(s, &end, 10);
        if (errno || end == s || *end || v < lo || v > hi)
                return -1;
        *out = v;
        return 0;
}

static FILE *open_out(const char *dir, const char *name)
{
        char path[4096];
        snprintf(path, sizeof(path), "%s/%s", dir, name);
        FILE *f = fopen(path, "w");
        if (f == NULL)
                fprintf(stderr, "gen_registry: %s: %s\n", path, strerror(errno));
        else
                setvbuf(f, NULL, _IOFBF, 1 << 20);
        return f;
}

int main(int argc, char **argv)
{
        struct demo_county_options opt = {
            .seed = 1, .nyears = 1, .first_year = 2025, .ladder = app_demo_ladder};
        int i = 1;
        for (; i + 1 < argc && strncmp(argv[i], "--", 2) == 0; i += 2) {
                int64_t v = 0;
                if (strcmp(argv[i], "--seed") == 0 && parse_int(argv[i + 1], 0, INT64_MAX, &v) == 0)
                        opt.seed = (uint64_t)v;
                else if (strcmp(argv[i], "--years") == 0 &&
                         parse_int(argv[i + 1], 1, DEMO_MAX_YEARS, &v) == 0)
                        opt.nyears = (int)v;
                else if (strcmp(argv[i], "--first-year") == 0 &&
                         parse_int(argv[i + 1], 1990, 2100, &v) == 0)
                        opt.first_year = (int)v;
                else
                        return usage();
        }
        if (argc - i != 2 || parse_int(argv[i], 1, DEMO_INDEX_LIMIT, &opt.enterprises) != 0)
                return usage();
        const char *dir = argv[i + 1];

        struct demo_county g;
        struct gl_error err = {0};
        struct policy_pack *pack = NULL;
        int rc = app_load_policy(&pack, &err);
        opt.ladder_ctx = pack;
        if (rc == GL_OK)
                rc = demo_county_init(&g, &opt, &err);
        if (rc != GL_OK) {
                fprintf(stderr, "gen_registry: %s\n", err.message);
                policy_pack_free(pack);
                return 1;
        }
        int status = 1;
        FILE *ent = open_out(dir, "enterprises.csv");
        FILE *ann = open_out(dir, "annual.csv");
        if (ent == NULL || ann == NULL)
                goto fail;
        fputs(demo_enterprise_csv_header, ent);
        fputs(demo_annual_csv_header, ann);
        struct demo_record rec;
        char line[1024];
        int64_t nann = 0;
        while (demo_county_next(&g, &rec)) {
                size_t n = demo_enterprise_csv(&rec.enterprise, line, sizeof(line));
                fwrite(line, 1, n < sizeof(line) ? n : sizeof(line) - 1, ent);
                for (size_t k = 0; k < rec.nfigures; k++, nann++) {
                        n = demo_annual_csv(&rec.figures[k], line, sizeof(line));
                        fwrite(line, 1, n < sizeof(line) ? n : sizeof(line) - 1, ann);
                }
        }
        int closed = fclose(ent) | fclose(ann);
        ent = ann = NULL;
        if (closed != 0) {
                fprintf(stderr, "gen_registry: writing %s: %s\n", dir, strerror(errno));
                goto fail;
        }
        printf("%" PRId64 " enterprises, %" PRId64 " annual rows\n", opt.enterprises, nann);
        status = 0;
fail:
        if (ent)
                fclose(ent);
        if (ann)
                fclose(ann);
        policy_pack_free(pack);
        return status;
}

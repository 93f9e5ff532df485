/*
 * Benchmark of the policy pack: loading the shipped pack (JSON parse, copy and every check of
 * io/policy_json.c) beside the baseline of jansson parsing the same bytes and nothing else, and a
 * parameter lookup by name on a date (policy_param_int) beside the baseline of reading a value
 * resolved once. Prints the time per call and the ratio. Rules that evaluate many enterprises
 * resolve their parameters once per run; the lookup figure shows what a per-enterprise lookup
 * would cost.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "core/embedded.h"
#include "core/policy.h"
#include "io/policy_json.h"

#define LOADS 200
#define LOOKUPS 1000000

static double now_seconds(void)
{
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(void)
{
        const struct embedded_file *f = embedded_find(embedded_policies, POLICY_DEFAULT_PACK);
        if (f == NULL) {
                fprintf(stderr, "bench_policy: no built-in pack\n");
                return 1;
        }
        struct gl_error err = {0};
        json_error_t warm_err;
        json_decref(json_loadb(f->data, f->size, 0, &warm_err)); /* warm the allocator and caches */
        double t0 = now_seconds();
        for (int i = 0; i < LOADS; i++) {
                struct policy_pack *pack = NULL;
                if (policy_pack_parse_json(f->data, f->size, f->name, &pack, &err) != GL_OK) {
                        fprintf(stderr, "bench_policy: %s\n", err.message);
                        return 1;
                }
                policy_pack_free(pack);
        }
        double t_load = now_seconds() - t0;
        t0 = now_seconds();
        for (int i = 0; i < LOADS; i++) {
                json_error_t jerr;
                json_t *root = json_loadb(f->data, f->size, JSON_REJECT_DUPLICATES, &jerr);
                if (root == NULL)
                        return 1;
                json_decref(root);
        }
        double t_json = now_seconds() - t0;
        printf("load pack (%zu bytes)        %9.1f us/load    baseline (jansson parse only) "
               "%9.1f us/load   ratio %.2fx\n",
               f->size, t_load / LOADS * 1e6, t_json / LOADS * 1e6, t_load / t_json);

        struct policy_pack *pack = NULL;
        if (policy_pack_load_default(&pack, &err) != GL_OK)
                return 1;
        const char *names[] = {"m1.key_margin_percent", "m1.general_grace_months",
                               "m1.key_grace_months", "m1.county_review_working_days"};
        gl_date on = date_from_ymd(2024, 5, 1);
        int64_t sum = 0, x = 0;
        t0 = now_seconds();
        for (long i = 0; i < LOOKUPS; i++) {
                if (policy_param_int(pack, names[i & 3], on + (gl_date)(i & 255), &x) == GL_OK)
                        sum += x;
        }
        double t_lookup = now_seconds() - t0;
        const struct policy_value *resolved[4];
        for (int k = 0; k < 4; k++)
                resolved[k] = policy_param_value(pack, names[k], on);
        int64_t sum_base = 0;
        t0 = now_seconds();
        for (long i = 0; i < LOOKUPS; i++) {
                const struct policy_value *volatile v = resolved[i & 3];
                sum_base += v->integer;
        }
        double t_base = now_seconds() - t0;
        printf("policy_param_int by name     %9.1f ns/call    baseline (value resolved once)  "
               "%9.1f ns/call   ratio %.1fx   (check %lld = %lld)\n",
               t_lookup / LOOKUPS * 1e9, t_base / LOOKUPS * 1e9, t_lookup / t_base, (long long)sum,
               (long long)sum_base);
        policy_pack_free(pack);
        return sum == sum_base ? 0 : 1;
}

/*
 * What a procedure's own code looks like to the engine (app/case.c): the context one step runs
 * in, and the three kinds of named functions a pack may name — guards (may the step be taken,
 * beyond the generic checks), effects (what the step changes besides the case's state) and length
 * hooks (the length of a deadline chosen for the case) — plus an extension per procedure that
 * loads and saves what the procedure keeps of its own. The tables are in app/case_hooks.c; each
 * procedure's functions in app/mN_*.c. Internal to app/.
 */
#ifndef GL_APP_CASE_HOOKS_H
#define GL_APP_CASE_HOOKS_H

#include <jansson.h>

#include "case.h"

struct case_ctx {
        struct app *app;
        const struct actor *who;
        /* The pack the case runs on (app_pack_for its county): its procedure's and its
         * parameters'; hooks read parameters here, not the home pack. */
        const struct policy_pack *pack;
        const struct procedure *proc;
        const struct procedure_action *action;
        struct case_row *row; /* for an opening: id 0 until the case is inserted */
        bool opening;
        size_t from, to; /* state indexes (from is PROCEDURE_NO_STATE for an opening) */
        const struct case_step_input *in;
        const char *now; /* the step's UTC time stamp */
        /* The case's deadlines as they stand once this step's events applied. */
        const struct case_deadline *deadlines;
        size_t ndeadlines;
        json_t *audit;      /* detail added to the step's audit record */
        void *ext;          /* the procedure's own data, owned by its extension */
        const char *reason; /* the reason recorded with the step (an effect may set one) */
        char reason_buf[512];
};

/* A sealed field's digest as the step and audit records hold it: "blake2b:" and 64 hex digits of
 * the BLAKE2b-256 of the text keyed with the audit key (a short text cannot be found again by
 * hashing guesses without the key), NUL-terminated. */
#define CASE_SEALED_PREFIX "blake2b:"
#define CASE_SEALED_DIGEST_LEN (sizeof(CASE_SEALED_PREFIX) - 1 + 64 + 1)
void case_sealed_digest(const struct app *app, const char *text, char out[CASE_SEALED_DIGEST_LEN]);

/* The value of a field given with the step, or NULL. */
const char *case_ctx_field(const struct case_ctx *c, const char *name);
/* The newest deadline of a kind — the one this step started, stopped or ended, or the one that
 * runs — whatever its status (case_deadline_running tells), or NULL when the case has none. */
const struct case_deadline *case_ctx_deadline(const struct case_ctx *c, const char *kind);

/* Makes uscc the case's party: the registry's enterprise when it holds it, else a party outside
 * the registry with that USCC and name (the USCC when name is NULL or ""). GL_EDB. */
int case_ctx_set_party(struct case_ctx *c, const char *uscc, const char *name,
                       struct gl_error *err);

/* Records a review of the case by who takes the step (the procedure's kind, its outcome, its
 * findings: "" for NULL), dated the step's day. GL_EDB with err filled when it cannot. */
int case_ctx_add_review(struct case_ctx *c, const char *kind, const char *outcome,
                        const char *findings, struct gl_error *err);

struct case_hook {
        const char *name;
        int (*fn)(struct case_ctx *c, struct gl_error *err);
};

struct case_length_hook {
        const char *name;
        /* Sets *n and names the pack parameter it came from (param, at most 63 bytes). */
        int (*fn)(struct case_ctx *c, const struct procedure_deadline *d, int *n, char *param,
                  size_t param_size, struct gl_error *err);
};

struct case_extension {
        const char *procedure;
        const char *audit_entity; /* the audit records' entity, e.g. "declaration" */
        int (*load)(struct case_ctx *c, struct gl_error *err);
        int (*save)(struct case_ctx *c, struct gl_error *err);
        void (*release)(struct case_ctx *c);
        /* May be NULL. Drops from offers (*n of them) the actions its own data would refuse now —
         * measure 2 offers no exemption where art. 33 does not apply; measure 8 offers a review
         * only to the reviewer of its unit — so that a reader is not offered a step bound to fail;
         * the step's guards still decide. who is the reader, or NULL when the offers are a role's
         * in general (what the party's message says it may do). */
        void (*filter_offers)(struct app *app, const struct actor *who, int64_t case_id,
                              struct case_offer *offers, size_t *n);
        /* What the procedure's code needs of its declaration beyond the loader's checks (NULL:
         * nothing): the error names the key. Run by app_check_procedures. */
        int (*check_pack)(const struct policy_pack *pack, const struct procedure *proc,
                          struct gl_error *err);
};

const struct case_hook *case_guard_find(const char *name);
const struct case_hook *case_effect_find(const char *name);
const struct case_length_hook *case_length_find(const char *name);
/* NULL when the procedure keeps nothing of its own. */
const struct case_extension *case_extension_find(const char *procedure);

/* Measure 1 (app/m1_declaration.c). */
extern const struct case_hook m1_guards[];
extern const struct case_hook m1_effects[];
extern const struct case_length_hook m1_lengths[];
extern const struct case_extension m1_extension;

/* Measure 2 (app/m2_enforcement.c). */
extern const struct case_hook m2_guards[];
extern const struct case_hook m2_effects[];
extern const struct case_length_hook m2_lengths[];
extern const struct case_extension m2_extension;

/* Measure 3 (app/m3_control.c). */
extern const struct case_hook m3_guards[];
extern const struct case_hook m3_effects[];
extern const struct case_length_hook m3_lengths[];
extern const struct case_extension m3_extension;

/* Measure 4 (app/m4_eia.c). */
extern const struct case_hook m4_guards[];
extern const struct case_hook m4_effects[];
extern const struct case_length_hook m4_lengths[];
extern const struct case_extension m4_extension;

/* Measure 5 (app/m5_visit.c). */
extern const struct case_hook m5_guards[];
extern const struct case_hook m5_effects[];
extern const struct case_length_hook m5_lengths[];
extern const struct case_extension m5_extension;

/* Measure 7 (app/m7_release.c). */
extern const struct case_hook m7_guards[];
extern const struct case_hook m7_effects[];
extern const struct case_length_hook m7_lengths[];
extern const struct case_extension m7_extension;

/* Measure 8 (app/m8_site_list.c). */
extern const struct case_hook m8_guards[];
extern const struct case_hook m8_effects[];
extern const struct case_length_hook m8_lengths[];
extern const struct case_extension m8_extension;

#endif

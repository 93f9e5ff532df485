/*
 * SQL for what a measure-2 enforcement case keeps besides its case (migrations/0012): the side
 * table m2_cases and the numbers of m2_numbers. Callers outside app/ do not use it. Dates go in
 * and out as ISO TEXT; NULL columns read back as GL_DATE_NONE or "". Text pointers of a struct
 * read here are malloc'd and freed by m2_case_clear.
 */
#ifndef GL_ENFORCEMENT_STORE_H
#define GL_ENFORCEMENT_STORE_H

#include <stdbool.h>
#include <stdint.h>

#include "../core/date.h"
#include "db.h"

struct m2_case {
        int64_t case_id;
        char case_number[96];
        char party_uscc[19];
        char party_name[256];
        char violation_type[64];
        gl_date found_on;
        char harm[16];
        bool minor, no_fault, malicious, major_risk, prior_recorded;
        int64_t prior_case;       /* 0: none */
        char correction_mode[16]; /* "" until ordered */
        gl_date correct_by;
        char order_number[96];
        gl_date ordered_on, committed_on;
        char correction_status[16]; /* pending, in_time, late, none */
        gl_date corrected_on;
        char proposal[24];
        char ground[24];
        bool in_window;
        char outcome[16]; /* "", exempt, referred */
        /* Free text, malloc'd (never NULL once read or set). */
        char *legal_representative, *address, *officers, *facts, *findings, *legal_basis,
            *correction, *explanation, *outcome_reason;
};

void m2_case_init(struct m2_case *m);
void m2_case_clear(struct m2_case *m);
/* Replaces one of m's texts with a copy of text (NULL: ""). GL_ENOMEM. */
int m2_case_set(char **slot, const char *text);

int enforcement_store_insert(db *conn, const struct m2_case *m);
int enforcement_store_update(db *conn, const struct m2_case *m);
/* GL_ENOTFOUND when the case keeps no such row. */
int enforcement_store_get(db *conn, int64_t case_id, struct m2_case *out);

/* The system's proposal kept for a case (out: at least 24 bytes); GL_ENOTFOUND when none. */
int enforcement_store_proposal(db *conn, int64_t case_id, char *out, size_t size);

/* The next number of a kind ("case", "order") in a year of the pack pack_id (whose template makes
 * it), recorded for case_id: one more than the highest given, so a number once committed is never
 * given again. */
int enforcement_store_next_number(db *conn, const char *kind, const char *pack_id, int year,
                                  int64_t case_id, int64_t *seq);

/*
 * The newest other case of the same party and violation type found on a day in [from, to] (and,
 * on the day `to` itself, filed before case_id), or *prior = 0 when there is none.
 */
int enforcement_store_prior(db *conn, const char *party_uscc, const char *violation_type,
                            gl_date from, gl_date to, int64_t case_id, int64_t *prior);

#endif

/*
 * Measure 2's enforcement case as its readers see it (包容性执法案件): the case, what it keeps of
 * its own (the party, the violation, the circumstances, the order to correct and its number, the
 * verification, the system's proposal and its explanation, the outcome decided), and what the two
 * letters print — the pack's texts on the order's day with the commitments filled in, and the
 * evidence handed in. The steps are app/case.h's (procedure "m2.enforcement"); its guards and
 * effects are app/m2_enforcement.c's.
 */
#ifndef GL_APP_ENFORCEMENT_H
#define GL_APP_ENFORCEMENT_H

#include "../store/case_store.h"
#include "../store/enforcement_store.h"
#include "app.h"

struct enforcement_record {
        struct case_row row;
        struct m2_case m;
        const char *violation_label_zh; /* the pack's label of m.violation_type */
        const char *violation_label_en;
        const char *proposal_label_zh, *proposal_label_en;
        bool proposes_no_penalty;
        /* For the letters: the pack's texts on the order's day (the filing day before it). */
        const char *issuer;
        const char *report, *refusal, *reconsideration_body, *court;
        int reconsideration_days, lawsuit_months;
        char **commitments; /* with {deadline} filled in */
        size_t ncommitments;
        char **evidence; /* "现场检查笔录（inspection.pdf）", the documents of the filing and the
                            investigation */
        size_t nevidence;
};

/* Reads an enforcement case who may see; GL_ENOTFOUND when there is none, it is another
 * procedure's, or who may not see it. Free with app_enforcement_record_free. */
int app_enforcement_get(struct app *app, const struct actor *who, int64_t id,
                        struct enforcement_record *out, struct gl_error *err);
void app_enforcement_record_free(struct enforcement_record *r);

/*
 * Demo data (app/demo_enforcement.c): enforcement cases in every state of the procedure — three
 * closed in 2022's window (exempt as minor, exempt as a first violation, a malicious one
 * referred), the rest open and dated back from today — for air emitters of the registry, a unit
 * outside it, and clerk_uscc (may be NULL), whose case stops at the order so that its clerk sees
 * the letters. A database that already holds enforcement cases gets none. System or admin only.
 * *made (may be NULL) receives how many were made.
 */
int app_demo_enforcement(struct app *app, const struct actor *who, const char *clerk_uscc,
                         gl_date today, int64_t *made, struct gl_error *err);

#endif

/*
 * Measure 2's rule (包容性执法, inclusive enforcement): what the system proposes for an enforcement
 * case from the circumstances the law turns on — Administrative Penalty Law art. 33 and, during
 * the measure's window, the measure's own "轻微不罚、首次不罚、非故意不罚" except for malicious
 * violations. The system proposes; the officers and the reviews decide; both are kept.
 *
 * The proposal, in this order:
 * - a party that proves it had no subjective fault: no penalty (art. 33 ¶2, mandatory);
 * - while the correction is not yet verified, and nothing else decides: pending;
 * - a minor violation corrected in time with no harmful consequence: no penalty (art. 33 ¶1,
 *   mandatory);
 * - a first violation with minor harm corrected in time (art. 33 ¶1, discretionary): during the
 *   window and when not malicious, no penalty under the measure's "首次不罚"; otherwise the
 *   discretion stays with the people deciding;
 * - anything else: referral to the ordinary penalty procedure (during the window, not a fine
 *   "simply": notices, reminders and help go with it).
 * Every proposal is explained in Chinese, citing the clause and the dated pack parameters used
 * (m2.window_from, m2.window_to, m2.window_basis, m2.first_lookback_months,
 * m2.no_harm_counts_as_minor).
 *
 * Pure: no I/O and no clock; the dates are the case's.
 */
#ifndef GL_M2_ENFORCEMENT_H
#define GL_M2_ENFORCEMENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"

struct policy_pack;

enum m2_harm { M2_HARM_NONE, M2_HARM_MINOR, M2_HARM_SERIOUS };

enum m2_correction {
        M2_CORRECTION_PENDING, /* ordered, not verified yet */
        M2_CORRECTION_IN_TIME, /* verified corrected within the period ordered */
        M2_CORRECTION_LATE,    /* verified corrected after it */
        M2_CORRECTION_NONE,    /* verified not corrected */
};

/* The circumstances of a case, as recorded. */
struct m2_facts {
        gl_date found_on; /* the day the violation was found */
        enum m2_harm harm;
        bool minor; /* 违法行为轻微 */
        enum m2_correction correction;
        gl_date corrected_on; /* GL_DATE_NONE unless verified corrected */
        gl_date correct_by;   /* the last day ordered (the order's day when "immediately") */
        int64_t prior_case;   /* an earlier case of the same party and violation type within
                                 the look-back (0: none found) */
        bool prior_recorded;  /* the officers recorded an earlier violation outside the system */
        bool no_fault;        /* the party proved it had no subjective fault */
        bool malicious;       /* 恶意违法 */
        bool major_risk;      /* a major environmental risk is recorded */
};

enum m2_outcome {
        M2_NO_PENALTY,       /* 不予行政处罚 (mandatory) */
        M2_NO_PENALTY_FIRST, /* 首次不罚: art. 33's discretion exercised under the measure */
        M2_DISCRETION,       /* 可以不予行政处罚: the people deciding choose */
        M2_PENALTY,          /* 移送一般程序 */
        M2_PENDING,          /* awaits the verification of the correction */
};

#define M2_LINES_MAX 12
#define M2_LINE_LEN 512

struct m2_proposal {
        enum m2_outcome outcome;
        const char *ground; /* "unintentional", "minor", "first" or NULL: the art. 33 ground */
        bool in_window;     /* the measure's window covers the case */
        bool first;         /* a first violation in the sense of the look-back */
        char lines[M2_LINES_MAX][M2_LINE_LEN];
        size_t nlines;
};

/*
 * The proposal for f under pack. GL_EINVAL when the facts contradict each other (malicious with
 * no fault proven: field "no_fault"), GL_ENOTFOUND naming a parameter the pack lacks.
 */
int m2_propose(const struct policy_pack *pack, const struct m2_facts *f, struct m2_proposal *out,
               struct gl_error *err);

/* "no_penalty", "no_penalty_first", "discretion", "penalty", "pending". */
const char *m2_outcome_name(enum m2_outcome o);
/* "不予行政处罚（应当）", ... */
const char *m2_outcome_label_zh(enum m2_outcome o);
const char *m2_outcome_label_en(enum m2_outcome o);
/* The outcome named name (m2_outcome_name's words); M2_PENDING for another text. */
enum m2_outcome m2_outcome_from_name(const char *name);
/* Whether the outcome is a proposal of no penalty (a referral against it needs its reason and the
 * legal review). */
bool m2_proposes_no_penalty(enum m2_outcome o);
/* Whether art. 33 lets the case be exempted: no penalty proposed, or left to the discretion of the
 * reviews (an exemption may be proposed and decided). */
bool m2_allows_exemption(enum m2_outcome o);

/* The measure's words for a ground: "轻微不罚", "首次不罚", "非故意不罚"; the name itself for
 * another text. */
const char *m2_ground_label_zh(const char *ground);
/* "未造成危害后果", "危害后果轻微", "危害后果较重或严重"; the name itself for another text. */
const char *m2_harm_label_zh(const char *harm);

/* "none", "minor", "serious"; m2_harm_from_name returns -1 for another text. */
const char *m2_harm_name(enum m2_harm h);
int m2_harm_from_name(const char *name);

/*
 * A number from a pack template: "{year}" and "{seq}" replaced ("平环责改〔{year}〕{seq}号" →
 * "平环责改〔2022〕3号"). GL_EINVAL when the template lacks "{seq}" or the result does not fit.
 */
int m2_format_number(const char *tmpl, int year, int64_t seq, char *out, size_t size,
                     struct gl_error *err);

#endif

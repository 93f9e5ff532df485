/*
 * Measure 6's rule (解除“正面清单”企业受上下游产业链的制约, freeing positive-list enterprises from
 * their supply chain's constraints): "指导正面清单企业在选择上下游产业链企业时，优先选择绩效等级 B
 * 级 及以上企业或正面清单企业，确保企业正常生产" — a positive-list enterprise is guided to prefer
 * upstream and downstream partners (上下游产业链企业) graded B or above, or on the positive list.
 * This module decides whether one partner is preferred, and says why.
 *
 * The rule and its readings, each a dated parameter of the pack cited in the explanation:
 * - m6.min_partner_grade (B): "B 级及以上" includes B and not B-. The partner's grade is compared
 *   on its industry's ladder (struct policy_industry, lowest first); where that ladder lacks the
 *   minimum grade, or the partner is outside the registry (its industry unknown), on the pack's
 *   default ladder m1.default_ladder (D, C, B-, B, A).
 * - m6.positive_list_partner (1): a partner on the positive list is preferred whatever its grade;
 *   0 makes the list no ground of its own.
 * - A partner of the registry that has no grade yet is read as m1.ungraded says (lowest: on the
 *   lowest rung of its ladder, as ungraded enterprises are managed in heavy-pollution-weather
 *   control; excluded: no grade at all). Either way it is not "B or above" unless that rung is.
 * - A partner outside the county's registry is known by what was recorded: its grade and list
 *   status when known. A grade not recorded is unknown (等级未知): not preferred by grade; a list
 *   status not recorded is not counted as on the list.
 * - m6.window_to (2022-12-31, "至 2022 年底前"): after it, the explanation says the measure's
 *   period is over. Whether a review still runs then is a reading the policy leaves open:
 *   m6.review_after_window, 1 (the default when the pack lacks it) — the links are the county's
 *   knowledge and the guidance harms no one, so the review runs and says it is past the period;
 *   0 — nothing is reviewed after the period.
 * Exact comparisons only: positions on a ladder, no numbers.
 *
 * Product names are matched across links by a key (supply_product_key): the text with its white
 * space collapsed, full-width letters and digits as ASCII and ASCII letters in lower case.
 *
 * Pure: no I/O and no clock; today is the caller's.
 */
#ifndef GL_SUPPLY_H
#define GL_SUPPLY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "date.h"
#include "gl.h"

struct policy_pack;

#define SUPPLY_PRODUCT_MAX 200 /* bytes of a product or service as typed */
#define SUPPLY_NAME_MAX 255    /* bytes of a partner's name */
#define SUPPLY_TEXT_MAX 1000   /* bytes of a help target or a reason */
#define SUPPLY_LINES_MAX 8
#define SUPPLY_LINE_LEN 640

/* 上游 (the partner supplies the enterprise) or 下游 (the partner takes from it). */
enum supply_direction { SUPPLY_UPSTREAM, SUPPLY_DOWNSTREAM };

/* "upstream", "downstream"; supply_direction_from_name returns -1 for any other text. */
const char *supply_direction_name(enum supply_direction d);
const char *supply_direction_label_zh(enum supply_direction d); /* 上游, 下游 */
int supply_direction_from_name(const char *name);

/* What is known of a partner. */
struct supply_partner {
        const char *uscc;
        const char *name;
        bool in_registry;     /* the county's registry holds it (then grade and list are its) */
        const char *industry; /* its industry code in the registry; NULL or "" outside it */
        bool grade_known;     /* false: outside the registry and no grade recorded */
        const char *grade;    /* "A".."D"; "" for none yet (a partner of the registry) */
        int positive_list;    /* 1 on the list, 0 not, -1 not known (outside the registry) */
};

/* How the partner's grade reads against m6.min_partner_grade. */
enum supply_grade_reading {
        SUPPLY_GRADE_AT_LEAST,   /* at or above the minimum */
        SUPPLY_GRADE_BELOW,      /* below it */
        SUPPLY_GRADE_UNGRADED,   /* a partner of the registry without a grade (m1.ungraded) */
        SUPPLY_GRADE_UNKNOWN,    /* outside the registry, grade not recorded (等级未知) */
        SUPPLY_GRADE_OFF_LADDER, /* a grade that is not on the ladder it is compared on */
};

struct supply_verdict {
        bool reviewed;  /* false only after m6.window_to with m6.review_after_window = 0 */
        bool in_window; /* today is on or before m6.window_to */
        bool preferred; /* grade_ok or list_ok */
        bool grade_ok;  /* graded m6.min_partner_grade or above */
        bool list_ok;   /* on the positive list, and m6.positive_list_partner = 1 */
        enum supply_grade_reading grade;
        const char *min_grade; /* m6.min_partner_grade on the day (points into the pack) */
        /* "grade", "positive_list", "grade_and_positive_list" (preferred); "below_grade",
         * "ungraded", "grade_unknown", "off_ladder" (not); "not_reviewed". Static text. */
        const char *reason;
        char lines[SUPPLY_LINES_MAX][SUPPLY_LINE_LEN]; /* the explanation, in Chinese */
        size_t nlines;
};

/*
 * The rule as it stands on today, without a partner: the first lines of every verdict (the
 * clause with m6.min_partner_grade and m6.positive_list_partner, and the window with
 * m6.window_to and m6.review_after_window), and reviewed, in_window and min_grade. GL_ENOTFOUND
 * naming a parameter the pack lacks; GL_EINVAL naming one whose value cannot be read.
 */
int supply_rule(const struct policy_pack *pack, gl_date today, struct supply_verdict *out,
                struct gl_error *err);

/*
 * Whether partner p is preferred on today, with the explanation: the rule's lines, then the
 * partner's grade and list status, then the conclusion. Errors as supply_rule, and GL_EINVAL
 * (field "partner_grade") for a grade that is not a performance grade.
 */
int supply_judge(const struct policy_pack *pack, const struct supply_partner *p, gl_date today,
                 struct supply_verdict *out, struct gl_error *err);

/*
 * The help target (帮扶目标) proposed for a partner not preferred, in Chinese, into out (always
 * NUL-terminated): to help it reach min_grade, or to find out its grade first.
 */
void supply_suggest_target(const struct supply_partner *p, const struct supply_verdict *v,
                           char *out, size_t size);

/*
 * The key a product is matched by (see above) into out. GL_EINVAL naming field "product" when it
 * is empty (white space alone), longer than SUPPLY_PRODUCT_MAX bytes, or not valid UTF-8 text
 * (control characters included); out is then untouched.
 */
int supply_product_key(const char *product, char *out, size_t size, struct gl_error *err);

/*
 * Checks a text a user typed for field: valid UTF-8 without control characters (a line break is
 * allowed when multiline), at most max bytes, and not empty (white space alone) when required.
 * GL_EINVAL naming field otherwise.
 */
int supply_check_text(const char *field, const char *label_zh, const char *text, size_t max,
                      bool required, bool multiline, struct gl_error *err);

#endif

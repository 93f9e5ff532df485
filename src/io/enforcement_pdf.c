/*
 * The two letters of enforcement_pdf.h. Both are checked the same way before anything is laid out
 * (letter_check: the required texts, the correction's date, the periods) and built by one
 * function (letter_pdf) from a list of parts: the order's number line, party block and four
 * numbered sections of the national form with the issuer's seal box; the commitment's party, its
 * citation of the order, the clauses and the boxes to sign. Paragraphs that quote the case are
 * built in malloc'd text (struct text): the facts may run to thousands of characters and none of
 * them is cut. Periods are written in Chinese numerals (六十日, 六个月) and dates as
 * "2022年5月12日"; a text that is NULL or "" and not required is printed as "—".
 */
#include "enforcement_pdf.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NONE "—"
#define NUMERAL_MAX 999 /* the largest number numeral_zh spells */

static const char *or_none(const char *s)
{
        return s && s[0] ? s : NONE;
}

/* ---- words ---- */

/* n in Chinese numerals as a letter writes a count (六, 十五, 六十, 一百零五, 一百二十), or in
 * Arabic digits outside 1 to NUMERAL_MAX. */
static char *numeral_zh(size_t n, char buf[static 24])
{
        static const char *const digits[] = {"零", "一", "二", "三", "四",
                                             "五", "六", "七", "八", "九"};
        if (n < 1 || n > NUMERAL_MAX) {
                snprintf(buf, 24, "%zu", n);
                return buf;
        }
        size_t hundreds = n / 100, tens = n / 10 % 10, units = n % 10;
        buf[0] = '\0';
        if (hundreds > 0) {
                strcat(buf, digits[hundreds]);
                strcat(buf, "百");
        }
        if (tens > 0) {
                if (tens > 1 || hundreds > 0) /* 十五, but 一百一十五 */
                        strcat(buf, digits[tens]);
                strcat(buf, "十");
        } else if (hundreds > 0 && units > 0) {
                strcat(buf, "零");
        }
        if (units > 0)
                strcat(buf, digits[units]);
        return buf;
}

/* "2022年5月12日", or "—" for none. */
static char *date_zh(gl_date d, char buf[static 32])
{
        if (d == GL_DATE_NONE) {
                snprintf(buf, 32, "%s", NONE);
                return buf;
        }
        int year, month, day;
        date_to_ymd(d, &year, &month, &day);
        snprintf(buf, 32, "%d年%d月%d日", year, month, day);
        return buf;
}

/* What ends the sentence s: "。", or nothing when s ends one already or is "—". */
static const char *full_stop(const char *s)
{
        static const char *const marks[] = {"。", "！", "？", "；", ".", NONE};
        size_t len = strlen(s);
        for (size_t i = 0; i < GL_ARRAY_LEN(marks); i++) {
                size_t n = strlen(marks[i]);
                if (len >= n && memcmp(s + len - n, marks[i], n) == 0)
                        return "";
        }
        return "。";
}

/* ---- text of any length ---- */

/* A growing paragraph; once an addition fails, the text is dropped and later ones are ignored. */
struct text {
        char *s;
        size_t len, cap;
        bool failed;
};

static void text_add(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void text_add(struct text *t, const char *fmt, ...)
{
        if (t->failed)
                return;
        va_list ap;
        va_start(ap, fmt);
        int n = vsnprintf(NULL, 0, fmt, ap);
        va_end(ap);
        if (n < 0 || (size_t)n >= SIZE_MAX / 2 - t->len) {
                t->failed = true;
                return;
        }
        if (t->len + (size_t)n + 1 > t->cap) {
                size_t cap = t->cap ? t->cap : 256;
                while (cap < t->len + (size_t)n + 1)
                        cap *= 2;
                char *grown = realloc(t->s, cap);
                if (grown == NULL) {
                        free(t->s);
                        *t = (struct text){.failed = true};
                        return;
                }
                t->s = grown;
                t->cap = cap;
        }
        va_start(ap, fmt);
        vsnprintf(t->s + t->len, t->cap - t->len, fmt, ap);
        va_end(ap);
        t->len += (size_t)n;
}

/* Adds t as a paragraph of doc and frees it. */
static int text_paragraph(struct pdf_doc *doc, struct text *t, struct gl_error *err)
{
        int rc = t->failed ? gl_fail(err, GL_ENOMEM, "", "out of memory")
                           : pdf_paragraph(doc, t->s ? t->s : "", err);
        free(t->s);
        *t = (struct text){0};
        return rc;
}

/* ---- checks ---- */

/* The texts without which there is no letter, in the order they are checked (MEMBER: a member's
 * name and where it is). */
#define MEMBER(m) #m, offsetof(struct enforcement_letter, m)
static const struct required_text {
        const char *member;
        size_t offset;
        const char *message;
} required_texts[] = {
    {MEMBER(issuer), "缺少发文机关 (the issuing authority is missing)"},
    {MEMBER(order_number), "缺少决定书文号 (the order's number is missing)"},
    {MEMBER(party_name), "缺少当事人名称 (the party's name is missing)"},
    {MEMBER(party_uscc), "缺少统一社会信用代码 (the party's credit code is missing)"},
    {MEMBER(facts), "缺少环境违法事实 (the facts are missing)"},
    {MEMBER(legal_basis), "缺少责令改正的依据 (the legal basis is missing)"},
    {MEMBER(correction), "缺少改正要求 (what the party must correct is missing)"},
};
#undef MEMBER

/* GL_EINVAL naming the member unless period (of reconsideration or suit) can be written. */
static int check_period(int period, const char *member, const char *zh, struct gl_error *err)
{
        if (period >= 1 && period <= NUMERAL_MAX)
                return GL_OK;
        return gl_fail(err, GL_EINVAL, member, "%s应为1至%d (%s must be 1 to %d, not %d)", zh,
                       NUMERAL_MAX, member, NUMERAL_MAX, period);
}

/* The checks both letters make: GL_EINVAL naming the member at fault. */
static int letter_check(const struct enforcement_letter *l, struct gl_error *err)
{
        for (size_t i = 0; i < GL_ARRAY_LEN(required_texts); i++) {
                const struct required_text *r = &required_texts[i];
                const char *s = *(const char *const *)((const char *)l + r->offset);
                if (s == NULL || s[0] == '\0')
                        return gl_fail(err, GL_EINVAL, r->member, "%s", r->message);
        }
        if (l->nevidence > 0 && l->evidence == NULL)
                return gl_fail(err, GL_EINVAL, "evidence", "证据清单为空 (%zu evidence, no list)",
                               l->nevidence);
        if (!l->immediate && l->correct_by == GL_DATE_NONE)
                return gl_fail(err, GL_EINVAL, "correct_by",
                               "未写明改正期限 (neither immediate nor a date to correct by)");
        if (!l->immediate && l->issued_on != GL_DATE_NONE && l->correct_by < l->issued_on) {
                char by[11], on[11];
                return gl_fail(err, GL_EINVAL, "correct_by",
                               "改正期限早于决定书作出日期 (correct_by %s is before issued_on %s)",
                               date_format_iso(l->correct_by, by),
                               date_format_iso(l->issued_on, on));
        }
        int rc =
            check_period(l->reconsideration_days, "reconsideration_days", "申请行政复议期限", err);
        if (rc == GL_OK)
                rc = check_period(l->lawsuit_months, "lawsuit_months", "提起行政诉讼期限", err);
        return rc;
}

/* ---- the letters ---- */

/* One part of a letter, added to doc. */
typedef int (*letter_part)(struct pdf_doc *doc, const struct enforcement_letter *l,
                           struct gl_error *err);

/* A new document *out: the title, then each part in turn (the letter already checked). */
static int letter_pdf(const struct enforcement_letter *l, const char *title,
                      const letter_part *parts, size_t nparts, struct pdf_doc **out,
                      struct gl_error *err)
{
        struct pdf_doc *doc = NULL;
        int rc = pdf_new(title, &doc, err);
        if (rc != GL_OK)
                return rc;
        rc = pdf_title(doc, title, err);
        for (size_t i = 0; i < nparts && rc == GL_OK; i++)
                rc = parts[i](doc, l, err);
        if (rc != GL_OK) {
                pdf_free(doc);
                return rc;
        }
        *out = doc;
        return GL_OK;
}

/* The order's number, right under its title. */
static int order_number_line(struct pdf_doc *doc, const struct enforcement_letter *l,
                             struct gl_error *err)
{
        return pdf_paragraph(doc, l->order_number, err);
}

/* The party under label (当事人名称, 承诺单位): its name, code, representative and address, and
 * with_case the case's number. */
static int party_block(struct pdf_doc *doc, const struct enforcement_letter *l, const char *label,
                       bool with_case, struct gl_error *err)
{
        // clang-format off
        const char *pairs[] = {
            label,              l->party_name,
            "统一社会信用代码", l->party_uscc,
            "法定代表人",       or_none(l->legal_representative),
            "地址",             or_none(l->address),
            "立案编号",         or_none(l->case_number), /* the last pair, only with_case */
        };
        // clang-format on
        size_t npairs = GL_ARRAY_LEN(pairs) / 2 - (with_case ? 0 : 1);
        return pdf_key_values(doc, pairs, npairs, err);
}

static int order_party(struct pdf_doc *doc, const struct enforcement_letter *l,
                       struct gl_error *err)
{
        return party_block(doc, l, "当事人名称", true, err);
}

/* 一 the facts and the evidence, one line each */
static int order_facts(struct pdf_doc *doc, const struct enforcement_letter *l,
                       struct gl_error *err)
{
        char found[32];
        const char *violation = or_none(l->violation);
        struct text t = {0};
        text_add(&t,
                 "我局于%s对你单位进行了现场检查（执法人员：%s），"
                 "发现你单位实施了以下环境违法行为：%s%s",
                 date_zh(l->found_on, found), or_none(l->officers), violation,
                 full_stop(violation));
        int rc = pdf_heading(doc, "一、环境违法事实和证据", err);
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        if (rc == GL_OK)
                rc = pdf_paragraph(doc, l->facts, err);
        text_add(&t, "以上事实，有下列证据为凭：");
        for (size_t i = 0; i < l->nevidence; i++)
                text_add(&t, "\n%zu. %s", i + 1, or_none(l->evidence[i]));
        if (l->nevidence == 0)
                text_add(&t, "\n%s", NONE);
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        free(t.s);
        return rc;
}

/* 二 the legal basis and the correction ordered: immediately, or by a date */
static int order_correction(struct pdf_doc *doc, const struct enforcement_letter *l,
                            struct gl_error *err)
{
        char by[32];
        struct text t = {0};
        if (l->immediate)
                text_add(&t, "依据%s的规定，我局责令你单位立即改正上述环境违法行为。",
                         l->legal_basis);
        else
                text_add(&t, "依据%s的规定，我局责令你单位于%s前改正上述环境违法行为。",
                         l->legal_basis, date_zh(l->correct_by, by));
        int rc = pdf_heading(doc, "二、责令改正的依据和种类", err);
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        text_add(&t, "改正要求：%s%s", l->correction, full_stop(l->correction));
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        free(t.s);
        return rc;
}

/* 三 how the correction is reported and what refusing brings */
static int order_report(struct pdf_doc *doc, const struct enforcement_letter *l,
                        struct gl_error *err)
{
        const char *report = or_none(l->report), *refusal = or_none(l->refusal);
        struct text t = {0};
        int rc = pdf_heading(doc, "三、改正情况的报告与拒不改正的后果", err);
        text_add(&t, "%s%s", report, full_stop(report));
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        text_add(&t, "%s%s", refusal, full_stop(refusal));
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        free(t.s);
        return rc;
}

/* 四 reconsideration and suit: the body, the court, their periods in words */
static int order_remedies(struct pdf_doc *doc, const struct enforcement_letter *l,
                          struct gl_error *err)
{
        char days[24], months[24];
        struct text t = {0};
        text_add(&t,
                 "如不服本决定，可在收到本决定书之日起%s日内向%s申请行政复议，"
                 "也可以在%s个月内直接向%s提起行政诉讼。",
                 numeral_zh((size_t)l->reconsideration_days, days),
                 or_none(l->reconsideration_body), numeral_zh((size_t)l->lawsuit_months, months),
                 or_none(l->court));
        int rc = pdf_heading(doc, "四、申请行政复议或者提起行政诉讼的途径和期限", err);
        if (rc == GL_OK)
                rc = text_paragraph(doc, &t, err);
        free(t.s);
        return rc;
}

/* The issuer and the date, with room for its seal. */
static int order_issuer(struct pdf_doc *doc, const struct enforcement_letter *l,
                        struct gl_error *err)
{
        char issued[32];
        const struct pdf_signature box = {"发文机关（印章）", l->issuer,
                                          date_zh(l->issued_on, issued)};
        return pdf_signatures(doc, &box, 1, err);
}

int enforcement_order_pdf(const struct enforcement_letter *l, struct pdf_doc **out,
                          struct gl_error *err)
{
        static const letter_part parts[] = {order_number_line, order_party,  order_facts,
                                            order_correction,  order_report, order_remedies,
                                            order_issuer};
        int rc = letter_check(l, err);
        if (rc != GL_OK)
                return rc;
        return letter_pdf(l, "责令改正违法行为决定书", parts, GL_ARRAY_LEN(parts), out, err);
}

static int commitment_party(struct pdf_doc *doc, const struct enforcement_letter *l,
                            struct gl_error *err)
{
        return party_block(doc, l, "承诺单位", false, err);
}

/* The order the commitment answers, then each commitment as a numbered clause. */
static int commitment_clauses(struct pdf_doc *doc, const struct enforcement_letter *l,
                              struct gl_error *err)
{
        char issued[32];
        struct text t = {0};
        text_add(&t,
                 "本单位已收到%s于%s作出的《责令改正违法行为决定书》（%s），"
                 "对其中认定的违法事实无异议，现郑重承诺：",
                 l->issuer, date_zh(l->issued_on, issued), l->order_number);
        int rc = text_paragraph(doc, &t, err);
        for (size_t i = 0; i < l->ncommitments && rc == GL_OK; i++) {
                char n[24];
                text_add(&t, "%s、%s", numeral_zh(i + 1, n), or_none(l->commitments[i]));
                rc = text_paragraph(doc, &t, err);
        }
        if (rc == GL_OK)
                rc = pdf_paragraph(doc, "特此承诺。", err);
        return rc;
}

/* The party's seal and its representative's signature, then the officers': signed on the spot. */
static int commitment_signatures(struct pdf_doc *doc, const struct enforcement_letter *l,
                                 struct gl_error *err)
{
        static const struct pdf_signature boxes[] = {
            {"承诺单位（盖章）", NULL, "年　月　日"},
            {"法定代表人或委托代理人（签字）", NULL, "年　月　日"},
        };
        (void)l;
        int rc = pdf_signatures(doc, boxes, GL_ARRAY_LEN(boxes), err);
        if (rc == GL_OK)
                rc = pdf_paragraph(doc, "执法人员（签字）：＿＿＿＿＿＿＿＿＿＿＿＿　　年　月　日",
                                   err);
        return rc;
}

int enforcement_commitment_pdf(const struct enforcement_letter *l, struct pdf_doc **out,
                               struct gl_error *err)
{
        static const letter_part parts[] = {commitment_party, commitment_clauses,
                                            commitment_signatures};
        int rc = letter_check(l, err);
        if (rc != GL_OK)
                return rc;
        if (l->ncommitments == 0 || l->commitments == NULL)
                return gl_fail(err, GL_EINVAL, "commitments",
                               "承诺书至少应有一项承诺 (at least one commitment)");
        return letter_pdf(l, "承诺书", parts, GL_ARRAY_LEN(parts), out, err);
}

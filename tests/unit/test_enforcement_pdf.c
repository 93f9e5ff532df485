/*
 * Unit tests of measure 2's two letters (io/enforcement_pdf.c), read back from the files written:
 * pdftotext extracts each letter's text, and every field of a letter of distinctive values is found
 * in it (the text compared without white space, since pdftotext breaks lines where the page
 * does) — the order's number, party, facts, evidence, basis, date to correct by, report, refusal,
 * the body and court with their periods in Chinese numerals, issuer and date; the commitment's
 * party, citation, clauses and boxes to sign. Then: an immediate order names no date; periods
 * other than 60 days and 6 months are spelt from the letter; a text left out prints "—"; each
 * required member missing, a correction date before the issue, a period that cannot be written and
 * a commitment without clauses are refused naming the member, with *out untouched; facts of 6,000
 * characters run onto further pages.
 *
 * Set TEST_PDF_KEEP to a directory to keep the letters written there (to look at them).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

#include "core/date.h"
#include "core/gl.h"
#include "io/enforcement_pdf.h"

#define D(y, m, d) date_from_ymd(y, m, d)

static const char *const evidence[] = {
    "现场检查（勘察）笔录（inspection-0506.pdf）",
    "调查询问笔录（询问人：王强）",
    "现场照片十二张（photos-0506.zip）",
};

static const char *const commitments[] = {
    "于2022年6月1日前完成危险废物贮存场所的识别标志设置，并报送整改报告；",
    "今后严格落实危险废物管理计划和台账制度，接受生态环境部门的监督检查；",
    "如违反上述承诺，自愿接受依法从重处理。",
};

/* A letter whose every field can be told apart from the others and from the letters' own words. */
static struct enforcement_letter letter(void)
{
        return (struct enforcement_letter){
            .issuer = "石家庄市生态环境局平山县分局",
            .order_number = "平环责改〔2022〕3号",
            .case_number = "平环立〔2022〕7号",
            .party_name = "平山县甲乙铸造有限公司",
            .party_uscc = "91130131MA0ABCDE1X",
            .legal_representative = "赵德明",
            .address = "河北省石家庄市平山县温塘镇工业园区88号",
            .found_on = D(2022, 5, 6),
            .officers = "张伟、李娜",
            .violation = "危险废物贮存场所未设置识别标志",
            .facts = "经现场检查，该公司废矿物油贮存间门口及内部均未设置危险废物识别标志，"
                     "贮存的十六桶废矿物油未贴标签。",
            .evidence = evidence,
            .nevidence = GL_ARRAY_LEN(evidence),
            .legal_basis = "《中华人民共和国固体废物污染环境防治法》第七十七条、第一百一十二条",
            .correction =
                "按照《危险废物识别标志设置技术规范》设置识别标志并为每桶废矿物油粘贴标签",
            .immediate = false,
            .correct_by = D(2022, 6, 1),
            .report = "请于改正期限届满之日起三个工作日内将改正情况书面报告我局",
            .refusal = "逾期不改正的，我局将依法予以处罚并可按日连续处罚",
            .reconsideration_body = "石家庄市生态环境局",
            .reconsideration_days = 60,
            .court = "平山县人民法院",
            .lawsuit_months = 6,
            .issued_on = D(2022, 5, 12),
            .commitments = commitments,
            .ncommitments = GL_ARRAY_LEN(commitments),
        };
}

/* ---- reading a letter back ---- */

struct fixture {
        char dir[256];
        bool keep;
};

static int setup(void **state)
{
        static struct fixture f;
        const char *keep = getenv("TEST_PDF_KEEP");
        if (keep && keep[0]) {
                snprintf(f.dir, sizeof(f.dir), "%s", keep);
                f.keep = true;
        } else {
                snprintf(f.dir, sizeof(f.dir), "/tmp/test_enforcement_pdf_XXXXXX");
                if (mkdtemp(f.dir) == NULL)
                        return -1;
        }
        *state = &f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        if (!f->keep)
                rmdir(f->dir);
        return 0;
}

/* Skips the test when poppler's pdftotext is not installed. */
static void need_pdftotext(void)
{
        if (system("command -v pdftotext >/dev/null 2>&1") != 0) {
                print_message("# pdftotext not found (Debian: poppler-utils): test skipped\n");
                skip();
        }
}

/* s without white space: ASCII white space, form feeds and the ideographic space U+3000. */
static char *squeeze(const char *s)
{
        char *out = malloc(strlen(s) + 1), *o = out;
        assert_non_null(out);
        while (*s) {
                if (strchr(" \t\r\n\f\v", *s) != NULL)
                        s++;
                else if (strncmp(s, "\u3000", 3) == 0)
                        s += 3;
                else
                        *o++ = *s++;
        }
        *o = '\0';
        return out;
}

/* Writes doc to dir/name, frees it, and returns the text pdftotext finds in it, squeezed
 * (the caller frees it); *pages receives the number of pages. */
static char *letter_text(const struct fixture *f, struct pdf_doc *doc, const char *name, int *pages)
{
        char path[512], command[1024];
        struct gl_error err = {0};
        snprintf(path, sizeof(path), "%s/%s", f->dir, name);
        assert_int_equal(pdf_write_file(doc, path, &err), GL_OK);
        if (pages)
                *pages = pdf_pages(doc);
        pdf_free(doc);
        snprintf(command, sizeof(command), "pdftotext -layout '%s' -", path);
        FILE *p = popen(command, "r");
        assert_non_null(p);
        size_t size = 0, cap = 65536;
        char *raw = malloc(cap);
        assert_non_null(raw);
        size_t n;
        while ((n = fread(raw + size, 1, cap - size - 1, p)) > 0) {
                size += n;
                if (cap - size - 1 == 0) {
                        raw = realloc(raw, cap *= 2);
                        assert_non_null(raw);
                }
        }
        raw[size] = '\0';
        assert_int_equal(pclose(p), 0);
        if (!f->keep)
                unlink(path);
        char *text = squeeze(raw);
        free(raw);
        return text;
}

/* Fails, quoting the needle, unless text (squeezed) holds needle (squeezed too). */
static void assert_has(const char *text, const char *needle)
{
        char *want = squeeze(needle);
        bool found = strstr(text, want) != NULL;
        free(want);
        if (!found) {
                print_error("not in the letter: %s\n", needle);
                fail();
        }
}

static void assert_lacks(const char *text, const char *needle)
{
        char *want = squeeze(needle);
        bool found = strstr(text, want) != NULL;
        free(want);
        if (found) {
                print_error("in the letter, and should not be: %s\n", needle);
                fail();
        }
}

static char *order_text(const struct fixture *f, const struct enforcement_letter *l,
                        const char *name)
{
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(enforcement_order_pdf(l, &doc, &err), GL_OK);
        return letter_text(f, doc, name, NULL);
}

/* ---- the letters in full ---- */

static void test_order_prints_every_field(void **state)
{
        need_pdftotext();
        struct enforcement_letter l = letter();
        char *text = order_text(*state, &l, "order.pdf");
        assert_has(text, "责令改正违法行为决定书");
        assert_has(text, l.order_number);
        assert_has(text, l.case_number);
        assert_has(text, l.party_name);
        assert_has(text, l.party_uscc);
        assert_has(text, l.legal_representative);
        assert_has(text, l.address);
        assert_has(text, "2022年5月6日");
        assert_has(text, l.officers);
        assert_has(text, l.violation);
        assert_has(text, l.facts);
        for (size_t i = 0; i < l.nevidence; i++)
                assert_has(text, l.evidence[i]);
        assert_has(text, l.legal_basis);
        assert_has(text, l.correction);
        assert_has(text, "粘贴标签。"); /* a text's sentence ended */
        assert_has(text, "于2022年6月1日前改正");
        assert_lacks(text, "立即改正");
        assert_has(text, l.report);
        assert_has(text, l.refusal);
        assert_has(text, l.reconsideration_body);
        assert_has(text, l.court);
        assert_has(text, "六十日内向石家庄市生态环境局申请行政复议");
        assert_has(text, "六个月内直接向平山县人民法院提起行政诉讼");
        assert_has(text, "一、环境违法事实和证据");
        assert_has(text, "二、责令改正的依据和种类");
        assert_has(text, "三、改正情况的报告与拒不改正的后果");
        assert_has(text, "四、申请行政复议或者提起行政诉讼的途径和期限");
        assert_has(text, "发文机关（印章）");
        assert_has(text, l.issuer);
        assert_has(text, "2022年5月12日");
        assert_lacks(text, "2022年05月"); /* no zero padding */
        free(text);
}

static void test_commitment_prints_every_field(void **state)
{
        need_pdftotext();
        struct enforcement_letter l = letter();
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(enforcement_commitment_pdf(&l, &doc, &err), GL_OK);
        char *text = letter_text(*state, doc, "commitment.pdf", NULL);
        assert_has(text, "承诺书");
        assert_has(text, l.party_name);
        assert_has(text, l.party_uscc);
        assert_has(text, "本单位已收到石家庄市生态环境局平山县分局于2022年5月12日作出的"
                         "《责令改正违法行为决定书》（平环责改〔2022〕3号）");
        assert_has(text, "一、于2022年6月1日前完成");
        assert_has(text, "二、今后严格落实");
        assert_has(text, "三、如违反上述承诺");
        for (size_t i = 0; i < l.ncommitments; i++)
                assert_has(text, l.commitments[i]);
        assert_has(text, "承诺单位（盖章）");
        assert_has(text, "法定代表人或委托代理人（签字）");
        assert_has(text, "执法人员（签字）");
        assert_has(text, "年月日");
        free(text);
}

/* ---- variants ---- */

static void test_immediate_order_names_no_date(void **state)
{
        need_pdftotext();
        struct enforcement_letter l = letter();
        l.immediate = true;
        l.correct_by = GL_DATE_NONE;
        char *text = order_text(*state, &l, "immediate.pdf");
        assert_has(text, "责令你单位立即改正上述环境违法行为");
        assert_lacks(text, "前改正");
        assert_lacks(text, "2022年6月1日");
        free(text);
}

static void test_periods_are_spelt_from_the_letter(void **state)
{
        need_pdftotext();
        static const struct {
                int days, months;
                const char *days_zh, *months_zh;
        } periods[] = {
            {15, 3, "在收到本决定书之日起十五日内", "在三个月内"},
            {120, 10, "在收到本决定书之日起一百二十日内", "在十个月内"},
            {105, 11, "在收到本决定书之日起一百零五日内", "在十一个月内"},
            {999, 110, "在收到本决定书之日起九百九十九日内", "在一百一十个月内"},
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(periods); i++) {
                struct enforcement_letter l = letter();
                l.reconsideration_days = periods[i].days;
                l.lawsuit_months = periods[i].months;
                char *text = order_text(*state, &l, "periods.pdf");
                assert_has(text, periods[i].days_zh);
                assert_has(text, periods[i].months_zh);
                assert_lacks(text, "六十日");
                assert_lacks(text, "六个月");
                free(text);
        }
}

static void test_texts_left_out_print_a_dash(void **state)
{
        need_pdftotext();
        struct enforcement_letter l = letter();
        l.legal_representative = NULL;
        l.address = "";
        l.case_number = NULL;
        l.officers = "";
        l.evidence = NULL;
        l.nevidence = 0;
        l.report = NULL;
        char *text = order_text(*state, &l, "dashes.pdf");
        assert_has(text, "法定代表人—");
        assert_has(text, "地址—");
        assert_has(text, "立案编号—");
        assert_has(text, "（执法人员：—）");
        assert_has(text, "有下列证据为凭：—");
        assert_has(text, "三、改正情况的报告与拒不改正的后果—");
        assert_lacks(text, "—。"); /* a dash is no sentence to end */
        free(text);
}

static void test_long_facts_run_onto_further_pages(void **state)
{
        need_pdftotext();
        static const char sentence[] = "现场检查发现该公司废矿物油贮存间未设置识别标志，"
                                       "贮存容器未贴标签，台账记录不全。"; /* 35 characters */
        enum { CHARS = 6000, PER_SENTENCE = 35 };
        size_t n = CHARS / PER_SENTENCE + 1;
        char *facts = malloc(n * strlen(sentence) + sizeof("（事实完）"));
        assert_non_null(facts);
        facts[0] = '\0';
        for (size_t i = 0; i < n; i++)
                strcat(facts, sentence);
        strcat(facts, "（事实完）");
        struct enforcement_letter l = letter();
        l.facts = facts;
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(enforcement_order_pdf(&l, &doc, &err), GL_OK);
        int pages = 0;
        char *text = letter_text(*state, doc, "long.pdf", &pages);
        assert_true(pages > 1);
        assert_has(text, "（事实完）");
        assert_has(text, "四、申请行政复议或者提起行政诉讼的途径和期限");
        assert_has(text, "发文机关（印章）");
        char foot[64];
        snprintf(foot, sizeof(foot), "第%d页共%d页", pages, pages);
        assert_has(text, foot);
        free(text);
        free(facts);
}

/* ---- refusals ---- */

/* Both letters refuse l with GL_EINVAL naming member, leaving *out as it was. */
static void assert_refused(const struct enforcement_letter *l, const char *member)
{
        static max_align_t marker;
        struct pdf_doc *const untouched = (struct pdf_doc *)(void *)&marker;
        int (*const letters[])(const struct enforcement_letter *, struct pdf_doc **,
                               struct gl_error *) = {enforcement_order_pdf,
                                                     enforcement_commitment_pdf};
        for (size_t i = 0; i < GL_ARRAY_LEN(letters); i++) {
                struct pdf_doc *doc = untouched;
                struct gl_error err = {0};
                assert_int_equal(letters[i](l, &doc, &err), GL_EINVAL);
                assert_string_equal(err.field, member);
                assert_non_null(strstr(err.message, " ("));
                assert_ptr_equal(doc, untouched);
        }
}

static void test_missing_required_text_is_refused(void **state)
{
        (void)state;
        static const struct {
                const char *member;
                size_t offset;
        } required[] = {
#define MEMBER(m) {#m, offsetof(struct enforcement_letter, m)}
            MEMBER(issuer), MEMBER(order_number), MEMBER(party_name), MEMBER(party_uscc),
            MEMBER(facts),  MEMBER(legal_basis),  MEMBER(correction),
#undef MEMBER
        };
        for (size_t i = 0; i < GL_ARRAY_LEN(required); i++) {
                static const char *const absent[] = {NULL, ""};
                for (size_t k = 0; k < GL_ARRAY_LEN(absent); k++) {
                        struct enforcement_letter l = letter();
                        *(const char **)((char *)&l + required[i].offset) = absent[k];
                        assert_refused(&l, required[i].member);
                }
        }
}

static void test_bad_correction_date_is_refused(void **state)
{
        (void)state;
        struct enforcement_letter l = letter();
        l.correct_by = GL_DATE_NONE; /* neither immediate nor a date */
        assert_refused(&l, "correct_by");
        l.correct_by = D(2022, 5, 11); /* the day before the issue */
        assert_refused(&l, "correct_by");

        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        l.correct_by = D(2022, 5, 12); /* the day of the issue will do */
        assert_int_equal(enforcement_order_pdf(&l, &doc, &err), GL_OK);
        pdf_free(doc);
        l.immediate = true; /* an immediate order has no date to check */
        l.correct_by = D(2022, 5, 11);
        assert_int_equal(enforcement_order_pdf(&l, &doc, &err), GL_OK);
        pdf_free(doc);
}

static void test_period_that_cannot_be_written_is_refused(void **state)
{
        (void)state;
        static const int bad[] = {0, -60, 1000};
        for (size_t i = 0; i < GL_ARRAY_LEN(bad); i++) {
                struct enforcement_letter l = letter();
                l.reconsideration_days = bad[i];
                assert_refused(&l, "reconsideration_days");
                l = letter();
                l.lawsuit_months = bad[i];
                assert_refused(&l, "lawsuit_months");
        }
}

static void test_evidence_count_without_list_is_refused(void **state)
{
        (void)state;
        struct enforcement_letter l = letter();
        l.evidence = NULL;
        assert_refused(&l, "evidence");
}

static void test_commitment_without_clauses_is_refused(void **state)
{
        (void)state;
        static max_align_t marker;
        struct pdf_doc *const untouched = (struct pdf_doc *)(void *)&marker;
        struct enforcement_letter l = letter();
        l.ncommitments = 0;
        struct pdf_doc *doc = untouched;
        struct gl_error err = {0};
        assert_int_equal(enforcement_commitment_pdf(&l, &doc, &err), GL_EINVAL);
        assert_string_equal(err.field, "commitments");
        assert_ptr_equal(doc, untouched);
        l.ncommitments = 2;
        l.commitments = NULL;
        assert_int_equal(enforcement_commitment_pdf(&l, &doc, &err), GL_EINVAL);
        assert_string_equal(err.field, "commitments");
        assert_ptr_equal(doc, untouched);
        /* the order has no clauses to check */
        assert_int_equal(enforcement_order_pdf(&l, &doc, &err), GL_OK);
        pdf_free(doc);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_order_prints_every_field),
            cmocka_unit_test(test_commitment_prints_every_field),
            cmocka_unit_test(test_immediate_order_names_no_date),
            cmocka_unit_test(test_periods_are_spelt_from_the_letter),
            cmocka_unit_test(test_texts_left_out_print_a_dash),
            cmocka_unit_test(test_long_facts_run_onto_further_pages),
            cmocka_unit_test(test_missing_required_text_is_refused),
            cmocka_unit_test(test_bad_correction_date_is_refused),
            cmocka_unit_test(test_period_that_cannot_be_written_is_refused),
            cmocka_unit_test(test_evidence_count_without_list_is_refused),
            cmocka_unit_test(test_commitment_without_clauses_is_refused),
        };
        int failed = cmocka_run_group_tests(tests, setup, teardown);
        pdf_release_fonts();
        return failed;
}

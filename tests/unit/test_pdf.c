/*
 * Unit tests of the PDF writer (io/pdf.c): a short document is one page and a PDF in memory; a
 * paragraph longer than a page wraps and breaks onto a second page; a table longer than a page
 * continues on the next; a file is written whole under its name with no temporary file left, and
 * a file that cannot be written is an error naming it, with nothing left behind; a table of no
 * columns is refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/gl.h"
#include "io/pdf.h"

/* A paragraph of about n Chinese characters, in sentences. */
static char *long_text(size_t n)
{
        static const char sentence[] = "企业应当如实申报年度税收与污染物排放数据，"
                                       "并对所提交材料的真实性负责。";
        size_t len = strlen(sentence), chars = 35;
        char *text = malloc((n / chars + 1) * len + 1);
        assert_non_null(text);
        text[0] = '\0';
        for (size_t i = 0; i * chars < n; i++)
                strcat(text, sentence);
        return text;
}

static void test_short_document_is_one_page(void **state)
{
        (void)state;
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(pdf_new("测试", &doc, &err), GL_OK);
        assert_int_equal(pdf_title(doc, "激励性生态环境绩效分级申报表", &err), GL_OK);
        assert_int_equal(pdf_paragraph(doc, "一段短文字。", &err), GL_OK);
        const char *pairs[] = {"企业名称", "甲钢铁有限公司", "统一社会信用代码",
                               "91130131MA0000000A"};
        assert_int_equal(pdf_key_values(doc, pairs, 2, &err), GL_OK);
        struct pdf_signature boxes[] = {{"申报企业（盖章）", NULL, "年　月　日"},
                                        {"县分局意见", "同意上报。", "年　月　日"}};
        assert_int_equal(pdf_signatures(doc, boxes, 2, &err), GL_OK);
        unsigned char *data = NULL;
        size_t size = 0;
        assert_int_equal(pdf_write_memory(doc, &data, &size, &err), GL_OK);
        assert_true(size > 1000);
        assert_memory_equal(data, "%PDF-", 5);
        assert_int_equal(pdf_pages(doc), 1);
        free(data);
        pdf_free(doc);
}

static void test_long_paragraph_breaks_onto_a_second_page(void **state)
{
        (void)state;
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(pdf_new(NULL, &doc, &err), GL_OK);
        /* a page holds some 1,200 characters of body text (about 34 lines of 36): 1,800 need a
         * second page, not a third */
        char *text = long_text(1800);
        assert_int_equal(pdf_paragraph(doc, text, &err), GL_OK);
        free(text);
        unsigned char *data = NULL;
        size_t size = 0;
        assert_int_equal(pdf_write_memory(doc, &data, &size, &err), GL_OK);
        assert_int_equal(pdf_pages(doc), 2);
        free(data);
        pdf_free(doc);
}

static void test_long_table_continues_on_the_next_page(void **state)
{
        (void)state;
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(pdf_new(NULL, &doc, &err), GL_OK);
        enum { ROWS = 80 };
        const char *cells[ROWS * 3];
        for (size_t i = 0; i < ROWS; i++) {
                cells[3 * i] = "2022-10-10";
                cells[3 * i + 1] = "县分局审核通过并报市局";
                cells[3 * i + 2] = "officer";
        }
        static const double widths[] = {1, 2, 1};
        const char *header[] = {"日期", "办理事项", "办理人"};
        struct pdf_table t = {
            .ncolumns = 3, .widths = widths, .header = header, .cells = cells, .nrows = ROWS};
        assert_int_equal(pdf_table(doc, &t, &err), GL_OK);
        unsigned char *data = NULL;
        size_t size = 0;
        assert_int_equal(pdf_write_memory(doc, &data, &size, &err), GL_OK);
        assert_true(pdf_pages(doc) >= 2);
        free(data);
        pdf_free(doc);
}

/* The number of entries of dir other than . and .. */
static int entries(const char *dir)
{
        DIR *d = opendir(dir);
        assert_non_null(d);
        int n = 0;
        struct dirent *e;
        while ((e = readdir(d)) != NULL)
                n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        closedir(d);
        return n;
}

static void test_file_is_written_whole_or_not_at_all(void **state)
{
        (void)state;
        char dir[] = "/tmp/test_pdf_XXXXXX";
        assert_non_null(mkdtemp(dir));
        char path[256], missing[256];
        snprintf(path, sizeof(path), "%s/form.pdf", dir);
        snprintf(missing, sizeof(missing), "%s/no-such-dir/form.pdf", dir);
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(pdf_new(NULL, &doc, &err), GL_OK);
        assert_int_equal(pdf_paragraph(doc, "内容", &err), GL_OK);

        assert_int_equal(pdf_write_file(doc, missing, &err), GL_EIO);
        assert_string_equal(err.field, missing);
        assert_non_null(strstr(err.message, missing));
        assert_int_equal(entries(dir), 0);

        assert_int_equal(pdf_write_file(doc, path, &err), GL_OK);
        struct stat st;
        assert_int_equal(stat(path, &st), 0);
        assert_true(st.st_size > 1000);
        assert_int_equal(entries(dir), 1); /* no temporary file left */
        pdf_free(doc);
        unlink(path);
        rmdir(dir);
}

static void test_bad_table_is_refused(void **state)
{
        (void)state;
        struct pdf_doc *doc = NULL;
        struct gl_error err = {0};
        assert_int_equal(pdf_new(NULL, &doc, &err), GL_OK);
        struct pdf_table none = {.ncolumns = 0};
        assert_int_equal(pdf_table(doc, &none, &err), GL_EINVAL);
        assert_int_equal(pdf_signatures(doc, NULL, 0, &err), GL_EINVAL);
        pdf_free(doc);
        pdf_free(NULL);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_short_document_is_one_page),
            cmocka_unit_test(test_long_paragraph_breaks_onto_a_second_page),
            cmocka_unit_test(test_long_table_continues_on_the_next_page),
            cmocka_unit_test(test_file_is_written_whole_or_not_at_all),
            cmocka_unit_test(test_bad_table_is_refused),
        };
        int failed = cmocka_run_group_tests(tests, NULL, NULL);
        pdf_release_fonts();
        return failed;
}

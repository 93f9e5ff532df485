/*
 * Unit tests of the enterprise and annual-figure imports and of the read functions: every kind of
 * bad row is named FILE:LINE: column: reason and nothing is imported; one bad row among a thousand
 * imports nothing; a second import of the same file changes nothing and writes no audit record;
 * Chinese headers, 是/否 flags, GB18030 and BOM files; an enterprise user sees only its own
 * enterprise.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <iconv.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/app.h"
#include "app/enterprise.h"
#include "core/uscc.h"

struct fixture {
        struct app *app;
        char dir[64];
        char path[128];
};

static int setup(void **state)
{
        struct fixture *f = calloc(1, sizeof(*f));
        struct gl_error err = {0};
        if (f == NULL || app_open(":memory:", &f->app, &err) != GL_OK)
                return -1;
        snprintf(f->dir, sizeof(f->dir), "/tmp/gl_import_XXXXXX");
        if (mkdtemp(f->dir) == NULL)
                return -1;
        *state = f;
        return 0;
}

static int teardown(void **state)
{
        struct fixture *f = *state;
        char cmd[128];
        snprintf(cmd, sizeof(cmd), "rm -rf '%s'", f->dir);
        if (system(cmd) != 0)
                return -1;
        app_close(f->app);
        free(f);
        return 0;
}

/* A valid Pingshan USCC numbered n: 91130131, organization code MA + 6 digits + check. */
static void make_uscc(int n, char out[19])
{
        snprintf(out, 19, "91130131MA%06d", n);
        out[16] = uscc_org_check_char(out + 8);
        out[17] = '\0';
        out[17] = uscc_check_char(out);
        out[18] = '\0';
}

/* Writes bytes to FILE name in the fixture's directory; returns the path. */
static const char *write_bytes(struct fixture *f, const char *name, const char *data, size_t len)
{
        snprintf(f->path, sizeof(f->path), "%s/%s", f->dir, name);
        FILE *fp = fopen(f->path, "wb");
        assert_non_null(fp);
        assert_int_equal(fwrite(data, 1, len, fp), len);
        fclose(fp);
        return f->path;
}

static const char *write_file(struct fixture *f, const char *name, const char *text)
{
        return write_bytes(f, name, text, strlen(text));
}

static int64_t count_rows(struct app *app, const char *table)
{
        char sql[64];
        int64_t n = -1;
        snprintf(sql, sizeof(sql), "SELECT COUNT(*) FROM %s", table);
        assert_int_equal(db_query_int64(app->db, sql, &n), GL_OK);
        return n;
}

static const char enterprise_header[] =
    "uscc,name,industry,township,grade,air_emitter,key_air_emitter,positive_list\n";

/* Three good enterprises, with codes 1, 2, 3. */
static char *three_enterprises(void)
{
        static char text[1024];
        char a[19], b[19], c[19];
        make_uscc(1, a);
        make_uscc(2, b);
        make_uscc(3, c);
        snprintf(text, sizeof(text),
                 "%s%s,平山钢铁有限公司,steel_long,平山镇,B,1,1,0\n"
                 "%s,\"温塘铸造厂, 二分厂\",铸造,温塘镇,,1,0,1\n"
                 "%s,西柏坡石灰有限公司,石灰窑,西柏坡镇,c,0,0,0\n",
                 enterprise_header, a, b, c);
        return text;
}

static int import_enterprises(struct fixture *f, const char *path, struct import_report *rep,
                              struct gl_error *err)
{
        struct actor who = actor_system();
        return app_import_enterprises(f->app, &who, path, NULL, NULL, rep, err);
}

static void import_ok(struct fixture *f, const char *name, const char *text)
{
        struct import_report rep;
        struct gl_error err = {0};
        int rc = import_enterprises(f, write_file(f, name, text), &rep, &err);
        if (rc != GL_OK)
                fail_msg("import: %s (%zu problems) %s", err.message, rep.nproblems,
                         rep.nproblems ? rep.problems[0].reason : "");
        import_report_free(&rep);
}

/* Asserts that rep lists exactly the n problems given (each a prefix of the formatted problem). */
static void expect_problem_list(const struct import_report *rep, char want[][256], size_t n)
{
        for (size_t i = 0; i < n; i++) {
                char got[1024];
                if (i >= rep->nproblems)
                        fail_msg("missing problem %zu: %s", i, want[i]);
                import_problem_format(rep, i, got, sizeof(got));
                if (strncmp(got, want[i], strlen(want[i])) != 0)
                        fail_msg("problem %zu: got '%s', wanted '%s...'", i, got, want[i]);
        }
        if (rep->nproblems != n) {
                char extra[1024];
                import_problem_format(rep, n, extra, sizeof(extra));
                fail_msg("%zu problems, wanted %zu; next: %s", rep->nproblems, n, extra);
        }
}

/* The same for a single problem. */
static void expect_problem(const struct import_report *rep, const char *want)
{
        char list[1][256];
        snprintf(list[0], sizeof(list[0]), "%s", want);
        expect_problem_list(rep, list, 1);
}

static void test_import_english(void **state)
{
        struct fixture *f = *state;
        struct import_report rep;
        struct gl_error err = {0};
        assert_int_equal(
            import_enterprises(f, write_file(f, "e.csv", three_enterprises()), &rep, &err), GL_OK);
        assert_int_equal(rep.rows, 3);
        assert_int_equal(rep.inserted, 3);
        assert_int_equal(rep.updated + rep.unchanged, 0);
        assert_true(rep.audited);
        assert_string_equal(rep.encoding, "utf-8");
        import_report_free(&rep);

        char b[19];
        make_uscc(2, b);
        struct enterprise e;
        struct actor who = actor_system();
        assert_int_equal(app_enterprise_get(f->app, &who, b, &e, &err), GL_OK);
        assert_string_equal(e.name, "温塘铸造厂, 二分厂");
        assert_string_equal(e.industry, "foundry"); /* stored as the code */
        assert_string_equal(e.township, "温塘镇");
        assert_string_equal(e.grade, "");
        assert_true(e.air_emitter);
        assert_false(e.key_air_emitter);
        assert_true(e.positive_list);
        assert_string_equal(e.division, "130131");
        char c[19];
        make_uscc(3, c);
        assert_int_equal(app_enterprise_get(f->app, &who, c, &e, &err), GL_OK);
        assert_string_equal(e.grade, "C"); /* lower case accepted */
        assert_string_equal(e.industry, "lime_kiln");
}

static void test_chinese_headers_and_flags(void **state)
{
        struct fixture *f = *state;
        char a[19];
        make_uscc(7, a);
        char text[1024];
        snprintf(text, sizeof(text),
                 " 统一社会信用代码 ,企业名称,行业,乡镇,绩效等级,涉气,重点排污单位,正面清单,备注\n"
                 "%s,岗南水泥有限公司,水泥,岗南镇,B-,是,否,是,多余的列被忽略\n",
                 a);
        import_ok(f, "zh.csv", text);
        struct enterprise e;
        struct actor who = actor_system();
        assert_int_equal(app_enterprise_get(f->app, &who, a, &e, NULL), GL_OK);
        assert_string_equal(e.industry, "cement");
        assert_string_equal(e.grade, "B-");
        assert_true(e.air_emitter);
        assert_false(e.key_air_emitter);
        assert_true(e.positive_list);

        /* Annual figures with Chinese headers, full-width parentheses on some. */
        snprintf(text, sizeof(text),
                 "统一社会信用代码,年度,税收（元）,研发投入(元),营业收入（元）,二氧化硫(吨),"
                 "氮氧化物（吨）,颗粒物(吨),挥发性有机物(吨)\n"
                 "%s,2023,\"1,234,567.89\",50000,20000000,0.1,0.2,,3\n",
                 a);
        struct import_report rep;
        struct gl_error err = {0};
        assert_int_equal(
            app_import_annual(f->app, &who, write_file(f, "a.csv", text), NULL, NULL, &rep, &err),
            GL_OK);
        assert_int_equal(rep.inserted, 1);
        import_report_free(&rep);
        struct annual_figures fig;
        assert_int_equal(annual_store_get(f->app->db, a, 2023, &fig), GL_OK);
        assert_int_equal(fig.tax_fen, 123456789);
        assert_int_equal(fig.rd_fen, 5000000);
        assert_int_equal(fig.revenue_fen, 2000000000);
        assert_int_equal(fig.emission_g[POLLUTANT_SO2] + fig.emission_g[POLLUTANT_NOX], 300000);
        assert_true(fig.emission_g[POLLUTANT_PM] == GL_AMOUNT_NONE); /* empty: not reported */
        assert_int_equal(fig.emission_g[POLLUTANT_VOCS], 3000000);
        assert_true(fig.emission_g[POLLUTANT_COD] == GL_AMOUNT_NONE);
        assert_false(fig.tax_confirmed);
}

static void test_bad_enterprise_rows(void **state)
{
        struct fixture *f = *state;
        char a[19], b[19], bad[19];
        make_uscc(1, a);
        make_uscc(2, b);
        memcpy(bad, a, 19);
        bad[17] = bad[17] == '0' ? '1' : '0';
        char text[4096];
        snprintf(text, sizeof(text),
                 "%s"
                 "%s,好企业,steel_long,平山镇,A,1,1,1\n"               /* 2: good */
                 "%s,校验错,steel_long,平山镇,A,1,1,1\n"               /* 3: check character */
                 "%s,重复,foundry,平山镇,,0,0,0\n"                     /* 4: duplicate of 2 */
                 "%s,未知行业,钢铁,平山镇,,0,0,0\n"                    /* 5: industry */
                 "%s,等级,lime_kiln,平山镇,B-,0,0,0\n"                 /* 6: not on ladder */
                 "%s,标志,foundry,平山镇,,Y,0,0\n"                     /* 7: flag */
                 "%s,,foundry,平山镇,,0,0,0\n"                         /* 8: empty name */
                 "%s,字段少,foundry,平山镇,,0,0\n"                     /* 9: field count */
                 "\"91130131MA0000\n1X\",跨行,foundry,平山镇,,0,0,0\n" /* 10: length */
                 "%s,三处错,foundry,平山镇,E,2,0,0\n",                 /* 12: three problems */
                 enterprise_header, a, bad, a, b, b, b, b, b, b);
        /* Rows 6 to 12 reuse b: each is also a duplicate of line 5, which is reported first. */
        struct import_report rep;
        struct gl_error err = {0};
        const char *path = write_file(f, "bad.csv", text);
        assert_int_equal(import_enterprises(f, path, &rep, &err), GL_EINVAL);
        assert_non_null(strstr(err.message, "nothing was imported"));
        char p[14][256];
        snprintf(p[0], 256, "%s:3: uscc: 校验码错误", path);
        snprintf(p[1], 256, "%s:4: uscc: %s 与第 2 行重复 (duplicate of line 2)", path, a);
        snprintf(p[2], 256, "%s:5: industry: 政策包中没有行业 '钢铁'", path);
        snprintf(p[3], 256, "%s:6: uscc: %s 与第 5 行重复", path, b);
        snprintf(p[4], 256, "%s:6: grade: 'B-' 不是石灰窑行业的绩效等级 (D,C,B,A)", path);
        snprintf(p[5], 256, "%s:7: uscc: %s 与第 5 行重复", path, b);
        snprintf(p[6], 256, "%s:7: air_emitter: 'Y' 应为 1/0 或 是/否", path);
        snprintf(p[7], 256, "%s:8: uscc: %s 与第 5 行重复", path, b);
        snprintf(p[8], 256, "%s:8: name: 企业名称为空 (empty name)", path);
        snprintf(p[9], 256, "%s:9: 有 7 个字段, 表头有 8 列", path);
        snprintf(p[10], 256, "%s:10: uscc: 统一社会信用代码应为 18 位, 实为 17 位", path);
        snprintf(p[11], 256, "%s:12: uscc: %s 与第 5 行重复", path, b);
        snprintf(p[12], 256, "%s:12: grade: 'E' 不是铸造行业的绩效等级 (D,C,B-,B,A)", path);
        snprintf(p[13], 256, "%s:12: air_emitter: '2' 应为 1/0 或 是/否", path);
        expect_problem_list(&rep, p, 14);
        assert_int_equal(rep.rows, 10);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "enterprises"), 0);
        assert_int_equal(count_rows(f->app, "audit_log"), 0);
}

static void test_bad_header(void **state)
{
        struct fixture *f = *state;
        struct import_report rep;
        const char *path = write_file(f, "h.csv", "uscc,name,industry,township,grade,uscc\n");
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_EINVAL);
        char p[4][256];
        snprintf(p[0], 256, "%s:1: uscc: 列重复 (column appears twice, also column 1)", path);
        snprintf(p[1], 256, "%s:1: 缺少列 涉气 (missing column air_emitter)", path);
        snprintf(p[2], 256, "%s:1: 缺少列 重点排污单位 (missing column key_air_emitter)", path);
        snprintf(p[3], 256, "%s:1: 缺少列 正面清单 (missing column positive_list)", path);
        expect_problem_list(&rep, p, 4);
        import_report_free(&rep);

        path = write_file(f, "empty.csv", "\n\n");
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_EINVAL);
        char p4[256];
        snprintf(p4, sizeof(p4), "%s: 文件为空", path);
        expect_problem(&rep, p4);
        import_report_free(&rep);

        struct gl_error err = {0};
        assert_int_equal(import_enterprises(f, "/nonexistent/e.csv", &rep, &err), GL_EIO);
        import_report_free(&rep);
        /* Malformed quoting is a problem with its line. */
        char a[19], text[512];
        make_uscc(1, a);
        snprintf(text, sizeof(text), "%s%s,\"open,steel_long,x,,0,0,0\n", enterprise_header, a);
        path = write_file(f, "q.csv", text);
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_EINVAL);
        snprintf(p4, sizeof(p4), "%s:2: 引号未闭合", path);
        expect_problem(&rep, p4);
        import_report_free(&rep);
}

static void test_bad_annual_rows(void **state)
{
        struct fixture *f = *state;
        import_ok(f, "e.csv", three_enterprises());
        char a[19], b[19], unknown[19];
        make_uscc(1, a);
        make_uscc(2, b);
        make_uscc(99, unknown);
        char text[4096];
        snprintf(text, sizeof(text),
                 "uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t,cod_t\n"
                 "%s,2022,100,10,1000,1,1,1,1,\n"                 /* 2: good */
                 "%s,2022,100,10,1000,1,1,1,1,\n"                 /* 3: unknown */
                 "%s,1999,100,10,1000,1,1,1,1,\n"                 /* 4: year low */
                 "%s,2999,100,10,1000,1,1,1,1,\n"                 /* 5: year high */
                 "%s,二〇二二,100,10,1000,1,1,1,1,\n"             /* 6: not a year */
                 "%s,2022,100,10,1000,1,1,1,1,\n"                 /* 7: duplicate of 2 */
                 "%s,2023,-5,10,1000,1,1,1,1,\n"                  /* 8: negative */
                 "%s,2021,100,10.001,1000,1,1,1,1,\n"             /* 9: decimals */
                 "%s,2020,100,10,99999999999999999999,1,1,1,1,\n" /* 10: overflow */
                 "%s,2019,100,10,1000,0.0000001,1,1,1,\n"         /* 11: tonnes decimals */
                 "%s,2018,100,10,1000,1,1,1,1,abc\n",             /* 12: not a number */
                 a, unknown, a, a, a, a, b, b, b, b, b);
        struct actor who = actor_system();
        struct import_report rep;
        struct gl_error err = {0};
        const char *path = write_file(f, "a.csv", text);
        assert_int_equal(app_import_annual(f->app, &who, path, NULL, NULL, &rep, &err), GL_EINVAL);
        char p[10][256];
        snprintf(p[0], 256, "%s:3: uscc: 登记册中没有企业 %s", path, unknown);
        snprintf(p[1], 256, "%s:4: year: 年度 1999 超出范围 2000-", path);
        snprintf(p[2], 256, "%s:5: year: 年度 2999 超出范围 2000-", path);
        snprintf(p[3], 256, "%s:6: year: '二〇二二' 不是年份 (not a year)", path);
        snprintf(p[4], 256, "%s:7: year: %s 的 2022 年度与第 2 行重复", path, a);
        snprintf(p[5], 256, "%s:8: tax_yuan: 不接受负数 '-5' (negative amounts are refused)", path);
        snprintf(p[6], 256, "%s:9: rd_yuan: '10.001' 小数位数过多: 最多 2 位", path);
        snprintf(p[7], 256, "%s:10: revenue_yuan: '99999999999999999999' 数值过大", path);
        snprintf(p[8], 256, "%s:11: so2_t: '0.0000001' 小数位数过多: 最多 6 位", path);
        snprintf(p[9], 256, "%s:12: cod_t: 'abc' 不是数值", path);
        expect_problem_list(&rep, p, 10);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "annual_figures"), 0);
}

static void test_one_bad_row_in_a_thousand(void **state)
{
        struct fixture *f = *state;
        size_t cap = 200000, len = 0;
        char *text = malloc(cap);
        assert_non_null(text);
        len += (size_t)snprintf(text + len, cap - len, "%s", enterprise_header);
        for (int i = 1; i <= 1000; i++) {
                char u[19];
                make_uscc(i, u);
                len +=
                    (size_t)snprintf(text + len, cap - len, "%s,企业%d,foundry,平山镇,%s,1,0,0\n",
                                     u, i, i == 500 ? "Z" : "C");
        }
        struct import_report rep;
        const char *path = write_bytes(f, "k.csv", text, len);
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_EINVAL);
        assert_int_equal(rep.rows, 1000);
        char p[256];
        snprintf(p, sizeof(p), "%s:501: grade: 'Z'", path);
        expect_problem(&rep, p);
        assert_int_equal(rep.inserted, 0);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "enterprises"), 0);
        assert_int_equal(count_rows(f->app, "audit_log"), 0);

        /* Fixed, the same file imports all 1,000 rows in one audit record. */
        char *z = strstr(text, ",Z,");
        z[1] = 'C';
        path = write_bytes(f, "k.csv", text, len);
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_OK);
        assert_int_equal(rep.inserted, 1000);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "enterprises"), 1000);
        assert_int_equal(count_rows(f->app, "audit_log"), 1);
        free(text);
}

static void test_twice_changes_nothing(void **state)
{
        struct fixture *f = *state;
        const char *path = write_file(f, "e.csv", three_enterprises());
        struct import_report rep;
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_OK);
        char digest[65];
        memcpy(digest, rep.digest, sizeof(digest));
        import_report_free(&rep);
        assert_int_equal(import_enterprises(f, path, &rep, NULL), GL_OK);
        assert_int_equal(rep.inserted, 0);
        assert_int_equal(rep.updated, 0);
        assert_int_equal(rep.unchanged, 3);
        assert_false(rep.audited);
        assert_string_equal(rep.digest, digest);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "audit_log"), 1);

        /* The audit record names the file, its digest and the counts. */
        db_stmt *st = NULL;
        assert_int_equal(db_prepare(f->app->db, "SELECT action, detail FROM audit_log", &st),
                         GL_OK);
        assert_int_equal(db_step(st), DB_ROW);
        assert_string_equal(db_column_text(st, 0), "enterprise.import");
        char want[256];
        snprintf(want, sizeof(want), "\"digest\":\"%s\"", digest);
        assert_non_null(strstr(db_column_text(st, 1), want));
        assert_non_null(strstr(db_column_text(st, 1), "\"inserted\":3,\"updated\":0"));
        db_finalize(st);

        /* One changed row: one update, one more audit record. */
        char *text = three_enterprises();
        char *grade = strstr(text, ",B,1,1,0");
        grade[1] = 'A';
        assert_int_equal(import_enterprises(f, write_file(f, "e.csv", text), &rep, NULL), GL_OK);
        assert_int_equal(rep.updated, 1);
        assert_int_equal(rep.unchanged, 2);
        assert_true(rep.audited);
        import_report_free(&rep);
        assert_int_equal(count_rows(f->app, "audit_log"), 2);
}

static void test_annual_twice_and_optional_columns(void **state)
{
        struct fixture *f = *state;
        import_ok(f, "e.csv", three_enterprises());
        char a[19];
        make_uscc(1, a);
        char text[1024];
        snprintf(text, sizeof(text),
                 "uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t,cod_t,nh3n_t\n"
                 "%s,2022,100,10,1000,1,1,1,1,5,0\n",
                 a);
        struct actor who = actor_system();
        struct import_report rep;
        const char *path = write_file(f, "a.csv", text);
        assert_int_equal(app_import_annual(f->app, &who, path, NULL, NULL, &rep, NULL), GL_OK);
        assert_int_equal(rep.inserted, 1);
        import_report_free(&rep);
        assert_int_equal(app_import_annual(f->app, &who, path, NULL, NULL, &rep, NULL), GL_OK);
        assert_int_equal(rep.unchanged, 1);
        assert_false(rep.audited);
        import_report_free(&rep);

        /* Without the optional columns the stored COD and NH3-N stay; a tax officer confirms. */
        snprintf(text, sizeof(text),
                 "uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t\n"
                 "%s,2022,100,10,1000,1,1,1,1\n",
                 a);
        path = write_file(f, "a2.csv", text);
        assert_int_equal(app_import_annual(f->app, &who, path, NULL, NULL, &rep, NULL), GL_OK);
        assert_int_equal(rep.unchanged, 1);
        import_report_free(&rep);
        struct actor tax = {.role = ROLE_TAX_OFFICER, .name = "tax:wang"};
        assert_int_equal(app_import_annual(f->app, &tax, path, NULL, NULL, &rep, NULL), GL_OK);
        assert_int_equal(rep.updated, 1);
        import_report_free(&rep);
        struct annual_figures fig;
        assert_int_equal(annual_store_get(f->app->db, a, 2022, &fig), GL_OK);
        assert_int_equal(fig.emission_g[POLLUTANT_COD], 5000000);
        assert_int_equal(fig.emission_g[POLLUTANT_NH3N], 0);
        assert_true(fig.tax_confirmed);
        assert_string_equal(fig.source, "tax:wang");
}

/* Converts UTF-8 text to GB18030 with iconv. */
static size_t to_gb18030(const char *in, char *out, size_t size)
{
        iconv_t cd = iconv_open("GB18030", "UTF-8");
        assert_true(cd != (iconv_t)-1);
        char *src = (char *)in, *dst = out;
        size_t left = strlen(in), room = size;
        assert_true(iconv(cd, &src, &left, &dst, &room) != (size_t)-1);
        iconv_close(cd);
        return size - room;
}

static void test_gb18030_and_bom_files(void **state)
{
        struct fixture *f = *state;
        char a[19], b[19];
        make_uscc(11, a);
        make_uscc(12, b);
        char text[1024], gb[1024];
        snprintf(text, sizeof(text),
                 "统一社会信用代码,企业名称,行业,乡镇,绩效等级,涉气,重点排污单位,正面清单\r\n"
                 "%s,下槐镇陶瓷有限公司,陶瓷,下槐镇,D,是,否,否\r\n",
                 a);
        size_t n = to_gb18030(text, gb, sizeof(gb));
        struct import_report rep;
        struct gl_error err = {0};
        const char *path = write_bytes(f, "gb.csv", gb, n);
        assert_int_equal(import_enterprises(f, path, &rep, &err), GL_OK);
        assert_string_equal(rep.encoding, "gb18030");
        import_report_free(&rep);
        struct enterprise e;
        struct actor who = actor_system();
        assert_int_equal(app_enterprise_get(f->app, &who, a, &e, NULL), GL_OK);
        assert_string_equal(e.name, "下槐镇陶瓷有限公司");
        assert_string_equal(e.township, "下槐镇");
        assert_string_equal(e.industry, "ceramics");

        /* Forcing UTF-8 on the GB18030 file names the line. */
        assert_int_equal(app_import_enterprises(f->app, &who, path, "utf-8", NULL, &rep, &err),
                         GL_EINVAL);
        char where[sizeof(f->path) + 8];
        snprintf(where, sizeof(where), "%s:1", path);
        assert_string_equal(err.field, where);
        import_report_free(&rep);
        assert_int_equal(app_import_enterprises(f->app, &who, path, "latin1", NULL, &rep, &err),
                         GL_EINVAL);
        assert_string_equal(err.field, "encoding");
        import_report_free(&rep);

        snprintf(text, sizeof(text), "\xEF\xBB\xBF%s%s,BOM 公司,paper,平山镇,A,0,0,0\n",
                 enterprise_header, b);
        path = write_file(f, "bom.csv", text);
        assert_int_equal(app_import_enterprises(f->app, &who, path, "utf-8", NULL, &rep, &err),
                         GL_OK);
        assert_int_equal(rep.inserted, 1);
        import_report_free(&rep);
        assert_int_equal(app_enterprise_get(f->app, &who, b, &e, NULL), GL_OK);
        assert_string_equal(e.industry, "paper");
}

static int collect(const struct enterprise *e, void *ctx)
{
        int *n = ctx;
        (*n)++;
        (void)e;
        return 0;
}

static int count_years(const struct annual_figures *fig, void *ctx)
{
        int *n = ctx;
        (*n)++;
        (void)fig;
        return 0;
}

static void test_isolation(void **state)
{
        struct fixture *f = *state;
        import_ok(f, "e.csv", three_enterprises());
        char a[19], b[19], none[19];
        make_uscc(1, a);
        make_uscc(2, b);
        make_uscc(77, none);
        struct actor mine = {.role = ROLE_ENTERPRISE, .name = "ent:1"};
        memcpy(mine.uscc, a, 19);
        struct enterprise e;
        struct gl_error err = {0}, err_missing = {0};
        assert_int_equal(app_enterprise_get(f->app, &mine, a, &e, &err), GL_OK);
        /* Another enterprise and a missing one give the same answer. */
        assert_int_equal(app_enterprise_get(f->app, &mine, b, &e, &err), GL_ENOTFOUND);
        assert_int_equal(app_enterprise_get(f->app, &mine, none, &e, &err_missing), GL_ENOTFOUND);
        assert_string_equal(err.message, err_missing.message);
        assert_string_equal(err.field, err_missing.field);
        struct actor officer = {.role = ROLE_COUNTY_OFFICER, .name = "officer"};
        assert_int_equal(app_enterprise_get(f->app, &officer, b, &e, &err), GL_OK);
        assert_string_equal(e.uscc, b);
        assert_int_equal(app_enterprise_get(f->app, &officer, none, &e, &err), GL_ENOTFOUND);

        struct enterprise_query q = {0};
        int n = 0;
        int64_t total = -1;
        assert_int_equal(app_enterprise_list(f->app, &mine, &q, collect, &n, &total, &err), GL_OK);
        assert_int_equal(n, 1);
        assert_int_equal(total, 1);
        q.uscc = b; /* asking for another's is answered with its own only */
        n = 0;
        assert_int_equal(app_enterprise_list(f->app, &mine, &q, collect, &n, &total, &err), GL_OK);
        assert_int_equal(n, 1);
        q.uscc = NULL;
        n = 0;
        assert_int_equal(app_enterprise_list(f->app, &officer, &q, collect, &n, &total, &err),
                         GL_OK);
        assert_int_equal(n, 3);
        assert_int_equal(total, 3);

        int years = 0;
        assert_int_equal(app_annual_list(f->app, &mine, a, count_years, &years, &err), GL_OK);
        assert_int_equal(app_annual_list(f->app, &mine, b, count_years, &years, &err),
                         GL_ENOTFOUND);
        struct actor nobody = {.role = ROLE_NONE};
        assert_int_equal(app_enterprise_get(f->app, &nobody, a, &e, &err), GL_EPERM);
        struct import_report rep;
        assert_int_equal(app_import_enterprises(f->app, &mine, f->path, NULL, NULL, &rep, &err),
                         GL_EPERM);
        import_report_free(&rep);
}

static void test_list_filters(void **state)
{
        struct fixture *f = *state;
        import_ok(f, "e.csv", three_enterprises());
        struct actor who = actor_system();
        int n = 0;
        int64_t total = 0;
        struct enterprise_query q = {.search = "铸造"};
        assert_int_equal(app_enterprise_list(f->app, &who, &q, collect, &n, &total, NULL), GL_OK);
        assert_int_equal(total, 1);
        q = (struct enterprise_query){.grade = "none"};
        assert_int_equal(app_enterprise_list(f->app, &who, &q, collect, &n, &total, NULL), GL_OK);
        assert_int_equal(total, 1);
        q = (struct enterprise_query){
            .industry = "lime_kiln", .grade = "C", .township = "西柏坡镇"};
        assert_int_equal(app_enterprise_list(f->app, &who, &q, collect, &n, &total, NULL), GL_OK);
        assert_int_equal(total, 1);
        q = (struct enterprise_query){.search = "100%_"};
        assert_int_equal(app_enterprise_list(f->app, &who, &q, collect, &n, &total, NULL), GL_OK);
        assert_int_equal(total, 0);
        q = (struct enterprise_query){.limit = 2, .offset = 1};
        n = 0;
        assert_int_equal(app_enterprise_list(f->app, &who, &q, collect, &n, &total, NULL), GL_OK);
        assert_int_equal(n, 2);
        assert_int_equal(total, 3);
}

static int refuse_second(const struct enterprise *e, void *ctx)
{
        int *n = ctx;
        (void)e;
        return (*n)++ == 0 ? 0 : GL_ENOMEM;
}

static int stop_at_first(const struct enterprise *e, void *ctx)
{
        int *n = ctx;
        (void)e;
        (*n)++;
        return 1;
}

static int refuse_year(const struct annual_figures *fig, void *ctx)
{
        (void)fig;
        (void)ctx;
        return GL_ENOMEM;
}

/* A caller that cannot take a record fails the read; one that stops early does not. */
static void test_list_cut_short(void **state)
{
        struct fixture *f = *state;
        import_ok(f, "e.csv", three_enterprises());
        struct actor who = actor_system();
        struct enterprise_query q = {0};
        struct gl_error err = {0};
        int n = 0;
        assert_int_equal(app_enterprise_list(f->app, &who, &q, refuse_second, &n, NULL, &err),
                         GL_ENOMEM);
        assert_int_equal(err.status, GL_ENOMEM);
        n = 0;
        assert_int_equal(app_enterprise_list(f->app, &who, &q, stop_at_first, &n, NULL, &err),
                         GL_OK);
        assert_int_equal(n, 1);
        char a[19], text[256];
        make_uscc(1, a);
        snprintf(text, sizeof(text),
                 "uscc,year,tax_yuan,rd_yuan,revenue_yuan,so2_t,nox_t,pm_t,vocs_t\n"
                 "%s,2023,1,2,3,0.1,0.2,0.3,0.4\n",
                 a);
        struct import_report rep;
        assert_int_equal(
            app_import_annual(f->app, &who, write_file(f, "a.csv", text), NULL, NULL, &rep, &err),
            GL_OK);
        import_report_free(&rep);
        assert_int_equal(app_annual_list(f->app, &who, a, refuse_year, NULL, &err), GL_ENOMEM);
}

static int progress_calls;

static void on_progress(const struct import_progress *p)
{
        (void)p;
        progress_calls++;
}

static void test_progress(void **state)
{
        struct fixture *f = *state;
        size_t cap = 2000000, len = 0;
        char *text = malloc(cap);
        assert_non_null(text);
        len += (size_t)snprintf(text + len, cap - len, "%s", enterprise_header);
        for (int i = 1; i <= 20000; i++) {
                char u[19];
                make_uscc(i, u);
                len += (size_t)snprintf(text + len, cap - len, "%s,企业%d,other,,,0,0,0\n", u, i);
        }
        struct import_progress progress = {.fn = on_progress};
        struct import_report rep;
        struct actor who = actor_system();
        progress_calls = 0;
        assert_int_equal(app_import_enterprises(f->app, &who, write_bytes(f, "p.csv", text, len),
                                                NULL, &progress, &rep, NULL),
                         GL_OK);
        assert_int_equal(progress_calls, 2);
        assert_int_equal(progress.rows, 20000);
        assert_int_equal(rep.inserted, 20000);
        import_report_free(&rep);
        free(text);
}

int main(void)
{
        if (sodium_init() < 0)
                return 1;
        const struct CMUnitTest tests[] = {
            cmocka_unit_test_setup_teardown(test_import_english, setup, teardown),
            cmocka_unit_test_setup_teardown(test_chinese_headers_and_flags, setup, teardown),
            cmocka_unit_test_setup_teardown(test_bad_enterprise_rows, setup, teardown),
            cmocka_unit_test_setup_teardown(test_bad_header, setup, teardown),
            cmocka_unit_test_setup_teardown(test_bad_annual_rows, setup, teardown),
            cmocka_unit_test_setup_teardown(test_one_bad_row_in_a_thousand, setup, teardown),
            cmocka_unit_test_setup_teardown(test_twice_changes_nothing, setup, teardown),
            cmocka_unit_test_setup_teardown(test_annual_twice_and_optional_columns, setup,
                                            teardown),
            cmocka_unit_test_setup_teardown(test_gb18030_and_bom_files, setup, teardown),
            cmocka_unit_test_setup_teardown(test_isolation, setup, teardown),
            cmocka_unit_test_setup_teardown(test_list_filters, setup, teardown),
            cmocka_unit_test_setup_teardown(test_list_cut_short, setup, teardown),
            cmocka_unit_test_setup_teardown(test_progress, setup, teardown),
        };
        return cmocka_run_group_tests_name("import", tests, NULL, NULL);
}

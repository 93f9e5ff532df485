/*
 * Unit tests of http/webfile.c: Accept-Encoding with weights and "*", the precompressed form chosen
 * (brotli before gzip, the plain file when neither is allowed or present), the content type taken
 * from the plain name, a year's immutable caching for /assets/ and revalidation for index.html and
 * the app's routes, and the refusals: a path climbing out of the root, a backslash, a missing
 * asset, a directory.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/webfile.h"

static char root[512];

static void write_file(const char *name, const char *text)
{
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", root, name);
        FILE *f = fopen(path, "w");
        assert_non_null(f);
        fputs(text, f);
        fclose(f);
}

static int make_root(void **state)
{
        (void)state;
        const char *tmp = getenv("TMPDIR");
        snprintf(root, sizeof(root), "%s/webfile-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(root) == NULL)
                return -1;
        char assets[PATH_MAX];
        snprintf(assets, sizeof(assets), "%s/assets", root);
        if (mkdir(assets, 0755) != 0)
                return -1;
        write_file("index.html", "<!doctype html>");
        write_file("index.html.gz", "GZ");
        write_file("favicon.svg", "<svg/>");
        write_file("assets/app-1a2b.js", "console.log(1)");
        write_file("assets/app-1a2b.js.gz", "G");
        write_file("assets/app-1a2b.js.br", "B");
        write_file("assets/only-gz.css", "a{}");
        write_file("assets/only-gz.css.gz", "G");
        write_file("assets/logo.png", "PNG");
        return 0;
}

static int remove_root(void **state)
{
        (void)state;
        char command[PATH_MAX + 16];
        snprintf(command, sizeof(command), "rm -rf '%s'", root);
        return system(command) == 0 ? 0 : -1;
}

static void test_accept_encoding(void **state)
{
        (void)state;
        assert_false(web_accepts_coding(NULL, "gzip"));
        assert_false(web_accepts_coding("", "gzip"));
        assert_true(web_accepts_coding("gzip", "gzip"));
        assert_true(web_accepts_coding("GZip", "gzip"));
        assert_true(web_accepts_coding("gzip, deflate, br, zstd", "br"));
        assert_true(web_accepts_coding(" deflate ,gzip ", "gzip"));
        assert_false(web_accepts_coding("deflate", "gzip"));
        assert_false(web_accepts_coding("gzipped", "gzip"));
        assert_false(web_accepts_coding("x-gzip2, gzi", "gzip"));
        assert_true(web_accepts_coding("gzip;q=0.5", "gzip"));
        assert_true(web_accepts_coding("gzip ; q = 0.001", "gzip"));
        assert_false(web_accepts_coding("gzip;q=0", "gzip"));
        assert_false(web_accepts_coding("gzip;q=0.000, br", "gzip"));
        assert_false(web_accepts_coding("gzip; Q=0.0", "gzip"));
        assert_true(web_accepts_coding("*", "br"));
        assert_false(web_accepts_coding("*;q=0", "br"));
        assert_false(web_accepts_coding("br;q=0, *", "br"));
        assert_true(web_accepts_coding("br;q=1, *;q=0", "br"));
        assert_true(web_accepts_coding("identity;q=0, gzip;level=9", "gzip"));
        assert_false(web_accepts_coding("identity", "gzip"));
}

static void test_chooses_the_best_form(void **state)
{
        (void)state;
        struct web_file f;
        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", "gzip, br", &f), 0);
        assert_string_equal(f.encoding, "br");
        assert_int_equal(f.size, 1);
        assert_string_equal(f.content_type, "text/javascript; charset=utf-8");
        close(f.fd);

        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", "gzip", &f), 0);
        assert_string_equal(f.encoding, "gzip");
        assert_int_equal(f.size, 1);
        close(f.fd);

        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", "br;q=0, gzip", &f), 0);
        assert_string_equal(f.encoding, "gzip");
        close(f.fd);

        assert_int_equal(web_file_open(root, "/assets/only-gz.css", "br, gzip", &f), 0);
        assert_string_equal(f.encoding, "gzip");
        assert_string_equal(f.content_type, "text/css; charset=utf-8");
        close(f.fd);
}

static void test_plain_when_no_form_fits(void **state)
{
        (void)state;
        struct web_file f;
        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", NULL, &f), 0);
        assert_null(f.encoding);
        assert_int_equal(f.size, (off_t)strlen("console.log(1)"));
        close(f.fd);

        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", "deflate, identity", &f), 0);
        assert_null(f.encoding);
        close(f.fd);

        assert_int_equal(web_file_open(root, "/assets/logo.png", "gzip, br", &f), 0);
        assert_null(f.encoding);
        assert_string_equal(f.content_type, "image/png");
        close(f.fd);

        /* A form asked for by its own name is a file like any other, sent as it is. */
        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js.gz", "gzip", &f), 0);
        assert_null(f.encoding);
        assert_string_equal(f.content_type, "application/octet-stream");
        close(f.fd);
}

static void test_caching(void **state)
{
        (void)state;
        struct web_file f;
        assert_int_equal(web_file_open(root, "/assets/app-1a2b.js", "gzip", &f), 0);
        assert_string_equal(f.cache_control, "public, max-age=31536000, immutable");
        close(f.fd);

        assert_int_equal(web_file_open(root, "/favicon.svg", NULL, &f), 0);
        assert_string_equal(f.cache_control, "public, max-age=3600");
        close(f.fd);

        assert_int_equal(web_file_open(root, "/", "gzip", &f), 0);
        assert_string_equal(f.cache_control, "no-cache");
        assert_string_equal(f.encoding, "gzip");
        assert_string_equal(f.content_type, "text/html; charset=utf-8");
        close(f.fd);

        /* The app's own routes, even one under /assets/, fall back to index.html: revalidated. */
        assert_int_equal(web_file_open(root, "/work/enterprises/91130131MA0000000A", NULL, &f), 0);
        assert_string_equal(f.cache_control, "no-cache");
        assert_string_equal(f.content_type, "text/html; charset=utf-8");
        close(f.fd);
        assert_int_equal(web_file_open(root, "/assets/nothing", NULL, &f), 0);
        assert_string_equal(f.cache_control, "no-cache");
        close(f.fd);
}

static void test_refusals(void **state)
{
        (void)state;
        struct web_file f = {.fd = -7};
        assert_int_equal(web_file_open(root, "/assets/missing.js", "gzip", &f), -1);
        assert_int_equal(web_file_open(root, "/../etc/passwd", NULL, &f), -1);
        assert_int_equal(web_file_open(root, "/assets/../../etc/passwd", NULL, &f), -1);
        assert_int_equal(web_file_open(root, "/assets/..", NULL, &f), -1);
        assert_int_equal(web_file_open(root, "/assets\\app-1a2b.js", NULL, &f), -1);
        assert_int_equal(web_file_open(root, "assets/app-1a2b.js", NULL, &f), -1);
        assert_int_equal(web_file_open(root, "", NULL, &f), -1);
        assert_int_equal(f.fd, -7);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_accept_encoding),
            cmocka_unit_test(test_chooses_the_best_form),
            cmocka_unit_test(test_plain_when_no_form_fits),
            cmocka_unit_test(test_caching),
            cmocka_unit_test(test_refusals),
        };
        return cmocka_run_group_tests(tests, make_root, remove_root);
}

/*
 * Unit tests of http/spool.c: a body no larger than HTTP_SPOOL_MEMORY_MAX stays in memory; a larger
 * one goes to a file in $TMPDIR that has no name there (nothing to list, its descriptor marked
 * deleted), close-on-exec and 0600, and comes back intact, mapped, with the file closed; the
 * mkstemp way a file system without O_TMPFILE takes leaves no name either. Refusals: a file that
 * cannot be written (the file size limit standing for a full disk) and a directory that does not
 * exist are negative errno values, the spool emptied and no descriptor left open.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/gl.h"
#include "http/spool.h"

static char dir[512];

static int make_dir(void **state)
{
        (void)state;
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%s/spool-XXXXXX", tmp && tmp[0] ? tmp : "/tmp");
        if (mkdtemp(dir) == NULL)
                return -1;
        return setenv("TMPDIR", dir, 1);
}

static int remove_dir(void **state)
{
        (void)state;
        return rmdir(dir); /* fails when a test left a file in it */
}

/* The names in dir. */
static int entries(void)
{
        DIR *d = opendir(dir);
        assert_non_null(d);
        int n = 0;
        for (struct dirent *e; (e = readdir(d)) != NULL;)
                n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
        closedir(d);
        return n;
}

/* The descriptors this process has open. */
static int open_fds(void)
{
        DIR *d = opendir("/proc/self/fd");
        assert_non_null(d);
        int n = 0;
        for (struct dirent *e; (e = readdir(d)) != NULL;)
                n += e->d_name[0] != '.';
        closedir(d);
        return n - 1; /* the one opendir holds */
}

/* What fd is a file of: it lies in dir, has no name there, is close-on-exec and 0600. */
static void assert_spool_file(int fd)
{
        char link[64], target[PATH_MAX];
        snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
        ssize_t n = readlink(link, target, sizeof(target) - 1);
        assert_true(n > 0);
        target[n] = '\0';
        assert_memory_equal(target, dir, strlen(dir));
        assert_non_null(strstr(target, "(deleted)"));
        assert_true(fcntl(fd, F_GETFD) & FD_CLOEXEC);
        struct stat st;
        assert_int_equal(fstat(fd, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0600);
        assert_int_equal(st.st_nlink, 0);
        assert_int_equal(entries(), 0);
}

static char *pattern(size_t n)
{
        char *p = malloc(n);
        assert_non_null(p);
        for (size_t i = 0; i < n; i++)
                p[i] = (char)('a' + (i * 7 + i / 4096) % 26);
        return p;
}

static void test_small_body_in_memory(void **state)
{
        (void)state;
        struct http_spool s;
        http_spool_init(&s);
        const char *text = NULL;
        size_t len = 99;
        assert_int_equal(http_spool_finish(&s, &text, &len), 0);
        assert_string_equal(text, "");
        assert_int_equal(len, 0);
        char *body = pattern(HTTP_SPOOL_MEMORY_MAX);
        for (size_t at = 0; at < HTTP_SPOOL_MEMORY_MAX; at += 1000) {
                size_t n = HTTP_SPOOL_MEMORY_MAX - at < 1000 ? HTTP_SPOOL_MEMORY_MAX - at : 1000;
                assert_int_equal(http_spool_add(&s, body + at, n), 0);
        }
        assert_int_equal(s.fd, -1);
        assert_int_equal(http_spool_finish(&s, &text, &len), 0);
        assert_int_equal(len, HTTP_SPOOL_MEMORY_MAX);
        assert_memory_equal(text, body, len);
        assert_null(s.map);
        assert_int_equal(entries(), 0);
        http_spool_free(&s);
        http_spool_free(NULL);
        free(body);
}

static void test_large_body_in_unnamed_file(void **state)
{
        (void)state;
        int fds = open_fds();
        size_t size = 3 * 1024 * 1024 + 17;
        char *body = pattern(size);
        struct http_spool s;
        http_spool_init(&s);
        /* Pieces as a socket gives them, the one that crosses the threshold among them. */
        size_t at = 0;
        for (size_t piece = 1; at < size; piece = piece * 3 % 70001 + 1) {
                size_t n = size - at < piece ? size - at : piece;
                assert_int_equal(http_spool_add(&s, body + at, n), 0);
                at += n;
                if (at > HTTP_SPOOL_MEMORY_MAX) {
                        assert_true(s.fd >= 0);
                        assert_null(s.mem);
                }
        }
        assert_int_equal(s.len, size);
        assert_spool_file(s.fd);
        assert_int_equal(open_fds(), fds + 1);
        const char *text;
        size_t len;
        assert_int_equal(http_spool_finish(&s, &text, &len), 0);
        assert_int_equal(len, size);
        assert_memory_equal(text, body, size);
        assert_int_equal(s.fd, -1); /* the mapping keeps the file */
        assert_int_equal(open_fds(), fds);
        http_spool_free(&s);
        assert_null(s.map);
        assert_int_equal(entries(), 0);
        free(body);
}

static void test_named_file_unlinked(void **state)
{
        (void)state;
        int fd = gl_temp_file_open(dir, false);
        assert_true(fd >= 0);
        assert_spool_file(fd);
        assert_int_equal(write(fd, "abc", 3), 3);
        char back[3];
        assert_int_equal(pread(fd, back, 3, 0), 3);
        assert_memory_equal(back, "abc", 3);
        close(fd);
        fd = gl_temp_file_open(dir, true);
        assert_true(fd >= 0);
        assert_spool_file(fd);
        close(fd);
}

/* A file that cannot grow (the file size limit here; a full disk says ENOSPC the same way). */
static void test_write_error(void **state)
{
        (void)state;
        int fds = open_fds();
        struct rlimit old, small;
        assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
        small = old;
        small.rlim_cur = 1024 * 1024;
        void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
        char *body = pattern(512 * 1024);
        struct http_spool s;
        http_spool_init(&s);
        int rc = 0;
        for (int i = 0; i < 4 && rc == 0; i++)
                rc = http_spool_add(&s, body, 512 * 1024);
        assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
        signal(SIGXFSZ, was);
        assert_int_equal(rc, -EFBIG);
        assert_int_equal(s.fd, -1);
        assert_int_equal(s.len, 0);
        assert_null(s.mem);
        assert_int_equal(open_fds(), fds);
        assert_int_equal(entries(), 0);
        http_spool_free(&s);
        free(body);
}

static void test_no_directory(void **state)
{
        (void)state;
        int fds = open_fds();
        char missing[600];
        snprintf(missing, sizeof(missing), "%s/missing", dir);
        setenv("TMPDIR", missing, 1);
        char *body = pattern(HTTP_SPOOL_MEMORY_MAX + 1);
        struct http_spool s;
        http_spool_init(&s);
        assert_int_equal(http_spool_add(&s, body, HTTP_SPOOL_MEMORY_MAX), 0);
        assert_int_equal(http_spool_add(&s, body, 1), -ENOENT);
        assert_int_equal(s.len, 0);
        assert_null(s.mem);
        assert_int_equal(open_fds(), fds);
        setenv("TMPDIR", dir, 1);
        http_spool_free(&s);
        free(body);
}

int main(void)
{
        const struct CMUnitTest tests[] = {
            cmocka_unit_test(test_small_body_in_memory),
            cmocka_unit_test(test_large_body_in_unnamed_file),
            cmocka_unit_test(test_named_file_unlinked),
            cmocka_unit_test(test_write_error),
            cmocka_unit_test(test_no_directory),
        };
        return cmocka_run_group_tests_name("http_spool", tests, make_dir, remove_dir);
}

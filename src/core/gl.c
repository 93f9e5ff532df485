/*
 * Error names and the user-facing error structure declared in gl.h; small text and file helpers.
 */
#define _GNU_SOURCE /* O_TMPFILE, mkostemp */
#include "gl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

const char *gl_status_name(int status)
{
        switch (status) {
        case GL_OK:
                return "ok";
        case GL_EINVAL:
                return "invalid";
        case GL_ENOMEM:
                return "out_of_memory";
        case GL_EDB:
                return "database";
        case GL_ENOTFOUND:
                return "not_found";
        case GL_ECONFLICT:
                return "conflict";
        case GL_EPERM:
                return "forbidden";
        case GL_ESTATE:
                return "wrong_state";
        case GL_EIO:
                return "io";
        case GL_EAUTH:
                return "unauthorized";
        case GL_ELIMIT:
                return "limit";
        default:
                return "unknown";
        }
}

/*
 * After snprintf wrote n of the wanted bytes into buf of size, drops a UTF-8 character that the
 * cut left incomplete at the end, so that a long name or message stays valid UTF-8 (a JSON answer
 * cannot carry half a character).
 */
static void cut_at_character(char *buf, size_t size, int wanted)
{
        if (wanted < 0 || (size_t)wanted < size || size == 0)
                return;
        size_t len = strlen(buf);
        size_t start = len;
        while (start > 0 && ((unsigned char)buf[start - 1] & 0xC0) == 0x80)
                start--;
        if (start == 0)
                return;
        unsigned char lead = (unsigned char)buf[start - 1];
        size_t need = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        if (len - (start - 1) < need)
                buf[start - 1] = '\0';
}

size_t gl_utf8_char(const char *text, uint32_t *cp)
{
        const unsigned char *s = (const unsigned char *)text;
        if (s[0] == 0)
                return 0;
        if (s[0] < 0x80) {
                if (cp)
                        *cp = s[0];
                return 1;
        }
        size_t need;
        uint32_t min;
        if (s[0] >= 0xC2 && s[0] <= 0xDF) {
                need = 2;
                min = 0x80;
        } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
                need = 3;
                min = 0x800;
        } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
                need = 4;
                min = 0x10000;
        } else {
                return 0;
        }
        uint32_t c = s[0] & (0x7F >> need);
        for (size_t i = 1; i < need; i++) {
                if ((s[i] & 0xC0) != 0x80)
                        return 0;
                c = (c << 6) | (s[i] & 0x3F);
        }
        if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
                return 0;
        if (cp)
                *cp = c;
        return need;
}

/* Replaces every byte of s that is not part of a valid UTF-8 character with '?': a message may
 * quote input in another encoding, and what users read (and JSON answers) must be UTF-8. */
static void replace_invalid_utf8(char *s)
{
        unsigned char *p = (unsigned char *)s;
        while (*p) {
                size_t n = gl_utf8_char((const char *)p, NULL);
                if (n == 0) {
                        *p++ = '?';
                } else {
                        p += n;
                }
        }
}

int gl_failv(struct gl_error *err, int status, const char *field, const char *fmt, va_list ap)
{
        if (err == NULL)
                return status;
        err->status = status;
        int n = snprintf(err->field, sizeof(err->field), "%s", field ? field : "");
        cut_at_character(err->field, sizeof(err->field), n);
        replace_invalid_utf8(err->field);
        n = vsnprintf(err->message, sizeof(err->message), fmt, ap);
        cut_at_character(err->message, sizeof(err->message), n);
        replace_invalid_utf8(err->message);
        return status;
}

int gl_fail(struct gl_error *err, int status, const char *field, const char *fmt, ...)
{
        va_list ap;
        va_start(ap, fmt);
        gl_failv(err, status, field, fmt, ap);
        va_end(ap);
        return status;
}

void gl_error_clear(struct gl_error *err)
{
        if (err == NULL)
                return;
        err->status = GL_OK;
        err->field[0] = '\0';
        err->message[0] = '\0';
}

/* Whether the UTF-8 character at s is a CJK ideograph (U+3400..U+9FFF, the range the web app's
 * reading of messages used) — the Chinese of a message. */
static bool is_cjk(const unsigned char *s)
{
        if (s[0] < 0xE3 || s[0] > 0xE9 || (s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80)
                return false;
        unsigned cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
        return cp >= 0x3400 && cp <= 0x9FFF;
}

/* The parenthesis at open ('(') closes at the returned ')' and holds a Latin letter and neither
 * Chinese nor another parenthesis; NULL when it does not. */
static const char *english_close(const char *open)
{
        bool letter = false;
        for (const unsigned char *p = (const unsigned char *)open + 1; *p; p++) {
                if (*p == ')')
                        return letter ? (const char *)p : NULL;
                if (*p == '(' || is_cjk(p))
                        return NULL;
                if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z'))
                        letter = true;
        }
        return NULL;
}

static void put_span(char *out, size_t size, size_t *used, const char *s, size_t n)
{
        if (size == 0 || *used >= size - 1)
                return;
        size_t room = size - 1 - *used;
        if (n > room) {
                n = room;
                while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
                        n--; /* not half a character */
        }
        memcpy(out + *used, s, n);
        *used += n;
        out[*used] = '\0';
}

void gl_message_split(const char *message, char *zh, size_t zh_size, char *en, size_t en_size)
{
        const char *m = message ? message : "";
        size_t zu = 0, eu = 0;
        if (zh_size)
                zh[0] = '\0';
        if (en_size)
                en[0] = '\0';
        const char *chinese = NULL; /* the first Chinese character */
        for (const char *p = m; *p; p++) {
                if (chinese == NULL && is_cjk((const unsigned char *)p))
                        chinese = p;
                if (*p != '(' || chinese == NULL)
                        continue;
                const char *close = english_close(p);
                if (close == NULL)
                        continue;
                const char *cut = p; /* the Chinese ends before the blanks that lead to '(' */
                while (cut > chinese && cut[-1] == ' ')
                        cut--;
                put_span(zh, zh_size, &zu, m, (size_t)(cut - m));
                put_span(zh, zh_size, &zu, close + 1, strlen(close + 1));
                put_span(en, en_size, &eu, m, (size_t)(chinese - m));
                put_span(en, en_size, &eu, p + 1, (size_t)(close - p - 1));
                put_span(en, en_size, &eu, close + 1, strlen(close + 1));
                return;
        }
        put_span(zh, zh_size, &zu, m, strlen(m));
        put_span(en, en_size, &eu, m, strlen(m));
}

void gl_hex_encode(const unsigned char *bytes, size_t n, char *out)
{
        static const char digits[] = "0123456789abcdef";
        for (size_t i = 0; i < n; i++) {
                out[2 * i] = digits[bytes[i] >> 4];
                out[2 * i + 1] = digits[bytes[i] & 15];
        }
        out[2 * n] = '\0';
}

void *gl_grow(void *items, size_t n, size_t *cap, size_t size, size_t first)
{
        if (n < *cap)
                return items;
        size_t want = *cap ? *cap * 2 : first;
        if (want <= *cap || size == 0 || want > SIZE_MAX / size)
                return NULL;
        void *grown = realloc(items, want * size);
        if (grown != NULL)
                *cap = want;
        return grown;
}

/* The decimal digits of 0 to 99, two by two: formatting takes one division for two digits. */
static const char two_digits[201] = "00010203040506070809101112131415161718192021222324252627282930"
                                    "31323334353637383940414243444546474849505152535455565758596061"
                                    "62636465666768697071727374757677787980818283848586878889909192"
                                    "93949596979899";

size_t gl_format_i64(int64_t v, char *out)
{
        char tmp[20];
        size_t n = sizeof(tmp);
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        while (u >= 100) {
                unsigned d = (unsigned)(u % 100) * 2;
                u /= 100;
                tmp[--n] = two_digits[d + 1];
                tmp[--n] = two_digits[d];
        }
        if (u >= 10) {
                tmp[--n] = two_digits[u * 2 + 1];
                tmp[--n] = two_digits[u * 2];
        } else {
                tmp[--n] = (char)('0' + u);
        }
        size_t len = 0;
        if (v < 0)
                out[len++] = '-';
        memcpy(out + len, tmp + n, sizeof(tmp) - n);
        len += sizeof(tmp) - n;
        out[len] = '\0';
        return len;
}

void gl_copy_text(char *dst, size_t size, const char *src)
{
        if (size == 0)
                return;
        int n = snprintf(dst, size, "%s", src ? src : "");
        cut_at_character(dst, size, n);
}

int gl_temp_file_open(const char *dir, bool unnamed)
{
        if (unnamed) {
                int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
                if (fd >= 0)
                        return fd;
        }
        char path[4096];
        if ((size_t)snprintf(path, sizeof(path), "%s/greenlane-XXXXXX", dir) >= sizeof(path)) {
                errno = ENAMETOOLONG;
                return -1;
        }
        int fd = mkostemp(path, O_CLOEXEC); /* mode 0600 */
        if (fd < 0)
                return -1;
        if (unlink(path) != 0) {
                int e = errno;
                close(fd);
                errno = e;
                return -1;
        }
        return fd;
}

const char *gl_temp_dir(void)
{
        const char *tmp = getenv("TMPDIR");
        return tmp && tmp[0] ? tmp : "/tmp";
}

/* Exchanges the size bytes at a and b. */
static void swap_items(char *a, char *b, size_t size)
{
        char t[64];
        while (size > 0) {
                size_t k = size < sizeof(t) ? size : sizeof(t);
                memcpy(t, a, k);
                memcpy(a, b, k);
                memcpy(b, t, k);
                a += k;
                b += k;
                size -= k;
        }
}

typedef int (*gl_cmp)(const void *, const void *);

static void sift_down(char *base, size_t root, size_t n, size_t size, gl_cmp cmp)
{
        for (size_t child; (child = 2 * root + 1) < n; root = child) {
                if (child + 1 < n && cmp(base + child * size, base + (child + 1) * size) < 0)
                        child++;
                if (cmp(base + root * size, base + child * size) >= 0)
                        return;
                swap_items(base + root * size, base + child * size, size);
        }
}

static void heap_sort(char *base, size_t n, size_t size, gl_cmp cmp)
{
        for (size_t i = n / 2; i-- > 0;)
                sift_down(base, i, n, size, cmp);
        for (size_t end = n; end-- > 1;) {
                swap_items(base, base + end * size, size);
                sift_down(base, 0, end, size, cmp);
        }
}

/*
 * Quicksort: the median of the first, middle and last items as the pivot, Hoare's partition
 * (which stops at items equal to the pivot from both sides, so that many equal items still
 * split evenly), the smaller side first by recursion and the larger by the loop; heapsort past
 * depth levels, and insertion sort for runs of SMALL or fewer.
 */
enum { SMALL = 16 };

static void intro_sort(char *base, size_t n, size_t size, gl_cmp cmp, int depth)
{
        while (n > SMALL) {
                if (depth-- == 0) {
                        heap_sort(base, n, size, cmp);
                        return;
                }
                char *mid = base + (n / 2) * size, *last = base + (n - 1) * size;
                if (cmp(mid, base) < 0)
                        swap_items(mid, base, size);
                if (cmp(last, mid) < 0) {
                        swap_items(last, mid, size);
                        if (cmp(mid, base) < 0)
                                swap_items(mid, base, size);
                }
                swap_items(mid, base, size); /* the pivot at base */
                size_t i = 0, j = n;
                for (;;) {
                        do
                                i++;
                        while (i < n && cmp(base + i * size, base) < 0);
                        do
                                j--;
                        while (cmp(base + j * size, base) > 0);
                        if (i >= j)
                                break;
                        swap_items(base + i * size, base + j * size, size);
                }
                swap_items(base, base + j * size, size); /* the pivot in its place, j */
                size_t left = j, right = n - j - 1;
                if (left < right) {
                        intro_sort(base, left, size, cmp, depth);
                        base += (j + 1) * size;
                        n = right;
                } else {
                        intro_sort(base + (j + 1) * size, right, size, cmp, depth);
                        n = left;
                }
        }
        for (size_t i = 1; i < n; i++)
                for (size_t j = i; j > 0 && cmp(base + (j - 1) * size, base + j * size) > 0; j--)
                        swap_items(base + (j - 1) * size, base + j * size, size);
}

void gl_sort(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *))
{
        int depth = 0;
        for (size_t k = n; k > 1; k >>= 1)
                depth += 2;
        if (n > 1 && size > 0)
                intro_sort(items, n, size, cmp, depth);
}

/*
 * Error names and the user-facing error structure declared in gl.h.
 */
#include "gl.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>

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

size_t gl_format_i64(int64_t v, char *out)
{
        char tmp[21];
        size_t n = 0;
        uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
        do {
                tmp[n++] = (char)('0' + u % 10);
                u /= 10;
        } while (u);
        size_t len = 0;
        if (v < 0)
                out[len++] = '-';
        while (n)
                out[len++] = tmp[--n];
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

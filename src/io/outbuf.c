/*
 * The buffered writer of outbuf.h. JSON strings are scanned sixteen bytes at a time: a block with
 * no byte below 0x20, no '"' and no '\' is copied as it is, which is nearly all of the Chinese text
 * of the explanations; only a block with such a byte is looked at byte by byte.
 */
#include "outbuf.h"

#include "../core/gl.h"

#include <stdint.h>

void outbuf_init(struct outbuf *b, FILE *sink)
{
        b->sink = sink;
        b->len = 0;
        b->failed = false;
}

static void drain(struct outbuf *b)
{
        if (b->len > 0 && !b->failed && fwrite(b->data, 1, b->len, b->sink) != b->len)
                b->failed = true;
        b->len = 0;
}

void outbuf_write_through(struct outbuf *b, const char *s, size_t n)
{
        drain(b);
        if (n < OUTBUF_SIZE) {
                memcpy(b->data, s, n);
                b->len = n;
                return;
        }
        if (!b->failed && fwrite(s, 1, n, b->sink) != n)
                b->failed = true;
}

int outbuf_flush(struct outbuf *b)
{
        drain(b);
        if (!b->failed && fflush(b->sink) != 0)
                b->failed = true;
        return b->failed ? GL_EIO : GL_OK;
}

void outbuf_int(struct outbuf *b, long long v)
{
        char digits[24];
        size_t n = 0;
        unsigned long long m = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
        do {
                digits[sizeof(digits) - 1 - n++] = (char)('0' + (int)(m % 10));
                m /= 10;
        } while (m > 0);
        if (v < 0)
                digits[sizeof(digits) - 1 - n++] = '-';
        outbuf_write(b, digits + sizeof(digits) - n, n);
}

/* Sixteen bytes as one vector (GCC's vector extension: SIMD where the machine has it). */
typedef unsigned char bytes16 __attribute__((vector_size(16)));

/* Whether any of the sixteen bytes at s is below 0x20, '"' or '\'. */
static bool block_needs_escape(const char *s)
{
        bytes16 v;
        memcpy(&v, s, sizeof(v));
        bytes16 bad = (bytes16)(v < 0x20) | (bytes16)(v == '"') | (bytes16)(v == '\\');
        uint64_t half[2];
        memcpy(half, &bad, sizeof(half));
        return (half[0] | half[1]) != 0;
}

static void escape_byte(struct outbuf *b, unsigned char c)
{
        static const char hex[] = "0123456789abcdef";
        char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
        if (c == '"' || c == '\\') {
                e[1] = (char)c;
                outbuf_write(b, e, 2);
        } else if (c == '\n') {
                outbuf_write(b, "\\n", 2);
        } else {
                outbuf_write(b, e, 6);
        }
}

void outbuf_json_string(struct outbuf *b, const char *s)
{
        if (s == NULL) {
                outbuf_write(b, "null", 4);
                return;
        }
        outbuf_json_text(b, s, strlen(s));
}

void outbuf_json_text(struct outbuf *b, const char *s, size_t len)
{
        size_t run = 0, i = 0;
        outbuf_putc(b, '"');
        while (i < len) {
                if (i + 16 <= len && !block_needs_escape(s + i)) {
                        i += 16;
                        continue;
                }
                if (i + 16 > len && len >= 16 && !block_needs_escape(s + len - 16))
                        break; /* the last sixteen bytes, which hold the rest, are plain */
                unsigned char c = (unsigned char)s[i];
                if (c < 0x20 || c == '"' || c == '\\') {
                        outbuf_write(b, s + run, i - run);
                        escape_byte(b, c);
                        run = i + 1;
                }
                i++;
        }
        outbuf_write(b, s + run, len - run);
        outbuf_putc(b, '"');
}

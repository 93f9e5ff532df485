/*
 * A buffered writer for large generated outputs (the JSON and CSV of a million enterprises'
 * evaluations): text is gathered in a 64 KiB buffer and handed to a stdio stream in big blocks,
 * so each small piece costs a memcpy instead of a locked stdio call. It also writes JSON strings,
 * escaped as RFC 8259 requires ('"' and '\' with a backslash, a newline as \n, the other control
 * characters as \u00XX; UTF-8 text, DEL included, is written as is), and integers.
 *
 * Ownership: the caller owns the struct (it may live on the stack or in the heap) and the sink;
 * outbuf_flush must be called before the sink is read or closed. A failed write of the sink is
 * remembered, later writes are dropped and outbuf_flush reports it.
 */
#ifndef GL_OUTBUF_H
#define GL_OUTBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#define OUTBUF_SIZE 65536

struct outbuf {
        FILE *sink;
        size_t len;  /* bytes waiting in data */
        bool failed; /* a write to the sink failed */
        char data[OUTBUF_SIZE];
};

void outbuf_init(struct outbuf *b, FILE *sink);
/* Writes what is buffered to the sink and flushes it: GL_OK, or GL_EIO when a write failed. */
int outbuf_flush(struct outbuf *b);
/* The slow path of outbuf_write: empties the buffer, or writes a large block straight through. */
void outbuf_write_through(struct outbuf *b, const char *s, size_t n);

static inline void outbuf_write(struct outbuf *b, const char *s, size_t n)
{
        if (n <= OUTBUF_SIZE - b->len) {
                memcpy(b->data + b->len, s, n);
                b->len += n;
                return;
        }
        outbuf_write_through(b, s, n);
}

static inline void outbuf_putc(struct outbuf *b, char c)
{
        if (b->len == OUTBUF_SIZE)
                outbuf_write_through(b, &c, 1);
        else
                b->data[b->len++] = c;
}

static inline void outbuf_puts(struct outbuf *b, const char *s)
{
        outbuf_write(b, s, strlen(s));
}

/* A string literal, its length known at compile time. */
#define outbuf_literal(b, literal) outbuf_write(b, literal, sizeof(literal) - 1)

/* Decimal integer. */
void outbuf_int(struct outbuf *b, long long v);
/* A JSON string with its quotes; NULL writes null. */
void outbuf_json_string(struct outbuf *b, const char *s);
/* The same for the len bytes at s (no NUL needed). */
void outbuf_json_text(struct outbuf *b, const char *s, size_t len);

#endif

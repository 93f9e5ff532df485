/*
 * Common definitions shared by every layer of greenlane: the error codes that functions return, the
 * structure that carries a user-facing error (with the field or line it concerns), and small
 * helpers. Error codes are negative; 0 is success. A function that fails leaves its outputs
 * untouched.
 */
#ifndef GL_H
#define GL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum gl_status {
        GL_OK = 0,
        GL_EINVAL = -1,    /* bad input: a field, a line or an argument */
        GL_ENOMEM = -2,    /* out of memory */
        GL_EDB = -3,       /* the database failed */
        GL_ENOTFOUND = -4, /* no such entity */
        GL_ECONFLICT = -5, /* already exists, or changed since it was read */
        GL_EPERM = -6,     /* the actor's role does not allow it */
        GL_ESTATE = -7,    /* not allowed in the entity's current state */
        GL_EIO = -8,       /* a file could not be read or written */
        GL_EAUTH = -9,     /* not signed in, or the credentials are wrong */
        GL_ELIMIT = -10,   /* too many attempts, too large */
};

/* Returns a stable machine-readable name for a status ("invalid", "not_found", ...). */
const char *gl_status_name(int status);

/*
 * A user-facing error: a status, the field (or FILE:LINE) it concerns, and a message. Messages are
 * written for the person who reads them (Chinese where an enterprise clerk or an officer reads
 * them).
 */
struct gl_error {
        int status;
        char field[64];
        char message[512];
};

/* Fills err (when not NULL) and returns status. printf-style message. A field or message too long
 * for its array is cut at a UTF-8 character boundary, and a byte that is not part of a valid UTF-8
 * character (quoted input in another encoding) becomes '?'. */
int gl_fail(struct gl_error *err, int status, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* gl_fail with a va_list. */
int gl_failv(struct gl_error *err, int status, const char *field, const char *fmt, va_list ap)
    __attribute__((format(printf, 4, 0)));

/* Clears err to GL_OK with empty field and message. */
void gl_error_clear(struct gl_error *err);

/*
 * The two languages of a message written "中文说明 (English)[rest]": zh receives the message
 * without its English parenthesis, en what comes before the Chinese (a field's name), the English
 * and the rest ("没有该企业 (no such enterprise): X" gives "没有该企业: X" and "no such enterprise:
 * X"). The English is the first parenthesis that holds a Latin letter and neither Chinese nor
 * another parenthesis, after Chinese. A message without one (no Chinese, or no English) is both.
 * Each output is cut to its size at a character boundary.
 */
void gl_message_split(const char *message, char *zh, size_t zh_size, char *en, size_t en_size);

/* Copies src into dst (size bytes), cut at a UTF-8 character boundary when too long. */
void gl_copy_text(char *dst, size_t size, const char *src);

/* The length of the valid UTF-8 character at s (shortest form, no surrogates, at most U+10FFFF),
 * with its code point in *cp (may be NULL); 0 when the bytes there are not one, or s is at its
 * terminating NUL. */
size_t gl_utf8_char(const char *s, uint32_t *cp);

/* Writes n bytes as 2n lowercase hex digits and a NUL into out (at least 2n + 1 bytes). */
void gl_hex_encode(const unsigned char *bytes, size_t n, char *out);
/* v in decimal into out (at least 21 bytes), NUL-terminated; returns its length. The hot loops of
 * an import format several numbers a row, where snprintf's cost showed (14% of an import). */
size_t gl_format_i64(int64_t v, char *out);

#define GL_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/*
 * Room for one more item in a growing array of n items with room for *cap, each size bytes: items
 * itself while n < *cap, else items moved to room for twice as many (first when it has none) and
 * *cap updated. NULL when memory runs out (or the size overflows): items is left as it was.
 */
void *gl_grow(void *items, size_t n, size_t *cap, size_t size, size_t first);

/*
 * A new temporary file in dir without a name (O_TMPFILE), or, when that fails (a file system
 * without O_TMPFILE) or when unnamed is false, a file dir/greenlane-XXXXXX made with mkstemp and
 * unlinked before this returns: gone with its descriptor, whatever ends the process. Open for
 * reading and writing, close-on-exec, mode 0600. Returns the descriptor, or -1 with errno set
 * (nothing is left in dir then either). gl_temp_dir: $TMPDIR, or /tmp.
 */
int gl_temp_file_open(const char *dir, bool unnamed);
const char *gl_temp_dir(void);

/*
 * Sorts n items of size bytes in place by cmp, as qsort does, but without taking memory (glibc's
 * qsort takes a copy of the whole array for its merge sort: 20 MB for a million keys of an
 * import) and in O(n log n) whatever the input (an introsort). Not stable: items cmp calls equal
 * may come in any order.
 */
void gl_sort(void *items, size_t n, size_t size, int (*cmp)(const void *, const void *));

#endif

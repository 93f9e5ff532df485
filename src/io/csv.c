/*
 * The CSV reader of csv.h. Opening reads the source once, CHUNK bytes at a time, to digest it and
 * check its encoding (and, for GB18030, converts it once to the end to find an invalid sequence
 * before any record is read); reading then goes through a window of UTF-8 text that holds at least
 * one whole record: csv_next brings the record in (reading and converting more of the source, the
 * window growing only for a record longer than it) and parses it in place: quoted fields are
 * unescaped over their own bytes (the result is never longer than the source) and each field is
 * NUL-terminated where its delimiter or closing quote was, so no field is copied. A file of a
 * million rows no longer sits whole in memory (85 MB, and 128 MB of buffer) during its import.
 */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Bytes read from the source at a time. */
#define CHUNK (1 << 16)

struct csv_reader {
        char name[256];
        enum csv_encoding enc;
        char digest[65];
        /* The source: a file, or bytes in memory (copied). */
        FILE *f;
        char *mem;
        size_t mem_len, mem_pos;
        size_t skip;    /* bytes of a byte-order mark at the start of the source, not text */
        size_t total;   /* bytes of the source after them */
        iconv_t cd;     /* GB18030 to UTF-8, or (iconv_t)-1 */
        char carry[16]; /* the start of a GB18030 sequence cut by the end of a chunk */
        size_t ncarry;
        int64_t raw_lines; /* line breaks in the source bytes converted so far (GB18030) */
        bool src_eof;      /* the source is all read */
        bool strip_feff;   /* the converted text may begin with U+FEFF (a GB18030 mark) */
        /* The window of UTF-8 text: buf[0..len) with buf[len] == '\0'; parsing is at pos. */
        char *text;
        size_t len, cap, pos;
        size_t before;      /* bytes of text that went before buf[0] (progress) */
        int64_t line;       /* physical line at pos */
        int64_t error_line; /* line of the last parse error */
        char **fields;
        size_t fcap;
};

int csv_encoding_from_name(const char *name, enum csv_encoding *out)
{
        if (name == NULL)
                return GL_EINVAL;
        if (strcasecmp(name, "utf-8") == 0 || strcasecmp(name, "utf8") == 0)
                *out = CSV_ENCODING_UTF8;
        else if (strcasecmp(name, "gb18030") == 0 || strcasecmp(name, "gbk") == 0)
                *out = CSV_ENCODING_GB18030;
        else if (strcasecmp(name, "auto") == 0)
                *out = CSV_ENCODING_AUTO;
        else
                return GL_EINVAL;
        return GL_OK;
}

const char *csv_encoding_name(enum csv_encoding enc)
{
        switch (enc) {
        case CSV_ENCODING_UTF8:
                return "utf-8";
        case CSV_ENCODING_GB18030:
                return "gb18030";
        default:
                return "auto";
        }
}

/* Fails with GL_EINVAL, the field naming FILE:LINE. */
static int fail_at(struct gl_error *err, const char *name, int64_t line, const char *message)
{
        char where[64];
        size_t n = strlen(name);
        if (n > 40) /* keep the end of a long path, which names the file */
                snprintf(where, sizeof(where), "...%s:%lld", name + n - 40, (long long)line);
        else
                snprintf(where, sizeof(where), "%s:%lld", name, (long long)line);
        return gl_fail(err, GL_EINVAL, where, "%s", message);
}

/* Length of the valid UTF-8 prefix of s[0..n): n when all of it is valid. Rejects overlong forms,
 * surrogates and code points above U+10FFFF. */
static size_t utf8_valid_prefix(const unsigned char *s, size_t n)
{
        size_t i = 0;
        while (i < n) {
                unsigned char c = s[i];
                if (c < 0x80) {
                        i++;
                        /* ASCII eight bytes at a time: no byte with its high bit set. */
                        uint64_t w;
                        while (n - i >= sizeof(w) &&
                               (memcpy(&w, s + i, sizeof(w)), (w & 0x8080808080808080ull) == 0))
                                i += sizeof(w);
                        continue;
                }
                size_t need;
                unsigned char lo = 0x80, hi = 0xBF;
                if (c >= 0xC2 && c <= 0xDF) {
                        need = 1;
                } else if (c >= 0xE0 && c <= 0xEF) {
                        need = 2;
                        if (c == 0xE0)
                                lo = 0xA0;
                        else if (c == 0xED)
                                hi = 0x9F;
                } else if (c >= 0xF0 && c <= 0xF4) {
                        need = 3;
                        if (c == 0xF0)
                                lo = 0x90;
                        else if (c == 0xF4)
                                hi = 0x8F;
                } else {
                        return i;
                }
                if (n - i <= need)
                        return i;
                if (s[i + 1] < lo || s[i + 1] > hi)
                        return i;
                for (size_t k = 2; k <= need; k++)
                        if (s[i + k] < 0x80 || s[i + k] > 0xBF)
                                return i;
                i += need + 1;
        }
        return n;
}

/* Reads up to n raw bytes of the source into out; 0 at its end, -1 on a read error. */
static ssize_t source_read(struct csv_reader *r, char *out, size_t n)
{
        if (r->f == NULL) {
                size_t k = r->mem_len - r->mem_pos < n ? r->mem_len - r->mem_pos : n;
                memcpy(out, r->mem + r->mem_pos, k);
                r->mem_pos += k;
                return (ssize_t)k;
        }
        size_t k = fread(out, 1, n, r->f);
        return k == 0 && ferror(r->f) ? -1 : (ssize_t)k;
}

static int source_rewind(struct csv_reader *r)
{
        r->mem_pos = 0;
        return r->f == NULL || fseek(r->f, 0, SEEK_SET) == 0 ? GL_OK : GL_EIO;
}

static bool starts_with(const char *data, size_t len, const char *prefix, size_t n)
{
        return len >= n && memcmp(data, prefix, n) == 0;
}

/* Whether s[0..n) begins a UTF-8 sequence that more bytes could complete. */
static bool utf8_incomplete(const unsigned char *s, size_t n)
{
        unsigned char c = s[0], lo = 0x80, hi = 0xBF;
        size_t need;
        if (c >= 0xC2 && c <= 0xDF)
                need = 1;
        else if (c >= 0xE0 && c <= 0xEF)
                need = 2, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        else if (c >= 0xF0 && c <= 0xF4)
                need = 3, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        else
                return false;
        if (n > need)
                return false;
        if (n > 1 && (s[1] < lo || s[1] > hi))
                return false;
        for (size_t k = 2; k < n; k++)
                if (s[k] < 0x80 || s[k] > 0xBF)
                        return false;
        return true;
}

/* What the first pass finds out about the source's bytes. */
struct scan {
        size_t size;
        bool utf8;            /* all of it (after a UTF-8 mark) is valid UTF-8 */
        int64_t invalid_line; /* the line of the first byte that is not */
        int64_t nul_line;     /* the line of the first NUL byte, 0 when none */
        char head[4];         /* its first bytes */
        size_t nhead;
};

/* The line ends ('\n') among the n bytes at s. */
static int64_t count_lines(const char *s, size_t n)
{
        int64_t lines = 0;
        for (const char *end = s + n; (s = memchr(s, '\n', (size_t)(end - s))) != NULL; s++)
                lines++;
        return lines;
}

/* The first pass: the digest of the bytes, their size, where the first NUL and the first byte
 * that is not UTF-8 are, reading CHUNK bytes at a time. */
static int scan_source(struct csv_reader *r, struct scan *sc)
{
        memset(sc, 0, sizeof(*sc));
        sc->utf8 = true;
        crypto_generichash_state h;
        crypto_generichash_init(&h, NULL, 0, 32);
        char *chunk = malloc(CHUNK + 4);
        if (chunk == NULL)
                return GL_ENOMEM;
        size_t carry = 0; /* bytes of a UTF-8 sequence cut by the chunk's end, at chunk[0] */
        int64_t lines = 1;
        bool first = true;
        ssize_t n;
        while ((n = source_read(r, chunk + carry, CHUNK)) > 0) {
                crypto_generichash_update(&h, (const unsigned char *)chunk + carry, (size_t)n);
                if (sc->nhead < sizeof(sc->head)) {
                        size_t k = sizeof(sc->head) - sc->nhead < (size_t)n
                                       ? sizeof(sc->head) - sc->nhead
                                       : (size_t)n;
                        memcpy(sc->head + sc->nhead, chunk + carry, k);
                        sc->nhead += k;
                }
                size_t all = carry + (size_t)n;
                size_t from = first && starts_with(chunk, all, "\xEF\xBB\xBF", 3) ? 3 : 0;
                first = false;
                size_t valid = all;
                if (sc->utf8)
                        valid = from + utf8_valid_prefix((unsigned char *)chunk + from, all - from);
                /* A sequence cut by the chunk's end (at most 3 bytes) may be completed by the
                 * next one; anything else before the end is not UTF-8. */
                bool cut = sc->utf8 && valid < all &&
                           utf8_incomplete((unsigned char *)chunk + valid, all - valid);
                /* The lines of the first NUL and of the first byte that is not UTF-8 (a
                 * sequence completed by this chunk's bytes is at carry or later). */
                const char *fresh = chunk + carry;
                const char *nul = sc->nul_line ? NULL : memchr(fresh, '\0', all - carry);
                if (nul != NULL)
                        sc->nul_line = lines + count_lines(fresh, (size_t)(nul - fresh));
                if (sc->utf8 && !cut && valid >= carry && valid < all && sc->invalid_line == 0)
                        sc->invalid_line = lines + count_lines(fresh, valid - carry);
                lines += count_lines(fresh, all - carry);
                if (sc->utf8 && !cut && valid < all)
                        sc->utf8 = false;
                sc->size += (size_t)n;
                if (cut) {
                        size_t left = all - valid;
                        memmove(chunk, chunk + valid, left);
                        carry = left;
                        if (sc->invalid_line == 0)
                                sc->invalid_line = lines; /* if the end of the file cuts it */
                } else {
                        carry = 0;
                        if (sc->utf8)
                                sc->invalid_line = 0;
                }
        }
        if (carry > 0)
                sc->utf8 = false;
        free(chunk);
        unsigned char d[32];
        crypto_generichash_final(&h, d, sizeof(d));
        gl_hex_encode(d, sizeof(d), r->digest);
        return n < 0 ? GL_EIO : GL_OK;
}

/* Makes room for n more bytes of text in the window. */
static int window_room(struct csv_reader *r, size_t n)
{
        if (r->cap - r->len >= n)
                return GL_OK;
        size_t cap = r->cap * 2 > r->len + n ? r->cap * 2 : r->len + n;
        char *bigger = realloc(r->text, cap + 1);
        if (bigger == NULL)
                return GL_ENOMEM;
        r->text = bigger;
        r->cap = cap;
        return GL_OK;
}

/* Converts in[0..n) (after r->carry) from GB18030 and appends it to the window; keeps an
 * incomplete sequence at the end for the next chunk. *bad_line the line of an invalid sequence. */
static int convert_chunk(struct csv_reader *r, const char *in, size_t n, bool last,
                         int64_t *bad_line)
{
        char joined[CHUNK + sizeof(r->carry)];
        memcpy(joined, r->carry, r->ncarry);
        memcpy(joined + r->ncarry, in, n);
        size_t left = r->ncarry + n;
        char *src = joined;
        r->ncarry = 0;
        while (left > 0) {
                if (window_room(r, 4 * left + 16) != GL_OK)
                        return GL_ENOMEM;
                char *dst = r->text + r->len;
                size_t room = r->cap - r->len;
                const char *from = src;
                size_t rc = iconv(r->cd, &src, &left, &dst, &room);
                for (const char *p = from; p < src; p++)
                        if (*p == '\n')
                                r->raw_lines++;
                r->len = (size_t)(dst - r->text);
                if (rc != (size_t)-1)
                        break;
                if (errno == EINVAL && !last && left < sizeof(r->carry)) {
                        memcpy(r->carry, src, left);
                        r->ncarry = left;
                        break;
                }
                if (errno != E2BIG) {
                        *bad_line = r->raw_lines + 1;
                        return GL_EINVAL;
                }
        }
        r->text[r->len] = '\0';
        return GL_OK;
}

/* Moves what is left to parse to the start of the window and reads more of the source into it.
 * GL_OK (r->src_eof once all of it is in), GL_ENOMEM, GL_EIO or GL_EINVAL (err filled). */
static int refill(struct csv_reader *r, struct gl_error *err)
{
        if (r->pos > 0) {
                memmove(r->text, r->text + r->pos, r->len - r->pos);
                r->before += r->pos;
                r->len -= r->pos;
                r->pos = 0;
                r->text[r->len] = '\0';
        }
        if (r->src_eof)
                return GL_OK;
        char chunk[CHUNK];
        ssize_t n = source_read(r, chunk, sizeof(chunk));
        if (n < 0)
                return gl_fail(err, GL_EIO, r->name, "无法读取文件 %s: %s (cannot read)", r->name,
                               strerror(errno));
        r->src_eof = n == 0;
        size_t start = r->len;
        if (r->cd != (iconv_t)-1) {
                int64_t bad = 0;
                int rc = convert_chunk(r, chunk, (size_t)n, n == 0, &bad);
                if (rc == GL_EINVAL) {
                        r->error_line = bad;
                        return fail_at(err, r->name, bad, "不是有效的 GB18030 (not valid GB18030)");
                }
                if (rc != GL_OK)
                        return gl_fail(err, rc, r->name, "out of memory");
        } else if (n > 0) {
                if (window_room(r, (size_t)n) != GL_OK)
                        return gl_fail(err, GL_ENOMEM, r->name, "out of memory");
                memcpy(r->text + r->len, chunk, (size_t)n);
                r->len += (size_t)n;
                r->text[r->len] = '\0';
        }
        /* A GB18030 byte-order mark (84 31 95 33) converts to U+FEFF. */
        if (r->strip_feff && (r->len - start >= 3 || r->src_eof)) {
                if (starts_with(r->text + start, r->len - start, "\xEF\xBB\xBF", 3)) {
                        memmove(r->text + start, r->text + start + 3, r->len - start - 3 + 1);
                        r->len -= 3;
                }
                r->strip_feff = false;
        }
        return GL_OK;
}

/* Where the record starting at pos ends: just past its line end (or the end of the text at the
 * end of the source), found without changing the text; SIZE_MAX when the window does not hold
 * all of it yet. A quote toggles quoting, so "" inside quotes is two toggles. */
static size_t record_end(const struct csv_reader *r)
{
        bool quoted = false;
        for (size_t i = r->pos; i < r->len; i++) {
                char c = r->text[i];
                if (c == '"') {
                        quoted = !quoted;
                } else if (!quoted && (c == '\n' || c == '\r')) {
                        if (c == '\r' && i + 1 >= r->len && !r->src_eof)
                                return SIZE_MAX; /* a CR whose LF may follow */
                        return i + 1;
                }
        }
        return r->src_eof ? r->len : SIZE_MAX;
}

/* Makes sure the window holds the whole record starting at pos (or all that is left). */
static int need_record(struct csv_reader *r, struct gl_error *err)
{
        while (!r->src_eof && record_end(r) == SIZE_MAX) {
                int rc = refill(r, err);
                if (rc != GL_OK)
                        return rc;
        }
        return GL_OK;
}

/* Opens r over its source: checks the encoding as csv.h says, then rewinds to its text. */
static int open_source(struct csv_reader *r, enum csv_encoding enc, struct gl_error *err)
{
        r->line = 1;
        size_t converted = 0;
        struct scan sc;
        int rc = scan_source(r, &sc);
        if (rc != GL_OK)
                return rc == GL_ENOMEM
                           ? gl_fail(err, rc, r->name, "out of memory")
                           : gl_fail(err, GL_EIO, r->name, "无法读取文件 %s: %s (cannot read)",
                                     r->name, strerror(errno));
        if (starts_with(sc.head, sc.nhead, "\xFF\xFE", 2) ||
            starts_with(sc.head, sc.nhead, "\xFE\xFF", 2))
                return gl_fail(
                    err, GL_EINVAL, r->name,
                    "文件为 UTF-16 编码, 请另存为 UTF-8 或 GB18030 的 CSV (UTF-16 is not "
                    "supported: save as UTF-8 or GB18030 CSV)");
        bool utf8_bom = starts_with(sc.head, sc.nhead, "\xEF\xBB\xBF", 3);
        if (enc == CSV_ENCODING_GB18030 && utf8_bom)
                return gl_fail(
                    err, GL_EINVAL, r->name,
                    "文件带有 UTF-8 字节顺序标记, 却指定了 GB18030 (the file has a UTF-8 "
                    "byte-order mark but gb18030 was requested)");
        if (sc.nul_line)
                return fail_at(err, r->name, sc.nul_line,
                               "文件含有 NUL 字节, 不是文本 CSV (NUL byte: not a text CSV file)");
        if (enc == CSV_ENCODING_UTF8 || (enc == CSV_ENCODING_AUTO && sc.utf8)) {
                if (!sc.utf8)
                        return fail_at(
                            err, r->name, sc.invalid_line ? sc.invalid_line : 1,
                            "不是有效的 UTF-8 (not valid UTF-8; try --encoding gb18030)");
                r->enc = CSV_ENCODING_UTF8;
                r->skip = utf8_bom ? 3 : 0;
        } else {
                /* Converted once to the end, so that an invalid sequence is found before any
                 * record is read. */
                r->enc = CSV_ENCODING_GB18030;
                r->cd = iconv_open("UTF-8", "GB18030");
                if (r->cd == (iconv_t)-1)
                        return gl_fail(err, GL_EIO, r->name,
                                       "无法转换编码 (cannot convert from GB18030)");
                if (source_rewind(r) != GL_OK)
                        return gl_fail(err, GL_EIO, r->name, "无法读取文件 %s", r->name);
                struct gl_error e = {0};
                r->strip_feff = true;
                while (rc == GL_OK && !r->src_eof) {
                        rc = refill(r, &e);
                        r->pos = r->len; /* dropped: only its validity counts now */
                }
                if (rc != GL_OK) {
                        if (enc == CSV_ENCODING_GB18030 || rc != GL_EINVAL) {
                                *err = e;
                                return rc;
                        }
                        return fail_at(err, r->name, sc.invalid_line ? sc.invalid_line : 1,
                                       "既不是 UTF-8 也不是 GB18030 编码 (neither UTF-8 nor "
                                       "GB18030)");
                }
                converted = r->before + r->len;
                iconv(r->cd, NULL, NULL, NULL, NULL);
                r->src_eof = false;
                r->ncarry = 0;
                r->raw_lines = 0;
                r->pos = r->len = r->before = 0;
                r->text[0] = '\0';
                r->strip_feff = true;
        }
        r->total = r->enc == CSV_ENCODING_GB18030 ? converted : sc.size - r->skip;
        if (source_rewind(r) != GL_OK)
                return gl_fail(err, GL_EIO, r->name, "无法读取文件 %s", r->name);
        char mark[3];
        if (r->skip && source_read(r, mark, r->skip) != (ssize_t)r->skip)
                return gl_fail(err, GL_EIO, r->name, "无法读取文件 %s", r->name);
        return GL_OK;
}

static int new_reader(const char *name, struct csv_reader **out, struct gl_error *err)
{
        struct csv_reader *r = calloc(1, sizeof(*r));
        char *text = malloc(CHUNK + 1);
        if (r == NULL || text == NULL) {
                free(r);
                free(text);
                return gl_fail(err, GL_ENOMEM, name, "out of memory");
        }
        snprintf(r->name, sizeof(r->name), "%s", name);
        r->cd = (iconv_t)-1;
        r->text = text;
        r->cap = CHUNK;
        r->text[0] = '\0';
        *out = r;
        return GL_OK;
}

int csv_open_memory(const char *data, size_t len, const char *name, enum csv_encoding enc,
                    struct csv_reader **out, struct gl_error *err)
{
        struct csv_reader *r = NULL;
        int rc = new_reader(name ? name : "-", &r, err);
        if (rc != GL_OK)
                return rc;
        r->mem = malloc(len + 1);
        if (r->mem == NULL) {
                csv_close(r);
                return gl_fail(err, GL_ENOMEM, name ? name : "-", "out of memory");
        }
        memcpy(r->mem, data, len);
        r->mem_len = len;
        if ((rc = open_source(r, enc, err)) != GL_OK) {
                csv_close(r);
                return rc;
        }
        *out = r;
        return GL_OK;
}

int csv_open_file(const char *path, const char *name, enum csv_encoding enc,
                  struct csv_reader **out, struct gl_error *err)
{
        if (name == NULL)
                name = path;
        FILE *f = fopen(path, "rbe");
        if (f == NULL)
                return gl_fail(err, GL_EIO, name, "无法打开文件 %s: %s (cannot open)", name,
                               strerror(errno));
        struct csv_reader *r = NULL;
        int rc = new_reader(name, &r, err);
        if (rc != GL_OK) {
                fclose(f);
                return rc;
        }
        r->f = f;
        if ((rc = open_source(r, enc, err)) != GL_OK) {
                csv_close(r);
                return rc;
        }
        *out = r;
        return GL_OK;
}

void csv_close(struct csv_reader *r)
{
        if (r == NULL)
                return;
        if (r->f)
                fclose(r->f);
        if (r->cd != (iconv_t)-1)
                iconv_close(r->cd);
        free(r->mem);
        free(r->text);
        free(r->fields);
        free(r);
}

static int push_field(struct csv_reader *r, size_t n, char *field)
{
        if (n == r->fcap) {
                size_t cap = r->fcap ? r->fcap * 2 : 16;
                char **bigger = realloc(r->fields, cap * sizeof(*bigger));
                if (bigger == NULL)
                        return GL_ENOMEM;
                r->fields = bigger;
                r->fcap = cap;
        }
        r->fields[n] = field;
        return GL_OK;
}

/* Consumes a line end at r->pos (CRLF, LF or a lone CR) if there is one. */
static bool eat_line_end(struct csv_reader *r)
{
        char *t = r->text;
        if (t[r->pos] == '\r') {
                r->pos += t[r->pos + 1] == '\n' ? 2 : 1;
        } else if (t[r->pos] == '\n') {
                r->pos++;
        } else {
                return false;
        }
        r->line++;
        return true;
}

static int parse_fail(struct csv_reader *r, int64_t line, struct gl_error *err, const char *message)
{
        r->error_line = line;
        return fail_at(err, r->name, line, message);
}

/* Parses a quoted field starting at the opening quote; leaves r->pos after the closing quote and
 * *end where the field's terminating NUL goes. */
static int quoted_field(struct csv_reader *r, size_t *end, struct gl_error *err)
{
        char *t = r->text;
        int64_t opened = r->line;
        size_t w = r->pos;
        r->pos++;
        for (;;) {
                if (r->pos >= r->len)
                        return parse_fail(r, opened, err,
                                          "引号未闭合 (quote opened here is never closed)");
                char c = t[r->pos];
                if (c == '"') {
                        if (t[r->pos + 1] != '"') {
                                r->pos++;
                                break;
                        }
                        r->pos++;
                } else if (c == '\n' || (c == '\r' && t[r->pos + 1] != '\n')) {
                        r->line++;
                }
                t[w++] = c;
                r->pos++;
        }
        char next = t[r->pos];
        if (next != ',' && next != '\r' && next != '\n' && next != '\0')
                return parse_fail(r, r->line, err, "右引号后还有字符 (text after a closing quote)");
        *end = w;
        return GL_OK;
}

int csv_next(struct csv_reader *r, struct csv_record *rec, struct gl_error *err)
{
        /* Empty lines are skipped, reading on as the window runs out; then the whole record is
         * brought into the window before it is parsed in place. */
        for (;;) {
                if (r->pos + 1 >= r->len && !r->src_eof) {
                        int rc = refill(r, err);
                        if (rc != GL_OK)
                                return rc;
                        continue;
                }
                if (r->pos >= r->len || !eat_line_end(r))
                        break;
        }
        if (r->pos >= r->len)
                return 0;
        int rc = need_record(r, err);
        if (rc != GL_OK)
                return rc;
        char *t = r->text;
        int64_t start_line = r->line;
        size_t n = 0;
        for (;;) {
                size_t field = r->pos, end = r->pos;
                if (t[r->pos] == '"') {
                        if ((rc = quoted_field(r, &end, err)) != GL_OK)
                                return rc;
                } else {
                        while (t[r->pos] != ',' && t[r->pos] != '\r' && t[r->pos] != '\n' &&
                               t[r->pos] != '\0') {
                                if (t[r->pos] == '"')
                                        return parse_fail(
                                            r, r->line, err,
                                            "未加引号的字段中有引号 (a quote inside an unquoted "
                                            "field; quote the whole field and double the quote)");
                                r->pos++;
                        }
                        end = r->pos;
                }
                if (push_field(r, n, t + field) != GL_OK)
                        return gl_fail(err, GL_ENOMEM, r->name, "out of memory");
                n++;
                char delim = t[r->pos];
                if (delim == ',') {
                        t[end] = '\0';
                        r->pos++;
                        continue;
                }
                if (delim != '\0')
                        eat_line_end(r);
                t[end] = '\0';
                break;
        }
        rec->line = start_line;
        rec->nfields = n;
        rec->fields = r->fields;
        return 1;
}

enum csv_encoding csv_encoding_used(const struct csv_reader *r)
{
        return r->enc;
}

const char *csv_digest(const struct csv_reader *r)
{
        return r->digest;
}

size_t csv_bytes_done(const struct csv_reader *r)
{
        return r->before + r->pos;
}

size_t csv_bytes_total(const struct csv_reader *r)
{
        return r->total;
}

int64_t csv_error_line(const struct csv_reader *r)
{
        return r->error_line;
}

const char *csv_name(const struct csv_reader *r)
{
        return r->name;
}

/*
 * The CSV reader of csv.h. Opening reads the whole file, digests it, checks or converts its
 * encoding to UTF-8 and keeps the text in one NUL-terminated buffer. csv_next parses records in
 * place: quoted fields are unescaped over their own bytes (the result is never longer than the
 * source) and each field is NUL-terminated where its delimiter or closing quote was, so no field is
 * copied.
 */
#include "csv.h"

#include <errno.h>
#include <iconv.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct csv_reader {
        char name[256];
        enum csv_encoding enc;
        char digest[65];
        char *text; /* UTF-8, NUL-terminated */
        size_t len;
        size_t pos;
        int64_t line;       /* physical line at pos */
        int64_t error_line; /* line of the last parse error */
        char **fields;
        size_t cap;
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

/* 1-based line of byte offset off in data. */
static int64_t line_at(const char *data, size_t off)
{
        int64_t line = 1;
        for (size_t i = 0; i < off; i++)
                if (data[i] == '\n')
                        line++;
        return line;
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

/* Converts GB18030 bytes to a new UTF-8 buffer. On an invalid sequence sets *bad to its offset. */
static int gb18030_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad)
{
        iconv_t cd = iconv_open("UTF-8", "GB18030");
        if (cd == (iconv_t)-1)
                return GL_EIO;
        size_t cap = len * 2 + 16;
        char *buf = malloc(cap);
        if (buf == NULL) {
                iconv_close(cd);
                return GL_ENOMEM;
        }
        char *src = (char *)in, *dst = buf;
        size_t src_left = len, dst_left = cap - 1;
        int rc = GL_OK;
        if (iconv(cd, &src, &src_left, &dst, &dst_left) == (size_t)-1) {
                *bad = (size_t)(src - in);
                rc = errno == E2BIG ? GL_ENOMEM : GL_EINVAL;
        }
        iconv_close(cd);
        if (rc != GL_OK) {
                free(buf);
                return rc;
        }
        *dst = '\0';
        *out = buf;
        *out_len = (size_t)(dst - buf);
        return GL_OK;
}

static void digest_hex(const char *data, size_t len, char out[65])
{
        unsigned char h[32];
        crypto_generichash(h, sizeof(h), (const unsigned char *)data, len, NULL, 0);
        gl_hex_encode(h, sizeof(h), out);
}

static bool starts_with(const char *data, size_t len, const char *prefix, size_t n)
{
        return len >= n && memcmp(data, prefix, n) == 0;
}

/* Takes ownership of raw (len bytes, with one spare byte allocated after them). */
static int open_buffer(char *raw, size_t len, const char *name, enum csv_encoding enc,
                       struct csv_reader **out, struct gl_error *err)
{
        int rc = GL_OK;
        struct csv_reader *r = calloc(1, sizeof(*r));
        if (r == NULL) {
                free(raw);
                return gl_fail(err, GL_ENOMEM, name, "out of memory");
        }
        snprintf(r->name, sizeof(r->name), "%s", name);
        digest_hex(raw, len, r->digest);
        r->line = 1;

        if (starts_with(raw, len, "\xFF\xFE", 2) || starts_with(raw, len, "\xFE\xFF", 2)) {
                rc = gl_fail(err, GL_EINVAL, name,
                             "文件为 UTF-16 编码, 请另存为 UTF-8 或 GB18030 的 CSV (UTF-16 is not "
                             "supported: save as UTF-8 or GB18030 CSV)");
                goto fail;
        }
        bool utf8_bom = starts_with(raw, len, "\xEF\xBB\xBF", 3);
        if (enc == CSV_ENCODING_GB18030 && utf8_bom) {
                rc = gl_fail(err, GL_EINVAL, name,
                             "文件带有 UTF-8 字节顺序标记, 却指定了 GB18030 (the file has a UTF-8 "
                             "byte-order mark but gb18030 was requested)");
                goto fail;
        }
        size_t skip = utf8_bom ? 3 : 0;
        size_t valid = utf8_valid_prefix((unsigned char *)raw + skip, len - skip) + skip;
        if (memchr(raw, '\0', len) != NULL) {
                size_t at = (size_t)((char *)memchr(raw, '\0', len) - raw);
                rc = fail_at(err, name, line_at(raw, at),
                             "文件含有 NUL 字节, 不是文本 CSV (NUL byte: not a text CSV file)");
                goto fail;
        }
        if (enc == CSV_ENCODING_UTF8 || (enc == CSV_ENCODING_AUTO && valid == len)) {
                if (valid != len) {
                        rc = fail_at(err, name, line_at(raw, valid),
                                     "不是有效的 UTF-8 (not valid UTF-8; try --encoding gb18030)");
                        goto fail;
                }
                memmove(raw, raw + skip, len - skip);
                r->len = len - skip;
                r->text = raw;
                r->text[r->len] = '\0';
                r->enc = CSV_ENCODING_UTF8;
                raw = NULL;
        } else {
                size_t bad = 0;
                rc = gb18030_to_utf8(raw, len, &r->text, &r->len, &bad);
                if (rc == GL_EINVAL) {
                        if (enc == CSV_ENCODING_GB18030)
                                fail_at(err, name, line_at(raw, bad),
                                        "不是有效的 GB18030 (not valid GB18030)");
                        else
                                fail_at(err, name, line_at(raw, valid),
                                        "既不是 UTF-8 也不是 GB18030 编码 (neither UTF-8 nor "
                                        "GB18030)");
                        goto fail;
                }
                if (rc != GL_OK) {
                        gl_fail(err, rc, name, "无法转换编码 (cannot convert from GB18030)");
                        goto fail;
                }
                /* A GB18030 byte-order mark (84 31 95 33) converts to U+FEFF. */
                if (starts_with(r->text, r->len, "\xEF\xBB\xBF", 3)) {
                        memmove(r->text, r->text + 3, r->len - 3 + 1);
                        r->len -= 3;
                }
                r->enc = CSV_ENCODING_GB18030;
        }
        free(raw);
        *out = r;
        return GL_OK;
fail:
        free(raw);
        csv_close(r);
        return rc;
}

int csv_open_memory(const char *data, size_t len, const char *name, enum csv_encoding enc,
                    struct csv_reader **out, struct gl_error *err)
{
        char *raw = malloc(len + 1);
        if (raw == NULL)
                return gl_fail(err, GL_ENOMEM, name, "out of memory");
        memcpy(raw, data, len);
        return open_buffer(raw, len, name ? name : "-", enc, out, err);
}

int csv_open_file(const char *path, const char *name, enum csv_encoding enc,
                  struct csv_reader **out, struct gl_error *err)
{
        if (name == NULL)
                name = path;
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                return gl_fail(err, GL_EIO, name, "无法打开文件 %s: %s (cannot open)", name,
                               strerror(errno));
        size_t cap = 1 << 16, len = 0;
        char *raw = malloc(cap);
        while (raw != NULL) {
                if (len + 1 == cap) {
                        char *bigger = realloc(raw, cap * 2);
                        if (bigger == NULL) {
                                free(raw);
                                raw = NULL;
                                break;
                        }
                        raw = bigger;
                        cap *= 2;
                }
                size_t n = fread(raw + len, 1, cap - 1 - len, f);
                len += n;
                if (n == 0)
                        break;
        }
        bool failed = raw == NULL || ferror(f);
        int saved = errno;
        fclose(f);
        if (raw == NULL)
                return gl_fail(err, GL_ENOMEM, name, "文件过大, 内存不足 (out of memory)");
        if (failed) {
                free(raw);
                return gl_fail(err, GL_EIO, name, "无法读取文件 %s: %s (cannot read)", name,
                               strerror(saved));
        }
        return open_buffer(raw, len, name, enc, out, err);
}

void csv_close(struct csv_reader *r)
{
        if (r == NULL)
                return;
        free(r->text);
        free(r->fields);
        free(r);
}

static int push_field(struct csv_reader *r, size_t n, char *field)
{
        if (n == r->cap) {
                size_t cap = r->cap ? r->cap * 2 : 16;
                char **bigger = realloc(r->fields, cap * sizeof(*bigger));
                if (bigger == NULL)
                        return GL_ENOMEM;
                r->fields = bigger;
                r->cap = cap;
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
        char *t = r->text;
        while (r->pos < r->len && eat_line_end(r))
                ;
        if (r->pos >= r->len)
                return 0;
        int64_t start_line = r->line;
        size_t n = 0;
        for (;;) {
                size_t field = r->pos, end = r->pos;
                if (t[r->pos] == '"') {
                        int rc = quoted_field(r, &end, err);
                        if (rc != GL_OK)
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
        return r->pos;
}

size_t csv_bytes_total(const struct csv_reader *r)
{
        return r->len;
}

int64_t csv_error_line(const struct csv_reader *r)
{
        return r->error_line;
}

const char *csv_name(const struct csv_reader *r)
{
        return r->name;
}

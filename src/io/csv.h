/*
 * Reading CSV files as RFC 4180 describes them: fields separated by commas, records by CRLF or LF,
 * fields optionally in double quotes, inside which commas, line breaks and doubled quotes ("")
 * stand for themselves. Each record carries the physical line number on which it starts, so that
 * an error can name FILE:LINE even when an earlier field spans lines.
 *
 * Encodings: the file is converted to UTF-8 before it is parsed. UTF-8 with or without a byte-order
 * mark is read as is; a file that is not valid UTF-8 is converted from GB18030 (the encoding Excel
 * uses for CSV on Chinese Windows) with iconv, unless an encoding is forced. Completely empty lines
 * are skipped.
 *
 * The file is read twice, a chunk at a time: once to digest it and check its encoding, then record
 * by record through a window that holds one whole record at least; fields point into that window.
 * Ownership: csv_open_* return a reader freed by csv_close (accepts NULL). The fields of a record
 * are valid until the next csv_next or csv_close.
 */
#ifndef GL_CSV_H
#define GL_CSV_H

#include <stddef.h>
#include <stdint.h>

#include "../core/gl.h"

enum csv_encoding {
        CSV_ENCODING_AUTO = 0, /* UTF-8 when valid, else GB18030 */
        CSV_ENCODING_UTF8,
        CSV_ENCODING_GB18030,
};

/* "utf-8" / "utf8" and "gb18030" / "gbk" (GBK is a subset of GB18030), any case. GL_EINVAL
 * otherwise. */
int csv_encoding_from_name(const char *name, enum csv_encoding *out);
/* "utf-8", "gb18030", or "auto". */
const char *csv_encoding_name(enum csv_encoding enc);

struct csv_reader;

struct csv_record {
        int64_t line;   /* physical line (1-based) on which the record starts */
        size_t nfields; /* at least 1 */
        char **fields;  /* UTF-8, NUL-terminated, owned by the reader */
};

/*
 * Reads the file at path and converts it to UTF-8. name is how errors name the file (the path when
 * NULL). Fails with GL_EIO when the file cannot be read, GL_EINVAL (err->field "FILE:LINE") when it
 * is not in the encoding given, or in neither UTF-8 nor GB18030.
 */
int csv_open_file(const char *path, const char *name, enum csv_encoding enc,
                  struct csv_reader **out, struct gl_error *err);
/* The same over bytes in memory (copied). */
int csv_open_memory(const char *data, size_t len, const char *name, enum csv_encoding enc,
                    struct csv_reader **out, struct gl_error *err);
void csv_close(struct csv_reader *r);

/*
 * Reads the next record into rec. Returns 1 when a record was read, 0 at the end of the file, or
 * GL_EINVAL with err->field "FILE:LINE" for a malformed record (a quote left open, text after a
 * closing quote, a quote inside an unquoted field); reading stops there.
 */
int csv_next(struct csv_reader *r, struct csv_record *rec, struct gl_error *err);

/* The encoding the file was read in (never CSV_ENCODING_AUTO once open). */
enum csv_encoding csv_encoding_used(const struct csv_reader *r);
/* BLAKE2b-256 of the file's bytes as they were read, before any conversion, in lowercase hex. */
const char *csv_digest(const struct csv_reader *r);
/* How far parsing has come, in bytes of the UTF-8 text (after a byte-order mark), and its total
 * (for GB18030, what the conversion at opening made). */
size_t csv_bytes_done(const struct csv_reader *r);
size_t csv_bytes_total(const struct csv_reader *r);
/* The line a csv_next error concerns. */
int64_t csv_error_line(const struct csv_reader *r);
/* The name errors use for the file. */
const char *csv_name(const struct csv_reader *r);

#endif

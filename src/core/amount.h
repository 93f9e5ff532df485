/*
 * Exact decimal amounts: money in yuan (元) held as integer fen (分, 2 decimals) and mass in tonnes
 * (吨) held as integer grams (6 decimals). Text is parsed digit by digit into int64_t, never
 * through floating point, so "0.1" + "0.2" tonnes is exactly 300000 g.
 *
 * Accepted text: digits, optionally a point and up to the unit's number of decimals ("1234.56",
 * "0.1", "7"). Thousands separators are accepted only when every group after the first has exactly
 * three digits and the first has one to three ("1,234,567.89"); any other comma is refused, so
 * "1,23" is never read as 123 or 1.23. Refused, each with its reason: empty text, a sign (negative
 * amounts are not figures), spaces, exponents, more decimals than the unit holds (no rounding),
 * and values beyond int64_t.
 */
#ifndef GL_AMOUNT_H
#define GL_AMOUNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "gl.h"

#define GL_YUAN_DECIMALS 2  /* fen */
#define GL_TONNE_DECIMALS 6 /* grams */

/*
 * Parses text with at most `decimals` decimals into an integer scaled by 10^decimals. On failure
 * returns GL_EINVAL and fills err (may be NULL) with field and the reason; *out is untouched.
 */
int amount_parse(const char *text, int decimals, const char *field, int64_t *out,
                 struct gl_error *err);

/* Yuan to fen; tonnes to grams. */
int amount_parse_yuan(const char *text, const char *field, int64_t *fen, struct gl_error *err);
int amount_parse_tonnes(const char *text, const char *field, int64_t *grams, struct gl_error *err);

/*
 * Writes value / 10^decimals as text into buf: every decimal when trim is false ("1234.50"),
 * trailing zeros and a bare point dropped when trim is true ("0.3", "12"). Negative values get a
 * '-'. GL_AMOUNT_NONE (INT64_MIN) is written as "". decimals is 0 to 18. Returns buf; truncates to
 * size like snprintf.
 */
char *amount_format(int64_t value, int decimals, bool trim, char *buf, size_t size);

/* amount_format for yuan with two decimals, and for tonnes trimmed. buf of at least 32 bytes. */
char *amount_format_yuan(int64_t fen, char *buf, size_t size);
char *amount_format_tonnes(int64_t grams, char *buf, size_t size);

#endif

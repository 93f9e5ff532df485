/*
 * Parsing and formatting of exact decimal amounts (amount.h). Digits are accumulated into an
 * int64_t with an overflow check at every step; the scale is applied by appending the missing
 * decimal zeros, also checked.
 */
#include "amount.h"

#include "enterprise.h"

#include <stdio.h>
#include <string.h>

static bool is_digit(char c)
{
        return c >= '0' && c <= '9';
}

/* value = value * 10 + digit, false on overflow. */
static bool push_digit(int64_t *value, int digit)
{
        if (*value > (INT64_MAX - digit) / 10)
                return false;
        *value = *value * 10 + digit;
        return true;
}

/* Checks the placement of thousands separators in the integer part [s, end). */
static bool separators_well_placed(const char *s, const char *end)
{
        const char *comma = memchr(s, ',', (size_t)(end - s));
        if (comma == NULL)
                return true;
        size_t first = (size_t)(comma - s);
        if (first < 1 || first > 3)
                return false;
        for (const char *p = comma; p < end; p += 4) {
                if (*p != ',' || end - p < 4)
                        return false;
                for (int i = 1; i <= 3; i++)
                        if (!is_digit(p[i]))
                                return false;
        }
        return true;
}

int amount_parse(const char *text, int decimals, const char *field, int64_t *out,
                 struct gl_error *err)
{
        if (text == NULL || text[0] == '\0')
                return gl_fail(err, GL_EINVAL, field, "数值为空 (empty amount)");
        if (text[0] == '-')
                return gl_fail(err, GL_EINVAL, field,
                               "不接受负数 '%s' (negative amounts are refused)", text);
        const char *point = strchr(text, '.');
        const char *int_end = point ? point : text + strlen(text);
        for (const char *p = text; *p; p++) {
                if (is_digit(*p) || *p == ',' || p == point)
                        continue;
                if (*p == '.')
                        return gl_fail(err, GL_EINVAL, field,
                                       "'%s' 含有多个小数点 (more than one decimal point)", text);
                if (*p == '+')
                        return gl_fail(err, GL_EINVAL, field, "'%s' 不接受正负号 (no sign allowed)",
                                       text);
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 不是数值: 只能包含数字、小数点和千位分隔符 (not a number: "
                               "digits, a decimal point and thousands separators only)",
                               text);
        }
        if (int_end == text)
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 小数点前缺少数字 (no digit before the decimal point)", text);
        if (point && memchr(point, ',', strlen(point)))
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 小数部分不能有逗号 (comma in the decimals)", text);
        if (!separators_well_placed(text, int_end))
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 千位分隔符位置不对 (thousands separators must group three "
                               "digits)",
                               text);
        size_t ndec = point ? strlen(point + 1) : 0;
        if (point && ndec == 0)
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 小数点后缺少数字 (no digit after the decimal point)", text);
        if (ndec > (size_t)decimals)
                return gl_fail(err, GL_EINVAL, field,
                               "'%s' 小数位数过多: 最多 %d 位, 不做四舍五入 (too many decimals: at "
                               "most %d, no rounding)",
                               text, decimals, decimals);
        int64_t value = 0;
        bool ok = true;
        for (const char *p = text; *p && ok; p++)
                if (is_digit(*p))
                        ok = push_digit(&value, *p - '0');
        for (size_t i = ndec; i < (size_t)decimals && ok; i++)
                ok = push_digit(&value, 0);
        if (!ok)
                return gl_fail(err, GL_EINVAL, field, "'%s' 数值过大 (amount too large)", text);
        *out = value;
        return GL_OK;
}

int amount_parse_yuan(const char *text, const char *field, int64_t *fen, struct gl_error *err)
{
        return amount_parse(text, GL_YUAN_DECIMALS, field, fen, err);
}

int amount_parse_tonnes(const char *text, const char *field, int64_t *grams, struct gl_error *err)
{
        return amount_parse(text, GL_TONNE_DECIMALS, field, grams, err);
}

char *amount_format(int64_t value, int decimals, bool trim, char *buf, size_t size)
{
        if (size == 0)
                return buf;
        if (value == GL_AMOUNT_NONE) {
                buf[0] = '\0';
                return buf;
        }
        bool negative = value < 0;
        uint64_t magnitude = negative ? (uint64_t)0 - (uint64_t)value : (uint64_t)value;
        if (decimals < 0 || decimals > 18)
                decimals = 0;
        uint64_t scale = 1;
        for (int i = 0; i < decimals; i++)
                scale *= 10;
        char frac[20] = ""; /* '.', up to 18 digits, NUL */
        uint64_t rest = magnitude % scale;
        int n = decimals;
        if (trim)
                for (; n > 0 && rest % 10 == 0; n--)
                        rest /= 10;
        if (n > 0) {
                frac[0] = '.';
                for (int i = n; i >= 1; i--) {
                        frac[i] = (char)('0' + rest % 10);
                        rest /= 10;
                }
                frac[n + 1] = '\0';
        }
        /* "-", the integer digits, then frac; cut at size - 1 bytes as snprintf would. */
        char text[48];
        size_t len = sizeof(text) - strlen(frac);
        memcpy(text + len, frac, strlen(frac));
        uint64_t whole = magnitude / scale;
        do {
                text[--len] = (char)('0' + whole % 10);
                whole /= 10;
        } while (whole > 0);
        if (negative)
                text[--len] = '-';
        size_t n_out = sizeof(text) - len < size - 1 ? sizeof(text) - len : size - 1;
        memcpy(buf, text + len, n_out);
        buf[n_out] = '\0';
        return buf;
}

char *amount_format_yuan(int64_t fen, char *buf, size_t size)
{
        return amount_format(fen, GL_YUAN_DECIMALS, false, buf, size);
}

char *amount_format_tonnes(int64_t grams, char *buf, size_t size)
{
        return amount_format(grams, GL_TONNE_DECIMALS, true, buf, size);
}

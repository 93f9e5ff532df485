/*
 * Validation of unified social credit codes (GB 32100-2015) and of the organization code they embed
 * (GB 11714-1997). See uscc.h for the layout of a code.
 */
#include "uscc.h"

#include <string.h>

static const char alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY"; /* 31 characters */

/* Weight of position i (0-based) is 3^i mod 31. */
static const int uscc_weights[17] = {1,  3,  9,  27, 19, 26, 16, 17, 20,
                                     29, 25, 13, 8,  24, 10, 30, 28};

static const int org_weights[8] = {3, 7, 9, 10, 5, 8, 4, 2};

/* Value of c in the USCC alphabet, or -1: a table of the 256 bytes (the alphabet's values plus
 * one, 0 for a byte outside it), read once a character instead of searching the alphabet. */
static const unsigned char alphabet_plus_one[256] = {
    ['0'] = 1,  ['1'] = 2,  ['2'] = 3,  ['3'] = 4,  ['4'] = 5,  ['5'] = 6,  ['6'] = 7,  ['7'] = 8,
    ['8'] = 9,  ['9'] = 10, ['A'] = 11, ['B'] = 12, ['C'] = 13, ['D'] = 14, ['E'] = 15, ['F'] = 16,
    ['G'] = 17, ['H'] = 18, ['J'] = 19, ['K'] = 20, ['L'] = 21, ['M'] = 22, ['N'] = 23, ['P'] = 24,
    ['Q'] = 25, ['R'] = 26, ['T'] = 27, ['U'] = 28, ['W'] = 29, ['X'] = 30, ['Y'] = 31,
};

static int alphabet_value(char c)
{
        return (int)alphabet_plus_one[(unsigned char)c] - 1;
}

char uscc_check_char(const char *first17)
{
        int sum = 0;
        for (int i = 0; i < 17; i++) {
                int v = alphabet_value(first17[i]);
                if (v < 0)
                        return 0;
                sum += v * uscc_weights[i];
        }
        return alphabet[(31 - sum % 31) % 31];
}

/* Value of c in GB 11714 (0-9 then A-Z as 10-35), or -1. */
static int org_value(char c)
{
        if (c >= '0' && c <= '9')
                return c - '0';
        if (c >= 'A' && c <= 'Z')
                return c - 'A' + 10;
        return -1;
}

char uscc_org_check_char(const char *first8)
{
        int sum = 0;
        for (int i = 0; i < 8; i++) {
                int v = org_value(first8[i]);
                if (v < 0)
                        return 0;
                sum += v * org_weights[i];
        }
        int c = 11 - sum % 11;
        if (c == 10)
                return 'X';
        if (c == 11)
                return '0';
        return (char)('0' + c);
}

bool uscc_is_valid(const char *s, struct gl_error *err)
{
        if (s == NULL || s[0] == '\0') {
                gl_fail(err, GL_EINVAL, "uscc", "统一社会信用代码为空 (USCC is empty)");
                return false;
        }
        size_t len = strlen(s);
        if (len != GL_USCC_LEN) {
                gl_fail(err, GL_EINVAL, "uscc",
                        "统一社会信用代码应为 18 位, 实为 %zu 位 (USCC must have 18 characters, "
                        "has %zu)",
                        len, len);
                return false;
        }
        for (size_t i = 0; i < len; i++) {
                char c = s[i];
                if (alphabet_value(c) >= 0)
                        continue;
                if (c >= 'a' && c <= 'z')
                        gl_fail(err, GL_EINVAL, "uscc",
                                "第 %zu 位 '%c' 为小写字母, 应使用大写 (character %zu is lower "
                                "case; codes are upper case)",
                                i + 1, c, i + 1);
                else if (c == 'I' || c == 'O' || c == 'Z' || c == 'S' || c == 'V')
                        gl_fail(err, GL_EINVAL, "uscc",
                                "第 %zu 位 '%c' 不在代码字符集内 (I、O、Z、S、V 不使用) (character "
                                "%zu '%c' is not in the USCC alphabet)",
                                i + 1, c, i + 1, c);
                else
                        gl_fail(err, GL_EINVAL, "uscc",
                                "第 %zu 位不是数字或大写字母 (character %zu is not a digit or an "
                                "upper-case letter)",
                                i + 1, i + 1);
                return false;
        }
        for (int i = 2; i < 8; i++) {
                if (s[i] < '0' || s[i] > '9') {
                        gl_fail(err, GL_EINVAL, "uscc",
                                "第 3-8 位行政区划码应为数字 (positions 3-8, the division code, "
                                "must be digits)");
                        return false;
                }
        }
        char org = uscc_org_check_char(s + 8);
        if (org != s[16]) {
                gl_fail(err, GL_EINVAL, "uscc",
                        "第 9-17 位组织机构代码校验位错误: 应为 '%c', 实为 '%c' (organization "
                        "code check character should be '%c')",
                        org, s[16], org);
                return false;
        }
        char check = uscc_check_char(s);
        if (check != s[17]) {
                gl_fail(err, GL_EINVAL, "uscc",
                        "校验码错误: 第 18 位应为 '%c', 实为 '%c' (check character should be "
                        "'%c', is '%c')",
                        check, s[17], check, s[17]);
                return false;
        }
        return true;
}

bool uscc_division_code(const char *s, char out[static 7])
{
        if (!uscc_is_valid(s, NULL))
                return false;
        memcpy(out, s + 2, 6);
        out[6] = '\0';
        return true;
}

bool uscc_key_of(const char *s, unsigned tag, struct uscc_key *out)
{
        if (tag >= 1u << USCC_KEY_TAG_BITS)
                return false;
        uint32_t w[3] = {0, 0, 0};
        for (int i = 0; i < 17; i++) {
                int v = alphabet_value(s[i]);
                if (v < 0)
                        return false;
                w[i / 6] = w[i / 6] << 5 | (uint32_t)v;
        }
        if (s[17] != uscc_check_char(s) || s[GL_USCC_LEN] != '\0')
                return false;
        out->w[0] = w[0];
        out->w[1] = w[1];
        out->w[2] = w[2] << USCC_KEY_TAG_BITS | tag;
        return true;
}

unsigned uscc_key_text(const struct uscc_key *key, char out[static GL_USCC_LEN + 1])
{
        uint32_t w[3] = {key->w[0], key->w[1], key->w[2] >> USCC_KEY_TAG_BITS};
        for (int i = 16; i >= 0; i--) {
                out[i] = alphabet[w[i / 6] & 31u];
                w[i / 6] >>= 5;
        }
        out[17] = uscc_check_char(out);
        out[GL_USCC_LEN] = '\0';
        return uscc_key_tag(key);
}

unsigned uscc_key_tag(const struct uscc_key *key)
{
        return key->w[2] & ((1u << USCC_KEY_TAG_BITS) - 1);
}

int uscc_key_code_cmp(const struct uscc_key *a, const struct uscc_key *b)
{
        struct uscc_key x = *a, y = *b;
        x.w[2] >>= USCC_KEY_TAG_BITS;
        y.w[2] >>= USCC_KEY_TAG_BITS;
        return uscc_key_cmp(&x, &y);
}

int uscc_key_cmp(const struct uscc_key *a, const struct uscc_key *b)
{
        for (int i = 0; i < 3; i++)
                if (a->w[i] != b->w[i])
                        return a->w[i] < b->w[i] ? -1 : 1;
        return 0;
}

/*
 * The division codes of division.h: the level is read from which two-digit parts are zero.
 */
#include "division.h"

#include <string.h>

static bool digits(const char *s, size_t n)
{
        for (size_t i = 0; i < n; i++)
                if (s[i] < '0' || s[i] > '9')
                        return false;
        return s[n] == '\0';
}

static bool zero_pair(const char *s)
{
        return s[0] == '0' && s[1] == '0';
}

enum division_level division_level(const char *code)
{
        if (code == NULL || !digits(code, DIVISION_LEN))
                return DIVISION_INVALID;
        int province = (code[0] - '0') * 10 + (code[1] - '0');
        if (province < 11 || province > 82)
                return DIVISION_INVALID;
        if (zero_pair(code + 2))
                return zero_pair(code + 4) ? DIVISION_PROVINCE : DIVISION_INVALID;
        return zero_pair(code + 4) ? DIVISION_CITY : DIVISION_COUNTY;
}

const char *division_level_zh(enum division_level level)
{
        switch (level) {
        case DIVISION_PROVINCE:
                return "省";
        case DIVISION_CITY:
                return "市";
        case DIVISION_COUNTY:
                return "县";
        case DIVISION_INVALID:
                break;
        }
        return "";
}

const char *division_level_name(enum division_level level)
{
        switch (level) {
        case DIVISION_PROVINCE:
                return "province";
        case DIVISION_CITY:
                return "city";
        case DIVISION_COUNTY:
                return "county";
        case DIVISION_INVALID:
                break;
        }
        return "";
}

bool division_prefix(const char *jurisdiction, char out[static DIVISION_LEN + 1])
{
        size_t n = 0;
        switch (division_level(jurisdiction)) {
        case DIVISION_PROVINCE:
                n = 2;
                break;
        case DIVISION_CITY:
                n = 4;
                break;
        case DIVISION_COUNTY:
                n = 6;
                break;
        case DIVISION_INVALID:
                out[0] = '\0';
                return false;
        }
        memcpy(out, jurisdiction, n);
        out[n] = '\0';
        return true;
}

bool division_covers(const char *jurisdiction, const char *code)
{
        char prefix[DIVISION_LEN + 1];
        return division_valid(code) && division_prefix(jurisdiction, prefix) &&
               strncmp(prefix, code, strlen(prefix)) == 0;
}

static bool up_to(const char *code, size_t keep, char out[static DIVISION_LEN + 1])
{
        if (!division_valid(code)) {
                out[0] = '\0';
                return false;
        }
        memcpy(out, code, keep);
        memset(out + keep, '0', DIVISION_LEN - keep);
        out[DIVISION_LEN] = '\0';
        return true;
}

bool division_city_of(const char *code, char out[static DIVISION_LEN + 1])
{
        if (division_level(code) == DIVISION_PROVINCE)
                return up_to(code, 2, out);
        return up_to(code, 4, out);
}

bool division_province_of(const char *code, char out[static DIVISION_LEN + 1])
{
        return up_to(code, 2, out);
}

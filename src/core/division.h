/*
 * Division codes (行政区划代码, GB/T 2260) and the jurisdictions they name. A code is six digits:
 * two for the province, two for the city, two for the county. A province is PP0000 (130000
 * Hebei), a city PPCC00 (130100 Shijiazhuang), a county PPCCDD (130131 Pingshan). A jurisdiction
 * covers its own code and every code below it: a province the codes that begin with its two
 * digits, a city those with its four, a county only itself. Pure.
 */
#ifndef GL_DIVISION_H
#define GL_DIVISION_H

#include <stdbool.h>
#include <stddef.h>

#define DIVISION_LEN 6

enum division_level {
        DIVISION_INVALID = 0,
        DIVISION_PROVINCE,
        DIVISION_CITY,
        DIVISION_COUNTY,
};

/* The level of a code: DIVISION_INVALID unless it is six digits whose province part is 11-82
 * (the range GB/T 2260 assigns) and whose city part is not 00 under a county part other than 00. */
enum division_level division_level(const char *code);
static inline bool division_valid(const char *code)
{
        return division_level(code) != DIVISION_INVALID;
}

/* "省", "市", "县" (level names for people; "" for DIVISION_INVALID). */
const char *division_level_zh(enum division_level level);
/* "province", "city", "county" ("" for DIVISION_INVALID). */
const char *division_level_name(enum division_level level);

/* The prefix of the codes jurisdiction covers ("13", "1301", "130131") into out; false (out "")
 * when jurisdiction is not a valid code. */
bool division_prefix(const char *jurisdiction, char out[static DIVISION_LEN + 1]);

/* Whether jurisdiction covers code: both valid and code begins with jurisdiction's prefix. */
bool division_covers(const char *jurisdiction, const char *code);

/* The city of a county or a city (PPCC00), the province of any code (PP0000), into out; false
 * (out "") when code is not valid. The city of a province is the province. */
bool division_city_of(const char *code, char out[static DIVISION_LEN + 1]);
bool division_province_of(const char *code, char out[static DIVISION_LEN + 1]);

#endif

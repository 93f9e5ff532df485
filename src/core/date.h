/*
 * Calendar dates without time zones: a gl_date is the number of days since 1970-01-01 (proleptic
 * Gregorian), so that comparing and subtracting dates is integer arithmetic. Rules never read the
 * clock: "today" is always a parameter. Valid range: years 1900 to 9999.
 */
#ifndef GL_DATE_H
#define GL_DATE_H

#include <stdbool.h>
#include <stdint.h>

typedef int32_t gl_date;

/* A date that is not set (an open end of a period). Compares below every valid date. */
#define GL_DATE_NONE INT32_MIN

/* Days from 1970-01-01 to year-month-day. The caller ensures the date is valid. */
gl_date date_from_ymd(int year, int month, int day);

/* Splits a date into year, month (1-12), day (1-31). Any output may be NULL. */
void date_to_ymd(gl_date d, int *year, int *month, int *day);

/* 1 = Monday ... 7 = Sunday (ISO 8601). */
int date_weekday(gl_date d);

bool date_is_leap_year(int year);
int date_days_in_month(int year, int month);
bool date_is_valid_ymd(int year, int month, int day);

/*
 * Parses exactly "YYYY-MM-DD" (a real date, years 1900-9999). Returns 0 and sets *out, or GL_EINVAL
 * and leaves *out untouched.
 */
int date_parse_iso(const char *text, gl_date *out);

/* Writes "YYYY-MM-DD" and a NUL into buf (at least 11 bytes). Returns buf. */
char *date_format_iso(gl_date d, char buf[static 11]);

/*
 * The same day of the month n months later (n may be negative), or the last day of that month when
 * it has no such day (2022-08-31 + 6 months = 2023-02-28). No working-day adjustment: see
 * calendar.h.
 */
gl_date date_add_months_clamped(gl_date d, int n);

#endif

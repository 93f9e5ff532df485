/*
 * Conversions between gl_date (days since 1970-01-01) and year-month-day, ISO 8601 text, weekdays
 * and month arithmetic. The conversion counts days in 400-year eras of 146097 days, with the year
 * taken to start in March so that the leap day falls at the end of it.
 */
#include "date.h"
#include "gl.h"

#include <string.h>

bool date_is_leap_year(int year)
{
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int date_days_in_month(int year, int month)
{
        static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        if (month == 2 && date_is_leap_year(year))
                return 29;
        return days[month - 1];
}

bool date_is_valid_ymd(int year, int month, int day)
{
        if (year < 1900 || year > 9999 || month < 1 || month > 12 || day < 1)
                return false;
        return day <= date_days_in_month(year, month);
}

gl_date date_from_ymd(int year, int month, int day)
{
        /* Shift the year to start on March 1st. */
        int y = month <= 2 ? year - 1 : year;
        int era = (y >= 0 ? y : y - 399) / 400;
        int year_of_era = y - era * 400;
        int month_from_march = month > 2 ? month - 3 : month + 9;
        int day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
        int day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
        return (gl_date)(era * 146097 + day_of_era - 719468);
}

void date_to_ymd(gl_date d, int *year, int *month, int *day)
{
        int z = d + 719468;
        int era = (z >= 0 ? z : z - 146096) / 146097;
        int day_of_era = z - era * 146097;
        int year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
        int day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        int month_from_march = (5 * day_of_year + 2) / 153;
        int dd = day_of_year - (153 * month_from_march + 2) / 5 + 1;
        int mm = month_from_march < 10 ? month_from_march + 3 : month_from_march - 9;
        int yy = year_of_era + era * 400 + (mm <= 2 ? 1 : 0);
        if (year)
                *year = yy;
        if (month)
                *month = mm;
        if (day)
                *day = dd;
}

int date_weekday(gl_date d)
{
        /* 1970-01-01 was a Thursday (4). */
        int w = (int)((d % 7 + 7) % 7); /* 0 = Thursday */
        return (w + 3) % 7 + 1;
}

static int parse_digits(const char *s, int n)
{
        int v = 0;
        for (int i = 0; i < n; i++) {
                if (s[i] < '0' || s[i] > '9')
                        return -1;
                v = v * 10 + (s[i] - '0');
        }
        return v;
}

int date_parse_iso(const char *text, gl_date *out)
{
        if (text == NULL || strlen(text) != 10 || text[4] != '-' || text[7] != '-')
                return GL_EINVAL;
        int y = parse_digits(text, 4);
        int m = parse_digits(text + 5, 2);
        int d = parse_digits(text + 8, 2);
        if (y < 0 || m < 0 || d < 0 || !date_is_valid_ymd(y, m, d))
                return GL_EINVAL;
        *out = date_from_ymd(y, m, d);
        return GL_OK;
}

char *date_format_iso(gl_date d, char buf[static 11])
{
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        const int parts[] = {y / 1000 % 10, y / 100 % 10, y / 10 % 10, y % 10,  -1,
                             m / 10,        m % 10,       -1,          dd / 10, dd % 10};
        for (int i = 0; i < 10; i++)
                buf[i] = parts[i] < 0 ? '-' : (char)('0' + parts[i]);
        buf[10] = '\0';
        return buf;
}

gl_date date_add_months_clamped(gl_date d, int n)
{
        int y, m, dd;
        date_to_ymd(d, &y, &m, &dd);
        int total = y * 12 + (m - 1) + n;
        int ny = total / 12;
        int nm = total % 12 + 1;
        int last = date_days_in_month(ny, nm);
        return date_from_ymd(ny, nm, dd <= last ? dd : last);
}

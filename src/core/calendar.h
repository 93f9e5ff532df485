/*
 * Working days and Civil Code periods (工作日; 民法典 arts. 200-203), as "Counting time" in the
 * policy reading says:
 *  - a working day is a make-up working day (调休上班), or a Monday-Friday that is not a day off;
 *  - N working days from a receipt date: the receipt day is not counted, the deadline is the N-th
 *    working day after it;
 *  - N months from a date: the start day is not counted; the period ends on the corresponding day
 * of the final month, or its last day when it has none; if that is not a working day, on the next
 * one. The holidays are data (data/calendar/), loaded per year from the State Council's annual
 * notices. A year that is not loaded counts the statutory holidays of the law (法定节假日) as days
 * off on their dates, where the data dates its festivals, and is computed on weekends alone past
 * them. Any answer that depends on a year that is not loaded is reported provisional through
 * *provisional (which may be NULL; it is set to true when provisional and left alone otherwise, so
 * one flag can collect several calls).
 *
 * The _latest forms give the latest day the answer can be once the missing notices are published,
 * so that a provisional deadline never acts against the party. They rest on a reading
 * (docs/calendar.md): a notice gives days off only within a customary window around each statutory
 * holiday (data/calendar/), and its make-up working days only make a deadline earlier; so every
 * weekday of those windows is counted off. In a loaded year they equal the plain forms.
 *
 * A struct calendar is immutable once parsed and may be shared between threads. A NULL calendar
 * loads no year. Dates, and the results asked for, stay within the years of date.h.
 */
#ifndef GL_CALENDAR_H
#define GL_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "gl.h"

struct calendar;

/* Parses calendar data (format in data/calendar/README.md). On error names the line. Free with
 * calendar_free. */
int calendar_parse(const char *text, size_t len, const char *source_name, struct calendar **out,
                   struct gl_error *err);

/* The calendar compiled into the program (data/calendar/cn.txt). */
int calendar_load_default(struct calendar **out, struct gl_error *err);

void calendar_free(struct calendar *cal);

bool calendar_year_loaded(const struct calendar *cal, int year);
/* First and last loaded years (0 when none). */
void calendar_loaded_range(const struct calendar *cal, int *first, int *last);
/* The notice a loaded year was transcribed from ("" when its block names none), or NULL when the
 * year is not loaded. The string belongs to cal. */
const char *calendar_year_source(const struct calendar *cal, int year);

/* First and last years whose statutory holidays the data can place (the years of its `dates`
 * lines, every year between included; 0 when none). A year among them that is loaded follows its
 * notice alone. */
void calendar_statutory_range(const struct calendar *cal, int *first, int *last);
/* The law the statutory holidays come from ("" when the data names none), or NULL when no year's
 * statutory holidays can be placed. The string belongs to cal. */
const char *calendar_statutory_source(const struct calendar *cal);
/* Whether d lies in the customary window around a statutory holiday within which a notice may give
 * days off (data/calendar/README.md), for the holidays of the years calendar_statutory_range gives,
 * loaded or not. The window of a New Year may begin in the December before. */
bool calendar_in_bridging_window(const struct calendar *cal, gl_date d);

bool calendar_is_working_day(const struct calendar *cal, gl_date d, bool *provisional);

/* The n-th working day after start (n >= 0; n = 0 gives start itself). A negative n gives the
 * |n|-th working day before start. */
gl_date calendar_add_working_days(const struct calendar *cal, gl_date start, int n,
                                  bool *provisional);

/* The latest day calendar_add_working_days can give once every notice is published (see above).
 * Counting backwards (n < 0) has no latest day, since a make-up day could move it later: a negative
 * n gives the answer of calendar_add_working_days. */
gl_date calendar_add_working_days_latest(const struct calendar *cal, gl_date start, int n,
                                         bool *provisional);

/* Civil Code end of a period of n months (n >= 0) starting on start. Years are 12 months. */
gl_date calendar_add_months(const struct calendar *cal, gl_date start, int n, bool *provisional);

/* The latest day calendar_add_months can give once every notice is published (see above). */
gl_date calendar_add_months_latest(const struct calendar *cal, gl_date start, int n,
                                   bool *provisional);

/*
 * Working days in (from, to]: how many working days are left from `from` until a deadline `to`
 * (0 when to <= from; negative, counting working days overdue, when to < from).
 */
int calendar_working_days_between(const struct calendar *cal, gl_date from, gl_date to,
                                  bool *provisional);

#endif

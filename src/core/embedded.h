/*
 * Data files compiled into the program by tools/embed.c: the database migrations, the default
 * policy pack and the holiday calendar. Each array ends with an entry whose name is NULL. The bytes
 * are NUL-terminated, so text files can be used as C strings.
 */
#ifndef GL_EMBEDDED_H
#define GL_EMBEDDED_H

#include <stddef.h>

struct embedded_file {
        const char *name;
        const char *data;
        size_t size;
};

/* The files migrations/NNNN_name.sql, in ascending order. */
extern const struct embedded_file embedded_migrations[];
/* The policy packs under policy/ shipped with the program. */
extern const struct embedded_file embedded_policies[];
/* The holiday calendars under data/calendar/ shipped with the program. */
extern const struct embedded_file embedded_calendars[];

/* Finds a file by base name in one of the arrays above, or NULL. */
const struct embedded_file *embedded_find(const struct embedded_file *files, const char *name);

#endif

/*
 * What the procedure commands (declaration, deadlines, tax) share: the options --today DATE (the
 * business day; default the local date from the clock, the only place a procedure reads it),
 * --expect-version N and --as USER (act as that user, with the user's role and enterprise; without
 * it the command acts as the system actor), and reading a supporting document from a file.
 */
#ifndef GL_CLI_PROCEDURE_H
#define GL_CLI_PROCEDURE_H

#include <stddef.h>
#include <stdint.h>

#include "../core/date.h"
#include "cli.h"

struct cli_procedure_options {
        gl_date today;          /* GL_DATE_NONE until given; cli_procedure_actor fills it */
        int64_t expect_version; /* 0: not given */
        const char *as;         /* --as USER, or NULL */
};

/*
 * If argv[*i] is a shared option, consumes it (and its value, advancing *i) and returns 1; returns
 * 0 when it is not one, and a negative value after reporting a usage error for command.
 */
int cli_procedure_option(const char *command, int argc, char **argv, int *i,
                         struct cli_procedure_options *o);

/* The actor the command acts as (the user of --as, else the system actor), and today's date when
 * --today was not given. An unknown or disabled user is reported (exit 1). */
int cli_procedure_actor(struct app *app, struct cli_procedure_options *o, struct actor *out);

/* Reads a whole file of at most max bytes into *data (malloc'd, the caller frees it). */
int cli_procedure_read_file(const char *path, size_t max, unsigned char **data, size_t *size,
                            struct gl_error *err);

#endif

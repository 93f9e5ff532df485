/*
 * What the procedure commands (declaration, deadlines, tax) share: the options --today DATE (the
 * business day; default the local date from the clock, the only place a procedure reads it),
 * --expect-version N and --as USER (act as that user, with the user's role and enterprise; without
 * it the command acts as the system actor), and reading supporting documents from files.
 */
#ifndef GL_CLI_PROCEDURE_H
#define GL_CLI_PROCEDURE_H

#include <stddef.h>
#include <stdint.h>

#include "../app/case.h"
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

/* Documents given as --document NAME=FILE, read when given; freed with cli_documents_free. */
struct cli_documents {
        struct case_document_input items[CASE_DOCUMENTS_MAX];
        unsigned char *data[CASE_DOCUMENTS_MAX];
        size_t n;
};

/* Reads the document spec NAME=FILE into docs now, so that a missing file is refused before
 * anything else: a spec without NAME or FILE, or one too many, is a usage error of command; a
 * file that cannot be read is reported (exit 1). */
int cli_documents_add(const char *command, struct cli_documents *docs, const char *spec);
void cli_documents_free(struct cli_documents *docs);

#endif

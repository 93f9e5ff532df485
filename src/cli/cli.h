/*
 * The command-line face of greenlane: `greenlane [--db URL] COMMAND ...`. Each command is one file
 * cmd_NAME.c exporting one function listed in the table of cli.c. Commands parse and check their
 * arguments, call app/, and print. Exit status: 0 success, 1 failure, 2 wrong usage.
 */
#ifndef GL_CLI_H
#define GL_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "../app/app.h"
#include "../core/date.h"

enum { EXIT_OK = 0, EXIT_FAIL = 1, EXIT_USAGE = 2 };

struct cli_ctx {
        const char *db_url; /* --db, else $GREENLANE_DB, else ./greenlane.db */
};

struct cli_command {
        const char *name;
        const char *summary; /* one line, Chinese then English */
        const char *usage;   /* the synopsis lines, as in docs/greenlane.1 */
        int (*run)(struct cli_ctx *ctx, int argc, char **argv);
};

/* argv[0] is the command name in every run function. */
int cmd_init(struct cli_ctx *ctx, int argc, char **argv);
int cmd_backup(struct cli_ctx *ctx, int argc, char **argv);
int cmd_restore(struct cli_ctx *ctx, int argc, char **argv);
int cmd_copy(struct cli_ctx *ctx, int argc, char **argv);
int cmd_audit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_calendar(struct cli_ctx *ctx, int argc, char **argv);
int cmd_policy(struct cli_ctx *ctx, int argc, char **argv);
int cmd_enterprise(struct cli_ctx *ctx, int argc, char **argv);
int cmd_import(struct cli_ctx *ctx, int argc, char **argv);
int cmd_eval(struct cli_ctx *ctx, int argc, char **argv);
int cmd_declaration(struct cli_ctx *ctx, int argc, char **argv);
int cmd_case(struct cli_ctx *ctx, int argc, char **argv);
int cmd_enforcement(struct cli_ctx *ctx, int argc, char **argv);
int cmd_visit(struct cli_ctx *ctx, int argc, char **argv);
int cmd_eia(struct cli_ctx *ctx, int argc, char **argv);
int cmd_site(struct cli_ctx *ctx, int argc, char **argv);
int cmd_ledger(struct cli_ctx *ctx, int argc, char **argv);
int cmd_deadlines(struct cli_ctx *ctx, int argc, char **argv);
int cmd_message(struct cli_ctx *ctx, int argc, char **argv);
int cmd_tax(struct cli_ctx *ctx, int argc, char **argv);
int cmd_demo(struct cli_ctx *ctx, int argc, char **argv);
int cmd_serve(struct cli_ctx *ctx, int argc, char **argv);
int cmd_user(struct cli_ctx *ctx, int argc, char **argv);
int cmd_supply(struct cli_ctx *ctx, int argc, char **argv);
int cmd_control(struct cli_ctx *ctx, int argc, char **argv);
int cmd_alert(struct cli_ctx *ctx, int argc, char **argv);

/* Parses the global options and runs the command; returns the exit status. */
int cli_main(int argc, char **argv);

/* Finds a command by name, or NULL. */
const struct cli_command *cli_find(const char *name);

/* Whether option ("--json") is one of the space-separated options of list ("--json --today"):
 * a form's table of the options it takes. */
bool cli_option_in(const char *list, const char *option);

/* True when argv has -h or --help. */
bool cli_wants_help(int argc, char **argv);

/* Prints the usage of a command to out ("Usage: ..." and its summary). */
void cli_usage(FILE *out, const struct cli_command *cmd);

/* Reports a usage error for command name on stderr, with its synopsis; returns EXIT_USAGE. */
int cli_usage_error(const char *name, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Prints "greenlane: message" (and the field when set) on stderr; returns EXIT_FAIL. */
int cli_report(const struct gl_error *err);

/* Opens the application on ctx->db_url; on failure reports and returns EXIT_FAIL. */
int cli_open_app(struct cli_ctx *ctx, struct app **out);

#endif

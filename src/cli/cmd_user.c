/*
 * `greenlane user add|passwd|disable|set-name|list`: managing who may sign in. Passwords are read
 * from standard input (one line; echo is turned off when it is a terminal), never from the command
 * line where other users of the machine could see them. The command acts as the system actor.
 */
#include "cli.h"

#include "../app/user.h"

#include <sodium.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

/* Reads one line of at most USER_PASSWORD_MAX bytes from stdin into buf (without the newline).
 * Returns 0, or -1 when the line is longer or stdin is empty. */
static int read_password(char *buf, size_t size)
{
        struct termios old, quiet;
        bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
        if (tty) {
                fprintf(stderr, "密码 (password): ");
                quiet = old;
                quiet.c_lflag &= ~(tcflag_t)ECHO;
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
        }
        char *line = fgets(buf, (int)size, stdin);
        if (tty) {
                tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
                fputc('\n', stderr);
        }
        if (line == NULL)
                return -1;
        size_t n = strlen(buf);
        if (n > 0 && buf[n - 1] != '\n' && !feof(stdin))
                return -1;
        while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
                buf[--n] = '\0';
        return 0;
}

static int add(struct app *app, int argc, char **argv)
{
        struct user_new u = {0};
        const char *role = NULL;
        for (int i = 2; i < argc; i++) {
                if (strcmp(argv[i], "--role") == 0 && i + 1 < argc)
                        role = argv[++i];
                else if (strcmp(argv[i], "--enterprise") == 0 && i + 1 < argc)
                        u.uscc = argv[++i];
                else if (strcmp(argv[i], "--department") == 0 && i + 1 < argc)
                        u.department = argv[++i];
                else if (strcmp(argv[i], "--township") == 0 && i + 1 < argc)
                        u.township = argv[++i];
                else if (strcmp(argv[i], "--display-name") == 0 && i + 1 < argc)
                        u.display_name = argv[++i];
                else if (strcmp(argv[i], "--division") == 0 && i + 1 < argc)
                        u.division = argv[++i];
                else if (argv[i][0] != '-' && u.username == NULL)
                        u.username = argv[i];
                else
                        return cli_usage_error("user", "unknown argument %s", argv[i]);
        }
        if (u.username == NULL)
                return cli_usage_error("user", "add: missing NAME");
        if (role == NULL)
                return cli_usage_error("user", "add: missing --role ROLE");
        u.role = role_from_name(role);
        if (u.role == ROLE_NONE)
                return cli_usage_error("user", "add: unknown role %s", role);
        char password[USER_PASSWORD_MAX + 2];
        if (read_password(password, sizeof(password)) != 0) {
                fprintf(stderr,
                        "greenlane: password: 请在标准输入提供一行密码 (give the "
                        "password as one line on standard input, at most %d bytes)\n",
                        USER_PASSWORD_MAX);
                return EXIT_FAIL;
        }
        u.password = password;
        struct actor actor = actor_system();
        struct gl_error err = {0};
        int rc = app_user_add(app, &actor, &u, &err);
        sodium_memzero(password, sizeof(password));
        if (rc != GL_OK)
                return cli_report(&err);
        printf("已添加用户 (user added): %s (%s)\n", u.username, role_name(u.role));
        return EXIT_OK;
}

static int passwd(struct app *app, int argc, char **argv)
{
        if (argc != 3)
                return cli_usage_error("user", "passwd: expected NAME");
        char password[USER_PASSWORD_MAX + 2];
        if (read_password(password, sizeof(password)) != 0) {
                fprintf(stderr,
                        "greenlane: password: 请在标准输入提供一行密码 (give the "
                        "password as one line on standard input, at most %d bytes)\n",
                        USER_PASSWORD_MAX);
                return EXIT_FAIL;
        }
        struct actor actor = actor_system();
        struct gl_error err = {0};
        int rc = app_user_passwd(app, &actor, argv[2], password, &err);
        sodium_memzero(password, sizeof(password));
        if (rc != GL_OK)
                return cli_report(&err);
        printf("已修改密码，原有登录已失效 (password changed; sessions ended): %s\n", argv[2]);
        return EXIT_OK;
}

static int disable(struct app *app, int argc, char **argv)
{
        if (argc != 3)
                return cli_usage_error("user", "disable: expected NAME");
        struct actor actor = actor_system();
        struct gl_error err = {0};
        if (app_user_disable(app, &actor, argv[2], &err) != GL_OK)
                return cli_report(&err);
        printf("已停用用户 (user disabled): %s\n", argv[2]);
        return EXIT_OK;
}

static int set_name(struct app *app, int argc, char **argv)
{
        if (argc != 4)
                return cli_usage_error("user", "set-name: expected NAME DISPLAY-NAME");
        struct actor actor = actor_system();
        struct user_record u;
        struct gl_error err = {0};
        if (app_user_set_display_name(app, &actor, argv[2], argv[3], &u, &err) != GL_OK)
                return cli_report(&err);
        if (u.display_name[0])
                printf("已设置姓名 (display name set): %s %s\n", u.username, u.display_name);
        else
                printf("已清除姓名 (display name removed): %s\n", u.username);
        return EXIT_OK;
}

static int print_user(const struct user_record *u, void *ctx)
{
        (void)ctx;
        const char *binding = u->uscc[0]         ? u->uscc
                              : u->department[0] ? u->department
                              : u->township[0]   ? u->township
                                                 : "-";
        printf("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", u->username, role_name(u->role), binding,
               u->disabled ? "disabled" : "active", u->created_at,
               u->display_name[0] ? u->display_name : "-", u->division);
        return 0;
}

static int list(struct app *app, int argc)
{
        if (argc != 2)
                return cli_usage_error("user", "list takes no arguments");
        struct actor actor = actor_system();
        struct gl_error err = {0};
        if (app_user_list(app, &actor, print_user, NULL, &err) != GL_OK)
                return cli_report(&err);
        return EXIT_OK;
}

int cmd_user(struct cli_ctx *ctx, int argc, char **argv)
{
        if (argc < 2)
                return cli_usage_error("user", "missing subcommand");
        const char *sub = argv[1];
        if (strcmp(sub, "add") != 0 && strcmp(sub, "passwd") != 0 && strcmp(sub, "disable") != 0 &&
            strcmp(sub, "set-name") != 0 && strcmp(sub, "list") != 0)
                return cli_usage_error("user", "unknown subcommand %s", sub);
        if (strcmp(sub, "list") == 0 && argc != 2)
                return cli_usage_error("user", "list takes no arguments");
        if ((strcmp(sub, "passwd") == 0 || strcmp(sub, "disable") == 0) && argc != 3)
                return cli_usage_error("user", "%s: expected NAME", sub);
        if (strcmp(sub, "set-name") == 0 && argc != 4)
                return cli_usage_error("user", "set-name: expected NAME DISPLAY-NAME");
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        int rc;
        if (strcmp(sub, "add") == 0)
                rc = add(app, argc, argv);
        else if (strcmp(sub, "passwd") == 0)
                rc = passwd(app, argc, argv);
        else if (strcmp(sub, "disable") == 0)
                rc = disable(app, argc, argv);
        else if (strcmp(sub, "set-name") == 0)
                rc = set_name(app, argc, argv);
        else
                rc = list(app, argc);
        app_close(app);
        return rc;
}

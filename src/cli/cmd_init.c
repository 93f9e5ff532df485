/*
 * `greenlane init`: creates the database, or brings an existing one to the current schema.
 */
#include "cli.h"

int cmd_init(struct cli_ctx *ctx, int argc, char **argv)
{
        (void)argv;
        if (argc != 1)
                return cli_usage_error("init", "takes no arguments");
        struct app *app = NULL;
        if (cli_open_app(ctx, &app) != EXIT_OK)
                return EXIT_FAIL;
        int64_t version = 0;
        struct gl_error err = {0};
        if (app_schema_version(app, &version, &err) != GL_OK) {
                app_close(app);
                return cli_report(&err);
        }
        char shown[1024];
        app_url_shown(ctx->db_url, shown, sizeof(shown));
        printf("数据库已就绪 (database ready): %s, schema %lld\n", shown, (long long)version);
        app_close(app);
        return EXIT_OK;
}

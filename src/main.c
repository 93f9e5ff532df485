/*
 * Entry point of the greenlane program: initializes libsodium and hands over to the command line.
 */
#include <locale.h>
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
        setlocale(LC_CTYPE, "C.UTF-8");
        if (sodium_init() < 0) {
                fprintf(stderr, "greenlane: libsodium could not be initialized\n");
                return 1;
        }
        return cli_main(argc, argv);
}

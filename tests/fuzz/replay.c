/*
 * Runs a fuzz target over files without libFuzzer: after the target's LLVMFuzzerInitialize, if it
 * has one, every argument is a file or a directory whose files (in name order) are each passed
 * once to LLVMFuzzerTestOneInput. Each input is one TAP test
 * line; an input that breaks an invariant or trips a sanitizer ends the run, which meson reports.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

/* Reads the whole file at path into a malloc'd buffer; NULL when it cannot be read. */
static uint8_t *read_all(const char *path, size_t *len)
{
        FILE *f = fopen(path, "rb");
        if (f == NULL)
                return NULL;
        size_t cap = 4096, n = 0;
        uint8_t *buf = malloc(cap);
        while (buf != NULL) {
                size_t got = fread(buf + n, 1, cap - n, f);
                n += got;
                if (n < cap)
                        break;
                cap *= 2;
                uint8_t *grown = realloc(buf, cap);
                if (grown == NULL) {
                        free(buf);
                        buf = NULL;
                        break;
                }
                buf = grown;
        }
        if (buf != NULL && ferror(f)) {
                free(buf);
                buf = NULL;
        }
        fclose(f);
        *len = n;
        return buf;
}

/* Feeds one file to the target; returns 0, or -1 when it cannot be read. */
static int replay_file(const char *path, int *count)
{
        size_t len = 0;
        uint8_t *data = read_all(path, &len);
        if (data == NULL) {
                printf("not ok %d - %s: cannot be read\n", ++*count, path);
                return -1;
        }
        /* An exact-size copy, so that a read past the input is caught by the sanitizers. */
        uint8_t *exact = malloc(len ? len : 1);
        if (exact == NULL) {
                free(data);
                return -1;
        }
        if (len)
                memcpy(exact, data, len);
        free(data);
        LLVMFuzzerTestOneInput(exact, len);
        free(exact);
        printf("ok %d - %s\n", ++*count, path);
        fflush(stdout);
        return 0;
}

static int replay_dir(const char *dir, int *count)
{
        struct dirent **names = NULL;
        int n = scandir(dir, &names, NULL, alphasort);
        if (n < 0) {
                printf("not ok %d - %s: cannot be listed\n", ++*count, dir);
                return -1;
        }
        int rc = 0;
        for (int i = 0; i < n; i++) {
                if (names[i]->d_name[0] != '.') {
                        size_t len = strlen(dir) + strlen(names[i]->d_name) + 2;
                        char *path = malloc(len);
                        if (path == NULL) {
                                rc = -1;
                        } else {
                                snprintf(path, len, "%s/%s", dir, names[i]->d_name);
                                struct stat st;
                                if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
                                    replay_file(path, count) != 0)
                                        rc = -1;
                                free(path);
                        }
                }
                free(names[i]);
        }
        free(names);
        return rc;
}

int main(int argc, char **argv)
{
        int count = 0, rc = 0;
        if (argc < 2) {
                fprintf(stderr, "usage: %s CORPUS_DIR|FILE...\n", argv[0]);
                return 2;
        }
        if (LLVMFuzzerInitialize)
                LLVMFuzzerInitialize(&argc, &argv);
        for (int i = 1; i < argc; i++) {
                struct stat st;
                if (stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode))
                        rc |= replay_dir(argv[i], &count);
                else
                        rc |= replay_file(argv[i], &count);
        }
        if (count == 0) {
                printf("not ok 1 - no input found\n");
                count = 1;
                rc = -1;
        }
        printf("1..%d\n", count);
        return rc == 0 ? 0 : 1;
}

/*
 * Lookup in the arrays of files compiled into the program (see embedded.h).
 */
#include "embedded.h"

#include <string.h>

const struct embedded_file *embedded_find(const struct embedded_file *files, const char *name)
{
        for (const struct embedded_file *f = files; f->name != NULL; f++)
                if (strcmp(f->name, name) == 0)
                        return f;
        return NULL;
}

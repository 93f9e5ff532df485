/*
 * Import templates: for each import kind (enterprises, annual, averages), a file to fill in whose
 * header row is exactly the Chinese headers the importer accepts (app_import_columns), so that a
 * county's staff start from a file that imports.
 *
 * CSV: UTF-8 with a byte-order mark (so that Excel opens it in Chinese), the header row and
 * nothing else, so that the file as downloaded imports (zero rows) and a filled one imports its
 * rows. XLSX: a first sheet 导入数据 with the header row, each column formatted for its values
 * (the USCC as text so that Excel keeps all 18 characters, amounts with two decimals, years as
 * integers), and a second sheet 填写说明 with one line per column: its Chinese and English header,
 * whether it is required, what goes in, and an example value; the examples of the enterprises
 * and annual templates describe the same enterprise. The importer reads CSV: a filled workbook is
 * saved as "CSV UTF-8" before it is imported, as the notes sheet says.
 */
#ifndef GL_APP_IMPORT_TEMPLATE_H
#define GL_APP_IMPORT_TEMPLATE_H

#include "../core/gl.h"
#include "app.h"

enum import_template_format { IMPORT_TEMPLATE_CSV, IMPORT_TEMPLATE_XLSX };

/*
 * Writes the template of kind ("enterprises", "annual" or "averages") to path (a CSV template
 * to standard output when path is "-"); the examples name an industry of the pack of who's county
 * (the home pack when who is NULL: the command line). GL_EINVAL (field "kind") for an unknown kind;
 * GL_EIO naming the path when the file cannot be written. Reads nothing of the database.
 */
int app_import_template(struct app *app, const struct actor *who, const char *kind,
                        enum import_template_format format, const char *path, struct gl_error *err);

#endif

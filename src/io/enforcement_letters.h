/*
 * The letters of an enforcement case read through app/ (app/enforcement.h), ready to write:
 * what both faces (`greenlane enforcement letter` and GET /api/v1/enforcement/{id}/LETTER.pdf)
 * call. A case whose order has not been issued has no letters (GL_ESTATE).
 */
#ifndef GL_ENFORCEMENT_LETTERS_H
#define GL_ENFORCEMENT_LETTERS_H

#include <stdbool.h>

#include "../app/enforcement.h"
#include "pdf.h"

enum enforcement_letter_kind { ENFORCEMENT_ORDER, ENFORCEMENT_COMMITMENT };

/* "order" or "commitment"; -1 for another name. */
int enforcement_letter_kind_from_name(const char *name);

int enforcement_letter_pdf(const struct enforcement_record *r, enum enforcement_letter_kind kind,
                           struct pdf_doc **out, struct gl_error *err);

#endif

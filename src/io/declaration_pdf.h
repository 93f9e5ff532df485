/*
 * The printed declaration form of measure 1 (激励性生态环境绩效分级申报表), laid out with the PDF
 * writer (io/pdf.h) from a declaration already read through app/ (app_declaration_record): the
 * enterprise (name, USCC, industry, township), the year of the figures, the current grade and the
 * grade sought, the self-assessment (tier, grace, each metric beside its industry average and
 * the ratio, with thousands separators and units), the explanation, the documents handed in
 * (name, size, digest), every step so far (date, action, who, opinion), and the boxes for the
 * enterprise's seal and the county branch's opinion. Both faces (`greenlane declaration pdf`
 * and GET /api/v1/declarations/{id}/form.pdf) read the record and call this; nothing here reads
 * the database or the clock.
 */
#ifndef GL_DECLARATION_PDF_H
#define GL_DECLARATION_PDF_H

#include "../app/declaration.h"
#include "../core/date.h"
#include "pdf.h"

/* Lays out the form of r, printed on printed_on, into a new document *out (free with pdf_free),
 * ready for pdf_write_file or pdf_write_memory. */
int declaration_form_pdf(const struct declaration_record *r, gl_date printed_on,
                         struct pdf_doc **out, struct gl_error *err);

/* Writes the decimal text number ("-1234567.5") with a comma every three digits of its integer
 * part ("-1,234,567.5") into out; text that is not a decimal number is copied as it is. */
char *declaration_group_digits(const char *number, char *out, size_t size);

#endif

/*
 * A small writer of printed documents — forms and letters — as PDF, over cairo's PDF surface and
 * pango's text layout: A4 portrait pages with fixed margins, filled top to bottom with blocks (a
 * title, headings, paragraphs that wrap, tables of ruled cells, a row of signature and seal boxes),
 * a page break wherever the next line, table row or box does not fit, and "第 N 页 共 M 页" at the
 * foot of every page. Text is UTF-8, set in Noto Serif CJK SC (labels and headings in Noto Sans
 * CJK SC Bold), the fonts of Debian's fonts-noto-cjk; writing fails, naming the font, when one is
 * missing rather than print a document another font might garble.
 *
 * Blocks are copied as they are added and laid out only when the document is written: once to
 * count the pages, then again to draw them, so that every page can name the total.
 *
 * Ownership: pdf_new returns a document that pdf_free frees (pdf_free accepts NULL). Text given
 * to the functions below is copied; nothing is borrowed past the call. A function that fails
 * leaves the document as it was.
 */
#ifndef GL_PDF_H
#define GL_PDF_H

#include <stdbool.h>
#include <stddef.h>

#include "../core/gl.h"

struct pdf_doc;

/* A new empty document; title (may be NULL) goes into the file's metadata. */
int pdf_new(const char *title, struct pdf_doc **out, struct gl_error *err);
void pdf_free(struct pdf_doc *doc);

/* The title of the document: large, centred. */
int pdf_title(struct pdf_doc *doc, const char *text, struct gl_error *err);
/* A section heading, kept on the page of what follows it. */
int pdf_heading(struct pdf_doc *doc, const char *text, struct gl_error *err);
/* A paragraph: wrapped at the margins, broken across pages line by line; "\n" starts a line. */
int pdf_paragraph(struct pdf_doc *doc, const char *text, struct gl_error *err);

/*
 * A table of ruled cells. widths are the columns' shares of the text width (any positive finite
 * scale, GL_EINVAL otherwise);
 * header (may be NULL) is a shaded first row, repeated at the top of each page the table continues
 * on; cells holds nrows * ncolumns texts, row by row (NULL is an empty cell). With key_column the
 * first column is shaded: a form's labels. Cell text wraps within its cell; a row is never split,
 * it moves to the next page whole (a row taller than a page runs past its foot).
 */
struct pdf_table {
        size_t ncolumns;
        const double *widths;
        const char *const *header;
        const char *const *cells;
        size_t nrows;
        bool key_column;
};
int pdf_table(struct pdf_doc *doc, const struct pdf_table *t, struct gl_error *err);

/* A key/value table: npairs rows of (label, value) from pairs[2i], pairs[2i+1]. */
int pdf_key_values(struct pdf_doc *doc, const char *const *pairs, size_t npairs,
                   struct gl_error *err);

/*
 * A row of boxes to sign or seal, side by side and kept on one page: each has a caption
 * ("申报企业（盖章）"), text under it (may be NULL: room for an opinion or a seal) and a last
 * line at its foot (may be NULL; e.g. "年　月　日").
 */
struct pdf_signature {
        const char *caption;
        const char *text;
        const char *foot;
};
int pdf_signatures(struct pdf_doc *doc, const struct pdf_signature *boxes, size_t n,
                   struct gl_error *err);

/*
 * Writes the document to path. The file exists only after success: it is written under a
 * temporary name in the same directory and renamed. GL_EIO names the path (or the font) that
 * failed.
 */
int pdf_write_file(struct pdf_doc *doc, const char *path, struct gl_error *err);

/* Writes the document into memory: *data (malloc'd, the caller frees it) and *size. */
int pdf_write_memory(struct pdf_doc *doc, unsigned char **data, size_t *size, struct gl_error *err);

/* The number of pages of the last successful write (0 before one). */
int pdf_pages(const struct pdf_doc *doc);

/*
 * Frees what cairo, pango and fontconfig keep for the life of the process once a document has
 * been written: the calling thread's font map (other threads' are freed when they exit), cairo's
 * caches and fontconfig's configuration. For the end of a program, when no other thread writes a
 * document; writing one afterwards loads them again. Leak checkers then see nothing left.
 */
void pdf_release_fonts(void);

#endif

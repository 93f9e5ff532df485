/*
 * The document writer of pdf.h over cairo and pango. Blocks are stored as copies; a write lays
 * them out twice on a cairo PDF surface (pango measures text through cairo's font backend, so the
 * two passes break pages at the same places): the first pass writes to nowhere and counts the
 * pages, the second writes the file or the memory with "第 N 页 共 M 页" on every page.
 *
 * Body text is set in Noto Serif CJK SC (the 宋体 of a printed form), labels and headings in Noto
 * Sans CJK SC Bold (its 黑体). Not Noto Sans CJK SC Regular: cairo 1.16's subset of that face
 * loses the glyph of 如 in small documents, which poppler then draws blank.
 *
 * Geometry is in PostScript points (1/72 inch): A4 is 595.276 x 841.890. The cursor r->y is the
 * top of the next thing to draw; a page holds what fits between TOP and BOTTOM, the foot line
 * below BOTTOM. Drawing never fails on its own: cairo keeps an error status, checked once at the
 * end of each pass.
 */
#include "pdf.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <errno.h>
#include <fontconfig/fontconfig.h>
#include <fcntl.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define PAGE_W 595.276
#define PAGE_H 841.890
#define MARGIN_X 62.0
#define TOP 56.0
#define BOTTOM (PAGE_H - 64.0)
#define FOOT_Y (PAGE_H - 44.0)
#define TEXT_W (PAGE_W - 2 * MARGIN_X)
#define PAD 4.0          /* inside a table cell */
#define BOX_GAP 14.0     /* between signature boxes */
#define BOX_MIN_H 96.0   /* a signature box: room for a seal */
#define COLUMNS_MAX 12   /* of a table */
#define SIGNATURES_MAX 4 /* boxes in one row */

#define SANS "Noto Sans CJK SC"
#define SERIF "Noto Serif CJK SC"

enum block_kind { BLOCK_TITLE, BLOCK_HEADING, BLOCK_PARAGRAPH, BLOCK_TABLE, BLOCK_SIGNATURES };

struct block {
        enum block_kind kind;
        char *text; /* title, heading, paragraph */
        /* table */
        size_t ncolumns, nrows;
        double widths[COLUMNS_MAX]; /* in points */
        char **header;              /* ncolumns texts, or NULL */
        char **cells;               /* nrows * ncolumns texts */
        bool key_column;
        /* signatures: caption, text, foot of each box */
        size_t nboxes;
        char *boxes[SIGNATURES_MAX][3];
};

struct pdf_doc {
        char *title;
        struct block *blocks;
        size_t nblocks, cap;
        int pages;
};

/* ---- building ---- */

static char *copy_text(const char *s)
{
        return strdup(s ? s : "");
}

static void block_clear(struct block *b)
{
        free(b->text);
        if (b->header)
                for (size_t c = 0; c < b->ncolumns; c++)
                        free(b->header[c]);
        free(b->header);
        if (b->cells)
                for (size_t i = 0; i < b->nrows * b->ncolumns; i++)
                        free(b->cells[i]);
        free(b->cells);
        for (size_t i = 0; i < b->nboxes; i++)
                for (int k = 0; k < 3; k++)
                        free(b->boxes[i][k]);
}

/* Appends *b (which the document then owns), or clears it and fails. */
static int add_block(struct pdf_doc *doc, struct block *b, struct gl_error *err)
{
        if (doc->nblocks == doc->cap) {
                size_t cap = doc->cap ? doc->cap * 2 : 16;
                struct block *grown = realloc(doc->blocks, cap * sizeof(*grown));
                if (grown == NULL) {
                        block_clear(b);
                        return gl_fail(err, GL_ENOMEM, "", "out of memory");
                }
                doc->blocks = grown;
                doc->cap = cap;
        }
        doc->blocks[doc->nblocks++] = *b;
        return GL_OK;
}

static int text_block(struct pdf_doc *doc, enum block_kind kind, const char *text,
                      struct gl_error *err)
{
        struct block b = {.kind = kind, .text = copy_text(text)};
        if (b.text == NULL)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        return add_block(doc, &b, err);
}

int pdf_new(const char *title, struct pdf_doc **out, struct gl_error *err)
{
        struct pdf_doc *doc = calloc(1, sizeof(*doc));
        if (doc == NULL || (doc->title = copy_text(title)) == NULL) {
                free(doc);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        *out = doc;
        return GL_OK;
}

void pdf_free(struct pdf_doc *doc)
{
        if (doc == NULL)
                return;
        for (size_t i = 0; i < doc->nblocks; i++)
                block_clear(&doc->blocks[i]);
        free(doc->blocks);
        free(doc->title);
        free(doc);
}

int pdf_title(struct pdf_doc *doc, const char *text, struct gl_error *err)
{
        return text_block(doc, BLOCK_TITLE, text, err);
}

int pdf_heading(struct pdf_doc *doc, const char *text, struct gl_error *err)
{
        return text_block(doc, BLOCK_HEADING, text, err);
}

int pdf_paragraph(struct pdf_doc *doc, const char *text, struct gl_error *err)
{
        return text_block(doc, BLOCK_PARAGRAPH, text, err);
}

/* n copies of texts (NULL is ""), or NULL when out of memory. */
static char **copy_texts(const char *const *texts, size_t n)
{
        char **out = calloc(n ? n : 1, sizeof(*out));
        if (out == NULL)
                return NULL;
        for (size_t i = 0; i < n; i++) {
                if ((out[i] = copy_text(texts[i])) == NULL) {
                        for (size_t k = 0; k < i; k++)
                                free(out[k]);
                        free(out);
                        return NULL;
                }
        }
        return out;
}

int pdf_table(struct pdf_doc *doc, const struct pdf_table *t, struct gl_error *err)
{
        if (t->ncolumns == 0 || t->ncolumns > COLUMNS_MAX)
                return gl_fail(err, GL_EINVAL, "columns", "a table has 1 to %d columns, not %zu",
                               COLUMNS_MAX, t->ncolumns);
        double sum = 0;
        for (size_t c = 0; c < t->ncolumns; c++) {
                double w = t->widths ? t->widths[c] : 1.0;
                if (!(w > 0) || !isfinite(w))
                        return gl_fail(err, GL_EINVAL, "widths", "column %zu has no width", c);
                sum += w;
        }
        /* Infinite shares would make every column's width NaN. */
        if (!isfinite(sum))
                return gl_fail(err, GL_EINVAL, "widths", "the widths add up past a double");
        struct block b = {.kind = BLOCK_TABLE,
                          .ncolumns = t->ncolumns,
                          .nrows = t->nrows,
                          .key_column = t->key_column};
        for (size_t c = 0; c < t->ncolumns; c++)
                b.widths[c] = TEXT_W * (t->widths ? t->widths[c] : 1.0) / sum;
        b.cells = copy_texts(t->cells, t->nrows * t->ncolumns);
        if (t->header)
                b.header = copy_texts(t->header, t->ncolumns);
        if (b.cells == NULL || (t->header && b.header == NULL)) {
                block_clear(&b);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        return add_block(doc, &b, err);
}

int pdf_key_values(struct pdf_doc *doc, const char *const *pairs, size_t npairs,
                   struct gl_error *err)
{
        static const double widths[] = {0.3, 0.7};
        struct pdf_table t = {
            .ncolumns = 2, .widths = widths, .cells = pairs, .nrows = npairs, .key_column = true};
        return pdf_table(doc, &t, err);
}

int pdf_signatures(struct pdf_doc *doc, const struct pdf_signature *boxes, size_t n,
                   struct gl_error *err)
{
        if (n == 0 || n > SIGNATURES_MAX)
                return gl_fail(err, GL_EINVAL, "boxes", "a row has 1 to %d boxes, not %zu",
                               SIGNATURES_MAX, n);
        struct block b = {.kind = BLOCK_SIGNATURES, .nboxes = n};
        bool ok = true;
        for (size_t i = 0; i < n; i++) {
                ok = (b.boxes[i][0] = copy_text(boxes[i].caption)) != NULL && ok;
                ok = (b.boxes[i][1] = copy_text(boxes[i].text)) != NULL && ok;
                ok = (b.boxes[i][2] = copy_text(boxes[i].foot)) != NULL && ok;
        }
        if (!ok) {
                block_clear(&b);
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        }
        return add_block(doc, &b, err);
}

int pdf_pages(const struct pdf_doc *doc)
{
        return doc->pages;
}

/* ---- layout ---- */

struct render {
        cairo_t *cr;
        PangoFontDescription *body, *bold, *title, *foot;
        double y;
        int page;  /* the current page, from 1 */
        int total; /* pages in all; 0 while counting */
};

static PangoLayout *text_layout(struct render *r, const PangoFontDescription *font,
                                const char *text, double width, PangoAlignment align)
{
        PangoLayout *l = pango_cairo_create_layout(r->cr);
        pango_layout_set_font_description(l, font);
        pango_layout_set_width(l, (int)(width * PANGO_SCALE));
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
        pango_layout_set_alignment(l, align);
        pango_layout_set_text(l, text, -1);
        return l;
}

static double layout_height(PangoLayout *l)
{
        int w, h;
        pango_layout_get_size(l, &w, &h);
        return (double)h / PANGO_SCALE;
}

static void draw_foot(struct render *r)
{
        char text[64];
        snprintf(text, sizeof(text), "第 %d 页 共 %d 页", r->page, r->total ? r->total : r->page);
        PangoLayout *l = text_layout(r, r->foot, text, TEXT_W, PANGO_ALIGN_CENTER);
        cairo_move_to(r->cr, MARGIN_X, FOOT_Y);
        pango_cairo_show_layout(r->cr, l);
        g_object_unref(l);
}

static void new_page(struct render *r)
{
        draw_foot(r);
        cairo_show_page(r->cr);
        r->page++;
        r->y = TOP;
}

/* Starts a new page unless h more points fit on this one (or this one is still empty). */
static void make_room(struct render *r, double h)
{
        if (r->y + h > BOTTOM && r->y > TOP)
                new_page(r);
}

/* Vertical space before a block, dropped at the top of a page. */
static void space(struct render *r, double h)
{
        if (r->y > TOP)
                r->y += h;
}

/* Draws the lines of l at x, one by one, breaking the page between lines. */
static void draw_lines(struct render *r, PangoLayout *l, double x)
{
        PangoLayoutIter *it = pango_layout_get_iter(l);
        do {
                int y0, y1;
                pango_layout_iter_get_line_yrange(it, &y0, &y1);
                double h = (double)(y1 - y0) / PANGO_SCALE;
                double baseline = (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
                make_room(r, h);
                cairo_move_to(r->cr, x, r->y + baseline);
                pango_cairo_show_layout_line(r->cr, pango_layout_iter_get_line_readonly(it));
                r->y += h;
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
}

/* The height of one line of body text. */
static double body_line(struct render *r)
{
        PangoLayout *l = text_layout(r, r->body, "国", TEXT_W, PANGO_ALIGN_LEFT);
        double h = layout_height(l);
        g_object_unref(l);
        return h;
}

static void render_title(struct render *r, const struct block *b)
{
        PangoLayout *l = text_layout(r, r->title, b->text, TEXT_W, PANGO_ALIGN_CENTER);
        double h = layout_height(l);
        space(r, 12);
        make_room(r, h);
        cairo_move_to(r->cr, MARGIN_X, r->y);
        pango_cairo_show_layout(r->cr, l);
        r->y += h + 14;
        g_object_unref(l);
}

static void render_heading(struct render *r, const struct block *b)
{
        PangoLayout *l = text_layout(r, r->bold, b->text, TEXT_W, PANGO_ALIGN_LEFT);
        double h = layout_height(l);
        space(r, 10);
        make_room(r, h + 3 * body_line(r)); /* never alone at the foot of a page */
        draw_lines(r, l, MARGIN_X);
        r->y += 4;
        g_object_unref(l);
}

/* The height of a row of signature boxes (render_signatures). */
static double signatures_height(struct render *r, const struct block *b);

/*
 * A paragraph. Followed by a row of boxes to sign or seal, its last two lines go to the page of
 * the boxes, so that a seal never stands alone on a page (the boxes are kept whole).
 */
static void render_paragraph(struct render *r, const struct block *b, const struct block *next)
{
        PangoLayout *l = text_layout(r, r->body, b->text, TEXT_W, PANGO_ALIGN_LEFT);
        if (next == NULL || next->kind != BLOCK_SIGNATURES) {
                draw_lines(r, l, MARGIN_X);
        } else {
                int nlines = pango_layout_get_line_count(l);
                double boxes = 4 + 10 + signatures_height(r, next);
                PangoLayoutIter *it = pango_layout_get_iter(l);
                int i = 0;
                do {
                        int y0, y1;
                        pango_layout_iter_get_line_yrange(it, &y0, &y1);
                        double h = (double)(y1 - y0) / PANGO_SCALE;
                        double baseline =
                            (double)(pango_layout_iter_get_baseline(it) - y0) / PANGO_SCALE;
                        /* the lines left from here on, with the boxes after them */
                        if (i == (nlines > 2 ? nlines - 2 : 0))
                                make_room(r, (double)(nlines - i) * h + boxes);
                        make_room(r, h);
                        cairo_move_to(r->cr, MARGIN_X, r->y + baseline);
                        pango_cairo_show_layout_line(r->cr,
                                                     pango_layout_iter_get_line_readonly(it));
                        r->y += h;
                        i++;
                } while (pango_layout_iter_next_line(it));
                pango_layout_iter_free(it);
        }
        r->y += 4;
        g_object_unref(l);
}

static void shade(struct render *r, double x, double y, double w, double h)
{
        cairo_save(r->cr);
        cairo_set_source_rgb(r->cr, 0.88, 0.9, 0.93);
        cairo_rectangle(r->cr, x, y, w, h);
        cairo_fill(r->cr);
        cairo_restore(r->cr);
}

static void rule(struct render *r, double x, double y, double w, double h)
{
        cairo_save(r->cr);
        cairo_set_line_width(r->cr, 0.6);
        cairo_rectangle(r->cr, x, y, w, h);
        cairo_stroke(r->cr);
        cairo_restore(r->cr);
}

/* Draws one row of a table at the cursor, first breaking the page when it does not fit (and then
 * repeating the table's header, unless the row is the header). */
static void render_row(struct render *r, const struct block *b, char *const *texts, bool header)
{
        PangoLayout *cells[COLUMNS_MAX];
        double h = 0;
        for (size_t c = 0; c < b->ncolumns; c++) {
                cells[c] = text_layout(r, header ? r->bold : r->body, texts[c],
                                       b->widths[c] - 2 * PAD, PANGO_ALIGN_LEFT);
                double ch = layout_height(cells[c]) + 2 * PAD;
                h = ch > h ? ch : h;
        }
        if (r->y + h > BOTTOM && r->y > TOP) {
                new_page(r);
                if (!header && b->header)
                        render_row(r, b, b->header, true);
        }
        double x = MARGIN_X;
        for (size_t c = 0; c < b->ncolumns; c++) {
                if (header || (b->key_column && c == 0))
                        shade(r, x, r->y, b->widths[c], h);
                cairo_move_to(r->cr, x + PAD, r->y + PAD);
                pango_cairo_show_layout(r->cr, cells[c]);
                rule(r, x, r->y, b->widths[c], h);
                x += b->widths[c];
                g_object_unref(cells[c]);
        }
        r->y += h;
}

static void render_table(struct render *r, const struct block *b)
{
        space(r, 4);
        /* the header and the first row start together */
        make_room(r, (b->header ? 2 : 1) * (body_line(r) + 2 * PAD));
        if (b->header)
                render_row(r, b, b->header, true);
        for (size_t i = 0; i < b->nrows; i++)
                render_row(r, b, b->cells + i * b->ncolumns, false);
        r->y += 8;
}

static double signatures_height(struct render *r, const struct block *b)
{
        double w = (TEXT_W - BOX_GAP * (double)(b->nboxes - 1)) / (double)b->nboxes;
        double h = BOX_MIN_H;
        for (size_t i = 0; i < b->nboxes; i++) {
                double need = 48 + 6 * PAD;
                for (int k = 0; k < 3; k++) {
                        PangoLayout *l =
                            text_layout(r, k == 0 ? r->bold : r->body, b->boxes[i][k], w - 4 * PAD,
                                        k == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
                        need += layout_height(l);
                        g_object_unref(l);
                }
                h = need > h ? need : h;
        }
        return h;
}

static void render_signatures(struct render *r, const struct block *b)
{
        double w = (TEXT_W - BOX_GAP * (double)(b->nboxes - 1)) / (double)b->nboxes;
        PangoLayout *parts[SIGNATURES_MAX][3];
        double h = BOX_MIN_H;
        for (size_t i = 0; i < b->nboxes; i++) {
                parts[i][0] =
                    text_layout(r, r->bold, b->boxes[i][0], w - 4 * PAD, PANGO_ALIGN_LEFT);
                parts[i][1] =
                    text_layout(r, r->body, b->boxes[i][1], w - 4 * PAD, PANGO_ALIGN_LEFT);
                parts[i][2] =
                    text_layout(r, r->body, b->boxes[i][2], w - 4 * PAD, PANGO_ALIGN_RIGHT);
                /* the caption, the text, room for a seal, the foot */
                double need = layout_height(parts[i][0]) + layout_height(parts[i][1]) +
                              layout_height(parts[i][2]) + 48 + 6 * PAD;
                h = need > h ? need : h;
        }
        space(r, 10);
        make_room(r, h);
        double x = MARGIN_X;
        for (size_t i = 0; i < b->nboxes; i++) {
                double y = r->y + 2 * PAD;
                cairo_move_to(r->cr, x + 2 * PAD, y);
                pango_cairo_show_layout(r->cr, parts[i][0]);
                y += layout_height(parts[i][0]) + PAD;
                cairo_move_to(r->cr, x + 2 * PAD, y);
                pango_cairo_show_layout(r->cr, parts[i][1]);
                cairo_move_to(r->cr, x + 2 * PAD, r->y + h - 2 * PAD - layout_height(parts[i][2]));
                pango_cairo_show_layout(r->cr, parts[i][2]);
                rule(r, x, r->y, w, h);
                for (int k = 0; k < 3; k++)
                        g_object_unref(parts[i][k]);
                x += w + BOX_GAP;
        }
        r->y += h + 8;
}

static void render_block(struct render *r, const struct block *b, const struct block *next)
{
        switch (b->kind) {
        case BLOCK_TITLE:
                render_title(r, b);
                break;
        case BLOCK_HEADING:
                render_heading(r, b);
                break;
        case BLOCK_PARAGRAPH:
                render_paragraph(r, b, next);
                break;
        case BLOCK_TABLE:
                render_table(r, b);
                break;
        case BLOCK_SIGNATURES:
                render_signatures(r, b);
                break;
        }
}

/* Whether fontconfig gives the family asked for, not a substitute. */
static bool font_present(const char *family)
{
        PangoFontMap *map = pango_cairo_font_map_get_default();
        PangoContext *ctx = pango_font_map_create_context(map);
        PangoFontDescription *want = pango_font_description_from_string(family);
        PangoFont *font = pango_font_map_load_font(map, ctx, want);
        bool found = false;
        if (font != NULL) {
                PangoFontDescription *got = pango_font_describe(font);
                const char *name = pango_font_description_get_family(got);
                found = name != NULL && strcasecmp(name, family) == 0;
                pango_font_description_free(got);
                g_object_unref(font);
        }
        pango_font_description_free(want);
        g_object_unref(ctx);
        return found;
}

/* Where a pass writes: a file, memory, or nowhere (file and memory both unset). */
struct sink {
        int fd;
        bool to_memory;
        unsigned char *data;
        size_t size, cap;
        bool failed;
};

static cairo_status_t sink_write(void *closure, const unsigned char *data, unsigned int length)
{
        struct sink *s = closure;
        if (s->fd >= 0) {
                while (length > 0) {
                        ssize_t n = write(s->fd, data, length);
                        if (n < 0 && errno == EINTR)
                                continue;
                        if (n <= 0) {
                                s->failed = true;
                                return CAIRO_STATUS_WRITE_ERROR;
                        }
                        data += n;
                        length -= (unsigned int)n;
                }
        } else if (s->to_memory) {
                if (s->size + length > s->cap) {
                        size_t cap = s->cap ? s->cap : 65536;
                        while (cap < s->size + length)
                                cap *= 2;
                        unsigned char *grown = realloc(s->data, cap);
                        if (grown == NULL) {
                                s->failed = true;
                                return CAIRO_STATUS_NO_MEMORY;
                        }
                        s->data = grown;
                        s->cap = cap;
                }
                memcpy(s->data + s->size, data, length);
                s->size += length;
        }
        return CAIRO_STATUS_SUCCESS;
}

/* One pass: lays the document out into sink with total pages in the foot (0: while counting);
 * *pages receives the number of pages. */
static int render_pass(const struct pdf_doc *doc, struct sink *sink, int total, int *pages,
                       const char *where, struct gl_error *err)
{
        cairo_surface_t *surface =
            cairo_pdf_surface_create_for_stream(sink_write, sink, PAGE_W, PAGE_H);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, doc->title);
        cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "greenlane");
        struct render r = {.cr = cairo_create(surface), .y = TOP, .page = 1, .total = total};
        r.body = pango_font_description_from_string(SERIF " 10.5");
        r.bold = pango_font_description_from_string(SANS " Bold 10.5");
        r.title = pango_font_description_from_string(SERIF " Bold 18");
        r.foot = pango_font_description_from_string(SERIF " 9");
        cairo_set_source_rgb(r.cr, 0, 0, 0);
        for (size_t i = 0; i < doc->nblocks; i++)
                render_block(&r, &doc->blocks[i],
                             i + 1 < doc->nblocks ? &doc->blocks[i + 1] : NULL);
        draw_foot(&r);
        cairo_show_page(r.cr);
        cairo_status_t status = cairo_status(r.cr);
        cairo_destroy(r.cr);
        cairo_surface_finish(surface);
        if (status == CAIRO_STATUS_SUCCESS)
                status = cairo_surface_status(surface);
        cairo_surface_destroy(surface);
        pango_font_description_free(r.body);
        pango_font_description_free(r.bold);
        pango_font_description_free(r.title);
        pango_font_description_free(r.foot);
        if (status == CAIRO_STATUS_NO_MEMORY)
                return gl_fail(err, GL_ENOMEM, "", "out of memory");
        if (status != CAIRO_STATUS_SUCCESS || sink->failed)
                return gl_fail(err, GL_EIO, where,
                               "无法写入 PDF 文件 %s (cannot write the PDF): %s", where,
                               sink->failed ? strerror(errno) : cairo_status_to_string(status));
        *pages = r.page;
        return GL_OK;
}

/* Checks the fonts, counts the pages, then writes into sink. */
static int render(struct pdf_doc *doc, struct sink *sink, const char *where, struct gl_error *err)
{
        static const char *const families[] = {SANS, SERIF};
        for (size_t i = 0; i < GL_ARRAY_LEN(families); i++)
                if (!font_present(families[i]))
                        return gl_fail(err, GL_EIO, "font",
                                       "找不到字体 %s (font not found; Debian: fonts-noto-cjk)",
                                       families[i]);
        struct sink nowhere = {.fd = -1};
        int total = 0, pages = 0;
        int rc = render_pass(doc, &nowhere, 0, &total, where, err);
        if (rc == GL_OK)
                rc = render_pass(doc, sink, total, &pages, where, err);
        if (rc == GL_OK)
                doc->pages = pages;
        return rc;
}

int pdf_write_memory(struct pdf_doc *doc, unsigned char **data, size_t *size, struct gl_error *err)
{
        struct sink sink = {.fd = -1, .to_memory = true};
        int rc = render(doc, &sink, "PDF", err);
        if (rc != GL_OK) {
                free(sink.data);
                return rc;
        }
        *data = sink.data;
        *size = sink.size;
        return GL_OK;
}

int pdf_write_file(struct pdf_doc *doc, const char *path, struct gl_error *err)
{
        char tmp[4096];
        if ((size_t)snprintf(tmp, sizeof(tmp), "%s.%ld.tmp", path, (long)getpid()) >= sizeof(tmp))
                return gl_fail(err, GL_EINVAL, path, "路径过长 (path too long)");
        int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd < 0)
                return gl_fail(err, GL_EIO, path,
                               "无法创建 PDF 文件 %s (cannot create the file): %s", path,
                               strerror(errno));
        struct sink sink = {.fd = fd};
        int rc = render(doc, &sink, path, err);
        if (rc == GL_OK && fsync(fd) != 0)
                rc = gl_fail(err, GL_EIO, path, "无法写入 PDF 文件 %s (cannot write the file): %s",
                             path, strerror(errno));
        if (close(fd) != 0 && rc == GL_OK)
                rc = gl_fail(err, GL_EIO, path, "无法写入 PDF 文件 %s (cannot write the file): %s",
                             path, strerror(errno));
        if (rc == GL_OK && rename(tmp, path) != 0)
                rc = gl_fail(err, GL_EIO, path,
                             "无法写入 PDF 文件 %s (cannot rename into place): %s", path,
                             strerror(errno));
        if (rc != GL_OK)
                unlink(tmp);
        return rc;
}

void pdf_release_fonts(void)
{
        pango_cairo_font_map_set_default(NULL);
        cairo_debug_reset_static_data();
        FcFini();
}

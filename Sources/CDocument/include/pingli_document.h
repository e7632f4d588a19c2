#ifndef PINGLI_DOCUMENT_H
#define PINGLI_DOCUMENT_H
/* A small C face on cairo (PDF surface), Pango (Chinese text layout and line breaking through
   fontconfig) and libqrencode, so Swift sees plain types and no GLib macros. Units are PDF
   points (1/72 inch); y grows downwards from the top of the page. */

typedef struct pingli_pdf pingli_pdf;

/* Opens a PDF file of pages `width` × `height` points, text in `font_family`. NULL on failure. */
pingli_pdf *pingli_pdf_create(const char *path, double width, double height, const char *font_family);
/* 0 while everything is well; else cairo's status (a message from pingli_pdf_error). */
int pingli_pdf_status(const pingli_pdf *pdf);
const char *pingli_pdf_error(int status);
/* Title, author, subject, creator (CAIRO_PDF_METADATA_* order: 0 title, 1 author, 2 subject, 3 keywords, 4 creator). */
void pingli_pdf_set_metadata(pingli_pdf *pdf, int key, const char *value);

/* Lays `text` (UTF-8) out in a box `width` wide at `size` points; align 0 left, 1 centre, 2 right,
   3 justified. Draws it at (x, y) when `draw` is non-zero. Returns the height it takes. */
double pingli_pdf_text(pingli_pdf *pdf, const char *text, double x, double y, double width, double size,
                       int bold, int align, int draw);
/* The family Pango actually used for `text` (to check a CJK font was found); caller frees. */
char *pingli_pdf_resolved_family(pingli_pdf *pdf, const char *text, double size);
void pingli_string_free(char *s);

void pingli_pdf_line(pingli_pdf *pdf, double x1, double y1, double x2, double y2, double width);
void pingli_pdf_rect(pingli_pdf *pdf, double x, double y, double w, double h, double line_width, int fill);
void pingli_pdf_new_page(pingli_pdf *pdf);
/* Finishes and closes the file; returns the final status (0 when the file is complete). */
int pingli_pdf_close(pingli_pdf *pdf);

/* Encodes `text` as a QR code (error correction M); writes width×width modules (1 dark, 0 light)
   into `modules` when it fits in `capacity`. Returns the width, or 0 on failure. */
int pingli_qr_encode(const char *text, unsigned char *modules, int capacity);
#endif

#include "pingli_document.h"
#include <pango/pangocairo.h>
#include <cairo-pdf.h>
#include <qrencode.h>
#include <stdlib.h>
#include <string.h>

struct pingli_pdf {
    cairo_surface_t *surface;
    cairo_t *cr;
    char *family;
};

pingli_pdf *pingli_pdf_create(const char *path, double width, double height, const char *font_family) {
    cairo_surface_t *surface = cairo_pdf_surface_create(path, width, height);
    if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
        cairo_surface_destroy(surface);
        return NULL;
    }
    cairo_pdf_surface_restrict_to_version(surface, CAIRO_PDF_VERSION_1_5);
    pingli_pdf *pdf = calloc(1, sizeof *pdf);
    pdf->surface = surface;
    pdf->cr = cairo_create(surface);
    pdf->family = strdup(font_family);
    return pdf;
}

int pingli_pdf_status(const pingli_pdf *pdf) {
    int s = cairo_status(pdf->cr);
    return s ? s : (int)cairo_surface_status(pdf->surface);
}

const char *pingli_pdf_error(int status) { return cairo_status_to_string((cairo_status_t)status); }

void pingli_pdf_set_metadata(pingli_pdf *pdf, int key, const char *value) {
    cairo_pdf_surface_set_metadata(pdf->surface, (cairo_pdf_metadata_t)key, value);
}

static PangoLayout *layout_for(pingli_pdf *pdf, const char *text, double width, double size, int bold, int align) {
    PangoLayout *layout = pango_cairo_create_layout(pdf->cr);
    PangoFontDescription *font = pango_font_description_new();
    pango_font_description_set_family(font, pdf->family);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_font_description_free(font);
    pango_layout_set_width(layout, (int)(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_spacing(layout, (int)(size * 0.35 * PANGO_SCALE));
    if (align == 3) {
        pango_layout_set_justify(layout, TRUE);
    } else {
        pango_layout_set_alignment(layout, align == 1 ? PANGO_ALIGN_CENTER : align == 2 ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    }
    pango_layout_set_text(layout, text, -1);
    return layout;
}

double pingli_pdf_text(pingli_pdf *pdf, const char *text, double x, double y, double width, double size,
                       int bold, int align, int draw) {
    PangoLayout *layout = layout_for(pdf, text, width, size, bold, align);
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    if (draw) {
        cairo_set_source_rgb(pdf->cr, 0, 0, 0);
        cairo_move_to(pdf->cr, x, y);
        pango_cairo_show_layout(pdf->cr, layout);
    }
    g_object_unref(layout);
    return (double)h / PANGO_SCALE;
}

char *pingli_pdf_resolved_family(pingli_pdf *pdf, const char *text, double size) {
    PangoLayout *layout = layout_for(pdf, text, 1000, size, 0, 0);
    PangoLayoutIter *iter = pango_layout_get_iter(layout);
    char *result = NULL;
    PangoLayoutRun *run = pango_layout_iter_get_run_readonly(iter);
    if (run) {
        PangoFontDescription *d = pango_font_describe(run->item->analysis.font);
        const char *family = pango_font_description_get_family(d);
        result = strdup(family ? family : "");
        pango_font_description_free(d);
    }
    pango_layout_iter_free(iter);
    g_object_unref(layout);
    return result ? result : strdup("");
}

void pingli_string_free(char *s) { free(s); }

void pingli_pdf_line(pingli_pdf *pdf, double x1, double y1, double x2, double y2, double width) {
    cairo_set_source_rgb(pdf->cr, 0, 0, 0);
    cairo_set_line_width(pdf->cr, width);
    cairo_move_to(pdf->cr, x1, y1);
    cairo_line_to(pdf->cr, x2, y2);
    cairo_stroke(pdf->cr);
}

void pingli_pdf_rect(pingli_pdf *pdf, double x, double y, double w, double h, double line_width, int fill) {
    cairo_set_source_rgb(pdf->cr, 0, 0, 0);
    cairo_rectangle(pdf->cr, x, y, w, h);
    if (fill) {
        cairo_fill(pdf->cr);
    } else {
        cairo_set_line_width(pdf->cr, line_width);
        cairo_stroke(pdf->cr);
    }
}

void pingli_pdf_new_page(pingli_pdf *pdf) { cairo_show_page(pdf->cr); }

int pingli_pdf_close(pingli_pdf *pdf) {
    cairo_destroy(pdf->cr);
    cairo_surface_finish(pdf->surface);
    int status = (int)cairo_surface_status(pdf->surface);
    cairo_surface_destroy(pdf->surface);
    free(pdf->family);
    free(pdf);
    return status;
}

int pingli_qr_encode(const char *text, unsigned char *modules, int capacity) {
    QRcode *qr = QRcode_encodeString(text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
    if (!qr) return 0;
    int width = qr->width;
    if (width * width > capacity) { QRcode_free(qr); return 0; }
    for (int i = 0; i < width * width; i++) modules[i] = qr->data[i] & 1;
    QRcode_free(qr);
    return width;
}

import CDocument
import Foundation

/// Draws a ``PrintedDocument`` on A4 pages as PDF through cairo and Pango (`Sources/CDocument`):
/// Chinese line breaking, the font embedded (subset), tables that repeat their header row on
/// every page they run onto, and on every page the document's footer and "第 x 页 共 y 页".
/// Layout runs twice, first on a scratch surface to count the pages, then for real.
public struct PDFRenderer: Sendable {
    /// The font family asked of fontconfig; the default is the one `.ci/install-deps` installs.
    public var fontFamily: String
    public static let defaultFont = "WenQuanYi Micro Hei"

    static let pageWidth = 595.276, pageHeight = 841.890   // A4 in points
    static let margin = 56.7                                // 20 mm

    public init(fontFamily: String? = nil) {
        self.fontFamily = fontFamily ?? ProcessInfo.processInfo.environment["PINGLI_PDF_FONT"].flatMap { $0.isEmpty ? nil : $0 } ?? Self.defaultFont
    }

    /// Writes `document` to `path`; returns the number of pages.
    @discardableResult
    public func render(_ document: PrintedDocument, to path: String) throws -> Int {
        guard let scratch = pingli_pdf_create("/dev/null", Self.pageWidth, Self.pageHeight, fontFamily) else {
            throw DocumentError.render(Message("say.pdf-no-surface"))
        }
        // The family fontconfig gives for Chinese text: a document in boxes is refused before it is written.
        let resolved = pingli_pdf_resolved_family(scratch, "评理笔录", 11)
        let family = resolved.map { String(cString: $0) } ?? ""
        pingli_string_free(resolved)
        guard family.localizedCaseInsensitiveContains(fontFamily) || fontFamily.localizedCaseInsensitiveContains(family) else {
            _ = pingli_pdf_close(scratch)
            throw DocumentError.render(Message("say.pdf-no-font", fontFamily, family))
        }
        var counter = Layout(pdf: scratch, document: document, draw: false, totalPages: 0)
        let pages = counter.run()
        _ = pingli_pdf_close(scratch)
        guard let pdf = pingli_pdf_create(path, Self.pageWidth, Self.pageHeight, fontFamily) else {
            throw DocumentError.render(Message("say.pdf-cannot-write", path))
        }
        pingli_pdf_set_metadata(pdf, 0, document.title)
        pingli_pdf_set_metadata(pdf, 1, document.author)
        pingli_pdf_set_metadata(pdf, 4, "Pingli 评理")
        var layout = Layout(pdf: pdf, document: document, draw: true, totalPages: pages)
        _ = layout.run()
        let status = pingli_pdf_close(pdf)
        guard status == 0 else { throw DocumentError.render(Message("say.pdf-write-failed", path, String(cString: pingli_pdf_error(status)))) }
        return pages
    }

    /// One pass over the blocks: where each falls, and (when drawing) drawing it.
    struct Layout {
        let pdf: OpaquePointer
        let document: PrintedDocument
        let draw: Bool
        let totalPages: Int
        var page = 1
        var y = PDFRenderer.margin
        let left = PDFRenderer.margin
        let width = PDFRenderer.pageWidth - 2 * PDFRenderer.margin
        var bottom = 0.0

        init(pdf: OpaquePointer, document: PrintedDocument, draw: Bool, totalPages: Int) {
            self.pdf = pdf
            self.document = document
            self.draw = draw
            self.totalPages = totalPages
        }

        func text(_ s: String, x: Double, y: Double, width: Double, size: Double, bold: Bool = false, align: Int32 = 0, draw: Bool? = nil) -> Double {
            pingli_pdf_text(pdf, s, x, y, width, size, bold ? 1 : 0, align, (draw ?? self.draw) ? 1 : 0)
        }

        /// Height of the foot of each page: confirmation lines, signature lines, page number.
        func footerHeight() -> Double {
            var h = 8.0
            for line in document.footer { h += text(line, x: left, y: 0, width: width, size: 9, draw: false) + 2 }
            let rows = (document.footerSignatures.count + 2) / 3
            h += Double(rows) * 20 + 18
            return h
        }

        mutating func run() -> Int {
            bottom = PDFRenderer.pageHeight - PDFRenderer.margin - footerHeight()
            for block in document.blocks { place(block) }
            drawFooter()
            return page
        }

        mutating func newPage() {
            drawFooter()
            pingli_pdf_new_page(pdf)
            page += 1
            y = PDFRenderer.margin
        }

        /// Moves to a new page unless `height` fits below `y`.
        mutating func ensure(_ height: Double) {
            if y + height > bottom && y > PDFRenderer.margin + 1 { newPage() }
        }

        func drawFooter() {
            guard draw else { return }
            var fy = bottom + 8
            if !document.footer.isEmpty || !document.footerSignatures.isEmpty { pingli_pdf_line(pdf, left, fy - 4, left + width, fy - 4, 0.5) }
            for line in document.footer { fy += text(line, x: left, y: fy, width: width, size: 9) + 2 }
            let columnWidth = width / 3
            for (i, name) in document.footerSignatures.enumerated() {
                let x = left + Double(i % 3) * columnWidth
                let rowY = fy + 4 + Double(i / 3) * 20
                _ = text("\(name)：", x: x, y: rowY, width: columnWidth, size: 9)
                pingli_pdf_line(pdf, x + columnWidth * 0.45, rowY + 12, x + columnWidth - 8, rowY + 12, 0.5)
            }
            _ = text("第 \(page) 页 共 \(totalPages) 页", x: left, y: PDFRenderer.pageHeight - PDFRenderer.margin + 6, width: width, size: 9, align: 1)
        }

        mutating func paragraph(_ s: String, size: Double, bold: Bool = false, align: Int32 = 0, after: Double) {
            let h = text(s, x: left, y: y, width: width, size: size, bold: bold, align: align, draw: false)
            if h > bottom - PDFRenderer.margin {
                // Taller than a page: split at a sentence end (or in the middle) and place each half.
                let chars = Array(s)
                let middle = chars.count / 2
                let cut = (chars[..<middle].lastIndex { "。；！？\n".contains($0) }).map { $0 + 1 } ?? middle
                guard cut > 0, cut < chars.count else { ensure(h); _ = text(s, x: left, y: y, width: width, size: size, bold: bold, align: align); y += h + after; return }
                paragraph(String(chars[..<cut]), size: size, bold: bold, align: align, after: 0)
                paragraph(String(chars[cut...]), size: size, bold: bold, align: align, after: after)
                return
            }
            ensure(h)
            _ = text(s, x: left, y: y, width: width, size: size, bold: bold, align: align)
            y += h + after
        }

        mutating func place(_ block: PrintedDocument.Block) {
            switch block {
            case let .title(t): paragraph(t, size: 20, bold: true, align: 1, after: 6)
            case let .subtitle(t): paragraph(t, size: 11, align: 1, after: 4)
            case let .heading(t):
                y += 6
                ensure(16 + 30)   // a heading does not end a page
                paragraph(t, size: 13, bold: true, after: 4)
            case let .paragraph(t): paragraph(t, size: 11, after: 5)
            case let .fields(fields):
                let labelWidth = 92.0
                for f in fields {
                    let h = max(text(f.label + "：", x: left, y: y, width: labelWidth, size: 11, bold: true, draw: false),
                                text(f.value, x: left + labelWidth, y: y, width: width - labelWidth, size: 11, draw: false))
                    ensure(h)
                    _ = text(f.label + "：", x: left, y: y, width: labelWidth, size: 11, bold: true)
                    _ = text(f.value, x: left + labelWidth, y: y, width: width - labelWidth, size: 11)
                    y += h + 3
                }
                y += 3
            case let .table(headers, rows, widths): table(headers, rows, widths)
            case let .signatures(names, fingerprint):
                for name in names {
                    ensure(30)
                    y += 10
                    let label = "\(name)（\(fingerprint ? "签名或捺印" : "签名")）："
                    _ = text(label, x: left, y: y, width: width * 0.5, size: 11)
                    if draw {
                        pingli_pdf_line(pdf, left + width * 0.42, y + 14, left + width * 0.70, y + 14, 0.6)
                        _ = text("日期：", x: left + width * 0.72, y: y, width: 40, size: 11)
                        pingli_pdf_line(pdf, left + width * 0.72 + 34, y + 14, left + width, y + 14, 0.6)
                    }
                    y += 20
                }
                y += 6
            case let .qr(t, caption): qr(t, caption)
            case let .space(h): y += h
            case .pageBreak: newPage()
            }
        }

        mutating func table(_ headers: [String], _ rows: [[String]], _ widths: [Double]) {
            let pad = 3.0
            let columns = widths.map { $0 * width }
            func height(_ cells: [String], bold: Bool) -> Double {
                zip(cells, columns).map { text($0, x: 0, y: 0, width: $1 - 2 * pad, size: 10, bold: bold, draw: false) }.max() ?? 0
            }
            func drawRow(_ cells: [String], bold: Bool, h: Double) {
                var x = left
                for (cell, w) in zip(cells, columns) {
                    if draw { pingli_pdf_rect(pdf, x, y, w, h + 2 * pad, 0.5, 0) }
                    _ = text(cell, x: x + pad, y: y + pad, width: w - 2 * pad, size: 10, bold: bold)
                    x += w
                }
                y += h + 2 * pad
            }
            let headerHeight = height(headers, bold: true)
            ensure(headerHeight + 2 * pad + 20)
            drawRow(headers, bold: true, h: headerHeight)
            for row in rows {
                let h = height(row, bold: false)
                if y + h + 2 * pad > bottom {
                    newPage()
                    drawRow(headers, bold: true, h: headerHeight)   // the header again on the new page
                }
                drawRow(row, bold: false, h: h)
            }
            y += 6
        }

        mutating func qr(_ t: String, _ caption: String) {
            var modules = [UInt8](repeating: 0, count: 177 * 177)
            let n = Int(pingli_qr_encode(t, &modules, Int32(modules.count)))
            let size = 96.0
            ensure(size + 8)
            if draw && n > 0 {
                let cell = size / Double(n + 8)
                for r in 0..<n { for c in 0..<n where modules[r * n + c] == 1 {
                    pingli_pdf_rect(pdf, left + Double(c + 4) * cell, y + Double(r + 4) * cell, cell, cell, 0, 1)
                } }
            }
            _ = text(caption, x: left + size + 12, y: y + 10, width: width - size - 12, size: 9)
            y += size + 8
        }
    }
}

/// A document as the office prints it, independent of how it is drawn: blocks in reading
/// order, and what every page repeats at its foot. Builders (``RecordDocument``,
/// ``AgreementDocument``, ``NoticeDocument``) are pure; ``PDFRenderer`` draws one on A4.
public struct PrintedDocument: Sendable, Equatable {
    public enum Block: Sendable, Equatable {
        /// The document's name, centred and large (评理笔录).
        case title(String)
        /// A centred line under the title (the office, the record number).
        case subtitle(String)
        case heading(String)
        case paragraph(String)
        /// `label：value` lines, the label in bold.
        case fields([Field])
        /// A table whose header row is repeated on every page it runs onto; `widths` are
        /// fractions of the text width.
        case table(headers: [String], rows: [[String]], widths: [Double])
        /// A signature line for each name: `name（签名）：________  日期：______`.
        case signatures([String], fingerprint: Bool)
        /// A QR code of `text` with a caption beside it.
        case qr(text: String, caption: String)
        case space(Double)
        /// Starts a new page (one notice per page).
        case pageBreak
    }

    public struct Field: Sendable, Equatable {
        public var label: String
        public var value: String
        public init(_ label: String, _ value: String) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    public var author: String
    public var blocks: [Block]
    /// Lines at the foot of every page, above the page number (the 笔录's confirmation).
    public var footer: [String]
    /// Signature lines at the foot of every page (parties, moderator, recorder).
    public var footerSignatures: [String]

    public init(title: String, author: String, blocks: [Block], footer: [String] = [], footerSignatures: [String] = []) {
        self.title = title
        self.author = author
        self.blocks = blocks
        self.footer = footer
        self.footerSignatures = footerSignatures
    }

    /// Every piece of text in the document, in order (for checks and tests).
    public var text: String {
        var out: [String] = []
        for b in blocks {
            switch b {
            case let .title(t), let .subtitle(t), let .heading(t), let .paragraph(t): out.append(t)
            case let .fields(fs): out += fs.map { "\($0.label)：\($0.value)" }
            case let .table(h, rows, _): out.append(h.joined(separator: " ")); out += rows.map { $0.joined(separator: " ") }
            case let .signatures(names, _): out += names
            case let .qr(t, c): out += [t, c]
            case .space, .pageBreak: break
            }
        }
        return (out + footer + footerSignatures).joined(separator: "\n")
    }
}

/// The office as its documents name it (`pingli office set`).
public struct OfficeProfile: Sendable, Equatable {
    /// The committee or office (××街道人民调解委员会).
    public var name: String
    public var address: String?
    public var phone: String?
    /// The text of the seal, printed where it is applied (the seal itself is stamped by hand).
    public var seal: String?

    public init(name: String, address: String? = nil, phone: String? = nil, seal: String? = nil) {
        self.name = name
        self.address = address
        self.phone = phone
        self.seal = seal
    }

    static let keys = (name: "office.name", address: "office.address", phone: "office.phone", seal: "office.seal")

    /// The profile in the office's settings; nil until `pingli office set --name` has been run.
    public static func load(_ settings: any SettingsAccess) throws -> OfficeProfile? {
        guard let name = try settings.value(keys.name) else { return nil }
        return OfficeProfile(name: name, address: try settings.value(keys.address), phone: try settings.value(keys.phone),
                             seal: try settings.value(keys.seal))
    }

    public func save(_ settings: any SettingsAccess) throws {
        try settings.set(Self.keys.name, name)
        try settings.set(Self.keys.address, address)
        try settings.set(Self.keys.phone, phone)
        try settings.set(Self.keys.seal, seal)
    }
}

/// Why a document cannot be printed: nothing is printed blank.
public enum DocumentError: Error, CustomStringConvertible, Equatable, Sendable {
    case missing([String], hint: Message)
    case notReady(Message)
    case render(Message)

    public var description: String {
        switch self {
        case let .missing(fields, hint): return Message("say.document-needs", Catalogue.list(fields), hint).description
        case let .notReady(m), let .render(m): return m.description
        }
    }
}

import Foundation

/// Writes the pool as a CSV file that ``PoolImporter`` reads back unchanged.
public struct PoolExporter: Sendable {
    public enum Headers: String, Sendable, CaseIterable {
        /// English column names and stable keys (`legal-professional`, `active`).
        case en
        /// Chinese column names and labels (`专业人才`, `在库`), for people reading it in Excel.
        case zh
    }

    public let store: any PoolKeeping

    public init(_ store: any PoolKeeping) { self.store = store }

    /// Writes every representative to `path`; returns how many.
    @discardableResult
    public func write(to path: String, headers: Headers = .en, byteOrderMark: Bool = true) throws -> Int {
        var writer = try CSVWriter(path: path, byteOrderMark: byteOrderMark)
        try writer.write(PoolColumn.allCases.map { headers == .en ? $0.rawValue : $0.chineseNames[0] })
        let catalog = try store.catalog()
        var count = 0
        try store.forEach { rep in
            let texts = rep.fieldTexts
            try writer.write(PoolColumn.allCases.map { c in
                if headers == .zh {
                    switch c {
                    case .categories: return rep.categories.map(catalog.label).joined(separator: "、")
                    case .gender: return rep.gender.label
                    case .intake: return rep.intake.label
                    case .status: return rep.status.label
                    default: break
                    }
                }
                return (texts[c] ?? nil) ?? ""
            })
            count += 1
        }
        try writer.close()
        return count
    }
}

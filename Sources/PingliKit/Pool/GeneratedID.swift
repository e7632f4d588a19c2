/// The ids Pingli gives people who come without one: `R-` and a number of at least six digits
/// (`R-000123`). Both stores follow the same rules, so an office file and the county store
/// give the same rows the same ids.
public enum GeneratedID {
    /// `R-` and `number`, zero-padded to six digits.
    public static func format(_ number: Int) -> String { "R-" + zeroPadded(number, 6) }

    /// The number of an id in the generated form (`R-` and 1 to 18 ASCII digits), else nil.
    /// Any id of that form counts, whether Pingli gave it or a file did.
    public static func number(_ id: String) -> Int? {
        let bytes = id.utf8
        guard bytes.count > 2, bytes.count <= 20, bytes.starts(with: "R-".utf8) else { return nil }
        var n = 0
        for b in bytes.dropFirst(2) {
            guard b >= 0x30, b <= 0x39 else { return nil }
            n = n * 10 + Int(b - 0x30)
        }
        return n
    }

    /// The first number an import gives its rows without an id: after the highest generated
    /// number in the store and every one in the file, so that no id a later line of the file
    /// gives can already have been handed out. The rows then take numbers in line order.
    public static func firstForImport(storeHighest: Int, fileHighest: Int) -> Int {
        max(storeHighest, fileHighest) + 1
    }
}

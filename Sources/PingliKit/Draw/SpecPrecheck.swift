/// Checks a spec's text for what the TOML parser must never see, before it sees it.
///
/// The toml++ parser inside TOMLKit 0.6.0 asserts (debug builds) or assumes (release builds,
/// undefined behaviour) that a table header starts with a key character, so `[关系]`,
/// `[[[1]]]` or `[[=` abort the process instead of failing (marzer/tomlplusplus#301, found
/// here by SpecFuzzTests). TOML forbids these anyway, as it forbids control characters, so
/// refusing them first also gives the office a precise message. The same goes for a value
/// position holding `}`, `,` or nothing (`a = [1, }`), which trips another of its assertions.
enum SpecPrecheck {
    static func check(_ text: String, file: String) throws(SpecError) {
        var lexer = Lexer(file: file)
        try lexer.run(Array(text.unicodeScalars))
    }

    private struct Lexer {
        let file: String
        var line = 1, column = 1
        /// Open arrays (`[`) and inline tables (`{`) inside a value.
        var containers: [Unicode.Scalar] = []
        /// After `=`, or `[` / `,` in an array: a value must come next.
        var expectingValue = false
        /// Only whitespace so far on this line.
        var lineStart = true

        init(file: String) { self.file = file }

        func fail(_ message: Message) -> SpecError { SpecError(file: file, line: line, column: column, message: message.description) }

        static func isKeyStart(_ c: Unicode.Scalar) -> Bool {
            ("a"..."z").contains(c) || ("A"..."Z").contains(c) || ("0"..."9").contains(c) || c == "_" || c == "-" || c == "\"" || c == "'" || c == "]"
        }

        mutating func run(_ s: [Unicode.Scalar]) throws(SpecError) {
            var i = 0
            func at(_ k: Int) -> Unicode.Scalar? { k < s.count ? s[k] : nil }
            func starts(_ token: String, _ k: Int) -> Bool {
                var k = k
                for t in token.unicodeScalars { guard at(k) == t else { return false }; k += 1 }
                return true
            }
            // Advances over s[i], keeping line and column.
            func step() throws(SpecError) {
                let c = s[i]
                let v = c.value
                if v == 0x0D && at(i + 1) != "\n" {
                    throw fail(Message("draw.spec-lone-cr"))
                }
                if (v < 0x20 && v != 0x09 && v != 0x0A && v != 0x0D) || v == 0x7F {
                    throw fail(Message("draw.spec-control-char", String(v, radix: 16, uppercase: true).leftPadded(4)))
                }
                i += 1
                if v == 0x0A { line += 1; column = 1; lineStart = true } else { column += 1 }
            }
            func skip(through end: String, escapes: Bool, singleLine: Bool) throws(SpecError) {
                while i < s.count {
                    if singleLine && s[i] == "\n" { return }
                    if escapes && s[i] == "\\" { try step(); if i < s.count { try step() }; continue }
                    if starts(end, i) { for _ in end.unicodeScalars { try step() }; return }
                    try step()
                }
            }
            while i < s.count {
                let c = s[i]
                let inArray = containers.last == "["
                if expectingValue {
                    switch c {
                    case " ", "\t": try step(); continue
                    case "\r" where !inArray, "\n" where !inArray, "#" where !inArray:
                        throw fail(Message("draw.spec-value-missing"))
                    case "]" where inArray:
                        expectingValue = false
                    case "}", ",", "]":
                        throw fail(Message("draw.spec-value-before", c))
                    default:
                        if c != "\r" && c != "\n" && c != "#" { expectingValue = false }
                    }
                }
                if c == " " || c == "\t" || c == "\r" || c == "\n" { try step(); continue }
                let wasLineStart = lineStart
                lineStart = false
                if c == "#" {
                    while i < s.count && s[i] != "\n" { try step() }
                } else if starts("\"\"\"", i) {
                    for _ in 0..<3 { try step() }
                    try skip(through: "\"\"\"", escapes: true, singleLine: false)
                } else if starts("'''", i) {
                    for _ in 0..<3 { try step() }
                    try skip(through: "'''", escapes: false, singleLine: false)
                } else if c == "\"" {
                    try step()
                    try skip(through: "\"", escapes: true, singleLine: true)
                } else if c == "'" {
                    try step()
                    try skip(through: "'", escapes: false, singleLine: true)
                } else if c == "[" && containers.isEmpty && wasLineStart {
                    // A table header: `[` or `[[`, spaces, then a key.
                    try step()
                    if at(i) == "[" { try step() }
                    while at(i) == " " || at(i) == "\t" { try step() }
                    guard let next = at(i), Self.isKeyStart(next) else {
                        throw fail(Message("draw.spec-table-name"))
                    }
                    // The rest of a header is one line; the TOML parser reads it.
                    while i < s.count && s[i] != "\n" {
                        if s[i] == "\"" { try step(); try skip(through: "\"", escapes: true, singleLine: true) }
                        else if s[i] == "'" { try step(); try skip(through: "'", escapes: false, singleLine: true) }
                        else { try step() }
                    }
                } else {
                    switch c {
                    case "[": containers.append(c); expectingValue = true
                    case "{": containers.append(c)
                    case "]", "}": if !containers.isEmpty { containers.removeLast() }
                    case ",": expectingValue = containers.last == "["
                    case "=": expectingValue = true
                    default: break
                    }
                    try step()
                }
            }
            if expectingValue { throw fail(Message("draw.spec-ends-early")) }
        }
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}

import Foundation
import Testing
@testable import PingliKit

/// Every stored hash is taken over the canonical text, so its bytes may never change: the
/// writer is checked against fixed texts and, on many generated strings, against the
/// scalar-by-scalar writer the first releases used.
@Suite("Canonical text and hashes")
struct CanonicalTextTests {
    @Test func fixedTexts() {
        #expect(JSONValue.string("第 1 条更正：双方\"同意\"\\").canonical == #""第 1 条更正：双方\"同意\"\\""#)
        #expect(JSONValue.string("a\nb\r\t\u{08}\u{0C}\u{01}\u{1F}\u{7F}😀").canonical == "\"a\\nb\\r\\t\\b\\f\\u0001\\u001f\u{7F}😀\"")
        let object = JSONValue.object(["乙": .int(2), "b": .array([.null, .bool(true), .double(1.5), .double(3)]), "a": .string("")])
        #expect(object.canonical == #"{"a":"","b":[null,true,1.5,3],"乙":2}"#)
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_795_222_800.999)) == "2026-11-21T01:00:00.999Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000Z")
        #expect(hex([0x00, 0x0f, 0xa0, 0xff]) == "000fa0ff")
    }

    /// A fixed event's hash, as every earlier release computed it.
    @Test func fixedHash() {
        let row = StoredEvent.chained(hearingID: "H-2026-0001", seq: 2, at: "2026-11-21T01:00:00.250Z", operatorName: "王调解",
                                      body: .corrected(seq: 1, text: "第 1 条更正：\"停车位\"\n"), after: HashChain.genesis("H-2026-0001"))
        #expect(row.payload == #"{"seq":1,"text":"第 1 条更正：\"停车位\"\n"}"#)
        let canonical = #"{"at":"2026-11-21T01:00:00.250Z","hearing":"H-2026-0001","operator":"王调解","payload":"# + row.payload + #","seq":2,"type":"corrected"}"#
        #expect(HashChain.canonical(hearingID: "H-2026-0001", seq: 2, at: row.at, operatorName: "王调解", type: "corrected", payloadText: row.payload) == canonical)
        #expect(row.hash == HashChain.hash(previous: HashChain.genesis("H-2026-0001"), canonical: canonical))
        // SHA-256(genesis bytes ‖ canonical), computed apart from Pingli (Python's hashlib).
        #expect(row.hash == "f22cdf1db996229a0d1191a2c6b9d0141cb80cf7c5337427ba76f2005f5d2dbb")
        #expect(HashChain.verify(hearingID: "H-2026-0001", rows: [StoredEvent.chained(hearingID: "H-2026-0001", seq: 1, at: row.at, operatorName: "王调解",
                                                                                      body: .note(text: "开始"), after: HashChain.genesis("H-2026-0001"))],
                                 sealedHash: nil).isEmpty)
    }

    @Test("a history entry's changes written without JSONEncoder read back the same")
    func historyChanges() throws {
        let changes = [FieldChange(field: "name", old: nil, new: "王\"丽\"\n"), FieldChange(field: "phone", old: "13800000001", new: nil),
                       FieldChange(field: "categories", old: "resident", new: "resident;legal-professional"), FieldChange(field: "x", old: nil, new: nil)]
        let text = FieldChange.json(changes)
        #expect(try JSONDecoder().decode([FieldChange].self, from: Data(text.utf8)) == changes)
        #expect(text.hasPrefix(#"[{"field":"name","new":"王\"丽\"\n"}"#), "\(text)")
        #expect(FieldChange.json([]) == "[]")
        let canonical = JSONValue.array(changes.map { c in
            .object(["field": .string(c.field)].merging([("old", c.old), ("new", c.new)].compactMap { k, v in v.map { (k, JSONValue.string($0)) } },
                                                        uniquingKeysWith: { a, _ in a }))
        }).canonical
        #expect(text == canonical, "written in canonical form")
    }

    @Test func sameBytesAsTheFirstWriter() {
        var rng = SplitMix(state: 20261204)
        let alphabet: [Unicode.Scalar] = ["a", "Z", "0", " ", "\"", "\\", "/", "\n", "\r", "\t", "\u{08}", "\u{0C}", "\u{00}", "\u{01}", "\u{1F}",
                                          "\u{7F}", "\u{80}", "é", "第", "议", "：", "\u{2028}", "😀", "\u{FEFF}"]
        for _ in 0..<2_000 {
            let n = Int.random(in: 0...24, using: &rng)
            var s = ""
            for _ in 0..<n { s.unicodeScalars.append(alphabet.randomElement(using: &rng)!) }
            #expect(JSONValue.string(s).canonical == Self.firstWriter(s))
            let key = String(s.prefix(3))
            let value = JSONValue.object([key: .string(s), "seq": .int(Int64(n))])
            #expect(value.canonical == "{" + [(key, Self.firstWriter(s)), ("seq", String(n))]
                .sorted { $0.0.utf16.lexicographicallyPrecedes($1.0.utf16) }
                .map { Self.firstWriter($0.0) + ":" + $0.1 }.joined(separator: ",") + "}")
            let row = StoredEvent.chained(hearingID: "H-" + s, seq: n + 1, at: s, operatorName: s, body: .note(text: s), after: HashChain.genesis(s))
            #expect(row.hash == HashChain.hash(previous: row.prevHash,
                                               canonical: HashChain.canonical(hearingID: "H-" + s, seq: n + 1, at: s, operatorName: s,
                                                                              type: "note", payload: .object(["text": .string(s)]))))
        }
    }

    /// The writer of the first releases, scalar by scalar into a `String`.
    static func firstWriter(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}

/// A small seeded generator (SplitMix64), so a failure here repeats.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

import Foundation
import Crypto

/// The hearing log's hash chain: `hash = SHA-256(previous hash ‖ canonical event)`.
///
/// The canonical event is the canonical JSON (``JSONValue/canonical``) of
/// `{"at", "hearing", "operator", "payload", "seq", "type"}`; the first event's previous hash
/// is `SHA-256("pingli-hearing-chain-v1\n" + hearing id)`. Hashes are lower-case hex; the
/// previous hash enters as its 32 bytes.
public enum HashChain {
    /// What a chain records: a hearing's log, or a case's. The subject names the id's key in
    /// the canonical event and the genesis text, so a case's events can never be passed off as
    /// a hearing's with the same id.
    public enum Subject: String, Sendable {
        case hearing
        case `case`
    }

    public static func genesis(_ hearingID: String, subject: Subject = .hearing) -> String {
        hex(SHA256.hash(data: Array("pingli-\(subject.rawValue)-chain-v1\n\(hearingID)".utf8)))
    }

    public static func canonical(hearingID: String, seq: Int, at: String, operatorName: String, type: String, payload: JSONValue,
                                 subject: Subject = .hearing) -> String {
        JSONValue.object([subject.rawValue: .string(hearingID), "seq": .int(Int64(seq)), "at": .string(at),
                          "operator": .string(operatorName), "type": .string(type), "payload": payload]).canonical
    }

    /// The same text as ``canonical(hearingID:seq:at:operatorName:type:payload:)`` from a payload
    /// already in canonical form, without building it again: the keys are ASCII, so their
    /// canonical order is fixed (at, hearing or case, operator, payload, seq, type).
    public static func canonical(hearingID: String, seq: Int, at: String, operatorName: String, type: String, payloadText: String,
                                 subject: Subject = .hearing) -> String {
        var out: [UInt8] = []
        appendCanonical(into: &out, hearingID: hearingID, seq: seq, at: at, operatorName: operatorName, type: type,
                        payloadText: payloadText, subject: subject)
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends the canonical event's UTF-8 to `out`.
    static func appendCanonical(into out: inout [UInt8], hearingID: String, seq: Int, at: String, operatorName: String, type: String,
                                payloadText: String, subject: Subject) {
        out.append(contentsOf: #"{"at":"#.utf8)
        JSONValue.writeString(at, into: &out)
        out.append(contentsOf: (subject == .hearing ? #","hearing":"# : #","case":"#).utf8)
        JSONValue.writeString(hearingID, into: &out)
        out.append(contentsOf: #","operator":"#.utf8)
        JSONValue.writeString(operatorName, into: &out)
        out.append(contentsOf: #","payload":"#.utf8)
        out.append(contentsOf: payloadText.utf8)
        out.append(contentsOf: #","seq":"#.utf8)
        out.append(contentsOf: String(seq).utf8)
        out.append(contentsOf: #","type":"#.utf8)
        JSONValue.writeString(type, into: &out)
        out.append(UInt8(ascii: "}"))
    }

    public static func hash(previous: String, canonical: String) -> String {
        var data = bytes(previous, reserving: canonical.utf8.count)
        data.append(contentsOf: canonical.utf8)
        return hex(SHA256.hash(data: data))
    }

    /// The hash of an event whose payload is already canonical text: the same bytes as
    /// `hash(previous:canonical:)` of ``canonical(hearingID:seq:at:operatorName:type:payloadText:subject:)``,
    /// built once, straight after the previous hash's.
    static func hash(previous: String, hearingID: String, seq: Int, at: String, operatorName: String, type: String,
                     payloadText: String, subject: Subject) -> String {
        var data = bytes(previous, reserving: payloadText.utf8.count + at.utf8.count + hearingID.utf8.count
                         + operatorName.utf8.count + type.utf8.count + 64)
        appendCanonical(into: &data, hearingID: hearingID, seq: seq, at: at, operatorName: operatorName, type: type,
                        payloadText: payloadText, subject: subject)
        return hex(SHA256.hash(data: data))
    }

    /// A hash's 32 bytes (any other text as its UTF-8), with room for `extra` more.
    static func bytes(_ hexText: String, reserving extra: Int = 0) -> [UInt8] {
        var text = hexText
        return text.withUTF8 { c in
            var out: [UInt8] = []
            guard c.count == 64 else {
                out.reserveCapacity(c.count + extra)
                out.append(contentsOf: c)
                return out
            }
            out.reserveCapacity(32 + extra)
            func v(_ x: UInt8) -> UInt8 { x >= 0x61 ? x &- 0x61 &+ 10 : (x >= 0x41 ? x &- 0x41 &+ 10 : x &- 0x30) }
            for i in stride(from: 0, to: 64, by: 2) { out.append(v(c[i]) << 4 | v(c[i + 1])) }
            return out
        }
    }

    /// A digest as lower-case hex (through its bytes, so the text is sized once).
    static func hex(_ digest: SHA256.Digest) -> String {
        digest.withUnsafeBytes { PingliKit.hex($0) }
    }

    /// What is wrong with a stored chain; empty when it holds.
    public enum Problem: Hashable, Sendable, CustomStringConvertible {
        case missing(seq: Int)
        case outOfOrder(seq: Int, found: Int)
        case edited(seq: Int)
        case brokenLink(seq: Int)
        case sealMismatch(recorded: String, head: String)

        public var description: String {
            switch self {
            case let .missing(seq): return "event \(seq) is missing (deleted)"
            case let .outOfOrder(seq, found): return "event \(found) stands where event \(seq) should (reordered)"
            case let .edited(seq): return "event \(seq) was changed after it was recorded (its hash does not match its content)"
            case let .brokenLink(seq): return "event \(seq) does not follow from the event before it (the chain is broken)"
            case let .sealMismatch(recorded, head):
                return "the sealed record hash \(recorded.prefix(16))… does not match the log's head \(head.prefix(16))… (the log was re-chained after closing)"
            }
        }
    }

    /// The exit status `pingli verify` gives for these problems: 0 none; 2 the chain is broken
    /// (edited, removed or reordered events); 3 it holds but does not end in its sealed head.
    public static func exitStatus(_ problems: [Problem]) -> Int32 {
        if problems.contains(where: { if case .sealMismatch = $0 { return false }; return true }) { return 2 }
        return problems.isEmpty ? 0 : 3
    }

    /// Checks rows (in stored order) against each other and, when given, the sealed head: for
    /// a hearing the hash of its `closed` event, for a case the head the case row holds.
    public static func verify(hearingID: String, rows: [StoredEvent], sealedHash: String?, subject: Subject = .hearing) -> [Problem] {
        var problems: [Problem] = []
        var previous = genesis(hearingID, subject: subject)
        var expected = 1
        for row in rows {
            if row.seq != expected {
                problems.append(row.seq > expected ? .missing(seq: expected) : .outOfOrder(seq: expected, found: row.seq))
                expected = row.seq
            }
            let payload = (try? JSONValue.parse(row.payload)) ?? .string(row.payload)
            let canonicalText = canonical(hearingID: hearingID, seq: row.seq, at: row.at, operatorName: row.operatorName,
                                          type: row.type, payload: payload, subject: subject)
            if row.prevHash != previous {
                problems.append(.brokenLink(seq: row.seq))
            }
            if hash(previous: row.prevHash, canonical: canonicalText) != row.hash || payload.canonical != row.payload {
                problems.append(.edited(seq: row.seq))
            }
            previous = row.hash
            expected += 1
        }
        if let sealedHash {
            let sealed = subject == .hearing ? rows.last { $0.type == "closed" } : rows.last
            if sealed?.hash != sealedHash {
                problems.append(.sealMismatch(recorded: sealedHash, head: sealed?.hash ?? previous))
            }
        }
        return problems
    }
}

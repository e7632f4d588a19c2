import Crypto

/// How the parties produced the randomness.
public enum SeedMode: String, Sendable, Codable {
    /// Each participant committed to a secret (SHA-256) before any secret was revealed.
    case commitReveal = "commit-reveal"
    /// Each participant spoke a number or phrase on the spot, in front of the others.
    case spoken
}

/// One participant's contribution to the seed (a party label, or `moderator`).
public struct SeedContribution: Hashable, Sendable, Codable {
    public var label: String
    /// Lower-case hex SHA-256 of the secret's UTF-8 bytes (commit-reveal only).
    public var commitment: String?
    /// The revealed secret or spoken text.
    public var secret: String

    public init(label: String, commitment: String?, secret: String) {
        self.label = label
        self.commitment = commitment
        self.secret = secret
    }
}

/// Errors of the commit-reveal procedure.
public enum SeedError: Error, CustomStringConvertible, Equatable, Sendable {
    case badCommitment(label: String)
    case mismatch(label: String)
    case missing(labels: [String])

    public var description: String {
        switch self {
        case let .badCommitment(label): return Message("draw.bad-commitment", label).description
        case let .mismatch(label): return Message("draw.secret-mismatch", label).description
        case let .missing(labels): return Message("draw.still-waiting", Catalogue.list(labels)).description
        }
    }
}

/// The seed of a draw and how it is computed, so anyone can recompute it.
public enum DrawSeed {
    /// The commitment to `secret`: lower-case hex SHA-256 of its UTF-8 bytes.
    public static func commitment(to secret: String) -> String { hex(SHA256.hash(data: Array(secret.utf8))) }

    /// Whether `text` is a well-formed commitment.
    public static func isCommitment(_ text: String) -> Bool {
        text.utf8.count == 64 && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) || ($0 >= 0x41 && $0 <= 0x46) }
    }

    /// Checks a reveal against its commitment.
    public static func verify(secret: String, commitment: String, label: String) throws {
        guard isCommitment(commitment) else { throw SeedError.badCommitment(label: label) }
        guard Self.commitment(to: secret) == commitment.lowercased() else { throw SeedError.mismatch(label: label) }
    }

    /// SHA-256 over, each followed by a line feed: `pingli-draw-seed-v1`, the mode, the
    /// hearing id, the pool snapshot hash, the spec hash, then for every contribution in
    /// label order (UTF-8 bytes) `label`, `=`, and the secret with any line feed as `\n`.
    public static func compute(hearingID: String, poolHash: String, specHash: String, mode: SeedMode,
                               contributions: [SeedContribution]) -> [UInt8] {
        var text = "pingli-draw-seed-v1\n\(mode.rawValue)\n\(hearingID)\n\(poolHash)\n\(specHash)\n"
        for c in contributions.sorted(by: { Array($0.label.utf8).lexicographicallyPrecedes(Array($1.label.utf8)) }) {
            text += c.label + "=" + c.secret.replacingOccurrences(of: "\n", with: "\\n") + "\n"
        }
        return Array(SHA256.hash(data: Array(text.utf8)))
    }
}

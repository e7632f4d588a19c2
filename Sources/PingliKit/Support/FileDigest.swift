import Crypto
import Foundation

/// The SHA-256 and size of a file, read in 1 MiB chunks (evidence files may be large).
public enum FileDigest {
    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String)
        public var description: String {
            switch self { case let .unreadable(path): return Message("say.file-unreadable", path).description }
        }
    }

    public static func sha256(path: String) throws -> (hex: String, size: Int64) {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw Failure.unreadable(path) }
        defer { try? handle.close() }
        var hasher = SHA256()
        var size: Int64 = 0
        while let chunk = try handle.read(upToCount: 1 << 20), !chunk.isEmpty {
            hasher.update(data: chunk)
            size += Int64(chunk.count)
        }
        return (hex(hasher.finalize()), size)
    }
}

extension EvidenceFile {
    /// The file at `path`, identified by its content.
    public init(path: String) throws {
        guard let (sha, size) = try? FileDigest.sha256(path: path) else {
            throw HearingError.invalid(Message("hearing.cannot-read-evidence-file", path))
        }
        self.init(name: (path as NSString).lastPathComponent, sha256: sha, size: size)
    }
}

import Foundation

/// Finds the `Panels/` folder: panel specifications and the sample pool.
public enum PanelsDirectory {
    /// `explicit`, else `$PINGLI_PANELS`, else `./Panels`, else a `Panels/` beside or above
    /// the running executable (so `swift run` and a built binary both find the repository's),
    /// else `share/pingli/Panels` beside the executable's folder (where `.ci/install` puts it).
    public static func locate(explicit: String? = nil,
                              environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        if let explicit { return try check(explicit) }
        if let env = environment["PINGLI_PANELS"], !env.isEmpty { return try check(env) }
        let fm = FileManager.default
        var candidates = [fm.currentDirectoryPath + "/Panels"]
        var dir = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath().deletingLastPathComponent()
        let installed = dir.deletingLastPathComponent().appendingPathComponent("share/pingli/Panels").path
        for _ in 0..<6 {
            candidates.append(dir.appendingPathComponent("Panels").path)
            dir.deleteLastPathComponent()
        }
        candidates.append(installed)
        var isDir: ObjCBool = false
        if let found = candidates.first(where: { fm.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }) {
            return found
        }
        throw PanelsError.notFound(searched: candidates)
    }

    static func check(_ path: String) throws -> String {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir), isDir.boolValue else {
            throw PanelsError.notFound(searched: [path])
        }
        return path
    }
}

/// Errors finding or reading panel files.
public enum PanelsError: Error, CustomStringConvertible, Sendable {
    case notFound(searched: [String])

    public var description: String {
        switch self {
        case let .notFound(searched):
            return Message("say.no-panels", searched.joined(separator: ", ")).description
        }
    }
}

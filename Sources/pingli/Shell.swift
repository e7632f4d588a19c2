import ArgumentParser
import Foundation
import PingliKit
#if canImport(Glibc)
import Glibc
#endif

/// Options every command that touches the database takes.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The database: a file (SQLite), or postgresql://user@host:port/dbname for a county's shared store.", valueName: "PATH|URL"))
    var db: String?

    @Option(name: .long, help: ArgumentHelp("The office you work for (a county store; also $PINGLI_OFFICE).", valueName: "CODE"))
    var office: String?

    @Option(name: .customLong("operator"), help: ArgumentHelp("Who is making the change (kept in the history).", valueName: "NAME"))
    var operatorName: String?

    /// The database path after `--db`, `$PINGLI_DB` and the XDG default.
    var path: String { db ?? PingliDatabase.defaultPath() }

    /// Opens the store `--db` names: a SQLite file, or a county store on PostgreSQL.
    /// An `--office` (or `$PINGLI_OFFICE`) that is not registered there is refused at once.
    func open() throws -> any PingliStore {
        let store = try StoreLocation(path).open()
        if let code = officeCode {
            let known = try store.offices().map(\.code)
            guard known.contains(code) else { throw StoreError.badOffice(code: code, known: known) }
        }
        store.work(for: officeCode)
        return store
    }

    /// Opens an office's SQLite file, refusing a county store for commands that need a file.
    func openFile(command: String, hint: Message) throws -> PingliDatabase {
        guard case let .sqlite(file) = try StoreLocation(path) else { throw StoreError.sqliteOnly(command: command, hint: hint) }
        return try PingliDatabase(path: file)
    }

    /// The office after `--office` and `$PINGLI_OFFICE`.
    var officeCode: String? {
        office ?? ProcessInfo.processInfo.environment["PINGLI_OFFICE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Operator, clock and office. `$PINGLI_NOW` (ISO 8601) fixes the clock for demos and tests.
    func context() throws -> OperationContext {
        var c = try Shell.context(operatorName: operatorName)
        c.office = officeCode
        return c
    }

}

enum Shell {

    static func context(operatorName: String?) throws -> OperationContext {
        let env = ProcessInfo.processInfo.environment
        var now = Date()
        if let fixed = env["PINGLI_NOW"], !fixed.isEmpty {
            guard let d = Timestamp.parse(fixed) else {
                throw ValidationError("$PINGLI_NOW '\(fixed)' is not an ISO 8601 time such as 2026-11-21T09:00:00Z")
            }
            now = d
        }
        let name = operatorName ?? env["PINGLI_OPERATOR"].flatMap { $0.isEmpty ? nil : $0 } ?? loginName()
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ValidationError("the operator name is empty: pass --operator NAME")
        }
        return OperationContext(operatorName: name, now: now)
    }

    static func loginName() -> String {
        if let p = getpwuid(geteuid()), let n = p.pointee.pw_name { return String(cString: n) }
        return ProcessInfo.processInfo.environment["USER"] ?? "unknown"
    }

    /// Writes to standard error.
    static func warn(_ text: String) {
        FileHandle.standardError.write(Data((text + "\n").utf8))
    }

    static func parseDay(_ text: String, option: String) throws -> Day {
        guard let d = Day(text) else { throw ValidationError("\(option) '\(text)' is not a date (YYYY-MM-DD)") }
        return d
    }
}

/// Output formats for listings.
enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case table, csv, json
}

extension ValidationError {
    /// A usage error in the current language.
    init(_ message: Message) { self.init(message.description) }
}

extension Shell {
    static func warn(_ message: Message) { warn(message.description) }
}

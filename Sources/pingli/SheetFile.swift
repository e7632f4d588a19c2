import ArgumentParser
import Foundation
import PingliKit

/// Reads `--ids-file`: a CSV or .xlsx sign-in sheet (with an id column, or name and phone columns;
/// CSV in UTF-8 or GB18030) or a plain list of ids, and resolves it against the pool. Every problem is printed
/// as `FILE:LINE: message` and nothing is changed (exit status 1).
enum SheetFile {
    static func ids(_ path: String, pool: any PoolKeeping) throws -> [String] {
        let sheet: SignInSheet
        if WorksheetCSV.isWorkbook(path) {
            let book = try XLSXReader.firstSheet(path: path)
            guard let header = book.rows.first else { throw ValidationError(Message("say.sheet-empty", path, book.name)) }
            do { sheet = try SignInSheet(header: header.cells, records: book.rows.dropFirst().map { ($0.number, $0.cells) }) } catch {
                throw ValidationError("\(path):\(book.name)!\(header.number): \(error)")
            }
        } else if try isTable(path) {
            let reader = try CSVReader(path: path)
            guard let header = try reader.next() else { throw ValidationError(Message("say.file-empty", path)) }
            var records: [(line: Int, fields: [String])] = []
            while let r = try reader.next() {
                if let problem = r.problem { fail(path, [SignInSheet.Problem(line: r.line, message: problem)]) }
                records.append((r.line, r.fields))
            }
            do { sheet = try SignInSheet(header: header.fields, records: records) } catch {
                throw ValidationError("\(path):1: \(error)")
            }
        } else {
            guard let file = FileHandle(forReadingAtPath: path), let data = try? file.readToEnd() ?? Data(),
                  let text = String(data: data, encoding: .utf8) else {
                throw ValidationError(Message("say.file-not-utf8", path))
            }
            sheet = SignInSheet(idsText: text)
        }
        switch sheet.resolve(in: try pool.list()) {
        case let .success(ids): return ids
        case let .failure(f): fail(path, f.problems)
        }
    }

    /// A file is a table when it ends in .csv or its first line has a comma.
    static func isTable(_ path: String) throws -> Bool {
        if path.lowercased().hasSuffix(".csv") { return true }
        guard let file = FileHandle(forReadingAtPath: path) else { throw ValidationError(Message("say.file-unreadable", path)) }
        defer { try? file.close() }
        let head = (try? file.read(upToCount: 4096)) ?? Data()
        return head.prefix { $0 != 0x0A }.contains(0x2C)
    }

    static func fail(_ path: String, _ problems: [SignInSheet.Problem]) -> Never {
        for p in problems { Shell.warn("\(path):\(p.line): \(p.message)") }
        Shell.warn(Message("say.sheet-refused", problems.count))
        Foundation.exit(1)
    }
}

import Foundation
import Testing

/// `pingli demo`, the README's first command, run by the real binary.
@Suite("pingli demo (the real binary)")
struct DemoTests {
    @Test("the whole job on the sample pool: a database given by a bare name gets its PDF and case store beside it")
    func demoInTheCurrentFolder() throws {
        let dir = TempDir("pingli-demo")
        let r = try Pingli.run(["demo", "--db", "office.sqlite", "--panels", Pingli.repositoryRoot + "/Panels"], currentDirectory: dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        for file in ["office.sqlite", "笔录.pdf", "casestore.sqlite"] {
            #expect(FileManager.default.fileExists(atPath: dir.path + "/" + file), "\(file) in \(dir.path)")
        }
        #expect(r.stdout.contains("delivered 1") || r.stdout.contains("delivered 2") || r.stdout.contains("delivered 3"), "\(r.stdout)")
        #expect(r.stdout.contains("(the signed-paper record is \(dir.path)/笔录.pdf)"), "\(r.stdout.suffix(600))")
        let pdf = try Data(contentsOf: URL(fileURLWithPath: dir.path + "/笔录.pdf"))
        #expect(pdf.starts(with: Data("%PDF".utf8)))
        // The record it made verifies.
        let verify = try Pingli.run(["verify", "H-2026-0001", "--db", "office.sqlite"], currentDirectory: dir.path)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // A database that exists already is refused, and left as it was.
        let again = try Pingli.run(["demo", "--db", "office.sqlite", "--panels", Pingli.repositoryRoot + "/Panels"], currentDirectory: dir.path)
        #expect(again.status != 0 && again.stderr.contains("already exists"), "\(again.stderr)")
    }
}

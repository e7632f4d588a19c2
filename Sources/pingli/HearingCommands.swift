import ArgumentParser
import CEdit
import Foundation
import PingliKit

/// `pingli repl`: the moderator's console (also what plain `pingli` opens).
struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "The moderator's console for a live hearing (the default command).",
        discussion: """
            On a terminal: line editing, history ($PINGLI_HISTORY; empty or /dev/null turns it off) and TAB completion. \
            From a pipe or --script: no prompt, errors as FILE:LINE: message. Exit status: 0 ok, 1 fatal, 3 a script \
            error under --bail.
            """)

    @OptionGroup var store: StoreOptions
    @Option(help: "Run the commands in this file instead of reading the terminal.") var script: String?
    @Flag(help: "Stop at the first error (exit status 3).") var bail = false
    @Option(help: "The Panels folder.") var panels: String?

    func run() throws {
        let database: any PingliStore
        do { database = try store.open() } catch {
            Shell.warn("pingli: \(error)")
            throw ExitCode(1)
        }
        // Each acknowledgement must reach a pipe as soon as its event is on disk.
        pingli_line_buffer_stdout()
        let console = Console(database: database, panels: panels, operatorName: store.operatorName, office: store.officeCode, bail: bail)
        let source: LineSource
        if let script {
            do { source = try TextLineSource(path: script) } catch {
                Shell.warn("pingli: \(error)")
                throw ExitCode(1)
            }
        } else if isatty(STDIN_FILENO) != 0 {
            completionProvider = { [console] line, word in console.completions(line: line, word: word) }
            source = TerminalLineSource(historyPath: TerminalLineSource.historyPath())
            print(Message("say.banner", PingliVersion.string, database.location))
        } else {
            source = TextLineSource(standardInput: ())
        }
        do {
            try console.run(source)
        } catch is Console.Bail {
            throw ExitCode(3)
        }
        if source.interactive { print("") }
    }
}

/// `pingli hearing list`.
struct HearingCommand_: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "hearing", abstract: "Hearings in the database.",
                                                    subcommands: [List.self])
    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List open and closed hearings (with --office, that office's only).")
        @OptionGroup var store: StoreOptions
        func run() throws {
            let office = store.officeCode
            print(HearingCommandSupport.table(try (try store.open()).hearings.list().filter { office == nil || $0.office == office }))
        }
    }
}

/// `pingli transcript H-ID`.
struct TranscriptCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transcript", abstract: "The record (笔录) of a hearing, as Markdown, complete JSON, or a PDF to sign.",
        discussion: "pingli transcript H-2026-0001 --format pdf --out 笔录.pdf [--recorder 记录人]")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The hearing id.") var id: String
    @Option(help: "md, json or pdf.") var format: String = "md"
    @Option(help: "The PDF file to write (with --format pdf).") var out: String?
    @Option(help: "Who keeps the record (记录人), printed on the PDF; default: the operator.") var recorder: String?

    func run() throws {
        guard ["md", "json", "pdf"].contains(format) else { throw ValidationError(Message("say.format-md-json-pdf")) }
        let database = try store.open()
        let hearings = database.hearings
        let state = try hearings.state(id), events = try hearings.events(id)
        if format == "pdf" {
            guard let out else { throw ValidationError(Message("say.pdf-needs-out")) }
            let names = Dictionary(uniqueKeysWithValues: try database.representatives.list().map { ($0.id, $0.name) })
            let caseTitle = try? database.cases.state(state.caseRef).details?.title
            let document = RecordDocument.build(state, events, names: names, office: try OfficeProfile.load(database), caseTitle: caseTitle,
                                                recorder: try recorder ?? store.context().operatorName)
            try DocumentCommands.write(to: out) { document }
        } else if format == "json" {
            print(try HearingCommandSupport.json(state, events))
        } else {
            let names = Dictionary(uniqueKeysWithValues: try database.representatives.list().map { ($0.id, $0.name) })
            print(TranscriptRenderer.markdown(state, events, names: names), terminator: "")
        }
    }
}

/// `pingli verify H-ID` or `pingli verify --transcript FILE`.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify", abstract: "Recompute a hearing's (or a case's and its hearings') hash chain and draw.",
        discussion: "Exit status: 0 verified, 1 not found or unreadable, 2 the chain is broken (an event edited, removed or reordered), 3 the log does not end in its sealed record hash (re-chained), 4 the draw does not verify.")
    @OptionGroup var store: StoreOptions
    @Argument(help: "The hearing id.") var id: String?
    @Option(help: "Verify a JSON transcript offline instead.") var transcript: String?
    @Flag(help: "Verify every case and every hearing in the database (after a restore, a copy or a move).") var all = false

    func run() throws {
        if all {
            guard id == nil, transcript == nil else { throw ValidationError(Message("say.verify-all-alone")) }
            return try verifyAll()
        }
        var v: HearingVerification?
        var caseToVerify: (CaseService, any PingliStore)?
        checking: do {
            if let transcript {
                guard let data = FileManager.default.contents(atPath: transcript) else { throw ValidationError(Message("say.file-unreadable", transcript)) }
                let doc = try JSONDecoder().decode(TranscriptDocument.self, from: data)
                v = HearingVerification.verify(hearingID: doc.hearingID, rows: doc.events, sealedHash: doc.sealedHash, solver: CBCSolver())
            } else {
                guard let id else { throw ValidationError(Message("say.verify-what")) }
                let database = try store.open()
                let cases = database.cases
                if (try? database.hearings.rows(id)) == nil, (try? cases.rows(id)) != nil {
                    caseToVerify = (cases, database)
                    break checking
                }
                v = try HearingCommandSupport.verify(database.hearings, id)
            }
        } catch {
            Shell.warn("pingli: \(error)")
            throw ExitCode(1)
        }
        if let (cases, database) = caseToVerify { return try verifyCase(cases, database, id!) }
        guard let v else { return }
        print(HearingCommandSupport.describe(v))
        if v.exitStatus != 0 { throw ExitCode(v.exitStatus) }
    }
}

extension VerifyCommand {
    /// A case: its own chain against the head its row holds, then every hearing opened for it.
    /// The exit status is the worst of them (2 for a broken case chain, 3 for a case log whose
    /// head does not match).
    func verifyCase(_ cases: CaseService, _ database: any PingliStore, _ ref: String) throws {
        let (stored, problems) = try cases.verifyChain(ref)
        print(Message("say.case-log", ref, stored.rows.count))
        if problems.isEmpty { print(Message("say.case-chain-good")) }
        for p in problems { print("✗ \(p)") }
        var status = HashChain.exitStatus(problems)
        for h in try cases.hearings(of: ref) {
            let v = try HearingCommandSupport.verify(database.hearings, h.id)
            print(HearingCommandSupport.describe(v))
            status = max(status, v.exitStatus)
        }
        print(status == 0 ? "case \(ref) verified" : "case \(ref) does NOT verify (exit status \(status))")
        if status != 0 { throw ExitCode(status) }
    }
}

extension VerifyCommand {
    /// Every case's chain and every hearing (chain, seal and draw): one line each, the worst exit status.
    func verifyAll() throws { try Self.verifyAll(try store.open()) }

    /// Verifies every case and hearing of `database` (or only those named).
    static func verifyAll(_ database: any PingliStore, cases only: Set<String>? = nil, hearings onlyHearings: Set<String>? = nil) throws {
        let cases = database.cases
        let hearings = database.hearings
        var status: Int32 = 0
        var failed = 0
        let caseList = try cases.list().filter { only?.contains($0.ref) ?? true }
        let hearingList = try hearings.list().filter { onlyHearings?.contains($0.id) ?? true }
        for c in caseList {
            let problems = try cases.verifyChain(c.ref).problems
            if problems.isEmpty { print("✓ \(c.ref)") } else {
                failed += 1
                print("✗ \(c.ref): " + problems.map { "\($0)" }.joined(separator: "; "))
                status = max(status, HashChain.exitStatus(problems))
            }
        }
        for h in hearingList {
            let v = try HearingCommandSupport.verify(hearings, h.id)
            if v.exitStatus == 0 { print("✓ \(h.id)") } else {
                failed += 1
                print("✗ \(h.id) (exit status \(v.exitStatus)):\n" + HearingCommandSupport.describe(v))
            }
            status = max(status, v.exitStatus)
        }
        print(Message(failed == 0 ? "say.verify-all-good" : "say.verify-all-bad", caseList.count, hearingList.count, failed))
        if status != 0 { throw ExitCode(status) }
    }
}

enum HearingCommandSupport {
    static func table(_ list: [HearingSummary]) -> String {
        TextTable(headers: ["编号", "案件", "程序", "规格", "阶段", "事件数", "开始"],
                  rows: list.map { [$0.id, $0.caseRef, $0.kind.label, $0.spec, $0.stage.rawValue, String($0.events), $0.openedAt] },
                  rightAligned: [5]).render()
    }

    /// The complete record as pretty JSON (re-verifiable with `verify --transcript`).
    static func json(_ state: HearingState, _ events: [HearingEvent]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(TranscriptDocument(state: state, events: events)), as: UTF8.self)
    }

    static func verify(_ store: HearingService, _ id: String) throws -> HearingVerification {
        let r = try store.rows(id)
        // Checked under the id its chain was hashed with; reported under the id asked for.
        var v = HearingVerification.verify(hearingID: r.chainID ?? id, rows: r.rows, sealedHash: r.sealedHash, solver: CBCSolver())
        v.hearingID = id
        return v
    }

    static func describe(_ v: HearingVerification) -> String {
        var lines = ["\(v.hearingID): \(v.events) events"]
        if v.chain.isEmpty { lines.append("✓ hash chain: every event follows from the one before, and the log ends in its sealed hash") }
        for p in v.chain { lines.append("✗ \(p)") }
        for c in v.drawChecks { lines.append("\(c.passed ? "✓" : "✗ FAILED") \(c.name): \(c.detail)") }
        lines.append(v.exitStatus == 0 ? "verified" : "does NOT verify (exit status \(v.exitStatus))")
        return lines.joined(separator: "\n")
    }
}

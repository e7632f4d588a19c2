import ArgumentParser
import Foundation
import PingliKit

/// The moderator's console: reads lines, turns each into a library call, prints the result.
/// Nothing is kept here that is not also on disk: a command that reported success is in the log.
final class Console {
    let database: any PingliStore
    let store: HearingService
    let panels: String?
    let operatorName: String?
    /// The office the moderator works for (a county store).
    let office: String?
    let bail: Bool
    var current: String?
    var names: [String: String] = [:]
    private(set) var errors = 0

    /// Thrown to stop everything under `--bail`.
    struct Bail: Error {}
    struct Quit: Error {}

    init(database: any PingliStore, panels: String?, operatorName: String?, office: String? = nil, bail: Bool) {
        self.database = database
        self.store = database.hearings
        self.panels = panels
        self.operatorName = operatorName
        self.office = office
        self.bail = bail
        refreshNames()
    }

    func refreshNames() {
        names = Dictionary(uniqueKeysWithValues: ((try? database.representatives.list()) ?? []).map { ($0.id, $0.name) })
    }

    var prompt: String {
        var outbox = ""
        if let c = try? database.outbox.counts(), c.pending + c.dead > 0 {
            outbox = " (" + [c.pending > 0 ? Message("say.prompt-to-deliver", c.pending).description : nil,
                             c.dead > 0 ? Message("say.prompt-dead", c.dead).description : nil].compactMap { $0 }.joined(separator: ", ") + ")"
        }
        var cases = ""
        if let today = try? context().today, let (overdue, soon) = try? database.cases.deadlineCounts(today: today, office: office) {
            if overdue + soon > 0 {
                cases = " {" + [overdue > 0 ? Message("say.prompt-overdue", overdue).description : nil,
                                soon > 0 ? Message("say.prompt-due-soon", soon).description : nil].compactMap { $0 }.joined(separator: ", ") + "}"
            }
        }
        guard let current, let s = try? store.state(current) else { return "pingli\(cases)\(outbox)> " }
        return "pingli \(current) [\(s.stage.rawValue)]\(cases)\(outbox)> "
    }

    // MARK: The loop

    /// Runs every line of `source`; throws ``Bail`` when `--bail` stops at an error.
    func run(_ source: LineSource) throws {
        while let (first, lineNumber) = source.next(prompt: { prompt }) {
            var text = first
            // A trailing backslash continues the line.
            while text.hasSuffix("\\"), let (more, _) = source.next(prompt: { "...> " }) {
                var head = String(text.dropLast())
                while head.last == " " || head.last == "\t" { head.removeLast() }
                text = head + "\n" + more
            }
            do {
                var words: [String]
                do { words = try ShellWords(text).words } catch { throw ConsoleError.split("\(error)") }
                if words.first?.hasPrefix("#") == true { continue }
                // `<<` at the end: the lines up to a lone `.` are the last argument.
                if words.last == "<<" {
                    words.removeLast()
                    var block: [String] = []
                    while let (line, _) = source.next(prompt: { "<<< " }), line != "." { block.append(line) }
                    words.append(block.joined(separator: "\n"))
                }
                guard let action = try ConsoleCommands.parse(words) else { continue }
                try perform(action, source: source)
            } catch is Quit {
                return
            } catch is Bail {
                throw Bail()
            } catch {
                errors += 1
                report(error, source: source, line: lineNumber)
                if bail { throw Bail() }
            }
        }
    }

    func report(_ error: Error, source: LineSource, line: Int) {
        var text = (error as? HearingError).map(ConsoleCommands.message(for:)) ?? "\(error)"
        if case DrawError.quotasInfeasible = error {
            text += "\n" + Message("say.relax-hint").description
        }
        let message = text.replacingOccurrences(of: "\n", with: "\n    ")
        if source.interactive {
            FileHandle.standardError.write(Data(Message("say.error", message).description.appending("\n").utf8))
        } else {
            FileHandle.standardError.write(Data("\(source.name):\(line): \(message)\n".utf8))
        }
    }

    func context() throws -> OperationContext {
        var c = try Shell.context(operatorName: operatorName)
        c.office = office
        return c
    }

    func hearing() throws -> String {
        guard let current else { throw ConsoleError.noHearing }
        return current
    }

    func spec(_ name: String) throws -> PanelSpec {
        try PanelSpecLoader.load(named: name, in: try PanelsDirectory.locate(explicit: panels))
    }

    // MARK: Actions

    func perform(_ action: ConsoleAction, source: LineSource) throws {
        switch action {
        case let .open(caseRef, kind, specName, place, rehearingOf):
            let s = try store.open(caseRef: caseRef, kind: kind, spec: try spec(specName ?? kind.defaultSpec), place: place,
                                   rehearingOf: rehearingOf, context: try context())
            current = s.id
            print(Message("say.opened", s.id, s.kind.label, s.caseRef, s.spec!.title))
        case let .openCase(ref, kind, specName, place, date, time):
            let context = try context()
            guard let day = date.map(Day.init) ?? context.today else { throw CaseError.invalid(Message("case.date-not-date-yyyy", date!)) }
            let (_, s) = try database.cases.schedule(ref, kind: kind, spec: { try self.spec(specName ?? $0.defaultSpec) }, date: day, time: time,
                                                     place: place, context: context)
            current = s.id
            print(Message("say.opened-with-parties", s.id, s.kind.label, s.caseRef, s.spec!.title,
                          Catalogue.list(s.parties.map { "\($0.label) \($0.name)（\($0.role.label)）" })))
        case let .caseCommand(words):
            let parsed: ParsableCommand
            do { parsed = try CaseCLI.parseAsRoot(words) } catch let help as CleanExit {
                print(CaseCLI.fullMessage(for: help))   // `case accept --help`
                return
            } catch {
                throw ConsoleError.usage(command: "case", usage: "case VERB … (see `case --help` for the verbs, `case VERB --help` for one)",
                                         problem: .verbatim(CaseCLI.message(for: error)))
            }
            guard let verb = parsed as? CaseVerb else {
                print(CaseCLI.helpMessage())   // `case --help`
                return
            }
            print(try verb.perform(database, try context()))
        case let .withdraw(reason, terminated):
            switch try database.cases.withdraw(hearingID: try hearing(), reason: reason, terminated: terminated, context: try context()) {
            case let .throughCase(s, events):
                print(CaseViews.echo(s, events))
                try printStatus()
            case let .hearingOnly(s, events):
                echo(s, events)
            }
        case let .resumeHearing(id):
            _ = try store.state(id)
            current = id
            try printStatus()
        case .hearings:
            print(HearingCommandSupport.table(try store.list().filter { office == nil || $0.office == office }))
        case .status: try printStatus()
        case .show: try printShow()
        case .quit: throw Quit()
        case let .help(topic): printHelp(topic)
        case let .read(path):
            let nested = try TextLineSource(path: path)
            try run(nested)
        case let .hearing(.agree(terms, performance, deadline, facts, responsibility, place)):
            // The 人民调解协议书 needs every field: asked for at the terminal, refused in a script.
            var values = ["facts": facts, "responsibility": responsibility, "performance": performance, "place": place, "deadline": deadline]
            let agreement = Agreement(parties: [], facts: facts, terms: terms, performance: performance, deadline: deadline,
                                      responsibility: responsibility, place: place)
            let missing = agreement.missingForDocument
            if !missing.isEmpty && !source.interactive {
                throw ConsoleError.usage(command: "agree", usage: ConsoleCommands.command("agree")!.usage,
                                         problem: Message("say.agreement-also-needs", missing.map { "--\($0)" }.joined(separator: ", ")))
            }
            let questions = Dictionary(uniqueKeysWithValues: ["facts", "responsibility", "performance", "place", "deadline"].map {
                ($0, Message("say.ask-\($0)").description)
            })
            for key in missing {
                var answer: String?
                while answer == nil, let (line, _) = source.next(prompt: { "\(questions[key]!)：" }) {
                    let t = line.trimmed
                    if key == "deadline", !t.isEmpty, Day(t) == nil { print(Message("say.not-a-date-again")); continue }
                    if !t.isEmpty { answer = key == "deadline" ? Day(t)!.description : t }
                }
                guard let answer else { throw ConsoleError.usage(command: "agree", usage: ConsoleCommands.command("agree")!.usage, problem: Message("say.not-given", questions[key]!)) }
                values[key] = answer
            }
            let command = HearingCommand.agree(terms: terms, performance: values["performance"]!, deadline: values["deadline"]!, facts: values["facts"]!,
                                               responsibility: values["responsibility"]!, place: values["place"]!)
            let (state, events) = try store.execute(try hearing(), command, context: try context())
            echo(state, events)
        case let .hearing(command):
            let (state, events) = try store.execute(try hearing(), command, context: try context())
            echo(state, events)
        case .draw:
            let (state, events) = try store.drawPanel(try hearing(), context: try context())
            refreshNames()
            echo(state, events)
            if let r = state.draw {
                print(Message("say.drawn", r.pool.eligible.count, String(format: "%.4f", r.lottery.minimumProbability * 100),
                              String(format: "%.4f", r.lottery.maximumProbability * 100)))
            }
        case let .relax(reason):
            let (state, events) = try store.relax(try hearing(), reason: reason, context: try context())
            echo(state, events)
        case let .changeSpec(name, reason):
            let (state, events) = try store.execute(try hearing(), .changeSpec(try spec(name), reason: reason), context: try context())
            echo(state, events)
        case .drawMore:
            let (state, events) = try store.drawMore(try hearing(), context: try context())
            echo(state, events)
        case .probabilities:
            let s = try store.state(try hearing())
            let (prepared, excluded) = try store.prepareDraw(s, day: try context().today)
            print(DrawReport.probabilities(prepared, names: names))
            print(DrawReport.excluded(excluded, names: names))
        case let .evidence(party, title, path, description):
            let file = try path.map(EvidenceFile.init(path:))
            let (state, events) = try store.execute(try hearing(), .evidence(party: party, title: title, description: description, file: file),
                                                    context: try context())
            echo(state, events)
        case let .escalate(specName):
            let (mediation, hearing) = try store.escalate(try hearing(), spec: try spec(specName ?? ProcedureKind.publicHearing.defaultSpec), context: try context())
            echo(mediation, [try store.events(mediation.id).last!])
            print(Message("say.escalated", hearing.id, hearing.caseRef))
        case let .transcript(format):
            let id = try hearing()
            let state = try store.state(id), events = try store.events(id)
            if format == "json" {
                print(try HearingCommandSupport.json(state, events))
            } else {
                print(TranscriptRenderer.markdown(state, events, names: names), terminator: "")
            }
        case .verify:
            let v = try HearingCommandSupport.verify(store, try hearing())
            print(HearingCommandSupport.describe(v))
            if v.exitStatus != 0 { throw ValidationErrorLike(Message("say.does-not-verify", v.hearingID).description) }
        case .push:
            // Everything pending is due now: the moderator asked for it.
            try database.outbox.makeDue(now: try context().timestamp)
            let deliverer = try Deliverer(outbox: database.outbox, settings: try DeliverySettings.load(database), log: { print("  \($0)") })
            let r = try deliverer.drainOnce()
            print(Message(r.disabled ? "say.pushed-disabled" : "say.pushed", r.delivered, r.retrying, r.dead))
        }
    }

    /// One line per recorded event; votes say only that a seat voted until the tally.
    func echo(_ state: HearingState, _ events: [HearingEvent]) {
        for e in events {
            if case let .vote(seat, _, _) = e.body, state.tally == nil || state.stage == .voting {
                print(Message("say.voted", e.seq, seat, state.votes.count, state.seats.count))
                continue
            }
            print("  \(e.seq). " + TranscriptRenderer.line(e, state: state, names: names))
        }
    }
}

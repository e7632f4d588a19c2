/// What a console line asks for, once parsed. Hearing commands that need nothing from
/// outside are ``HearingCommand`` values; the rest need the shell (files, the pool, output).
public enum ConsoleAction: Sendable {
    case open(caseRef: String, kind: ProcedureKind, spec: String?, place: String?, rehearingOf: String?)
    /// Open a hearing from case `ref` (``CaseService/schedule``), its parties carried over.
    case openCase(ref: String, kind: ProcedureKind, spec: String?, place: String, date: String?, time: String?)
    case resumeHearing(String)
    case hearings, status, show, quit
    case help(String?)
    case hearing(HearingCommand)
    case draw, drawMore, probabilities
    /// Switch the hearing to the spec `name` in Panels/ before the draw.
    case changeSpec(name: String, reason: String)
    /// Apply the smallest relaxation of the quotas the pool cannot meet (a spec change).
    case relax(reason: String)
    case evidence(party: String, title: String, file: String?, description: String?)
    case escalate(spec: String?)
    case transcript(format: String)
    case verify, push
    /// A `pingli case` verb, its words in canonical English.
    case caseCommand([String])
    /// Withdraw (or terminate) the hearing, through its case when it has one.
    case withdraw(reason: String, terminated: Bool)
    case read(String)
}

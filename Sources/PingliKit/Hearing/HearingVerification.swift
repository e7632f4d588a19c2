/// What `pingli verify` found for a hearing.
public struct HearingVerification: Sendable {
    public var hearingID: String
    public var events: Int
    public var chain: [HashChain.Problem]
    public var drawChecks: [VerificationCheck]

    /// 0 verified; 2 the chain is broken (edited, removed or reordered events); 3 the chain
    /// holds but does not end in the sealed record hash (re-chained); 4 the draw does not verify.
    public var exitStatus: Int32 {
        let status = HashChain.exitStatus(chain)
        if status != 0 { return status }
        if drawChecks.contains(where: { !$0.passed }) { return 4 }
        return 0
    }

    /// Checks stored rows against each other and the seal, then the draw they contain.
    public static func verify(hearingID: String, rows: [StoredEvent], sealedHash: String?,
                              solver: any IntegerSolver) -> HearingVerification {
        let chain = HashChain.verify(hearingID: hearingID, rows: rows, sealedHash: sealedHash)
        var draws: [VerificationCheck] = []
        for row in rows where row.type == "panel-drawn" || row.type == "alternates-extended" {
            guard let payload = try? JSONValue.parse(row.payload), let body = try? EventBody(type: row.type, payload: payload) else {
                draws.append(.init(name: "draw record (event \(row.seq))", passed: false, detail: "cannot be read"))
                continue
            }
            if case let .panelDrawn(r) = body, r.hearingID == hearingID {
                draws += DrawVerifier.verify(r, solver: solver).map { VerificationCheck(name: "draw: \($0.name)", passed: $0.passed, detail: $0.detail) }
            } else if case let .alternatesExtended(r) = body {
                draws += DrawVerifier.verify(r, solver: solver).filter { $0.name == "alternates" || $0.name == "panel" }
                    .map { VerificationCheck(name: "more alternates: \($0.name)", passed: $0.passed, detail: $0.detail) }
            } else {
                draws.append(.init(name: "draw record (event \(row.seq))", passed: false, detail: "drawn for another hearing"))
            }
        }
        return HearingVerification(hearingID: hearingID, events: rows.count, chain: chain, drawChecks: draws)
    }
}

import FlyingFox
import Foundation
import Testing
@testable import PingliKit

/// Hostile referrals to `pingli serve`'s handler, most of them validly signed so they reach the
/// parser and the store: mutated bytes, fields dropped or retyped, headers missing. No answer
/// is a 5xx, nothing crashes, and what is stored is exactly what was answered 201, whole.
@Suite("Fuzzing: the intake endpoint")
struct IntakeFuzzTests {
    static let now = 1_795_222_800

    static let sample = #"{"specversion":"1.0","id":"ID","source":"urn:taizhang","type":"cn.taizhang.referral","data":{"case_ref":"REF","title":"楼上漏水","category":"邻里纠纷","parties":[{"name":"王建国","role":"applicant","community":"东城社区","phone":"13800000000"},{"name":"李红","role":"respondent"}],"due":"2026-12-31","summary":"漏水三个月","referring_unit":"12345"}}"#

    /// Structure-aware variants: a field removed, given the wrong type, or an odd value.
    static let edits: [(String, String)] = [
        (#""title":"楼上漏水","#, ""), (#""title":"楼上漏水""#, #""title":42"#), (#""title":"楼上漏水""#, #""title":"""#),
        (#""category":"邻里纠纷""#, #""category":"不存在""#), (#""due":"2026-12-31""#, #""due":"2026-02-30""#),
        (#""due":"2026-12-31""#, #""due":"2020-01-01""#), (#""due":"2026-12-31""#, #""due":null"#),
        (#""role":"respondent""#, #""role":"被告""#), (#""role":"applicant""#, #""role":"respondent""#),
        (#""parties":["#, #""parties":[null,"#), (#""specversion":"1.0""#, #""specversion":"0.3""#),
        (#""case_ref":"REF""#, #""case_ref":"R E F""#), (#""case_ref":"REF""#, #""case_ref":"""#),
        (#""name":"李红""#, #""name":["李红"]"#), (#""data":{"#, #""data":[{"#), (#""phone":"13800000000""#, #""phone":13800000000"#),
    ]

    @Test("3,000 mutated referrals through the handler: no 5xx, and the store holds exactly the 201s, each case whole")
    func handler() async throws {
        let dir = TempDir("pingli-fuzz-intake")
        let database = try PingliDatabase(path: dir.file("office.sqlite"))
        let secret = try WebhookSecret(WebhookSecret.generate())
        let fixed = Date(timeIntervalSince1970: Double(Self.now))
        let intake = try ReferralIntake(cases: database.cases, secrets: [secret], now: { fixed }, caseClock: { fixed })
        var m = Mutator(seed: 9_191, tokens: ["{", "}", "[", "]", ":", ",", "\"", "null", "true", "\"data\"", "\"parties\"", "\"due\"",
                                               "\"role\"", "\"applicant\"", "\"1.0\"", "\\u0000", "\u{FEFF}", "9999999999"])
        var statuses: [Int: Int] = [:]
        var created = Set<String>()
        for n in 0..<FuzzBudget.iterations(3_000) {
            let id = "msg-\(n % 2_500)"   // some ids come twice: repeats must store nothing new
            var text = Self.sample.replacingOccurrences(of: "\"ID\"", with: "\"\(id)\"").replacingOccurrences(of: "\"REF\"", with: "\"TZ-\(n % 2_700)\"")
            switch m.int(4) {
            case 0: break
            case 1: let e = Self.edits[m.int(Self.edits.count)]; text = text.replacingOccurrences(of: e.0, with: e.1)
            default: text = String(decoding: m.mutate(Array(text.utf8)), as: UTF8.self)
            }
            let body = Data(text.utf8)
            var headers: [HTTPHeader: String] = [:]
            if m.int(20) != 0 { headers[HTTPHeader("webhook-id")] = id }
            if m.int(20) != 0 { headers[HTTPHeader("webhook-timestamp")] = String(m.int(15) == 0 ? Self.now - 400 : Self.now) }
            if m.int(15) != 0 { headers[HTTPHeader("webhook-signature")] = secret.sign(id: id, timestamp: Self.now, body: body) }
            FuzzBudget.record(Array(body))
            let response = await intake.handle(HTTPRequest(method: m.int(30) == 0 ? .PUT : .POST, version: .http11,
                                                           path: m.int(30) == 0 ? "/referral" : "/referrals", query: [], headers: headers, body: body))
            let code = response.statusCode.code
            statuses[code, default: 0] += 1
            #expect([200, 201, 400, 401, 404, 405, 409].contains(code), "unexpected \(code) for \(RegressionCorpus.describe(Array(body)))")
            if code == 201 {
                let answer = try JSONSerialization.jsonObject(with: await response.bodyData) as? [String: String]
                created.insert(answer?["case_ref"] ?? "?")
            }
        }
        let cases = try database.cases.list()
        #expect(Set(cases.map(\.ref)) == created, "the store holds exactly what was answered 201")
        for c in cases {
            let rows = try database.cases.rows(c.ref)
            #expect(rows.rows.count == 1 && HashChain.verify(hearingID: c.ref, rows: rows.rows, sealedHash: rows.headHash, subject: .case).isEmpty)
        }
        let intakeRows = try await database.pool.read { try Int.fetchOne($0, sql: "SELECT count(*) FROM intake") ?? 0 }
        #expect(intakeRows == cases.count, "every stored case has the webhook id that brought it, and nothing else does")
        #expect((statuses[201] ?? 0) > 0 && (statuses[400] ?? 0) > 0 && (statuses[401] ?? 0) > 0 && (statuses[200] ?? 0) > 0,
                "the fuzzer reached every answer: \(statuses)")
    }
}

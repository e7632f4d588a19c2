import FlyingFox
import FlyingSocks
import Foundation

/// `pingli serve`: the office's HTTP door for the case system (台账). `POST /referrals` takes a
/// referral signed with Standard Webhooks exactly as outcomes are (`docs/intake.md`,
/// `docs/openapi.yaml`); `GET /health` answers 200. A referral is stored whole or not at all:
/// the case, its first event and the webhook id in one transaction.
public final class ReferralIntake: Sendable {
    public let cases: CaseService
    private let secrets: [WebhookSecret]
    private let operatorName: String
    /// The office referrals are received for (a county store).
    private let office: String?
    /// The signature window's clock (the real one: the sender signs with it).
    private let now: @Sendable () -> Date
    /// The office's clock for the case (a fixed day in demos and tests, `$PINGLI_NOW`).
    private let caseClock: @Sendable () -> Date
    /// Referrals arriving together share one transaction (one fsync).
    private let commits: GroupCommit<Item, Result<CaseService.IntakeResult, CaseError>>

    struct Item: Sendable {
        var referral: Referral
        var webhookID: String
        var context: OperationContext
    }
    /// The largest body taken (a referral is a few kilobytes).
    public static let maxBody = 1 << 20

    public init(cases: CaseService, secrets: [WebhookSecret], operatorName: String = "台账", office: String? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, caseClock: (@Sendable () -> Date)? = nil) throws {
        guard !secrets.isEmpty else {
            throw DeliveryError.configuration(Message("outbox.intake-secret"))
        }
        self.cases = cases
        self.secrets = secrets
        self.operatorName = operatorName
        self.office = office
        self.now = now
        self.caseClock = caseClock ?? now
        commits = GroupCommit { items in try cases.receive(batch: items.map { ($0.referral, $0.webhookID, $0.context) }) }
    }

    /// Transactions committed since the server started (concurrent referrals share one).
    public var commitCount: Int { commits.commitCount }

    public func server(host: String = "127.0.0.1", port: UInt16) throws -> HTTPServer {
        HTTPServer(address: try sockaddr_in.inet(ip4: host, port: port), timeout: 30,
                   pool: NoDelaySocketPool(HTTPServer.defaultPool()), logger: .disabled)
    }

    static func reply(_ code: Int, _ fields: [String: String]) -> HTTPResponse {
        let body = (try? JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys])) ?? Data()
        return HTTPResponse(statusCode: HTTPStatusCode(code, phrase: code < 300 ? "OK" : "Error"),
                            headers: [.contentType: "application/json"], body: body)
    }

    public func handle(_ request: HTTPRequest) async -> HTTPResponse {
        if request.path == "/health" {
            return request.method == .GET ? Self.reply(200, ["status": "ok"]) : Self.reply(405, ["error": "GET /health"])
        }
        guard request.path == "/referrals" else { return Self.reply(404, ["error": "POST referrals to /referrals (see docs/intake.md)"]) }
        guard request.method == .POST else { return Self.reply(405, ["error": "only POST"]) }
        guard let body = try? await request.bodyData else { return Self.reply(400, ["error": "unreadable body"]) }
        guard body.count <= Self.maxBody else { return Self.reply(413, ["error": "the body is larger than \(Self.maxBody) bytes"]) }
        let id = request.headers[HTTPHeader("webhook-id")]
        let at = now()
        do {
            try WebhookSignature.verify(id: id, timestamp: request.headers[HTTPHeader("webhook-timestamp")],
                                        signature: request.headers[HTTPHeader("webhook-signature")], body: body, secrets: secrets,
                                        now: Int(at.timeIntervalSince1970))
        } catch {
            return Self.reply(401, ["error": "\(error)"])
        }
        let referral: Referral
        do { referral = try Referral.parse(body) } catch { return Self.reply(400, ["error": error.description, "field": error.field]) }
        guard referral.eventID == id else {
            return Self.reply(400, ["error": "the envelope's id must equal the webhook-id header", "field": "id"])
        }
        let context = OperationContext(operatorName: operatorName, now: caseClock(), office: office)
        do {
            switch try await commits.commit(Item(referral: referral, webhookID: id!, context: context)).get() {
            case let .stored(ref): return Self.reply(201, ["status": "stored", "case_ref": ref])
            case let .duplicate(ref): return Self.reply(200, ["status": "duplicate", "case_ref": ref])
            }
        } catch let CaseError.exists(m) {
            return Self.reply(409, ["error": m.description, "field": "data.case_ref"])
        } catch let CaseError.badDetail(field, m) {
            return Self.reply(400, ["error": m.description, "field": "data." + field])
        } catch let e as CaseError {
            return Self.reply(400, ["error": e.description, "field": "data"])
        } catch {
            return Self.reply(503, ["error": "the office could not store the referral; send it again"])
        }
    }
}

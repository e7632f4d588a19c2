import ArgumentParser
import Foundation
import PingliKit

/// `pingli intake configure`: the secret referrals are signed with.
struct IntakeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "intake", abstract: "Referrals from the case system (台账) into `pingli serve`.",
        subcommands: [Configure.self])

    struct Configure: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set the webhook secret referrals are signed with (Standard Webhooks, as outcomes are).",
            discussion: "The secret is read from a file, never from the command line, and never printed. Several secrets separated by spaces are accepted during rotation.")
        @OptionGroup var store: StoreOptions
        @Option(help: "A file holding the whsec_… secret(s).") var secretFile: String
        @Flag(help: "Generate a new secret into --secret-file (which must not exist) and use it.") var generateSecret = false

        func run() throws {
            let secrets = try SecretFile.read(secretFile, generate: generateSecret)
            try store.open().set(CaseSettings.intakeSecretsKey, secrets.joined(separator: " "))
            print(Message(secrets.count == 1 ? "say.intake-secret" : "say.intake-secrets", secrets.count))
        }
    }
}

/// `pingli serve`: what the case system sends in.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Take referrals from the case system on HOST:PORT until SIGTERM or SIGINT.",
        discussion: "POST /referrals (docs/intake.md, docs/openapi.yaml), GET /health. Configure the secret first with `pingli intake configure`.")
    @OptionGroup var store: StoreOptions
    @Option(help: "Port (0 picks one and prints it).") var port: UInt16 = 8788
    @Option(help: "Address to listen on.") var host: String = "127.0.0.1"

    static func clock(_ fixed: Date?) -> (@Sendable () -> Date)? {
        guard let fixed else { return nil }
        return { fixed }
    }

    func run() throws {
        let database = try store.open()
        // Every referral becomes a case of an office: refuse to start rather than answer 503s.
        _ = try Office.resolve(store.officeCode, registered: try database.offices().map(\.code), location: database.location)
        let host = self.host, port = self.port
        let intake: ReferralIntake
        do {
            // $PINGLI_NOW fixes the day cases are received on; signatures are always checked against the real clock.
            let fixed = ProcessInfo.processInfo.environment["PINGLI_NOW"].flatMap { $0.isEmpty ? nil : Timestamp.parse($0) }
            intake = try ReferralIntake(cases: database.cases, secrets: try CaseSettings.intakeSecrets(database),
                                        operatorName: store.operatorName ?? "台账", office: store.officeCode, caseClock: Self.clock(fixed))
        } catch {
            Shell.warn("pingli serve: \(error)")
            throw ExitCode(1)
        }
        try ServerBox.serveUntilSignal(name: "pingli serve") {
            let running = try await RunningServer(try intake.server(host: host, port: port)) { await intake.handle($0) }
            print(Message("say.serve-listening", host, running.port, database.location))
            return running
        }
    }
}

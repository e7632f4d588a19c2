import Testing
@testable import PingliKit

/// A county store that cannot be opened says why in the terms of the fix: a server that is not
/// there (try again later) apart from a database, a login or a URL that will never work.
@Suite("County store: why a connection failed")
struct ConnectFailureTests {
    let url = "postgresql://pingli@db.county:5432/pingli"

    func kind(_ detail: String) -> String {
        switch PGConnection.connectFailure(location: url, detail: detail) {
        case .noSuchDatabase(_, let name): return "database \(name)"
        case .loginRefused: return "login"
        case .badLocation: return "url"
        case .unavailable: return "unavailable"
        default: return "other"
        }
    }

    @Test("libpq's messages (PostgreSQL 15) sorted by what the person can do about them")
    func sorted() {
        #expect(kind(#"connection to server at "127.0.0.1", port 5499 failed: FATAL:  database "pingli" does not exist"#) == "database pingli")
        #expect(kind(#"connection to server at "10.0.0.5", port 5432 failed: FATAL:  password authentication failed for user "pingli""#) == "login")
        #expect(kind(#"connection to server at "127.0.0.1", port 5499 failed: FATAL:  role "nobody" does not exist"#) == "login")
        #expect(kind(#"connection to server at "10.0.0.5", port 5432 failed: fe_sendauth: no password supplied"#) == "login")
        #expect(kind(#"connection to server at "10.0.0.5", port 5432 failed: FATAL:  no pg_hba.conf entry for host "10.0.0.9""#) == "login")
        #expect(kind(#"invalid sslmode value: "bogus""#) == "url")
        #expect(kind(#"invalid integer value "notaport" for connection option "port""#) == "url")
        #expect(kind(#"invalid URI query parameter: "foo""#) == "url")
        #expect(kind(#"connection to server at "127.0.0.1", port 1 failed: Connection refused Is the server running on that host and accepting TCP/IP connections?"#) == "unavailable")
        #expect(kind(#"could not translate host name "db.county" to address: Name or service not known"#) == "unavailable")
        #expect(kind("server closed the connection unexpectedly") == "unavailable")
    }

    @Test("each says what to do, in both languages")
    func messages() {
        let missing = PGConnection.connectFailure(location: url, detail: #"FATAL:  database "pingli" does not exist"#)
        #expect(missing.message.text(in: .en).contains("createdb pingli"))
        #expect(missing.message.text(in: .zh).contains("createdb pingli"))
        #expect(StoreError.loginRefused(location: url, detail: "x").message.text(in: .en).contains("~/.pgpass"))
        #expect(StoreError.badLocation(location: url, detail: "x").message.text(in: .zh).contains("postgresql://用户@主机:端口/库名"))
        #expect(StoreError.unavailable(location: url, detail: "x").message.text(in: .en).contains("try again when the PostgreSQL server is back"))
    }
}

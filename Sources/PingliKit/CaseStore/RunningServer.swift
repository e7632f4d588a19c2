import FlyingFox
import FlyingSocks
import Foundation

/// Runs a FlyingFox server on its own task and reports the port it listens on.
public final class RunningServer: @unchecked Sendable {
    public let server: HTTPServer
    private var task: Task<Void, Error>?
    public private(set) var port: UInt16 = 0

    /// Starts `server` with `handler` for every request and waits until it listens.
    public init(_ server: HTTPServer, handler: @escaping @Sendable (HTTPRequest) async -> HTTPResponse) async throws {
        self.server = server
        await server.appendRoute("*") { request in await handler(request) }
        task = Task { try await server.run() }
        try await server.waitUntilListening(timeout: 10)
        if case let .ip4(_, port)? = await server.listeningAddress { self.port = port }
        if case let .ip6(_, port)? = await server.listeningAddress { self.port = port }
    }

    public func stop() async {
        await server.stop(timeout: 1)
        task?.cancel()
    }
}

/// FlyingFox writes a response's head and body separately; with Nagle's algorithm on, the
/// body waits for the client's delayed ACK (40 ms on Linux), capping a kept-alive connection
/// at about 25 requests a second. This pool sets TCP_NODELAY on every socket it is handed.
struct NoDelaySocketPool<Base: AsyncSocketPool>: AsyncSocketPool {
    let base: Base
    init(_ base: Base) { self.base = base }

    func prepare() async throws { try await base.prepare() }
    func run() async throws { try await base.run() }

    func suspendSocket(_ socket: Socket, untilReadyFor events: Socket.Events) async throws {
        var on: Int32 = 1
        _ = setsockopt(socket.file.rawValue, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
        try await base.suspendSocket(socket, untilReadyFor: events)
    }
}

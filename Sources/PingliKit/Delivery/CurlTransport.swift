import CCurl
import Foundation

/// How the transport connects.
public struct TransportOptions: Sendable, Equatable {
    public var connectTimeout: Double = 10
    public var totalTimeout: Double = 30
    /// A CA bundle for the receiver's certificate; TLS verification is always on.
    public var caFile: String?

    public init(connectTimeout: Double = 10, totalTimeout: Double = 30, caFile: String? = nil) {
        self.connectTimeout = connectTimeout
        self.totalTimeout = totalTimeout
        self.caFile = caFile
    }
}

/// Sends HTTP POSTs with the system libcurl (OpenSSL build) through one easy handle, so the
/// connection to the receiver is reused across deliveries. Not for use from two threads at once.
public final class CurlTransport {
    private let handle: UnsafeMutableRawPointer
    public let options: TransportOptions
    public static let maxResponseBody = 2048

    private static let initialized: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT))
        return true
    }()

    public init(options: TransportOptions = TransportOptions()) throws {
        _ = Self.initialized
        guard let h = curl_easy_init() else { throw DeliveryError.configuration(Message("outbox.no-curl")) }
        handle = h
        self.options = options
    }

    deinit { curl_easy_cleanup(handle) }

    /// Collects the response while curl calls back.
    private final class Sink: CurlTransportSinkAccess {
        var body = Data()
        var retryAfter: String?
        var truncated = false

        func append(_ bytes: UnsafeRawBufferPointer) {
            let room = CurlTransport.maxResponseBody - body.count
            if room > 0 { body.append(contentsOf: bytes.prefix(room)) }
            if bytes.count > max(0, room) { truncated = true }
        }

        func setRetryAfter(_ value: String) { retryAfter = value }
    }

    /// POSTs `body` to `url` with `headers`; never throws for network failures (they are results).
    public func post(url: String, headers: [(String, String)], body: Data) -> AttemptResult {
        let sink = Sink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        var list: UnsafeMutablePointer<curl_slist>?
        for (k, v) in headers + [("Content-Type", "application/json"), ("Expect", "")] {
            list = curl_slist_append(list, "\(k): \(v)")
        }
        defer { curl_slist_free_all(list) }
        var problems: [String] = []
        func check(_ code: CURLcode, _ what: String) { if code != CURLE_OK { problems.append("\(what): \(String(cString: curl_easy_strerror(code)))") } }
        check(pingli_curl_setopt_string(handle, CURLOPT_URL, url), "url")
        check(pingli_curl_setopt_string(handle, CURLOPT_PROTOCOLS_STR, "http,https"), "protocols")
        check(pingli_curl_setopt_long(handle, CURLOPT_POST, 1), "post")
        check(pingli_curl_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count), "size")
        body.withUnsafeBytes { raw in
            check(pingli_curl_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: raw.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!)), "body")
        }
        check(pingli_curl_setopt_slist(handle, CURLOPT_HTTPHEADER, list), "headers")
        check(pingli_curl_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, Int(options.connectTimeout * 1000)), "connect timeout")
        check(pingli_curl_setopt_long(handle, CURLOPT_TIMEOUT_MS, Int(options.totalTimeout * 1000)), "timeout")
        check(pingli_curl_setopt_long(handle, CURLOPT_NOSIGNAL, 1), "nosignal")
        check(pingli_curl_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1), "verify peer")
        check(pingli_curl_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2), "verify host")
        if let ca = options.caFile { check(pingli_curl_setopt_string(handle, CURLOPT_CAINFO, ca), "CA file") }
        check(pingli_curl_setopt_write_function(handle, CURLOPT_WRITEFUNCTION, writeCallback), "write function")
        check(pingli_curl_setopt_pointer(handle, CURLOPT_WRITEDATA, unmanaged.toOpaque()), "write data")
        check(pingli_curl_setopt_write_function(handle, CURLOPT_HEADERFUNCTION, headerCallback), "header function")
        check(pingli_curl_setopt_pointer(handle, CURLOPT_HEADERDATA, unmanaged.toOpaque()), "header data")
        guard problems.isEmpty else { return AttemptResult(status: nil, error: "libcurl refused an option: \(problems.joined(separator: "; "))") }
        let code = curl_easy_perform(handle)
        let text = String(decoding: sink.body, as: UTF8.self) + (sink.truncated ? "…" : "")
        guard code == CURLE_OK else {
            return AttemptResult(status: nil, error: "\(String(cString: curl_easy_strerror(code))) (curl \(code.rawValue))", responseBody: text)
        }
        var status = 0
        _ = pingli_curl_getinfo_long(handle, CURLINFO_RESPONSE_CODE, &status)
        return AttemptResult(status: status, retryAfter: sink.retryAfter, responseBody: text)
    }
}

private let writeCallback: pingli_curl_write_fn = { data, size, count, user in
    let sink = Unmanaged<AnyObject>.fromOpaque(user!).takeUnretainedValue()
    let n = size * count
    if let sink = sink as? CurlTransportSinkAccess {
        sink.append(UnsafeRawBufferPointer(start: data, count: n))
    }
    return n
}

private let headerCallback: pingli_curl_write_fn = { data, size, count, user in
    let sink = Unmanaged<AnyObject>.fromOpaque(user!).takeUnretainedValue()
    let n = size * count
    if let sink = sink as? CurlTransportSinkAccess, let data {
        let line = String(decoding: UnsafeRawBufferPointer(start: data, count: n), as: UTF8.self)
        if line.lowercased().hasPrefix("retry-after:") { sink.setRetryAfter(String(line.dropFirst(12)).trimmed) }
    }
    return n
}

protocol CurlTransportSinkAccess: AnyObject {
    func append(_ bytes: UnsafeRawBufferPointer)
    func setRetryAfter(_ value: String)
}

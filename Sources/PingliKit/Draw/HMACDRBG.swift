import Crypto

/// HMAC_DRBG with SHA-256 (NIST SP 800-90A Rev. 1, §10.1.2), without reseeding or
/// additional input: a deterministic stream of bytes from a seed, identical on every
/// machine. The draw uses nothing else for randomness.
public struct HMACDRBG: Sendable {
    private var key: [UInt8]
    private var value: [UInt8]

    /// Instantiates with `seed` as the entropy input (nonce and personalisation empty).
    public init(seed: [UInt8]) {
        key = [UInt8](repeating: 0, count: 32)
        value = [UInt8](repeating: 1, count: 32)
        update(seed)
    }

    private mutating func update(_ provided: [UInt8]?) {
        key = mac(value + [0x00] + (provided ?? []))
        value = mac(value)
        guard let provided, !provided.isEmpty else { return }
        key = mac(value + [0x01] + provided)
        value = mac(value)
    }

    private func mac(_ data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// The next `count` bytes.
    public mutating func generate(_ count: Int) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count + 32)
        while out.count < count {
            value = mac(value)
            out += value
        }
        update(nil)
        return Array(out.prefix(count))
    }

    /// A uniform integer in `0..<bound`, by rejection sampling on 64-bit draws (no modulo bias).
    public mutating func uniform(below bound: UInt64) -> UInt64 {
        precondition(bound > 0)
        let limit = UInt64.max - (UInt64.max % bound + 1) % bound
        while true {
            let bytes = generate(8)
            let r = bytes.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
            if r <= limit { return r % bound }
        }
    }

    /// `k` distinct elements of `items`, in the order drawn (a partial Fisher–Yates shuffle).
    public mutating func choose<T>(_ k: Int, from items: [T]) -> [T] {
        var pool = items
        let k = min(k, pool.count)
        for i in 0..<k {
            let j = i + Int(uniform(below: UInt64(pool.count - i)))
            pool.swapAt(i, j)
        }
        return Array(pool.prefix(k))
    }
}

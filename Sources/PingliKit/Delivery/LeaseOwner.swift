import Foundation

/// Who holds a lease: `pid@host`. A lease of a process that no longer exists on this host is void.
enum LeaseOwner {
    static let current = "\(getpid())@\(ProcessInfo.processInfo.hostName)"

    static func isAlive(_ owner: String) -> Bool {
        let parts = owner.split(separator: "@", maxSplits: 1)
        guard parts.count == 2, let pid = Int32(parts[0]) else { return false }
        guard String(parts[1]) == ProcessInfo.processInfo.hostName else { return true } // another machine: trust its lease
        return kill(pid, 0) == 0 || errno == EPERM
    }
}

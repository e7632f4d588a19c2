import Foundation
import PingliKit

/// The single-process half of `pingli-bench store`: one process's durable appends through
/// Pingli's command path against a bare libpq insert loop at the same settings.
extension StoreBench {
    /// One loop of the comparison: appends `count` events, each its own durable transaction.
    struct Loop {
        var name: String
        var run: (_ count: Int) throws -> Void
        var seconds: [Double] = []
        var cpu: [Double] = []
        var events = 0
    }

    /// Three loops in one new database, taking turns block by block so that whatever drifts
    /// during a run (a checkpoint, the autovacuum launcher, a neighbour on the machine) falls
    /// on all three alike:
    /// - Pingli: `HearingService.execute` of a correction — decide, chain, one INSERT.
    /// - the store's event table: the same rows, chained beforehand, inserted by a bare loop
    ///   into the store's own event table (its key and chain check), on a second hearing;
    /// - the anchor: a bare loop inserting rows of the same shape into an unindexed table.
    /// Each loop first runs a tenth of its events untimed. The ratio is the median, over all
    /// blocks of all runs, of Pingli's rate over the anchor's in the same round.
    static func singleProcess(events n: Int, runs: Int, blocks: Int) throws -> [String: Any] {
        let blocks = max(1, min(blocks, n))
        let perBlock = n / blocks
        let warm = max(1, n / 10)
        let text = { (i: Int) in "第 \(i) 条更正：双方就停车位问题交换意见。" }
        var ratios: [Double] = [], tableRatios: [Double] = []
        var all: [Loop] = []
        for run in 0..<runs {
            let location = try freshDatabase()
            let store = try StoreLocation(location).open()
            let ours = try StoreWorker.openHearing(store, caseRef: "BENCH-ONE")
            let ctx = OperationContext(operatorName: "bench", now: Date())
            var i = 0
            let pingli = Loop(name: "pingli") { count in
                for _ in 0..<count {
                    try store.hearings.execute(ours, .correct(seq: 1, text: text(i)), context: ctx)
                    i += 1
                }
            }

            let other = try StoreWorker.openHearing(store, caseRef: "BENCH-TABLE")
            var state = try store.hearings.state(other)
            let rows = (0..<(warm + perBlock * blocks)).map { j in state.record([.corrected(seq: 1, text: text(j))], context: ctx)[0].row }
            let direct = try PGConnection(url: store.location)
            let insert = "INSERT INTO hearing_event (hearing_id, seq, at, operator, type, payload, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
            var next = 0
            let table = Loop(name: "event table") { count in
                for r in rows[next..<(next + count)] {
                    try direct.execute(insert, [other, r.seq, r.at, r.operatorName, r.type, r.payload, r.prevHash, r.hash])
                }
                next += count
            }

            let bareConnection = try PGConnection(url: location)
            try bareConnection.execute("CREATE TABLE bench_bare (hearing TEXT, seq INTEGER, at TEXT, operator TEXT, type TEXT, payload TEXT, prev TEXT, hash TEXT)")
            let prev = String(repeating: "a", count: 64), hash = String(repeating: "b", count: 64)
            var k = 0
            let bare = Loop(name: "bare") { count in
                for _ in 0..<count {
                    try bareConnection.execute("INSERT INTO bench_bare VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                                               ["H", k, "2026-11-21T00:00:00.000Z", "bench", "corrected", "{\"seq\":1,\"text\":\"\(text(k))\"}", prev, hash])
                    k += 1
                }
            }

            var loops = [pingli, table, bare]
            for l in loops { try l.run(warm) }
            for block in 0..<blocks {
                for step in 0..<loops.count {
                    let at = (run + block + step) % loops.count
                    let cpu0 = cpuSeconds()
                    let (_, t) = try measure { try loops[at].run(perBlock) }
                    loops[at].cpu.append((cpuSeconds() - cpu0) / Double(perBlock))
                    loops[at].seconds.append(t)
                    loops[at].events += perBlock
                }
                ratios.append(loops[2].seconds[block] / loops[0].seconds[block])
                tableRatios.append(loops[2].seconds[block] / loops[1].seconds[block])
            }
            for (j, l) in loops.enumerated() {
                if all.count <= j { all.append(Loop(name: l.name, run: { _ in })) }
                all[j].seconds += l.seconds; all[j].cpu += l.cpu; all[j].events += l.events
            }
            dropDatabases()
        }
        let rate = { (l: Loop) in Double(perBlock) / median(l.seconds) }
        let cpu = { (l: Loop) in median(l.cpu) * 1e6 }
        print("\nsingle process, PostgreSQL (synchronous_commit=on): \(runs) run(s) × \(blocks) blocks × \(perBlock) events per loop, turns rotated")
        let idle = Self.idleSetting()
        if let note = idle.note { print(note) }
        print("loop                                   events/s  client CPU µs/event  ratio to the bare loop (median of blocks)")
        print(String(format: "%-38@ %9.0f  %19.1f  %5.2f×", "pingli (decide, chain, insert)" as NSString, rate(all[0]), cpu(all[0]), median(ratios)))
        print(String(format: "%-38@ %9.0f  %19.1f  %5.2f×", "bare insert into the store's table" as NSString, rate(all[1]), cpu(all[1]), median(tableRatios)))
        print(String(format: "%-38@ %9.0f  %19.1f  %5.2f×", "bare insert, unindexed table (anchor)" as NSString, rate(all[2]), cpu(all[2]), 1.0))
        return ["events_per_block": perBlock, "blocks": blocks, "runs": runs, "ratio": median(ratios), "event_table_ratio": median(tableRatios),
                "cpuidle_driver": idle.driver ?? "", "guest_halt_poll_ns": idle.haltPollNanoseconds ?? -1,
                "ratios": ratios, "event_table_ratios": tableRatios,
                "loops": all.map { ["name": $0.name, "block_seconds": $0.seconds, "cpu_seconds_per_event": $0.cpu, "events": $0.events] }]
    }

    /// This process's CPU time so far (user and system), in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let t = { (v: timeval) in Double(v.tv_sec) + Double(v.tv_usec) / 1e6 }
        return t(usage.ru_utime) + t(usage.ru_stime)
    }

    /// How this machine's CPUs wait (Linux). A guest whose `haltpoll` driver never polls
    /// (`haltpoll.guest_halt_poll_ns=0`, as some microVMs boot) halts its vCPU on every wait
    /// for the server, and the host's wake-up then costs more the longer the wait: a loop that
    /// waits longer is slowed more than its own work explains (BENCHMARKS.md, session 9).
    static func idleSetting() -> (driver: String?, haltPollNanoseconds: Int?, note: String?) {
        func read(_ path: String) -> String? {
            (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let driver = read("/sys/devices/system/cpu/cpuidle/current_driver")
        let poll = read("/sys/module/haltpoll/parameters/guest_halt_poll_ns").flatMap { Int($0) }
        guard driver == "haltpoll", let poll else { return (driver, poll, driver.map { "cpuidle: \($0)" }) }
        let note = poll == 0
            ? "cpuidle: haltpoll with guest_halt_poll_ns=0 (no polling: every wait halts the vCPU; the ratio then depends on the host, see BENCHMARKS.md)"
            : "cpuidle: haltpoll, guest_halt_poll_ns=\(poll)"
        return (driver, poll, note)
    }
}

import ArgumentParser
import Foundation
import PingliKit

/// `pingli select`: the Sortition Foundation's CSV formats in and out.
struct SelectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "select",
        abstract: "Select a panel from sortition-algorithms CSV files with the leximin lottery.",
        discussion: """
            features.csv: feature,value,min,max[,min_flex,max_flex] (flex columns are ignored). people.csv: an id \
            column plus one column per feature; other columns are carried through to the outputs. People with equal \
            values in every --household-columns column (compared ignoring case) share a household: at most one is selected.
            """)

    @Option(help: "The people file.") var people: String
    @Option(help: "The features (quotas) file.") var features: String
    @Option(help: "The panel size.") var size: Int
    @Option(help: "Seed text (e.g. hex); the same seed gives the same panel. Default: fresh from /dev/urandom, printed.") var seed: String?
    @Option(help: "The id column of the people file.") var idColumn: String = "id"
    @Option(help: "Comma-separated address columns that identify a household.") var householdColumns: String?
    @Option(help: "Write the selected people here.") var selected: String
    @Option(help: "Write everyone else here.") var remaining: String
    @Option(help: "Write every person's selection probability here.") var probabilities: String?

    func run() throws {
        guard size > 0 else { throw ValidationError(Message("say.size-at-least-one")) }
        let instance = try SortitionInstance.read(features: features, people: people, idColumn: idColumn,
                                                  householdColumns: householdColumns?.split(separator: ",").map { String($0).trimmed } ?? [])
        let seedText = seed ?? Self.freshSeed()
        let (chosen, probs, lottery) = try instance.select(size: size, seed: SortitionInstance.seed(seedText), solver: CBCSolver())
        let set = Set(chosen)
        var sel = try CSVWriter(path: selected, byteOrderMark: false)
        var rem = try CSVWriter(path: remaining, byteOrderMark: false)
        try sel.write(instance.header)
        try rem.write(instance.header)
        let byID = Dictionary(uniqueKeysWithValues: zip(instance.ids, instance.rows))
        for id in chosen { try sel.write(byID[id]!) }
        for (id, row) in zip(instance.ids, instance.rows) where !set.contains(id) { try rem.write(row) }
        try sel.close(); try rem.close()
        if let probabilities {
            var w = try CSVWriter(path: probabilities, byteOrderMark: false)
            try w.write([idColumn, "probability"])
            for id in instance.ids { try w.write([id, String(format: "%.9f", probs[id] ?? 0)]) }
            try w.close()
        }
        print(Message("say.selected", chosen.count, instance.ids.count, seedText, String(format: "%.6f", lottery.minimumProbability * 100),
                      String(format: "%.6f", lottery.maximumProbability * 100), lottery.compositions.count))
    }

    static func freshSeed() -> String {
        let fd = open("/dev/urandom", O_RDONLY)
        var bytes = [UInt8](repeating: 0, count: 16)
        if fd >= 0 { _ = read(fd, &bytes, 16); close(fd) }
        return hex(bytes)
    }
}

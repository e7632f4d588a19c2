import Foundation

/// sortition-algorithms 0.12.15 in a virtualenv of its own, run on the same CSV files.
enum SortitionAnchor {
    static let version = "0.12.15"

    /// Creates (once) a virtualenv with sortition-algorithms[cli,mip]; returns its python, or
    /// nil with a message when PyPI cannot be reached.
    static func prepare(in dir: String) throws -> String? {
        let venv = dir + "/sortition-venv"
        let python = venv + "/bin/python"
        if FileManager.default.isExecutableFile(atPath: python),
           try shell([python, "-c", "import sortition_algorithms, mip"], quiet: true).0 == 0 { return python }
        FileHandle.standardError.write(Data("installing sortition-algorithms[cli,mip]==\(version) into \(venv)…\n".utf8))
        guard try shell(["python3", "-m", "venv", venv], quiet: true).0 == 0,
              try shell([venv + "/bin/pip", "install", "-q", "sortition-algorithms[cli,mip]==\(version)"], quiet: true).0 == 0 else {
            FileHandle.standardError.write(Data("sortition-algorithms could not be installed (no PyPI?); the anchor is skipped\n".utf8))
            return nil
        }
        return python
    }

    /// Times its maximin with the CBC backend (mip) and returns the minimum selection probability.
    static func run(python: String, features: String, people: String, size: Int, timeout: Int) throws -> (seconds: Double, minimum: Double)? {
        let script = """
            import csv, json, sys, time
            from sortition_algorithms.features import read_in_features
            from sortition_algorithms.people import read_in_people
            from sortition_algorithms.settings import Settings
            from sortition_algorithms.committee_generation.maximin import find_distribution_maximin
            fpath, ppath, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
            with open(fpath) as f:
                r = csv.DictReader(f); features = read_in_features(r.fieldnames, list(r), n)[0]
            settings = Settings(id_column="id", columns_to_keep=[], check_same_address=True,
                                check_same_address_columns=["household"], selection_algorithm="maximin", solver_backend="mip")
            with open(ppath) as f:
                r = csv.DictReader(f); people = read_in_people(r.fieldnames, list(r), features, settings)[0]
            start = time.time()
            committees, probs, _ = find_distribution_maximin(features, people, n, ["household"], "mip")
            seconds = time.time() - start
            marg = {}
            for c, p in zip(committees, probs):
                for a in c: marg[a] = marg.get(a, 0) + p
            print(json.dumps({"seconds": seconds, "min": min(marg.get(k, 0.0) for k in people)}))
            """
        let (status, out) = try shell(["timeout", String(timeout), python, "-c", script, features, people, String(size)], quiet: true)
        guard status == 0, let line = out.split(separator: "\n").last,
              let obj = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Double] else {
            FileHandle.standardError.write(Data("sortition-algorithms did not finish (status \(status)); no anchor for this size\n".utf8))
            return nil
        }
        return (obj["seconds"] ?? .nan, obj["min"] ?? .nan)
    }
}

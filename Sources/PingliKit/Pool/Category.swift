/// One category of representative (两代表一委员, 专业人才 …).
public struct Category: Hashable, Sendable, Codable {
    /// Stable key used in data and panel specs, e.g. `legal-professional`.
    public var key: String
    /// What the office calls it, e.g. `专业人才`.
    public var label: String
    /// Other names accepted on import, e.g. `法律专业人士`.
    public var aliases: [String]

    public init(key: String, label: String, aliases: [String] = []) {
        self.key = key
        self.label = label
        self.aliases = aliases
    }
}

/// The categories an office uses: the seven the seeds name, plus any it adds.
public struct CategoryCatalog: Sendable {
    public private(set) var categories: [Category]
    private var index: [String: String]

    /// The categories 民事民议 draws from.
    public static let builtIn: [Category] = [
        Category(key: "party-deputy", label: "党代表", aliases: ["党代会代表"]),
        Category(key: "congress-deputy", label: "人大代表", aliases: ["人民代表大会代表"]),
        Category(key: "cppcc-member", label: "政协委员", aliases: []),
        Category(key: "legal-professional", label: "专业人才", aliases: ["法律专业人士", "法律工作者", "专业人士"]),
        Category(key: "community-figure", label: "社会人士", aliases: ["有威望的社会人士", "社会贤达"]),
        Category(key: "resident", label: "居民代表", aliases: ["居民"]),
        Category(key: "villager", label: "村民代表", aliases: ["村民"]),
    ]

    public init(_ categories: [Category] = CategoryCatalog.builtIn) {
        self.categories = []
        self.index = [:]
        for c in categories { add(c) }
    }

    private static func normalize(_ s: String) -> String {
        s.trimmed.lowercased()
    }

    /// Adds or replaces a category.
    public mutating func add(_ category: Category) {
        if let i = categories.firstIndex(where: { $0.key == category.key }) {
            categories[i] = category
        } else {
            categories.append(category)
        }
        for name in [category.key, category.label] + category.aliases {
            index[Self.normalize(name)] = category.key
        }
        index[Self.normalize(category.key.replacingOccurrences(of: "-", with: "_"))] = category.key
    }

    /// The key for a key, label or alias; nil when unknown.
    public func key(for name: String) -> String? { index[Self.normalize(name)] }

    public func category(_ key: String) -> Category? { categories.first { $0.key == key } }

    public func label(_ key: String) -> String { category(key)?.label ?? key }

    /// Splits `专业人才;居民代表` or `专业人才、居民代表` into keys, or names the unknown parts.
    public func parseList(_ text: String) -> Result<[String], UnknownCategories> {
        var keys: [String] = []
        var unknown: [String] = []
        for part in text.split(whereSeparator: { $0 == ";" || $0 == "；" || $0 == "、" || $0 == "|" }) {
            let name = part.trimmed
            if name.isEmpty { continue }
            if let k = key(for: name) {
                if !keys.contains(k) { keys.append(k) }
            } else {
                unknown.append(name)
            }
        }
        return unknown.isEmpty ? .success(keys) : .failure(UnknownCategories(names: unknown))
    }

    public struct UnknownCategories: Error, Sendable {
        public var names: [String]
    }
}

extension CategoryCatalog {
    /// Checks that `category` can join the catalog: a well-formed key, and no label or alias
    /// that already names another category.
    public func checkNew(_ category: Category) throws {
        guard RepresentativeParser.isValidID(category.key), category.key == category.key.lowercased() else {
            throw PoolError.invalidField(field: "key", value: category.key, hint: Message("pool.use-lower-case-letters"))
        }
        for name in [category.label] + category.aliases {
            if let other = key(for: name), other != category.key {
                throw PoolError.invalidField(field: "label", value: name, hint: Message("pool.already-names-category", other))
            }
        }
    }

    /// Checks a representative's categories: at least one, each known.
    public func check(_ representative: Representative) throws {
        guard !representative.categories.isEmpty else { throw PoolError.missingField(field: "categories") }
        for c in representative.categories where category(c) == nil {
            throw PoolError.invalidField(field: "category", value: c, hint: Message("pool.unknown-known", categories.map(\.key).joined(separator: ", ")))
        }
    }
}

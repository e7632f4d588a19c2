/// The elements of `items` in first-seen order, without repeats.
func orderedUnique<T: Hashable>(_ items: [T]) -> [T] {
    var seen = Set<T>()
    return items.filter { seen.insert($0).inserted }
}

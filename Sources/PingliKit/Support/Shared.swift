/// An immutable value behind one reference, so that a struct holding it is copied with one
/// retain instead of one for every reference inside the value. Value semantics are kept: the
/// value never changes, and a new value gets a new box.
final class Shared<Value: Sendable>: Sendable {
    let value: Value

    init(_ value: Value) { self.value = value }
}

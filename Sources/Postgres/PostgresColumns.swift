/// The column names of one result, with a name-to-index lookup shared by all of its rows.
public struct PostgresColumns: Sendable, RandomAccessCollection {
    /// The column names in result order.
    public let names: [String]
    private let indexByName: [String: Int]

    /// Creates the lookup; with duplicate names, the first column wins (as in SQL `USING` joins).
    public init(names: [String]) {
        self.names = names
        var lookup: [String: Int] = [:]
        lookup.reserveCapacity(names.count)
        for (index, name) in names.enumerated() where lookup[name] == nil {
            lookup[name] = index
        }
        self.indexByName = lookup
    }

    /// The index of the first column called `name`.
    public func index(of name: String) -> Int? { indexByName[name] }

    /// Always 0.
    public var startIndex: Int { 0 }
    /// The number of columns.
    public var endIndex: Int { names.count }
    /// The name of the column at `position`.
    public subscript(position: Int) -> String { names[position] }
}

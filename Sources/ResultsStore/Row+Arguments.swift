import GRDB

extension Row {
    /// The values of `columns`, in that order, as statement arguments.
    func arguments(_ columns: [String]) -> StatementArguments {
        StatementArguments(columns.map { self[$0] as DatabaseValue })
    }
}

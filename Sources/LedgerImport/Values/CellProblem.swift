/// Why one cell could not be read as the type its column declares.
struct CellProblem: Error, Sendable, Equatable {
    var code: RejectCode
    var problem: String
    var expected: String
}

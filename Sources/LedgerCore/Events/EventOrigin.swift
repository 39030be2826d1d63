/// Where an imported event came from: the export file (by name and SHA-256), the physical line
/// of its row, and the mapping that read it. Kept beside the log, never in the event's body,
/// so two exports of the same fact stay duplicates.
public struct EventOrigin: Sendable, Equatable {
    public var file: String
    public var fileSHA256: String
    public var line: Int
    public var mapping: String
    public var mappingVersion: Int

    public init(file: String, fileSHA256: String, line: Int, mapping: String, mappingVersion: Int) {
        self.file = file
        self.fileSHA256 = fileSHA256
        self.line = line
        self.mapping = mapping
        self.mappingVersion = mappingVersion
    }

    /// `file:line (mapping vN)`, as explain prints it.
    public var description: String { "\(file):\(line) (\(mapping) v\(mappingVersion))" }
}

import LedgerCore

/// What a store does for `EventAppender`: the few reads and writes whose SQL differs between the
/// file and the server. Hashing, duplicate and conflict rules, reference checks and the merge
/// graph stay in the appender, so both stores keep one contract.
protocol AppendTarget: AnyObject {
    /// Inserts the event as the next link after `head`; `.taken` when its id is already stored.
    func insert(_ event: Event, body: UnsafeRawBufferPointer, seq: Int64, recordedAt: Timestamp, hash: EventHash) throws(StoreError) -> InsertResult
    /// The stored event holding `id`: its seq, type and canonical body.
    func lookup(id: String) throws(StoreError) -> (seq: Int64, type: String, body: String)?
    /// The merge graph of every correction before `seq`.
    func mergeGraph(before seq: Int64) throws(StoreError) -> MergeGraph
    /// Savepoints, so a group of appends lands whole or not at all.
    func savepoint(_ step: SavepointStep) throws
    /// Every event whose id starts with `prefix` and sorts below `limit`, in seq order, each
    /// with whether a retraction names it.
    func revisions(from prefix: String, below limit: String) throws(StoreError) -> [StoredRevision]
    /// Records an imported file; returns its number.
    func recordImportFile(_ record: ImportFileRecord, recordedAt: Timestamp) throws(StoreError) -> Int64
    /// Records the file and line the event at `seq` came from.
    func recordLine(seq: Int64, importFile: Int64, line: Int) throws(StoreError)
}

/// What an insert found.
enum InsertResult {
    /// Stored at the seq asked for, with this hash (the server computes its own and says it).
    case inserted(hash: EventHash)
    /// The id is already stored: a duplicate or a conflict, told apart by the stored body.
    case taken
}

enum SavepointStep {
    case begin, release, rollback
}

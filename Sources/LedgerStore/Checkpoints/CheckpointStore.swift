#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerCore

/// Projection checkpoints, kept as files in a folder beside the ledger (`<ledger>.checkpoints`):
/// a cache that is never part of the evidence. Deleting the folder changes no output, only the
/// time the next replay takes; `verify` and `audit` never read it.
///
/// A file is written whole to a temporary name, flushed, then renamed into place, so a crash
/// leaves either the old set or the new file, never a torn one. Each file names its key (the
/// projection, its code version and the rules hash), the seq and ledger hash it was folded
/// through, and the SHA-256 of its state, and is only believed when all of them check out.
public struct CheckpointStore: Sendable {
    /// A checkpoint file as listed: what it claims, before it is read.
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var projection: String
        public var seq: Int64
        /// Names the whole key (see `fileName`); the header holds the key itself.
        public var keyTag: String
    }

    /// What a checkpoint holds, once its header and state checked out.
    public struct Loaded: Sendable {
        public var key: CheckpointKey
        public var seq: Int64
        public var hash: EventHash
        public var state: [UInt8]
        /// Where the state starts in `state`.
        public var stateOffset: Int
    }

    public let folder: String
    private static let magic = Array("roiledger checkpoint\n".utf8)
    private static let formatVersion: UInt64 = 1

    public init(ledgerPath: String) {
        folder = ledgerPath + ".checkpoints"
    }

    /// Every checkpoint file of this ledger (any key), highest seq first.
    public func entries() -> [Entry] {
        guard let directory = opendir(folder) else { return [] }
        defer { closedir(directory) }
        var found: [Entry] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasSuffix(".ckpt") else { continue }
            let parts = name.dropLast(5).split(separator: "-")
            guard parts.count == 3, let seq = Int64(parts[2]) else { continue }
            found.append(Entry(path: folder + "/" + name, projection: String(parts[0]), seq: seq, keyTag: String(parts[1])))
        }
        return found.sorted { ($0.seq, $0.path) > ($1.seq, $1.path) }
    }

    /// This key's checkpoints at or before `seq`, nearest first.
    public func entries(for key: CheckpointKey, atOrBefore seq: Int64 = .max) -> [Entry] {
        let tag = Self.tag(key)
        return entries().filter { $0.projection == key.projection && $0.keyTag == tag && $0.seq <= seq }
    }

    /// Reads and checks one checkpoint: the header must name `key` exactly and the state must
    /// hash to what the header says.
    public func load(_ entry: Entry, key: CheckpointKey) throws(CheckpointError) -> Loaded {
        guard let bytes = Self.readFile(entry.path) else { throw .damaged("cannot read \(entry.path)") }
        guard let headerRange = Self.headerRange(bytes) else { throw .damaged("\(entry.path) is not a roiledger checkpoint") }
        guard headerRange.upperBound <= bytes.count else { throw .damaged("\(entry.path): header overruns the file") }
        let header = try Self.decodeHeader(bytes[headerRange])
        let cursor = headerRange.upperBound
        guard header.format == Self.formatVersion else { throw .damaged("\(entry.path): format \(header.format)") }
        guard header.key == key, header.seq == entry.seq else { throw .damaged("\(entry.path): written for another key or seq") }
        guard header.stateCount == bytes.count - cursor else { throw .damaged("\(entry.path): state is \(bytes.count - cursor) bytes, header says \(header.stateCount)") }
        let digest = bytes.withUnsafeBytes { ContentDigest.sha256(UnsafeRawBufferPointer(rebasing: $0[cursor...])) }
        guard digest == header.digest else { throw .damaged("\(entry.path): state does not match its digest") }
        guard let hash = EventHash(hex: header.hash) else { throw .damaged("\(entry.path): bad ledger hash") }
        return Loaded(key: key, seq: header.seq, hash: hash, state: bytes, stateOffset: cursor)
    }

    /// Saves a state folded through `seq` (whose ledger hash is `hash`), atomically, then keeps
    /// only the `keep` highest-seq checkpoints of the key, and deletes the projection's
    /// checkpoints that another code version wrote (this program can never read them, and at
    /// ten million events each is half a gigabyte). Returns the file's path.
    @discardableResult
    public func save(_ state: [UInt8], key: CheckpointKey, seq: Int64, hash: EventHash, keep: Int) throws(StoreError) -> String {
        guard mkdir(folder, 0o755) == 0 || errno == EEXIST else { throw StoreError.io(path: folder, reason: String(cString: strerror(errno))) }
        var header = CheckpointEncoder(reservingCapacity: 256)
        header.write(Self.formatVersion)
        header.write(key.projection)
        header.write(key.codeVersion)
        header.write(key.rulesHash)
        header.write(seq)
        header.write(hash.description)
        header.write(state.count)
        header.write(ContentDigest.sha256(state))
        let length = UInt32(header.bytes.count)
        var prefix = Self.magic
        prefix += [UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8), UInt8(truncatingIfNeeded: length >> 16), UInt8(truncatingIfNeeded: length >> 24)]
        prefix += header.bytes

        let path = folder + "/" + Self.fileName(key, seq: seq)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw StoreError.io(path: temporary, reason: String(cString: strerror(errno))) }
        let written = Self.writeAll(descriptor, prefix) && Self.writeAll(descriptor, state) && fsync(descriptor) == 0
        let failure = String(cString: strerror(errno))
        close(descriptor)
        guard written, rename(temporary, path) == 0 else {
            unlink(temporary)
            throw StoreError.io(path: path, reason: failure)
        }
        for stale in entries(for: key).dropFirst(max(keep, 1)) { unlink(stale.path) }
        let tag = Self.tag(key)
        for other in entries() where other.projection == key.projection && other.keyTag != tag {
            // Another rule set's checkpoints of the same code stay: they serve that rule set.
            if let written = Self.key(writtenIn: other.path), written.projection == key.projection,
               written.codeVersion != key.codeVersion {
                unlink(other.path)
            }
        }
        return path
    }

    /// The key a checkpoint file's header names, reading the header only; nil when the file is
    /// not one this format can read (such a file is left alone).
    static func key(writtenIn path: String) -> CheckpointKey? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        func read(_ count: Int) -> [UInt8]? {
            var bytes = [UInt8](repeating: 0, count: count)
            return bytes.withUnsafeMutableBytes({ pread(descriptor, $0.baseAddress!, count, 0) }) == count ? bytes : nil
        }
        guard let prefix = read(magic.count + 4), let headerRange = headerRange(prefix), headerRange.upperBound <= 1 << 16,
              let bytes = read(headerRange.upperBound), let header = try? decodeHeader(bytes[headerRange]),
              header.format == formatVersion else { return nil }
        return header.key
    }

    /// What a checkpoint file says of itself, ahead of its state.
    private struct Header {
        var format: UInt64
        var key: CheckpointKey
        var seq: Int64
        var hash: String
        var stateCount: Int
        var digest: String
    }

    /// Where the header lies in a file that starts with `bytes` (at least the magic and the
    /// header's length), or nil when they are not a checkpoint's; the range may run past `bytes`.
    private static func headerRange(_ bytes: [UInt8]) -> Range<Int>? {
        guard bytes.count >= magic.count + 4, bytes.prefix(magic.count).elementsEqual(magic) else { return nil }
        let start = magic.count + 4
        let length = Int(bytes[start - 4]) | Int(bytes[start - 3]) << 8 | Int(bytes[start - 2]) << 16 | Int(bytes[start - 1]) << 24
        return start..<(start + length)
    }

    private static func decodeHeader(_ bytes: ArraySlice<UInt8>) throws(CheckpointError) -> Header {
        try CheckpointDecoder.decode(bytes) { decoder throws(CheckpointError) in
            Header(format: try decoder.readUInt64(),
                   key: CheckpointKey(projection: try decoder.readString(), codeVersion: try decoder.readString(), rulesHash: try decoder.readString()),
                   seq: try decoder.readInt64(), hash: try decoder.readString(), stateCount: try decoder.readInt(), digest: try decoder.readString())
        }
    }

    /// Deletes every checkpoint (and any temporary file a crash left); returns how many.
    @discardableResult
    public func removeAll() -> Int {
        guard let directory = opendir(folder) else { return 0 }
        var names: [String] = []
        while let item = readdir(directory) {
            let name = withUnsafeBytes(of: item.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name.contains(".ckpt") { names.append(name) }
        }
        closedir(directory)
        for name in names { unlink(folder + "/" + name) }
        rmdir(folder)
        return names.filter { $0.hasSuffix(".ckpt") }.count
    }

    /// The file's size in bytes (0 when it is gone).
    public func size(of entry: Entry) -> Int64 {
        var status = stat()
        return stat(entry.path, &status) == 0 ? Int64(status.st_size) : 0
    }

    /// `<projection>-<tag>-<seq>.ckpt`, the tag a digest of the whole key, so listing finds a
    /// key's checkpoints without opening any.
    static func fileName(_ key: CheckpointKey, seq: Int64) -> String {
        "\(key.projection)-\(tag(key))-\(seq).ckpt"
    }

    /// Names a key in file names (`Entry.keyTag`).
    public static func tag(_ key: CheckpointKey) -> String {
        String(ContentDigest.sha256([key.projection, key.codeVersion, key.rulesHash].joined(separator: "\u{0}")).prefix(16))
    }

    private static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        var bytes = [UInt8](repeating: 0, count: size)
        var done = 0
        while done < size {
            let got = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + done, size - done) }
            guard got > 0 else { return nil }
            done += got
        }
        return bytes
    }

    private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBytes { buffer in
            var done = 0
            while done < buffer.count {
                let wrote = write(descriptor, buffer.baseAddress! + done, buffer.count - done)
                guard wrote > 0 else { return false }
                done += wrote
            }
            return true
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerApp

/// Scratch folders for the demo and the benchmarks.
public enum TemporaryFolder {
    /// A new folder `/tmp/<prefix>-XXXXXX`.
    public static func make(prefix: String = "roiledger") throws -> String {
        var template = Array("/tmp/\(prefix)-XXXXXX".utf8CString)
        guard let pointer = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw AppError.cannotWrite(path: "/tmp", reason: "cannot create a temporary folder: \(String(cString: strerror(errno)))", after: nil)
        }
        return String(cString: pointer)
    }

    /// A ledger file with its WAL and shared-memory files (and a sample's unfinished `.partial`).
    public static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm", ".partial"] { unlink(path + suffix) }
    }

    /// The files, then the folder once empty.
    public static func remove(_ folder: String, files: [String]) {
        for file in files { removeDatabase(file) }
        rmdir(folder)
    }
}

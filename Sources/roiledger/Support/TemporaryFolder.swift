#if canImport(Glibc)
import Glibc
#endif
import LedgerApp

/// Scratch folders for the demo.
enum TemporaryFolder {
    static func make() throws -> String {
        var template = Array("/tmp/roiledger-XXXXXX".utf8CString)
        guard let pointer = template.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw AppError.cannotWrite(path: "/tmp", reason: "cannot create a temporary folder: \(String(cString: strerror(errno)))", after: nil)
        }
        return String(cString: pointer)
    }

    static func removeDatabase(_ path: String) {
        for suffix in ["", "-wal", "-shm"] { unlink(path + suffix) }
    }
}

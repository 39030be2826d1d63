#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
public import LedgerIngest

/// Writes a generated sample to a file atomically: a temporary file renamed into place, so an
/// interrupted run never leaves a truncated sample under the real name.
public enum SampleFile {
    public static func write(_ options: SampleOptions, to path: String) throws {
        let temporary = path + ".partial"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else {
            throw AppError.cannotWrite(path: path, reason: String(cString: strerror(errno)), after: nil)
        }
        var failure: Int32 = 0
        SampleGenerator(options: options).generate { chunk in
            guard failure == 0 else { return }
            if !writeAll(descriptor, chunk.assumingMemoryBound(to: UInt8.self)) { failure = errno }
        }
        close(descriptor)
        if failure != 0 {
            unlink(temporary)
            throw AppError.cannotWrite(path: path, reason: String(cString: strerror(failure)), after: nil)
        }
        guard rename(temporary, path) == 0 else {
            throw AppError.cannotWrite(path: path, reason: "cannot move \(temporary) into place: \(String(cString: strerror(errno)))", after: nil)
        }
    }

    /// Writes every byte, retrying on interruption; false on an error (errno says which).
    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return false
            }
            offset += written
        }
        return true
    }
}

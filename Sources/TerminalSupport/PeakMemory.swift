#if canImport(Glibc)
import Glibc
#endif

/// The process's peak resident memory, per phase of a benchmark: on Linux the high-water mark
/// (`VmHWM`) can be reset (`/proc/self/clear_refs`), so each phase reports its own peak rather
/// than the largest so far.
public enum PeakMemory {
    /// Starts a new phase; false where the peak cannot be reset (then peaks only grow).
    @discardableResult
    public static func reset() -> Bool {
        guard let file = fopen("/proc/self/clear_refs", "w") else { return false }
        defer { fclose(file) }
        return fputs("5", file) >= 0
    }

    /// Peak resident bytes since the last reset (or since the process started).
    public static func peakBytes() -> Int64 {
        if let file = fopen("/proc/self/status", "r") {
            defer { fclose(file) }
            var line = [CChar](repeating: 0, count: 256)
            while fgets(&line, Int32(line.count), file) != nil {
                let text = String(decoding: line.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if text.hasPrefix("VmHWM:") {
                    let kilobytes = text.dropFirst(6).split(separator: " ").first.flatMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
                    if let kilobytes { return kilobytes * 1024 }
                }
            }
        }
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        return Int64(usage.ru_maxrss) * 1024
    }
}

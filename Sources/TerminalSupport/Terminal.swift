#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerApp

/// Standard output and error, written unbuffered-by-line, and whether a person is watching.
public enum Terminal {
    public static func write(_ text: String) {
        var line = text
        line.withUTF8 { bytes in writeAll(1, bytes) }
    }

    public static func writeLine(_ text: String = "") {
        write(text + "\n")
    }

    public static func writeError(_ text: String) {
        var line = text + "\n"
        line.withUTF8 { bytes in writeAll(2, bytes) }
    }

    public static func writeAll(_ descriptor: Int32, _ bytes: UnsafeBufferPointer<UInt8>) {
        var offset = 0
        while offset < bytes.count {
            let written = Glibc.write(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }

    /// Progress lines go to standard error only when it is a terminal.
    public static var showsProgress: Bool { isatty(2) == 1 }

    /// Rewrites the current progress line on standard error.
    public static func progress(_ text: String) {
        guard showsProgress else { return }
        var line = "\r\u{1B}[K" + text
        line.withUTF8 { writeAll(2, $0) }
    }

    public static func clearProgress() {
        guard showsProgress else { return }
        var line = "\r\u{1B}[K"
        line.withUTF8 { writeAll(2, $0) }
    }

    /// Exits with `code` once the background work started so far (a checkpoint being saved) is done.
    public static func exit(_ code: Int32) -> Never {
        BackgroundWork.finish()
        Glibc.exit(code)
    }

    /// Seconds on a monotonic clock, for timing what the CLI does (never inside projections).
    public static func monotonicSeconds() -> Double {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
    }
}

/// Number formatting for people.
public enum Figures {
    /// `1234567` → `1,234,567`.
    public static func grouped(_ value: some BinaryInteger) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (offset, character) in digits.enumerated() {
            if offset > 0, (digits.count - offset) % 3 == 0 { out.append(",") }
            out.append(character)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// A size in bytes as people read it: `59.1 MB`.
    public static func bytes(_ count: Int64) -> String {
        let units = ["B", "kB", "MB", "GB", "TB"]
        var value = Double(count)
        var unit = 0
        while value >= 1000, unit < units.count - 1 {
            value /= 1000
            unit += 1
        }
        return unit == 0 ? "\(count) B" : "\(fixed(value, decimals: 1)) \(units[unit])"
    }

    /// A duration or rate with a fixed number of decimals, without Foundation's locale.
    public static func fixed(_ value: Double, decimals: Int) -> String {
        var scale = 1.0
        for _ in 0..<decimals { scale *= 10 }
        let scaled = (value * scale).rounded()
        let whole = Int64(scaled / scale)
        let fraction = Int64(abs(scaled.truncatingRemainder(dividingBy: scale)))
        guard decimals > 0 else { return String(Int64(scaled)) }
        let fractionText = String(fraction)
        let sign = value < 0 && whole == 0 ? "-" : ""
        return sign + String(whole) + "." + String(repeating: "0", count: decimals - fractionText.count) + fractionText
    }
}

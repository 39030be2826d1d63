#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// An export file read in 1 MiB chunks and handed out as UTF-8, whatever it was written in.
///
/// It hashes the raw bytes as they pass (the file's SHA-256 goes into the import's provenance),
/// skips a byte order mark, and transcodes UTF-16 chunk by chunk, so memory stays flat in the
/// file's size. A UTF-16 code unit that is not valid text (a lone surrogate) comes out as the
/// byte 0xFF, which is never valid UTF-8: the cell that holds it is rejected by name, not
/// silently repaired.
final class ImportSource {
    static let chunkBytes = 1 << 20

    let path: String
    private let descriptor: Int32
    private var raw: [UInt8]
    private var utf8: [UInt8] = []
    /// A UTF-16 byte or high surrogate carried to the next chunk.
    private var pendingByte: UInt8?
    private var pendingHighSurrogate: UInt16?
    private(set) var encoding: SourceEncoding
    private var isFirstChunk = true
    private var digest = StreamingDigest()
    private(set) var bytesRead: Int64 = 0
    let totalBytes: Int64?

    init(path: String, encoding: SourceEncoding) throws(ImportFailure) {
        self.path = path
        descriptor = open(path, O_RDONLY)
        guard descriptor >= 0 else {
            throw ImportFailure(file: path, message: "cannot open: \(String(cString: strerror(errno)))", hint: "check the path")
        }
        var info = stat()
        totalBytes = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int64(info.st_size) : nil
        raw = [UInt8](repeating: 0, count: Self.chunkBytes)
        self.encoding = encoding
    }

    deinit { close(descriptor) }

    /// The next run of UTF-8 bytes, or nil at the end of the file.
    func nextChunk() throws -> [UInt8]? {
        try next { Array($0) }
    }

    private func next<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) throws -> R? {
        while true {
            let count = raw.withUnsafeMutableBytes { read(descriptor, $0.baseAddress!, Self.chunkBytes) }
            if count < 0 {
                if errno == EINTR { continue }
                throw ImportFailure(file: path, message: "read failed: \(String(cString: strerror(errno)))", hint: nil)
            }
            if count == 0 {
                guard pendingByte != nil || pendingHighSurrogate != nil else { return nil }
                // A file that ends inside a UTF-16 code unit or surrogate pair.
                pendingByte = nil
                pendingHighSurrogate = nil
                return try [UInt8(0xFF)].withUnsafeBufferPointer(body)
            }
            bytesRead += Int64(count)
            raw.withUnsafeBytes { digest.update(UnsafeRawBufferPointer(rebasing: $0[0..<count])) }
            return try raw.withUnsafeBufferPointer { all in
                var chunk = UnsafeBufferPointer(rebasing: all[0..<count])
                if isFirstChunk {
                    isFirstChunk = false
                    let detected = SourceEncoding.detect(chunk)
                    if let (announced, length) = detected, encoding == .auto || announced == encoding
                        || (announced == .utf8 && encoding == .utf8) {
                        encoding = announced
                        chunk = UnsafeBufferPointer(rebasing: chunk[length...])
                    } else if encoding == .auto {
                        encoding = .utf8
                    }
                }
                switch encoding {
                case .utf8, .auto: return try body(chunk)
                case .windows1252: transcodeWindows1252(chunk)
                case .utf16LE, .utf16BE: transcodeUTF16(chunk, bigEndian: encoding == .utf16BE)
                }
                return try utf8.withUnsafeBufferPointer(body)
            }
        }
    }

    /// The SHA-256 of every byte read, once the file has been read to its end.
    func sha256() -> String { digest.finish() }

    private func transcodeUTF16(_ bytes: UnsafeBufferPointer<UInt8>, bigEndian: Bool) {
        utf8.removeAll(keepingCapacity: true)
        var index = 0
        func nextUnit() -> UInt16? {
            let first: UInt8
            if let pending = pendingByte {
                first = pending
                pendingByte = nil
            } else {
                guard index < bytes.count else { return nil }
                first = bytes[index]
                index += 1
            }
            guard index < bytes.count else { pendingByte = first; return nil }
            let second = bytes[index]
            index += 1
            return bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
        }
        while let unit = nextUnit() {
            if let high = pendingHighSurrogate {
                pendingHighSurrogate = nil
                if (0xDC00...0xDFFF).contains(unit) {
                    let scalar = 0x10000 + ((UInt32(high) - 0xD800) << 10) + (UInt32(unit) - 0xDC00)
                    appendUTF8(scalar)
                    continue
                }
                utf8.append(0xFF)
            }
            switch unit {
            case 0xD800...0xDBFF: pendingHighSurrogate = unit
            case 0xDC00...0xDFFF: utf8.append(0xFF)
            default: appendUTF8(UInt32(unit))
            }
        }
    }

    /// Windows-1252: Latin-1 except 0x80–0x9F, which hold typographic marks (€, quotes, dashes).
    private static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    private func transcodeWindows1252(_ bytes: UnsafeBufferPointer<UInt8>) {
        utf8.removeAll(keepingCapacity: true)
        for byte in bytes {
            switch byte {
            case 0..<0x80: utf8.append(byte)
            case 0x80..<0xA0:
                let scalar = Self.windows1252High[Int(byte - 0x80)]
                if scalar == 0xFFFD { utf8.append(0xFF) } else { appendUTF8(scalar) }
            default: appendUTF8(UInt32(byte))
            }
        }
    }

    private func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            utf8.append(UInt8(scalar))
        case 0x80..<0x800:
            utf8.append(UInt8(0xC0 | (scalar >> 6)))
            utf8.append(UInt8(0x80 | (scalar & 0x3F)))
        case 0x800..<0x10000:
            utf8.append(UInt8(0xE0 | (scalar >> 12)))
            utf8.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            utf8.append(UInt8(0x80 | (scalar & 0x3F)))
        default:
            utf8.append(UInt8(0xF0 | (scalar >> 18)))
            utf8.append(UInt8(0x80 | ((scalar >> 12) & 0x3F)))
            utf8.append(UInt8(0x80 | ((scalar >> 6) & 0x3F)))
            utf8.append(UInt8(0x80 | (scalar & 0x3F)))
        }
    }
}

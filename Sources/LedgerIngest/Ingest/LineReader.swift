#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import LedgerCore

/// Reads a JSON Lines input in 1 MiB chunks and hands out one line at a time, without copying
/// a line unless it spans two chunks. A file of any size streams in constant memory.
///
/// Lines end in `\n` (a preceding `\r` is dropped); the last line needs no newline; a UTF-8 byte
/// order mark at the start is skipped.
public final class LineReader {
    public static let chunkBytes = 1 << 20

    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Owned storage: lines handed out point into it, so it must not move (an Array could).
    private let buffer: UnsafeMutableBufferPointer<UInt8>
    private var start = 0
    private var end = 0
    private var isAtEOF = false
    private var isFirstChunk = true
    /// 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Bytes consumed so far, for progress.
    public private(set) var bytesRead: Int64 = 0

    /// Opens `path` for reading; "-" reads standard input.
    public init(path: String) throws(IngestError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                let reason = String(cString: strerror(errno))
                throw IngestError(file: path, line: nil, message: "cannot open: \(reason)", hint: "check the path")
            }
            ownsDescriptor = true
        }
        buffer = .allocate(capacity: Self.chunkBytes + EventLimits.lineBytesMax + 2)
    }

    /// Reads lines from memory (events a command builds), through the same path as a file.
    public init(text: String) {
        descriptor = -1
        ownsDescriptor = false
        let bytes = Array(text.utf8)
        buffer = .allocate(capacity: max(bytes.count, Self.chunkBytes) + EventLimits.lineBytesMax + 2)
        _ = buffer.initialize(from: bytes)
        end = bytes.count
        isAtEOF = true
        isFirstChunk = false
    }

    deinit {
        if ownsDescriptor { close(descriptor) }
        buffer.deallocate()
    }

    /// The file's size in bytes when known (not for a pipe), for progress.
    public var totalBytes: Int64? {
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        return Int64(info.st_size)
    }

    /// The next line, valid until the next call; nil at the end of input. Throws when a line is
    /// longer than `EventLimits.lineBytesMax`.
    public func nextLine() throws(IngestError) -> UnsafeBufferPointer<UInt8>? {
        while true {
            if let newline = findNewline() {
                let lineStart = start
                start = newline + 1
                lineNumber += 1
                var lineEnd = newline
                if lineEnd > lineStart, buffer[lineEnd - 1] == UInt8(ascii: "\r") { lineEnd -= 1 }
                return try slice(lineStart, lineEnd)
            }
            if isAtEOF {
                guard start < end else { return nil }
                let lineStart = start
                start = end
                lineNumber += 1
                return try slice(lineStart, end)
            }
            if end - start > EventLimits.lineBytesMax {
                throw IngestError(file: nil, line: lineNumber + 1, message: "line is longer than \(EventLimits.lineBytesMax) bytes", hint: "one event per line; is this JSON Lines?")
            }
            try fill()
        }
    }

    private func slice(_ from: Int, _ to: Int) throws(IngestError) -> UnsafeBufferPointer<UInt8> {
        if to - from > EventLimits.lineBytesMax {
            throw IngestError(file: nil, line: lineNumber, message: "line is longer than \(EventLimits.lineBytesMax) bytes", hint: "one event per line; is this JSON Lines?")
        }
        return UnsafeBufferPointer(rebasing: buffer[from..<to])
    }

    private func findNewline() -> Int? {
        guard start < end, let base = buffer.baseAddress else { return nil }
        guard let found = memchr(base + start, 0x0A, end - start) else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// Moves the unread tail to the front and reads the next chunk after it.
    private func fill() throws(IngestError) {
        if start > 0 {
            let tail = end - start
            if tail > 0 { memmove(buffer.baseAddress!, buffer.baseAddress! + start, tail) }
            start = 0
            end = tail
        }
        let capacity = min(Self.chunkBytes, buffer.count - end)
        let count = read(descriptor, buffer.baseAddress! + end, capacity)
        if count < 0 {
            if errno == EINTR { return }
            throw IngestError(file: nil, line: lineNumber + 1, message: "read failed: \(String(cString: strerror(errno)))", hint: nil)
        }
        if count == 0 { isAtEOF = true; return }
        if isFirstChunk {
            isFirstChunk = false
            if count >= 3, buffer[0] == 0xEF, buffer[1] == 0xBB, buffer[2] == 0xBF { start = 3 }
        }
        end += count
        bytesRead += Int64(count)
    }
}

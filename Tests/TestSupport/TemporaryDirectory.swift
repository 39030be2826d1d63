#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A fresh folder under the system's temporary directory, removed when the value is released.
public final class TemporaryDirectory: @unchecked Sendable {
    public let path: String

    public init() {
        let base = FileManager.default.temporaryDirectory.path
        var template = Array("\(base)/roiledger-test-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        path = String(cString: created!)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// A path inside the folder.
    public func file(_ name: String) -> String {
        path + "/" + name
    }

    /// Writes `text` to a file in the folder and returns its path.
    @discardableResult
    public func write(_ name: String, _ text: String) -> String {
        let target = file(name)
        // Plain POSIX writes: Foundation's atomic writes leave helper folders in /tmp.
        let file = fopen(target, "wb")!
        var bytes = text
        bytes.withUTF8 { _ = fwrite($0.baseAddress, 1, $0.count, file) }
        fclose(file)
        return target
    }

    /// Writes JSON Lines (one event per element) and returns the path.
    @discardableResult
    public func writeLines(_ name: String, _ lines: [String]) -> String {
        write(name, lines.map { $0 + "\n" }.joined())
    }
}

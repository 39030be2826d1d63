public import Foundation

/// Runs the built `roiledger` executable as a child process, as a person or a script would.
public enum RoiledgerProcess {
    /// The executable built beside the test bundle (the test target depends on it).
    public static var executable: URL {
        let testBinary = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        // On some layouts the test binary sits inside a .xctest bundle folder.
        while !FileManager.default.fileExists(atPath: folder.appendingPathComponent("roiledger").path), folder.path != "/" {
            folder = folder.deletingLastPathComponent()
        }
        return folder.appendingPathComponent("roiledger")
    }

    public struct Result: Sendable {
        public var status: Int32
        public var standardOutput: String
        public var standardError: String
    }

    /// Runs to completion and captures both streams.
    public static func run(_ arguments: [String], standardInput: Data? = nil, environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment
        merged.removeValue(forKey: "ROILEDGER_DB")
        for (key, value) in environment { merged[key] = value }
        process.environment = merged
        let output = Pipe()
        let error = Pipe()
        process.standardOutput = output
        process.standardError = error
        let input = Pipe()
        process.standardInput = input
        try process.run()
        if let standardInput { input.fileHandleForWriting.write(standardInput) }
        try input.fileHandleForWriting.close()
        // Read both streams concurrently so neither pipe fills up and blocks the child.
        let outputData = LockedData()
        let reader = Thread { outputData.set(output.fileHandleForReading.readDataToEndOfFile()) }
        reader.start()
        let errorData = error.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while !outputData.isSet { usleep(1000) }
        return Result(status: process.terminationStatus,
                      standardOutput: String(decoding: outputData.value, as: UTF8.self),
                      standardError: String(decoding: errorData, as: UTF8.self))
    }
}

/// A Data box written by one thread and read by another.
final class LockedData: @unchecked Sendable {
    private let lock = NSLock()
    private var data = Data()
    private var done = false

    func set(_ newValue: Data) {
        lock.lock(); data = newValue; done = true; lock.unlock()
    }

    var isSet: Bool { lock.lock(); defer { lock.unlock() }; return done }
    var value: Data { lock.lock(); defer { lock.unlock() }; return data }
}

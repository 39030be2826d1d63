public import ArgumentParser
import TerminalSupport
import LedgerApp
import LedgerIngest

extension SampleIDStyle: ExpressibleByArgument {}

/// `roiledger sample`: a realistic synthetic ledger, the same bytes for the same seed.
struct SampleCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sample",
        abstract: "Write a realistic synthetic ledger as JSON Lines (same seed, same bytes).")

    @Option(help: "Number of events (lines) to write.")
    var events = 10_000

    @Option(help: "Seed of the generator.")
    var seed: UInt64 = 1

    @Option(help: "Event ids: readable (t-000123) or uuid (random UUIDv4 text, as many producers send).")
    var ids: SampleIDStyle = .readable

    @Option(help: "Currency of every amount.")
    var currency = "USD"

    @Option(help: "Output file (default: standard output).")
    var out: String?

    func validate() throws {
        if events < 1 { throw ValidationError("--events must be at least 1") }
        if currency.utf8.count != 3 || !currency.utf8.allSatisfy({ $0 >= UInt8(ascii: "A") && $0 <= UInt8(ascii: "Z") }) {
            throw ValidationError("--currency must be an ISO 4217 code in capitals, such as USD")
        }
    }

    func run() throws {
        let options = SampleOptions(eventCount: events, seed: seed, idStyle: ids, currency: currency)
        try SampleOutput.write(options, to: out)
    }
}

/// Writes a generated sample to standard output, or through the library to a file.
enum SampleOutput {
    static func write(_ options: SampleOptions, to path: String?) throws {
        guard let path else {
            SampleGenerator(options: options).generate { chunk in
                Terminal.writeAll(1, chunk.assumingMemoryBound(to: UInt8.self))
            }
            return
        }
        try SampleFile.write(options, to: path)
    }
}

import TerminalSupport
import Foundation
import LedgerApp
import LedgerReports

/// Report formats.
enum ReportFormat: String, CaseIterable {
    case table
    case json
    case csv
}

/// Writes what a command rendered: to standard output, or to a file (atomically), or for CSV
/// to a folder of one file per table.
enum ReportOutput {
    /// The report in `format`, to standard output or `out`. CSV with `out` a folder (or a path
    /// ending in `/`) writes one CSV per table and `provenance.csv` there.
    static func write(_ report: Report, format: ReportFormat, to out: String?, after: String? = nil) throws {
        guard let out else { return Terminal.write(render(report, format)) }
        if format == .csv, isFolder(out) {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            for file in report.csvFiles() { try save(file.content, to: (out.hasSuffix("/") ? out : out + "/") + file.name, after: after) }
            return
        }
        try save(render(report, format), to: out, after: after)
    }

    static func render(_ report: Report, _ format: ReportFormat) -> String {
        switch format {
        case .table: report.renderTable()
        case .json: report.renderJSON()
        case .csv: report.renderCSV()
        }
    }

    static func isFolder(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return path.hasSuffix("/") || (FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
    }

    static func save(_ text: String, to path: String, after: String?) throws {
        do {
            try text.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw AppError.cannotWrite(path: path, reason: FileErrors.reason(error), after: after)
        }
    }
}

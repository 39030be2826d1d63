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
/// A document a command prints in any of the report formats.
protocol ReportDocument {
    func renderTable() -> String
    func renderJSON() -> String
    func renderCSV() -> String
    func csvFiles() -> [(name: String, content: String)]
}

extension Report: ReportDocument {}
extension Series: ReportDocument {}
extension DealList: ReportDocument {
    func csvFiles() -> [(name: String, content: String)] { [("\(kind).csv", renderCSV())] }
}
extension CompletenessList: ReportDocument {
    func csvFiles() -> [(name: String, content: String)] { [("\(kind).csv", renderCSV())] }
}

enum ReportOutput {
    /// The report in `format`, to standard output or `out`. CSV with `out` a folder (or a path
    /// ending in `/`) writes one CSV per table and `provenance.csv` there.
    static func write(_ report: some ReportDocument, format: ReportFormat, to out: String?, after: String? = nil) throws {
        guard let out else { return Terminal.write(render(report, format)) }
        if format == .csv, isFolder(out) {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let folder = out.hasSuffix("/") ? out : out + "/"
            for file in report.csvFiles() {
                let path = folder + file.name
                // A series writes each period's tables in a folder of its own.
                if let slash = path.lastIndex(of: "/"), slash > folder.index(before: folder.endIndex) {
                    try FileManager.default.createDirectory(atPath: String(path[..<slash]), withIntermediateDirectories: true)
                }
                try save(file.content, to: path, after: after)
            }
            return
        }
        try save(render(report, format), to: out, after: after)
    }

    static func render(_ report: some ReportDocument, _ format: ReportFormat) -> String {
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

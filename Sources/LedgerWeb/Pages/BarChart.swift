import LedgerCore
import LedgerReports

/// A grouped bar chart as SVG, drawn on the server from exact amounts: integer geometry, so
/// the same figures give the same bytes (snapshot tests hold them), and nothing to run in the
/// browser. Titles, axes with units, a legend, and a `<title>` per bar for its exact value.
struct BarChart {
    struct Series {
        var name: String
        /// A CSS class naming its colour (`spend`, `pipeline`, `revenue`).
        var style: String
    }

    var title: String
    var unit: String
    var series: [Series]
    /// One group per category (month), a value per series, in 1/10,000 units.
    var groups: [(label: String, values: [Int64])]

    static let width = 760
    static let height = 300
    static let left = 72
    static let right = 16
    static let top = 40
    static let bottom = 52

    func svg() -> String {
        let plotWidth = Self.width - Self.left - Self.right
        let plotHeight = Self.height - Self.top - Self.bottom
        let maximum = max(groups.flatMap(\.values).max() ?? 0, 0)
        let step = Self.niceStep(maximum / 4)
        let ceiling = max(step * 4, step * ((maximum + step - 1) / step))
        func y(_ value: Int64) -> Int { Self.top + plotHeight - Int(Int64(plotHeight) * max(value, 0) / max(ceiling, 1)) }
        var parts: [String] = []
        parts.append(#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 \#(Self.width) \#(Self.height)" role="img" aria-labelledby="chart-title">"#)
        parts.append(#"<title id="chart-title">\#(WebText.html(title))</title>"#)
        parts.append(#"<text class="chart-title" x="\#(Self.left)" y="20">\#(WebText.html(title))</text>"#)
        // Horizontal grid lines and the value axis, labelled in the unit.
        var tick: Int64 = 0
        while tick <= ceiling {
            let at = y(tick)
            parts.append(#"<line class="grid" x1="\#(Self.left)" x2="\#(Self.width - Self.right)" y1="\#(at)" y2="\#(at)"/>"#)
            parts.append(#"<text class="axis" x="\#(Self.left - 6)" y="\#(at + 4)" text-anchor="end">\#(Self.compact(tick))</text>"#)
            tick += max(step, 1)
            if step == 0 { break }
        }
        parts.append(#"<text class="axis unit" x="12" y="\#(Self.top + plotHeight / 2)" transform="rotate(-90 12 \#(Self.top + plotHeight / 2))" text-anchor="middle">\#(WebText.html(unit))</text>"#)
        let slot = groups.isEmpty ? plotWidth : plotWidth / groups.count
        let barWidth = max(2, (slot - 8) / max(series.count, 1))
        for (index, group) in groups.enumerated() {
            let start = Self.left + index * slot + (slot - barWidth * series.count) / 2
            for (position, value) in group.values.enumerated() where position < series.count {
                let top = y(value)
                let x = start + position * barWidth
                let exact = MoneyText.cents(Money(units: value))
                parts.append(#"<rect class="bar \#(series[position].style)" x="\#(x)" y="\#(top)" width="\#(barWidth - 1)" height="\#(Self.top + plotHeight - top)"><title>\#(WebText.html(group.label)) \#(WebText.html(series[position].name)): \#(exact)</title></rect>"#)
            }
            // At most about twelve category labels fit under the axis.
            guard index % ((groups.count + 11) / 12) == 0 else { continue }
            parts.append(#"<text class="axis" x="\#(Self.left + index * slot + slot / 2)" y="\#(Self.top + plotHeight + 16)" text-anchor="middle">\#(WebText.html(group.label))</text>"#)
        }
        parts.append(#"<line class="axis-line" x1="\#(Self.left)" x2="\#(Self.width - Self.right)" y1="\#(Self.top + plotHeight)" y2="\#(Self.top + plotHeight)"/>"#)
        for (position, item) in series.enumerated() {
            let x = Self.left + position * 130
            parts.append(#"<rect class="bar \#(item.style)" x="\#(x)" y="\#(Self.height - 18)" width="12" height="12"/>"#)
            parts.append(#"<text class="legend" x="\#(x + 18)" y="\#(Self.height - 8)">\#(WebText.html(item.name))</text>"#)
        }
        parts.append("</svg>")
        return parts.joined(separator: "\n")
    }

    /// 1, 2 or 5 times a power of ten (in units), at least `rough`.
    static func niceStep(_ rough: Int64) -> Int64 {
        var power: Int64 = 10_000
        while true {
            for factor: Int64 in [1, 2, 5] where power * factor >= rough { return power * factor }
            power *= 10
        }
    }

    /// `12,500,000` units → `1.25K`: the axis in whole currency, short.
    static func compact(_ units: Int64) -> String {
        let whole = units / 10_000
        for (size, suffix) in [(Int64(1_000_000_000), "B"), (1_000_000, "M"), (1_000, "K")] where whole >= size {
            let tenths = whole * 10 / size
            return tenths % 10 == 0 ? "\(tenths / 10)\(suffix)" : "\(tenths / 10).\(tenths % 10)\(suffix)"
        }
        return String(whole)
    }
}

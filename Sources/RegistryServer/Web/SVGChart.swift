import EventLog
import Foundation
import HTTPTypes
import RegistryDomain
import RegistryService

/// Inline SVG charts, drawn on the server so pages need no script. Each is an image with a title and a description
/// for screen readers; the same facts are always in a table on the page as well.
enum SVGChart {
    struct Event {
        var at: Date
        /// Which row of the timeline: registrations, reviews, alias moves.
        var lane: Int
        var label: String
        var bad = false
    }

    struct Span {
        var from: Date
        var to: Date?
        var label: String
    }

    /// A timeline: one row per lane with a mark per event, and a band for each period an alias (production) held a
    /// version. `end` is the right edge (now, or the instant being viewed).
    static func timeline(id: String, title: String, lanes: [String], events: [Event], spans: [Span], spanLane: String, end: Date) -> String {
        let width = 900.0
        let left = 150.0
        let right = 20.0
        let rowHeight = 34.0
        let rows = lanes.count + 1
        let height = 40 + Double(rows) * rowHeight + 30
        let start = min(events.map(\.at).min() ?? end, spans.map(\.from).min() ?? end)
        let span = max(end.timeIntervalSince(start), 86_400)
        let first = start.addingTimeInterval(-span * 0.02)
        let total = end.timeIntervalSince(first) + span * 0.02
        func x(_ date: Date) -> Double { left + (width - left - right) * max(0, min(1, date.timeIntervalSince(first) / total)) }
        var svg = """
            <svg id="\(id)" class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(events.count) events from \(day(start)) to \(day(end)); each mark's tooltip names it.</desc>
            """
        let allLanes = [spanLane] + lanes
        for (index, lane) in allLanes.enumerated() {
            let y = 40 + Double(index) * rowHeight
            svg += "<text x=\"8\" y=\"\(fmt(y + 21))\">\(escape(lane))</text>"
            svg += "<line x1=\"\(fmt(left))\" x2=\"\(fmt(width - right))\" y1=\"\(fmt(y + 17))\" y2=\"\(fmt(y + 17))\" stroke=\"#c8c8c8\"/>"
        }
        let colours = ["#0b4f9c", "#0f5c2e", "#6b3d00", "#5b2a86"]
        for (index, band) in spans.enumerated() {
            let x1 = x(band.from)
            let x2 = x(band.to ?? end)
            svg += """
                <g><title>\(escape(band.label)): \(day(band.from)) – \(band.to.map(day) ?? "now")</title>\
                <rect x="\(fmt(x1))" y="44" width="\(fmt(max(2, x2 - x1)))" height="26" fill="\(colours[index % colours.count])" opacity="0.85"/>\
                <text x="\(fmt(x1 + 4))" y="62" style="fill:#fff">\(x2 - x1 > 28 ? escape(band.label) : "")</text></g>
                """
        }
        for event in events {
            let y = 40 + Double(event.lane + 1) * rowHeight + 17
            let colour = event.bad ? "#8f1b1b" : colours[event.lane % colours.count]
            svg +=
                "<circle cx=\"\(fmt(x(event.at)))\" cy=\"\(fmt(y))\" r=\"6\" fill=\"\(colour)\"><title>\(escape(event.label)) · \(escape(TimeTravel.display(event.at)))</title></circle>"
        }
        let axisY = 40 + Double(rows) * rowHeight + 8
        // Days on a long axis; hours and minutes when everything happened within a few days.
        func label(_ date: Date) -> String {
            let text = TimeTravel.short(date)
            return total < 3 * 86_400 ? String(text.dropFirst(5).dropLast(4)) : String(text.prefix(10))
        }
        for tick in 0...4 {
            let date = first.addingTimeInterval(total * Double(tick) / 4)
            let tx = x(date)
            svg += "<text x=\"\(fmt(min(tx, width - 80)))\" y=\"\(fmt(axisY + 12))\">\(label(date))</text>"
        }
        return svg + "</svg>"
    }

    /// A metric across versions: one point per version that reports it, joined in version order.
    static func metric(id: String, title: String, points: [(version: Int, value: Double)]) -> String {
        let width = 600.0
        let height = 220.0
        let left = 70.0
        let bottom = 40.0
        let top = 20.0
        let right = 20.0
        guard let low = points.map(\.value).min(), let high = points.map(\.value).max() else { return "" }
        let pad = high == low ? (high == 0 ? 1 : abs(high) * 0.1) : (high - low) * 0.1
        let (minY, maxY) = (low - pad, high + pad)
        let versions = points.map(\.version)
        let (firstVersion, lastVersion) = (versions.min() ?? 1, versions.max() ?? 1)
        func x(_ version: Int) -> Double {
            lastVersion == firstVersion
                ? (left + width - right) / 2 : left + (width - left - right) * Double(version - firstVersion) / Double(lastVersion - firstVersion)
        }
        func y(_ value: Double) -> Double { top + (height - top - bottom) * (1 - (value - minY) / (maxY - minY)) }
        var svg = """
            <svg id="\(id)" class="chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title \(id)-desc" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            <desc id="\(id)-desc">\(points.map { "version \($0.version): \(number($0.value))" }.joined(separator: "; "))</desc>
            <line x1="\(fmt(left))" x2="\(fmt(left))" y1="\(fmt(top))" y2="\(fmt(height - bottom))" stroke="#767676"/>
            <line x1="\(fmt(left))" x2="\(fmt(width - right))" y1="\(fmt(height - bottom))" y2="\(fmt(height - bottom))" stroke="#767676"/>
            """
        for value in [minY, (minY + maxY) / 2, maxY] {
            svg += "<text x=\"4\" y=\"\(fmt(y(value) + 4))\">\(number(value))</text>"
        }
        let line = points.sorted { $0.version < $1.version }.map { "\(fmt(x($0.version))),\(fmt(y($0.value)))" }.joined(separator: " ")
        svg += "<polyline points=\"\(line)\" fill=\"none\" stroke=\"#0b4f9c\" stroke-width=\"2\"/>"
        for point in points {
            svg += """
                <circle cx="\(fmt(x(point.version)))" cy="\(fmt(y(point.value)))" r="5" fill="#0b4f9c"><title>v\(point.version): \(number(point.value))</title></circle>\
                <text x="\(fmt(x(point.version) - 8))" y="\(fmt(height - bottom + 18))">v\(point.version)</text>
                """
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, largest first: counts per model, per caller and the like.
    static func bars(id: String, title: String, items: [(label: String, value: Double)]) -> String {
        let shown = Array(items.sorted { $0.value > $1.value }.prefix(15))
        guard let largest = shown.first?.value, largest > 0 else { return "" }
        let width = 700.0
        let left = 220.0
        let rowHeight = 26.0
        let height = 20 + Double(shown.count) * rowHeight
        var svg = """
            <svg id="\(id)" class="chart report-chart" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-labelledby="\(id)-title" xmlns="http://www.w3.org/2000/svg">
            <title id="\(id)-title">\(escape(title))</title>
            """
        for (index, item) in shown.enumerated() {
            let y = 10 + Double(index) * rowHeight
            let barWidth = (width - left - 80) * item.value / largest
            svg += """
                <text x="4" y="\(fmt(y + 16))">\(escape(String(item.label.prefix(30))))</text>\
                <rect x="\(fmt(left))" y="\(fmt(y + 3))" width="\(fmt(max(1, barWidth)))" height="18" fill="#0b4f9c"><title>\(escape(item.label)): \(number(item.value))</title></rect>\
                <text x="\(fmt(left + barWidth + 6))" y="\(fmt(y + 16))">\(number(item.value))</text>
                """
        }
        return svg + "</svg>"
    }

    static func escape(_ text: String) -> String { HTMLText.escape(text) }

    private static func fmt(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func day(_ date: Date) -> String { String(TimeTravel.display(date).prefix(10)) }

    static func number(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e12 { return String(Int64(value)) }
        return String(format: "%.4g", value)
    }
}

import Foundation
import RegistryDomain
import RegistryService
import Testing

@Suite("reading backfill files")
struct BackfillFileTests {
    let digest = String(repeating: "ab", count: 32)

    @Test("CSV: quoted commas and newlines, CRLF, paths and digests; rows are numbered by the line they start on")
    func csv() throws {
        let text =
            "model,artifact,format,live_from,retired_at,approver,owner,reason\r\n"
            + "credit,sha256:\(digest.uppercased()),linear,2024-01-15,2024-06-01,bob,alice,\"annual, review\"\r\n"
            + "credit,models/v2.json,linear,2024-06-01,,bob,alice,\"two\nlines\"\r\n"
            + "\n"
            + "nowcast,\(digest),linear,2025-02-01T09:30:00Z,,bob,alice,\r\n"
        let records = try BackfillFile.read(Data(text.utf8), format: .csv).get()
        #expect(records.map(\.row.line) == [2, 3, 6])
        #expect(records[0].row.artifactSHA256 == digest && !records[0].artifactIsPath)
        #expect(records[0].row.reason == "annual, review")
        #expect(records[0].row.retiredAt == RFC3339.parse("2024-06-01"))
        #expect(records[1].artifactIsPath && records[1].artifact == "models/v2.json")
        #expect(records[1].row.reason == "two\nlines" && records[1].row.retiredAt == nil)
        #expect(records[2].row.liveFrom == RFC3339.parse("2025-02-01T09:30:00Z"))
    }

    @Test(
        "CSV problems name the line",
        arguments: [
            ("model,artifact\n", "line 1: the header has no 'approver' column"),
            ("model,artifact,format,live_from,approver,owner,colour\n", "line 1: unknown column 'colour'"),
            ("model,artifact,format,live_from,approver,owner\nm,x,linear,2024-01-01,bob\n", "line 2: 5 fields where the header has 6"),
            ("model,artifact,format,live_from,approver,owner\nm,x,linear,someday,bob,alice\n", "line 2: live_from 'someday' is not"),
            ("model,artifact,format,live_from,approver,owner\nm,x,linear,2024-01-01,,alice\n", "line 2: 'approver' is empty"),
            ("model,artifact,format,live_from,approver,owner\n\"m,x,linear,2024-01-01,bob,alice\n", "line 2: a quoted field is never closed"),
            ("model,artifact,format,live_from,approver,owner\n", "line 1: the file has no rows"),
        ])
    func csvProblems(text: String, expected: String) {
        guard case .failure(let error) = BackfillFile.read(Data(text.utf8), format: .csv) else {
            Issue.record("accepted: \(text)")
            return
        }
        #expect(error.description.hasPrefix(expected), "\(error.description)")
    }

    @Test("JSON: an array of objects, numbered by entry; numbers are accepted for version")
    func json() throws {
        let text = """
            [{"model": "m", "version": 1, "artifact": "\(digest)", "format": "linear", "live_from": "2024-01-01", "approver": "bob", "owner": "alice"},
             {"model": "m", "artifact": "v2.bin", "format": "linear", "live_from": "2024-02-01", "approver": "bob", "owner": "alice", "retired_at": null}]
            """
        let records = try BackfillFile.read(Data(text.utf8), format: .json).get()
        #expect(records.map(\.row.line) == [1, 2])
        #expect(records[0].row.version == 1)
        guard case .failure(let error) = BackfillFile.read(Data(#"[{"model": "m", "colour": "red"}]"#.utf8), format: .json) else {
            Issue.record("accepted an unknown field")
            return
        }
        #expect(error.description.hasPrefix("entry 1: unknown field 'colour'"))
    }
}

import Postgres
import Testing

@Suite("SQLQuery")
struct SQLQueryTests {
    @Test("interpolated values become numbered bind parameters, never SQL text")
    func interpolationBinds() {
        let name = "Robert'); DROP TABLE students; --"
        let limit = 10
        let query: SQLQuery = "SELECT * FROM t WHERE name = \(name) LIMIT \(limit)"
        #expect(query.sql == "SELECT * FROM t WHERE name = $1 LIMIT $2")
        #expect(query.bindings == [.text(name), .text("10")])
    }

    @Test("identifiers are double-quoted with embedded quotes doubled")
    func identifierQuoting() {
        let query: SQLQuery = "SELECT 1 FROM \(identifier: "my\"schema").\(identifier: "events")"
        #expect(query.sql == #"SELECT 1 FROM "my""schema"."events""#)
        #expect(query.bindings.isEmpty)
    }

    @Test("literalSQL fragments are appended verbatim")
    func literalSQL() {
        let order = "DESC"
        let query: SQLQuery = "SELECT 1 ORDER BY 1 \(literalSQL: order)"
        #expect(query.sql == "SELECT 1 ORDER BY 1 DESC")
    }

    @Test("nil optionals bind as NULL")
    func optionalBindsNull() {
        let missing: String? = nil
        let query: SQLQuery = "SELECT \(missing)"
        #expect(query.bindings == [.null])
    }

    @Test("append renumbers the appended query's placeholders after the existing bindings")
    func appendRenumbers() {
        var query: SQLQuery = "SELECT * FROM t WHERE a = \(1) AND b = \(2)"
        query.append(" AND c = \(3) AND d IN (\(4), \(5))")
        #expect(query.sql == "SELECT * FROM t WHERE a = $1 AND b = $2 AND c = $3 AND d IN ($4, $5)")
        #expect(query.bindings == [.text("1"), .text("2"), .text("3"), .text("4"), .text("5")])
    }

    @Test(
        "append leaves $n inside literals, identifiers, comments and dollar quotes alone",
        arguments: [
            ("x = $1 AND y = '$1'", "x = $3 AND y = '$1'"),
            ("x = $1 AND y = 'it''s $1'", "x = $3 AND y = 'it''s $1'"),
            ("x = $1 AND y = E'\\'$1'", "x = $3 AND y = E'\\'$1'"),
            ("\"col$1\" = $1", "\"col$1\" = $3"),
            ("x = $1 -- $1 comment\n AND y = $1", "x = $3 -- $1 comment\n AND y = $3"),
            ("x = $1 /* $1 /* nested $1 */ $1 */ AND y", "x = $3 /* $1 /* nested $1 */ $1 */ AND y"),
            ("x = $1 AND y = $$ $1 $$", "x = $3 AND y = $$ $1 $$"),
            ("x = $1 AND y = $tag$ $1 $$ $1 $tag$", "x = $3 AND y = $tag$ $1 $$ $1 $tag$"),
            ("x = a$1 AND y = $1", "x = a$1 AND y = $3"),
            ("$10 + $2", "$12 + $4"),
        ]
    )
    func appendSkipsQuotedText(appended: String, expected: String) {
        var query: SQLQuery = "\(1)\(2)"
        query.append(SQLQuery(unsafeSQL: appended, bindings: [.text("v")]))
        #expect(query.sql == "$1$2" + expected)
    }
}

import Foundation
import RegistryDomain
import Testing

@Suite("the linear model format")
struct LinearModelTests {
    /// The repository's copy of the mtcars fixtures (statsmodels' own coefficients and predictions).
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("demo/mtcars")

    static func model(_ key: String) throws -> LinearModel {
        let all = try JSONSerialization.jsonObject(with: Data(contentsOf: fixtures.appendingPathComponent("reference_params.json"))) as! [String: Any]
        return try LinearModel.parse(try JSONSerialization.data(withJSONObject: all[key]!))
    }

    static func json(_ object: Any) -> Data { try! JSONSerialization.data(withJSONObject: object) }

    @Test("all 37 reference rows of both mtcars models match statsmodels to 1e-9 relative")
    func referencePredictions() throws {
        let ols = try Self.model("ols_mpg")
        let glm = try Self.model("glm_am")
        #expect(ols.link == .identity && glm.link == .logit)
        let rows = try JSONDecoder().decode(
            [Reference].self, from: Data(contentsOf: Self.fixtures.appendingPathComponent("reference_predictions.json")))
        #expect(rows.count == 37)
        for row in rows {
            let mpg = try ols.predict(row.inputs)
            #expect(abs(mpg - row.ols_mpg) <= 1e-9 * abs(row.ols_mpg), "\(row.row): \(mpg) vs \(row.ols_mpg)")
            var glmInputs = row.inputs
            glmInputs["cyl"] = nil
            let am = try glm.predict(glmInputs)
            #expect(abs(am - row.glm_am) <= 1e-9 * abs(row.glm_am), "\(row.row): \(am) vs \(row.glm_am)")
        }
    }

    struct Reference: Decodable {
        var row: String
        var inputs: [String: JSONValue]
        var ols_mpg: Double
        var glm_am: Double
    }

    @Test("the signature comes from the terms: numbers, and categories with their levels")
    func signature() throws {
        let ols = try Self.model("ols_mpg")
        #expect(ols.inputs == ["hp": .number, "wt": .number, "cyl": .category(levels: ["4", "6", "8"], open: false)])
        // cyl may come as a string or as the number patsy read.
        #expect(
            try ols.predict(["hp": .number(110), "wt": .number(2.62), "cyl": .number(6)])
                == ols.predict(["hp": .number(110), "wt": .number(2.62), "cyl": .string("6")]))
    }

    @Test("treatment coding, interactions and every link")
    func treatmentAndInteractions() throws {
        let params: [String: Any] = ["Intercept": 1.0, "C(g)[T.b]": 2.0, "x": 0.5, "x:C(g)[T.b]": -0.25, "x:z": 0.1]
        for (link, expected) in [
            ("identity", 1.0 + 2.0 + 0.5 * 4 - 0.25 * 4 + 0.1 * 8), ("log", exp(4.8)), ("inverse", 1 / 4.8), ("logit", 1 / (1 + exp(-4.8))),
            ("probit", 0.5 * erfc(-4.8 / 2.0.squareRoot())),
        ] {
            let model = try LinearModel.parse(Self.json(["formula": "y ~ C(g) * x + x:z", "family": "gaussian", "link": link, "params": params]))
            let value = try model.predict(["g": .string("b"), "x": .number(4), "z": .number(2)])
            #expect(abs(value - expected) <= 1e-12 * abs(expected), "\(link)")
        }
        let model = try LinearModel.parse(Self.json(["formula": "y ~ C(g) * x", "family": "gaussian", "link": "identity", "params": params]))
        // Treatment coding names no reference level: any other level is the reference (the signature says so).
        #expect(model.inputs["g"] == .category(levels: ["b"], open: true))
        #expect(try model.predict(["g": .string("a"), "x": .number(4), "z": .number(2)]) == 1.0 + 0.5 * 4 + 0.1 * 8)
        let declared = try LinearModel.parse(
            Self.json([
                "formula": "y ~ C(g)", "family": "gaussian", "link": "identity", "params": ["Intercept": 1, "C(g)[T.b]": 2],
                "levels": ["g": ["a", "b"]],
            ]))
        #expect(declared.inputs["g"] == .category(levels: ["a", "b"], open: false))
        #expect(throws: DomainError.self) { try declared.predict(["g": .string("c")]) }
    }

    @Test(
        "unsupported terms are refused when the model is read, naming the term",
        arguments: ["np.log(hp)", "I(hp ** 2)", "C(cyl, Sum)[S.4]", "hp:", "C(cyl)", "bs(x, df=3)[0]", "C(cyl)[]"])
    func unsupported(term: String) {
        do {
            _ = try LinearModel.parse(
                Self.json(["formula": "y ~ x", "family": "gaussian", "link": "identity", "params": ["Intercept": 1, term: 2]]))
            Issue.record("accepted \(term)")
        } catch {
            #expect(error.code == .unsupportedTerm)
            #expect(error.message.contains("'\(term)'"))
        }
    }

    @Test("bad models are refused with the field named")
    func badModels() {
        for (object, fragment) in [
            (["family": "gaussian", "link": "identity", "params": ["x": 1]] as [String: Any], "formula"),
            (["formula": "y ~ x", "family": "gaussian", "link": "cloglog", "params": ["x": 1]], "link"),
            (["formula": "y ~ x", "family": "weird", "link": "identity", "params": ["x": 1]], "family"),
            (["formula": "y ~ x", "family": "gaussian", "link": "identity", "params": [:]], "params"),
            (["formula": "y ~ x", "family": "gaussian", "link": "identity", "params": ["x": "1"]], "'x'"),
        ] {
            #expect(throws: DomainError.self) { try LinearModel.parse(Self.json(object)) }
            do { _ = try LinearModel.parse(Self.json(object)) } catch { #expect(error.message.contains(fragment), "\(error.message)") }
        }
        #expect(throws: DomainError.self) { try LinearModel.parse(Data("not json".utf8)) }
    }

    @Test("bad inputs name the field: missing, extra, wrong type, unknown level")
    func badInputs() throws {
        let ols = try Self.model("ols_mpg")
        let good: [String: JSONValue] = ["hp": .number(110), "wt": .number(2.62), "cyl": .string("6")]
        for (row, field) in [
            (good.merging(["hp": .null]) { $1 }, "'hp' is missing"),
            (good.filter { $0.key != "wt" }, "'wt' is missing"),
            (good.merging(["colour": .string("red")]) { $1 }, "'colour'"),
            (good.merging(["hp": .string("110")]) { $1 }, "'hp' must be a number"),
            (good.merging(["cyl": .string("5")]) { $1 }, "'5' is not a level of 'cyl'"),
            (good.merging(["cyl": .bool(true)]) { $1 }, "'cyl' must be one of its levels"),
        ] {
            do {
                _ = try ols.predict(row)
                Issue.record("accepted \(row)")
            } catch {
                #expect(error.code == .invalidInput)
                #expect(error.message.contains(field), "\(error.message)")
            }
        }
    }
}

import Foundation
import Logging
import RegistryDomain

/// The registry's own evaluation ("a kind of continuous integration where performance metrics can be generated
/// automatically on model upload"): every linear version of a model is evaluated on the model's evaluation dataset
/// and the metrics are appended as `MetricsComputed` events by the registry itself — distinct from the metrics a
/// registrant claims. Run when a linear version is registered and when the dataset changes.
public struct Evaluator: Sendable {
    let registry: Registry
    let artifacts: ArtifactStore
    /// The largest dataset read into memory.
    public static let datasetLimit = 64 << 20

    public init(registry: Registry, artifacts: ArtifactStore) {
        self.registry = registry
        self.artifacts = artifacts
    }

    public struct Report: Sendable, Codable, Equatable {
        public struct Skipped: Sendable, Codable, Equatable {
            public var version: Int
            public var reason: String
        }

        public var computed: [MetricsComputed]
        public var skipped: [Skipped]
    }

    /// Evaluates the linear versions that have no metrics on the current dataset yet.
    public func evaluate(model name: String, requestId: String) async throws -> Report {
        guard let state = try await registry.modelState(named: name), let dataset = state.evaluation else { return Report(computed: [], skipped: []) }
        let pending = state.liveVersions.filter {
            ModelFormats.isChecked($0.format) && state.computedMetrics[$0.version]?.datasetSHA256 != dataset.artifactSHA256
        }
        var report = Report(computed: [], skipped: [])
        // The dataset is read only when some version has no metrics on it yet.
        guard !pending.isEmpty else { return report }
        let table = try await readDataset(dataset)
        let context = CommandContext(actor: "registry", registryRoles: [.admin], requestId: requestId, reason: "computed by the registry")
        for version in pending {
            do {
                let model = try LinearModel.parse(Data(try await artifacts.bytes(version.artifactSHA256, limit: ModelFormats.readLimit)))
                let computed = try Self.metrics(of: model, version: version.version, on: table, dataset: dataset)
                _ = try await registry.execute(.recordMetrics(computed), model: name, context: context)
                report.computed.append(computed)
            } catch let error as DomainError {
                report.skipped.append(.init(version: version.version, reason: error.message))
            } catch let error as RegistryError where error.kind == .unprocessable || error.kind == .notFound {
                report.skipped.append(.init(version: version.version, reason: error.message))
            }
        }
        return report
    }

    /// Reads and checks a dataset before it is attached: CSV with a header, rows, and the target column.
    public func check(_ dataset: EvaluationDatasetSet) async throws {
        _ = try await readDataset(dataset)
    }

    /// The dataset as columns by name (a CSV with a header line).
    struct Table {
        var columns: [String]
        var rows: [[String]]
    }

    private func readDataset(_ dataset: EvaluationDatasetSet) async throws -> Table {
        let bytes = try await artifacts.bytes(dataset.artifactSHA256, limit: Self.datasetLimit)
        switch CSV.parse(String(decoding: bytes, as: UTF8.self)) {
        case .failure(let problem):
            throw RegistryError(.unprocessable, "invalid_dataset", "the evaluation dataset is not CSV: line \(problem.line): \(problem.message)")
        case .success(let records):
            guard let header = records.first, records.count > 1 else {
                throw RegistryError(.unprocessable, "invalid_dataset", "the evaluation dataset needs a header line and rows")
            }
            let rows = records.dropFirst().filter { !($0.fields.count == 1 && $0.fields[0].isEmpty) }.map(\.fields)
            guard header.fields.contains(dataset.target) else {
                throw RegistryError(.unprocessable, "invalid_dataset", "the evaluation dataset has no column '\(dataset.target)'")
            }
            return Table(columns: header.fields, rows: rows)
        }
    }

    /// Gaussian (and other non-binomial families): RMSE, MAE, R² (centred). Binomial: log-loss, accuracy, AUC.
    static func metrics(of model: LinearModel, version: Int, on table: Table, dataset: EvaluationDatasetSet) throws(DomainError) -> MetricsComputed {
        var index: [String: Int] = [:]
        for (position, name) in table.columns.enumerated() { index[name] = position }
        for name in model.inputs.keys.sorted() where index[name] == nil {
            throw DomainError(.invalidInput, "the evaluation dataset has no column '\(name)' (an input of version \(version))")
        }
        var observed: [Double] = []
        var predicted: [Double] = []
        for (number, row) in table.rows.enumerated() {
            guard row.count == table.columns.count, let target = Double(row[index[dataset.target]!]) else {
                throw DomainError(.invalidInput, "dataset row \(number + 1): the target '\(dataset.target)' is not a number")
            }
            var inputs: [String: JSONValue] = [:]
            for (name, type) in model.inputs {
                let text = row[index[name]!]
                switch type {
                case .number:
                    guard let value = Double(text) else { throw DomainError(.invalidInput, "dataset row \(number + 1): '\(name)' is not a number") }
                    inputs[name] = .number(value)
                case .category:
                    inputs[name] = .string(text)
                }
            }
            observed.append(target)
            predicted.append(try model.predict(inputs))
        }
        let count = Double(observed.count)
        var metrics: [String: Double] = [:]
        if model.family == "binomial" {
            metrics["log_loss"] =
                -zip(observed, predicted).map { y, p in
                    let clamped = min(max(p, 1e-15), 1 - 1e-15)
                    return y * log(clamped) + (1 - y) * log(1 - clamped)
                }.reduce(0, +) / count
            metrics["accuracy"] = Double(zip(observed, predicted).filter { y, p in (p >= 0.5 ? 1.0 : 0.0) == y }.count) / count
            let area = auc(observed, predicted)
            if area.isFinite { metrics["auc"] = area }
        } else {
            let residuals = zip(observed, predicted).map { $0 - $1 }
            let mean = observed.reduce(0, +) / count
            let total = observed.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            let squared = residuals.map { $0 * $0 }.reduce(0, +)
            metrics["rmse"] = (squared / count).squareRoot()
            metrics["mae"] = residuals.map(abs).reduce(0, +) / count
            if total > 0 { metrics["r_squared"] = 1 - squared / total }
        }
        return MetricsComputed(version: version, datasetSHA256: dataset.artifactSHA256, rows: observed.count, metrics: metrics)
    }

    /// The area under the ROC curve: the Mann–Whitney statistic, ties counted half.
    static func auc(_ observed: [Double], _ scores: [Double]) -> Double {
        let positives = zip(observed, scores).filter { $0.0 == 1 }.map(\.1)
        let negatives = zip(observed, scores).filter { $0.0 != 1 }.map(\.1)
        guard !positives.isEmpty, !negatives.isEmpty else { return .nan }
        var wins = 0.0
        for positive in positives {
            for negative in negatives { wins += positive > negative ? 1 : positive == negative ? 0.5 : 0 }
        }
        return wins / Double(positives.count * negatives.count)
    }
}

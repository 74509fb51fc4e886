import ArgumentParser

/// The `modelreg` command: the server, its database chores, and a client for the API.
@main
struct ModelReg: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "modelreg",
        abstract: "An event-sourced model registry: every registration, approval and promotion kept, provably.",
        subcommands: [
            Serve.self, Migrate.self, Admin.self, Replay.self, Verify.self, Bench.self,
            Models.self, Versions.self, Alias.self, Approve.self, History.self, Live.self, Grant.self, Revoke.self, Grants.self, Import.self,
            Retract.self, Predict.self, Enquiry.self, CheckpointCommand.self, Export.self, Report.self,
        ])
}

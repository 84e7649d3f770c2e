/// The identity of a run across invocations: the `run` columns a finished run is
/// looked up by (`Run.key`, `ResultsStore.latestRun(key:)`).
public struct RunKey: Hashable, Sendable {
    public var experiment: String
    public var configName: String
    public var profile: String
    public var seed: Int
    public var subsetIdentity: String
    public var configHash: String
    public var datasetHash: String

    public init(experiment: String, configName: String, profile: String, seed: Int, subsetIdentity: String,
                configHash: String, datasetHash: String) {
        self.experiment = experiment
        self.configName = configName
        self.profile = profile
        self.seed = seed
        self.subsetIdentity = subsetIdentity
        self.configHash = configHash
        self.datasetHash = datasetHash
    }
}

/// Decides, per API request and deterministically under a seed, whether and how it fails.
final class FaultInjector: Sendable {
    private let spec: FaultSpec
    private let random: SeededRandom

    init(spec: FaultSpec) {
        self.spec = spec
        random = SeededRandom(seed: spec.seed)
    }

    /// How long a `slow` answer is held back.
    var slowDelay: Double { spec.slowDelay }

    /// The fault for the next request, or nil; two draws per request keep the sequence stable.
    func next() -> FaultKind? {
        let roll = random.unit()
        let pick = random.index(below: spec.kinds.count)
        guard roll < spec.rate, !spec.kinds.isEmpty else { return nil }
        return spec.kinds[pick]
    }
}

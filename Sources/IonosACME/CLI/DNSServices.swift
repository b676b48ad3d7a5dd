/// The DNS side of a run: CNAME following and the propagation wait (wired when the DNS client lands).
struct DNSServices {
    let settings: Settings
    let runtime: HookRuntime
    let logger: Logger

    func cnameResolver() -> (any CNAMEResolving)? { nil }  // TODO(dns): replace with the resolver-backed one.
    func propagationWaiter() -> (any PropagationWaiting)? { nil }  // TODO(dns): replace with the real wait.
}

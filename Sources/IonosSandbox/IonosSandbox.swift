/// The local IONOS stand-in (placeholder until the sandbox issue lands).
public enum IonosSandbox {}

/// DNS message codec (placeholder until the DNS issue lands).
public enum DNSWire {}

/// A secret string (the API key or one of its halves) whose printed forms are redacted.
///
/// `description`, `debugDescription` and string interpolation all show `<redacted>`;
/// only `revealed` gives the value, and only the HTTP transport should call it.
public struct Secret: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    private let value: String

    /// Wraps a secret value.
    public init(_ value: String) { self.value = value }

    /// The secret itself. Call only where the value must leave the process (the API request header).
    public var revealed: String { value }

    /// True when the secret is the empty string.
    public var isEmpty: Bool { value.isEmpty }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

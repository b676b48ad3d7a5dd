extension StringProtocol {
    /// The text without leading and trailing characters from `set`, compared by Unicode scalar
    /// (so `"\r\n"` in `set` removes both; FoundationEssentials has no CharacterSet trimming).
    func trimmed(_ set: String = " \t\r\n") -> String {
        let chars = Set(set.unicodeScalars)
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !chars.contains($0) }),
            let end = scalars.lastIndex(where: { !chars.contains($0) })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[start...end]))
    }
}

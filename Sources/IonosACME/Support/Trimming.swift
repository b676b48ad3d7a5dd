extension StringProtocol {
    /// The text without leading and trailing characters from `set` (FoundationEssentials has no CharacterSet trimming).
    func trimmed(_ set: String = " \t\r\n") -> String {
        let chars = Set(set)
        guard let start = firstIndex(where: { !chars.contains($0) }),
            let end = lastIndex(where: { !chars.contains($0) })
        else { return "" }
        return String(self[start...end])
    }
}

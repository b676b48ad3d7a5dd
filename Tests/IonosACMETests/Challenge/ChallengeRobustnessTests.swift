import Foundation
import IonosACME
import XCTest

/// Mutated key files and random names: every outcome is a value or a `ChallengeError`, never a crash.
final class ChallengeRobustnessTests: XCTestCase {
    func testMutatedKeyFilesNeverCrash() throws {
        let scratch = try ChallengeScratch()
        try scratch.openssl(["ecparam", "-name", "prime256v1", "-genkey", "-out", "ec.pem"])
        try scratch.openssl(["genrsa", "-traditional", "-out", "rsa.pem", "1024"])
        let jwk =
            #"{"kty":"EC","crv":"P-256","x":"5lhEug5xK4xBDZ2nAbaxLtaLiv85bxJ7ePd1dkO23HQ","#
            + #""y":"4aiK72sBeUAGkv0TaLsmwokYUYyNxGsS5EMIKwsNIKk"}"#
        let seeds: [[UInt8]] = [
            Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path("ec.pem")))),
            Array(try Data(contentsOf: URL(fileURLWithPath: scratch.path("rsa.pem")))),
            Array(jwk.utf8),
        ]
        var random = SeededGenerator(seed: 7)
        var outcomes = [0, 0]
        for round in 0..<600 {
            var bytes = seeds[round % seeds.count]
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                mutate(&bytes, using: &random)
            }
            do {
                _ = try AccountKey.parse(bytes, path: "mutant-\(round)")
                outcomes[0] += 1
            } catch {
                XCTAssertEqual(error.exitCode, .dataError, "round \(round): \(error)")
                XCTAssertFalse(error.description.contains("\n"), "round \(round): \(error)")
                outcomes[1] += 1
            }
        }
        XCTAssertGreaterThan(outcomes[1], 0, "some mutants must be rejected")
    }

    func testRandomNamesNeverCrash() {
        let pieces = [
            "a", "Z", "0", "-", "_", ".", "*", "*.", "ü", "ß", "例", "\u{0301}", " ", "\"", "\\", "\u{3002}",
            "_acme-challenge", "xn--", "\u{0}", "\u{7F}", "\u{1F600}", String(repeating: "q", count: 70),
        ]
        var random = SeededGenerator(seed: 11)
        for round in 0..<3000 {
            let input = (0..<Int.random(in: 0...12, using: &random))
                .map { _ in pieces[Int.random(in: 0..<pieces.count, using: &random)] }
                .joined()
            do {
                let name = try ChallengeName(input)
                XCTAssertLessThanOrEqual(name.recordName.utf8.count, 253, input)
                XCTAssertTrue(name.recordName.utf8.allSatisfy { $0 < 0x80 && $0 != 0x20 }, input)
                XCTAssertTrue(name.recordName.hasSuffix(name.domain), input)
                XCTAssertEqual(try ChallengeName(name.recordName), name, "normalization is idempotent: \(input)")
            } catch {
                XCTAssertEqual(error.exitCode, .dataError, "round \(round)")
                XCTAssertFalse(error.description.contains("\n"), error.description)
            }
        }
    }

    func testKeyReadFromAPipe() throws {
        let jwk =
            #"{"kty":"EC","crv":"P-256","x":"5lhEug5xK4xBDZ2nAbaxLtaLiv85bxJ7ePd1dkO23HQ","#
            + #""y":"4aiK72sBeUAGkv0TaLsmwokYUYyNxGsS5EMIKwsNIKk"}"#
        let pipe = Pipe()
        pipe.fileHandleForWriting.write(Data(jwk.utf8))
        try pipe.fileHandleForWriting.close()
        let key = try AccountKey.load(path: "/dev/fd/\(pipe.fileHandleForReading.fileDescriptor)")
        XCTAssertEqual(key.thumbprint, "zedj-Bd1Zshp8KLePv2MB-lJ_Hagp7wAwdkA0NUTniU")
    }

    private func mutate(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
        guard !bytes.isEmpty else { return }
        let index = Int.random(in: 0..<bytes.count, using: &random)
        switch Int.random(in: 0..<4, using: &random) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
        case 1: bytes.remove(at: index)
        case 2: bytes.insert(UInt8.random(in: 0...255, using: &random), at: index)
        default: bytes.removeSubrange(index..<min(bytes.count, index + Int.random(in: 1...64, using: &random)))
        }
    }
}

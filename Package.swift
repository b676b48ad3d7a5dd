// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "ionos-acme-hook",
    products: [
        .executable(name: "ionos-acme-hook", targets: ["ionos-acme-hook"]),
        .executable(name: "ionos-sandbox", targets: ["ionos-sandbox"]),
        .library(name: "IonosACME", targets: ["IonosACME"]),
        .library(name: "IonosSandbox", targets: ["IonosSandbox"]),
        .library(name: "DNSWire", targets: ["DNSWire"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        .target(name: "DNSWire"),
        .target(
            name: "IonosACME",
            dependencies: ["DNSWire", "COpenSSL", "CCurl"]
        ),
        .target(
            name: "IonosSandbox",
            dependencies: ["DNSWire"]
        ),
        .executableTarget(
            name: "ionos-acme-hook",
            dependencies: ["IonosACME", "IonosSandbox"]
        ),
        .executableTarget(
            name: "ionos-sandbox",
            dependencies: ["IonosSandbox"]
        ),
        .testTarget(name: "DNSWireTests", dependencies: ["DNSWire"]),
        .testTarget(name: "IonosACMETests", dependencies: ["IonosACME", "IonosSandbox", "DNSWire"]),
        .testTarget(name: "IonosSandboxTests", dependencies: ["IonosSandbox", "DNSWire"]),
    ]
)

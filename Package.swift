// swift-tools-version:6.1
import PackageDescription

let strict: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
]

let package = Package(
    name: "Pingli",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "PingliKit", targets: ["PingliKit"]),
        .executable(name: "pingli", targets: ["pingli"]),
        .executable(name: "pingli-bench", targets: ["pingli-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", exact: "0.6.0"),
        .package(url: "https://github.com/apple/swift-crypto", exact: "3.12.3"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
        .package(url: "https://github.com/swhitty/FlyingFox", exact: "0.27.1"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", exact: "0.9.20"),
    ],
    targets: [
        // System libraries. The shim headers hold `static inline` wrappers for what Swift
        // cannot call directly: curl_easy_setopt is variadic, and libedit's globals must be
        // written from C under Swift 6 strict concurrency.
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(
            name: "CEdit",
            pkgConfig: "libedit",
            providers: [.apt(["libedit-dev"])]),
        .systemLibrary(
            name: "CCoin",
            pkgConfig: "cbc",
            providers: [.apt(["coinor-libcbc-dev"])]),
        // libpq for the county store on PostgreSQL: synchronous like the GRDB code.
        .systemLibrary(
            name: "CPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]),
        .systemLibrary(
            name: "CSQLiteTune",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]),
        // Printed documents: cairo's PDF surface, Pango for Chinese text, libqrencode. A C
        // target with its own small header, so Swift never sees GLib's macros; the include
        // folders are Debian's (`pkg-config --cflags pangocairo`: SwiftPM would warn about its
        // -pthread flag on every build, so the folders are named here instead).
        .target(
            name: "CDocument",
            cSettings: [.unsafeFlags([
                "-I/usr/include/pango-1.0", "-I/usr/include/glib-2.0", "-I/usr/lib/x86_64-linux-gnu/glib-2.0/include",
                "-I/usr/lib/aarch64-linux-gnu/glib-2.0/include", "-I/usr/include/harfbuzz", "-I/usr/include/freetype2",
                "-I/usr/include/libpng16", "-I/usr/include/fribidi", "-I/usr/include/cairo", "-I/usr/include/pixman-1",
            ])],
            linkerSettings: [.linkedLibrary("pangocairo-1.0"), .linkedLibrary("pango-1.0"), .linkedLibrary("gobject-2.0"),
                             .linkedLibrary("glib-2.0"), .linkedLibrary("cairo"), .linkedLibrary("qrencode")]),
        .target(
            name: "PingliKit",
            dependencies: [
                "CCurl",
                "CDocument",
                "CSQLiteTune",
                "CCoin",
                "CPQ",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "pingli",
            dependencies: [
                "PingliKit",
                "CEdit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "pingli-bench",
            dependencies: [
                "PingliKit",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: strict),
        .testTarget(
            name: "PingliTests",
            dependencies: [
                "PingliKit",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "FlyingFox", package: "FlyingFox"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: strict),
    ]
)

enum PingliVersion {
    static let string = "0.1.0"
}

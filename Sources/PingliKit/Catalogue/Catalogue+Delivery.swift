extension Catalogue {
    /// Delivering outcomes to the case system and taking referrals from it: configuration and the outbox.
    static let delivery: [String: Entry] = [
        "outbox.no-item": Entry("待发送队列中没有第 {0} 项（见 `pingli outbox list`）",
                  "no outbox item {0} (see `pingli outbox list`)"),
        "outbox.not-pending": Entry("待发送队列第 {0} 项不存在或已送达（要重发已送达的结果，请用 `replay`）",
                  "outbox item {0} does not exist or was already delivered (use `replay` to send delivered outcomes again)"),
        "outbox.intake-secret": Entry("接收转办需要 webhook 密钥：`pingli intake configure --secret-file 文件`",
                  "the intake needs its webhook secret: `pingli intake configure --secret-file FILE`"),
        "outbox.bad-delay": Entry("重试安排“{0}”：“{1}”不是 5s、5m 或 2h 这样的间隔",
                  "retry schedule '{0}': '{1}' is not a delay such as 5s, 5m or 2h"),
        "outbox.no-delays": Entry("重试安排是空的",
                  "the retry schedule is empty"),
        "outbox.no-url": Entry("没有接收地址：请运行 `pingli outbox configure --url https://…`（台账系统的基础地址）",
                  "no receiver URL: run `pingli outbox configure --url https://…` (the case system's base URL)"),
        "outbox.bad-url": Entry("接收地址须以 https:// 开头（在可信网络中可用 http://）：{0}",
                  "the receiver URL must start with https:// (or http:// on a trusted network): {0}"),
        "outbox.no-curl": Entry("libcurl 无法创建句柄",
                  "libcurl could not create a handle"),
        "outbox.bad-connections": Entry("连接数须为 1 到 16 的整数，不能是“{0}”",
                  "connections must be a whole number from 1 to 16, not '{0}'"),
        "outbox.no-secret": Entry("没有 webhook 密钥：请设置 $PINGLI_WEBHOOK_SECRET 或运行 `pingli outbox configure --secret-file 文件`",
                  "no webhook secret: set $PINGLI_WEBHOOK_SECRET or run `pingli outbox configure --secret-file FILE`"),
        "outbox.bad-secret": Entry("webhook 密钥须为 whsec_ 加上至少 16 字节的 base64（密钥本身不显示）",
                  "the webhook secret must be whsec_ followed by base64 of at least 16 bytes (the secret itself is not shown)"),
        "outbox.casestore-secret": Entry("案件接收端需要 webhook 密钥（$PINGLI_WEBHOOK_SECRET 或 --secret-file）",
                  "the case store needs the webhook secret ($PINGLI_WEBHOOK_SECRET or --secret-file)"),
    ]
}

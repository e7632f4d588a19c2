extension Catalogue {
    /// The draw's refusals and failed checks.
    static let draw: [String: Entry] = [
        "draw.bad-commitment": Entry("{0} 的承诺值必须是 64 位十六进制数（秘密数的 SHA-256）",
                  "the commitment of {0} must be 64 hexadecimal digits (the SHA-256 of the secret)"),
        "draw.does-not-verify": Entry("抽取记录核验不通过：\n{0}",
                  "the draw does NOT verify:\n{0}"),
        "draw.not-enough-eligible": Entry("只有 {0} 名代表可抽取，但评理团需要 {1} 人；请查看 `pingli pool stats` 及被排除的人员",
                  "only {0} representatives are eligible but the panel needs {1}; see `pingli pool stats` and who is excluded"),
        "draw.quotas-infeasible": Entry("可抽取的代表中没有任何组合能满足名额要求；最小的放宽方案：\n{0}\n（请修改规则或另选规则；未抽取任何人）",
                  "no panel of the eligible representatives meets the quotas; the smallest relaxation that would:\n{0}\n(edit the spec, or choose another; nothing was drawn)"),
        "draw.record-invalid": Entry("抽取记录无效：{0}",
                  "the draw record is not valid: {0}"),
        "draw.secret-mismatch": Entry("{0} 揭示的秘密数与其承诺值不符；不予接受",
                  "the secret revealed by {0} does not match its commitment; the reveal is refused"),
        "draw.still-waiting": Entry("仍在等待：{0}",
                  "still waiting for: {0}"),
        "draw.unknown-category": Entry("规则 {0} 设有类别“{1}”的名额，但代表库中没有该类别（见 `pingli pool categories`）",
                  "spec {0} has a quota for category '{1}', which the pool does not know (see `pingli pool categories`)"),
    ]
}

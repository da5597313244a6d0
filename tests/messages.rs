//! Every diagnostic message, in Vietnamese and English, as users read it:
//! compared with tests/snapshots/messages.txt so that any change of wording
//! is visible in review. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test messages`.

use thidua::diagnostic::{Diagnostic, Kind, Lang, Reason};

/// A typical finding of each kind, with the values it usually carries.
fn example(kind: Kind) -> Diagnostic {
    let d = Diagnostic::new(kind).unit("CB").criterion("1.2");
    match kind {
        Kind::UnreadableFile => d.reason(Reason::Encrypted),
        Kind::UnknownUnit => d.reason(Reason::UnitNameUnknown("Hội CCB tỉnh Phú Thọ".into())),
        Kind::DuplicateUnit => d.found("nop/cb.xlsx, nop/cb (gửi lại).xlsx"),
        Kind::WrongYear => d.expected(2016).found(2015),
        Kind::UnknownCriterion => d.found("3.5"),
        Kind::MissingValue => d.reason(Reason::ResultCell),
        Kind::NotANumber => d.found("chưa có số liệu").reason(Reason::ResultCell),
        Kind::OutOfRange => d.found(120).reason(Reason::PercentOver100),
        Kind::AmbiguousNumber => d
            .found("1.234")
            .expected(1234)
            .reason(Reason::VietnameseThousands),
        Kind::TargetMismatch => d.expected(95).found(90),
        Kind::MaxMismatch => d.expected(6).found(5),
        Kind::SelfScoreMismatch => d.expected(4.24).found(4.25),
        Kind::SelfScoreOverMax => d.expected(5).found(5.5),
        Kind::LegacyEncoding => d.reason(Reason::Legacy("TCVN3 (ABC)")),
        Kind::Adjustment => d
            .found(0)
            .expected(6.5)
            .reason(Reason::AdjustmentReason("Bổ sung số liệu".into())),
        Kind::AdjustmentOutOfRange => d.found(12).expected(10).reason(Reason::OutsideZeroToMax),
        Kind::AdjustmentSuperseded => d.found(6.5).expected("C7"),
        Kind::TieAtCutoff => d.found("CB, TN").expected(94.65).reason(Reason::CutoffFlag),
        Kind::MissingSheet | Kind::MissingColumn | Kind::MissingKey => d.expected("Giao ước"),
        Kind::BadValue => d.found("hai nghìn").reason(Reason::NotAYear),
        Kind::DuplicateCode => d.found("3.2").expected("A17"),
        Kind::UnknownMethod => d.found("Xếp loại"),
        Kind::MethodNeeds => d.found("Tỷ lệ").reason(Reason::TargetAboveZero),
        Kind::SectionSum => d.found(25).expected(24.5),
        Kind::UnknownUnitColumn => d.found("BG"),
        _ => d,
    }
}

fn render() -> String {
    let mut out = String::new();
    for kind in Kind::all() {
        let d = example(kind);
        out.push_str(&format!(
            "## {} ({})\n",
            kind.name(),
            kind.severity().as_str()
        ));
        out.push_str(&format!("vi: {}\n", d.message(Lang::Vi)));
        out.push_str(&format!("en: {}\n\n", d.message(Lang::En)));
    }
    out
}

#[test]
fn every_message_matches_the_reviewed_snapshot() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/snapshots/messages.txt");
    let now = render();
    if std::env::var_os("UPDATE_SNAPSHOTS").is_some() {
        std::fs::write(&path, &now).unwrap();
    }
    let reviewed = std::fs::read_to_string(&path).unwrap_or_default();
    assert_eq!(
        now, reviewed,
        "messages changed: review, then regenerate with UPDATE_SNAPSHOTS=1"
    );
}

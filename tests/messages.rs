//! Every diagnostic message and every command-level message, in Vietnamese
//! and English, as users read it:
//! compared with tests/snapshots/messages.txt so that any change of wording
//! is visible in review. Regenerate with `UPDATE_SNAPSHOTS=1 cargo test --test messages`.

use thidua::model::diagnostic::{Diagnostic, Kind, Lang, Reason};
use thidua::model::messages::{counted, Message, Say};

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
        Kind::GroupSum => d.criterion("2.a)").found(60).expected(59.5),
        Kind::BadLevel => d.found("7"),
        Kind::LevelJump => d.found(3).expected(1),
        Kind::UnknownUnitColumn => d.found("BG"),
        Kind::RulesHeader => d
            .found("Xếp loại")
            .expected("Xếp loại")
            .criterion("xếp loại")
            .reason(Reason::NoHeaderRow),
        Kind::UnknownClass => d
            .found("Xuất xắc")
            .expected("TSVM xuất sắc, TSVM tiên tiến, TSVM, Yếu"),
        Kind::ClassOrder => d
            .criterion("TSVM tiên tiến")
            .reason(Reason::MinimumAbovePrevious("B3".into())),
        Kind::TitleCount => d.criterion("Giấy khen").reason(Reason::BothCounts),
        Kind::UncalculatedFormula => d
            .found(17)
            .reason(Reason::Cells(vec!["E6".into(), "E7".into()], 15)),
        Kind::DuplicateCriterion => d
            .expected("D7 \"5\", E7 \"10\"")
            .found("D12 \"6\", E12 \"10\""),
        Kind::PreviousResults => Diagnostic::new(kind)
            .file("truoc/ket-qua-2016.json")
            .expected(2016)
            .found(2015)
            .reason(Reason::PreviousWrongYear {
                found: 2015,
                expected: 2016,
            }),
        Kind::BadConclusion => Diagnostic::new(kind)
            .file("ket-luan.xlsx")
            .sheet("Biểu quyết")
            .cell("C3")
            .found("mười hai")
            .reason(Reason::NotAWholeNumber),
        Kind::DecisionNotAllowed => Diagnostic::new(kind)
            .unit("VL")
            .file("ket-luan.xlsx")
            .sheet("Biểu quyết")
            .cell("E3")
            .found("Cờ thi đua")
            .reason(Reason::OutsidePositions {
                title: "Cờ thi đua".into(),
            }),
        Kind::PreviousUnit => Diagnostic::new(kind)
            .file("giao-uoc.xlsx")
            .sheet("Đơn vị")
            .found("BK")
            .expected("TN"),
        _ => d,
    }
}

/// A command-level message with typical values for every placeholder.
fn command_example(say: Say, lang: Lang) -> Message {
    say.with("folder", "cum-3")
        .with("path", "cum-3/giao-uoc.xlsx")
        .with("found", "\"cum-3/Giao uoc.ods\"")
        .with("example", "cum-3/giao-uoc.ods")
        .with("problem", "<...>")
        .with("unit", "CB")
        .with(
            "files",
            "ket-qua/tong-hop-2016.xlsx, ket-qua/hoi-nghi-2016.pdf",
        )
        .with("forms", counted(4, lang, "biểu mẫu", "form", "forms"))
        .with("chars", "☃ (U+2603)")
        .with("detail", "Input/output error (os error 5)")
        .with("value", "chay")
        .with("arg", "--lang <vi|en>")
        .with("valid", "vi, en")
        .with("other", "--json")
        .with("commands", "init, check, run")
        .with("year", "2017")
        .with("previous", "2016")
        .with("from", "cum-3-2016")
        .with("head", "Lạng Sơn (LS)")
        .with("deputy", "Cao Bằng (CB)")
        .with("file", "ket-qua-2016.json")
        .with("truoc", "cum-3/truoc")
        .with("units", "QS (Bằng khen), VL (Bằng khen)")
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
    for (title, d) in variants() {
        out.push_str(&format!("## {} ({title})\n", d.kind.name()));
        out.push_str(&format!("vi: {}\n", d.message(Lang::Vi)));
        out.push_str(&format!("en: {}\n\n", d.message(Lang::En)));
    }
    out.push_str("# Command-level messages\n\n");
    for say in Say::all() {
        out.push_str(&format!("## {say:?}\n"));
        out.push_str(&format!(
            "vi: {}\n",
            command_example(say, Lang::Vi).text(Lang::Vi)
        ));
        out.push_str(&format!(
            "en: {}\n\n",
            command_example(say, Lang::En).text(Lang::En)
        ));
    }
    out
}

/// Messages whose words depend on the reason, beyond each kind's example.
fn variants() -> Vec<(&'static str, Diagnostic)> {
    let d = |kind| Diagnostic::new(kind).unit("CB").criterion("1.2");
    vec![
        (
            "damaged",
            d(Kind::UnreadableFile).reason(Reason::Corrupt("bad zip".into())),
        ),
        (
            "a name fitting two units",
            d(Kind::UnknownUnit).reason(Reason::UnitNameFitsTwo(
                "Cao Bằng".into(),
                "Hội Cựu chiến binh thành phố Cao Bằng (TPCB)".into(),
                "Hội Cựu chiến binh tỉnh Cao Bằng (CB)".into(),
            )),
        ),
        (
            "no workbook names a unit",
            Diagnostic::new(Kind::UnknownUnit)
                .found("nop/a.xlsx, nop/b.xlsx")
                .reason(Reason::NoWorkbookNamesAUnit(2)),
        ),
        (
            "one file when no workbook names a unit",
            Diagnostic::new(Kind::UnknownUnit).reason(Reason::LikeEveryWorkbook(Box::new(
                Reason::UnitNameUnknown("Hội CCB tỉnh Cao Bằng".into()),
            ))),
        ),
        (
            "a date in the target cell",
            d(Kind::NotANumber)
                .found("03/12/2016")
                .reason(Reason::TargetCell),
        ),
        (
            "a date in a self-score not counted",
            d(Kind::NotANumber)
                .found("01/10/2016")
                .reason(Reason::SelfScoreNotCounted),
        ),
        (
            "a fraction kept as written",
            d(Kind::AmbiguousNumber)
                .found("0.95")
                .expected(0.95)
                .reason(Reason::FractionKept {
                    other: rust_decimal::Decimal::new(95, 0),
                    score: rust_decimal::Decimal::new(2000, 2),
                }),
        ),
        (
            "last year's results not there",
            Diagnostic::new(Kind::PreviousResults)
                .file("truoc/ket-qua-2016.json")
                .reason(Reason::PreviousNotFound),
        ),
        (
            "last year's results not JSON",
            Diagnostic::new(Kind::PreviousResults)
                .file("truoc/ket-qua-2016.json")
                .reason(Reason::PreviousUnreadable(
                    "expected value at line 1 column 1".into(),
                )),
        ),
        (
            "a date that cannot be read",
            Diagnostic::new(Kind::BadConclusion)
                .found("rằm tháng Chạp")
                .reason(Reason::NotADate),
        ),
        (
            "a title the agreement does not have",
            Diagnostic::new(Kind::BadConclusion)
                .found("Cờ vàng")
                .reason(Reason::NotATitle("Cờ thi đua, Bằng khen".into())),
        ),
        (
            "more votes than delegates",
            Diagnostic::new(Kind::BadConclusion)
                .found("10 + 5")
                .reason(Reason::VotesOverAttendance(12)),
        ),
        (
            "a class below the title's minimum",
            Diagnostic::new(Kind::DecisionNotAllowed)
                .unit("BK")
                .found("Bằng khen")
                .reason(Reason::ClassBelowMinimum {
                    title: "Bằng khen".into(),
                    class: "Khá".into(),
                }),
        ),
        (
            "more of a title than the agreement gives",
            Diagnostic::new(Kind::DecisionNotAllowed)
                .unit("CB")
                .found("Cờ thi đua")
                .reason(Reason::TooMany {
                    title: "Cờ thi đua".into(),
                    allowed: 1,
                    decided: 2,
                }),
        ),
        (
            "a unit not put to the vote",
            Diagnostic::new(Kind::DecisionNotAllowed)
                .unit("BS")
                .found("Bằng khen")
                .reason(Reason::NotPutToVote(Some("Giấy khen".into()))),
        ),
        (
            "a unit with no proposal",
            Diagnostic::new(Kind::DecisionNotAllowed)
                .unit("KL")
                .found("Giấy khen")
                .reason(Reason::NotPutToVote(None)),
        ),
        (
            "a JSON file that is not results",
            Diagnostic::new(Kind::PreviousResults)
                .file("truoc/ket-qua-2016.json")
                .reason(Reason::PreviousNotResults),
        ),
    ]
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

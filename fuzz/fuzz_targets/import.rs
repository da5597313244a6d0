//! Fuzzes the importer on arbitrary small sheets built from the words real
//! score sheets use (headers, unit lines, years, codes, numbers as text),
//! against a fixed agreement: it must always answer, table or rejection.
#![no_main]
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use thidua::read::import::import;
use thidua::model::*;
use thidua::read::workbook::{Cell, Sheet, Value, Workbook};

const WORDS: &[&str] = &[
    "Mã", "STT", "TT", "Nội dung", "Tiêu chí", "Điểm chuẩn", "Chỉ tiêu", "Kết quả", "Thực hiện", "Tự chấm",
    "Điểm", "Cụm chấm", "Ghi chú", "Đơn vị:", "Đơn vị: Cao Bằng", "Hội CCB tỉnh Thái Nguyên", "năm 2016",
    "năm 2015", "ngày 05 tháng 01 năm 2017", "I", "II", "1", "1.1", "1,2", "2.", "Tổng cộng", "95%", "1.234",
    "12,5", "chưa có", "", "Héi Cùu chiÕn binh", "Cao B»ng", "aù", "#DIV/0!", "-5", "0.95",
];

fn agreement() -> Agreement {
    let unit = |code: &str, short: &str| Unit {
        code: code.into(),
        name: format!("Hội Cựu chiến binh tỉnh {short}"),
        short_name: short.into(),
        other_names: vec![],
        signer: None,
        signer_title: None,
    };
    let criterion = |code: &str, method, measure: &str| Criterion {
        code: code.into(),
        content: format!("Tiêu chí {code}"),
        measure: measure.into(),
        max: Decimal::from(10),
        method,
        rate: Some(Decimal::ONE),
        target: Some(Decimal::from(90)),
        unit_targets: BTreeMap::new(),
        section: None,
        row: 0,
    };
    Agreement {
        info: AgreementInfo {
            organisation: "Hội Cựu chiến binh Việt Nam".into(),
            cluster: "Cụm thi đua số 3".into(),
            year: 2016,
            head: "CB".into(),
            deputy: None,
            next_head: "TN".into(),
            next_deputy: "CB".into(),
            place: None,
            conference_date: None,
            thresholds: Thresholds { excellent: 90.into(), good: 80.into(), fair: 65.into() },
            flags: 1,
            certificates: 1,
        },
        units: vec![unit("CB", "Cao Bằng"), unit("TN", "Thái Nguyên")],
        tree: None,
        sections: vec![],
        criteria: vec![
            criterion("1.1", Method::Proportional, "%"),
            criterion("1.2", Method::Assessed, ""),
            criterion("2", Method::Penalty, "lần"),
        ],
    }
}

fuzz_target!(|data: &[u8]| {
    let mut cells = Vec::new();
    for chunk in data.chunks_exact(4).take(400) {
        let (row, col, kind, pick) = (chunk[0] as u32 % 24, chunk[1] as u32 % 10, chunk[2], chunk[3]);
        let value = match kind % 4 {
            0 => Value::Number(pick as f64 / 4.0 - 8.0),
            1 => Value::Error("#N/A".into()),
            _ => Value::Text(WORDS[pick as usize % WORDS.len()].to_string()),
        };
        let percent = match kind / 64 {
            0 => None,
            1 => Some(true),
            _ => Some(false),
        };
        cells.push(Cell { row, col, value, percent });
    }
    let wb = Workbook { sheets: vec![Sheet::new("Tự chấm".into(), cells, vec![])], font_names: vec![] };
    let _ = import(&wb, "nop/x.xlsx", "x", &agreement());
});

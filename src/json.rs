//! The JSON of SPEC section 9 (`--json` and `ket-qua-<Năm>.json`).

use crate::diagnostic::{Diagnostic, Lang};
use crate::pipeline::Outcome;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde_json::{json, Map, Value};

/// A decimal as a JSON number.
pub fn number(x: Decimal) -> Value {
    match x.to_f64().and_then(serde_json::Number::from_f64) {
        Some(n) => Value::Number(n),
        None => Value::Null,
    }
}

fn opt_number(x: Option<Decimal>) -> Value {
    x.map(number).unwrap_or(Value::Null)
}

/// One diagnostic as JSON.
pub fn diagnostic(d: &Diagnostic, lang: Lang) -> Value {
    let mut m = Map::new();
    m.insert("kind".into(), d.kind.name().into());
    m.insert("severity".into(), d.severity().as_str().into());
    m.insert("unit".into(), d.unit.clone().into());
    m.insert("file".into(), d.file.clone().into());
    m.insert("sheet".into(), d.sheet.clone().into());
    m.insert("cell".into(), d.cell.clone().into());
    m.insert("message".into(), d.message(lang).into());
    if let Some(e) = &d.expected {
        m.insert("expected".into(), e.clone());
    }
    if let Some(f) = &d.found {
        m.insert("found".into(), f.clone());
    }
    Value::Object(m)
}

/// The whole result as JSON.
pub fn outcome(o: &Outcome, lang: Lang) -> Value {
    let a = &o.agreement;
    let units: Vec<Value> = o
        .units
        .iter()
        .zip(&a.units)
        .map(|(r, u)| {
            let scores: Map<String, Value> = a
                .criteria
                .iter()
                .zip(&r.scores)
                .map(|(c, s)| (c.code.clone(), number(s.score)))
                .collect();
            json!({
                "code": r.code,
                "name": u.name,
                "status": r.status.as_str(),
                "file": r.file,
                "self_total": opt_number(r.self_total),
                "total": opt_number(r.total),
                "rank": r.rank,
                "classification": r.classification.map(|c| c.name_vi()),
                "proposal": r.proposal.map(|p| p.name_vi()),
                "scores": scores,
            })
        })
        .collect();
    let files: Vec<Value> = o
        .files
        .iter()
        .map(|f| json!({ "file": f.file, "unit": f.unit, "status": f.status.as_str() }))
        .collect();
    let diagnostics: Vec<Value> = o.diagnostics.iter().map(|d| diagnostic(d, lang)).collect();
    json!({
        "organisation": a.info.organisation,
        "cluster": a.info.cluster,
        "year": a.info.year,
        "base_max": number(a.base_max()),
        "units": units,
        "files": files,
        "diagnostics": diagnostics,
        "next_year": { "head": a.info.next_head, "deputy": a.info.next_deputy },
    })
}

/// The JSON text, pretty-printed, ending with a newline.
pub fn to_string(o: &Outcome, lang: Lang) -> String {
    let mut s = serde_json::to_string_pretty(&outcome(o, lang)).unwrap_or_default();
    s.push('\n');
    s
}

//! The JSON of SPEC section 9 (`--json` and `ket-qua-<Năm>.json`).

use crate::model::diagnostic::{number, Diagnostic, Lang};
use crate::model::{FileRecord, Unit, UnitResult};
use crate::model::{Outcome, Proposal};
use rust_decimal::Decimal;
use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;
use serde_json::{json, Map, Value};

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

/// Last year's figures of the unit at `index` (SPEC section 11): a list of
/// {code, total, rank}, one per previous unit it stands for (a merged
/// unit's are listed, never summed); None when the run has no previous
/// results (the key is then left out, and the JSON is as before).
fn previous(o: &Outcome, index: usize) -> Option<Value> {
    let previous = o.previous.as_ref()?;
    let list: Vec<Value> = previous
        .of(index)
        .iter()
        .map(|f| json!({ "code": f.code, "total": opt_number(f.total), "rank": f.rank }))
        .collect();
    Some(Value::Array(list))
}

/// One unit's result as JSON; with `finals` (written by `ho-so`), its
/// `final_proposal` right after its `proposal`.
fn unit(o: &Outcome, index: usize, r: &UnitResult, u: &Unit, finals: Finals) -> Value {
    let scores: Map<String, Value> = o
        .agreement
        .criteria
        .iter()
        .zip(&r.scores)
        .map(|(c, s)| (c.code.clone(), number(s.score)))
        .collect();
    let mut value = json!({
        "code": r.code,
        "name": u.name,
        "status": r.status.as_str(),
        "file": r.file,
        "self_total": opt_number(r.self_total),
        "total": opt_number(r.total),
        "rank": r.rank,
        "classification": r.classification.map(|c| o.agreement.class_label(c)),
        "proposal": r.proposal.map(|p| o.agreement.proposal_label(p)),
        "scores": scores,
    });
    if let (Some(finals), Value::Object(map)) = (finals, &mut value) {
        let final_proposal: Value = finals
            .get(index)
            .copied()
            .flatten()
            .map(|p| o.agreement.proposal_label(p))
            .into();
        let entries = std::mem::take(map);
        for (key, v) in entries {
            let after = key == "proposal";
            map.insert(key, v);
            if after {
                map.insert("final_proposal".into(), final_proposal.clone());
            }
        }
    }
    if let (Some(list), Value::Object(map)) = (previous(o, index), &mut value) {
        map.insert("previous".into(), list);
    }
    if let (Some(tree), Value::Object(m)) = (&o.agreement.tree, &mut value) {
        m.insert("groups".into(), groups(tree, r));
    }
    value
}

/// A unit's group scores (SPEC section 11), by group code in the order of
/// the tree; empty where the unit was not scored.
fn groups(tree: &crate::model::Tree, r: &UnitResult) -> Value {
    if r.scores.is_empty() {
        return Value::Object(Map::new());
    }
    let leaves: Vec<Decimal> = r.scores.iter().map(|s| s.score).collect();
    let sums = tree.group_scores(&leaves);
    tree.groups()
        .map(|g| (tree.nodes[g].code.clone(), opt_number(sums[g])))
        .collect::<Map<String, Value>>()
        .into()
}

/// One inbox file as JSON.
fn file(f: &FileRecord) -> Value {
    json!({ "file": f.file, "unit": f.unit, "status": f.status.as_str() })
}

/// The whole result as JSON.
pub fn outcome(o: &Outcome, lang: Lang) -> Value {
    let a = &o.agreement;
    let units: Vec<Value> = o
        .units
        .iter()
        .zip(&a.units)
        .enumerate()
        .map(|(i, (r, u))| unit(o, i, r, u, None))
        .collect();
    let files: Vec<Value> = o.files.iter().map(file).collect();
    let diagnostics: Vec<Value> = o.diagnostics.iter().map(|d| diagnostic(d, lang)).collect();
    let mut value = json!({
        "organisation": a.info.organisation,
        "cluster": a.info.cluster,
        "year": a.info.year,
        "base_max": number(a.base_max()),
        "units": units,
        "files": files,
        "diagnostics": diagnostics,
        "next_year": { "head": a.info.next_head, "deputy": a.info.next_deputy },
    });
    if let (Some(p), Value::Object(map)) = (&o.previous, &mut value) {
        map.insert("previous_year".into(), p.year.into());
    }
    value
}

/// The JSON text, pretty-printed, ending with a newline.
pub fn to_string(o: &Outcome, lang: Lang) -> String {
    to_string_with(o, lang, None)
}

/// The JSON text of [`outcome`] with `run` (the run record) as a last key,
/// pretty-printed, ending with a newline: the text
/// `serde_json::to_string_pretty` gives for that value, written unit by unit
/// without holding the whole value in memory (at 10 000 units the value
/// takes several times the memory of its text).
pub fn to_string_with(o: &Outcome, lang: Lang, run: Option<&Value>) -> String {
    streamed(Streamed {
        o,
        lang,
        run,
        finals: None,
    })
}

/// The final proposals of `ho-so`, by unit index (SPEC section 10).
type Finals<'a> = Option<&'a [Option<Proposal>]>;

/// The JSON `ho-so` writes (SPEC section 10): [`to_string`]'s, with each
/// unit's `final_proposal` (the title, `Biểu quyết` while the vote is
/// pending, or null) from `finals`, by unit index.
pub fn dossier_to_string(o: &Outcome, lang: Lang, finals: &[Option<Proposal>]) -> String {
    streamed(Streamed {
        o,
        lang,
        run: None,
        finals: Some(finals),
    })
}

fn streamed(streamed: Streamed) -> String {
    let o = streamed.o;
    let criteria = o.agreement.criteria.len();
    let guess = 1024
        + o.units.len() * (400 + 24 * criteria)
        + o.files.len() * 120
        + o.diagnostics.len() * 450;
    let mut out = Vec::with_capacity(guess);
    let mut serializer = serde_json::Serializer::pretty(&mut out);
    if streamed.serialize(&mut serializer).is_err() {
        return String::new();
    }
    out.push(b'\n');
    String::from_utf8(out).unwrap_or_default()
}

/// [`to_string_with`] from [`to_string`]'s text and the run record: the
/// text without the record can be made while the files the record hashes
/// are being made.
pub fn with_run(text: String, run: &Value) -> String {
    let Some(body) = text.strip_suffix("\n}\n") else {
        return text;
    };
    let record = serde_json::to_string_pretty(&json!({ "run": run })).unwrap_or_default();
    let Some(entry) = record
        .strip_prefix("{\n")
        .and_then(|r| r.strip_suffix("\n}"))
    else {
        return text;
    };
    format!("{body},\n{entry}\n}}\n")
}

/// [`outcome`] as serde sees it, each unit, file and diagnostic made into a
/// value only while it is written.
struct Streamed<'a> {
    o: &'a Outcome,
    lang: Lang,
    run: Option<&'a Value>,
    finals: Finals<'a>,
}

impl Serialize for Streamed<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (o, lang) = (self.o, self.lang);
        let a = &o.agreement;
        let mut map = serializer.serialize_map(Some(8 + usize::from(self.run.is_some())))?;
        map.serialize_entry("organisation", &a.info.organisation)?;
        map.serialize_entry("cluster", &a.info.cluster)?;
        map.serialize_entry("year", &a.info.year)?;
        map.serialize_entry("base_max", &number(a.base_max()))?;
        let units = o.units.iter().zip(&a.units).enumerate();
        map.serialize_entry(
            "units",
            &Each(units.len(), units, |(i, (r, u))| {
                unit(o, i, r, u, self.finals)
            }),
        )?;
        map.serialize_entry("files", &Each(o.files.len(), o.files.iter(), file))?;
        let diagnostics = o.diagnostics.iter();
        map.serialize_entry(
            "diagnostics",
            &Each(diagnostics.len(), diagnostics, |d| diagnostic(d, lang)),
        )?;
        map.serialize_entry(
            "next_year",
            &json!({ "head": a.info.next_head, "deputy": a.info.next_deputy }),
        )?;
        if let Some(p) = &o.previous {
            map.serialize_entry("previous_year", &p.year)?;
        }
        if let Some(run) = self.run {
            map.serialize_entry("run", run)?;
        }
        map.end()
    }
}

/// A sequence of `len` values made from the items of an iterator as they are written.
struct Each<I, F>(usize, I, F);

impl<I, F, T> Serialize for Each<I, F>
where
    I: Iterator<Item = T> + Clone,
    F: Fn(T) -> Value,
{
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(self.0))?;
        for item in self.1.clone() {
            seq.serialize_element(&(self.2)(item))?;
        }
        seq.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Paths;
    use crate::read::workbook::ReadOptions;
    use crate::run::pipeline::evaluate;
    use std::path::Path;

    #[test]
    fn streamed_text_is_the_text_of_the_value() {
        for sample in ["cum3-2016", "loi-2016"] {
            let folder = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("samples")
                .join(sample);
            let paths = Paths::new(&folder, None, None, None);
            let o = evaluate(&paths, &ReadOptions::default()).expect("sample evaluates");
            assert!(!o.diagnostics.is_empty() || sample == "cum3-2016");
            for lang in [Lang::Vi, Lang::En] {
                let mut value = outcome(&o, lang);
                let plain = serde_json::to_string_pretty(&value).unwrap() + "\n";
                assert_eq!(to_string(&o, lang), plain, "{sample}");
                let run =
                    json!({ "thidua_version": "0", "inputs": [], "outputs": [{ "file": "x" }] });
                value["run"] = run.clone();
                let recorded = serde_json::to_string_pretty(&value).unwrap() + "\n";
                assert_eq!(to_string_with(&o, lang, Some(&run)), recorded, "{sample}");
                assert_eq!(with_run(to_string(&o, lang), &run), recorded, "{sample}");
            }
        }
    }
}

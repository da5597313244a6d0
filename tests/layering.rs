//! The tree's layers hold: every `crate::` path in `src/` is checked against
//! the rules of the README's "How it works" (lower layers never import
//! higher ones; readers never touch the run or a renderer; renderers and the
//! run touch no files). A module that crosses a line fails this test with
//! the file, the line and the rule.

use std::path::{Path, PathBuf};

/// The layers, from the bottom. Each may import itself and what is listed:
/// a layer, or one module of a layer (`run::score`, the scoring rules as
/// pure functions, which the importer uses to say what a value read the
/// other way would score, and the forms to write their formulas; likewise
/// `run::classes`, the classification and proposal rules, which the papers
/// use to say which title a vote is on). The
/// model of a formal document (`document`) knows nothing of thi đua but its
/// dates; the papers (`documents`) are built from the model into it; the
/// renderers set documents (and the PDF entry points build the paper they
/// set, so `render` may call `documents`, never the other way).
const RULES: &[(&str, &[&str])] = &[
    ("text", &[]),
    ("model", &["text"]),
    ("document", &["text", "model"]),
    ("read", &["text", "model", "run::score"]),
    ("run", &["text", "model", "read"]),
    (
        "documents",
        &["text", "model", "document", "run::score", "run::classes"],
    ),
    (
        "render",
        &[
            "text",
            "model",
            "run::score",
            "run::classes",
            "document",
            "documents",
        ],
    ),
    ("write", &["text", "model", "read", "run"]),
    (
        "cli",
        &[
            "text",
            "model",
            "read",
            "run",
            "document",
            "documents",
            "render",
            "write",
        ],
    ),
    (
        "serve",
        &[
            "text",
            "model",
            "read",
            "run",
            "document",
            "documents",
            "render",
            "write",
            "cli",
        ],
    ),
];

/// Layers that may not read or write files themselves (they are handed bytes
/// and text, and give bytes back).
const NO_FILES: &[&str] = &["text", "model", "document", "documents", "render"];

/// Layers that write nothing (the run lists and reads its inputs; `write/`
/// alone puts outputs in place; readers write only the private copy a
/// sandboxed worker reads, in the temporary folder).
const NO_WRITES: &[&str] = &["run"];

/// What writing to the file system looks like in code.
const WRITES: &[&str] = &[
    "fs::write",
    "File::create",
    "create_dir",
    "fs::rename",
    "remove_file",
    "remove_dir",
    "OpenOptions",
    "fs::copy",
    "set_permissions",
];

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("src/ is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a source file belongs to: its first folder under `src/`, or
/// its own name for a file at the top (`main.rs`, `lib.rs` and `bin/` are the
/// program's entry points and may use everything).
fn layer_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    match name {
        "main" | "lib" | "bin" => None,
        other => Some(other.to_string()),
    }
}

/// The code of a file without comments and without its test module (tests
/// may build whole runs to check a unit).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(i) => &text[..i],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module named after `crate::` in `code` (its first two segments:
/// `run::score`), with its line, including those inside `use crate::{a::b,
/// c}` groups.
fn imports(code: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let line = code[..at].matches('\n').count() + 1;
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let end = group.find('}').unwrap_or(group.len());
            for part in group[..end].split(',') {
                let name = two_segments(part.trim());
                if !name.is_empty() {
                    found.push((line, name));
                }
            }
        } else {
            let name = two_segments(rest);
            found.push((line, name));
        }
    }
    found
}

/// `a::b` of `a::b::c...` (or `a` alone).
fn two_segments(path: &str) -> String {
    let word = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let first = word(path);
    match path[first.len()..].strip_prefix("::") {
        Some(rest) if !word(rest).is_empty() => format!("{first}::{}", word(rest)),
        _ => first,
    }
}

/// Whether `target` (`a` or `a::b`) is `layer` itself or one it may import.
fn allowed_import(layer: &str, target: &str, allowed: &[&str]) -> bool {
    let top = target.split("::").next().unwrap_or(target);
    // Items of the crate's root (a test-only hook) belong to no layer.
    let is_layer = RULES.iter().any(|(name, _)| *name == top);
    !is_layer || top == layer || allowed.iter().any(|a| *a == top || *a == target)
}

#[test]
fn modules_import_only_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut broken = Vec::new();
    for file in &files {
        let relative = file.strip_prefix(&src).expect("under src");
        let Some(layer) = layer_of(relative) else {
            continue;
        };
        let Some((_, allowed)) = RULES.iter().find(|(name, _)| *name == layer) else {
            broken.push(format!(
                "{}: layer `{layer}` is not in the rules of tests/layering.rs",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(file).expect("source is UTF-8");
        let code = code_of(&text);
        for (line, target) in imports(&code) {
            if !allowed_import(&layer, &target, allowed) {
                broken.push(format!(
                    "{}:{line}: `{layer}` may not import `crate::{target}` (allowed: {allowed:?})",
                    relative.display()
                ));
            }
        }
        if NO_WRITES.contains(&layer.as_str()) {
            for (n, text_line) in code.lines().enumerate() {
                if let Some(call) = WRITES.iter().find(|w| text_line.contains(*w)) {
                    broken.push(format!(
                        "{}:{}: `{layer}` may not write files ({call})",
                        relative.display(),
                        n + 1
                    ));
                }
            }
        }
        if NO_FILES.contains(&layer.as_str()) {
            for (n, text_line) in code.lines().enumerate() {
                if text_line.contains("std::fs") || text_line.contains("fs::") {
                    broken.push(format!(
                        "{}:{}: `{layer}` may not touch files (std::fs)",
                        relative.display(),
                        n + 1
                    ));
                }
            }
        }
    }
    assert!(broken.is_empty(), "layering broken:\n{}", broken.join("\n"));
}

#[test]
fn the_checker_sees_grouped_and_nested_imports() {
    let code =
        "use crate::{model::Agreement, run::pipeline};\nfn f() { crate::render::json::x(); }";
    let names: Vec<String> = imports(code).into_iter().map(|(_, n)| n).collect();
    assert_eq!(names, ["model::Agreement", "run::pipeline", "render::json"]);
    assert!(allowed_import(
        "read",
        "run::score",
        &["model", "run::score"]
    ));
    assert!(!allowed_import(
        "read",
        "run::pipeline",
        &["model", "run::score"]
    ));
    assert!(allowed_import("read", "read::workbook", &[]));
    assert_eq!(
        layer_of(Path::new("read/workbook/mod.rs")).as_deref(),
        Some("read")
    );
    assert_eq!(layer_of(Path::new("main.rs")), None);
    assert!(
        code_of("let x = 1; // crate::cli\n#[cfg(test)]\nmod t { crate::cli }")
            .find("cli")
            .is_none()
    );
}

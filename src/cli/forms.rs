//! `thidua forms`: one prefilled fill-in workbook per unit.

use super::*;

/// `thidua forms`: one prefilled fill-in workbook per member unit, in
/// `<out>/bieu-mau/<Mã>.xlsx` (the code made safe as a file name). Every form
/// is made before any is written, and all are put in place together or
/// none: a bad agreement, or a form that cannot be written, gives 2 and
/// changes no form.
pub fn forms(options: &Options) -> i32 {
    let lang = options.lang;
    if let Err(code) = check_places(options) {
        return code;
    }
    let agreement = match agreement_or_report(options) {
        Ok(a) => a,
        Err(code) => return code,
    };
    let folder = options.paths.out.join("bieu-mau");
    let names = form_names(agreement.units.iter().map(|u| u.code.as_str()));
    let mut files = Vec::with_capacity(names.len());
    for (unit, name) in agreement.units.iter().zip(names) {
        match form::form(&agreement, unit) {
            Ok(bytes) => files.push((unit.code.clone(), folder.join(name), bytes)),
            Err(e) => {
                complain(
                    Say::CannotMakeForm
                        .with("unit", unit.code.clone())
                        .with("problem", inert(&e.to_string()).into_owned()),
                    lang,
                );
                return 2;
            }
        }
    }
    let _lock = match lock_outputs(options) {
        Ok(l) => l,
        Err(code) => return code,
    };
    output::remove_stale_temporaries(&folder);
    let staged: Vec<(PathBuf, Vec<u8>)> = files
        .iter()
        .map(|(_, path, bytes)| (path.clone(), bytes.clone()))
        .collect();
    let set = match stage_all(options, &folder, &staged) {
        Ok(set) => set,
        Err(code) => return code,
    };
    if let Err(e) = set.commit(&[]) {
        write_failed(&folder, &e, options.lang);
        return 2;
    }
    let shown: Vec<(String, String)> = files
        .iter()
        .map(|(code, path, _)| (code.clone(), options.paths.show(path)))
        .collect();
    if options.json {
        let list: Vec<serde_json::Value> = shown
            .iter()
            .map(|(code, file)| serde_json::json!({ "unit": code, "file": file }))
            .collect();
        println!(
            "{}",
            inert_json(&serde_json::json!({ "forms": list }).to_string())
        );
    } else if !options.quiet {
        let forms = counted(shown.len(), lang, "biểu mẫu", "form", "forms");
        println!("{}", Say::WroteForms.with("forms", forms).text(lang));
        for (code, file) in &shown {
            println!("  {:<8} {}", inert(code), inert(file));
        }
    }
    0
}

/// Safe, distinct file names for the units' forms: codes that clean up to the
/// same name (ignoring case, as Windows and macOS do) get `-2`, `-3`, ...
fn form_names<'a>(codes: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    codes
        .map(|code| {
            let name = form::file_name(code);
            let stem = name.trim_end_matches(".xlsx").to_string();
            let mut candidate = name;
            let mut n = 1;
            while !taken.insert(candidate.to_lowercase()) {
                n += 1;
                candidate = format!("{stem}-{n}.xlsx");
            }
            candidate
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn form_names_never_collide() {
        let names = form_names(["CB", "cb", "a/b", "a_b", "LS"].into_iter());
        assert_eq!(
            names,
            vec!["CB.xlsx", "cb-2.xlsx", "a_b.xlsx", "a_b-2.xlsx", "LS.xlsx"]
        );
    }
}

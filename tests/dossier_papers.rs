//! The papers of the yearly dossier (`documents::dossier`, SPEC section
//! 10) at the library level: built from the sample cluster's outcome and
//! from a cluster with a tie at the flag's cut-off, with and without the
//! conference's decisions, rendered by both back ends; read back by poppler
//! (our PDFs), by LibreOffice (every .docx, converted to PDF) and by
//! python-docx (a second reader of the .docx). Each paper carries every
//! proposed unit's name, total, rank and title and the vote counts; blanks
//! appear where `ket-luan.xlsx` says nothing; a pending vote is not
//! proposed; two renders give the same bytes.
//!
//! Set THIDUA_DOSSIER_OUT to a folder to keep the rendered files.
//! Tools missing (pdftotext, soffice with Writer, python-docx) skip the
//! checks that need them, saying so: `scripts/setup.sh` installs them.

mod common;
use common::*;
use std::path::{Path, PathBuf};
use thidua::documents::dossier::{papers, Paper};
use thidua::model::dossier::{Conclusions, Conference, Dossier, Person, Vote};
use thidua::model::{Date, Outcome, Paths, Proposal};
use thidua::read::workbook::ReadOptions;
use thidua::run::pipeline::evaluate;

fn outcome(folder: &Path) -> Outcome {
    evaluate(
        &Paths::new(folder, None, None, None),
        &ReadOptions::default(),
    )
    .expect("the cluster evaluates")
}

fn sample_outcome() -> Outcome {
    let dir = sample_copy();
    outcome(dir.path())
}

/// Cao Bằng and Thái Nguyên tied first: the flag is put to the vote.
fn tie_outcome() -> Outcome {
    let dir = tempfile::tempdir().unwrap();
    write_tie_at_the_flag(dir.path());
    outcome(dir.path())
}

fn index(o: &Outcome, code: &str) -> usize {
    o.agreement
        .units
        .iter()
        .position(|u| u.code == code)
        .unwrap()
}

fn section5(o: &Outcome) -> Vec<Option<Proposal>> {
    o.units.iter().map(|r| r.proposal).collect()
}

fn conference() -> Conference {
    Conference {
        date: Some(Date {
            year: 2017,
            month: 1,
            day: 6,
        }),
        place: Some("Hội trường Hội Cựu chiến binh tỉnh Thái Nguyên".into()),
        attendance: Some(27),
        chair: Some(Person {
            name: "Hoàng Văn Chủ".into(),
            title: Some("Chủ tịch Hội Cựu chiến binh tỉnh Thái Nguyên".into()),
        }),
        secretary: Some(Person {
            name: "Lê Thị Thư".into(),
            title: None,
        }),
    }
}

fn vote(unit: usize, decision: Option<Proposal>, counts: Option<(u32, u32)>, row: u32) -> Vote {
    Vote {
        unit,
        title: Some(Proposal::FLAG),
        votes_for: counts.map(|c| c.0),
        votes_against: counts.map(|c| c.1),
        decision,
        decided: counts.is_some() || decision.is_some(),
        row,
    }
}

/// A case: a name, the outcome, the conclusions and the final proposals.
struct Case {
    name: &'static str,
    outcome: Outcome,
    conclusions: Option<Conclusions>,
    finals: Vec<Option<Proposal>>,
}

fn cases() -> Vec<Case> {
    let sample = sample_outcome();
    let sample_finals = section5(&sample);
    let tie = tie_outcome();
    let (cb, tn) = (index(&tie, "CB"), index(&tie, "TN"));
    // Decided: CB the flag (24 for, 3 against), TN not (10 for, 17 against)
    // and so the certificate the vote left free.
    let mut decided = section5(&tie);
    decided[cb] = Some(Proposal::FLAG);
    decided[tn] = Some(Proposal::CERTIFICATE);
    let decided_votes = vec![
        vote(cb, Some(Proposal::FLAG), Some((24, 3)), 2),
        Vote {
            title: Some(Proposal::FLAG),
            ..vote(tn, Some(Proposal::CERTIFICATE), Some((10, 17)), 3)
        },
    ];
    // Pending: CB's row decided, TN's row left as --mau wrote it.
    let mut pending = section5(&tie);
    pending[cb] = Some(Proposal::FLAG);
    let pending_votes = vec![
        vote(cb, Some(Proposal::FLAG), Some((24, 3)), 2),
        vote(tn, None, None, 3),
    ];
    vec![
        Case {
            name: "sample-no-conclusions",
            outcome: sample.clone(),
            conclusions: None,
            finals: sample_finals.clone(),
        },
        Case {
            name: "sample-conclusions",
            outcome: sample,
            conclusions: Some(Conclusions {
                conference: conference(),
                votes: vec![],
            }),
            finals: sample_finals,
        },
        Case {
            name: "tie-no-conclusions",
            outcome: tie.clone(),
            conclusions: None,
            finals: section5(&tie),
        },
        Case {
            name: "tie-decided",
            outcome: tie.clone(),
            conclusions: Some(Conclusions {
                conference: conference(),
                votes: decided_votes,
            }),
            finals: decided,
        },
        Case {
            name: "tie-pending",
            outcome: tie,
            conclusions: Some(Conclusions {
                conference: Conference::default(),
                votes: pending_votes,
            }),
            finals: pending,
        },
    ]
}

fn dossier(c: &Case) -> Dossier<'_> {
    Dossier {
        outcome: &c.outcome,
        conclusions: c.conclusions.clone(),
        final_proposals: c.finals.clone(),
    }
}

#[test]
fn a_wrapped_name_is_found_but_not_a_scattered_one() {
    let name = "Hội Cựu chiến binh tỉnh Lạng Sơn";
    assert!(carries(
        "1 Hội Cựu chiến binh tỉnh Cờ thi đua Lạng Sơn 2",
        name
    ));
    assert!(carries("Hội Cựu chiến\nbinh tỉnh Lạng Sơn", name));
    assert!(!carries("Hội Cựu chiến binh tỉnh Cao Bằng", name));
    let far = format!("Hội Cựu chiến binh tỉnh {} Lạng Sơn", "x ".repeat(20));
    assert!(!carries(&far, name));
}

/// Everything python-docx reads in a .docx, tables included.
fn python_docx_text(read: &serde_json::Value) -> String {
    let mut text = read["text"].as_str().unwrap().to_string();
    for t in read["tables"].as_array().unwrap() {
        for c in t["cells"].as_array().unwrap() {
            text.push(' ');
            text.push_str(c.as_str().unwrap());
        }
    }
    text
}

/// Where to write the files: THIDUA_DOSSIER_OUT, else a temporary folder.
fn out_dir() -> (Option<tempfile::TempDir>, PathBuf) {
    match std::env::var_os("THIDUA_DOSSIER_OUT") {
        Some(dir) => {
            let dir = PathBuf::from(dir);
            std::fs::create_dir_all(&dir).unwrap();
            (None, dir)
        }
        None => {
            let tmp = tempfile::tempdir().unwrap();
            let path = tmp.path().to_path_buf();
            (Some(tmp), path)
        }
    }
}

/// The facts a paper must carry about a proposed unit: its name, total, rank, title.
fn unit_facts(d: &Dossier, i: usize) -> Vec<String> {
    let o = d.outcome;
    let r = &o.units[i];
    let total = thidua::model::numfmt::score(r.total.unwrap(), thidua::model::lang::Lang::Vi);
    let title = o.agreement.proposal_label(d.final_proposals[i].unwrap());
    vec![
        o.agreement.units[i].name.clone(),
        total,
        r.rank.unwrap().to_string(),
        title.to_string(),
    ]
}

/// What each paper must say in a case.
fn expected(c: &Case, d: &Dossier, paper: &Paper) -> Vec<String> {
    let mut needles = Vec::new();
    let proposed = d.proposed();
    let names_all = paper.stem.starts_with("bien-ban")
        || paper.stem.starts_with("to-trinh")
        || paper.stem.starts_with("danh-sach");
    if names_all {
        for &i in &proposed {
            needles.extend(unit_facts(d, i));
        }
    }
    if let Some(code) = paper.stem.strip_prefix("bao-cao-thanh-tich/") {
        let i = index(d.outcome, code);
        needles.extend(unit_facts(d, i));
        needles.push("BÁO CÁO THÀNH TÍCH".into());
        needles.push("XÁC NHẬN CỦA CẤP TRÌNH KHEN THƯỞNG".into());
        needles.push("Tổng cộng".into());
    }
    if paper.stem.starts_with("bien-ban") {
        needles.push("BIÊN BẢN".into());
        needles.push("/BB-CTĐ".into());
        needles.push("THƯ KÝ".into());
        needles.push("CHỦ TRÌ".into());
        match &c.conclusions {
            Some(k) => {
                // Each recorded vote as its row reads: title, for, against, decision.
                let a = &d.outcome.agreement;
                for v in k.votes.iter().filter(|v| v.decided) {
                    needles.push(format!(
                        "{} {} {} {}",
                        a.proposal_label(v.title.unwrap()),
                        v.votes_for.unwrap(),
                        v.votes_against.unwrap(),
                        a.proposal_label(v.decision.unwrap())
                    ));
                }
                if let Some(p) = &k.conference.chair {
                    needles.push(p.name.clone());
                }
                if let Some(p) = &k.conference.secretary {
                    needles.push(p.name.clone());
                }
                if let Some(n) = k.conference.attendance {
                    needles.push(format!("tổng số đại biểu: {n} người"));
                }
            }
            None => needles.push("tổng số đại biểu: ..... người".into()),
        }
    }
    if paper.stem.starts_with("to-trinh") {
        needles.push("TỜ TRÌNH".into());
        needles.push("/TTr-CTĐ".into());
        needles.push("Trung ương Hội Cựu chiến binh Việt Nam".into());
        needles.push("Nghị định số 152/2025/NĐ-CP".into());
        needles.push("TM. CỤM THI ĐUA SỐ 3".into());
    }
    if paper.stem.starts_with("danh-sach") {
        needles.push("Tập thể".into());
        needles.push("/TTr-CTĐ".into());
    }
    needles
}

#[test]
fn the_papers_come_in_order_with_a_report_per_proposed_unit() {
    for c in cases() {
        let d = dossier(&c);
        let got = papers(&d).unwrap();
        let year = c.outcome.agreement.info.year;
        let mut stems = vec![
            format!("bien-ban-{year}"),
            format!("to-trinh-{year}"),
            format!("danh-sach-de-nghi-{year}"),
        ];
        for i in d.proposed() {
            stems.push(format!(
                "bao-cao-thanh-tich/{}",
                c.outcome.agreement.units[i].code
            ));
        }
        let found: Vec<String> = got.iter().map(|p| p.stem.clone()).collect();
        assert_eq!(found, stems, "{}", c.name);
        let pdf: Vec<bool> = got.iter().map(|p| p.pdf).collect();
        assert_eq!(&pdf[..3], &[true, true, false], "{}", c.name);
        assert!(pdf[3..].iter().all(|p| !p), "{}", c.name);
    }
}

#[test]
fn a_pending_vote_is_not_proposed_and_a_decided_one_is() {
    let all = cases();
    let pending = all.iter().find(|c| c.name == "tie-pending").unwrap();
    let d = dossier(pending);
    let tn = index(&pending.outcome, "TN");
    let cb = index(&pending.outcome, "CB");
    assert_eq!(d.proposed(), vec![cb]);
    let got = papers(&d).unwrap();
    assert!(!got.iter().any(|p| p.stem == "bao-cao-thanh-tich/TN"));
    let decided = all.iter().find(|c| c.name == "tie-decided").unwrap();
    let d = dossier(decided);
    assert_eq!(d.proposed(), vec![cb, tn]);
}

#[test]
fn a_dossier_that_does_not_fit_its_outcome_is_an_error() {
    let o = sample_outcome();
    let d = Dossier {
        outcome: &o,
        conclusions: None,
        final_proposals: vec![],
    };
    assert!(papers(&d).is_err());
    let mut finals = section5(&o);
    finals[0] = Some(Proposal::Title(9));
    let d = Dossier {
        outcome: &o,
        conclusions: None,
        final_proposals: finals,
    };
    assert!(papers(&d).is_err());
}

#[test]
fn every_paper_renders_the_same_bytes_twice_and_reads_back_in_poppler_libreoffice_and_python_docx()
{
    let (_keep, root) = out_dir();
    let pdftotext = tool("pdftotext", "-v");
    let soffice = tool("soffice", "--version");
    let python = python_has("docx");
    for name in [
        (!pdftotext).then_some("pdftotext"),
        (!soffice).then_some("soffice"),
        (!python).then_some("python-docx"),
    ]
    .into_iter()
    .flatten()
    {
        skip(name);
    }
    for c in cases() {
        let d = dossier(&c);
        let dir = root.join(c.name);
        std::fs::create_dir_all(dir.join("bao-cao-thanh-tich")).unwrap();
        let mut docx_files = Vec::new();
        for paper in papers(&d).unwrap() {
            let again = papers(&d).unwrap();
            let twin = again.iter().find(|p| p.stem == paper.stem).unwrap();
            let docx = thidua::render::docx::render(&paper.document).unwrap();
            assert_eq!(
                docx,
                thidua::render::docx::render(&twin.document).unwrap(),
                "{}: {} differs between renders",
                c.name,
                paper.stem
            );
            let xml = docx_part(&docx, "word/document.xml");
            assert_eq!(
                thidua::text::nfc(&xml),
                xml,
                "{}: {} is not NFC",
                c.name,
                paper.stem
            );
            let docx_file = dir.join(format!("{}.docx", paper.stem));
            std::fs::write(&docx_file, &docx).unwrap();
            docx_files.push((docx_file, paper.stem.clone(), expected(&c, &d, &paper)));
            // Every paper is set by the PDF back end, which embeds every character.
            let pdf = thidua::render::pdf::render(&paper.document).unwrap();
            assert!(pdf.missing_chars.is_empty(), "{:?}", pdf.missing_chars);
            assert_eq!(
                pdf.bytes,
                thidua::render::pdf::render(&twin.document).unwrap().bytes,
                "{}: {} PDF differs between renders",
                c.name,
                paper.stem
            );
            if !paper.pdf {
                continue;
            }
            let pdf_file = dir.join(format!("{}.pdf", paper.stem));
            std::fs::write(&pdf_file, &pdf.bytes).unwrap();
            if pdftotext {
                let text = pdf_text(&pdf_file);
                for needle in expected(&c, &d, &paper) {
                    assert!(
                        carries(&text, &needle),
                        "{}: {}.pdf lacks {needle:?}:\n{text}",
                        c.name,
                        paper.stem
                    );
                }
                check_blanks(&c, &paper.stem, &text);
            }
        }
        if python {
            for (file, stem, needles) in &docx_files {
                let read = python_docx(file);
                let text = python_docx_text(&read);
                for needle in needles {
                    assert!(
                        carries(&text, needle),
                        "{}: python-docx finds no {needle:?} in {stem}.docx:\n{text}",
                        c.name
                    );
                }
                for t in read["tables"].as_array().unwrap() {
                    let cells = t["cells"].as_array().unwrap();
                    let ruled = cells
                        .iter()
                        .any(|c| ["Xếp hạng", "STT", "Năm", "Mã"].contains(&c.as_str().unwrap()));
                    if ruled {
                        assert_eq!(t["header_rows"], 1, "{}: {stem}.docx", c.name);
                    }
                }
            }
        }
        if soffice && pdftotext {
            let out = dir.join("libreoffice");
            std::fs::create_dir_all(&out).unwrap();
            let files: Vec<&Path> = docx_files.iter().map(|(f, _, _)| f.as_path()).collect();
            libreoffice_convert(&files, "pdf", &out);
            for (file, stem, needles) in &docx_files {
                let pdf = out.join(file.file_stem().unwrap()).with_extension("pdf");
                assert!(pdf.is_file(), "LibreOffice did not open {stem}.docx");
                let text = pdf_text(&pdf);
                for needle in needles {
                    assert!(
                        carries(&text, needle),
                        "{}: {stem}.docx in LibreOffice lacks {needle:?}:\n{text}",
                        c.name
                    );
                }
                check_blanks(&c, stem, &text);
            }
        }
    }
}

/// Blanks where the conference's decisions say nothing; the pending vote's
/// sentence; no blank vote sentence where every vote is recorded.
fn check_blanks(c: &Case, stem: &str, text: &str) {
    let by_hand = "do Thư ký ghi bằng tay";
    if stem.starts_with("bien-ban") {
        let has_votes = c.name.starts_with("tie");
        match (&c.conclusions, has_votes) {
            (None, true) => {
                assert!(carries(text, by_hand), "{}: {text}", c.name);
                assert!(carries(text, "Chủ trì: ........"), "{}", c.name);
                assert!(
                    carries(text, "Thời gian: hồi ..... giờ ....."),
                    "{}",
                    c.name
                );
            }
            (None, false) => assert!(carries(text, "Chủ trì: ........"), "{}", c.name),
            (Some(_), _) if c.name == "tie-pending" => {
                assert!(carries(text, by_hand), "{}", c.name);
                assert!(
                    carries(text, "chưa có kết quả biểu quyết"),
                    "{}: {text}",
                    c.name
                );
            }
            (Some(_), _) => {
                assert!(!carries(text, by_hand), "{}: {text}", c.name);
                assert!(carries(text, "ngày 06 tháng 01 năm 2017"), "{}", c.name);
            }
        }
    }
    if stem.starts_with("to-trinh") {
        let waiting = c.finals.contains(&Some(Proposal::Vote));
        assert_eq!(
            carries(
                text,
                "chưa có kết quả biểu quyết của Hội nghị nên chưa đề nghị"
            ),
            waiting,
            "{}: {text}",
            c.name
        );
    }
}

#[test]
fn with_nothing_proposed_the_papers_say_so_and_no_report_is_made() {
    if !tool("pdftotext", "-v") {
        return skip("pdftotext");
    }
    let o = sample_outcome();
    let d = Dossier {
        outcome: &o,
        conclusions: None,
        final_proposals: vec![None; o.units.len()],
    };
    let got = papers(&d).unwrap();
    assert_eq!(got.len(), 3);
    let dir = tempfile::tempdir().unwrap();
    let text_of = |paper: &Paper| {
        let file = dir.path().join("p.pdf");
        std::fs::write(
            &file,
            thidua::render::pdf::render(&paper.document).unwrap().bytes,
        )
        .unwrap();
        pdf_text(&file)
    };
    assert!(carries(
        &text_of(&got[1]),
        "không có tập thể đủ điều kiện đề nghị khen thưởng"
    ));
    assert!(carries(
        &text_of(&got[2]),
        "Không có tập thể đề nghị khen thưởng"
    ));
}

//! `thidua-bench serve`: how soon the secretariat's page shows a dropped
//! file, measured through HTTP as a browser would see it (issue 17).
//!
//! ```text
//! cargo run --release --bin thidua-bench -- serve [--sizes 40,1000]
//!     [--criteria 40] [--reps 5] [--data DIR] [--peer DIR] [--thidua PATH]
//!     [--report FILE]
//! ```
//!
//! For each size, a folder made by the peer's `gen.py` (as the other
//! benchmarks), one unit's workbook taken out of `nop/`; `thidua serve
//! --no-open --port 0` started on it and its first evaluation awaited.
//! Then, `--reps` times: the workbook is POSTed to `/nop` (multipart, as the
//! page's drop zone sends it), and the clock runs until `GET /api/ket-qua`
//! shows that unit scored (and, separately, until `GET /` shows its new
//! state). Between reps the file is taken out again and the page allowed to
//! settle. Median and range are reported; the section between this mode's
//! markers in the report is replaced.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const BEGIN: &str = "<!-- thidua-bench serve: begin (generated, do not edit by hand) -->";
const END: &str = "<!-- thidua-bench serve: end -->";

struct Args {
    sizes: Vec<usize>,
    criteria: usize,
    reps: usize,
    data: PathBuf,
    peer: PathBuf,
    thidua: PathBuf,
    report: PathBuf,
}

pub fn main(args: &[String]) -> i32 {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let exe = std::env::current_exe().unwrap_or_default();
    let mut a = Args {
        sizes: vec![40, 1000],
        criteria: 40,
        reps: 5,
        data: std::env::temp_dir().join("thidua-bench"),
        peer: manifest.join("../shared/bench"),
        thidua: exe.with_file_name(format!("thidua{}", std::env::consts::EXE_SUFFIX)),
        report: manifest.join("BENCHMARKS.md"),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let mut value = || it.next().cloned().unwrap_or_default();
        match arg.as_str() {
            "--sizes" => {
                a.sizes = value()
                    .split(',')
                    .filter_map(|s| s.trim().parse().ok())
                    .collect()
            }
            "--criteria" => a.criteria = value().parse().unwrap_or(40),
            "--reps" => a.reps = value().parse::<usize>().unwrap_or(5).max(1),
            "--data" => a.data = PathBuf::from(value()),
            "--peer" => a.peer = PathBuf::from(value()),
            "--thidua" => a.thidua = PathBuf::from(value()),
            "--report" => a.report = PathBuf::from(value()),
            other => {
                eprintln!("thidua-bench serve: unknown argument {other}");
                return 2;
            }
        }
    }
    let mut rows = Vec::new();
    for &n in &a.sizes {
        match measure_size(&a, n) {
            Ok(row) => rows.push(row),
            Err(e) => {
                eprintln!("thidua-bench serve: {n} units: {e}");
                return 1;
            }
        }
    }
    let section = render(&a, &rows);
    print!("{section}");
    if let Err(e) = write_report(&a.report, &section) {
        eprintln!("thidua-bench serve: {}: {e}", a.report.display());
        return 1;
    }
    eprintln!("== wrote {}", a.report.display());
    0
}

struct Row {
    units: usize,
    first: f64,
    api: Vec<f64>,
    page: Vec<f64>,
    page_bytes: usize,
}

/// The folder for `n` units: made by gen.py once, reused after.
fn folder(a: &Args, n: usize) -> Result<PathBuf, String> {
    let dest = a.data.join(format!("n{n}-c{}", a.criteria));
    let stamp = dest.join(".bench-stamp");
    let want = format!("gen.py {n} --seed 1 --criteria {}\n", a.criteria);
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
        return Ok(dest);
    }
    let _ = std::fs::remove_dir_all(&dest);
    eprintln!("== generating {n} units in {}", dest.display());
    let status = Command::new("python3")
        .arg(a.peer.join("gen.py"))
        .arg(n.to_string())
        .arg(&dest)
        .args(["--seed", "1", "--criteria", &a.criteria.to_string()])
        .stdout(Stdio::null())
        .status()
        .map_err(|e| format!("gen.py: {e}"))?;
    if !status.success() {
        return Err(format!("gen.py failed: {status}"));
    }
    std::fs::write(&stamp, want).map_err(|e| e.to_string())?;
    Ok(dest)
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

struct Server {
    child: Child,
    port: u16,
    cookie: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn measure_size(a: &Args, n: usize) -> Result<Row, String> {
    let source = folder(a, n)?;
    let work = a.data.join(format!("serve-n{n}"));
    let _ = std::fs::remove_dir_all(&work);
    copy_dir(&source, &work).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_file(work.join(".bench-stamp"));
    // The unit in the middle of the list: its file is the one dropped.
    let mut files: Vec<PathBuf> = std::fs::read_dir(work.join("nop"))
        .map_err(|e| e.to_string())?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    files.sort();
    let chosen = files.get(files.len() / 2).ok_or("empty inbox")?.clone();
    let name = chosen
        .file_name()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let code = chosen
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = std::fs::read(&chosen).map_err(|e| e.to_string())?;
    std::fs::remove_file(&chosen).map_err(|e| e.to_string())?;

    let start = Instant::now();
    let server = start_server(&a.thidua, &work)?;
    let state = |server: &Server| -> Result<String, String> {
        let reply = get(server, "/api/ket-qua")?;
        let json: serde_json::Value =
            serde_json::from_slice(&reply).map_err(|e| format!("JSON: {e}"))?;
        Ok(json["units"]
            .as_array()
            .and_then(|u| u.iter().find(|u| u["code"] == code.as_str()))
            .and_then(|u| u["status"].as_str())
            .unwrap_or("?")
            .to_string())
    };
    if state(&server)? != "missing" {
        return Err(format!("unit {code} should start missing"));
    }
    let first = start.elapsed().as_secs_f64();
    eprintln!("== {n} units: first page in {first:.2} s (start, read every workbook)");
    let (content_type, body) = multipart(&name, &bytes);
    let mut api = Vec::new();
    let mut page = Vec::new();
    let mut page_bytes = 0;
    for rep in 0..a.reps {
        // Timed: POST, then the JSON until it shows the unit.
        let t0 = Instant::now();
        post(&server, "/nop", &content_type, &body)?;
        loop {
            if state(&server)? == "scored" {
                break;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                return Err("the dropped file never showed".into());
            }
        }
        api.push(t0.elapsed().as_secs_f64());
        // The page: taken out, settled, dropped again; timed until `/`
        // shows the unit's row as received.
        std::fs::remove_file(work.join("nop").join(&name)).map_err(|e| e.to_string())?;
        while state(&server)? != "missing" {}
        let marker = format!("id=\"dv-{code}\" data-unit=\"{code}\" data-state=\"");
        let t0 = Instant::now();
        post(&server, "/nop", &content_type, &body)?;
        loop {
            let html = get(&server, "/")?;
            let text = String::from_utf8_lossy(&html);
            let shown = text
                .split_once(&marker)
                .is_some_and(|(_, rest)| !rest.starts_with("chua-nop"));
            if shown {
                page_bytes = html.len();
                break;
            }
            if t0.elapsed() > Duration::from_secs(60) {
                return Err("the dropped file never showed on the page".into());
            }
        }
        page.push(t0.elapsed().as_secs_f64());
        eprintln!(
            "   rep {}: JSON {:.3} s, page {:.3} s",
            rep + 1,
            api[rep],
            page[rep]
        );
        std::fs::remove_file(work.join("nop").join(&name)).map_err(|e| e.to_string())?;
        while state(&server)? != "missing" {}
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&work);
    Ok(Row {
        units: n,
        first,
        api,
        page,
        page_bytes,
    })
}

fn start_server(thidua: &Path, folder: &Path) -> Result<Server, String> {
    let mut child = Command::new(thidua)
        .args(["serve", "--no-open", "--port", "0"])
        .arg(folder)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .map_err(|e| format!("{}: {e}", thidua.display()))?;
    let mut line = String::new();
    let stdout = child.stdout.take().ok_or("no stdout")?;
    BufReader::new(stdout)
        .read_line(&mut line)
        .map_err(|e| e.to_string())?;
    let rest = line
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .ok_or_else(|| format!("not a URL: {line}"))?;
    let (port, token) = rest.split_once("/?token=").ok_or("no token")?;
    let port: u16 = port.parse().map_err(|_| "bad port")?;
    Ok(Server {
        child,
        port,
        cookie: format!("thidua_{port}={token}"),
    })
}

fn exchange(server: &Server, head: &str, body: &[u8]) -> Result<Vec<u8>, String> {
    let mut s = TcpStream::connect(("127.0.0.1", server.port)).map_err(|e| e.to_string())?;
    s.write_all(head.as_bytes()).map_err(|e| e.to_string())?;
    s.write_all(body).map_err(|e| e.to_string())?;
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("no response")?;
    let status = String::from_utf8_lossy(&raw[..end.min(12)]).to_string();
    if !status.contains(" 200") {
        return Err(format!("HTTP {status}"));
    }
    Ok(raw[end + 4..].to_vec())
}

fn get(server: &Server, path: &str) -> Result<Vec<u8>, String> {
    let head = format!(
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nCookie: {}\r\nConnection: close\r\n\r\n",
        server.port, server.cookie
    );
    exchange(server, &head, &[])
}

fn post(server: &Server, path: &str, content_type: &str, body: &[u8]) -> Result<Vec<u8>, String> {
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {}\r\nOrigin: http://127.0.0.1:{port}\r\n\
Accept: application/json\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        server.cookie,
        body.len(),
        port = server.port
    );
    exchange(server, &head, body)
}

fn multipart(name: &str, bytes: &[u8]) -> (String, Vec<u8>) {
    let boundary = "----thidua-bench-7d1c";
    let mut body = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
Content-Type: application/octet-stream\r\n\r\n"
    )
    .into_bytes();
    body.extend_from_slice(bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn median(v: &[f64]) -> f64 {
    let mut s = v.to_vec();
    s.sort_by(f64::total_cmp);
    s[s.len() / 2]
}

fn range(v: &[f64]) -> (f64, f64) {
    let min = v.iter().copied().fold(f64::INFINITY, f64::min);
    let max = v.iter().copied().fold(0.0, f64::max);
    (min, max)
}

fn render(a: &Args, rows: &[Row]) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        "{BEGIN}\n\nMeasured with `thidua-bench serve --sizes {} --criteria {} --reps {}` (thidua {} at `{}`). \
Target (issue 17): the dropped file's findings and the new ranking within 0,2 s at 40 units and 1 s at 1 000 units.\n\n\
| units | first page (start, every workbook read) | POST → `/api/ket-qua` shows it (median, range) | POST → `/` shows it (median, range) | page size | target |\n\
|---:|---:|---:|---:|---:|---:|\n",
        a.sizes.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        a.criteria,
        a.reps,
        env!("CARGO_PKG_VERSION"),
        a.thidua
            .strip_prefix(env!("CARGO_MANIFEST_DIR"))
            .unwrap_or(&a.thidua)
            .display()
    ));
    for r in rows {
        let (amin, amax) = range(&r.api);
        let (pmin, pmax) = range(&r.page);
        let target = if r.units <= 40 { 0.2 } else { 1.0 };
        let met = if median(&r.page).max(median(&r.api)) <= target {
            "met"
        } else {
            "missed"
        };
        s.push_str(&format!(
            "| {} | {:.2} s | {:.3} s ({:.3}–{:.3}) | {:.3} s ({:.3}–{:.3}) | {} KB | {target} s: {met} |\n",
            r.units,
            r.first,
            median(&r.api),
            amin,
            amax,
            median(&r.page),
            pmin,
            pmax,
            r.page_bytes / 1024
        ));
    }
    s.push_str(&format!("\n{END}\n"));
    s
}

fn write_report(path: &Path, section: &str) -> std::io::Result<()> {
    let old = std::fs::read_to_string(path).unwrap_or_default();
    let new = match (old.find(BEGIN), old.find(END)) {
        (Some(b), Some(e)) if e > b => {
            format!(
                "{}{}{}",
                &old[..b],
                section.trim_end(),
                &old[e + END.len()..]
            )
        }
        _ => format!("{}\n{section}", old.trim_end()),
    };
    std::fs::write(path, new)
}

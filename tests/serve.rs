//! `thidua serve` through the real binary and plain HTTP (std's TcpStream):
//! the printed URL, the token and cookie, the Host and origin checks, the
//! uploads into `nop/` (names, limits, older files kept in `nop/cu/`), the
//! JSON against `thidua run --json`, server-sent events for files saved by
//! other means, the buttons and downloads, Ctrl-C; and the page in a real
//! browser (`tests/browser/serve_page.py`, Playwright driving Debian's
//! chromium).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

mod common;
use common::root;

/// The four-unit sample copied to `folder`, without the outputs a run in the
/// project's own sample folder may have left there.
fn sample_into(folder: &Path) {
    common::copy_dir(&root().join("samples/cum3-2016"), folder);
    let _ = std::fs::remove_dir_all(folder.join("ket-qua"));
}

/// A copy of the four-unit sample in a temporary folder.
fn sample() -> tempfile::TempDir {
    common::sample_copy()
}

const CAO_BANG: &str = "Bang tu cham diem CCB Cao Bang 2016.xlsx";
const LANG_SON: &str = "Bảng tự chấm điểm thi đua 2016 - Hội CCB Lạng Sơn.xlsx";

/// A running `thidua serve --no-open --port 0`, stopped when dropped.
struct Server {
    child: Child,
    port: u16,
    token: String,
    url: String,
}

impl Server {
    fn start(folder: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_thidua"))
            .args(["serve", "--no-open", "--port", "0"])
            .arg(folder)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("thidua serve starts");
        let mut first = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut first)
            .unwrap();
        let url = first.trim().to_string();
        let rest = url
            .strip_prefix("http://127.0.0.1:")
            .unwrap_or_else(|| panic!("first line is the URL: {url:?}"));
        let (port, query) = rest.split_once("/?token=").expect("the URL has a token");
        assert!(query.len() >= 32, "at least 128 bits of token: {query}");
        assert!(query.chars().all(|c| c.is_ascii_hexdigit()));
        Server {
            child,
            port: port.parse().unwrap(),
            token: query.to_string(),
            url,
        }
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn cookie(&self) -> String {
        format!("thidua_{}={}", self.port, self.token)
    }

    fn origin(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// A GET with the session cookie.
    fn get(&self, path: &str) -> Reply {
        let cookie = self.cookie();
        request(
            self.port,
            "GET",
            path,
            &[("Host", &self.host()), ("Cookie", &cookie)],
            &[],
        )
    }

    /// A same-origin POST with the session cookie, asking for JSON.
    fn post(&self, path: &str, content_type: &str, body: &[u8]) -> Reply {
        request(
            self.port,
            "POST",
            path,
            &[
                ("Host", &self.host()),
                ("Cookie", &self.cookie()),
                ("Origin", &self.origin()),
                ("Accept", "application/json"),
                ("Content-Type", content_type),
            ],
            body,
        )
    }

    fn upload(&self, files: &[(&str, &[u8])]) -> Reply {
        let (content_type, body) = multipart(files);
        self.post("/nop", &content_type, &body)
    }

    fn result(&self) -> serde_json::Value {
        let reply = self.get("/api/ket-qua");
        assert_eq!(reply.status, 200, "{}", reply.text());
        serde_json::from_slice(&reply.body).unwrap()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One HTTP/1.1 request on its own connection.
fn request(port: u16, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    // The server may answer (and close) before reading a refused body.
    let _ = stream.write_all(body);
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    parse(&raw)
}

fn parse(raw: &[u8]) -> Reply {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("a whole response: {}", String::from_utf8_lossy(raw)));
    let head = String::from_utf8_lossy(&raw[..end]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let mut body = raw[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(n, v)| n.eq_ignore_ascii_case("transfer-encoding") && v.contains("chunked"));
    if chunked {
        body = unchunk(&body);
    }
    Reply {
        status,
        headers,
        body,
    }
}

fn unchunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

fn multipart(files: &[(&str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "----thidua-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n\
Content-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn unit<'a>(json: &'a serde_json::Value, code: &str) -> &'a serde_json::Value {
    json["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|u| u["code"] == code)
        .unwrap_or_else(|| panic!("unit {code}"))
}

#[test]
fn every_request_without_the_token_or_its_cookie_is_forbidden() {
    let dir = sample();
    let s = Server::start(dir.path());
    let host = s.host();
    let plain = |path: &str, headers: &[(&str, &str)]| request(s.port, "GET", path, headers, &[]);
    assert_eq!(plain("/", &[("Host", &host)]).status, 403);
    assert_eq!(plain("/api/ket-qua", &[("Host", &host)]).status, 403);
    assert_eq!(plain("/events", &[("Host", &host)]).status, 403);
    assert_eq!(plain("/tep/app.js", &[("Host", &host)]).status, 403);
    assert_eq!(plain("/khong-co", &[("Host", &host)]).status, 403);
    assert_eq!(
        plain("/tai/tong-hop-2016.xlsx", &[("Host", &host)]).status,
        403
    );
    assert_eq!(plain("/", &[]).status, 403);
    let wrong = format!("/?token={}", "0".repeat(s.token.len()));
    assert_eq!(plain(&wrong, &[("Host", &host)]).status, 403);
    assert_eq!(plain("/?token=", &[("Host", &host)]).status, 403);
    // The 403 says what to do, in Vietnamese.
    assert!(plain("/", &[("Host", &host)])
        .text()
        .contains("thidua serve"));

    // The right token: a cookie, HttpOnly and SameSite=Strict, and back to
    // the same address without the token.
    let path = s.url.split_once(&host).unwrap().1.to_string();
    let reply = plain(&path, &[("Host", &host)]);
    assert_eq!(reply.status, 303);
    assert_eq!(reply.header("location"), Some("/"));
    let cookie = reply.header("set-cookie").unwrap();
    assert!(cookie.starts_with(&s.cookie()), "{cookie}");
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"));
    assert_eq!(s.get("/").status, 200);
    assert_eq!(s.get("/tep/app.js").status, 200);

    // A wrong cookie is no cookie.
    let bad = format!("thidua_{}={}", s.port, "1".repeat(s.token.len()));
    assert_eq!(plain("/", &[("Host", &host), ("Cookie", &bad)]).status, 403);

    // DNS rebinding: another Host is refused, token and cookie or not.
    for other in [
        "evil.example".to_string(),
        format!("evil.example:{}", s.port),
        format!("127.0.0.1:{}", s.port.wrapping_add(1)),
        "127.0.0.1".to_string(),
    ] {
        assert_eq!(plain(&path, &[("Host", &other)]).status, 403, "{other}");
        let c = s.cookie();
        assert_eq!(
            plain("/api/ket-qua", &[("Host", &other), ("Cookie", &c)]).status,
            403
        );
    }
    let local = format!("localhost:{}", s.port);
    let c = s.cookie();
    assert_eq!(plain("/", &[("Host", &local), ("Cookie", &c)]).status, 200);
}

#[test]
fn a_post_from_another_origin_or_without_the_cookie_is_forbidden() {
    let dir = sample();
    let s = Server::start(dir.path());
    let bytes = std::fs::read(dir.path().join("nop").join(CAO_BANG)).unwrap();
    let (content_type, body) = multipart(&[("moi.xlsx", &bytes)]);
    let host = s.host();
    let cookie = s.cookie();
    let origin = s.origin();
    let cases: Vec<Vec<(&str, &str)>> = vec![
        // Another site's page posting with the user's cookie.
        vec![
            ("Host", &host),
            ("Cookie", &cookie),
            ("Origin", "http://evil.example"),
        ],
        vec![("Host", &host), ("Cookie", &cookie), ("Origin", "null")],
        // No Origin and no Sec-Fetch-Site: same-origin.
        vec![("Host", &host), ("Cookie", &cookie)],
        vec![
            ("Host", &host),
            ("Cookie", &cookie),
            ("Sec-Fetch-Site", "cross-site"),
        ],
        // No cookie (the token in the address does not do for a POST).
        vec![("Host", &host), ("Origin", &origin)],
    ];
    for mut headers in cases {
        headers.push(("Content-Type", &content_type));
        let reply = request(s.port, "POST", "/nop", &headers, &body);
        assert_eq!(reply.status, 403, "{headers:?}");
        let reply = request(s.port, "POST", "/lenh/chay", &headers, &[]);
        assert_eq!(reply.status, 403, "{headers:?}");
    }
    let with_token = format!("/nop?token={}", s.token);
    let reply = request(
        s.port,
        "POST",
        &with_token,
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("Content-Type", &content_type),
        ],
        &body,
    );
    assert_eq!(reply.status, 403);
    assert!(!dir.path().join("nop/moi.xlsx").exists());
    assert!(!dir.path().join("ket-qua").exists());
    // The same request from the page itself is taken.
    let reply = request(
        s.port,
        "POST",
        "/nop",
        &[
            ("Host", &host),
            ("Cookie", &cookie),
            ("Sec-Fetch-Site", "same-origin"),
            ("Content-Type", &content_type),
        ],
        &body,
    );
    assert_eq!(reply.status, 303, "{}", reply.text());
    assert!(dir.path().join("nop/moi.xlsx").is_file());
}

#[test]
fn a_file_name_that_climbs_out_lands_inside_nop() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum");
    sample_into(&folder);
    let bytes = std::fs::read(folder.join("nop").join(CAO_BANG)).unwrap();
    std::fs::remove_file(folder.join("nop").join(CAO_BANG)).unwrap();
    let s = Server::start(&folder);
    let reply = s.upload(&[
        ("../../x.xlsx", &bytes),
        ("..\\..\\y.xlsx", &bytes),
        ("/etc/z.xlsx", &bytes),
        ("C:\\Windows\\w<>|.xlsx", &bytes),
    ]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    for name in ["x.xlsx", "y.xlsx", "z.xlsx", "w.xlsx"] {
        assert!(folder.join("nop").join(name).is_file(), "{name}");
    }
    assert!(!dir.path().join("x.xlsx").exists());
    assert!(!folder.join("x.xlsx").exists());
    assert!(!folder.join("y.xlsx").exists());
    // Nothing else was left behind (no temporary files).
    let mut top: Vec<String> = std::fs::read_dir(&folder)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    assert_eq!(
        top,
        [
            "EXPECTED.md",
            "expected.json",
            "giao-uoc.xlsx",
            "ket-luan.xlsx",
            "nop"
        ]
    );
    // Four files for Cao Bằng: a duplicate, as the pipeline says.
    let json = s.result();
    assert_eq!(unit(&json, "CB")["status"], "duplicate");
    // Malformed requests are answered, and the server goes on.
    for (content_type, body) in [
        ("text/plain", &b"file=x"[..]),
        ("multipart/form-data", &b"--x\r\n"[..]),
        (
            "multipart/form-data; boundary=b",
            &b"--b\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nabc"[..],
        ),
    ] {
        let reply = s.post("/nop", content_type, body);
        assert!(
            (400..500).contains(&reply.status),
            "{content_type}: {}",
            reply.status
        );
    }
    assert_eq!(s.get("/").status, 200);
    // Not a spreadsheet: refused with a message.
    let reply = s.upload(&[("thu.pdf", b"%PDF-1.4")]);
    assert_eq!(reply.status, 415);
    assert!(
        reply.text().contains("chỉ nhận bảng tính"),
        "{}",
        reply.text()
    );
    assert!(!folder.join("nop/thu.pdf").exists());
}

#[test]
fn an_upload_over_the_limit_is_refused_with_a_message() {
    let dir = sample();
    let s = Server::start(dir.path());
    let big = vec![b'x'; 64 * 1024 * 1024 + 1];
    let reply = s.upload(&[("lon.xlsx", &big)]);
    assert_eq!(reply.status, 413, "{}", reply.text());
    let json: serde_json::Value = serde_json::from_slice(&reply.body).unwrap();
    let message = json["messages"][0]["message"].as_str().unwrap();
    assert!(
        message.contains("64 MiB") && message.contains("lon.xlsx"),
        "{message}"
    );
    assert!(!dir.path().join("nop/lon.xlsx").exists());
    // The page lists the refusal too.
    assert!(s.get("/").text().contains("lớn hơn 64 MiB"));
    // Too many files in one request.
    let many: Vec<(String, Vec<u8>)> = (0..201)
        .map(|i| (format!("t{i}.xlsx"), vec![b'a']))
        .collect();
    let refs: Vec<(&str, &[u8])> = many
        .iter()
        .map(|(n, b)| (n.as_str(), b.as_slice()))
        .collect();
    let reply = s.upload(&refs);
    assert_eq!(reply.status, 413);
    assert!(reply.text().contains("tối đa 200 tệp"));
}

#[test]
fn a_replaced_file_keeps_the_older_one_in_nop_cu() {
    let dir = sample();
    let nop = dir.path().join("nop");
    let old = std::fs::read(nop.join(CAO_BANG)).unwrap();
    let newer = std::fs::read(nop.join(LANG_SON)).unwrap();
    let s = Server::start(dir.path());
    let reply = s.upload(&[(CAO_BANG, &newer)]);
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(reply.text().contains("nop/cu/"), "{}", reply.text());
    assert_eq!(std::fs::read(nop.join(CAO_BANG)).unwrap(), newer);
    assert_eq!(std::fs::read(nop.join("cu").join(CAO_BANG)).unwrap(), old);
    // Again: the second older file gets a numbered name; nothing is lost.
    let reply = s.upload(&[(CAO_BANG, &old)]);
    assert_eq!(reply.status, 200);
    let second = format!("{}-2.xlsx", CAO_BANG.trim_end_matches(".xlsx"));
    assert_eq!(std::fs::read(nop.join("cu").join(&second)).unwrap(), newer);
    assert_eq!(std::fs::read(nop.join(CAO_BANG)).unwrap(), old);
    // The page says so; the pipeline does not read nop/cu/.
    let page = s.get("/").text();
    assert!(page.contains("bản cũ được giữ lại ở nop/cu/"), "{page}");
    let json = s.result();
    assert_eq!(unit(&json, "CB")["status"], "scored");
    assert_eq!(unit(&json, "LS")["status"], "scored");
    let cu = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["file"] == "nop/cu")
        .expect("nop/cu is listed");
    assert_eq!(cu["status"], "skipped");
}

#[test]
fn the_api_gives_the_units_of_thidua_run_json() {
    let dir = sample();
    let other = sample();
    let s = Server::start(dir.path());
    let served = s.result();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["run", "--json"])
        .arg(other.path())
        .output()
        .unwrap();
    let ran: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(served["units"], ran["units"]);
    assert_eq!(served["files"], ran["files"]);
    assert_eq!(served["diagnostics"], ran["diagnostics"]);
    assert_eq!(served["next_year"], ran["next_year"]);
}

/// Reads the event stream until `what` arrives or the time is up.
fn wait_for_event(stream: &mut TcpStream, what: &str, within: Duration) -> String {
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    let start = Instant::now();
    let mut seen = Vec::new();
    let mut buf = [0u8; 4096];
    while start.elapsed() < within {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => seen.extend_from_slice(&buf[..n]),
            Err(_) => {}
        }
        if String::from_utf8_lossy(&seen).contains(what) {
            break;
        }
    }
    String::from_utf8_lossy(&seen).into_owned()
}

#[test]
fn a_file_saved_into_nop_by_other_means_is_pushed_to_the_page() {
    let dir = sample();
    let nop = dir.path().join("nop");
    let aside = dir.path().join("cao-bang.xlsx");
    std::fs::rename(nop.join(CAO_BANG), &aside).unwrap();
    let s = Server::start(dir.path());
    assert_eq!(unit(&s.result(), "CB")["status"], "missing");
    let page = s.get("/").text();
    assert!(page.contains("Chưa nộp"));

    let mut events = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    write!(
        events,
        "GET /events HTTP/1.1\r\nHost: {}\r\nCookie: {}\r\nAccept: text/event-stream\r\n\r\n",
        s.host(),
        s.cookie()
    )
    .unwrap();
    let head = wait_for_event(&mut events, "\r\n\r\n", Duration::from_secs(5));
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("text/event-stream"), "{head}");

    // As an email client or Explorer would: a plain copy into nop/.
    std::fs::copy(&aside, nop.join("tu-email.xlsx")).unwrap();
    let seen = wait_for_event(&mut events, "event: doi", Duration::from_secs(5));
    assert!(seen.contains("event: doi"), "no event within 5 s: {seen:?}");
    let json = s.result();
    assert_eq!(unit(&json, "CB")["status"], "scored");
    assert_eq!(unit(&json, "CB")["file"], "nop/tu-email.xlsx");
    let page = s.get("/").text();
    assert!(page.contains("tu-email.xlsx"));
}

#[test]
fn the_run_button_writes_the_outputs_and_they_download_from_inside_ket_qua_only() {
    let dir = sample();
    let s = Server::start(dir.path());
    assert!(s.get("/").text().contains("Chưa ghi kết quả"));
    let reply = s.post("/lenh/chay", "text/plain", b"");
    assert_eq!(reply.status, 200, "{}", reply.text());
    assert!(dir.path().join("ket-qua/tong-hop-2016.xlsx").is_file());
    let page = s.get("/").text();
    assert!(page.contains("khớp với các tệp đầu vào"), "{page}");
    assert!(page.contains("/tai/tong-hop-2016.xlsx"));
    let file = s.get("/tai/tong-hop-2016.xlsx");
    assert_eq!(file.status, 200);
    assert_eq!(
        file.body,
        std::fs::read(dir.path().join("ket-qua/tong-hop-2016.xlsx")).unwrap()
    );
    assert!(file
        .header("content-disposition")
        .unwrap()
        .starts_with("attachment"));
    for bad in [
        "/tai/../giao-uoc.xlsx",
        "/tai/..%2Fgiao-uoc.xlsx",
        "/tai/%2E%2E/giao-uoc.xlsx",
        "/tai/phan-hoi/../../giao-uoc.xlsx",
        "/tai//etc/passwd",
        "/tai/..%5Cgiao-uoc.xlsx",
        "/tai/.lock",
        "/tai/phan-hoi",
    ] {
        let reply = s.get(bad);
        assert_ne!(reply.status, 200, "{bad}");
        assert!(!reply.text().contains("PK\u{3}\u{4}"), "{bad}");
    }
    // An input changed after the run: the page says the outputs are older.
    let newer = std::fs::read(dir.path().join("nop").join(LANG_SON)).unwrap();
    std::fs::write(dir.path().join("nop/them.xlsx"), newer).unwrap();
    let page = s.get("/").text();
    assert!(page.contains("Kết quả đã cũ hơn các tệp đầu vào"), "{page}");
    // Forms and the agreement PDF.
    assert_eq!(s.post("/lenh/bieu-mau", "text/plain", b"").status, 200);
    assert_eq!(s.post("/lenh/giao-uoc", "text/plain", b"").status, 200);
    assert!(dir.path().join("ket-qua/giao-uoc-2016.pdf").is_file());
    assert!(dir.path().join("ket-qua/bieu-mau").is_dir());
    assert_eq!(s.post("/lenh/khac", "text/plain", b"").status, 404);
}

/// A button whose command cannot write says why on the page, in the words
/// the terminal prints, not only "see the terminal".
#[test]
fn a_command_that_cannot_write_says_why_on_the_page() {
    let dir = sample();
    // A file where the output folder should be.
    std::fs::write(dir.path().join("ket-qua"), b"not a folder").unwrap();
    let s = Server::start(dir.path());
    let reply = s.post("/lenh/chay", "text/plain", b"");
    assert_eq!(reply.status, 500, "{}", reply.text());
    let text = reply.text();
    assert!(text.contains("Không ghi kết quả được"), "{text}");
    assert!(
        text.contains("ket-qua"),
        "the reason names the folder: {text}"
    );
    assert!(!text.contains("cửa sổ dòng lệnh"), "{text}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_the_server_with_status_0() {
    let dir = sample();
    let mut s = Server::start(dir.path());
    assert_eq!(s.get("/").status, 200);
    let status = Command::new("kill")
        .args(["-INT", &s.child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let start = Instant::now();
    loop {
        if let Some(status) = s.child.try_wait().unwrap() {
            assert_eq!(status.code(), Some(0));
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "still running");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn a_port_in_use_is_said_and_exits_2() {
    let taken = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = sample();
    let out = Command::new(env!("CARGO_BIN_EXE_thidua"))
        .args(["serve", "--no-open", "--port", &port])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains(&port));
}

/// The page in a real browser: Playwright for Python driving Debian's
/// chromium (`scripts/setup.sh` installs both). Without them it says it is
/// skipped, except under CI, where it fails.
#[test]
fn the_page_works_in_a_real_browser() {
    let script = root().join("tests/browser/serve_page.py");
    let ready = Command::new("python3")
        .args([
            "-c",
            "import shutil, sys, playwright.sync_api, openpyxl; sys.exit(0 if shutil.which('chromium') else 1)",
        ])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ready {
        assert!(
            std::env::var_os("CI").is_none(),
            "the browser test needs chromium and Python playwright + openpyxl (scripts/setup.sh)"
        );
        eprintln!("skipped: no chromium/playwright");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("cum3-2016");
    sample_into(&folder);
    let sent = dir.path().join("gui");
    std::fs::rename(folder.join("nop"), &sent).unwrap();
    std::fs::create_dir(folder.join("nop")).unwrap();
    // A flawed workbook too: its findings must show on the page.
    let flawed = root().join("samples/loi-2016/nop");
    let artefacts = std::env::var_os("THIDUA_ARTEFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| std::env::temp_dir().join("thidua-serve-artefacts"));
    std::fs::create_dir_all(&artefacts).unwrap();
    let s = Server::start(&folder);
    let out = Command::new("python3")
        .arg(&script)
        .arg(&s.url)
        .arg(&folder)
        .arg(&sent)
        .arg(&flawed)
        .arg(&artefacts)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        out.status.success(),
        "browser test failed:\n{stdout}\n{stderr}"
    );
    eprintln!("{stdout}");
}

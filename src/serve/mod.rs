//! `thidua serve` (SPEC section 12): the secretariat's page, a local HTTP
//! server on 127.0.0.1 inside the same binary. It owns the routes, the
//! server's life (a free port, the printed URL, the browser, Ctrl-C) and
//! the watching of the working folder; who may use it is `auth`, what it
//! shows is `state` (the cached evaluation) and `page` (the HTML), and
//! how received files reach `nop/` is `upload`. Every rule is the
//! pipeline's: the page calls the same library as the command line.

mod auth;
mod page;
mod state;
mod upload;

use crate::cli::Options;
use crate::model::diagnostic::Lang;
use crate::render::json;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, Multipart, Path as UrlPath, Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::{self, Next};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use page::Note;
use std::convert::Infallible;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::broadcast;

/// How often the folder is looked at for changes made by other programs.
const POLL: Duration = Duration::from_millis(300);

/// How many of the latest happenings the page lists.
const NOTES_KEPT: usize = 6;

/// The embedded assets: no network, no build step.
const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// What every request handler shares.
struct Shared {
    options: Options,
    guard: auth::Guard,
    evaluation: Mutex<state::Evaluation>,
    notes: Mutex<Vec<Note>>,
    /// Tells the pages that the folder changed (the evaluation's generation).
    changed: broadcast::Sender<u64>,
    /// One command or upload at a time.
    busy: tokio::sync::Mutex<()>,
}

type App = Arc<Shared>;

/// `thidua serve`: runs the page until Ctrl-C; 0 then, 2 when it cannot
/// start (the port is taken, no random token).
pub fn serve(options: &Options, port: u16, open: bool) -> i32 {
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let say = options.lang.pick(
                "Không khởi động được máy chủ của trang",
                "The page's server cannot start",
            );
            eprintln!("{say}: {e}");
            return 2;
        }
    };
    runtime.block_on(run(options.clone(), port, open))
}

async fn run(mut options: Options, port: u16, open: bool) -> i32 {
    // The terminal's language for what is said here; the page and what
    // its commands say are Vietnamese.
    let lang = options.lang;
    options.quiet = true;
    options.json = false;
    options.lang = Lang::Vi;
    if !options.paths.folder.is_dir() {
        let folder = options.paths.folder.display();
        let say = lang.pick(
            "Không có thư mục làm việc {folder}: hãy tạo nó bằng thidua init {folder}",
            "No working folder {folder}: make it with thidua init {folder}",
        );
        eprintln!("{}", say.replace("{folder}", &folder.to_string()));
        return 2;
    }
    let listener = match std::net::TcpListener::bind(("127.0.0.1", port))
        .and_then(|l| l.set_nonblocking(true).map(|()| l))
        .and_then(tokio::net::TcpListener::from_std)
    {
        Ok(l) => l,
        Err(e) => {
            let say = lang.pick("Không mở được cổng", "Cannot listen on port");
            eprintln!("{say} {port} (127.0.0.1): {e}");
            return 2;
        }
    };
    let port = match listener.local_addr() {
        Ok(a) => a.port(),
        Err(e) => {
            let say = lang.pick("Không mở được cổng", "Cannot listen on port");
            eprintln!("{say} (127.0.0.1): {e}");
            return 2;
        }
    };
    let Some(token) = auth::new_token() else {
        eprintln!(
            "{}",
            lang.pick(
                "Hệ điều hành không cho số ngẫu nhiên để lập mã truy cập; trang không mở.",
                "The system gives no random numbers for the access token; the page is not opened."
            )
        );
        return 2;
    };
    let url = format!("http://127.0.0.1:{port}/?token={token}");
    let (changed, _) = broadcast::channel(16);
    let app: App = Arc::new(Shared {
        options,
        guard: auth::Guard::new(port, token),
        evaluation: Mutex::new(state::Evaluation::default()),
        notes: Mutex::new(Vec::new()),
        changed,
        busy: tokio::sync::Mutex::new(()),
    });
    {
        use std::io::Write;
        let mut out = std::io::stdout();
        let _ = writeln!(out, "{url}");
        let _ = out.flush();
    }
    eprintln!(
        "{}",
        lang.pick(
            "Trang của ban thư ký đang chạy tại địa chỉ trên (chỉ trên máy này). Nhấn Ctrl-C để dừng.",
            "The secretariat's page is running at the address above (this computer only). Press Ctrl-C to stop."
        )
    );
    if open {
        open_browser(&url);
    }
    tokio::spawn(watch(Arc::clone(&app)));
    let router = routes(Arc::clone(&app));
    tokio::select! {
        result = axum::serve(listener, router) => {
            if let Err(e) = result {
                let say = lang.pick("Máy chủ của trang dừng vì lỗi", "The page's server stopped on an error");
                eprintln!("{say}: {e}");
                return 2;
            }
            0
        }
        _ = tokio::signal::ctrl_c() => {
            eprintln!("{}", lang.pick("Đã dừng trang của ban thư ký.", "The secretariat's page was stopped."));
            0
        }
    }
}

fn routes(app: App) -> Router {
    Router::new()
        .route("/", get(index))
        .route("/api/ket-qua", get(api_result))
        .route("/events", get(events))
        .route("/tep/app.js", get(app_js))
        .route("/tep/style.css", get(style_css))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .route("/tai/{*path}", get(download))
        .route("/nop", post(receive))
        .route("/lenh/{command}", post(command))
        .layer(DefaultBodyLimit::max(upload::MAX_REQUEST_BYTES))
        .layer(middleware::from_fn_with_state(Arc::clone(&app), guard))
        .with_state(app)
}

/// Lets through only what `auth` allows, and marks every answer: no
/// caching, no framing, no scripts but ours, no referrer.
async fn guard(State(app): State<App>, request: Request, next: Next) -> Response {
    let verdict = app
        .guard
        .check(request.method(), request.uri(), request.headers());
    let mut response = match verdict {
        auth::Verdict::Pass => next.run(request).await,
        auth::Verdict::SetCookie { location } => {
            let mut r = StatusCode::SEE_OTHER.into_response();
            if let Ok(v) = HeaderValue::from_str(&location) {
                r.headers_mut().insert(header::LOCATION, v);
            }
            if let Ok(v) = HeaderValue::from_str(&app.guard.cookie()) {
                r.headers_mut().insert(header::SET_COOKIE, v);
            }
            r
        }
        auth::Verdict::Refuse(_) => auth::forbidden(),
    };
    let h = response.headers_mut();
    for (name, value) in [
        ("cache-control", "no-store"),
        ("x-content-type-options", "nosniff"),
        ("x-frame-options", "DENY"),
        ("referrer-policy", "no-referrer"),
        (
            "content-security-policy",
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
             connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    ] {
        h.insert(name, HeaderValue::from_static(value));
    }
    response
}

/// The evaluation as of now (re-evaluating what changed), told to every
/// open page when it changed.
async fn refresh(app: &App) -> Arc<state::Current> {
    let shared = Arc::clone(app);
    let done = tokio::task::spawn_blocking(move || {
        let mut evaluation = match shared.evaluation.lock() {
            Ok(e) => e,
            Err(poisoned) => poisoned.into_inner(),
        };
        evaluation.refresh(&shared.options.paths, &shared.options.read)
    })
    .await;
    match done {
        Ok((current, changed)) => {
            if changed {
                let _ = app.changed.send(current.generation);
            }
            current
        }
        // The evaluation panicked: start again from nothing next time.
        Err(_) => {
            reset(app);
            Box::pin(refresh(app)).await
        }
    }
}

/// Forgets the cached evaluation (after a panic in it).
fn reset(app: &App) {
    let mut evaluation = match app.evaluation.lock() {
        Ok(e) => e,
        Err(poisoned) => poisoned.into_inner(),
    };
    *evaluation = state::Evaluation::default();
}

/// Looks at the folder every [`POLL`] for files saved by other programs.
async fn watch(app: App) {
    loop {
        refresh(&app).await;
        tokio::time::sleep(POLL).await;
    }
}

fn note(app: &App, ok: bool, text: String) {
    let mut notes = match app.notes.lock() {
        Ok(n) => n,
        Err(poisoned) => poisoned.into_inner(),
    };
    notes.insert(0, Note { ok, text });
    notes.truncate(NOTES_KEPT);
}

fn notes(app: &App) -> Vec<Note> {
    match app.notes.lock() {
        Ok(n) => n.clone(),
        Err(poisoned) => poisoned.into_inner().clone(),
    }
}

async fn index(State(app): State<App>) -> Response {
    let current = refresh(&app).await;
    let shared = Arc::clone(&app);
    let html = tokio::task::spawn_blocking(move || {
        let outputs = output_files(&shared.options.paths.out);
        page::page(&current, &shared.options.paths, &notes(&shared), &outputs)
    })
    .await
    .unwrap_or_else(|_| "Lỗi khi lập trang.".to_string());
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html).into_response()
}

/// `GET /api/ket-qua`: the JSON of SPEC section 9 for the inputs as they are.
async fn api_result(State(app): State<App>) -> Response {
    let current = refresh(&app).await;
    match &current.outcome {
        Ok(outcome) => (
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            json::to_string(outcome, Lang::Vi),
        )
            .into_response(),
        Err(why) => (
            StatusCode::CONFLICT,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            serde_json::json!({ "error": why }).to_string(),
        )
            .into_response(),
    }
}

/// `GET /events`: one server-sent event `doi` (with the generation) each
/// time the folder's evaluation changed.
async fn events(
    State(app): State<App>,
) -> Sse<impl futures_util::Stream<Item = Result<Event, Infallible>>> {
    let receiver = app.changed.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let data = match receiver.recv().await {
            Ok(generation) => generation.to_string(),
            // Missed some: one event says the page is behind.
            Err(broadcast::error::RecvError::Lagged(_)) => "0".to_string(),
            Err(broadcast::error::RecvError::Closed) => return None,
        };
        Some((Ok(Event::default().event("doi").data(data)), receiver))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

async fn app_js() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        APP_JS,
    )
        .into_response()
}

async fn style_css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLE_CSS,
    )
        .into_response()
}

/// Whether the browser asked for JSON (the page's script) rather than a
/// page (a plain form, without JavaScript).
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get(header::ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("application/json"))
}

/// The answer to a POST: JSON for the script, else back to the page
/// (where the notes say what happened).
fn answer(headers: &HeaderMap, status: StatusCode, messages: &[Note]) -> Response {
    if wants_json(headers) {
        let list: Vec<serde_json::Value> = messages
            .iter()
            .map(|n| serde_json::json!({ "ok": n.ok, "message": n.text }))
            .collect();
        let body = serde_json::json!({ "ok": status.is_success(), "messages": list });
        return (
            status,
            [(header::CONTENT_TYPE, "application/json; charset=utf-8")],
            body.to_string(),
        )
            .into_response();
    }
    let mut r = StatusCode::SEE_OTHER.into_response();
    r.headers_mut()
        .insert(header::LOCATION, HeaderValue::from_static("/"));
    r
}

/// `POST /nop`: multipart field `file`, one or more, into the inbox.
async fn receive(State(app): State<App>, headers: HeaderMap, multipart: Multipart) -> Response {
    let _busy = app.busy.lock().await;
    let (status, messages) = receive_files(&app, multipart).await;
    for m in messages.iter().rev() {
        note(&app, m.ok, m.text.clone());
    }
    refresh(&app).await;
    answer(&headers, status, &messages)
}

async fn receive_files(app: &App, mut multipart: Multipart) -> (StatusCode, Vec<Note>) {
    let mut messages = Vec::new();
    let mut status = StatusCode::OK;
    let mut count = 0usize;
    let refuse = |messages: &mut Vec<Note>, text: String| messages.push(Note { ok: false, text });
    loop {
        let mut field = match multipart.next_field().await {
            Ok(Some(f)) => f,
            Ok(None) => break,
            Err(e) => {
                let too_large = e.status() == StatusCode::PAYLOAD_TOO_LARGE;
                refuse(
                    &mut messages,
                    if too_large {
                        format!(
                            "Không nhận: gửi quá nhiều dữ liệu một lần (tối đa {} MiB); hãy gửi ít tệp hơn mỗi lần.",
                            upload::MAX_REQUEST_BYTES >> 20
                        )
                    } else {
                        format!("Không nhận được tệp: dữ liệu gửi lên bị hỏng ({e}).")
                    },
                );
                return (
                    if too_large {
                        StatusCode::PAYLOAD_TOO_LARGE
                    } else {
                        StatusCode::BAD_REQUEST
                    },
                    messages,
                );
            }
        };
        if field.name() != Some("file") {
            continue;
        }
        let sent = field.file_name().unwrap_or_default().to_string();
        count += 1;
        if count > upload::MAX_FILES {
            refuse(
                &mut messages,
                format!(
                    "Không nhận «{sent}»: mỗi lần gửi tối đa {} tệp.",
                    upload::MAX_FILES
                ),
            );
            status = StatusCode::PAYLOAD_TOO_LARGE;
            continue;
        }
        let Some(name) = upload::safe_name(&sent) else {
            refuse(
                &mut messages,
                format!("Không nhận «{sent}»: tên tệp không dùng được."),
            );
            status = StatusCode::BAD_REQUEST;
            continue;
        };
        if !upload::is_workbook(&name) {
            refuse(
                &mut messages,
                format!(
                    "Không nhận «{name}»: chỉ nhận bảng tính (.xlsx, .xlsm, .xlsb, .xls, .ods)."
                ),
            );
            status = StatusCode::UNSUPPORTED_MEDIA_TYPE;
            continue;
        }
        let mut bytes: Vec<u8> = Vec::new();
        let mut over = false;
        loop {
            match field.chunk().await {
                Ok(Some(chunk)) => {
                    if over {
                        continue;
                    }
                    if (bytes.len() + chunk.len()) as u64 > upload::MAX_FILE_BYTES {
                        over = true;
                        bytes = Vec::new();
                    } else {
                        bytes.extend_from_slice(&chunk);
                    }
                }
                Ok(None) => break,
                Err(e) => {
                    refuse(
                        &mut messages,
                        format!("Không nhận «{name}»: gửi lên bị gián đoạn hoặc quá lớn ({e})."),
                    );
                    return (StatusCode::PAYLOAD_TOO_LARGE, messages);
                }
            }
        }
        if over {
            refuse(
                &mut messages,
                format!(
                    "Không nhận «{name}»: tệp lớn hơn {} MiB, quá giới hạn một bảng tự chấm điểm.",
                    upload::MAX_FILE_BYTES >> 20
                ),
            );
            status = StatusCode::PAYLOAD_TOO_LARGE;
            continue;
        }
        let inbox = app.options.paths.inbox.clone();
        let scratch = app.options.paths.folder.clone();
        let stored_name = name.clone();
        let stored = tokio::task::spawn_blocking(move || {
            upload::store(&inbox, &scratch, &stored_name, &bytes)
        })
        .await;
        let text = match stored {
            Ok(Ok(upload::Stored::New)) => Note {
                ok: true,
                text: format!("Đã nhận «{name}» vào nop/."),
            },
            Ok(Ok(upload::Stored::Same)) => Note {
                ok: true,
                text: format!("«{name}» đã có trong nop/, giống hệt tệp vừa gửi: không có gì thay đổi."),
            },
            Ok(Ok(upload::Stored::Replaced { kept })) => Note {
                ok: true,
                text: format!(
                    "Đã nhận «{name}», thay tệp cùng tên gửi trước; bản cũ được giữ lại ở nop/{kept}."
                ),
            },
            Ok(Err(e)) => {
                status = StatusCode::INTERNAL_SERVER_ERROR;
                Note {
                    ok: false,
                    text: format!("Không lưu được «{name}» vào nop/: {e}"),
                }
            }
            Err(_) => {
                status = StatusCode::INTERNAL_SERVER_ERROR;
                Note {
                    ok: false,
                    text: format!("Không lưu được «{name}» vào nop/."),
                }
            }
        };
        messages.push(text);
    }
    if messages.is_empty() {
        refuse(&mut messages, "Chưa chọn tệp nào.".to_string());
        status = StatusCode::BAD_REQUEST;
    }
    (status, messages)
}

/// `POST /lenh/{chay|bieu-mau|giao-uoc}`: the commands `run`, `forms` and
/// `agreement`, as the command line runs them.
async fn command(
    State(app): State<App>,
    UrlPath(which): UrlPath<String>,
    headers: HeaderMap,
) -> Response {
    type Command = fn(&Options) -> i32;
    let (run, what): (Command, &str) = match which.as_str() {
        "chay" => (crate::cli::run, "ghi kết quả"),
        "bieu-mau" => (crate::cli::forms, "lập biểu mẫu"),
        "giao-uoc" => (crate::cli::agreement, "in giao ước"),
        _ => return StatusCode::NOT_FOUND.into_response(),
    };
    let _busy = app.busy.lock().await;
    let options = app.options.clone();
    let (code, said) =
        tokio::task::spawn_blocking(move || crate::cli::capture_told(|| run(&options)))
            .await
            .unwrap_or((2, String::new()));
    let said = said.trim();
    let out = app.options.paths.out.display().to_string();
    let (status, text) = match code {
        0 => (StatusCode::OK, format!("Đã {what}: các tệp ở {out} (xem danh sách Tải về).")),
        1 => (
            StatusCode::OK,
            format!("Đã {what}; một số bảng có lỗi, kết quả ghi rõ các lỗi đó (xem Các vấn đề phát hiện)."),
        ),
        _ if said.is_empty() => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Không {what} được; chưa ghi tệp nào. Lý do được in trong cửa sổ dòng lệnh đang chạy thidua serve."),
        ),
        // Why, in the words the terminal prints (an output open in Excel,
        // another run writing the folder, a bad agreement).
        _ => (
            StatusCode::INTERNAL_SERVER_ERROR,
            format!("Không {what} được; chưa ghi tệp nào. {said}"),
        ),
    };
    let n = Note {
        ok: status.is_success(),
        text,
    };
    note(&app, n.ok, n.text.clone());
    refresh(&app).await;
    answer(&headers, status, &[n])
}

/// Every file of the output folder and its sub-folders (three levels), not
/// hidden, not the kept old versions (`cu/`), sorted.
fn output_files(out: &Path) -> Vec<page::OutputFile> {
    let mut found = Vec::new();
    let mut folders: Vec<(PathBuf, String)> = vec![(out.to_path_buf(), String::new())];
    while let Some((folder, prefix)) = folders.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.starts_with('.') || name.starts_with("~$") {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            let relative = format!("{prefix}{name}");
            let depth = prefix.matches('/').count();
            if kind.is_dir() && depth < 3 && name != crate::write::keep::ARCHIVE {
                folders.push((entry.path(), format!("{relative}/")));
            } else if kind.is_file() {
                let size = entry.metadata().map(|m| m.len()).unwrap_or(0);
                found.push(page::OutputFile { relative, size });
            }
        }
    }
    found.sort_by(|a, b| {
        (a.relative.contains('/'), &a.relative).cmp(&(b.relative.contains('/'), &b.relative))
    });
    found
}

/// `GET /tai/{path}`: a file of the output folder, and nothing else: each
/// part of the path a plain name (no `..`, no hidden file, no drive), the
/// file a regular one (no link out), inside the output folder once resolved.
async fn download(State(app): State<App>, UrlPath(path): UrlPath<String>) -> Response {
    let out = app.options.paths.out.clone();
    let found = tokio::task::spawn_blocking(move || read_output(&out, &path)).await;
    match found {
        Ok(Some((name, bytes))) => {
            let kind = match Path::new(&name)
                .extension()
                .map(|e| e.to_string_lossy().to_lowercase())
                .as_deref()
            {
                Some("xlsx") => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                Some("docx") => {
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                }
                Some("pdf") => "application/pdf",
                Some("json") => "application/json",
                _ => "application/octet-stream",
            };
            let ascii: String = name
                .chars()
                .map(|c| {
                    if c.is_ascii_alphanumeric() || ".-_".contains(c) {
                        c
                    } else {
                        '_'
                    }
                })
                .collect();
            let encoded: String = name
                .bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                        char::from(b).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect();
            let disposition =
                format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}");
            let mut r = Response::new(Body::from(bytes));
            r.headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
            if let Ok(v) = HeaderValue::from_str(&disposition) {
                r.headers_mut().insert(header::CONTENT_DISPOSITION, v);
            }
            r
        }
        _ => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "Không có tệp kết quả này.",
        )
            .into_response(),
    }
}

/// The bytes of `relative` inside `out`, when it is an output file there.
fn read_output(out: &Path, relative: &str) -> Option<(String, Vec<u8>)> {
    let mut path = out.to_path_buf();
    let mut name = String::new();
    for part in relative.split('/') {
        let plain = !part.is_empty()
            && !part.starts_with('.')
            && !part.contains(['\\', ':', '\0'])
            && Path::new(part).components().count() == 1;
        if !plain {
            return None;
        }
        path.push(part);
        name = part.to_string();
    }
    let meta = std::fs::symlink_metadata(&path).ok()?;
    if !meta.is_file() {
        return None;
    }
    let root = out.canonicalize().ok()?;
    if !path.canonicalize().ok()?.starts_with(&root) {
        return None;
    }
    Some((name, std::fs::read(&path).ok()?))
}

/// Opens the page in the user's browser; a failure is not an error (the
/// URL was printed).
fn open_browser(url: &str) {
    use std::process::{Command, Stdio};
    let mut command = if cfg!(windows) {
        let mut c = Command::new("cmd");
        c.args(["/c", "start", ""]).arg(url);
        c
    } else if cfg!(target_os = "macos") {
        let mut c = Command::new("open");
        c.arg(url);
        c
    } else {
        let mut c = Command::new("xdg-open");
        c.arg(url);
        c
    };
    let _ = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn();
}

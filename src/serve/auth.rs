//! Who may use the page: a request is let through only when its `Host` is
//! this server's (`127.0.0.1:<port>` or `localhost:<port>`: no DNS
//! rebinding), and it carries the session cookie, or the token of the
//! printed URL (then exchanged for the cookie, HttpOnly and SameSite=Strict,
//! and the browser sent back to the same address without it). A request
//! that changes anything (POST) needs the cookie and a same-origin
//! `Origin` (or, without one, `Sec-Fetch-Site: same-origin`). Everything
//! else is answered 403.

use axum::http::{header, HeaderMap, HeaderValue, Method, Response, StatusCode, Uri};

/// The random token of the printed URL: 256 bits from the operating
/// system, as hex; `None` when the system gives none.
pub fn new_token() -> Option<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).ok()?;
    Some(bytes.iter().map(|b| format!("{b:02x}")).collect())
}

/// What one request may do.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Let it through.
    Pass,
    /// The URL's token: set the cookie and send the browser to this address.
    SetCookie { location: String },
    /// Refused (403), with why, for the log of the page.
    Refuse(&'static str),
}

/// The checks of one server: its port and token.
#[derive(Debug, Clone)]
pub struct Guard {
    port: u16,
    token: String,
}

impl Guard {
    pub fn new(port: u16, token: String) -> Guard {
        Guard { port, token }
    }

    /// The session cookie's name: one per port, so that two pages open at
    /// once (two working folders) do not overwrite each other's cookie.
    pub fn cookie_name(&self) -> String {
        format!("thidua_{}", self.port)
    }

    /// The `Set-Cookie` value that opens the session.
    pub fn cookie(&self) -> String {
        format!(
            "{}={}; Path=/; HttpOnly; SameSite=Strict",
            self.cookie_name(),
            self.token
        )
    }

    /// Decides about one request.
    pub fn check(&self, method: &Method, uri: &Uri, headers: &HeaderMap) -> Verdict {
        if !self.host_is_ours(headers) {
            return Verdict::Refuse("Host");
        }
        let cookie = self.has_cookie(headers);
        if *method == Method::POST || *method == Method::PUT || *method == Method::DELETE {
            if !cookie {
                return Verdict::Refuse("no session cookie");
            }
            if !self.same_origin(headers) {
                return Verdict::Refuse("not same-origin");
            }
            return Verdict::Pass;
        }
        if *method != Method::GET && *method != Method::HEAD {
            return Verdict::Refuse("method");
        }
        match query_token(uri) {
            Some(given) if same_secret(&given, &self.token) => Verdict::SetCookie {
                location: without_token(uri),
            },
            Some(_) => Verdict::Refuse("wrong token"),
            None if cookie => Verdict::Pass,
            None => Verdict::Refuse("no token"),
        }
    }

    /// Whether `Host` names this server exactly.
    fn host_is_ours(&self, headers: &HeaderMap) -> bool {
        let Some(host) = headers.get(header::HOST).and_then(|h| h.to_str().ok()) else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        host == format!("127.0.0.1:{}", self.port) || host == format!("localhost:{}", self.port)
    }

    /// Whether the session cookie is there, with the right value.
    fn has_cookie(&self, headers: &HeaderMap) -> bool {
        let name = self.cookie_name();
        headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .any(|(n, v)| n == name && same_secret(v, &self.token))
    }

    /// A same-origin request: its `Origin` is this server's; without an
    /// `Origin`, the browser says `Sec-Fetch-Site: same-origin`.
    fn same_origin(&self, headers: &HeaderMap) -> bool {
        let value = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        match value("origin") {
            Some(origin) => {
                let origin = origin.to_ascii_lowercase();
                origin == format!("http://127.0.0.1:{}", self.port)
                    || origin == format!("http://localhost:{}", self.port)
            }
            None => value("sec-fetch-site") == Some("same-origin"),
        }
    }
}

/// The `token` of the query, if any.
fn query_token(uri: &Uri) -> Option<String> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("token="))
        .map(str::to_string)
}

/// The request's path and query, without the token.
fn without_token(uri: &Uri) -> String {
    let rest: Vec<&str> = uri
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("token="))
        .collect();
    // Only a path of this server: never `//other.host` (an open redirect).
    let path = match uri.path() {
        p if p.starts_with('/') && !p.starts_with("//") => p,
        _ => "/",
    };
    if rest.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", rest.join("&"))
    }
}

/// Compares two secrets in time independent of where they differ.
fn same_secret(given: &str, secret: &str) -> bool {
    let (a, b) = (given.as_bytes(), secret.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The 403 answer: in Vietnamese, saying what to do.
pub fn forbidden() -> Response<axum::body::Body> {
    let body =
        "<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><title>Không được phép</title>\
<p>Không được phép truy cập trang này. Hãy mở đúng đường dẫn mà lệnh <code>thidua serve</code> \
đã in ra (có <code>?token=…</code>), trên chính máy tính đang chạy lệnh.</p></html>";
    let mut response = Response::new(axum::body::Body::from(body));
    *response.status_mut() = StatusCode::FORBIDDEN;
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard() -> Guard {
        Guard::new(8123, "abc123".to_string())
    }

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    #[test]
    fn the_token_is_exchanged_for_a_cookie_and_dropped_from_the_address() {
        let uri: Uri = "/?a=1&token=abc123".parse().unwrap();
        let v = guard().check(&Method::GET, &uri, &headers(&[("host", "127.0.0.1:8123")]));
        assert_eq!(
            v,
            Verdict::SetCookie {
                location: "/?a=1".into()
            }
        );
    }

    #[test]
    fn a_foreign_host_is_refused_even_with_the_token() {
        let uri: Uri = "/?token=abc123".parse().unwrap();
        let h = headers(&[("host", "evil.example:8123")]);
        assert!(matches!(
            guard().check(&Method::GET, &uri, &h),
            Verdict::Refuse(_)
        ));
    }

    #[test]
    fn a_post_needs_the_cookie_and_the_same_origin() {
        let uri: Uri = "/nop".parse().unwrap();
        let ok = headers(&[
            ("host", "localhost:8123"),
            ("cookie", "x=1; thidua_8123=abc123"),
            ("origin", "http://localhost:8123"),
        ]);
        assert_eq!(guard().check(&Method::POST, &uri, &ok), Verdict::Pass);
        let cross = headers(&[
            ("host", "localhost:8123"),
            ("cookie", "thidua_8123=abc123"),
            ("origin", "http://evil.example"),
        ]);
        assert!(matches!(
            guard().check(&Method::POST, &uri, &cross),
            Verdict::Refuse(_)
        ));
        let no_origin = headers(&[("host", "localhost:8123"), ("cookie", "thidua_8123=abc123")]);
        assert!(matches!(
            guard().check(&Method::POST, &uri, &no_origin),
            Verdict::Refuse(_)
        ));
    }

    #[test]
    fn the_redirect_never_leaves_the_server() {
        let uri: Uri = "//evil.example/?token=abc123".parse().unwrap();
        let v = guard().check(&Method::GET, &uri, &headers(&[("host", "127.0.0.1:8123")]));
        assert_eq!(
            v,
            Verdict::SetCookie {
                location: "/".into()
            }
        );
    }
}

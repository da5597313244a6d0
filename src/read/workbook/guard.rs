//! Containing panics of the readers: a panic while reading a file becomes
//! [`ReadError::Crashed`] with a plain reason, and prints nothing.
//!
//! This module catches unwinding panics only. Aborts (running out of memory)
//! cannot be caught in process: the worker process exists for those.

use super::ReadError;
use std::any::Any;
use std::cell::{Cell, RefCell};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// Whether this thread is inside [`contained`]: its panics are ours.
    static CONTAINING: Cell<bool> = const { Cell::new(false) };
    /// Where the last contained panic of this thread happened.
    static LAST_LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL_HOOK: Once = Once::new();

/// Runs a read, turning a panic inside it into `ReadError::Crashed`.
pub(super) fn contained<T>(read: impl FnOnce() -> Result<T, ReadError>) -> Result<T, ReadError> {
    install_hook();
    let outer = CONTAINING.replace(true);
    let result = panic::catch_unwind(AssertUnwindSafe(read));
    CONTAINING.set(outer);
    match result {
        Ok(r) => r,
        Err(payload) => Err(ReadError::Crashed(describe(payload.as_ref()))),
    }
}

/// Installs, once per process, a panic hook that stays quiet about (and
/// notes the location of) panics inside [`contained`], and hands every
/// other panic to the hook that was there before.
fn install_hook() {
    INSTALL_HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if CONTAINING.get() {
                let location = info.location().map(|l| short_location(l.file(), l.line()));
                LAST_LOCATION.set(location);
            } else {
                previous(info);
            }
        }));
    });
}

/// `the reader failed: <message> (at calamine-0.38.0/src/xls.rs:1289)`.
fn describe(payload: &(dyn Any + Send)) -> String {
    let message = payload
        .downcast_ref::<&str>()
        .copied()
        .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
        .unwrap_or("unknown panic");
    match LAST_LOCATION.take() {
        Some(at) => format!("the reader failed: {message} (at {at})"),
        None => format!("the reader failed: {message}"),
    }
}

/// A source location without the machine-specific registry prefix.
fn short_location(file: &str, line: u32) -> String {
    let file = file.replace('\\', "/");
    let short = match file.find("/calamine-") {
        Some(i) => &file[i + 1..],
        None => file.as_str(),
    };
    format!("{short}:{line}")
}

//! The sandboxed reader: running `<thidua> __read-workbook <path>` as a
//! child process under memory, CPU and wall-clock limits, and the child's
//! side of it ([`worker_main`]).
//!
//! A child that dies (out of memory, out of time, killed by a signal) gives
//! [`ReadError::Crashed`] with a plain reason; nothing it does can take the
//! parent down. This module does not decide which formats need it.

use super::limits::{WORKER_MEMORY_BYTES, WORKER_TIMEOUT};
use super::{ReadError, Workbook};
use std::io::{self, BufWriter, Read, Write};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

/// The hidden sub-command the thidua binary dispatches to [`worker_main`].
pub const WORKER_COMMAND: &str = "__read-workbook";

/// Most bytes read from the worker's answer (its stdout).
const MAX_REPLY_BYTES: u64 = 1 << 30;

/// Most bytes of the worker's stderr kept, to tell why it died.
const MAX_STDERR_BYTES: u64 = 4096;

/// What the worker writes to stdout: the whole read result, as JSON.
type Reply = Result<Workbook, ReadError>;

/// Entry point of the sandboxed reader process: reads `path` in process and
/// writes the result (`Result<Workbook, ReadError>`, compact JSON) to
/// stdout. Returns the exit code: 0 read, 1 not read (the error is in the
/// answer), 2 the answer could not be written.
pub fn worker_main(path: &Path) -> i32 {
    let reply: Reply = super::read_in_process(path);
    let code = if reply.is_ok() { 0 } else { 1 };
    let mut out = BufWriter::new(io::stdout().lock());
    let written = serde_json::to_writer(&mut out, &reply).is_ok() && out.flush().is_ok();
    if written {
        code
    } else {
        2
    }
}

/// Reads `path` in a worker process started from the `worker` executable.
pub(super) fn run(worker: &Path, path: &Path) -> Result<Workbook, ReadError> {
    let deadline = Instant::now() + WORKER_TIMEOUT;
    let mut child = spawn(worker, path)?;
    let (done_tx, done_rx) = mpsc::channel();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let out_thread = thread::spawn(move || {
        let out = read_bounded(stdout, MAX_REPLY_BYTES);
        let _ = done_tx.send(());
        out
    });
    let err_thread = thread::spawn(move || read_bounded(stderr, MAX_STDERR_BYTES));
    let answered = done_rx
        .recv_timeout(deadline.saturating_duration_since(Instant::now()))
        .is_ok();
    let status = wait_until(&mut child, deadline);
    let out = out_thread.join().unwrap_or_default();
    let err = err_thread.join().unwrap_or_default();
    match status {
        Some(Ok(status)) if answered => interpret(status, &out, &err),
        Some(Err(e)) => Err(ReadError::Crashed(format!("lost the reader process: {e}"))),
        _ => Err(ReadError::Crashed(format!(
            "reading took longer than {} s and was stopped",
            WORKER_TIMEOUT.as_secs()
        ))),
    }
}

fn spawn(worker: &Path, path: &Path) -> Result<Child, ReadError> {
    let mut cmd = Command::new(worker);
    cmd.arg(WORKER_COMMAND)
        .arg(path)
        .env("RUST_BACKTRACE", "0")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    sandbox::limit(&mut cmd);
    cmd.spawn().map_err(|e| {
        ReadError::Crashed(format!(
            "cannot start the reader process {}: {e}",
            worker.display()
        ))
    })
}

/// Reads up to `max` bytes, then drains the rest so the child never blocks
/// on a full pipe.
fn read_bounded<R: Read>(stream: Option<R>, max: u64) -> Vec<u8> {
    let mut buf = Vec::new();
    if let Some(mut stream) = stream {
        let _ = (&mut stream).take(max).read_to_end(&mut buf);
        let _ = io::copy(&mut stream, &mut io::sink());
    }
    buf
}

/// Waits for the child until the deadline, then kills it: `None` when it
/// had to be killed.
fn wait_until(child: &mut Child, deadline: Instant) -> Option<io::Result<ExitStatus>> {
    loop {
        match child.try_wait() {
            Ok(Some(status)) => return Some(Ok(status)),
            Ok(None) if Instant::now() < deadline => thread::sleep(Duration::from_millis(1)),
            Ok(None) => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
            Err(e) => return Some(Err(e)),
        }
    }
}

/// The worker's answer, or why it gave none.
fn interpret(status: ExitStatus, out: &[u8], err: &[u8]) -> Result<Workbook, ReadError> {
    if matches!(status.code(), Some(0 | 1)) {
        if let Ok(reply) = serde_json::from_slice::<Reply>(out) {
            return reply;
        }
    }
    Err(ReadError::Crashed(death_reason(status, err)))
}

/// A plain reason for a worker that gave no answer.
fn death_reason(status: ExitStatus, stderr: &[u8]) -> String {
    let stderr = String::from_utf8_lossy(stderr);
    if stderr.contains("memory allocation of") {
        return format!(
            "the reader ran out of memory (limit {} MiB)",
            WORKER_MEMORY_BYTES >> 20
        );
    }
    if let Some(reason) = sandbox::signal_reason(status) {
        return reason;
    }
    let first_line = stderr.lines().next().unwrap_or("").trim();
    match status.code() {
        Some(code) if first_line.is_empty() => {
            format!("the reader process failed (exit status {code})")
        }
        Some(code) => format!("the reader process failed (exit status {code}): {first_line}"),
        None => "the reader process failed".to_owned(),
    }
}

#[cfg(unix)]
mod sandbox {
    //! Resource limits for the child (set between fork and exec) and the
    //! meaning of the signals that end it.

    use super::super::limits::{WORKER_CPU_SECONDS, WORKER_MEMORY_BYTES};
    use std::io;
    use std::os::unix::process::{CommandExt, ExitStatusExt};
    use std::process::{Command, ExitStatus};

    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    type Resource = libc::__rlimit_resource_t;
    #[cfg(not(all(target_os = "linux", target_env = "gnu")))]
    type Resource = libc::c_int;

    /// Makes the child start with the memory and CPU limits and no core
    /// dumps.
    pub(super) fn limit(cmd: &mut Command) {
        // SAFETY: the closure runs in the forked child before exec and only
        // calls getrlimit/setrlimit, which are async-signal-safe, and reads
        // errno; it allocates nothing and takes no locks.
        unsafe {
            cmd.pre_exec(|| {
                set_limit(libc::RLIMIT_AS, WORKER_MEMORY_BYTES, WORKER_MEMORY_BYTES)?;
                set_limit(libc::RLIMIT_CPU, WORKER_CPU_SECONDS, WORKER_CPU_SECONDS + 1)?;
                set_limit(libc::RLIMIT_CORE, 0, 0)
            });
        }
    }

    /// Lowers a limit (never raises it above the current hard limit).
    fn set_limit(resource: Resource, soft: u64, hard: u64) -> io::Result<()> {
        let mut current = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: `current` is a valid, writable rlimit.
        if unsafe { libc::getrlimit(resource, &mut current) } != 0 {
            return Err(io::Error::last_os_error());
        }
        let hard = (hard as libc::rlim_t).min(current.rlim_max);
        let wanted = libc::rlimit {
            rlim_cur: (soft as libc::rlim_t).min(hard),
            rlim_max: hard,
        };
        // SAFETY: `wanted` is a valid rlimit.
        if unsafe { libc::setrlimit(resource, &wanted) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }

    /// Why a child ended by a signal died.
    pub(super) fn signal_reason(status: ExitStatus) -> Option<String> {
        let signal = status.signal()?;
        Some(match signal {
            libc::SIGXCPU | libc::SIGKILL => format!(
                "the reader used more than {WORKER_CPU_SECONDS} s of processor time or was killed"
            ),
            libc::SIGABRT => "the reader aborted".to_owned(),
            libc::SIGSEGV | libc::SIGBUS => "the reader crashed (memory fault)".to_owned(),
            n => format!("the reader process died (signal {n})"),
        })
    }
}

#[cfg(not(unix))]
mod sandbox {
    //! No resource limits outside Unix: the wall-clock timeout still holds.

    use std::process::{Command, ExitStatus};

    pub(super) fn limit(_cmd: &mut Command) {}

    pub(super) fn signal_reason(_status: ExitStatus) -> Option<String> {
        None
    }
}

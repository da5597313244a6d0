//! One run at a time per output folder: an exclusive advisory lock on
//! `.thidua.lock` in the output folder, held while the run writes (std's
//! `File::try_lock`: `flock` on Unix, `LockFileEx` on Windows; released
//! when the process ends, however it ends).

use std::fs::{File, OpenOptions, TryLockError};
use std::io;
use std::path::Path;
use std::time::{Duration, Instant};

/// The lock file's name in the output folder (left in place: removing it
/// would let two runs lock two different files).
pub const LOCK_FILE: &str = ".thidua.lock";

/// How long a second run waits for the first before giving up.
pub const WAIT: Duration = Duration::from_secs(5);

/// The held lock; released when dropped.
#[derive(Debug)]
pub struct OutputLock {
    _file: File,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum LockError {
    /// Another run holds it.
    Busy,
    /// The lock file cannot be made or locked.
    Io(io::Error),
}

/// Takes the lock of `out` (creating the folder), waiting up to `wait`.
pub fn acquire(out: &Path, wait: Duration) -> Result<OutputLock, LockError> {
    std::fs::create_dir_all(out).map_err(LockError::Io)?;
    let file = OpenOptions::new()
        .create(true)
        .truncate(false)
        .read(true)
        .write(true)
        .open(out.join(LOCK_FILE))
        .map_err(LockError::Io)?;
    let deadline = Instant::now() + wait;
    loop {
        match file.try_lock() {
            Ok(()) => break,
            Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                std::thread::sleep(Duration::from_millis(100));
            }
            Err(TryLockError::WouldBlock) => return Err(LockError::Busy),
            Err(TryLockError::Error(e)) => return Err(LockError::Io(e)),
        }
    }
    // Test-only (debug builds): hold the lock longer, to show a second run waiting.
    crate::test_pause("THIDUA_TEST_HOLD_LOCK_MS");
    Ok(OutputLock { _file: file })
}

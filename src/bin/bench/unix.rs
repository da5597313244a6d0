//! `thidua-bench`: times `thidua run` side by side with the Python peer
//! (`../shared/bench/baseline.py`) and the raw calamine floor, on folders
//! made by the peer's `gen.py` so both programs read the same files, and
//! writes BENCHMARKS.md (issue 7).
//!
//! ```text
//! cargo run --release --bin thidua-bench -- [--sizes sample,4,100,1000,10000]
//!     [--criteria 40] [--sweep 20,40,80] [--sweep-units 1000] [--reps R]
//!     [--data DIR] [--peer DIR] [--no-peer] [--thidua PATH] [--report FILE]
//!     [--regen]
//! cargo run --bin thidua-bench -- --smoke      # seconds; needs no Python
//! ```
//!
//! Every program runs as a child process and is measured the same way: wall
//! time, CPU time (user + sys from `wait4`, which includes the child's
//! waited-for descendants) and peak RSS of the largest process (`ru_maxrss`,
//! as GNU time reports it); for the peer's process pools also the peak summed
//! PSS of the process tree, sampled every 50 ms. Median of 3 runs (1 at
//! 10 000 units and more), or `--reps`.
//!
//! The floor is a function of this binary (`thidua-bench floor DIR`):
//! calamine opening each workbook of `DIR/nop` and touching every cell of
//! every sheet, nothing else, on one thread and on every core. The same
//! binary also times thidua's own reading phase through the library
//! (`thidua-bench read DIR`: `workbook::read_workbook` and
//! `import::import_with` for every inbox file, in parallel as `run` does).

use rayon::prelude::*;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const USAGE: &str = "usage: thidua-bench [--sizes sample,4,100,1000,10000] [--criteria 40] \
[--sweep 20,40,80] [--sweep-units 1000] [--no-sweep] [--reps R] [--data DIR] [--peer DIR] \
[--no-peer] [--thidua PATH] [--report FILE] [--regen] [--smoke]
       thidua-bench floor DIR [--threads N]
       thidua-bench read DIR [--no-import]
       thidua-bench stages DIR [--reps R]
       thidua-bench exec RESULT_FILE CMD [ARGS...]
       thidua-bench serve [--sizes 40,1000] [--criteria 40] [--reps 5] [--report FILE]";

/// Where BENCHMARKS.md's measured part starts and ends; text outside the
/// markers is kept when the file is rewritten.
const BEGIN: &str = "<!-- thidua-bench: begin (generated, do not edit by hand) -->";
const END: &str = "<!-- thidua-bench: end -->";

pub fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let code = match args.first().map(String::as_str) {
        Some("floor") => sub_floor(&args[1..]),
        Some("read") => sub_read(&args[1..]),
        Some("stages") => sub_stages(&args[1..]),
        Some("exec") => sub_exec(&args[1..]),
        Some("serve") => crate::serve::main(&args[1..]),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            0
        }
        _ => match Args::parse(&args) {
            Ok(a) => match bench(&a) {
                Ok(()) => 0,
                Err(e) => {
                    eprintln!("thidua-bench: {e}");
                    1
                }
            },
            Err(e) => {
                eprintln!("thidua-bench: {e}\n{USAGE}");
                2
            }
        },
    };
    std::process::exit(code);
}

// ---------------------------------------------------------------------------
// Arguments
// ---------------------------------------------------------------------------

/// A folder to time: the repository's 4-unit sample or a gen.py folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Size {
    Sample,
    Units(usize),
}

impl Size {
    fn label(self) -> String {
        match self {
            Size::Sample => "sample".into(),
            Size::Units(n) => n.to_string(),
        }
    }

    fn units(self) -> usize {
        match self {
            Size::Sample => 4,
            Size::Units(n) => n,
        }
    }
}

#[derive(Debug)]
struct Args {
    sizes: Vec<Size>,
    criteria: usize,
    sweep: Vec<usize>,
    sweep_units: usize,
    reps: Option<usize>,
    data: PathBuf,
    peer: Option<PathBuf>,
    thidua: PathBuf,
    report: PathBuf,
    regen: bool,
    sample: PathBuf,
}

fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

impl Args {
    fn parse(args: &[String]) -> Result<Args, String> {
        let mut a = Args {
            sizes: vec![
                Size::Sample,
                Size::Units(4),
                Size::Units(100),
                Size::Units(1000),
                Size::Units(10000),
            ],
            criteria: 40,
            sweep: vec![20, 40, 80],
            sweep_units: 1000,
            reps: None,
            data: std::env::temp_dir().join("thidua-bench"),
            peer: Some(manifest_dir().join("../shared/bench")),
            thidua: default_thidua(),
            report: manifest_dir().join("BENCHMARKS.md"),
            regen: false,
            sample: manifest_dir().join("samples/cum3-2016"),
        };
        let mut report_given = false;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = || {
                it.next()
                    .cloned()
                    .ok_or_else(|| format!("{arg} needs a value"))
            };
            match arg.as_str() {
                "--sizes" => a.sizes = parse_sizes(&value()?)?,
                "--criteria" => a.criteria = parse_number(&value()?)?,
                "--sweep" => a.sweep = parse_list(&value()?)?,
                "--no-sweep" => a.sweep.clear(),
                "--sweep-units" => a.sweep_units = parse_number(&value()?)?,
                "--reps" => a.reps = Some(parse_number(&value()?)?.max(1)),
                "--data" => a.data = PathBuf::from(value()?),
                "--peer" => a.peer = Some(PathBuf::from(value()?)),
                "--no-peer" => a.peer = None,
                "--thidua" => a.thidua = PathBuf::from(value()?),
                "--report" => {
                    a.report = PathBuf::from(value()?);
                    report_given = true;
                }
                "--sample" => a.sample = PathBuf::from(value()?),
                "--regen" => a.regen = true,
                "--smoke" => {
                    a.sizes = vec![Size::Sample];
                    a.sweep.clear();
                    a.reps = Some(1);
                    a.peer = None;
                }
                other => return Err(format!("unknown argument {other}")),
            }
        }
        if !report_given && a.sizes.iter().all(|s| s.units() < 1000) {
            // A small run does not overwrite the committed report.
            a.report = a.data.join("BENCHMARKS.md");
        }
        Ok(a)
    }

    fn reps(&self, units: usize) -> usize {
        self.reps.unwrap_or(if units >= 10_000 { 1 } else { 3 })
    }
}

/// The `thidua` binary next to this one (same profile, same target dir).
fn default_thidua() -> PathBuf {
    let exe = std::env::current_exe().unwrap_or_default();
    exe.with_file_name(format!("thidua{}", std::env::consts::EXE_SUFFIX))
}

fn parse_number(s: &str) -> Result<usize, String> {
    s.trim()
        .replace('_', "")
        .parse()
        .map_err(|_| format!("not a number: {s}"))
}

fn parse_list(s: &str) -> Result<Vec<usize>, String> {
    s.split([',', ' '])
        .filter(|p| !p.is_empty())
        .map(parse_number)
        .collect()
}

fn parse_sizes(s: &str) -> Result<Vec<Size>, String> {
    s.split([',', ' '])
        .filter(|p| !p.is_empty())
        .map(|p| match p {
            "sample" => Ok(Size::Sample),
            n => parse_number(n).map(Size::Units),
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Measuring a child process
// ---------------------------------------------------------------------------

/// One run of one command.
#[derive(Debug, Clone, Copy)]
struct Sample {
    wall: f64,
    cpu: f64,
    /// Peak RSS of the largest process, MB.
    rss: f64,
    /// Peak summed PSS of the process tree, MB (only when sampled).
    tree: Option<f64>,
    status: i32,
}

/// Runs a command to the end and measures it: wall time here; CPU time and
/// peak RSS as a small launcher process (`thidua-bench exec`) sees them.
///
/// The launcher is there for the RSS: Linux counts in a child's `ru_maxrss`
/// the resident size of the process it was forked from, so a child forked
/// straight from this (large) process would report this process's memory.
/// The launcher is small; what it adds is a few MB, as with GNU time.
fn measure(cmd: &Command, tree: bool, stdout: Stdio, stderr: Stdio) -> io::Result<Sample> {
    let me = std::env::current_exe()?;
    let result = tempfile_path();
    let mut launcher = Command::new(me);
    launcher
        .arg("exec")
        .arg(&result)
        .arg(cmd.get_program())
        .args(cmd.get_args());
    if let Some(dir) = cmd.get_current_dir() {
        launcher.current_dir(dir);
    }
    for (k, v) in cmd.get_envs() {
        match v {
            Some(v) => launcher.env(k, v),
            None => launcher.env_remove(k),
        };
    }
    launcher.stdout(stdout).stderr(stderr);
    let mut sample = measure_direct(&mut launcher, tree)?;
    let text = fs::read_to_string(&result).unwrap_or_default();
    let _ = fs::remove_file(&result);
    let f: Vec<f64> = text
        .split_whitespace()
        .filter_map(|x| x.parse().ok())
        .collect();
    if let [status, cpu, rss_kb, wall] = f[..] {
        sample.status = status as i32;
        sample.cpu = cpu;
        sample.rss = rss_kb / 1024.0;
        // The launcher's own start-up is not the program's time.
        sample.wall = wall;
    }
    Ok(sample)
}

fn tempfile_path() -> PathBuf {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    std::env::temp_dir().join(format!(
        "thidua-bench-{}-{}.txt",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ))
}

/// `exec RESULT CMD ARGS...`: runs CMD (same stdio) and writes its exit
/// status, CPU seconds (user + sys, with its waited-for children), peak RSS
/// (KB) and wall seconds (spawn to exit) to RESULT; exits with its status.
fn sub_exec(args: &[String]) -> i32 {
    let [result, program, rest @ ..] = args else {
        eprintln!("{USAGE}");
        return 2;
    };
    let mut cmd = Command::new(program);
    cmd.args(rest);
    let started = Instant::now();
    match run_and_wait(&mut cmd) {
        Ok((status, usage)) => {
            let wall = started.elapsed().as_secs_f64();
            let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
            let cpu = secs(usage.ru_utime) + secs(usage.ru_stime);
            let _ = fs::write(
                result,
                format!("{status} {cpu:.6} {} {wall:.6}\n", usage.ru_maxrss),
            );
            status
        }
        Err(e) => {
            eprintln!("{program}: {e}");
            127
        }
    }
}

/// Spawns and reaps a command with `wait4`: (exit status, its rusage).
fn run_and_wait(cmd: &mut Command) -> io::Result<(i32, libc::rusage)> {
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    // Reaped by wait4: the handle must not wait again.
    drop(child);
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Ok((code, usage))
}

/// Runs a command and measures wall time, CPU and RSS from `wait4` on it;
/// with `tree`, also the peak summed PSS of its process tree.
fn measure_direct(cmd: &mut Command, tree: bool) -> io::Result<Sample> {
    let started = Instant::now();
    let child = cmd.spawn()?;
    let pid = child.id() as libc::pid_t;
    let stop = Arc::new(AtomicBool::new(false));
    let peak_pss = Arc::new(AtomicU64::new(0));
    let sampler = tree.then(|| {
        let (stop, peak) = (Arc::clone(&stop), Arc::clone(&peak_pss));
        std::thread::spawn(move || {
            while !stop.load(Ordering::Relaxed) {
                let kb: u64 = process_tree(pid).into_iter().map(pss_kb).sum();
                peak.fetch_max(kb, Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(50));
            }
        })
    });
    let mut status = 0;
    // SAFETY: rusage is plain data; wait4 fills it for our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    loop {
        let r = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
        if r == pid {
            break;
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
    let wall = started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    if let Some(s) = sampler {
        let _ = s.join();
    }
    // The child was reaped by wait4: forget the handle without waiting again.
    drop(child);
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        128 + libc::WTERMSIG(status)
    };
    Ok(Sample {
        wall,
        cpu: secs(usage.ru_utime) + secs(usage.ru_stime),
        rss: usage.ru_maxrss as f64 / 1024.0,
        tree: tree.then(|| peak_pss.load(Ordering::Relaxed) as f64 / 1024.0),
        status: code,
    })
}

/// A process and its descendants, from /proc/*/stat.
fn process_tree(root: libc::pid_t) -> Vec<u32> {
    let mut children: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    if let Ok(entries) = fs::read_dir("/proc") {
        for e in entries.flatten() {
            let Ok(pid) = e.file_name().to_string_lossy().parse::<u32>() else {
                continue;
            };
            let Ok(stat) = fs::read_to_string(e.path().join("stat")) else {
                continue;
            };
            let ppid = stat
                .rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1))
                .and_then(|p| p.parse::<u32>().ok());
            if let Some(ppid) = ppid {
                children.entry(ppid).or_default().push(pid);
            }
        }
    }
    let mut out = Vec::new();
    let mut todo = vec![root as u32];
    while let Some(p) = todo.pop() {
        out.push(p);
        todo.extend(children.get(&p).into_iter().flatten());
    }
    out
}

fn pss_kb(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/smaps_rollup"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Pss:"))
                .and_then(|l| l.split_whitespace().nth(1)?.parse().ok())
        })
        .unwrap_or(0)
}

/// The runs of one command on one folder.
#[derive(Debug, Clone)]
struct Timing {
    program: String,
    samples: Vec<Sample>,
}

impl Timing {
    fn median_by(&self, f: impl Fn(&Sample) -> f64) -> f64 {
        let mut v: Vec<f64> = self.samples.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        match v.len() {
            0 => f64::NAN,
            n if n % 2 == 1 => v[n / 2],
            n => (v[n / 2 - 1] + v[n / 2]) / 2.0,
        }
    }
    fn wall(&self) -> f64 {
        self.median_by(|s| s.wall)
    }
    fn cpu(&self) -> f64 {
        self.median_by(|s| s.cpu)
    }
    fn rss(&self) -> f64 {
        self.samples.iter().map(|s| s.rss).fold(0.0, f64::max)
    }
    fn tree(&self) -> Option<f64> {
        self.samples.iter().filter_map(|s| s.tree).reduce(f64::max)
    }
    fn range(&self) -> (f64, f64) {
        let w = self.samples.iter().map(|s| s.wall);
        (
            w.clone().fold(f64::INFINITY, f64::min),
            w.fold(0.0, f64::max),
        )
    }
    fn status(&self) -> i32 {
        self.samples.last().map_or(-1, |s| s.status)
    }
}

// ---------------------------------------------------------------------------
// The benchmark
// ---------------------------------------------------------------------------

/// Programs, in table order.
const THIDUA_RUN: &str = "thidua run";
const THIDUA_CHECK: &str = "thidua check";
const THIDUA_READ: &str = "thidua read+import (lib)";
const FLOOR_PAR: &str = "floor: calamine, all cores";
const FLOOR_1: &str = "floor: calamine, 1 thread";
const PEER_DEFAULT: &str = "peer default (pandas)";
const PEER_CALAMINE: &str = "peer --reader calamine";
const PEER_JOBS: &str = "peer --jobs 2";
const PEER_CALAMINE_JOBS: &str = "peer --reader calamine --jobs 2";
const PEER_FLOOR: &str = "peer floor.py (python-calamine)";
const PEER_MODES: [&str; 4] = [PEER_DEFAULT, PEER_CALAMINE, PEER_JOBS, PEER_CALAMINE_JOBS];

/// What was measured on one folder.
struct Measured {
    size: Size,
    criteria: usize,
    folder: PathBuf,
    timings: Vec<Timing>,
    /// What `thidua run` wrote: (file name, bytes).
    outputs: Vec<(String, u64)>,
    /// thidua's result compared with the peer's.
    agreement: Option<String>,
    gen_seconds: Option<f64>,
    /// `thidua-bench stages` on the folder: (stage, wall, CPU, peak RSS so far, bytes).
    stages: Vec<Stage>,
}

impl Measured {
    fn get(&self, program: &str) -> Option<&Timing> {
        self.timings.iter().find(|t| t.program == program)
    }
}

/// Under `cargo run`, builds the `thidua` binary next to this one first, so
/// that it is never older than the sources (cargo builds only the binary it runs).
fn build_thidua(a: &Args) -> Result<(), String> {
    let Some(cargo) = std::env::var_os("CARGO") else {
        return Ok(());
    };
    if a.thidua != default_thidua() {
        return Ok(());
    }
    let mut cmd = Command::new(cargo);
    cmd.args(["build", "--quiet", "--bin", "thidua"])
        .current_dir(manifest_dir());
    if !cfg!(debug_assertions) {
        cmd.arg("--release");
    }
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        _ => Err("cargo build --bin thidua failed".into()),
    }
}

fn bench(a: &Args) -> Result<(), String> {
    build_thidua(a)?;
    if !a.thidua.is_file() {
        return Err(format!(
            "no thidua binary at {} (build it: cargo build --release --bin thidua, or pass --thidua)",
            a.thidua.display()
        ));
    }
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    fs::create_dir_all(a.data.join("logs")).map_err(|e| e.to_string())?;
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let peer = match &a.peer {
        Some(dir) => Some(check_peer(&python, dir)?),
        None => None,
    };
    let needs_gen = a.sizes.iter().any(|s| matches!(s, Size::Units(_))) || !a.sweep.is_empty();
    if needs_gen && a.peer.is_none() {
        check_gen(&python, &gen_dir(a))?;
    }
    let mut measured = Vec::new();
    for &size in &a.sizes {
        let m = bench_folder(a, &me, &python, peer.as_deref(), size, a.criteria, true)?;
        measured.push(m);
        write_report(a, &measured, &[])?;
    }
    let mut sweep = Vec::new();
    for &k in &a.sweep {
        let existing = measured
            .iter()
            .position(|m| m.size == Size::Units(a.sweep_units) && m.criteria == k);
        let m = match existing {
            Some(i) => clone_measured(&measured[i]),
            None => bench_folder(
                a,
                &me,
                &python,
                peer.as_deref(),
                Size::Units(a.sweep_units),
                k,
                false,
            )?,
        };
        sweep.push(m);
        write_report(a, &measured, &sweep)?;
    }
    write_report(a, &measured, &sweep)?;
    eprintln!("wrote {}", a.report.display());
    Ok(())
}

fn clone_measured(m: &Measured) -> Measured {
    Measured {
        size: m.size,
        criteria: m.criteria,
        folder: m.folder.clone(),
        timings: m.timings.clone(),
        outputs: m.outputs.clone(),
        agreement: m.agreement.clone(),
        gen_seconds: m.gen_seconds,
        stages: m.stages.clone(),
    }
}

fn gen_dir(a: &Args) -> PathBuf {
    a.peer
        .clone()
        .unwrap_or_else(|| manifest_dir().join("../shared/bench"))
}

/// The peer's folder, once its Python modules are known to import.
fn check_peer(python: &str, dir: &Path) -> Result<PathBuf, String> {
    let dir = dir
        .canonicalize()
        .map_err(|e| format!("peer folder {}: {e}", dir.display()))?;
    for f in ["baseline.py", "gen.py", "floor.py"] {
        if !dir.join(f).is_file() {
            return Err(format!("no {f} in {}", dir.display()));
        }
    }
    let ok = Command::new(python)
        .args([
            "-c",
            "import pandas, openpyxl, xlsxwriter, reportlab, python_calamine",
        ])
        .stderr(Stdio::null())
        .status()
        .map(|s| s.success())
        .unwrap_or(false);
    if !ok {
        return Err(format!(
            "the peer needs: {python} -m pip install pandas openpyxl xlsxwriter reportlab python-calamine odfpy xlwt (or pass --no-peer)"
        ));
    }
    Ok(dir)
}

fn check_gen(python: &str, dir: &Path) -> Result<(), String> {
    let ok = dir.join("gen.py").is_file()
        && Command::new(python)
            .args(["-c", "import xlsxwriter"])
            .stderr(Stdio::null())
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
    if ok {
        Ok(())
    } else {
        Err(format!(
            "making folders needs {}/gen.py and Python xlsxwriter; use --sizes sample (or --smoke) without them",
            dir.display()
        ))
    }
}

/// Makes (or reuses) a folder and times everything on it.
fn bench_folder(
    a: &Args,
    me: &Path,
    python: &str,
    peer: Option<&Path>,
    size: Size,
    criteria: usize,
    full: bool,
) -> Result<Measured, String> {
    let (folder, gen_seconds) = prepare(a, python, size, criteria)?;
    let units = size.units();
    let reps = a.reps(units);
    let dir = folder.to_string_lossy().to_string();
    let tag = match size {
        Size::Sample => "sample".to_string(),
        Size::Units(n) => format!("n{n}-c{criteria}"),
    };
    eprintln!("== {tag}: {reps} run(s) each");
    let mut timings = Vec::new();
    let mut time =
        |program: &str, cmd: &mut dyn FnMut() -> Command, tree: bool| -> Result<(), String> {
            let mut samples = Vec::new();
            for rep in 0..reps {
                let log = a.data.join("logs").join(format!(
                    "{tag}-{}.log",
                    program.replace([' ', '/', ':', ',', '(', ')', '+'], "_")
                ));
                let out = fs::File::create(&log).map_err(|e| e.to_string())?;
                let s = measure(&cmd(), tree, Stdio::null(), Stdio::from(out))
                    .map_err(|e| format!("{program}: {e}"))?;
                eprintln!(
                    "   {program:<34} run {}: {:>8.3} s wall {:>8.3} s cpu {:>7.1} MB{} rc {}",
                    rep + 1,
                    s.wall,
                    s.cpu,
                    s.rss,
                    s.tree
                        .map(|t| format!(" (tree {t:.0} MB)"))
                        .unwrap_or_default(),
                    s.status
                );
                samples.push(s);
            }
            timings.push(Timing {
                program: program.to_string(),
                samples,
            });
            Ok(())
        };
    let thidua = a.thidua.clone();
    time(
        THIDUA_RUN,
        &mut || {
            let mut c = Command::new(&thidua);
            c.args(["run", &dir]);
            c
        },
        false,
    )?;
    if full {
        time(
            THIDUA_CHECK,
            &mut || {
                let mut c = Command::new(&thidua);
                c.args(["check", "--quiet", &dir]);
                c
            },
            false,
        )?;
    }
    time(
        THIDUA_READ,
        &mut || {
            let mut c = Command::new(me);
            c.args(["read", &dir]);
            c
        },
        false,
    )?;
    time(
        FLOOR_PAR,
        &mut || {
            let mut c = Command::new(me);
            c.args(["floor", &dir]);
            c
        },
        false,
    )?;
    if full {
        time(
            FLOOR_1,
            &mut || {
                let mut c = Command::new(me);
                c.args(["floor", &dir, "--threads", "1"]);
                c
            },
            false,
        )?;
    }
    if let Some(peer) = peer {
        let baseline = peer.join("baseline.py").to_string_lossy().to_string();
        let modes: Vec<(&str, Vec<&str>, &str)> = vec![
            (PEER_DEFAULT, vec![], "ket-qua-baseline"),
            (
                PEER_CALAMINE,
                vec!["--reader", "calamine"],
                "ket-qua-baseline-calamine",
            ),
            (PEER_JOBS, vec!["--jobs", "2"], "ket-qua-baseline-jobs2"),
            (
                PEER_CALAMINE_JOBS,
                vec!["--reader", "calamine", "--jobs", "2"],
                "ket-qua-baseline-calamine-jobs2",
            ),
        ];
        for (program, extra, out) in modes {
            if !full && program != PEER_CALAMINE {
                continue;
            }
            let out_dir = folder.join(out);
            let _ = fs::remove_dir_all(&out_dir);
            let out = out_dir.to_string_lossy().to_string();
            let tree = extra.contains(&"--jobs");
            time(
                program,
                &mut || {
                    let mut c = Command::new(python);
                    c.arg(&baseline)
                        .arg(&dir)
                        .args(&extra)
                        .args(["--out", &out]);
                    c
                },
                tree,
            )?;
            // The peer exits 1 both for findings and for a Python exception:
            // only its three outputs tell that it did the whole job.
            let written = list_outputs(&out_dir);
            let missing: Vec<&str> = ["json", "xlsx", "pdf"]
                .into_iter()
                .filter(|ext| {
                    !written
                        .iter()
                        .any(|(name, _)| name.ends_with(&format!(".{ext}")))
                })
                .collect();
            if !missing.is_empty() {
                return Err(format!(
                    "{program} wrote no {} in {} (its PDF needs fonts-liberation2); see {}",
                    missing.join(", "),
                    out_dir.display(),
                    a.data.join("logs").display()
                ));
            }
        }
        if full {
            let floor_py = peer.join("floor.py");
            time(
                PEER_FLOOR,
                &mut || {
                    let mut c = Command::new(python);
                    c.arg(&floor_py).arg(&dir);
                    c
                },
                false,
            )?;
        }
    }
    // Every program must have worked: 0, or 1 for findings in the workbooks.
    for t in &timings {
        let ok = match t.program.as_str() {
            FLOOR_PAR | FLOOR_1 | THIDUA_READ | PEER_FLOOR => {
                t.samples.iter().all(|s| s.status == 0)
            }
            _ => t.samples.iter().all(|s| s.status <= 1),
        };
        if !ok {
            return Err(format!(
                "{} failed on {} (exit {}); see {}",
                t.program,
                folder.display(),
                t.status(),
                a.data.join("logs").display()
            ));
        }
    }
    let outputs = list_outputs(&folder.join("ket-qua"));
    let agreement = peer.and_then(|_| compare_with_peer(&folder));
    let stages = if full {
        stages(me, &folder)?
    } else {
        Vec::new()
    };
    Ok(Measured {
        size,
        criteria,
        folder,
        timings,
        outputs,
        agreement,
        gen_seconds,
        stages,
    })
}

/// One stage of `thidua-bench stages`: name, wall s, CPU s, peak RSS so far (MB), bytes made.
type Stage = (String, f64, f64, f64, u64);

/// `thidua-bench stages` on a folder, once: where `run`'s time goes.
fn stages(me: &Path, folder: &Path) -> Result<Vec<Stage>, String> {
    let out = Command::new(me)
        .arg("stages")
        .arg(folder)
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("stages: {e}"))?;
    if !out.status.success() {
        return Err(format!("stages failed on {}", folder.display()));
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<_> = text
        .lines()
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            match f[..] {
                ["STAGE", name, wall, cpu, rss, bytes] => Some((
                    name.to_string(),
                    wall.parse().ok()?,
                    cpu.parse().ok()?,
                    rss.parse().ok()?,
                    bytes.parse().ok()?,
                )),
                _ => None,
            }
        })
        .collect();
    for (name, wall, cpu, rss, _) in &rows {
        eprintln!(
            "   stage {name:<10} {wall:>8.3} s wall {cpu:>8.3} s cpu, peak {rss:.0} MB so far"
        );
    }
    Ok(rows)
}

/// The folder for a size: a copy of the sample, or gen.py's output (reused
/// when already made with the same parameters).
fn prepare(
    a: &Args,
    python: &str,
    size: Size,
    criteria: usize,
) -> Result<(PathBuf, Option<f64>), String> {
    match size {
        Size::Sample => {
            let dest = a.data.join("sample");
            let _ = fs::remove_dir_all(&dest);
            copy_dir(&a.sample, &dest)
                .map_err(|e| format!("copying {}: {e}", a.sample.display()))?;
            Ok((dest, None))
        }
        Size::Units(n) => {
            let dest = a.data.join(format!("n{n}-c{criteria}"));
            let stamp = dest.join(".bench-stamp");
            let want = format!("gen.py {n} --seed 1 --criteria {criteria}\n");
            if !a.regen && fs::read_to_string(&stamp).ok().as_deref() == Some(want.as_str()) {
                return Ok((dest, None));
            }
            let _ = fs::remove_dir_all(&dest);
            eprintln!(
                "== generating {n} units, {criteria} criteria in {}",
                dest.display()
            );
            let gen = gen_dir(a).join("gen.py");
            let mut cmd = Command::new(python);
            cmd.arg(&gen).arg(n.to_string()).arg(&dest).args([
                "--seed",
                "1",
                "--criteria",
                &criteria.to_string(),
            ]);
            let s = measure(&cmd, false, Stdio::null(), Stdio::inherit())
                .map_err(|e| format!("gen.py: {e}"))?;
            if s.status != 0 {
                return Err(format!("gen.py failed with status {}", s.status));
            }
            fs::write(&stamp, want).map_err(|e| e.to_string())?;
            Ok((dest, Some(s.wall)))
        }
    }
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    for e in fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

fn list_outputs(dir: &Path) -> Vec<(String, u64)> {
    let mut out: Vec<(String, u64)> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            meta.is_file()
                .then(|| (e.file_name().to_string_lossy().to_string(), meta.len()))
        })
        .collect();
    out.sort();
    out
}

/// Compares thidua's JSON result with the peer's default mode: units (status,
/// totals, ranks, classifications, proposals, every score) and findings
/// (kind, unit, cell, expected, found; the wording differs by design).
fn compare_with_peer(folder: &Path) -> Option<String> {
    let load = |dir: &str| -> Option<serde_json::Value> {
        let entry = fs::read_dir(folder.join(dir))
            .ok()?
            .flatten()
            .find(|e| e.file_name().to_string_lossy().ends_with(".json"))?;
        serde_json::from_slice(&fs::read(entry.path()).ok()?).ok()
    };
    let ours = load("ket-qua")?;
    let theirs = load("ket-qua-baseline")?;
    let units = |v: &serde_json::Value| -> BTreeMap<String, String> {
        v["units"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|u| {
                let key = u["code"].as_str().unwrap_or_default().to_string();
                let val = [
                    "status",
                    "self_total",
                    "total",
                    "rank",
                    "classification",
                    "proposal",
                    "scores",
                ]
                .iter()
                .map(|k| u[*k].to_string())
                .collect::<Vec<_>>()
                .join("|");
                (key, val)
            })
            .collect()
    };
    let findings = |v: &serde_json::Value| -> Vec<String> {
        let mut f: Vec<String> = v["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|d| {
                ["kind", "unit", "cell", "expected", "found"]
                    .iter()
                    .map(|k| d[*k].to_string())
                    .collect::<Vec<_>>()
                    .join("|")
            })
            .collect();
        f.sort();
        f
    };
    let (ou, tu) = (units(&ours), units(&theirs));
    let same_units = ou.iter().filter(|(k, v)| tu.get(*k) == Some(v)).count();
    let (of, tf) = (findings(&ours), findings(&theirs));
    // Findings matched one to one (both lists are sorted).
    let (mut i, mut j, mut same) = (0, 0, 0);
    let mut unmatched: BTreeMap<String, usize> = BTreeMap::new();
    while i < of.len() {
        if j < tf.len() && of[i] == tf[j] {
            same += 1;
            i += 1;
            j += 1;
        } else if j < tf.len() && tf[j] < of[i] {
            j += 1;
        } else {
            let kind = of[i]
                .split('|')
                .next()
                .unwrap_or_default()
                .trim_matches('"');
            *unmatched.entry(kind.to_string()).or_default() += 1;
            i += 1;
        }
    }
    let differing: Vec<String> = unmatched.iter().map(|(k, n)| format!("{k} ×{n}")).collect();
    Some(format!(
        "{same_units}/{} units identical (status, totals, rank, class, proposal, all {} scores); \
         {same} of {} findings identical (kind, unit, cell, expected, found; the peer has {}){}",
        ou.len().max(tu.len()),
        ours["units"][0]["scores"]
            .as_object()
            .map_or(0, |m| m.len()),
        of.len(),
        tf.len(),
        if differing.is_empty() {
            String::new()
        } else {
            format!("; not in the peer: {}", differing.join(", "))
        }
    ))
}

// ---------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------

fn fmt_s(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x < 0.1 {
        format!("{:.1} ms", x * 1000.0)
    } else if x < 10.0 {
        format!("{x:.2} s")
    } else {
        format!("{x:.1} s")
    }
}

fn fmt_ratio(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x >= 10.0 {
        format!("{x:.0}×")
    } else {
        format!("{x:.1}×")
    }
}

fn machine() -> String {
    let cpuinfo = fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find(|l| l.starts_with("model name"))
        .and_then(|l| l.split_once(':'))
        .map(|(_, m)| m.trim().to_string())
        .unwrap_or_else(|| "unknown".into());
    let meminfo = fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let mem_gb = meminfo
        .lines()
        .find(|l| l.starts_with("MemTotal:"))
        .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map(|kb| kb / 1024.0 / 1024.0)
        .unwrap_or(f64::NAN);
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    let load = fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let rustc = Command::new("rustc")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    let python = Command::new("python3")
        .arg("--version")
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    format!(
        "nproc {cores}; CPU {model}; memory {mem_gb:.1} GB; Linux {}; {rustc}; {python}; load average at the end {}",
        kernel.trim(),
        load.split_whitespace().take(3).collect::<Vec<_>>().join(" ")
    )
}

fn write_report(a: &Args, measured: &[Measured], sweep: &[Measured]) -> Result<(), String> {
    let body = render(a, measured, sweep);
    let existing = fs::read_to_string(&a.report).unwrap_or_default();
    let text = match (existing.find(BEGIN), existing.find(END)) {
        (Some(b), Some(e)) if b < e => format!(
            "{}{BEGIN}\n{body}{END}{}",
            &existing[..b],
            &existing[e + END.len()..]
        ),
        _ => format!("# Benchmarks\n\n{BEGIN}\n{body}{END}\n"),
    };
    fs::write(&a.report, text).map_err(|e| format!("{}: {e}", a.report.display()))
}

fn render(a: &Args, measured: &[Measured], sweep: &[Measured]) -> String {
    let mut s = String::new();
    let sizes: Vec<String> = measured.iter().map(|m| m.size.label()).collect();
    let args: Vec<String> = std::env::args().skip(1).collect();
    let _ = writeln!(
        s,
        "Measured by `thidua-bench {}` ({} build), sizes {}, {} criteria, gen.py seed 1, warm page cache.\n",
        args.join(" "),
        if cfg!(debug_assertions) { "debug" } else { "release" },
        sizes.join(", "),
        a.criteria
    );
    let _ = writeln!(s, "Machine: {}.\n", machine());
    let _ = writeln!(
        s,
        "Wall = median of the runs [min-max] (3 runs, 1 at 10 000 units); CPU = user+sys of the \
         process and its children (median); RSS = peak resident memory of the largest single \
         process; for the peer's `--jobs 2` also the peak summed PSS of its process tree.\n"
    );
    let _ = writeln!(s, "## Every program at every size\n");
    let _ = writeln!(s, "| units | program | wall | CPU | peak RSS | exit |");
    let _ = writeln!(s, "|---|---|---:|---:|---:|---:|");
    for m in measured {
        for t in &m.timings {
            let (lo, hi) = t.range();
            let range = if t.samples.len() > 1 {
                format!(" [{}-{}]", fmt_s(lo), fmt_s(hi))
            } else {
                String::new()
            };
            let rss = match t.tree() {
                Some(tree) => format!("{:.0} MB (tree {tree:.0} MB)", t.rss()),
                None => format!("{:.0} MB", t.rss()),
            };
            let _ = writeln!(
                s,
                "| {} | {} | {}{range} | {} | {rss} | {} |",
                size_label(m),
                t.program,
                fmt_s(t.wall()),
                fmt_s(t.cpu()),
                t.status()
            );
        }
    }
    let _ = writeln!(s, "\n## Ratios\n");
    let _ = writeln!(
        s,
        "Peer wall time / `thidua run` wall time (how many times faster thidua is), and thidua / floor.\n"
    );
    let _ = writeln!(
        s,
        "| units | default | calamine | jobs 2 | calamine + jobs 2 | fastest peer | run / floor (all cores) | check / floor | read+import / floor (all cores) | read+import CPU / floor CPU |"
    );
    let _ = writeln!(s, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
    for m in measured {
        let Some(run) = m.get(THIDUA_RUN) else {
            continue;
        };
        let ratio = |p: &str| m.get(p).map_or(f64::NAN, |t| t.wall() / run.wall());
        let fastest = PEER_MODES
            .iter()
            .filter_map(|p| m.get(p))
            .map(Timing::wall)
            .fold(f64::INFINITY, f64::min)
            / run.wall();
        let floor = m.get(FLOOR_PAR);
        let read = m.get(THIDUA_READ);
        let over = |t: Option<&Timing>, f: &dyn Fn(&Timing) -> f64| match (t, floor) {
            (Some(t), Some(fl)) => f(t) / f(fl),
            _ => f64::NAN,
        };
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} |",
            size_label(m),
            fmt_ratio(ratio(PEER_DEFAULT)),
            fmt_ratio(ratio(PEER_CALAMINE)),
            fmt_ratio(ratio(PEER_JOBS)),
            fmt_ratio(ratio(PEER_CALAMINE_JOBS)),
            fmt_ratio(fastest),
            fmt_ratio(over(Some(run), &Timing::wall)),
            fmt_ratio(over(m.get(THIDUA_CHECK), &Timing::wall)),
            fmt_ratio(over(read, &Timing::wall)),
            fmt_ratio(over(read, &Timing::cpu)),
        );
    }
    let _ = writeln!(
        s,
        "\n## Growth with units (`thidua run`, {} criteria)\n",
        a.criteria
    );
    let _ = writeln!(
        s,
        "| units | wall | per unit | CPU per unit | peak RSS | floor per unit (1 thread) |"
    );
    let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|");
    for m in measured.iter().filter(|m| matches!(m.size, Size::Units(_))) {
        let Some(run) = m.get(THIDUA_RUN) else {
            continue;
        };
        let n = m.size.units() as f64;
        let floor1 = m.get(FLOOR_1).map_or(f64::NAN, |t| t.wall() / n);
        let _ = writeln!(
            s,
            "| {} | {} | {} | {} | {:.0} MB | {} |",
            m.size.units(),
            fmt_s(run.wall()),
            fmt_s(run.wall() / n),
            fmt_s(run.cpu() / n),
            run.rss(),
            fmt_s(floor1)
        );
    }
    if !sweep.is_empty() {
        let _ = writeln!(s, "\n## Growth with criteria ({} units)\n", a.sweep_units);
        let _ = writeln!(
            s,
            "| criteria | `thidua run` | CPU | peak RSS | read+import (lib) | floor (all cores) | peer --reader calamine | peer / thidua |"
        );
        let _ = writeln!(s, "|---:|---:|---:|---:|---:|---:|---:|---:|");
        for m in sweep {
            let w = |p: &str| m.get(p).map_or(f64::NAN, Timing::wall);
            let run = m.get(THIDUA_RUN);
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} | {} | {} | {} | {} |",
                m.criteria,
                fmt_s(w(THIDUA_RUN)),
                fmt_s(run.map_or(f64::NAN, Timing::cpu)),
                run.map_or("-".into(), |t| format!("{:.0} MB", t.rss())),
                fmt_s(w(THIDUA_READ)),
                fmt_s(w(FLOOR_PAR)),
                fmt_s(w(PEER_CALAMINE)),
                fmt_ratio(w(PEER_CALAMINE) / w(THIDUA_RUN)),
            );
        }
    }
    let staged: Vec<&Measured> = measured.iter().filter(|m| !m.stages.is_empty()).collect();
    if !staged.is_empty() {
        let _ = writeln!(
            s,
            "\n## Where `thidua run`'s time goes (`thidua-bench stages`, one run, through the library)\n"
        );
        let _ = writeln!(
            s,
            "Wall and CPU time of each stage; peak RSS of the process when the stage ends.\n"
        );
        let _ = writeln!(
            s,
            "| units | stage | wall | CPU | peak RSS so far | output |"
        );
        let _ = writeln!(s, "|---|---|---:|---:|---:|---:|");
        for m in staged {
            for (name, wall, cpu, rss, bytes) in &m.stages {
                let what = match name.as_str() {
                    "evaluate" => "read, import, check, score, rank",
                    "xlsx" => "consolidated workbook (src/render/xlsx)",
                    "pdf" => "conference handout (src/render/pdf)",
                    "json" => "JSON with the run record (input hashes)",
                    other => other,
                };
                let out = if *bytes > 0 {
                    fmt_bytes(*bytes)
                } else {
                    "-".into()
                };
                let _ = writeln!(
                    s,
                    "| {} | {name}: {what} | {} | {} | {rss:.0} MB | {out} |",
                    size_label(m),
                    fmt_s(*wall),
                    fmt_s(*cpu)
                );
            }
        }
    }
    let _ = writeln!(s, "\n## What `thidua run` wrote\n");
    for m in measured {
        let files: Vec<String> = m
            .outputs
            .iter()
            .map(|(name, bytes)| format!("`{name}` ({})", fmt_bytes(*bytes)))
            .collect();
        let _ = writeln!(s, "- {}: {}", size_label(m), files.join(", "));
    }
    let agreements: Vec<String> = measured
        .iter()
        .chain(sweep.iter().filter(|m| m.criteria != a.criteria))
        .filter_map(|m| {
            m.agreement
                .as_ref()
                .map(|t| format!("- {}: {t}", size_label(m)))
        })
        .collect();
    if !agreements.is_empty() {
        let _ = writeln!(s, "\n## Same answers as the peer (JSON results compared)\n");
        for line in agreements {
            let _ = writeln!(s, "{line}");
        }
    }
    let gens: Vec<String> = measured
        .iter()
        .chain(sweep)
        .filter_map(|m| {
            m.gen_seconds
                .map(|g| format!("{} {}", size_label(m), fmt_s(g)))
        })
        .collect();
    if !gens.is_empty() {
        let _ = writeln!(s, "\ngen.py times (this run): {}.", gens.join(", "));
    }
    s
}

fn size_label(m: &Measured) -> String {
    match m.size {
        Size::Sample => "4 (samples/cum3-2016)".into(),
        Size::Units(n) if m.criteria == 40 => format!("{n}"),
        Size::Units(n) => format!("{n} ({} criteria)", m.criteria),
    }
}

fn fmt_bytes(b: u64) -> String {
    if b >= 1 << 20 {
        format!("{:.1} MB", b as f64 / 1048576.0)
    } else if b >= 1 << 10 {
        format!("{:.0} KB", b as f64 / 1024.0)
    } else {
        format!("{b} B")
    }
}

// ---------------------------------------------------------------------------
// Sub-commands run as measured children
// ---------------------------------------------------------------------------

/// The workbooks of `DIR/nop`, sorted.
fn inbox(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir.join("nop"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| thidua::read::inbox::is_workbook_name(p))
        .collect();
    files.sort();
    files
}

/// `floor DIR [--threads N]`: calamine opening each workbook and touching
/// every cell of every sheet, nothing else.
fn sub_floor(args: &[String]) -> i32 {
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let threads = match args.iter().position(|a| a == "--threads") {
        Some(i) => match args.get(i + 1).and_then(|n| n.parse().ok()) {
            Some(n) => n,
            None => {
                eprintln!("--threads needs a number");
                return 2;
            }
        },
        None => 0,
    };
    let started = Instant::now();
    let files = inbox(&dir);
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(p) => p,
        Err(e) => {
            eprintln!("{e}");
            return 1;
        }
    };
    let totals = pool.install(|| {
        files
            .par_iter()
            .map(|p| floor_file(p))
            .reduce(|| Ok([0; 3]), |a, b| Ok(add3(a?, b?)))
    });
    match totals {
        Ok([sheets, cells, sum]) => {
            eprintln!(
                "{} files, {sheets} sheets, {cells} cells (checksum {sum}), {:.3} s",
                files.len(),
                started.elapsed().as_secs_f64()
            );
            0
        }
        Err(e) => {
            eprintln!("{e}");
            1
        }
    }
}

fn add3(a: [u64; 3], b: [u64; 3]) -> [u64; 3] {
    [a[0] + b[0], a[1] + b[1], a[2].wrapping_add(b[2])]
}

/// One workbook: [sheets, cells, a checksum of the values].
pub fn floor_file(path: &Path) -> Result<[u64; 3], String> {
    use calamine::{Data, Reader};
    let mut book =
        calamine::open_workbook_auto(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let mut out = [0u64; 3];
    for name in book.sheet_names() {
        let range = book
            .worksheet_range(&name)
            .map_err(|e| format!("{}: {name}: {e}", path.display()))?;
        out[0] += 1;
        for row in range.rows() {
            for cell in row {
                out[1] += 1;
                let v = match cell {
                    Data::Empty => 0,
                    Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.len() as u64,
                    Data::Float(f) => f.to_bits() & 0xff,
                    Data::Int(i) => *i as u64,
                    Data::Bool(b) => u64::from(*b),
                    Data::DateTime(d) => d.as_f64().to_bits() & 0xff,
                    Data::Error(_) => 1,
                };
                out[2] = out[2].wrapping_add(std::hint::black_box(v));
            }
        }
    }
    Ok(out)
}

/// `read DIR [--no-import]`: thidua's reading phase through the library:
/// the agreement, then every inbox workbook read (`workbook::read_workbook`)
/// and imported (`import::import_with`) in parallel, as `run` does; no
/// scoring, no output.
fn sub_read(args: &[String]) -> i32 {
    use thidua::read::import::{self, Imported};
    use thidua::read::workbook::{self, ReadOptions};
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let do_import = !args.iter().any(|a| a == "--no-import");
    let started = Instant::now();
    let worker = default_thidua();
    let options = ReadOptions {
        worker: worker.is_file().then_some(worker),
    };
    let wb = match workbook::read_workbook(&dir.join("giao-uoc.xlsx"), &options) {
        Ok(wb) => wb,
        Err(e) => {
            eprintln!("agreement: {e}");
            return 1;
        }
    };
    let agreement = match thidua::read::agreement::parse(&wb, "giao-uoc.xlsx") {
        Ok(a) => a,
        Err(problems) => {
            eprintln!("agreement: {} problems", problems.len());
            return 1;
        }
    };
    let agreement_done = started.elapsed().as_secs_f64();
    let keys = import::Keys::new(&agreement);
    let files = inbox(&dir);
    let (tables, cells) = files
        .par_iter()
        .map(|path| match workbook::read_workbook(path, &options) {
            Ok(wb) => {
                let cells: usize = wb.sheets.iter().map(|s| s.cells().len()).sum();
                let table = do_import
                    && matches!(
                        import::import_with(&wb, "f", "f", &keys),
                        Imported::Table(..)
                    );
                (usize::from(table), cells)
            }
            Err(_) => (0, 0),
        })
        .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    eprintln!(
        "agreement {agreement_done:.3} s; {} files, {cells} cells, {tables} tables; {:.3} s",
        files.len(),
        started.elapsed().as_secs_f64()
    );
    0
}

/// CPU seconds (user + sys, all threads) and peak RSS (MB) of this process so far.
fn self_usage() -> (f64, f64) {
    // SAFETY: rusage is plain data filled by getrusage for this process.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    unsafe { libc::getrusage(libc::RUSAGE_SELF, &mut usage) };
    let secs = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 / 1e6;
    (
        secs(usage.ru_utime) + secs(usage.ru_stime),
        usage.ru_maxrss as f64 / 1024.0,
    )
}

/// `stages DIR`: what `thidua run` does, stage by stage, through the
/// library: evaluate (read, import, score, rank), the consolidated xlsx, the
/// PDF handout, the JSON with its run record. Prints one `STAGE` line per
/// stage: name, wall s, CPU s, peak RSS so far (MB), bytes made.
fn sub_stages(args: &[String]) -> i32 {
    use thidua::model::diagnostic::Lang;
    use thidua::model::Paths;
    use thidua::render;
    use thidua::run::pipeline;
    let Some(dir) = args.first().map(PathBuf::from) else {
        eprintln!("{USAGE}");
        return 2;
    };
    let reps = match args.iter().position(|a| a == "--reps") {
        None => 1,
        Some(at) => match args.get(at + 1).map(|v| v.parse::<usize>()) {
            Some(Ok(n)) if n > 0 => n,
            _ => {
                eprintln!("{USAGE}");
                return 2;
            }
        },
    };
    let paths = Paths::new(&dir, None, None, None);
    let worker = default_thidua();
    let read = thidua::read::workbook::ReadOptions {
        worker: worker.is_file().then_some(worker),
    };
    let started = (Instant::now(), self_usage().0);
    let (outcome, read_inputs) = match pipeline::evaluate_recorded(&paths, &read) {
        Ok(o) => o,
        Err(_) => {
            eprintln!("cannot evaluate {}", dir.display());
            return 1;
        }
    };
    print_stage(
        "evaluate",
        started.0.elapsed().as_secs_f64(),
        self_usage().0 - started.1,
        0,
    );
    let detail = render::Detail::of(&outcome, false);
    let Some(workbook) = best_of(reps, "xlsx", || {
        render::xlsx::consolidated(&outcome, detail).map_err(|e| e.to_string())
    }) else {
        return 1;
    };
    let Some(handout) = best_of(reps, "pdf", || {
        render::pdf::render_handout(&outcome, &thidua::read::wording::load(&dir)?, detail)
            .map(|r| r.bytes)
    }) else {
        return 1;
    };
    let outputs = vec![
        (dir.join("tong-hop.xlsx"), workbook),
        (dir.join("hoi-nghi.pdf"), handout),
    ];
    let json = best_of(reps, "json", || {
        let inputs = thidua::write::record::inputs(&paths, &outcome, &read_inputs);
        let run = thidua::write::record::record(&paths, inputs, &outputs);
        Ok::<_, String>(
            thidua::render::json::to_string_with(&outcome, Lang::Vi, Some(&run)).into_bytes(),
        )
    });
    i32::from(json.is_none())
}

/// Prints one `STAGE` line: wall and CPU seconds, peak RSS so far, bytes made.
fn print_stage(name: &str, wall: f64, cpu: f64, bytes: usize) {
    let rss = self_usage().1;
    println!("STAGE\t{name}\t{wall:.3}\t{cpu:.3}\t{rss:.0}\t{bytes}");
}

/// Makes an output `reps` times and prints the fastest as a `STAGE` line;
/// None (the error printed) when it cannot be made.
fn best_of<E: std::fmt::Display>(
    reps: usize,
    name: &str,
    make: impl Fn() -> Result<Vec<u8>, E>,
) -> Option<Vec<u8>> {
    let mut best: Option<(f64, f64, Vec<u8>)> = None;
    for _ in 0..reps {
        let (t0, c0) = (Instant::now(), self_usage().0);
        let bytes = match make() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("{name}: {e}");
                return None;
            }
        };
        let (wall, cpu) = (t0.elapsed().as_secs_f64(), self_usage().0 - c0);
        if best.as_ref().is_none_or(|b| wall < b.0) {
            best = Some((wall, cpu, bytes));
        }
    }
    let (wall, cpu, bytes) = best?;
    print_stage(name, wall, cpu, bytes.len());
    Some(bytes)
}

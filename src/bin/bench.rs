//! `thidua-bench`: times `thidua run` against the Python peer and the
//! calamine floor and writes BENCHMARKS.md (see `bench/unix.rs`). It
//! measures each process's CPU time and peak memory with `wait4`, which
//! only Unix has: on Windows it says so and stops.

#[cfg(unix)]
#[path = "bench/unix.rs"]
mod unix;

#[cfg(unix)]
#[path = "bench/serve.rs"]
mod serve;

#[cfg(unix)]
fn main() {
    unix::main();
}

#[cfg(not(unix))]
fn main() {
    eprintln!("thidua-bench measures with wait4 and getrusage, which only Unix has.");
    std::process::exit(2);
}

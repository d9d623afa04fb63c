//! Times CloudTrail ingest over a corpus (see `bench/trail.sh` and `gen_corpus`).
//!
//! ```sh
//! trail_bench MODE DIR
//! ```
//!
//! Modes, one per process so that each reports its own peak memory:
//! - `scan`: [`scan`] with [`Retain::All`]: every event parsed, classified and handed to the
//!   callback (request and response parsed too), nothing kept;
//! - `scan-writes`: [`scan`] with the default [`Retain::Writes`]: every event parsed and
//!   classified, the successful writes handed over;
//! - `read`: [`read`] with [`Retain::Writes`]: writes kept, deduplicated on eventID, ordered;
//! - `read-findings`: [`read`] with [`Retain::Findings`], as `driftguard trail` reads: only the
//!   out-of-band writes kept;
//! - `inflate`: only decompresses every file with the same gzip library (flate2), on the same
//!   thread pool: the floor under the other modes.
//!
//! Prints `key: value` lines: events, wall seconds, events per second, peak RSS (VmHWM).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::time::Instant;

use driftguard_trail::{read, scan, ReadOptions, Retain, Source, Stats};
use rayon::prelude::*;

/// The system allocator, counting live bytes when `TRAIL_BENCH_HEAP` is set (off by default: the
/// shared counters cost a few percent).
struct Counting;

static COUNTING: AtomicBool = AtomicBool::new(false);
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            let now = LIVE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        if COUNTING.load(Ordering::Relaxed) {
            LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        }
        System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if COUNTING.load(Ordering::Relaxed) {
            if new_size >= layout.size() {
                let now = LIVE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size
                    - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                LIVE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        System.realloc(ptr, layout, new_size)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

fn main() -> ExitCode {
    if std::env::var_os("TRAIL_BENCH_HEAP").is_some() {
        COUNTING.store(true, Ordering::Relaxed);
    }
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [mode, dir] = args.as_slice() else {
        eprintln!("usage: trail_bench scan|scan-writes|read|read-findings|inflate DIR");
        return ExitCode::from(2);
    };
    let dir = PathBuf::from(dir);
    // `read`'s result stays alive until the figures are printed: its size is part of the peak, and
    // freeing it is timed apart.
    let mut kept_trail = None;
    let started = Instant::now();
    let (events, stats, problems, kept) = match mode.as_str() {
        "scan" | "scan-writes" => {
            let retain = if mode == "scan" {
                Retain::All
            } else {
                Retain::Writes
            };
            let options = ReadOptions {
                retain,
                ..ReadOptions::default()
            };
            let handed = AtomicU64::new(0);
            let report = scan(vec![Source::path(&dir)], &options, |event| {
                std::hint::black_box(&event);
                handed.fetch_add(1, Ordering::Relaxed);
            });
            let handed = handed.into_inner();
            (
                report.stats.records,
                Some(report.stats),
                report.problems.len(),
                handed,
            )
        }
        "read" | "read-findings" => {
            let retain = if mode == "read" {
                Retain::Writes
            } else {
                Retain::Findings
            };
            let options = ReadOptions {
                retain,
                ..ReadOptions::default()
            };
            let trail = read(vec![Source::path(&dir)], &options);
            let figures = (
                trail.stats.records,
                Some(trail.stats),
                trail.problems.len(),
                trail.events.len() as u64,
            );
            kept_trail = Some(trail);
            figures
        }
        "inflate" => {
            let bytes = inflate_all(&dir);
            (0, None, 0, bytes)
        }
        _ => {
            eprintln!("trail_bench: unknown mode {mode}");
            return ExitCode::from(2);
        }
    };
    let wall = started.elapsed().as_secs_f64();
    println!("mode: {mode}");
    println!("threads: {}", rayon::current_num_threads());
    println!("wall_s: {wall:.3}");
    if let Some(stats) = stats {
        println!("events: {events}");
        println!("events_per_s: {:.0}", events as f64 / wall);
        print_stats(&stats);
        println!("problems: {problems}");
        println!(
            "{}: {kept}",
            if mode.starts_with("read") {
                "retained"
            } else {
                "handed_to_callback"
            }
        );
    } else {
        println!("decompressed_bytes: {kept}");
        println!("mb_per_s: {:.0}", kept as f64 / wall / 1e6);
    }
    println!("peak_rss_kb: {}", vm_hwm_kb().unwrap_or(0));
    if let Some(trail) = kept_trail.take() {
        let t = Instant::now();
        drop(trail);
        println!("drop_s: {:.3}", t.elapsed().as_secs_f64());
    }
    if COUNTING.load(Ordering::Relaxed) {
        println!("live_heap_kb: {}", LIVE.load(Ordering::Relaxed) / 1024);
        println!("peak_heap_kb: {}", PEAK.load(Ordering::Relaxed) / 1024);
    }
    if problems > 0 {
        return ExitCode::FAILURE;
    }
    ExitCode::SUCCESS
}

fn print_stats(s: &Stats) {
    println!("files: {}", s.files);
    println!("writes: {}", s.writes);
    println!("reads: {}", s.reads);
    println!("failed_calls: {}", s.failed_calls);
    println!("noise: {}", s.noise);
    println!("not_api_calls: {}", s.not_api_calls);
    println!("invalid: {}", s.invalid);
    println!("duplicates: {}", s.duplicates);
}

/// Peak resident set size of this process, from /proc/self/status.
fn vm_hwm_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn gz_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            gz_files(&path, out);
        } else if path.to_string_lossy().ends_with(".json.gz") {
            out.push(path);
        }
    }
}

/// Decompresses every `.json.gz` under `dir` in parallel; returns the decompressed size.
fn inflate_all(dir: &Path) -> u64 {
    let mut files = Vec::new();
    gz_files(dir, &mut files);
    files.sort();
    files
        .par_iter()
        .map(|path| {
            let file = std::fs::File::open(path).expect("open");
            let mut gz = flate2::bufread::MultiGzDecoder::new(std::io::BufReader::with_capacity(
                1 << 16,
                file,
            ));
            let mut buf = vec![0u8; 1 << 16];
            let mut total = 0u64;
            loop {
                match gz.read(&mut buf) {
                    Ok(0) => break total,
                    Ok(n) => total += n as u64,
                    Err(e) => panic!("{}: {e}", path.display()),
                }
            }
        })
        .sum()
}

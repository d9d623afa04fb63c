//! The HTML report in a real browser: headless Chromium renders the fixture report, takes a
//! screenshot and dumps the DOM, and its console must stay silent.
//!
//! Needs Debian's `chromium` (`scripts/test.sh` installs it when absent), `chromium-browser` or
//! `google-chrome` on the `PATH`, or `CHROMIUM=/path/to/binary`. Without one the test fails: a
//! report nobody rendered is not a tested report. The screenshot and the page are kept under
//! `target/tmp/html_in_chromium/` to be looked at.

mod common;

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

use driftguard_compliance::{render, Posture};

/// The longest a browser run may take before it is killed and the test fails.
const DEADLINE: Duration = Duration::from_secs(60);

const WIDTH: u32 = 1280;
const HEIGHT: u32 = 2000;

#[test]
fn report_renders_in_chromium_without_console_errors() {
    let browser = chromium();
    let dir = tempfile::tempdir().expect("temp dir");
    let posture = common::posture("iso27001");
    let html = render::html(&posture);

    // The detection works: an uncaught exception shows in what is read of the console...
    let broken = page(
        dir.path(),
        "broken.html",
        "<!DOCTYPE html><title>broken</title><p>boom</p>\
         <script>throw new Error(\"boom\")</script>",
    );
    let run = browser.run(dir.path(), &["--dump-dom".to_string()], &broken);
    let errors = console_messages(&run.stderr);
    assert!(
        errors.iter().any(|l| l.contains("Uncaught Error: boom")),
        "a page that throws was not caught; is console logging still `--enable-logging=stderr`? \
         stderr:\n{}",
        run.stderr
    );
    // ...and so does a resource the report would load from the network, which its
    // Content-Security-Policy blocks.
    let loading = page(
        dir.path(),
        "loading.html",
        &html.replacen(
            "<main>",
            "<main><img alt=\"\" src=\"http://127.0.0.1:9/pixel.png\">",
            1,
        ),
    );
    let run = browser.run(dir.path(), &["--dump-dom".to_string()], &loading);
    let errors = console_messages(&run.stderr);
    assert!(
        errors.iter().any(|l| l.contains("Content Security Policy")),
        "a network load from the report was neither blocked nor reported; stderr:\n{}",
        run.stderr
    );

    // The report itself.
    let report = page(dir.path(), "report.html", &html);
    let png = dir.path().join("report.png");
    let run = browser.run(
        dir.path(),
        &[
            format!("--screenshot={}", png.display()),
            format!("--window-size={WIDTH},{HEIGHT}"),
        ],
        &report,
    );
    assert_silent(&run, "screenshot");
    let image = std::fs::read(&png).expect("chromium wrote no screenshot");
    check_png(&image);
    keep(&[&report, &png]);

    let run = browser.run(dir.path(), &["--dump-dom".to_string()], &report);
    assert_silent(&run, "dump-dom");
    check_dom(&run.stdout, &posture);
}

/// What the browser built from the page: the summary, both charts and every control row.
fn check_dom(dom: &str, posture: &Posture) {
    assert!(
        dom.contains("<section id=\"summary\""),
        "no summary:\n{dom}"
    );
    assert!(dom.contains("<dt>Failing</dt><dd>12</dd>"));
    assert!(dom.contains("<dt>Coverage</dt><dd>17.2 %</dd>"));
    assert!(dom.contains("<strong>Incomplete inputs.</strong>"));
    // Bars: a legend swatch per status and a segment per non-empty status of each group; a
    // track per severity and a bar per severity with failing evidence.
    let segments = posture
        .groups
        .iter()
        .flat_map(|g| [g.failing, g.passing, g.not_assessed, g.manual])
        .filter(|&n| n > 0)
        .count();
    let severities = posture.summary.findings_by_severity.values();
    let bars = severities.filter(|&&n| n > 0).count();
    for (chart, rects) in [("chart-groups", 4 + segments), ("chart-severity", 5 + bars)] {
        let start = dom
            .find(&format!("<svg id=\"{chart}\""))
            .unwrap_or_else(|| panic!("no #{chart} in the DOM"));
        let svg = &dom[start..start + dom[start..].find("</svg>").expect("svg closed")];
        assert!(svg.contains("role=\"img\""), "#{chart} is not an image");
        assert_eq!(svg.matches("<rect ").count(), rects, "bars of #{chart}");
        assert!(svg.contains("<text "), "#{chart} has no labels");
    }
    assert!(dom.contains("<section id=\"inputs\""));
    assert!(dom.contains("<table class=\"data controls\">"));
    assert_eq!(
        dom.matches("<tr class=\"control-row\">").count(),
        posture.controls.len()
    );
    for control in &posture.controls {
        assert!(dom.contains(&format!(" id=\"control-{}\"", control.id)));
    }
    let items: usize = posture.controls.iter().map(|c| c.evidence.len()).sum();
    assert_eq!(dom.matches("<tr class=\"item state-").count(), items);
    // Text stayed text: the suppression reason was escaped, not parsed as an element.
    assert!(dom.contains("static website &lt;rebuilt from git&gt;"));
}

/// A real PNG of the window's size, with more in it than a blank page.
fn check_png(image: &[u8]) {
    assert!(
        image.starts_with(b"\x89PNG\r\n\x1a\n"),
        "the screenshot is not a PNG"
    );
    let be = |at: usize| u32::from_be_bytes(image[at..at + 4].try_into().expect("4 bytes"));
    assert_eq!(&image[12..16], b"IHDR");
    assert_eq!((be(16), be(20)), (WIDTH, HEIGHT), "screenshot size");
    // A blank page of this size compresses to about 10 KB; the report is far above.
    assert!(
        image.len() > 60_000,
        "the screenshot is nearly empty ({} bytes)",
        image.len()
    );
}

fn assert_silent(run: &Run, what: &str) {
    assert!(
        run.status.success(),
        "chromium ({what}) exited with {}; stderr:\n{}",
        run.status,
        run.stderr
    );
    let errors = console_messages(&run.stderr);
    assert!(
        errors.is_empty(),
        "the report wrote to the browser console ({what}): it has no script, so each message is \
         a defect (a blocked load, an error):\n{}",
        errors.join("\n")
    );
}

/// Console messages in Chromium's log: `[…:INFO:CONSOLE:1] "Uncaught Error: boom", source: …`
/// (`CONSOLE(1)` in older versions). The log line does not carry the message's level.
fn console_messages(stderr: &str) -> Vec<&str> {
    stderr
        .lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}

fn page(dir: &Path, name: &str, html: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, html).expect("write page");
    path
}

/// Copies the page and its screenshot where a person can look at them after the run.
fn keep(files: &[&Path]) {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("html_in_chromium");
    if std::fs::create_dir_all(&dir).is_err() {
        return;
    }
    for file in files {
        let to = dir.join(file.file_name().expect("file name"));
        if std::fs::copy(file, &to).is_ok() {
            eprintln!("kept {}", to.display());
        }
    }
}

struct Browser {
    binary: PathBuf,
}

struct Run {
    status: ExitStatus,
    stdout: String,
    stderr: String,
}

/// The browser to test with: `$CHROMIUM`, else the first of the usual names on the `PATH`.
fn chromium() -> Browser {
    if let Some(binary) = std::env::var_os("CHROMIUM").filter(|v| !v.is_empty()) {
        return Browser {
            binary: binary.into(),
        };
    }
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    let path = std::env::var_os("PATH").unwrap_or_default();
    for name in names {
        for dir in std::env::split_paths(&path) {
            let binary = dir.join(name);
            if binary.is_file() {
                return Browser { binary };
            }
        }
    }
    panic!(
        "no Chromium to render the HTML report with: none of {} is on the PATH and CHROMIUM is \
         not set. Install Debian's `chromium` (`apt-get install chromium`; scripts/test.sh does \
         it) or point CHROMIUM at a Chrome or Chromium binary",
        names.join(", ")
    );
}

impl Browser {
    /// Runs the browser headless on `page` with `args`, in a fresh profile, killed after
    /// [`DEADLINE`].
    fn run(&self, dir: &Path, args: &[String], page: &Path) -> Run {
        let profile = tempfile::tempdir_in(dir).expect("profile dir");
        let out_path = profile.path().join("stdout");
        let err_path = profile.path().join("stderr");
        let mut command = Command::new(&self.binary);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-extensions",
                "--no-first-run",
                "--no-default-browser-check",
                "--hide-scrollbars",
                "--enable-logging=stderr",
                "--v=0",
            ])
            .arg(format!(
                "--user-data-dir={}",
                profile.path().join("profile").display()
            ))
            .args(args)
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null())
            // Files, not pipes: a chatty browser cannot block on a full pipe.
            .stdout(File::create(&out_path).expect("stdout file"))
            .stderr(File::create(&err_path).expect("stderr file"));
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            // Its own process group, so that a timeout kills the renderers too.
            command.process_group(0);
        }
        let mut child = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.binary.display()));
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("wait for chromium") {
                break status;
            }
            if started.elapsed() > DEADLINE {
                #[cfg(unix)]
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", child.id())])
                    .status();
                let _ = child.kill();
                let _ = child.wait();
                panic!(
                    "chromium did not finish within {DEADLINE:?} ({args:?}); killed. stderr:\n{}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        };
        Run {
            status,
            stdout: std::fs::read_to_string(&out_path).expect("read stdout"),
            stderr: std::fs::read_to_string(&err_path).expect("read stderr"),
        }
    }
}

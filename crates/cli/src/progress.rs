//! A progress bar on stderr, only when stderr is a terminal (never in CI logs or pipes).

use std::io::IsTerminal;
use std::time::Duration;

use driftguard_scan::Progress;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Bar {
    bar: ProgressBar,
}

impl Bar {
    pub fn new(enabled: bool) -> Self {
        let visible =
            enabled && std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
        let target = if visible {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let bar = ProgressBar::with_draw_target(None, target);
        bar.set_style(
            ProgressStyle::with_template("{spinner} {msg} [{bar:30}] {pos}/{len}")
                .expect("valid template")
                .progress_chars("=> "),
        );
        // The ticker is a thread: only worth it when something is drawn.
        if visible {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Bar { bar }
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl Progress for Bar {
    fn files_found(&self, total: usize) {
        self.bar.set_message("parsing");
        self.bar.set_position(0);
        self.bar.set_length(total as u64);
    }

    fn file_parsed(&self) {
        self.bar.inc(1);
    }

    fn roots_found(&self, total: usize) {
        self.bar.set_message("evaluating");
        self.bar.set_position(0);
        self.bar.set_length(total as u64);
    }

    fn root_evaluated(&self) {
        self.bar.inc(1);
    }
}

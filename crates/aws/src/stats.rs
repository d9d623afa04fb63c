//! API calls made, per service and operation, for `--stats`.

use std::collections::BTreeMap;
use std::sync::Mutex;

#[derive(Debug, Default)]
pub struct ApiStats {
    calls: Mutex<BTreeMap<(&'static str, &'static str), u64>>,
}

impl ApiStats {
    pub(crate) fn record(&self, service: &'static str, operation: &'static str) {
        let mut calls = self.calls.lock().unwrap_or_else(|e| e.into_inner());
        *calls.entry((service, operation)).or_insert(0) += 1;
    }

    /// Calls per (service, operation), sorted.
    pub fn by_operation(&self) -> BTreeMap<(&'static str, &'static str), u64> {
        self.calls.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Calls per service, sorted.
    pub fn by_service(&self) -> BTreeMap<&'static str, u64> {
        let mut out = BTreeMap::new();
        for ((service, _), n) in self.by_operation() {
            *out.entry(service).or_insert(0) += n;
        }
        out
    }

    pub fn total(&self) -> u64 {
        self.by_operation().values().sum()
    }

    /// The `--stats` text: one line per service, then its operations indented.
    pub fn render(&self) -> String {
        let ops = self.by_operation();
        let mut out = String::new();
        for (service, total) in self.by_service() {
            out.push_str(&format!("{service}: {total} calls\n"));
            for ((s, op), n) in &ops {
                if *s == service {
                    out.push_str(&format!("  {op}: {n}\n"));
                }
            }
        }
        out
    }
}

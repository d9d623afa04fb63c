#!/usr/bin/env bash
# The test command: everything CI runs, from a fresh machine with the Rust toolchain.
set -euo pipefail
cd "$(dirname "$0")/.."

# Formatting and lints first: they fail fast and cost little.
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

cargo test --workspace --locked

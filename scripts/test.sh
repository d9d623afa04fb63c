#!/usr/bin/env bash
# The test command: everything CI runs, from a fresh machine with the Rust toolchain and Python 3.
set -euo pipefail
cd "$(dirname "$0")/.."

# The live-side tests (crates/aws) run against the moto server, a real AWS API emulator, which
# each test starts on 127.0.0.1 with a free port. Installed once into .venv; MOTO_SERVER may
# point at another moto_server instead.
MOTO_VERSION="5.2.5"
if [ -z "${MOTO_SERVER:-}" ] && [ ! -x .venv/bin/moto_server ]; then
  if ! python3 -m venv .venv 2>/dev/null; then
    # Debian's python3 lacks venv until python3-venv is installed.
    if command -v apt-get >/dev/null; then
      apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    fi
    python3 -m venv .venv
  fi
  .venv/bin/pip install --quiet --disable-pip-version-check "moto[server]==${MOTO_VERSION}"
fi

# The HTML report test (crates/compliance/tests/html_in_chromium.rs) renders the report in headless
# Chromium: Debian's `chromium` with its recommended fonts (about 130 MB to download, 50 s),
# unless CHROMIUM names a browser or one is on the PATH already. The test fails without one.
if [ -z "${CHROMIUM:-}" ] && ! command -v chromium >/dev/null \
  && ! command -v chromium-browser >/dev/null && ! command -v google-chrome >/dev/null; then
  if command -v apt-get >/dev/null; then
    sudo=""
    if [ "$(id -u)" -ne 0 ] && command -v sudo >/dev/null; then
      sudo="sudo"
    fi
    $sudo apt-get update -qq
    $sudo env DEBIAN_FRONTEND=noninteractive \
      apt-get install -y -qq chromium >/dev/null
  fi
fi

# Formatting and lints first: they fail fast and cost little.
cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

cargo test --workspace --locked

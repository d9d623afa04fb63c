#!/usr/bin/env bash
# CloudFormation scan benchmark: a generated corpus of templates (the rule-family fixtures of
# crates/cloudformation/tests/fixtures/rules/, copied COPIES times with renamed logical ids so
# no two templates are alike), scanned by the release binary.
#
#   bench/cfn.sh [COPIES]        # default 100 copies: 4,800 templates
set -euo pipefail
cd "$(dirname "$0")/.."
copies="${1:-100}"
out="${CFN_CORPUS:-/tmp/driftguard-cfn-corpus}"

rm -rf "$out" && mkdir -p "$out"
python3 - "$out" "$copies" <<'PY'
import pathlib, re, sys
out, copies = pathlib.Path(sys.argv[1]), int(sys.argv[2])
fixtures = sorted(pathlib.Path("crates/cloudformation/tests/fixtures/rules").glob("*/*.*"))
templates = [f for f in fixtures if f.suffix in (".yaml", ".json")]
for i in range(copies):
    d = out / f"stack-{i:04d}"
    d.mkdir()
    for f in templates:
        text = f.read_text()
        # Distinct logical ids per copy: `LogsBucket` -> `LogsBucket7` (and every Ref to it).
        text = re.sub(r"\b([A-Z][A-Za-z0-9]*(?:Bucket|Group|Role|Key|Queue|Topic|Table|Function))\b",
                      lambda m: f"{m.group(1)}{i}", text)
        (d / f"{f.parent.name}-{f.name}").write_text(text)
total = sum(1 for _ in out.rglob("*.*"))
size = sum(p.stat().st_size for p in out.rglob("*.*"))
lines = sum(p.read_text().count("\n") for p in out.rglob("*.*"))
print(f"{total} templates, {lines} lines, {size / 1e6:.1f} MB in {out}")
PY

cargo build --release -q -p driftguard
bin="${CARGO_TARGET_DIR:-target}/release/driftguard"
"$bin" scan "$out" --format json -o /tmp/driftguard-cfn-scan.json --no-progress || true
python3 - <<'PY'
import json
r = json.load(open("/tmp/driftguard-cfn-scan.json"))
s = r["summary"]
print(f"files {s['files_scanned']}, resources {s['resources']}, findings {sum(s['findings'].values())}, errors {s['errors']}")
PY
for run in 1 2 3; do
  /usr/bin/time -f "run $run: %e s wall, %M KB peak RSS" "$bin" scan "$out" --format json -o /dev/null --no-progress || true
done

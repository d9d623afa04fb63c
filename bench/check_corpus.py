#!/usr/bin/env python3
"""Sanity-check a generated corpus: parse every .tf / .tfvars file with python-hcl2
and check that, in every module directory, each reference (var.X, local.X,
module.X, data.T.N, T.N) names something declared in that directory.

Usage: bench/.venv/bin/python bench/check_corpus.py CORPUS_DIR
Exits 1 on any parse error or dangling reference. Needs `pip install python-hcl2`
(bench/run.sh's venv has it).
"""
import re
import sys
from collections import defaultdict
from pathlib import Path

import hcl2

REF = re.compile(r"(?<![\w.\"])(var|local|module|data)\.([A-Za-z_][\w-]*)(?:\.([A-Za-z_][\w-]*))?"
                 r"|(?<![\w.\"/])(aws_[a-z0-9_]+)\.([A-Za-z_][\w-]*)")


def main() -> int:
    root = Path(sys.argv[1])
    files = sorted(p for p in root.rglob("*") if p.suffix in (".tf", ".tfvars"))
    errors = 0
    blocks = 0
    decl: dict[Path, set] = defaultdict(set)
    texts: dict[Path, list] = defaultdict(list)
    for p in files:
        try:
            with p.open(encoding="utf-8") as f:
                doc = hcl2.load(f)
        except Exception as e:  # noqa: BLE001 - report every parser failure
            errors += 1
            print(f"PARSE ERROR {p}: {str(e).splitlines()[0] if str(e) else type(e).__name__}")
            continue
        if p.suffix == ".tfvars":
            continue
        texts[p.parent].append((p, p.read_text(encoding="utf-8")))
        d = decl[p.parent]
        for kind, items in doc.items():
            if not isinstance(items, list):
                continue
            blocks += len(items)
            for item in items:
                if kind == "resource":
                    for t, named in item.items():
                        d.update(f"{t}.{n}" for n in named)
                elif kind == "data":
                    for t, named in item.items():
                        d.update(f"data.{t}.{n}" for n in named)
                elif kind in ("variable", "module"):
                    d.update(f"{'var' if kind == 'variable' else 'module'}.{n}" for n in item)
                elif kind == "locals":
                    d.update(f"local.{n}" for n in item if not n.startswith("__"))
    # module calls: the source must exist, arguments must be declared variables and
    # every variable without a default must be set
    META = {"source", "count", "for_each", "providers", "depends_on", "version"}
    bad_calls = 0
    n_calls = 0
    for p in files:
        if p.suffix != ".tf" or not any(ln.startswith("module ") for ln in p.read_text().splitlines()):
            continue
        with p.open(encoding="utf-8") as f:
            doc = hcl2.load(f)
        for item in doc.get("module", []):
            for name, body in item.items():
                n_calls += 1
                source = body["source"][0] if isinstance(body["source"], list) else body["source"]
                src = (p.parent / source).resolve()
                problems = []
                if not src.is_dir():
                    problems.append(f"source {source} missing")
                else:
                    variables = {}
                    for vf in src.glob("*.tf"):
                        with vf.open(encoding="utf-8") as f:
                            for v in hcl2.load(f).get("variable", []):
                                variables.update(v)
                    args = {k for k in body if not k.startswith("__")} - META
                    problems += [f"unknown argument {a}" for a in sorted(args - set(variables))]
                    problems += [f"missing required {v}" for v, vb in sorted(variables.items())
                                 if "default" not in vb and v not in args]
                for pr in problems:
                    bad_calls += 1
                    print(f"MODULE CALL {p} module.{name}: {pr}")
    dangling = 0
    for mod_dir, entries in sorted(texts.items()):
        for p, text in entries:
            for m in REF.finditer(text):
                if m.group(1):
                    kind, name, sub = m.group(1), m.group(2), m.group(3)
                    key = f"data.{name}.{sub}" if kind == "data" else f"{kind}.{name}"
                else:
                    key = f"{m.group(4)}.{m.group(5)}"
                if key not in decl[mod_dir]:
                    dangling += 1
                    if dangling <= 20:
                        print(f"DANGLING {p}: {key}")
    print(f"parsed {len(files) - errors}/{len(files)} files ({blocks} top-level blocks), "
          f"{errors} parse errors, {dangling} dangling references in {len(texts)} module dirs, "
          f"{n_calls} module calls ({bad_calls} problems)")
    return 1 if errors or dangling or bad_calls else 0


if __name__ == "__main__":
    sys.exit(main())

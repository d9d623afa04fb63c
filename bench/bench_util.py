#!/usr/bin/env python3
"""Helpers for bench/run.sh (Python 3.11 standard library only).

    bench_util.py stats CORPUS                 -> "files lines" of the .tf/.tfvars files
    bench_util.py fingerprint CORPUS           -> sha256 over sorted (path, content)
    bench_util.py measure TIME OUT ERR TREE -- CMD...
        runs `/usr/bin/time -v -o TIME CMD...` with stdout to OUT and stderr to ERR,
        samples the summed RSS of the whole process tree (every 100 ms after a short
        ramp-up) and writes "PEAK_KB WALL_S" to TREE (wall time measured here with a
        monotonic clock, ms resolution; `time -v` has only 10 ms); exits with CMD's code
    bench_util.py timing TIME                  -> "wall_s peak_mb" from a `time -v` file
    bench_util.py findings driftguard|checkov JSON
        -> "findings parse_errors" (driftguard: sum of .summary.findings, parse errors =
           .summary.errors; checkov: failed_checks summed over the output list,
           parse errors = summary.parsing_errors)
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

EXTS = (".tf", ".tfvars")


def corpus_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in EXTS)


def cmd_stats(root: str) -> None:
    files = corpus_files(Path(root))
    lines = sum(p.read_bytes().count(b"\n") for p in files)
    print(len(files), lines)


def cmd_fingerprint(root: str) -> None:
    base = Path(root)
    h = hashlib.sha256()
    for p in corpus_files(base):
        h.update(str(p.relative_to(base)).encode() + b"\0")
        h.update(p.read_bytes() + b"\0")
    print(h.hexdigest()[:16])


def tree_rss_kb(root_pid: int) -> int:
    """Summed VmRSS of root_pid and all its descendants (Linux /proc)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", "rb") as f:
                stat = f.read()
            ppid = int(stat[stat.rindex(b")") + 2:].split()[1])
            with open(f"/proc/{d}/statm", "rb") as f:
                pages = int(f.read().split()[1])
        except (OSError, ValueError, IndexError):
            continue
        pid = int(d)
        children.setdefault(ppid, []).append(pid)
        rss[pid] = pages * (os.sysconf("SC_PAGE_SIZE") // 1024)
    total, stack = 0, [root_pid]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack.extend(children.get(pid, []))
    return total


def cmd_measure(time_file: str, out: str, err: str, tree_file: str, cmd: list[str]) -> int:
    peak = 0
    done = threading.Event()

    def sample(pid: int) -> None:
        nonlocal peak
        delay = 0.005
        while not done.is_set():
            peak = max(peak, tree_rss_kb(pid))
            done.wait(delay)
            delay = min(delay * 2, 0.1)

    with open(out, "wb") as fo, open(err, "wb") as fe:
        t0 = time.perf_counter()
        proc = subprocess.Popen(["/usr/bin/time", "-v", "-o", time_file, *cmd], stdout=fo, stderr=fe)
        sampler = threading.Thread(target=sample, args=(proc.pid,), daemon=True)
        sampler.start()
        rc = proc.wait()
        wall = time.perf_counter() - t0
        done.set()
        sampler.join()
    Path(tree_file).write_text(f"{peak} {wall:.3f}\n")
    return rc


def cmd_timing(time_file: str) -> None:
    text = Path(time_file).read_text()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text)
    if not m:
        sys.exit(f"no wall time in {time_file}")
    parts = [float(x) for x in m.group(1).split(":")]
    wall = 0.0
    for x in parts:
        wall = wall * 60 + x
    m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
    peak_mb = int(m.group(1)) / 1024 if m else float("nan")
    print(f"{wall:.2f} {peak_mb:.1f}")


def cmd_findings(tool: str, path: str) -> None:
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    if tool == "driftguard":
        summary = data["summary"]
        f_ = summary["findings"]
        findings = sum(f_.values()) if isinstance(f_, dict) else int(f_)
        errors = int(summary.get("errors", 0))
    elif tool == "checkov":
        reports = data if isinstance(data, list) else [data]
        findings = sum(len(r.get("results", {}).get("failed_checks", [])) for r in reports)
        errors = sum(int(r.get("summary", {}).get("parsing_errors", 0)) for r in reports)
    else:
        sys.exit(f"unknown tool {tool}")
    print(findings, errors)


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    sub, args = argv[1], argv[2:]
    if sub == "stats":
        cmd_stats(args[0])
    elif sub == "fingerprint":
        cmd_fingerprint(args[0])
    elif sub == "measure":
        if len(args) < 6 or args[4] != "--":
            sys.exit("usage: measure TIME OUT ERR TREE -- CMD...")
        return cmd_measure(args[0], args[1], args[2], args[3], args[5:])
    elif sub == "timing":
        cmd_timing(args[0])
    elif sub == "findings":
        cmd_findings(args[0], args[1])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""Runs a command and prints its peak resident memory split into the program's own (anonymous)
pages and the file pages it maps (its binary, and the SQLite files it reads through a memory map:
page cache the kernel can drop), read from /proc/PID/status every 2 ms.

Usage: peak-memory.py COMMAND [ARGS...]. The command's stdout is discarded; prints
"ANON_KB FILE_KB TOTAL_KB SECONDS": the peak of each part, the peak of their sum, and the wall
time."""
import subprocess
import sys
import time


def sample(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as status:
            for line in status:
                key, _, value = line.partition(":")
                if key in ("RssAnon", "RssFile", "RssShmem"):
                    fields[key] = int(value.split()[0])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return fields.get("RssAnon", 0), fields.get("RssFile", 0) + fields.get("RssShmem", 0)


def main():
    started = time.monotonic()
    child = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak_anon = peak_file = peak_total = 0
    while child.poll() is None:
        got = sample(child.pid)
        if got:
            anon, mapped = got
            peak_anon, peak_file = max(peak_anon, anon), max(peak_file, mapped)
            peak_total = max(peak_total, anon + mapped)
        time.sleep(0.002)
    if child.returncode != 0:
        sys.exit(f"{sys.argv[1:]} exited with {child.returncode}")
    print(peak_anon, peak_file, peak_total, f"{time.monotonic() - started:.2f}")


main()

#!/usr/bin/python3
"""Reads GET /api/lab/summary over and over while an ingest runs, for scripts/bench-serve.sh.

usage: bench-serve-reader.py URL TOKEN STOPFILE

Sums the samples of every group (the stored total) on each answer until STOPFILE
exists, then prints how many reads were made and each distinct total seen with its
count: a reader must only ever see the total before the ingest or the total after.
"""
import json
import os
import sys
import urllib.request


def total(url, token):
    req = urllib.request.Request(url, headers={"Authorization": "Bearer " + token})
    with urllib.request.urlopen(req) as answer:
        return sum(group["samples"] for group in json.load(answer))


def main():
    url, token, stop = sys.argv[1], sys.argv[2], sys.argv[3]
    seen = {}
    while True:
        done = os.path.exists(stop)  # one more read after the ingest ends
        n = total(url, token)
        seen[n] = seen.get(n, 0) + 1
        if done:
            break
    reads = sum(seen.values())
    print("%d reads; totals seen: %s" % (reads, ", ".join("%d (%d reads)" % kv for kv in sorted(seen.items()))))


if __name__ == "__main__":
    main()

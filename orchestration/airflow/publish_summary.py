#!/usr/bin/python3
"""Publishes a batch pipeline run's summary: the producer's and the consumer window's summaries in one file.

Usage: publish_summary.py RUN_DIR REPORTS_DIR
Reads RUN_DIR/producer_summary.json and the one RUN_DIR/consumer_batch_summary_*.json the consumer wrote, writes
REPORTS_DIR/batch_pipeline_<run>.json and prints one line. Exits 1, saying what is missing, when either is absent.
"""

import glob
import json
import os
import re
import sys


def load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise SystemExit(f"publish_summary.py: cannot read {path}: {e}")


def main():
    if len(sys.argv) != 3:
        raise SystemExit("usage: publish_summary.py RUN_DIR REPORTS_DIR")
    run_dir, reports_dir = sys.argv[1], sys.argv[2]
    run = os.path.basename(os.path.normpath(run_dir))

    producer = os.path.join(run_dir, "producer_summary.json")
    if not os.path.isfile(producer):
        raise SystemExit(f"publish_summary.py: no producer summary at {producer}: did produce_batch run?")
    windows = sorted(glob.glob(os.path.join(run_dir, "consumer_batch_summary_*.json")))
    if len(windows) != 1:
        raise SystemExit(f"publish_summary.py: expected one consumer summary consumer_batch_summary_*.json in {run_dir}, "
                         f"found {len(windows)}: did consume_window run (once)?")

    summary = {"run": run, "producer": load(producer), "consumer": load(windows[0])}
    os.makedirs(reports_dir, exist_ok=True)
    out = os.path.join(reports_dir, "batch_pipeline_" + re.sub(r"[^A-Za-z0-9._-]", "_", run) + ".json")
    with open(out, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")

    p, c = summary["producer"], summary["consumer"]
    dead = c.get("dead_lettered")
    print(f"run {run}: sent {p.get('sent', '?')}, consumed {c.get('consumed', '?')}, "
          f"predicted {c.get('predicted', '?')}, dead-lettered {dead.get('total', '?') if isinstance(dead, dict) else dead}, "
          f"churn rate {c.get('churn_rate', '?')} -> {out}")


if __name__ == "__main__":
    main()

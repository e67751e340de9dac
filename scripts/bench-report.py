#!/usr/bin/python3
"""Prints the Markdown table of an earlier benchmark report, as bench.jar renders it:

  scripts/bench-report.py --table reports/bench_<UTC>.json
  (the same as: java -jar bench/target/bench.jar table reports/bench_<UTC>.json)
"""
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

if len(sys.argv) != 3 or sys.argv[1] != "--table":
    raise SystemExit(__doc__)
java = os.path.join(os.environ["JAVA_HOME"], "bin", "java") if os.environ.get("JAVA_HOME") else "java"
os.execvp(java, [java, "-jar", os.path.join(ROOT, "bench", "target", "bench.jar"), "table", sys.argv[2]])

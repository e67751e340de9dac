#!/usr/bin/python3
"""Turns the per-run records of scripts/bench.sh into reports/bench_<UTC>.json and a Markdown table.

  bench-report.py RESULTS.jsonl REPORT.json CORES JAVA_VERSION   (called by bench.sh)
  bench-report.py --table REPORT.json                            (prints the table of an existing report)
Standard library only.
"""
import glob
import json
import os
import re
import statistics
import sys

MIB = 1024 * 1024
PRODUCER_TARGET = 0.70
CONSUMER_RSS_BOUND_MB = 512
PP_LINE = re.compile(r"^(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, "
                     r"([\d.]+) ms max latency, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th")


def load(path):
    with open(path) as f:
        return json.load(f)


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def ratio(a, b):
    return round(a / b, 3) if a is not None and b else None


def rnd(value, digits=1):
    return None if value is None else round(value, digits)


CLOCK_TICKS = 100


def rss(path):
    """From a sampler file: peak RSS (VmHWM) and the largest resident size in each half of the run in MB, and the
    CPU seconds (user + system) used up to the last sample, at most 0.2 s before the process ended."""
    samples = []
    if path and os.path.exists(path):
        with open(path) as f:
            for line in f:
                parts = line.split()
                if len(parts) == 4:
                    samples.append(tuple(int(p) for p in parts))
    if not samples:
        return {"peak_mb": None, "first_half_max_mb": None, "second_half_max_mb": None, "cpu_s": None, "samples": 0}
    half = samples[-1][0] / 2
    first = [s[1] for s in samples if s[0] <= half] or [0]
    second = [s[1] for s in samples if s[0] > half] or [0]
    return {"peak_mb": rnd(max(s[2] for s in samples) / 1024), "first_half_max_mb": rnd(max(first) / 1024),
            "second_half_max_mb": rnd(max(second) / 1024), "cpu_s": rnd(samples[-1][3] / CLOCK_TICKS, 2),
            "samples": len(samples)}


def consumer_summary(reports_dir):
    files = sorted(glob.glob(os.path.join(reports_dir, "batch_summary_*.json")))
    return load(files[-1]) if files else None


def producer_section(entries, settings):
    payload = next((load(e["file"]) for e in entries if e.get("kind") == "payload"), None)
    ours, pp = [], []
    for e in entries:
        if e.get("tool") == "churnstream":
            s = load(e["summary"])
            rate = s.get("publishRatePerSecond", s.get("averageRatePerSecond"))
            ours.append({"run": e["run"], "sent": s["sent"], "records_per_s": rate, "wall_s": e["wall_ms"] / 1000,
                         "wall_records_per_s": rnd(s["sent"] / (e["wall_ms"] / 1000)),
                         "publish_s": s.get("publishSeconds"), "duration_s": s.get("durationSeconds"),
                         "rss": rss(e["rss"]), "log": e["log"]})
        elif e.get("tool") == "producer_performance":
            with open(e["output"]) as f:
                match = [m for m in (PP_LINE.match(line.strip()) for line in f) if m]
            if not match:
                raise SystemExit(f"no final ProducerPerformance line in {e['output']}")
            m = match[-1]
            records = int(m.group(1))
            pp.append({"run": e["run"], "sent": records, "records_per_s": float(m.group(2)),
                       "mb_per_s": float(m.group(3)), "avg_latency_ms": float(m.group(4)),
                       "p99_latency_ms": int(m.group(8)), "wall_s": e["wall_ms"] / 1000,
                       "wall_records_per_s": rnd(records / (e["wall_ms"] / 1000)), "rss": rss(e["rss"]),
                       "log": e["output"]})
    measured_ours = [r for r in ours if r["run"] > 0]
    measured_pp = [r for r in pp if r["run"] > 0]
    value_bytes = payload["avg_value_bytes"] if payload else None

    def figures(runs, own_mb=None):
        rate = median([r["records_per_s"] for r in runs])
        return {"records_per_s": rnd(rate),
                "mb_per_s": rnd(own_mb if own_mb is not None else (rate * value_bytes / MIB if rate and value_bytes else None), 2),
                "wall_records_per_s": rnd(median([r["wall_records_per_s"] for r in runs])),
                "wall_s": rnd(median([r["wall_s"] for r in runs]), 2),
                "peak_rss_mb": max((r["rss"]["peak_mb"] or 0 for r in runs), default=None),
                "cpu_s": rnd(median([r["rss"]["cpu_s"] for r in runs]), 2), "runs": runs}

    mine = figures(measured_ours)
    reference = figures(measured_pp, median([r["mb_per_s"] for r in measured_pp]))
    own_ratio = ratio(mine["records_per_s"], reference["records_per_s"])
    pairs = {r["run"]: r["records_per_s"] for r in measured_pp}
    paired = [ratio(r["records_per_s"], pairs.get(r["run"])) for r in measured_ours]
    return {
        "status": "ok", "records": settings.get("rows"), "avg_value_bytes": value_bytes,
        "avg_key_bytes": payload["avg_key_bytes"] if payload else None,
        "how": "producer.jar batch --input <generated CSV> (tool defaults: acks=all, idempotence, lz4, linger.ms=20, "
               "batch.size=262144) vs org.apache.kafka.tools.ProducerPerformance with the same record count, the same "
               "JSON values (--payload-file, so sizes and compressibility match) and --command-property "
               + settings.get("pp_props", "") + "; each run to a fresh 3-partition topic. records_per_s is each tool's "
               "own clock (from the first send to the last acknowledgement); wall_records_per_s includes JVM start-up "
               "and connecting. MB/s counts values in MiB, as ProducerPerformance does.",
        "producer_args": settings.get("producer_args", ""),
        "churnstream": mine, "producer_performance": reference,
        "ratio_vs_producer_performance": own_ratio,
        "ratio_wall_clock": ratio(mine["wall_records_per_s"], reference["wall_records_per_s"]),
        "ratio_per_run": paired,
        "ratio_cpu_time": ratio(reference["cpu_s"], mine["cpu_s"]),
        "target_ratio": PRODUCER_TARGET,
        "meets_target": None if own_ratio is None else own_ratio >= PRODUCER_TARGET,
        "warmup": {"churnstream": [r for r in ours if r["run"] == 0], "producer_performance": [r for r in pp if r["run"] == 0]},
    }


def consumer_section(entries):
    runs = {}
    for e in entries:
        s = consumer_summary(e["reports"])
        if s is None:
            raise SystemExit(f"no batch_summary_*.json in {e['reports']} (log: {e['log']})")
        wall_s = e["wall_ms"] / 1000
        run = {"run": e["run"], "consumed": s.get("consumed"), "predicted": s.get("predicted"),
               "dead_lettered": (s.get("dead_lettered") or {}).get("total"), "duration_s": s.get("duration_s"),
               "throughput_per_s": s.get("throughput_per_s"), "wall_s": wall_s,
               "wall_records_per_s": rnd((s.get("consumed") or 0) / wall_s),
               "scoring_latency_ms": s.get("scoring_latency_ms"), "end_to_end_latency_ms": s.get("end_to_end_latency_ms"),
               "complete": s.get("consumed") == e["records"], "rss": rss(e["rss"]), "log": e["log"]}
        runs.setdefault((e["guarantee"], e["mode"]), []).append(run)

    def figures(guarantee, mode):
        all_runs = runs.get((guarantee, mode), [])
        measured = [r for r in all_runs if r["run"] > 0]
        return {"records_per_s": rnd(median([r["throughput_per_s"] for r in measured])),
                "wall_records_per_s": rnd(median([r["wall_records_per_s"] for r in measured])),
                "wall_s": rnd(median([r["wall_s"] for r in measured]), 2),
                "peak_rss_mb": max((r["rss"]["peak_mb"] or 0 for r in measured), default=None),
                "all_complete": all(r["complete"] for r in measured), "runs": measured,
                "warmup": [r for r in all_runs if r["run"] == 0]}

    out = {"status": "ok",
           "how": "consumer.jar batch over the producer's topic (3 partitions), a fresh group and fresh output topics "
                  "per run; pass_through copies each value unchanged in the same loop. records_per_s is the consumer's "
                  "own throughput_per_s; wall_records_per_s is consumed / (process start to exit)."}
    for guarantee in ("at_least_once", "exactly_once"):
        out[guarantee] = {mode: figures(guarantee, mode) for mode in ("scoring", "pass_through")}
    alo, eos = out["at_least_once"], out["exactly_once"]
    out["ratio_vs_passthrough"] = ratio(alo["scoring"]["records_per_s"], alo["pass_through"]["records_per_s"])
    out["ratio_vs_passthrough_wall_clock"] = ratio(alo["scoring"]["wall_records_per_s"], alo["pass_through"]["wall_records_per_s"])
    out["ratio_vs_passthrough_exactly_once"] = ratio(eos["scoring"]["records_per_s"], eos["pass_through"]["records_per_s"])
    out["ratio_exactly_once_vs_at_least_once"] = ratio(eos["scoring"]["records_per_s"], alo["scoring"]["records_per_s"])
    peak = alo["scoring"]["peak_rss_mb"]
    out["memory"] = {"bound_mb": CONSUMER_RSS_BOUND_MB, "peak_rss_mb": peak,
                     "under_bound": None if peak is None else peak < CONSUMER_RSS_BOUND_MB,
                     "second_half_vs_first_half_max_rss": [
                         (r["rss"]["first_half_max_mb"], r["rss"]["second_half_max_mb"]) for r in alo["scoring"]["runs"]]}
    return out


def scoring_section(entry):
    results = load(entry["file"])
    out = {"status": "ok", "jmh_args": entry.get("args"), "benchmarks": {}}
    for r in results:
        name = r["benchmark"].rsplit(".", 1)[1]
        if r.get("params", {}).get("engine"):
            name += " " + r["params"]["engine"].lower()
        b = out["benchmarks"].setdefault(name, {"threads": r["threads"]})
        m = r["primaryMetric"]
        if r["mode"] == "thrpt":
            b["records_per_s"] = rnd(m["score"])
            b["records_per_s_per_thread"] = rnd(m["score"] / r["threads"])
        elif r["mode"] == "sample":
            to_us = 1e6 if m["scoreUnit"].startswith("s/") else 1e-3 if m["scoreUnit"].startswith("ns/") else 1.0
            p = m["scorePercentiles"]
            b["latency_us"] = {"mean": rnd(m["score"] * to_us, 2), "p50": rnd(p["50.0"] * to_us, 2),
                               "p99": rnd(p["99.0"] * to_us, 2), "p999": rnd(p["99.9"] * to_us, 2)}
    return out


def latency_section(entries):
    out = {"status": "ok",
           "how": "producer.jar streaming at R events/s into a fresh topic, consumer.jar streaming scoring it, and a "
                  "read_committed reader of the predictions recording (arrival wall clock - event_ts) in an "
                  "HdrHistogram; events of the first LATENCY_WARMUP_SECONDS are left out.", "rates": {}}
    for e in entries:
        lat = load(e["file"])
        produced = load(e["producer_summary"]) if os.path.exists(e["producer_summary"]) else {}
        out["rates"][str(e["rate"])] = {
            "events_per_s": e["rate"], "measured_seconds": e["seconds"], "predictions_timed": lat.get("count"),
            "produced": produced.get("sent"), "achieved_events_per_s": produced.get("averageRatePerSecond"),
            "p50_ms": lat.get("p50_ms"), "p95_ms": lat.get("p95_ms"), "p99_ms": lat.get("p99_ms"),
            "p999_ms": lat.get("p999_ms"), "max_ms": lat.get("max_ms"), "mean_ms": lat.get("mean_ms"),
            "consumer_peak_rss_mb": rss(e["consumer_rss"])["peak_mb"],
            "producer_peak_rss_mb": rss(e["producer_rss"])["peak_mb"]}
    return out


def scaling_section(entries):
    by_instances = {}
    for e in entries:
        reader = load(e["reader"])
        first, last = reader.get("first_arrival_epoch_ms"), reader.get("last_arrival_epoch_ms")
        summaries = [consumer_summary(d) for d in sorted(glob.glob(e["reports"] + "_*.reports"))]
        peaks = [rss(f)["peak_mb"] for f in sorted(glob.glob(e["rss"] + "_*.rss"))]
        span_s = (last - e["start_ms"]) / 1000 if last else None
        by_instances.setdefault(e["instances"], []).append({
            "run": e["run"], "predictions_seen": reader.get("seen"),
            "group_records_per_s": rnd(reader.get("seen", 0) / span_s) if span_s else None,
            "start_to_last_prediction_s": rnd(span_s, 2),
            "start_to_first_prediction_ms": first - e["start_ms"] if first else None,
            "consumed_per_instance": [s.get("consumed") if s else None for s in summaries],
            "throughput_per_s_per_instance": [s.get("throughput_per_s") if s else None for s in summaries],
            "peak_rss_mb_per_instance": peaks})
    out = {"status": "ok",
           "how": "N consumer.jar batch instances in one group on a 6-partition topic of ROWS records, started "
                  "together; group_records_per_s = predictions / (start to the last prediction readable), timed by a "
                  "count-only reader; start-up time is start to the first prediction readable (1 instance).",
           "instances": {}}
    for n, runs in sorted(by_instances.items()):
        out["instances"][str(n)] = {
            "group_records_per_s": rnd(median([r["group_records_per_s"] for r in runs])),
            "startup_to_first_prediction_ms": median([r["start_to_first_prediction_ms"] for r in runs]),
            "peak_rss_mb": max((p or 0 for r in runs for p in r["peak_rss_mb_per_instance"]), default=None),
            "runs": runs}
    one, two = out["instances"].get("1"), out["instances"].get("2")
    out["ratio_2_vs_1"] = ratio(two["group_records_per_s"], one["group_records_per_s"]) if one and two else None
    out["startup_to_first_prediction_ms"] = one["startup_to_first_prediction_ms"] if one else None
    return out


def skipped(note):
    return {"status": "skipped", "note": note}


def build(results_path, cores, java):
    global CLOCK_TICKS
    with open(results_path) as f:
        entries = [json.loads(line) for line in f if line.strip()]
    settings = next(e for e in entries if e.get("kind") == "settings")
    CLOCK_TICKS = settings.get("clock_ticks", CLOCK_TICKS)
    end = next((e for e in entries if e.get("kind") == "end"), {})
    note = next((e.get("note") for e in entries if e.get("kind") == "consumer_jar"), "")
    sections = str(settings["sections"]).split(",")
    by_section = lambda name: [e for e in entries if e.get("section") == name]
    report = {
        "schema": 1, "started_utc": settings["started"],
        "machine": {"cores": cores, "java": java, "load_average_start": settings.get("load_start"),
                    "load_average_end": end.get("load_end")},
        "settings": {k: v for k, v in settings.items() if k not in ("kind", "started", "load_start")},
        "producer": producer_section(by_section("producer"), settings) if "producer" in sections
        else skipped("not in SECTIONS"),
        "consumer": skipped(note) if note and "consumer" in sections else
        consumer_section(by_section("consumer")) if "consumer" in sections else skipped("not in SECTIONS"),
        "scoring": scoring_section(by_section("scoring")[0]) if "scoring" in sections else skipped("not in SECTIONS"),
        "latency": skipped(note) if note and "latency" in sections else
        latency_section(by_section("latency")) if "latency" in sections else skipped("not in SECTIONS"),
        "scaling": skipped(note) if note and "scaling" in sections else
        scaling_section(by_section("scaling")) if "scaling" in sections else skipped("not in SECTIONS"),
    }
    for name in ("producer", "consumer"):
        key = "ratio_vs_producer_performance" if name == "producer" else "ratio_vs_passthrough"
        report[name].setdefault(key, None)
    return report


def fmt(value, unit="", digits=0):
    if value is None:
        return "n/a"
    return f"{value:,.{digits}f}{unit}"


def table(report):
    rows = [("figure", "churnstream", "reference", "ratio")]
    p = report["producer"]
    if p["status"] == "ok":
        c, r = p["churnstream"], p["producer_performance"]
        rows.append((f"producer batch, {fmt(p['records'])} records of {fmt(p['avg_value_bytes'], ' B', 1)}",
                     f"{fmt(c['records_per_s'], ' rec/s')} ({fmt(c['mb_per_s'], ' MB/s', 1)})",
                     f"ProducerPerformance {fmt(r['records_per_s'], ' rec/s')} ({fmt(r['mb_per_s'], ' MB/s', 1)})",
                     f"**{fmt(p['ratio_vs_producer_performance'], '', 2)}** (target >= {PRODUCER_TARGET:.2f})"))
        rows.append(("producer batch, wall clock incl. JVM start", f"{fmt(c['wall_records_per_s'], ' rec/s')} ({fmt(c['wall_s'], ' s', 1)})",
                     f"{fmt(r['wall_records_per_s'], ' rec/s')} ({fmt(r['wall_s'], ' s', 1)})", fmt(p["ratio_wall_clock"], "", 2)))
        rows.append(("producer CPU time (user+sys), peak RSS", f"{fmt(c['cpu_s'], ' s', 1)}, {fmt(c['peak_rss_mb'], ' MB')}",
                     f"{fmt(r['cpu_s'], ' s', 1)}, {fmt(r['peak_rss_mb'], ' MB')}", fmt(p["ratio_cpu_time"], "", 2)))
        rows.append(("producer ratio per run (pairs run back to back)", "", "",
                     ", ".join(fmt(x, "", 2) for x in p["ratio_per_run"])))
    else:
        rows.append(("producer", p["status"] + ": " + p.get("note", ""), "", ""))
    c = report["consumer"]
    if c["status"] == "ok":
        for g, label in (("at_least_once", "at-least-once"), ("exactly_once", "exactly-once")):
            s, t = c[g]["scoring"], c[g]["pass_through"]
            key = "ratio_vs_passthrough" if g == "at_least_once" else "ratio_vs_passthrough_exactly_once"
            rows.append((f"consumer batch, {label}: own clock (wall clock)",
                         f"{fmt(s['records_per_s'], ' rec/s')} ({fmt(s['wall_records_per_s'], ' rec/s')})",
                         f"pass-through {fmt(t['records_per_s'], ' rec/s')} ({fmt(t['wall_records_per_s'], ' rec/s')})",
                         f"**{fmt(c[key], '', 2)}**" if g == "at_least_once" else fmt(c[key], "", 2)))
        rows.append(("consumer exactly-once vs at-least-once", "", "", fmt(c["ratio_exactly_once_vs_at_least_once"], "", 2)))
        m = c["memory"]
        rows.append((f"consumer peak RSS ({fmt(report['settings'].get('rows'))} records, scoring)", fmt(m["peak_rss_mb"], " MB"),
                     f"bound {m['bound_mb']} MB",
                     "under" if m["under_bound"] else "OVER" if m["under_bound"] is False else "n/a"))
    else:
        rows.append(("consumer", c["status"] + ": " + c.get("note", ""), "", ""))
    s = report["scoring"]
    if s["status"] == "ok":
        for name, b in s["benchmarks"].items():
            lat = b.get("latency_us")
            rows.append((f"model {name}", f"{fmt(b.get('records_per_s'), ' rec/s')}",
                         f"p50 {fmt(lat['p50'], ' us', 1)}, p99 {fmt(lat['p99'], ' us', 1)}" if lat else "", ""))
    else:
        rows.append(("scoring", s["status"] + ": " + s.get("note", ""), "", ""))
    lat = report["latency"]
    if lat["status"] == "ok":
        for rate, l in lat["rates"].items():
            rows.append((f"end-to-end latency at {fmt(int(rate))} ev/s",
                         f"p50 {fmt(l['p50_ms'], ' ms')}, p95 {fmt(l['p95_ms'], ' ms')}, p99 {fmt(l['p99_ms'], ' ms')}, max {fmt(l['max_ms'], ' ms')}",
                         f"{fmt(l['predictions_timed'])} predictions timed", ""))
    else:
        rows.append(("latency", lat["status"] + ": " + lat.get("note", ""), "", ""))
    sc = report["scaling"]
    if sc["status"] == "ok":
        one, two = sc["instances"].get("1", {}), sc["instances"].get("2", {})
        rows.append(("consumers in one group, 6 partitions", f"2: {fmt(two.get('group_records_per_s'), ' rec/s')}",
                     f"1: {fmt(one.get('group_records_per_s'), ' rec/s')}", fmt(sc["ratio_2_vs_1"], "", 2)))
        rows.append(("consumer start-up to first prediction", fmt(sc["startup_to_first_prediction_ms"], " ms"), "", ""))
    else:
        rows.append(("scaling", sc["status"] + ": " + sc.get("note", ""), "", ""))
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    line = lambda r: "| " + " | ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)) + " |"
    out = [line(rows[0]), "| " + " | ".join("-" * w for w in widths) + " |"] + [line(r) for r in rows[1:]]
    m = report["machine"]
    out.append("")
    out.append(f"{m['cores']} cores, {m['java']}, load average {m['load_average_start']} at start, "
               f"{m['load_average_end']} at end; {report['settings'].get('rows')} records, median of "
               f"{report['settings'].get('runs')} run(s) after a warm-up ({report['started_utc']}).")
    return "\n".join(out)


def main(argv):
    if len(argv) == 3 and argv[1] == "--table":
        print(table(load(argv[2])))
        return
    if len(argv) != 5:
        raise SystemExit(__doc__)
    report = build(argv[1], int(argv[3]), argv[4])
    with open(argv[2], "w") as f:
        json.dump(report, f, indent=2)
        f.write("\n")
    print(table(report))


if __name__ == "__main__":
    main(sys.argv)

#!/usr/bin/python3
"""Lists every PromQL expression of the Grafana dashboard and of the alert rules, so each can be checked.

Default output: one JSON object per line, {"source", "name", "expr", "promql"}: "expr" as written, "promql" with the
dashboard's Grafana variables replaced by values Prometheus accepts ($job, $instance -> ".+", $__rate_interval -> 1m),
ready for /api/v1/query. --rules-file FILE writes the dashboard's expressions as recording rules instead, for
`promtool check rules` (the alert rules are checked as they are). Needs python3-yaml.
"""

import argparse
import json
import os
import re
import sys

import yaml

OPS = os.path.dirname(os.path.abspath(__file__))
DASHBOARD = os.path.join(OPS, "grafana", "churnstream-dashboard.json")
ALERTS = os.path.join(OPS, "prometheus", "alerts.yml")

# Grafana's built-in interval variables, as a 5 s scrape interval would give them.
INTERVALS = {"__rate_interval": "1m", "__interval": "15s", "__range": "1h"}
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\$(\w+)")


def to_promql(expr, variables):
    def replace(match):
        name = match.group(1) or match.group(2)
        if name in INTERVALS:
            return INTERVALS[name]
        if name in variables:
            return ".+"
        raise SystemExit(f"list-queries.py: unknown Grafana variable ${name} in: {expr}")
    return VARIABLE.sub(replace, expr)


def dashboard_queries(path):
    with open(path, encoding="utf-8") as f:
        dashboard = json.load(f)
    variables = {v["name"] for v in dashboard.get("templating", {}).get("list", [])}

    def panels(items):
        for panel in items:
            yield panel
            yield from panels(panel.get("panels", []))

    for panel in panels(dashboard.get("panels", [])):
        for target in panel.get("targets", []):
            expr = target.get("expr", "")
            if not expr.strip():
                raise SystemExit(f"list-queries.py: panel '{panel.get('title')}' has a target without expr")
            yield {"source": os.path.relpath(path, os.path.dirname(OPS)),
                   "name": f"{panel.get('title')} [{target.get('refId')}]",
                   "expr": expr, "promql": to_promql(expr, variables)}


def alert_queries(path):
    with open(path, encoding="utf-8") as f:
        rules = yaml.safe_load(f)
    for group in rules.get("groups", []):
        for rule in group.get("rules", []):
            expr = str(rule["expr"]).strip()
            yield {"source": os.path.relpath(path, os.path.dirname(OPS)),
                   "name": rule.get("alert") or rule.get("record"), "expr": expr, "promql": expr}


def write_rules_file(path, queries):
    rules = [{"record": f"dashboard_query_{i}", "expr": q["promql"]} for i, q in enumerate(queries)]
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump({"groups": [{"name": "dashboard", "rules": rules}]}, f, sort_keys=False, width=1 << 16)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dashboard", default=DASHBOARD)
    parser.add_argument("--alerts", default=ALERTS)
    parser.add_argument("--rules-file", metavar="FILE",
                        help="write the dashboard's expressions as a rules file for promtool check rules")
    args = parser.parse_args()

    dashboard = list(dashboard_queries(args.dashboard))
    if args.rules_file:
        write_rules_file(args.rules_file, dashboard)
        print(f"list-queries.py: {len(dashboard)} dashboard expressions -> {args.rules_file}", file=sys.stderr)
        return
    for query in dashboard + list(alert_queries(args.alerts)):
        print(json.dumps(query))


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Runs the tasks of a churnstream DAG in the DAG's order, as Airflow would, without Airflow.

Usage: run_dag.py DAG_ID [RUN_ID]   (DAG_ID: churn_batch_pipeline or churn_streaming_pipeline)
Each task's command comes from dags/churn_tasks.py, exactly as the DAG runs it, in bash with the same variables.
Stops at the first failing task with its exit code.
"""

import os
import subprocess
import sys
import time
from datetime import datetime, timezone

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "dags"))
import churn_tasks  # noqa: E402


def main():
    if len(sys.argv) not in (2, 3) or sys.argv[1] not in churn_tasks.DAGS:
        print(f"usage: run_dag.py {'|'.join(churn_tasks.DAGS)} [RUN_ID]", file=sys.stderr)
        return 2
    dag_id = sys.argv[1]
    run_id = sys.argv[2] if len(sys.argv) == 3 else "manual__" + datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    env = dict(os.environ, **churn_tasks.environment(run_id))
    for task_id, cmd in churn_tasks.DAGS[dag_id]:
        print(f"run_dag: {dag_id} {run_id}: {task_id} started", flush=True)
        started = time.monotonic()
        code = subprocess.run(["bash", "-c", churn_tasks.command(cmd)], env=env).returncode
        took = time.monotonic() - started
        if code != 0:
            print(f"run_dag: {dag_id} {run_id}: {task_id} failed with exit code {code} after {took:.1f} s",
                  file=sys.stderr, flush=True)
            return code
        print(f"run_dag: {dag_id} {run_id}: {task_id} succeeded in {took:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

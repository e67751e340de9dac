"""What each task of the churnstream Airflow DAGs runs, in order: the one place that says it.

The DAG files (churn_batch_pipeline.py, churn_streaming_pipeline.py) make one BashOperator per task, chained in this
order; orchestration/airflow/run_dag.py runs the same commands in the same order without Airflow, which is how they
are tested. This module imports nothing of Airflow.

Every command runs in bash with these variables (export them on the worker to override the defaults):
  CHURNSTREAM_HOME         the churnstream checkout with its jars built (default: the checkout holding this file)
  KAFKA_BOOTSTRAP_SERVERS  the cluster (default localhost:19092)
  CHURN_RUN_ID             set per DAG run (Airflow's run_id): the batch run's checkpoint and reports live in
                           $CHURN_STATE_DIR/<run id>, so a retried task resumes and a new run starts afresh
  CHURN_STATE_DIR          default $CHURNSTREAM_HOME/target/airflow
  CHURN_REPORTS_DIR        where published summaries go (default $CHURNSTREAM_HOME/reports)
  CHURN_BATCH_INPUT        CSV for the batch producer; without it, CHURN_BATCH_ROWS (default 1000) generated rows
  CHURN_WINDOW_TIMEOUT_MS  the batch consumer stops after this much silence (default 30000)
  CHURN_BATCH_GROUP        the batch consumer's group (default churn-batch-group)
  CHURN_MONITOR_SECONDS    how long the streaming DAG watches /health (default 240)
  METRICS_PORT, CONSUMER_GROUP, CONSUMER_ARGS, WATCH_INTERVAL: see scripts/streaming-consumer.sh
"""

import os

DEFAULT_HOME = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))

_PRELUDE = (
    'set -euo pipefail; cd "${CHURNSTREAM_HOME:?}"; '
    'run_dir="${CHURN_STATE_DIR:-$CHURNSTREAM_HOME/target/airflow}/${CHURN_RUN_ID:?}"; mkdir -p "$run_dir"; '
)

HEALTH_CHECK_KAFKA = (
    "scripts/create-topics.sh --connect-timeout 30 >\"$run_dir/topics.out\" && "
    "echo \"Kafka at ${KAFKA_BOOTSTRAP_SERVERS:-localhost:19092} answers; topics ready\""
)

BATCH_TASKS = [
    ("health_check_kafka", HEALTH_CHECK_KAFKA),
    ("produce_batch",
     'java -jar producer/target/producer.jar batch ${CHURN_BATCH_INPUT:+--input "$CHURN_BATCH_INPUT"} '
     '--rows "${CHURN_BATCH_ROWS:-1000}" --checkpoint "$run_dir/producer.checkpoint" '
     '--summary-json "$run_dir/producer_summary.json" --log-dir "$run_dir"'),
    ("consume_window",
     'java -Xmx256m -jar consumer/target/consumer.jar batch --timeout-ms "${CHURN_WINDOW_TIMEOUT_MS:-30000}" '
     '--consumer-group "${CHURN_BATCH_GROUP:-churn-batch-group}" --reports-dir "$run_dir" --log-dir "$run_dir"'),
    ("publish_summary",
     '/usr/bin/python3 orchestration/airflow/publish_summary.py "$run_dir" '
     '"${CHURN_REPORTS_DIR:-$CHURNSTREAM_HOME/reports}"'),
]

STREAMING_TASKS = [
    ("health_check_kafka", HEALTH_CHECK_KAFKA),
    ("start_consumer", "scripts/streaming-consumer.sh start"),
    ("monitor_consumer", 'scripts/streaming-consumer.sh watch "${CHURN_MONITOR_SECONDS:-240}"'),
]

DAGS = {
    "churn_batch_pipeline": BATCH_TASKS,
    "churn_streaming_pipeline": STREAMING_TASKS,
}


def command(task_command):
    """The full bash command of a task: the shared prelude, then the task's own command."""
    return _PRELUDE + task_command


def environment(run_id):
    """Variables the DAG sets for every task (on top of the worker's environment)."""
    return {"CHURN_RUN_ID": run_id, "CHURNSTREAM_HOME": os.environ.get("CHURNSTREAM_HOME", DEFAULT_HOME)}

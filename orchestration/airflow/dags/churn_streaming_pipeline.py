"""Streaming pipeline: check Kafka, make sure the streaming consumer runs, then watch its /health.

The commands are those of churn_tasks.STREAMING_TASKS, chained in that order; orchestration/airflow/run_dag.py runs
the same commands without Airflow. Each run starts the consumer only if it is not already running, so the hourly
schedule restarts a consumer that died; the consumer itself outlives the run.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.baseoperator import chain
from airflow.operators.bash import BashOperator

import churn_tasks

with DAG(
    dag_id="churn_streaming_pipeline",
    description="Kafka health check, start the streaming consumer if needed, monitor it through /health",
    schedule="@hourly",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 0, "execution_timeout": timedelta(minutes=10)},
    tags=["churnstream"],
) as dag:
    chain(*[
        BashOperator(task_id=task_id, bash_command=churn_tasks.command(cmd),
                     env=churn_tasks.environment("{{ run_id }}"), append_env=True)
        for task_id, cmd in churn_tasks.STREAMING_TASKS
    ])

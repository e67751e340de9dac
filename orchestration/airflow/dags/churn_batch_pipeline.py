"""Batch pipeline: check Kafka, publish a batch of customers, score it in a consumer window, publish the summary.

The commands are those of churn_tasks.BATCH_TASKS, chained in that order; orchestration/airflow/run_dag.py runs the
same commands without Airflow. A retried run resumes the producer from its per-run checkpoint.
"""

from datetime import datetime, timedelta

from airflow import DAG
from airflow.models.baseoperator import chain
from airflow.operators.bash import BashOperator

import churn_tasks

with DAG(
    dag_id="churn_batch_pipeline",
    description="Kafka health check, producer.jar batch, consumer.jar batch window, run summary",
    schedule="@daily",
    start_date=datetime(2026, 11, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 1, "retry_delay": timedelta(minutes=2)},
    tags=["churnstream"],
) as dag:
    chain(*[
        BashOperator(task_id=task_id, bash_command=churn_tasks.command(cmd),
                     env=churn_tasks.environment("{{ run_id }}"), append_env=True)
        for task_id, cmd in churn_tasks.BATCH_TASKS
    ])

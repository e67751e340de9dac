"""Trains the churn model on the Telco Customer Churn CSV and writes what the Java side needs.

Outputs:
  --pickle        the fitted sklearn Pipeline (pickle protocol 4, read by the Java PMML exporter; never committed)
  --card          model-card.json (metrics, data fingerprint, versions, reference profile) next to the PMML
  --parity        synthetic customers (no real rows) with sklearn's P(Churn=Yes), for the Java parity test
  --verification  the customers of --verification-input (made by the Java generator) with sklearn's class
                  probabilities, which the exporter writes into the PMML as its ModelVerification rows

--variant bundled is the model the jars bundle; --variant challenger a second one with other hyperparameters and
another seed, for tests and the demo of publishing and swapping models.

Deterministic: the same CSV gives the same model, metrics and fixtures; only the training date changes.
"""

import argparse
import datetime
import hashlib
import json
import os
import pickle
import platform
import sys

import numpy as np
import pandas as pd
import sklearn
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.metrics import (accuracy_score, confusion_matrix, f1_score, precision_score, recall_score,
                             roc_auc_score)
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

SEED = 42   # of the train/test split, the same for every variant so their metrics compare
VARIANTS = {
    "bundled": ("churn-gbm", {"n_estimators": 100, "learning_rate": 0.05, "max_depth": 3, "min_samples_split": 10,
                              "subsample": 0.8, "random_state": 42}),
    "challenger": ("churn-gbm-challenger", {"n_estimators": 150, "learning_rate": 0.1, "max_depth": 2,
                                            "min_samples_split": 20, "subsample": 0.9, "random_state": 7}),
}
MIN_ACCURACY = 0.80
MIN_AUC = 0.84

ID_COLUMN = "customerID"
TARGET = "Churn"
POSITIVE = "Yes"
NUMERIC = ["SeniorCitizen", "tenure", "MonthlyCharges", "TotalCharges"]
CATEGORICAL = ["gender", "Partner", "Dependents", "PhoneService", "MultipleLines", "InternetService",
               "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
               "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod"]
COLUMNS = [ID_COLUMN, "gender", "SeniorCitizen", "Partner", "Dependents", "tenure", "PhoneService",
           "MultipleLines", "InternetService", "OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport",
           "StreamingTV", "StreamingMovies", "Contract", "PaperlessBilling", "PaymentMethod", "MonthlyCharges",
           "TotalCharges"]
INTERNET_ADDONS = ["OnlineSecurity", "OnlineBackup", "DeviceProtection", "TechSupport", "StreamingTV",
                   "StreamingMovies"]

PROFILE_QUANTILES = [q / 10 for q in range(1, 10)]   # decile edges of each numeric input
SCORE_EDGES = [q / 10 for q in range(1, 10)]         # ten equal bins of P(Churn=Yes) on [0, 1]

PARITY_ROWS = 3000
PARITY_SEED = 20251125


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def load(csv_path):
    df = pd.read_csv(csv_path, dtype={c: str for c in CATEGORICAL + [ID_COLUMN, TARGET, "TotalCharges"]},
                     keep_default_na=False)
    missing = [c for c in COLUMNS + [TARGET] if c not in df.columns]
    if missing:
        raise SystemExit(f"train.py: {csv_path} lacks columns {missing}")
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"].str.strip().replace("", np.nan))
    for c in ["SeniorCitizen", "tenure", "MonthlyCharges"]:
        df[c] = df[c].astype("float64")
    unknown_target = set(df[TARGET]) - {"Yes", "No"}
    if unknown_target:
        raise SystemExit(f"train.py: unexpected {TARGET} values {sorted(unknown_target)}")
    return df


def build_pipeline(params):
    numeric = Pipeline([("impute", SimpleImputer(strategy="median")), ("scale", StandardScaler())])
    features = ColumnTransformer([
        ("num", numeric, NUMERIC),
        ("cat", OneHotEncoder(handle_unknown="ignore"), CATEGORICAL),
    ])
    return Pipeline([("features", features), ("gbm", GradientBoostingClassifier(**params))])


def algorithm(params):
    return "sklearn GradientBoostingClassifier(" + ", ".join(f"{k}={v}" for k, v in params.items()) + ")"


def evaluate(pipeline, x_test, y_test):
    positive = list(pipeline.classes_).index(POSITIVE)
    proba = pipeline.predict_proba(x_test)[:, positive]
    predicted = np.where(proba >= 0.5, POSITIVE, "No")
    matrix = confusion_matrix(y_test, predicted, labels=["No", POSITIVE])
    return {
        "threshold": 0.5,
        "accuracy": round(float(accuracy_score(y_test, predicted)), 6),
        "roc_auc": round(float(roc_auc_score(y_test == POSITIVE, proba)), 6),
        "precision_churn": round(float(precision_score(y_test, predicted, pos_label=POSITIVE)), 6),
        "recall_churn": round(float(recall_score(y_test, predicted, pos_label=POSITIVE)), 6),
        "f1_churn": round(float(f1_score(y_test, predicted, pos_label=POSITIVE)), 6),
        "confusion_matrix": {"labels": ["No", POSITIVE], "rows_actual_cols_predicted": matrix.tolist()},
    }


def binned(values, edges):
    """Fractions of values in (-inf, e1], (e1, e2], ..., (ek, inf), and of missing values (NaN)."""
    present = values[~np.isnan(values)]
    index = np.searchsorted(np.asarray(edges), present, side="left")
    counts = np.bincount(index, minlength=len(edges) + 1)
    return ([round(float(c) / len(values), 6) for c in counts],
            round(float(np.isnan(values).sum()) / len(values), 6))


def reference_profile(pipeline, x_train, x_test):
    """Aggregates the drift monitor compares live traffic with: no row, only bin and category fractions."""
    numeric = {}
    for c in NUMERIC:
        values = x_train[c].to_numpy(dtype="float64")
        edges = sorted({round(float(e), 6) for e in np.nanquantile(values, PROFILE_QUANTILES)})
        fractions, missing = binned(values, edges)
        numeric[c] = {"edges": edges, "fractions": fractions, "missing": missing}
    categorical = {}
    for c in CATEGORICAL:
        shares = x_train[c].value_counts(normalize=True)
        categories = sorted(shares.index)
        categorical[c] = {"categories": categories, "fractions": [round(float(shares[k]), 6) for k in categories]}
    positive = list(pipeline.classes_).index(POSITIVE)
    scores, _ = binned(pipeline.predict_proba(x_test)[:, positive], SCORE_EDGES)
    return {
        "features_from": f"training split ({len(x_train)} rows)",
        "score_from": f"held-out split ({len(x_test)} rows): P({TARGET}={POSITIVE})",
        "bins": "numeric: (-inf, e1], (e1, e2], ..., (ek, inf) over the edges, plus the missing share; "
                "edges are the training deciles without repeats",
        "numeric": numeric,
        "categorical": categorical,
        "score": {"edges": SCORE_EDGES, "fractions": scores},
    }


def synthetic_customers(df, rng):
    """Draws customers column by column from the training data's value sets; no row is copied."""
    n = PARITY_ROWS
    values = {c: sorted(df[c].unique()) for c in CATEGORICAL}

    def pick(column, size=n):
        return rng.choice(values[column], size=size)

    out = pd.DataFrame({c: pick(c) for c in CATEGORICAL})
    out["SeniorCitizen"] = rng.choice([0, 1], size=n, p=[0.84, 0.16])
    out["tenure"] = rng.integers(0, 73, size=n)
    low, high = float(df["MonthlyCharges"].min()), float(df["MonthlyCharges"].max())
    out["MonthlyCharges"] = np.round(rng.uniform(low, high, size=n), 2)
    total = out["tenure"] * out["MonthlyCharges"] * rng.uniform(0.9, 1.1, size=n)
    total = np.round(np.maximum(total, out["MonthlyCharges"]), 2)
    blank = (out["tenure"] == 0).to_numpy() | (rng.random(n) < 0.02)
    out["TotalCharges"] = np.where(blank, np.nan, total)

    # keep most rows coherent (no phone -> "No phone service", no internet -> "No internet service")
    coherent = rng.random(n) < 0.9
    no_phone = coherent & (out["PhoneService"] == "No").to_numpy()
    out.loc[no_phone, "MultipleLines"] = "No phone service"
    out.loc[coherent & (out["PhoneService"] == "Yes").to_numpy() & (out["MultipleLines"] == "No phone service"),
            "MultipleLines"] = "No"
    no_net = coherent & (out["InternetService"] == "No").to_numpy()
    for c in INTERNET_ADDONS:
        out.loc[no_net, c] = "No internet service"
        out.loc[coherent & ~no_net & (out[c] == "No internet service").to_numpy(), c] = "Yes"

    out[ID_COLUMN] = synthetic_ids(rng, n, set(df[ID_COLUMN]))
    for c in CATEGORICAL:
        unseen = set(out[c]) - set(values[c])
        assert not unseen, f"synthetic {c} has unseen values {unseen}"
    real = set(map(tuple, df[COLUMNS[1:]].astype(str).to_numpy()))
    copied = [tuple(r) for r in out[COLUMNS[1:]].astype(str).to_numpy() if tuple(r) in real]
    if copied:
        raise SystemExit(f"train.py: {len(copied)} synthetic rows equal a real row; change PARITY_SEED")
    return out[COLUMNS]


def synthetic_ids(rng, n, real_ids):
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    ids, seen = [], set()
    while len(ids) < n:
        candidate = f"{rng.integers(0, 10000):04d}-{''.join(rng.choice(letters, size=5))}"
        if candidate not in real_ids and candidate not in seen:
            seen.add(candidate)
            ids.append(candidate)
    return ids


def load_features(csv_path):
    """Customers of a CSV in the dataset's format, as the pipeline reads them; the label, if any, is ignored."""
    df = pd.read_csv(csv_path, dtype={c: str for c in CATEGORICAL + [ID_COLUMN, "TotalCharges"]}, keep_default_na=False)
    missing = [c for c in COLUMNS if c not in df.columns]
    if missing:
        raise SystemExit(f"train.py: {csv_path} lacks columns {missing}")
    df["TotalCharges"] = pd.to_numeric(df["TotalCharges"].str.strip().replace("", np.nan))
    for c in ["SeniorCitizen", "tenure", "MonthlyCharges"]:
        df[c] = df[c].astype("float64")
    return df[NUMERIC + CATEGORICAL]


def write_verification(path, pipeline, x):
    """The inputs and sklearn's probability of each class, one row per customer; a blank cell is a missing value."""
    rows = x.copy()
    for c in NUMERIC:
        rows[c] = rows[c].map(lambda v: "" if np.isnan(v) else repr(float(v)))
    probabilities = pipeline.predict_proba(x)
    for i, label in enumerate(pipeline.classes_):
        rows[f"probability({label})"] = [repr(float(p)) for p in probabilities[:, i]]
    for c in CATEGORICAL:
        if rows[c].str.contains('[,"]').any():
            raise SystemExit(f"train.py: a {c} value holds a comma or a quote, which the exporter does not read")
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    rows.to_csv(path, index=False, lineterminator="\n")


def write_parity(path, pipeline, customers):
    rows = customers.copy()
    rows["SeniorCitizen"] = rows["SeniorCitizen"].astype(int)
    rows["tenure"] = rows["tenure"].astype(int)
    rows["MonthlyCharges"] = rows["MonthlyCharges"].map(lambda v: f"{v:.2f}")
    rows["TotalCharges"] = rows["TotalCharges"].map(lambda v: "" if np.isnan(v) else f"{v:.2f}")
    # score exactly the values the CSV holds, as Java will parse them back
    x = rows[NUMERIC + CATEGORICAL].copy()
    for c in NUMERIC:
        x[c] = pd.to_numeric(x[c].replace("", np.nan)).astype("float64")
    positive = list(pipeline.classes_).index(POSITIVE)
    rows["probability_yes"] = [repr(float(p)) for p in pipeline.predict_proba(x)[:, positive]]
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    rows.to_csv(path, index=False, lineterminator="\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("csv")
    parser.add_argument("--pickle", required=True)
    parser.add_argument("--card", required=True)
    parser.add_argument("--parity")
    parser.add_argument("--variant", choices=sorted(VARIANTS), default="bundled")
    parser.add_argument("--verification-input", help="CSV of generated customers (producer.jar generate)")
    parser.add_argument("--verification")
    args = parser.parse_args()
    if bool(args.verification_input) != bool(args.verification):
        parser.error("--verification-input and --verification go together")
    name, params = VARIANTS[args.variant]

    df = load(args.csv)
    x, y = df[NUMERIC + CATEGORICAL], df[TARGET].to_numpy()
    x_train, x_test, y_train, y_test = train_test_split(x, y, test_size=0.2, stratify=y, random_state=SEED)
    pipeline = build_pipeline(params).fit(x_train, y_train)
    metrics = evaluate(pipeline, x_test, y_test)
    print(f"train.py: {name}: accuracy={metrics['accuracy']:.4f} roc_auc={metrics['roc_auc']:.4f}")
    if metrics["accuracy"] < MIN_ACCURACY or metrics["roc_auc"] < MIN_AUC:
        raise SystemExit(f"train.py: below the acceptance floor (accuracy >= {MIN_ACCURACY}, AUC >= {MIN_AUC}): "
                         f"accuracy={metrics['accuracy']}, roc_auc={metrics['roc_auc']}")

    os.makedirs(os.path.dirname(os.path.abspath(args.pickle)), exist_ok=True)
    with open(args.pickle, "wb") as f:
        pickle.dump(pipeline, f, protocol=4)

    card = {
        "name": name,
        "trained_on": datetime.datetime.now(datetime.timezone.utc).date().isoformat(),
        "algorithm": algorithm(params),
        "target": {"name": TARGET, "positive_class": POSITIVE},
        "features": {"numeric": NUMERIC, "categorical": CATEGORICAL, "nullable": ["TotalCharges"]},
        "preprocessing": "numeric: median imputation + StandardScaler; categorical: OneHotEncoder(handle_unknown=ignore)",
        "split": {"test_size": 0.2, "stratified": True, "random_state": SEED},
        "rows": {"total": int(len(df)), "train": int(len(x_train)), "test": int(len(x_test)),
                 "blank_total_charges": int(df["TotalCharges"].isna().sum())},
        "metrics_test": metrics,
        "acceptance": {"min_accuracy": MIN_ACCURACY, "min_roc_auc": MIN_AUC},
        "training_data": {"file": os.path.basename(args.csv), "sha256": sha256_of(args.csv)},
        "versions": {"python": platform.python_version(), "sklearn": sklearn.__version__,
                     "numpy": np.__version__, "pandas": pd.__version__},
        "reference_profile": reference_profile(pipeline, x_train, x_test),
    }
    os.makedirs(os.path.dirname(os.path.abspath(args.card)), exist_ok=True)
    with open(args.card, "w", encoding="utf-8") as f:
        json.dump(card, f, indent=2)
        f.write("\n")

    written = [args.pickle, args.card]
    if args.parity:
        customers = synthetic_customers(df, np.random.default_rng(PARITY_SEED))
        write_parity(args.parity, pipeline, customers)
        written.append(f"{args.parity} ({len(customers)} synthetic rows)")
    if args.verification:
        x_verify = load_features(args.verification_input)
        write_verification(args.verification, pipeline, x_verify)
        written.append(f"{args.verification} ({len(x_verify)} generated rows)")
    print("train.py: wrote " + ", ".join(written))


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env bash
# Retrains the churn model and refreshes everything derived from it:
#   model/train.py      -> artifacts/model/churn-pipeline.pkl (git-ignored), model-card.json, parity fixture
#   -Pexport (Java)     -> model/src/main/resources/io/churnstream/model/churn-gbm.pmml
# Usage: scripts/train-model.sh [CSV]   (default: ../shared/data/telco-customer-churn.csv from the repo root)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CSV="${1:-$ROOT/../shared/data/telco-customer-churn.csv}"
PY=/usr/bin/python3   # Debian's interpreter: the apt-installed sklearn lives there, not in pyenv's
RESOURCES="$ROOT/model/src/main/resources/io/churnstream/model"
PICKLE="$ROOT/artifacts/model/churn-pipeline.pkl"

if [[ ! -f "$CSV" ]]; then
  echo "train-model.sh: no training CSV at $CSV (pass its path as the first argument)" >&2
  exit 2
fi
CSV="$(cd "$(dirname "$CSV")" && pwd)/$(basename "$CSV")"

if ! "$PY" -c 'import sklearn, pandas, joblib' 2>/dev/null; then
  if [[ "$(id -u)" == 0 ]]; then
    echo "train-model.sh: installing python3-sklearn python3-pandas python3-joblib"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-sklearn python3-pandas python3-joblib
  else
    echo "train-model.sh: $PY lacks scikit-learn/pandas/joblib; run as root or:" >&2
    echo "  sudo apt-get install -y python3-sklearn python3-pandas python3-joblib" >&2
    exit 3
  fi
fi

"$PY" "$ROOT/model/train.py" "$CSV" \
  --pickle "$PICKLE" \
  --card "$RESOURCES/model-card.json" \
  --parity "$ROOT/model/src/test/resources/parity/churn-parity.csv"

cd "$ROOT"
./mvnw -B -q -Pexport -pl model -am process-classes \
  -Dexport.pickle="$PICKLE" -Dexport.pmml="$RESOURCES/churn-gbm.pmml"
ls -l "$RESOURCES"

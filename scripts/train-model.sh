#!/usr/bin/env bash
# Retrains a churn model and refreshes everything derived from it:
#   producer.jar generate -> generated customers, the PMML's verification rows (never rows of the real dataset)
#   model/train.py        -> artifacts/model/<name>.pkl (git-ignored), model-card.json, scikit-learn's probabilities
#                            of the verification rows, and (bundled model only) the parity fixture
#   -Pexport (Java)       -> the PMML, with those rows as its ModelVerification
# Usage: scripts/train-model.sh [--challenger] [CSV]   (default CSV: ../shared/data/telco-customer-churn.csv)
#   (no flag)      the bundled model: model/src/main/resources/io/churnstream/model/churn-gbm.pmml and its card
#   --challenger   a second model with other hyperparameters and another seed, for tests and the demo of model
#                  swaps: model/challenger/churn-gbm-challenger.pmml and model/challenger/model-card.json
set -euo pipefail
source "$(dirname "$0")/lib.sh"
PY=/usr/bin/python3   # Debian's interpreter: the apt-installed sklearn lives there, not in pyenv's
VERIFICATION_ROWS=25
VERIFICATION_SEED=7   # its 25 customers include one with unknown TotalCharges, which the model imputes

variant=bundled
if [[ "${1:-}" == "--challenger" ]]; then
  variant=challenger
  shift
fi
CSV="${1:-$ROOT/../shared/data/telco-customer-churn.csv}"
if [[ "$variant" == bundled ]]; then
  NAME=churn-gbm
  OUT="$ROOT/model/src/main/resources/io/churnstream/model"
  PARITY=(--parity "$ROOT/model/src/test/resources/parity/churn-parity.csv")
else
  NAME=churn-gbm-challenger
  OUT="$ROOT/model/challenger"
  PARITY=()
fi
WORK="$ROOT/artifacts/model"
PICKLE="$WORK/$NAME.pkl"

if [[ ! -f "$CSV" ]]; then
  echo "train-model.sh: no training CSV at $CSV (pass its path as the last argument)" >&2
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

require_java
if [[ ! -f "$PRODUCER_JAR" ]]; then
  info "building producer.jar for its customer generator"
  (cd "$ROOT" && ./mvnw -B -q -pl producer -am -DskipTests package)
fi
mkdir -p "$WORK" "$OUT"
"$JAVA" -jar "$PRODUCER_JAR" generate --rows "$VERIFICATION_ROWS" --seed "$VERIFICATION_SEED" \
  --out "$WORK/verification-input.csv" --log-dir "$WORK"

"$PY" "$ROOT/model/train.py" "$CSV" --variant "$variant" \
  --pickle "$PICKLE" \
  --card "$OUT/model-card.json" \
  "${PARITY[@]}" \
  --verification-input "$WORK/verification-input.csv" --verification "$WORK/$NAME-verification.csv"

cd "$ROOT"
./mvnw -B -q -Pexport -pl model -am process-classes \
  -Dexport.pickle="$PICKLE" -Dexport.pmml="$OUT/$NAME.pmml" -Dexport.verification="$WORK/$NAME-verification.csv"
ls -l "$OUT"

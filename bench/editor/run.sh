#!/usr/bin/env bash
# How the form editor (Decap CMS, /admin/) copes with a large directory: writes a synthetic
# directory of N services (default 3,000), builds it, serves the content with Decap's local
# backend (decap-server) and times, in Chromium, opening the editor's list of services,
# opening one listing by its address (as a reminder email's "Change it" link does), and
# searching the collection. Needs tests/node's npm packages (scripts/test installs them).
#   bench/editor/run.sh [services]
set -euo pipefail
cd "$(dirname "$0")/../.."
n="${1:-3000}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# The editor is what is timed, so a debug build of signpost will do.
cargo build --quiet --bin signpost --example generate
target/debug/examples/generate "$n" "$work/content" >/dev/null
# The editor is published only for a site with a GitHub repository.
echo "repository: https://github.com/example-council/directory" >> "$work/content/site.yaml"
target/debug/signpost build --content "$work/content" --output "$work/site" >/dev/null
SIGNPOST_SITE="$work/site" EDITOR_CONTENT="$work/content" node bench/editor/bench.mjs

#!/usr/bin/env bash
# Deploy time for a content-only change, as Netlify runs it for a council's repository made
# by `signpost init`: download the pinned signpost release, check its SHA-256 checksum, then
# build the content. No Rust, no cache.
#
#   bench/deploy/run.sh [--runs N] [SERVICES]        (default: 3 runs, 3000 services)
#
# Set up (not timed): a release archive of SIGNPOST_BIN (default: the static build in
# target/x86_64-unknown-linux-gnu/release/, else target/release/) laid out as a GitHub
# release and served on 127.0.0.1 by `python3 -m http.server`; two repositories made with
# `signpost init` (INIT_BIN, default SIGNPOST_BIN if it has `init`, else target/debug):
# the sample borough, and one whose content is a synthetic directory of SERVICES listings
# (examples/generate, run with GENERATE or `cargo run --example generate`).
#
# Timed: the netlify.toml [build] command, run in each repository with an empty
# environment whose PATH holds only sh, curl, tar and gzip, and the few tools the install
# script needs to check and move the file (uname, mktemp, mkdir, sha256sum, chmod, mv, rm);
# .signpost/ and public/ are deleted before each run, as on a fresh Netlify build.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
# shellcheck source=../tracked-files.sh
. "$here/../tracked-files.sh"
runs=3
size=3000
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "unknown option $1" >&2; exit 2 ;;
    *) size="$1" ;;
  esac
  shift
done

bin="${SIGNPOST_BIN:-}"
if [ -z "$bin" ]; then
  for b in "$repo/target/x86_64-unknown-linux-gnu/release/signpost" "$repo/target/release/signpost"; do
    if [ -x "$b" ]; then bin="$b"; break; fi
  done
fi
if [ -z "$bin" ] || [ ! -x "$bin" ]; then
  echo "no release binary: build one, or set SIGNPOST_BIN" >&2
  exit 2
fi
init_bin="${INIT_BIN:-$bin}"
if ! "$init_bin" init --help >/dev/null 2>&1; then init_bin="$repo/target/debug/signpost"; fi

work="${BENCH_DIR:-/tmp/signpost-deploy-bench}"
rm -rf "$work"
mkdir -p "$work"
trap 'kill "$server" 2>/dev/null || true; rm -rf "$work"' EXIT

# The release, as GitHub lays it out: download/v<version>/<archive> and SHA256SUMS.
version="$("$init_bin" --version | awk '{print $2}')"
case "$(uname -m)" in x86_64|amd64) arch=x86_64 ;; aarch64|arm64) arch=aarch64 ;; esac
archive="signpost-$arch-unknown-linux-gnu.tar.gz"
rel="$work/www/download/v$version"
mkdir -p "$rel" "$work/pack"
cp "$bin" "$work/pack/signpost"
tar -czf "$rel/$archive" -C "$work/pack" signpost
(cd "$rel" && sha256sum "$archive" > SHA256SUMS)
echo "release archive: $(du -h "$rel/$archive" | cut -f1) ($archive); binary: $(du -h "$bin" | cut -f1)"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 -m http.server --bind 127.0.0.1 --directory "$work/www" "$port" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null && break; sleep 0.1; done

# The clean environment's tools.
mkdir -p "$work/path"
for tool in sh curl tar gzip uname mktemp mkdir sha256sum chmod mv rm; do
  ln -s "$(command -v "$tool")" "$work/path/$tool"
done

"$init_bin" init --sample "$work/sample" >/dev/null
"$init_bin" init --name "Synthetic Family Directory" --area Synthshire "$work/synthetic" >/dev/null
rm -rf "$work/synthetic/content"
gen="${GENERATE:-}"
if [ -n "$gen" ]; then
  "$gen" "$size" "$work/synthetic/content" >/dev/null
else
  (cd "$repo" && cargo run --quiet --example generate -- "$size" "$work/synthetic/content" >/dev/null)
fi

for name in sample synthetic; do
  dir="$work/$name"
  cmd="$(sed -n 's/^  command = "\(.*\)"$/\1/p' "$dir/netlify.toml" | head -n 1)"
  times=()
  for _ in $(seq "$runs"); do
    rm -rf "$dir/.signpost" "$dir/public"
    start=$(date +%s.%N)
    (cd "$dir" && env -i PATH="$work/path" HOME="$work/home" NO_COLOR=1 SIGNPOST_TODAY=2026-11-24 \
      SIGNPOST_DOWNLOAD_URL="http://127.0.0.1:$port" sh -c "$cmd" >"$work/$name.log" 2>&1) ||
      { cat "$work/$name.log" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(echo "$end - $start" | bc)")
  done
  files=$(find "$dir/content" -type f | wc -l)
  printf '%s (%s content files): %s s (runs: %s)\n' "$name" "$files" \
    "$(printf '%s\n' "${times[@]}" | sort -n | sed -n "$(( (runs + 1) / 2 ))p")" "${times[*]}"
  grep -E '^(Downloading|Installed|Built)' "$work/$name.log" | sed 's/^/  /'
done
tracked_files_unchanged

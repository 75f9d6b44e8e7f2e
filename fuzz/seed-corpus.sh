#!/usr/bin/env bash
# Seeds fuzz/corpus/listing from the sample borough: each file prefixed with the byte that
# tells the target what kind of file it is (see fuzz_targets/listing.rs).
set -euo pipefail
cd "$(dirname "$0")"
out=corpus/listing
mkdir -p "$out"
kinds=(services organisations venues hubs localities)
for i in "${!kinds[@]}"; do
  for f in ../content/"${kinds[$i]}"/*.md; do
    { printf "\\x$(printf %02x "$i")"; cat "$f"; } >"$out/${kinds[$i]}-$(basename "$f")"
  done
done
{ printf '\x05'; cat ../content/site.yaml; } >"$out/site.yaml"
{ printf '\x06'; cat ../content/needs.yaml; } >"$out/needs.yaml"
echo "seeded $(ls "$out" | wc -l) inputs into fuzz/$out"

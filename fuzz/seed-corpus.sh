#!/usr/bin/env bash
# Seeds the fuzz targets' corpora from the sample borough.
# corpus/listing: each file prefixed with the byte that tells the target what kind of file
# it is (see fuzz_targets/listing.rs).
# corpus/markdown: each listing's description (the markdown after its front matter), plus
# a few hostile ones (see fuzz_targets/markdown.rs).
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

md=corpus/markdown
mkdir -p "$md"
for kind in "${kinds[@]}"; do
  for f in ../content/"$kind"/*.md; do
    # Everything after the closing --- of the front matter.
    awk 'n >= 2 { print } /^---$/ { n++ }' "$f" >"$md/$kind-$(basename "$f")"
  done
done
printf '%s' '<script>alert(1)</script> [x](javascript:alert(1)) <a href="jav&#x09;ascript:x">y</a>' >"$md/hostile-script"
printf '%s' '<div><table><tr><td><a href="https://x.example">a<p>b</a></td></tr></table></div> <noscript><p title="</noscript><img src=x onerror=alert(1)>">' >"$md/hostile-mxss"
printf '%s' '# Title\n\n> quote\n> > nested\n\n| a | b |\n|---|---|\n| <b>1</b> | ~~2~~ |\n\n[tel](tel:01632960101) <mailto:hello@example.org>' >"$md/hostile-mixed"
find "$md" -size 0 -delete
echo "seeded $(ls "$md" | wc -l) inputs into fuzz/$md"

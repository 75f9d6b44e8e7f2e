# Sourced by the benchmark scripts: a benchmark must leave the clone as it found it. Records
# the state of tracked files at the start; `tracked_files_unchanged` (call it last) fails the
# run, naming the files, if the benchmark changed any. Outside a git checkout it does nothing.
tracked_files_state() {
  git -C "$repo" status --porcelain --untracked-files=no 2>/dev/null || true
}
tracked_before="$(tracked_files_state)"
tracked_files_unchanged() {
  local after
  after="$(tracked_files_state)"
  if [ "$after" != "$tracked_before" ]; then
    echo "benchmark error: it changed tracked files of the repository (it must not):" >&2
    diff <(printf '%s\n' "$tracked_before") <(printf '%s\n' "$after") | grep '^>' | sed 's/^> /  /' >&2
    return 1
  fi
}

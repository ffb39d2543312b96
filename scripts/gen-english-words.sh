#!/usr/bin/env bash
# Regenerates rules/words/english.txt, the ordinary-word list the shouting
# check uses to tell "NEVER" (a word, shouted) from "ETA" (an acronym).
# Source: SCOWL size 35 via Debian's wamerican-small (apt-get install wamerican-small).
set -euo pipefail
src=${1:-/usr/share/dict/american-english-small}
out="$(dirname "$0")/../rules/words/english.txt"
LC_ALL=C grep -E '^[a-z]{3,}$' "$src" | LC_ALL=C sort -u > "$out"
wc -l "$out"

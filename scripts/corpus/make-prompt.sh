#!/usr/bin/env bash
# Recipe for the default prompt assets/prompts/prinyat-fax.wav ("Принять факс?", "Accept a fax?").
# espeak-ng (Russian voice) -> sox: telephone band 300-3400 Hz, 8 kHz mono 16-bit, peak -3 dBFS, 100 ms
# lead-in and 150 ms tail of silence. Deterministic for a given espeak-ng/sox version.
# Usage: scripts/corpus/make-prompt.sh [output.wav]
set -euo pipefail
out=${1:-"$(cd "$(dirname "$0")/../.." && pwd)/assets/prompts/prinyat-fax.wav"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
espeak-ng -v ru+m3 -s 140 -p 45 -w "$tmp/raw.wav" "Принять факс? Скажите да, или нажмите один."
sox -V1 "$tmp/raw.wav" -r 8000 -c 1 -b 16 "$out" gain -6 sinc 300-3400 gain -n -3 pad 0.1 0.15
echo "$out"

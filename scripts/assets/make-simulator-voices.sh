#!/usr/bin/env bash
# Recipe for the far-end simulator's voices (assets/simulator/*.wav): Russian espeak-ng speech,
# telephone band (300–3400 Hz), 8 kHz 16-bit mono, peak near -6 dBFS. Needs espeak-ng and sox (Debian).
set -euo pipefail
out="$(cd "$(dirname "$0")/../.." && pwd)/assets/simulator"
mkdir -p "$out"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
say() { # name voice text
  espeak-ng -v "$2" -s 150 -w "$tmp/$1.raw.wav" "$3"
  sox "$tmp/$1.raw.wav" -r 8000 -c 1 -b 16 "$out/$1.wav" sinc 300-3400 gain -n -6
}
say allo ru+m3 "Алло"
say da ru+m3 "Да"
say greeting ru+f2 "Здравствуйте, вы позвонили в компанию Восток. К сожалению, сейчас никто не может ответить. Оставьте сообщение после сигнала."

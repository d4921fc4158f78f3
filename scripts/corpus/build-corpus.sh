#!/usr/bin/env bash
# Builds the labelled speech corpus for the detection evaluation (docs/detection.md) under $1 (default:
# ./.work/media-corpus). Needs espeak-ng and sox. Everything is 8 kHz mono 16-bit, band-limited 300-3400 Hz.
#
# Layout:  <out>/<set>/<label>/<phrase-id>_<voice>_<rate>_<pitch>.wav   set = tune | heldout
#          <out>/noise/babble-<set>.wav  (eight overlapping talkers of that set's voices)
#          <out>/prompt.wav              (the default prompt, rebuilt by make-prompt.sh)
# Levels, noise at a given SNR, G.711, echo and packet loss are applied by the C# harness, which needs exact,
# seeded control (tests/Gateway.Media.Tests/Evaluation/Channel.cs); the tones are synthesised there too.
# The held-out set uses voices, rates and pitches the thresholds were never tuned on.
set -euo pipefail
out=${1:-.work/media-corpus}
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp="$out/.complete"
[ -f "$stamp" ] && { echo "$out"; exit 0; }

declare -A phrases=(
  [yes-da]="да" [yes-dada]="да, да" [yes-aga]="ага" [yes-daprinimayu]="да, принимаю"
  [no-net]="нет" [greet-allo]="алло"
  [human-allo]="алло" [human-slushayu]="алло, слушаю" [human-da]="да?"
  [machine-1]="Здравствуйте! Вы позвонили в компанию Ромашка. К сожалению, сейчас никто не может ответить. Оставьте сообщение после сигнала."
  [machine-2]="Добрый день. Абонент временно недоступен. Пожалуйста, перезвоните позже или оставьте ваше сообщение."
  [machine-3]="Вы позвонили в бухгалтерию. Наш рабочий день с девяти до шести. Пожалуйста, говорите после звукового сигнала."
)
label_of() { case $1 in yes-*) echo yes;; no-*) echo no;; greet-*) echo greet;; human-*) echo human;; machine-*) echo machine;; esac; }

tune_voices="m1 m3 f2"; tune_rates="130 170"; tune_pitches="35 60"
held_voices="f4 m7 klatt2"; held_rates="150 195"; held_pitches="45 75"

jobs="$out/jobs.txt"; : > "$jobs"
for set in tune heldout; do
  if [ $set = tune ]; then v=$tune_voices r=$tune_rates p=$tune_pitches; else v=$held_voices r=$held_rates p=$held_pitches; fi
  for id in "${!phrases[@]}"; do
    label=$(label_of "$id"); mkdir -p "$out/$set/$label"
    for voice in $v; do for rate in $r; do for pitch in $p; do
      printf '%s\t%s\t%s\t%s\t%s\n' "$out/$set/$label/${id}_${voice}_${rate}_${pitch}.wav" "$voice" "$rate" "$pitch" "${phrases[$id]}" >> "$jobs"
    done; done; done
  done
done

synth() {
  IFS=$'\t' read -r file voice rate pitch text <<< "$1"
  [ -f "$file" ] && return 0
  espeak-ng -v "ru+$voice" -s "$rate" -p "$pitch" -w "$file.raw.wav" "$text"
  sox -V1 "$file.raw.wav" -r 8000 -c 1 -b 16 "$file" gain -6 sinc 300-3400
  rm -f "$file.raw.wav"
}
export -f synth
tr '\n' '\0' < "$jobs" | xargs -0 -P 2 -I{} bash -c 'synth "$1"' _ {}

# Babble: eight machine greetings of the set's voices, each offset, mixed and trimmed to 8 s.
mkdir -p "$out/noise"
for set in tune heldout; do
  mapfile -t files < <(ls "$out/$set/machine/"*.wav | head -n 8)
  args=(); i=0
  for f in "${files[@]}"; do
    sox "$f" "$out/noise/.b$i.wav" pad "0.$((i * 11 % 10))" repeat 2 trim 0 8
    args+=("$out/noise/.b$i.wav"); i=$((i + 1))
  done
  sox -m "${args[@]}" "$out/noise/babble-$set.wav" gain -n -3
  rm -f "$out/noise/".b*.wav
done

bash "$here/make-prompt.sh" "$out/prompt.wav" > /dev/null
touch "$stamp"
echo "$out"

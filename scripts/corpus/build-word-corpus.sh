#!/usr/bin/env bash
# Builds the word-check corpus (docs/detection.md, "Session 7: word check") under $1 (default: ./.work/word-corpus):
#   train     espeak-ng Russian voice variants, rates and pitches that neither the reply corpus's tuning set
#             (ru+m1/m3/f2) nor any held-out set (ru+f4/m7/klatt2, the answer corpus's ru+f3/m5/klatt3) uses;
#             the classifier's weights are fitted on it only.
#   festival  a second, held-out synthesizer: Festival's msu_ru_nsh_clunits (festvox-ru, unit selection from real
#             recordings of one male speaker), three durations x three pitch shifts. Skipped, with a message on
#             stderr and no "festival" folder, when festival or the voice is absent; $2 = require makes that an error.
# Layout:  <out>/<set>/<label>/<phrase-id>_<voice>_<rate>_<pitch>.wav   label = yes | no | other
# 8 kHz mono 16-bit, band-limited 300-3400 Hz as build-corpus.sh. Levels, noise, G.711 and echo are applied by the
# C# harness (tests/Gateway.Media.Tests/Evaluation/WordEvaluation.cs), seeded.
set -euo pipefail
out=${1:-.work/word-corpus}
need=${2:-}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp="$out/.complete"
[ -f "$stamp" ] && { echo "$out"; exit 0; }

declare -A phrases=(
  [yes-da]="да" [yes-dada]="да, да" [yes-aga]="ага" [yes-daprinimayu]="да, принимаю"
  [no-net]="нет" [no-netnet]="нет, нет" [no-netspasibo]="нет, спасибо"
  [other-allo]="алло" [other-alloq]="алло?" [other-alloslushayu]="алло, слушаю" [other-slushayu]="слушаю"
  [other-chto]="что?" [other-ktoeto]="кто это?" [other-govorite]="говорите" [other-minutochku]="минуточку"
  [other-neponyal]="не понял" [other-podozhdite]="подождите"
)
label_of() { case $1 in yes-*) echo yes;; no-*) echo no;; other-*) echo other;; esac; }

train_voices="m2 m4 m6 m8 f1 f5 klatt klatt4 Andy Annie Boris Linda"
train_rates="125 180"; train_pitches="30 70"

jobs="$out/jobs.txt"; : > "$jobs"
for id in "${!phrases[@]}"; do
  label=$(label_of "$id"); mkdir -p "$out/train/$label"
  for voice in $train_voices; do for rate in $train_rates; do for pitch in $train_pitches; do
    printf '%s\t%s\t%s\t%s\t%s\n' "$out/train/$label/${id}_${voice}_${rate}_${pitch}.wav" "$voice" "$rate" "$pitch" "${phrases[$id]}" >> "$jobs"
  done; done; done
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

# Festival: the reply corpus's phrases ("да", "да, да", "ага", "да, принимаю", "нет", "алло") and "алло?".
if command -v text2wave > /dev/null && [ -d /usr/share/festival/voices/russian/msu_ru_nsh_clunits ]; then
  declare -A fphrases=(
    [yes-da]="да" [yes-dada]="да, да" [yes-aga]="ага" [yes-daprinimayu]="да, принимаю"
    [no-net]="нет" [other-allo]="алло" [other-alloq]="алло?"
  )
  for id in "${!fphrases[@]}"; do
    label=$(label_of "$id"); mkdir -p "$out/festival/$label"
    printf '%s' "${fphrases[$id]}" > "$out/festival/.text"
    for stretch in 0.85 1.0 1.25; do
      raw="$out/festival/.raw.wav"
      text2wave -eval '(voice_msu_ru_nsh_clunits)' -eval "(Parameter.set 'Duration_Stretch $stretch)" "$out/festival/.text" -o "$raw" 2> /dev/null
      [ -s "$raw" ] || { echo "festival made no audio for $id" >&2; exit 1; }
      for cents in -300 0 300; do
        sox -V1 "$raw" -r 8000 -c 1 -b 16 "$out/festival/$label/${id}_nsh_${stretch}_${cents}.wav" pitch "$cents" gain -6 sinc 300-3400
      done
    done
  done
  rm -f "$out/festival/.text" "$out/festival/.raw.wav"
elif [ "$need" = require ]; then
  echo "festival or festvox-ru (msu_ru_nsh_clunits) is not installed: apt-get install festival festvox-ru" >&2; exit 1
else
  echo "festival or festvox-ru (msu_ru_nsh_clunits) is not installed: no festival held-out set" >&2
fi

touch "$stamp"
echo "$out"

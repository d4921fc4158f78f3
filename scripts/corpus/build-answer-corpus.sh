#!/usr/bin/env bash
# Builds the additional answer-classification corpus (session 5; docs/detection.md "Answer classification") under $1
# (default: ./.work/media-answers). Needs espeak-ng and sox. 8 kHz mono 16-bit, band-limited 300-3400 Hz.
# Kept apart from build-corpus.sh so that the reply/echo corpus (and its babble) stays byte for byte the same.
#
# Layout:  <out>/<set>/<label>/<phrase-id>_<voice>_<rate>_<pitch>.wav   set = tune | heldout, label = human | machine
#          <out>/noise/<kind>-<set>.wav   (stationary coloured noise of that set: pink for tune, brown for heldout)
# Every phrase is spoken by every voice of the set at two (rate, pitch) pairs. The held-out voices, rates, pitches
# and noise colour differ from the tuning set's; the phrases are the same in both (what people and machines say).
set -euo pipefail
out=${1:-.work/media-answers}
mkdir -p "$out"
out=$(cd "$out" && pwd)
stamp="$out/.complete"
[ -f "$stamp" ] && { echo "$out"; exit 0; }

# A person: a short answer, then waits. Office answers in Russia and Kazakhstan.
declare -A phrases=(
  [p-slushayu]="слушаю" [p-daslushayu]="да, слушаю" [p-alloda]="алло, да" [p-allo2]="алло? алло."
  [p-slushayuvas]="слушаю вас" [p-dagovorite]="да, говорите" [p-kto]="алло, кто это?"
  [p-priyomnaya]="приёмная, слушаю" [p-dobryden]="добрый день" [p-buhgalteriya]="бухгалтерия"
  [m-vyklyuchen]="Аппарат абонента выключен или находится вне зоны действия сети. Пожалуйста, позвоните позднее."
  [m-operatory]="Здравствуйте, вы позвонили в компанию Альфа. Все операторы заняты. Пожалуйста, оставайтесь на линии."
  [m-sasha]="Привет, это Саша. Не могу сейчас ответить, оставьте сообщение."
  [m-vazhen]="Спасибо за звонок. Ваш звонок очень важен для нас. Пожалуйста, дождитесь ответа оператора."
  [m-ivr]="Добро пожаловать. Для связи с секретарём нажмите ноль или дождитесь ответа."
  [m-avtootvetchik]="Вас приветствует автоответчик. Говорите после сигнала."
  [m-ofis]="Здравствуйте. Офис закрыт. Мы работаем с понедельника по пятницу с девяти до восемнадцати часов."
  [m-soobshenie]="Абонент не может ответить. Оставьте сообщение после звукового сигнала."
)
label_of() { case $1 in p-*) echo human;; m-*) echo machine;; esac; }

# voice list; (rate pitch) pairs, each voice speaks each phrase at both.
tune_voices="m1 m2 m3 f1 f2 klatt"; tune_pairs="125:40 175:65"
held_voices="f3 f4 m5 m7 klatt2 klatt3"; held_pairs="145:50 200:80"

jobs="$out/jobs.txt"; : > "$jobs"
for set in tune heldout; do
  if [ $set = tune ]; then v=$tune_voices pairs=$tune_pairs; else v=$held_voices pairs=$held_pairs; fi
  for id in "${!phrases[@]}"; do
    label=$(label_of "$id"); mkdir -p "$out/$set/$label"
    for voice in $v; do for pair in $pairs; do
      rate=${pair%%:*}; pitch=${pair##*:}
      printf '%s\t%s\t%s\t%s\t%s\n' "$out/$set/$label/${id}_${voice}_${rate}_${pitch}.wav" "$voice" "$rate" "$pitch" "${phrases[$id]}" >> "$jobs"
    done; done
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

mkdir -p "$out/noise"
sox -V1 -n -r 8000 -c 1 -b 16 "$out/noise/pink-tune.wav" synth 8 pinknoise gain -20 sinc 300-3400
sox -V1 -n -r 8000 -c 1 -b 16 "$out/noise/brown-heldout.wav" synth 8 brownnoise gain -20 sinc 300-3400
touch "$stamp"
echo "$out"

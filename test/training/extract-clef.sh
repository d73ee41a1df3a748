#!/usr/bin/env bash
# Extracts the train and dev splits (never test or dev-test) of the CheckThat! repositories into the layout
# test/training/clef-data.ts reads. Each argument is a clone (or bare git dir) of the repository named:
#   test/training/extract-clef.sh OUT CLEF2019 CLEF2020T5 CLEF2022 FACTFINDERS_2024 CLEF2024_IAI
#   OUT               the folder to fill (then FACTFLOW_TRAIN_DATA=OUT npm run train:triage)
#   CLEF2019          apepa/clef2019-factchecking-task1        data/training
#   CLEF2020T5        sshaar/clef2020-factchecking-task5       data/v2.zip v2.0/training
#   CLEF2022          matttang7/CLEF2022-Task1                 task1/data/subtasks-*/CT22_*_1A_checkworthy.zip (_train, _dev)
#   FACTFINDERS_2024  isyufeng/FactFinders                     data/CT24_checkworthy_english_train.tsv (the 2024 train split)
#   CLEF2024_IAI      iai-group/clef2024-checkthat             data/dev.tsv (the 2024 English dev split)
set -euo pipefail
out=$1 c19=$2 c20=$3 c22=$4 ff=$5 c24=$6
show() { git --git-dir="$(git -C "$1" rev-parse --absolute-git-dir 2>/dev/null || echo "$1")" show "HEAD:$2"; }
# Dates of the 2019 Task 1 test debates: 2020 Task 5 re-ships two of them in its training folder; they are not extracted.
held='^(v2.0/training/)?(20151219|20160129|20160311|20180131|20181015|20190205|20190215)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$out/clef2019" "$out/clef2020t5" "$out/clef2022" "$out/clef2024"
for f in $(git --git-dir="$(git -C "$c19" rev-parse --absolute-git-dir 2>/dev/null || echo "$c19")" ls-tree --name-only HEAD data/training/ | grep '\.tsv$'); do
  b=$(basename "$f")
  if [[ $b =~ $held ]]; then continue; fi
  show "$c19" "$f" >"$out/clef2019/$b"
done
show "$c20" data/v2.zip >"$tmp/v2.zip"
unzip -q -o "$tmp/v2.zip" $(unzip -Z1 "$tmp/v2.zip" | grep '^v2.0/training/.*\.tsv$' | grep -Ev "$held") -d "$out/clef2020t5"
for l in english spanish arabic bulgarian dutch turkish; do
  show "$c22" "task1/data/subtasks-$l/CT22_${l}_1A_checkworthy.zip" >"$tmp/$l.zip"
  unzip -q -o -j "$tmp/$l.zip" "CT22_${l}_1A_checkworthy_train.tsv" "CT22_${l}_1A_checkworthy_dev.tsv" -d "$out/clef2022"
done
show "$ff" data/CT24_checkworthy_english_train.tsv >"$out/clef2024/CT24_checkworthy_english_train.tsv"
show "$c24" data/dev.tsv >"$out/clef2024/CT24_english_dev.tsv"
echo "extracted into $out"

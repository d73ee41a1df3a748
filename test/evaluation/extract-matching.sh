#!/usr/bin/env bash
# Rebuilds the claim-retrieval train/dev files `npm run eval:matching` reads, from the public CheckThat! repositories:
#
#   test/evaluation/extract-matching.sh [OUT_DIR]        (default /work/data/matching, or $FACTFLOW_MATCHING_DATA)
#
# Writes, one record per line (queries `id<TAB>text<TAB>date`, the date an embedded tweet's signature gives, or empty;
# collections `id<TAB>claim<TAB>title[<TAB>description<TAB>date]`, dates yyyy-mm-dd; qrels `qid 0 docid 1`):
#   2020-train.queries.tsv 2020-train.qrels 2020-dev.queries.tsv 2020-dev.qrels 2020.collection.tsv
#       CheckThat! 2020 Task 2 (sshaar/clef2020-factchecking-task2, data/v3.zip): 800 train and 197 dev tweets,
#       10,375 Snopes claims with their titles (dated from 2022's collection for the 6,959 claims it holds too).
#   2022-train.queries.tsv 2022-train.qrels 2022-dev.queries.tsv 2022-dev.qrels 2022.collection.tsv
#       CheckThat! 2022 Task 2A as published in Alihoe/CLEFCheckThat2aSimBa: 997 train and 199 dev tweets,
#       14,231 Snopes claims with their titles, subtitles and dates (data/vclaims/*.json; the subtitle, the
#       fact-check's standfirst, is what a ClaimReview's description holds; the date, its datePublished).
#   2020-described.collection.tsv
#       The 7,139 of 2020's claims that 2022's collection holds too, with 2022's subtitle: for measuring on 2020 what
#       indexing the description adds (eval:matching --no-description leaves it out).
#
# Never extracted: the test splits (2020 test-input/, 2022 data/TEST and the dev-test files); the issue is judged
# on them. Beware: 2022's train tweets are 2020's train and dev tweets, and 2022's dev tweets (ids 999-1197) are very
# likely 2020's test set, so settings are chosen on 2020 train only and the dev figures are reported, not tuned on.
#
# The source repositories are read as bare git mirrors: $CLEF2020_TASK2 and $CLEF2022_TASK2A name them (defaults
# below, as the `fetch` tool leaves them); a missing one is cloned bare from GitHub. The data are "free for general
# research use" (their READMEs); nothing extracted here is committed.
set -euo pipefail

OUT=${1:-${FACTFLOW_MATCHING_DATA:-/work/data/matching}}
M2020=${CLEF2020_TASK2:-/work/.mirror/sshaar+clef2020-factchecking-task2/repo}
M2022=${CLEF2022_TASK2A:-/work/.mirror/Alihoe+CLEFCheckThat2aSimBa/repo}
HERE=$(cd "$(dirname "$0")" && pwd)

mirror() { # DIR GITHUB_NAME
  if ! git --git-dir="$1" rev-parse --verify -q HEAD >/dev/null; then
    git clone --bare -q "https://github.com/$2" "$1"
  fi
}
mirror "$M2020" sshaar/clef2020-factchecking-task2
mirror "$M2022" Alihoe/CLEFCheckThat2aSimBa

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$OUT"

# 2020 Task 2: the v3 zip holds train/, dev/ and the collection (test-input/ is elsewhere and is not read).
git --git-dir="$M2020" show HEAD:data/v3.zip >"$WORK/v3.zip"
unzip -q "$WORK/v3.zip" 'v3.0/train/*' 'v3.0/dev/*' 'v3.0/verified_claims.docs.tsv' -d "$WORK"
V3="$WORK/v3.0"

# 2022 Task 2A: the train and dev tweets share one queries file; the two qrels files tell them apart.
T2022=data/original_twitter_data/training_data
git --git-dir="$M2022" show "HEAD:$T2022/CT2022-Task2A-EN-Train-Dev_Queries.tsv" >"$WORK/q2022.tsv"
git --git-dir="$M2022" show "HEAD:$T2022/CT2022-Task2A-EN-Train_QRELs.tsv" >"$WORK/train2022.qrels"
git --git-dir="$M2022" show "HEAD:$T2022/CT2022-Task2A-EN-Dev_QRELs.tsv" >"$WORK/dev2022.qrels"
mkdir -p "$WORK/vclaims"
git --git-dir="$M2022" archive HEAD:data/vclaims | tar -x -C "$WORK/vclaims" # the subtree alone: the mirror lacks some large files elsewhere

(cd "$HERE/../.." && npx tsx test/evaluation/extract-matching.ts "$WORK" "$OUT")

#!/usr/bin/env bash
# Makes a pack source folder with one very large quiz: the demo content (built, with its videos)
# plus quizzes/big.json whose sheet big.csv holds N questions (default 10,000), each in Chinese and
# English with four answers, as a publisher's spreadsheet would. Used by the big-content benchmark.
# Usage: make_big_pack.sh DEMO_DIR OUT_DIR [QUESTIONS]
set -euo pipefail
demo=$1 out=$2 questions=${3:-10000}
cp -r "$demo" "$out"
sed -i 's/"id": *"demo"/"id": "big"/' "$out/pack.json"
cat >"$out/quizzes/big.json" <<'JSON'
{
  "topic": "labour-rights",
  "title": {"zh_CN": "劳动权益大题库", "en": "The big labour rights quiz"},
  "order": "shuffled",
  "questions_csv": "big.csv"
}
JSON
awk -v n="$questions" 'BEGIN {
  print "number,language,kind,question,answer_1,answer_2,answer_3,answer_4,answer_5,answer_6,correct,explanation"
  for (i = 1; i <= n; i++) {
    c = i % 4 + 1
    printf "%d,zh_CN,single,第%d题：工作一个月后老板还不签书面合同，你可以要求什么？,每月双倍工资,什么也不能要求,辞职走人,等一年再说,,,%d,没有书面合同的月份，可以要求双倍工资（第%d题）。\n", i, i, c, i
    printf "%d,en,single,\"Question %d: after a month there is still no written contract, what can you claim?\",Double wages for each month,Nothing,Leave the job,Wait a year,,,%d,For months without a written contract you can claim double wages (question %d).\n", i, i, c, i
  }
}' >"$out/quizzes/big.csv"

#!/usr/bin/env bash
# Makes a large pack source folder from the demo content (built, with its videos), as a publisher's
# tools would, for the big-content benchmarks:
#   quiz [N]         one more quiz whose sheet holds N questions (default 10,000);
#   catalog [V] [Q]  V videos (default 300), each with its own file, and Q quizzes (default 60) of
#                    20 questions each, every title and question in Chinese and English.
# Usage: make_big_pack.sh DEMO_DIR OUT_DIR quiz [N] | catalog [V] [Q]
set -euo pipefail
demo=$1 out=$2 mode=$3
cp -r "$demo" "$out"
sed -i 's/"id": *"demo"/"id": "big"/' "$out/pack.json"

# A sheet of N single-choice questions in zh_CN and en, numbered, four answers each.
sheet() {
  awk -v n="$1" 'BEGIN {
    print "number,language,kind,question,answer_1,answer_2,answer_3,answer_4,answer_5,answer_6,correct,explanation"
    for (i = 1; i <= n; i++) {
      c = i % 4 + 1
      printf "%d,zh_CN,single,第%d题：工作一个月后老板还不签书面合同，你可以要求什么？,每月双倍工资,什么也不能要求,辞职走人,等一年再说,,,%d,没有书面合同的月份，可以要求双倍工资（第%d题）。\n", i, i, c, i
      printf "%d,en,single,\"Question %d: after a month there is still no written contract, what can you claim?\",Double wages for each month,Nothing,Leave the job,Wait a year,,,%d,For months without a written contract you can claim double wages (question %d).\n", i, i, c, i
    }
  }'
}
# A quiz's JSON: ID, its number for the title, its sheet.
quiz() {
  printf '{\n  "topic": "labour-rights",\n  "title": {"zh_CN": "劳动权益题库 %s", "en": "%s"},\n  "order": "shuffled",\n  "questions_csv": "%s.csv"\n}\n' \
    "$2" "$3" "$1"
}

case $mode in
  quiz)
    quiz big "大" "The big labour rights quiz" >"$out/quizzes/big.json"
    sheet "${4:-10000}" >"$out/quizzes/big.csv"
    ;;
  catalog)
    videos=${4:-300} quizzes=${5:-60}
    files=("$demo"/videos/*.mp4)
    topics=(safe-migration labour-rights trafficking-signs)
    # The demo's videos stay (its quizzes name them); more are added until there are V.
    {
      sed '$d' "$demo/videos.json"
      for ((i = 1; i <= videos - 3; i++)); do
        cp "${files[i % ${#files[@]}]}" "$out/videos/v$i.mp4"
        # Each file differs from its source in its last bytes, as different videos would.
        printf 'video %d' "$i" >>"$out/videos/v$i.mp4"
        printf '  ,{"id": "v%d", "topic": "%s", "title": {"zh_CN": "打工安全第%d集", "en": "Safe work, part %d"}, "files": {"zh_CN": "videos/v%d.mp4"}}\n' \
          "$i" "${topics[i % 3]}" "$i" "$i" "$i"
      done
      echo ']'
    } >"$out/videos.json"
    for ((i = 1; i <= quizzes; i++)); do
      quiz "q$i" "$i" "Labour rights quiz $i" >"$out/quizzes/q$i.json"
      sheet 20 >"$out/quizzes/q$i.csv"
    done
    ;;
  *) echo "make_big_pack.sh: mode is quiz or catalog, not '$mode'" >&2 && exit 2 ;;
esac

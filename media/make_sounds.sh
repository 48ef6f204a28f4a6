#!/usr/bin/env bash
# Makes the kiosk's own sounds (not a pack's) at build time from the formulas below, so that no
# audio sits in git: the countdown's tick in its last seconds, the end of the countdown, a right
# answer, and the podium's fanfare. Small mono Ogg Opus; the same formulas give the same bytes.
# Usage: make_sounds.sh OUT_DIR
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: make_sounds.sh OUT_DIR" >&2; exit 2; }
out=$1
mkdir -p "$out"

# A note: frequency F from second S for D seconds, fading out; a bell has its octave in it.
note() { # F S D
  echo "between(t,$2,$2+$3)*(sin(2*PI*$1*(t-$2))+0.3*sin(4*PI*$1*(t-$2)))*exp(-4*(t-$2)/$3)"
}

make() { # NAME SECONDS EXPRESSION
  ffmpeg -v error -y -f lavfi -i "aevalsrc=exprs='0.35*($3)':s=48000:d=$2" -ac 1 -c:a libopus -b:a 32k \
    -map_metadata -1 -fflags +bitexact -flags:a +bitexact "$out/$1.ogg.tmp.ogg"
  mv "$out/$1.ogg.tmp.ogg" "$out/$1.ogg"
}

make tick 0.15 "$(note 880 0 0.12)"
make timeup 0.9 "$(note 523.25 0 0.3)+$(note 392 0.25 0.6)"
make right 0.6 "$(note 659.25 0 0.25)+$(note 987.77 0.15 0.45)"
# C, E, G, then C and G together held: a small fanfare.
make fanfare 1.8 "$(note 523.25 0 0.3)+$(note 659.25 0.2 0.3)+$(note 783.99 0.4 0.3)+\
$(note 1046.5 0.6 1.2)+0.6*($(note 783.99 0.6 1.2))"

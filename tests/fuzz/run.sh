#!/usr/bin/env bash
# A short fuzzing run of every target (the seed corpus plus SECONDS of new inputs each), built
# with clang's libFuzzer under AddressSanitizer and UBSan in build/fuzz. Any crash fails, and so
# does an input that takes more than 10 s (a hang).
# Usage: run.sh SOURCE_DIR [SECONDS]
set -euo pipefail
source=$1
seconds=${2:-10}
cd "$source"
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz >/dev/null
bin=$source/build/fuzz/tests/fuzz
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The pack target needs a trusted key and a real pack to start from.
mkdir -p "$work/trust" "$work/src/videos" "$work/corpus-pack"
"$source/build/fuzz/kiosk/kioskctl" key generate --out "$work/fuzz" >/dev/null
cp "$work/fuzz.pub" "$work/trust/"
printf '{"id": "fuzz", "version": 1, "expires": "2099-12-31", "publisher": "Fuzz"}' >"$work/src/pack.json"
echo "clip" >"$work/src/videos/a.txt"
"$source/build/fuzz/kiosk/kioskctl" pack build "$work/src" --key "$work/fuzz.key" --out "$work/corpus-pack/seed.kpack" >/dev/null
cp tests/fuzz/corpus/pack/* "$work/corpus-pack/" 2>/dev/null || true

# A real signature by fuzz_signature's fixed key, so its mutations get past the first check.
FUZZ_WRITE_SEED=$work/good.minisig "$bin/fuzz_signature" -runs=0 >/dev/null 2>&1 || true
mkdir -p "$work/corpus-signature"
cp tests/fuzz/corpus/signature/* "$work/good.minisig" "$work/corpus-signature/" 2>/dev/null || true

# Pictures as publishers make them, the seeds of the picture target: ImageMagick's (Debian's
# package), tiny, of every kind and shape the decoder takes.
mkdir -p "$work/corpus-picture"
for seed in "xc:red seed.png" "gradient:red-blue -depth 16 deep.png" "xc:green seed.webp" \
            "xc:blue seed.jpg" "xc:red -colorspace CMYK cmyk.jpg" "xc:navy -interlace JPEG prog.jpg"; do
  read -r -a args <<<"$seed"
  convert -size 24x18 "${args[@]:0:${#args[@]}-1}" "$work/corpus-picture/${args[-1]}"
done

status=0
for target in manifest signature csv pack picture; do
  corpus=tests/fuzz/corpus/$target
  [ "$target" = pack ] && corpus=$work/corpus-pack
  [ "$target" = signature ] && corpus=$work/corpus-signature
  [ "$target" = picture ] && corpus=$work/corpus-picture
  mkdir -p "$work/new-$target"
  if FUZZ_TRUST_DIR=$work/trust "$bin/fuzz_$target" -max_total_time="$seconds" -timeout=10 \
      -rss_limit_mb=1024 -artifact_prefix="$work/crash-$target-" "$work/new-$target" "$corpus" \
      >"$work/$target.log" 2>&1; then
    runs=$(grep -Eo '^#[0-9]+' "$work/$target.log" | tail -1)
    echo "fuzz_$target: ${runs#\#} inputs in ${seconds} s, no crash"
  else
    echo "fuzz_$target: FAILED"
    tail -30 "$work/$target.log"
    status=1
  fi
done
exit "$status"

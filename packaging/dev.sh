#!/usr/bin/env bash
# From a fresh Debian 12 clone to a running kiosk, a passing test suite, or benchmark figures.
#   packaging/dev.sh run     install what is missing, build, run the kiosk (headless tour without
#                            a display)
#   packaging/dev.sh test    install what is missing, build, run every test (ctest), then the
#                            same under ASan and UBSan
#   packaging/dev.sh bench   install what is missing, build, print the benchmark figures
# Safe to run again: installed packages and a configured build are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=$root/build/dev

install_missing() {
  local missing=() package
  while read -r package; do
    [ -z "$package" ] && continue
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$package")
    fi
  done < <(sed 's/#.*//; s/[[:space:]]//g' packaging/debian-packages.txt)
  if [ ${#missing[@]} -eq 0 ]; then
    echo "dev.sh: all Debian packages in packaging/debian-packages.txt are installed"
    return
  fi
  local sudo=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "dev.sh: these Debian packages are missing: ${missing[*]}" >&2
      echo "dev.sh: install them as root, then run this again:" >&2
      echo "  su -c 'apt-get update && apt-get install -y --no-install-recommends ${missing[*]}'" >&2
      exit 3
    fi
    sudo=(sudo)
  fi
  echo "dev.sh: installing missing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${missing[@]}"
}

# build PRESET: configures (once) and builds.
build() {
  cmake --preset "$1" >/dev/null
  cmake --build --preset "$1"
}

command=${1:-}
case "$command" in
  run)
    shift
    install_missing
    build dev
    if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
      echo "dev.sh: starting the kiosk in a window (fullscreen: leave out --windowed)"
      exec "$build/kiosk/kiosk" --windowed "$@"
    fi
    tour=$build/tour
    echo "dev.sh: no display here, so the kiosk runs headless through a short tour"
    "$build/kiosk/kiosk" --headless --size 1280x720 --script tests/ui/tour.kscript \
      --screenshots "$tour" "$@"
    echo "dev.sh: tour screenshots are in $tour:"
    ls -1 "$tour"/*.png
    ;;
  test)
    # Twice: the dev build (optimized, asserts on), then under AddressSanitizer and
    # UndefinedBehaviorSanitizer, which catch what an ordinary run survives by luck.
    install_missing
    build dev
    ctest --preset dev
    build asan
    ctest --preset asan
    ;;
  bench)
    install_missing
    build dev
    cmake --build --preset dev --target bench
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|bench" >&2
    exit 1
    ;;
esac

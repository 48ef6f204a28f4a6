#!/usr/bin/env bash
# From a fresh Debian 12 clone to a running kiosk, a passing test suite, or benchmark figures.
#   packaging/dev.sh run     install what is missing, build, run the kiosk (headless tour without
#                            a display)
#   packaging/dev.sh test    install what is missing, build, run every test (ctest)
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
  [ "$(id -u)" = 0 ] || sudo=(sudo)
  echo "dev.sh: installing missing Debian packages: ${missing[*]}"
  "${sudo[@]}" apt-get update
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends \
    "${missing[@]}"
}

build() {
  cmake --preset dev >/dev/null
  cmake --build --preset dev
}

command=${1:-}
case "$command" in
  run)
    shift
    install_missing
    build
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
    install_missing
    build
    ctest --preset dev
    ;;
  bench)
    install_missing
    build
    cmake --build --preset dev --target bench
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|bench" >&2
    exit 1
    ;;
esac

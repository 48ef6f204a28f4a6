#!/usr/bin/env bash
# From a fresh Debian 12 clone to a running kiosk, a passing test suite, benchmark figures, or
# the Debian package a kiosk PC installs.
#   packaging/dev.sh run      install what is missing, build what running needs (the kiosk,
#                             kioskctl, sounds, the demo pack), run the kiosk (headless tour
#                             without a display)
#   packaging/dev.sh test     install what is missing, build, run every test (ctest), then the
#                             same under ASan and UBSan
#   packaging/dev.sh bench    install what is missing, build, print the benchmark figures
#   packaging/dev.sh package  install what is missing, build the Debian package
#                             (build/deb/womens-home-kiosk_<version>_<arch>.deb)
# Safe to run again: installed packages and a configured build are reused; the package is built
# again only when a file of the working tree changed.
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

# build PRESET [TARGET...]: configures (once) and builds (only TARGETs, when given).
build() {
  local preset=$1
  shift
  cmake --preset "$preset" >/dev/null
  if [ $# -gt 0 ]; then
    cmake --build --preset "$preset" --target "$@"
  else
    cmake --build --preset "$preset"
  fi
}

# The Debian package, from a copy of the working tree's files (tracked, and new ones git does
# not ignore) in build/deb/src: dpkg-buildpackage writes the .deb beside the tree it builds, and
# cleans that tree first. The copy keeps its CMake build folder (obj-*) between runs, so a
# rebuild compiles only what changed; a tree whose files all hash as before is not built again.
package() {
  local deb=$root/build/deb src=$root/build/deb/src/womens-home-kiosk
  mkdir -p "$src"
  # The files, NUL-separated and sorted; their names, contents and modes make the stamp.
  local files=$deb/files stamp
  git ls-files --cached --others --exclude-standard -z |
    xargs -0 -r sh -c 'for f; do [ -f "$f" ] && [ ! -L "$f" ] && printf "%s\0" "$f"; done' sh |
    LC_ALL=C sort -z >"$files"
  stamp=$( (xargs -0 sha256sum <"$files" && xargs -0 stat -c '%a %n' <"$files") | sha256sum |
    cut -d' ' -f1)
  if [ -f "$deb/stamp" ] && [ "$(cat "$deb/stamp")" = "$stamp" ] &&
    ls "$deb"/womens-home-kiosk_*.deb >/dev/null 2>&1; then
    echo "dev.sh: the package is up to date: $(ls "$deb"/womens-home-kiosk_*.deb)"
    return
  fi
  rm -f "$deb/stamp" "$deb"/womens-home-kiosk[_-]* "$deb"/src/womens-home-kiosk[_-]*
  # Everything but the build folder goes, so that a file deleted here is gone there too.
  find "$src" -mindepth 1 -maxdepth 1 ! -name 'obj-*' -exec rm -rf {} +
  tar --null -T "$files" -cf - | tar -xf - -C "$src"
  (cd "$src" && dpkg-buildpackage -b -nc -us -uc -j2)
  mv "$deb"/src/womens-home-kiosk[_-]* "$deb"/
  echo "$stamp" >"$deb/stamp"
  echo "dev.sh: built $(ls "$deb"/womens-home-kiosk_*.deb)"
}

command=${1:-}
case "$command" in
  run)
    shift
    install_missing
    # Only what running needs: the test targets are most of the build.
    build dev kiosk kioskctl sounds demo_pack
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
  package)
    install_missing
    package
    ;;
  *)
    echo "usage: packaging/dev.sh run|test|bench|package" >&2
    exit 1
    ;;
esac

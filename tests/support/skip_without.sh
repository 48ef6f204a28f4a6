# Shared by the tests that need a program the machine may lack (source it, before the work
# folder of cli_checks.sh).
#   skip_without TOOL...   ends the test as skipped (ctest's SKIP_RETURN_CODE 77), naming the
#                          first TOOL that is not installed
skip_without() {
  local tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null; then
      echo "SKIP: $tool is not installed (packaging/debian-packages.txt lists it)"
      exit 77
    fi
  done
}

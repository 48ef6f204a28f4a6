# Shared by the benchmark scripts (source it): a benchmark that fails says where.
#   quiet WHAT COMMAND...   runs COMMAND with its stderr kept aside (libvlc and SDL chatter);
#                           when it fails, prints WHAT failed, its exit status and the last lines
#                           of its stderr, and ends the script with status 1
quiet() {
  local what=$1 err status
  shift
  err=$(mktemp)
  "$@" 2>"$err" && { rm -f "$err"; return 0; }
  status=$?
  echo "$(basename "$0"): $what failed (exit $status):" >&2
  tail -n 20 "$err" | sed 's/^/    /' >&2
  rm -f "$err"
  exit 1
}

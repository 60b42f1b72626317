# Helpers for the CLI case files (sourced, not run). Each case file is a ctest test:
#   bash tests/cli/NAME.sh PATH/TO/packfolio REPO_ROOT
set -u
cli=$1
root=$2
failures=0
checks=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# expect_status CODE DESCRIPTION -- ARGS...: runs the CLI, keeps stdout/stderr in $out/$err.
expect_status() {
  local want=$1 what=$2; shift 3
  checks=$((checks + 1))
  set +e
  "$cli" "$@" >"$tmp/out" 2>"$tmp/err"
  local got=$?
  set -e
  out=$(cat "$tmp/out"); err=$(cat "$tmp/err")
  if [ "$got" != "$want" ]; then
    echo "FAIL: $what: exit $got, expected $want (packfolio $*)"; echo "  stderr: $err"; failures=$((failures + 1))
  fi
}

# expect_match TEXT REGEX DESCRIPTION
expect_match() {
  checks=$((checks + 1))
  if ! grep -Eq -- "$2" <<<"$1"; then
    echo "FAIL: $3: output does not match /$2/"; echo "  got: ${1:0:400}"; failures=$((failures + 1))
  fi
}

finish() {
  echo "$checks checks, $failures failed"
  [ "$failures" -eq 0 ]
}

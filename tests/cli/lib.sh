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

# JSON checks use node (installed by scripts/bootstrap on every CI machine).
# expect_json JSON EXPRESSION DESCRIPTION: EXPRESSION is JavaScript over the parsed document `j`.
expect_json() {
  checks=$((checks + 1))
  local why
  if ! why=$(node -e '
    let j;
    try { j = JSON.parse(require("fs").readFileSync(0, "utf8")); } catch (e) { console.log("not JSON: " + e.message); process.exit(1); }
    let ok;
    try { ok = eval(process.argv[1]); } catch (e) { console.log(e.message); process.exit(1); }
    if (!ok) process.exit(1);' "$2" <<<"$1" 2>&1); then
    echo "FAIL: $3: $2 ${why:+($why)}"; echo "  got: ${1:0:400}"; failures=$((failures + 1))
  fi
}

# json_value JSON EXPRESSION: prints the value of EXPRESSION (for comparing two runs).
json_value() { node -e 'const j = JSON.parse(require("fs").readFileSync(0, "utf8")); console.log(eval(process.argv[1]))' "$2" <<<"$1"; }

finish() {
  echo "$checks checks, $failures failed"
  [ "$failures" -eq 0 ]
}

#!/usr/bin/env bash
# `packfolio validation`: docs/VALIDATION.md is the command's markdown output, regenerated here; the test fails
# when the committed file differs from a fresh generation (the model's numbers or the rows changed).
#   bash tests/cli/validation.sh PATH/TO/packfolio [REPO_ROOT]

set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

expect_status 0 "validation markdown" -- validation --presets "$root/presets" --format markdown
checks=$((checks + 1))
if ! diff -u "$root/docs/VALIDATION.md" - <<<"$out" >"$tmp/diff"; then
  echo "FAIL: docs/VALIDATION.md differs from a fresh generation:"
  cat "$tmp/diff"
  echo "  regenerate it from the repository root with:"
  echo "    build/native/bin/packfolio validation --presets presets --format markdown > docs/VALIDATION.md"
  failures=$((failures + 1))
fi

expect_status 0 "validation json" -- validation --presets "$root/presets" --format json
expect_json "$out" 'j.rows.length >= 16 && j.rows.every(r => r.figure && r.published && r.source_key && r.scenario && r.method)' \
  "every row names its figure, published range, source, scenario and method"
expect_json "$out" 'j.rows.every(r => j.references.some(ref => ref.key === r.source_key && /https?:\/\//.test(ref.reference)))' \
  "every source key resolves to a reference with a link"
expect_json "$out" 'j.rows.every(r => r.inside === (r.model !== null && r.model >= r.low && r.model <= r.high))' \
  "inside means the model number lies in the band"
expect_json "$out" 'j.rows.every(r => r.inside || r.reason.length > 0)' "every row outside says why"
expect_json "$out" '["[MA24]", "[KAMATH20]", "[WILSON]", "[NREL12]", "[MODO]", "[BNEF25]", "[BNEF-ESS24]", "[LGES]", "[CATL24]", "[EBA]"].every(k => j.rows.some(r => r.source_key === k))' \
  "every published figure of the issue has a row"

expect_status 2 "bad format" -- validation --format xml
expect_match "$err" '--format' "bad format named"
expect_match "$err" 'expected markdown or json' "format choices listed"
expect_status 2 "unknown option" -- validation --frobnicate
expect_match "$err" 'unknown option "--frobnicate"' "unknown option named"
expect_status 2 "missing presets folder" -- validation --presets "$root/no-such-folder"
expect_match "$err" 'no-such-folder' "missing folder named"

finish

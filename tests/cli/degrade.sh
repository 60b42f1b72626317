#!/usr/bin/env bash
# `packfolio degrade`: the output contract and the exit status of bad input.
#   bash tests/cli/degrade_cases.sh PATH/TO/packfolio [REPO_ROOT]
set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

# One day as in the BLAST-Lite harness's profiles/daily_cycle_25c.json (0.8 EFC/day), and storage.
cat >"$tmp/daily.json" <<'EOF'
{"time_s": [0, 3600, 7200, 10800, 14400, 18000, 21600, 25200, 28800, 32400, 36000, 39600, 43200, 46800, 50400,
            54000, 57600, 61200, 64800, 68400, 72000, 75600, 79200, 82800, 86400],
 "soc": [0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.9, 0.7, 0.5, 0.3, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.3, 0.5,
         0.7, 0.9, 0.9, 0.9],
 "temperature_c": 25}
EOF
echo '{"time_s": [0, 86399], "soc": [0.5, 0.5], "temperature_c": [25, 25]}' >"$tmp/storage.json"
echo '{"time_s": [0, 3600, 7200, 10800], "soc": [0.5, 0.6, 0.7, 1.2], "temperature_c": 25}' >"$tmp/soc_range.json"
echo '{"time_s": [0, 3600, 7200], "soc": [0.5, 0.6], "temperature_c": 25}' >"$tmp/lengths.json"
echo '{"time_s": [0, 3600, 3600], "soc": [0.5, 0.6, 0.5], "temperature_c": 25}' >"$tmp/order.json"
echo '{"time_s": [0, 3600, 7200], "soc": [0.5, NaN, 0.5], "temperature_c": 25}' >"$tmp/nan.json"
echo '{"time_s": [0, 3600, 7200], "soc": [0.5, 0.4, 0.5], "temperature_c": [25, 80, 25]}' >"$tmp/hot.json"
echo '{"time_s": [0], "soc": [0.5], "temperature_c": 25}' >"$tmp/one.json"
echo '{"time_s": [0, 3600], "soc": [0.5, 0.4], "temperature_c": 25, "colour": "red"}' >"$tmp/extra.json"
echo '{"time_s": [0, 3600], "soc": [0.5, 0.4], ' >"$tmp/broken.json"

ok=(--model lfp-gr-250ah --profile "$tmp/storage.json" --years 1,5,10,15)

# ---- the contract ----
expect_status 0 "json output" -- degrade "${ok[@]}"
expect_match "$out" '"model": "lfp-gr-250ah"' "json names the model"
expect_match "$out" '"mode": "constant"' "constant is the default mode"
expect_match "$out" '"warnings": \[' "json carries warnings"
expect_match "$(tr -d ' \n' <<<"$out")" '"points":\[\{"years":1,"q":0\.98[89][0-9]*,"efc":0(\.0)?\},\{"years":5,' \
  "one point per year, q of LFP storage (MODEL.md §2.3: 0.9890 after 1 year)"
expect_match "$(grep -c '"years"' <<<"$out")" '^4$' "four points for four years"

expect_status 0 "csv output" -- degrade "${ok[@]}" --format csv
expect_match "$(head -1 <<<"$out")" '^years,q,efc$' "csv header"
expect_match "$(sed -n 5p <<<"$out")" '^15,0\.95[0-9]*,0$' "csv row for year 15"

expect_status 0 "full mode" -- degrade --model nmc111-gr-kokam-75ah --profile "$tmp/daily.json" --years 15 --mode full
expect_match "$out" '"mode": "full"' "full mode is named"
expect_status 0 "scalar" -- degrade --model nca-gr-panasonic-3ah --profile "$tmp/daily.json" --years=1 --scalar=2.75
expect_match "$out" '"scalar": 2.75' "scalar is echoed"
expect_status 0 "every model runs" -- degrade --model lmo-gr-nissan-leaf-2ndlife --profile "$tmp/daily.json" --years 0,1
expect_match "$out" '"years": 0,' "year 0 allowed"
expect_status 0 "generic with parameters" -- degrade --model generic --profile "$tmp/daily.json" --years 10 \
  --cycles-to-80 3000 --calendar-loss-10y 0.1
expect_match "$out" 'assumption' "generic says it is an assumption"
expect_status 0 "help" -- degrade --help
expect_match "$out" 'usage: packfolio degrade' "help on stdout"

# ---- bad input: exit 2 and one line naming field, value and expectation ----
bad() {  # bad DESCRIPTION REGEX -- ARGS...
  local what=$1 regex=$2
  shift 2
  expect_status 2 "$what" "$@"
  expect_match "$err" "$regex" "$what: message"
  expect_match "$(wc -l <<<"$err")" '^1$' "$what: one line"
}
bad "unknown model" 'error: --model = "lfp": unknown model; did you mean "lfp-gr-250ah"\?.*nmc111-gr-kokam-75ah' -- \
  degrade --model lfp --profile "$tmp/storage.json" --years 1
bad "missing model" 'error: --model: missing' -- degrade --profile "$tmp/storage.json" --years 1
bad "lengths differ" 'profile\.soc: 2 values: expected 3' -- degrade --model lfp-gr-250ah --profile "$tmp/lengths.json" --years 1
bad "times not increasing" 'profile\.time_s\[2\] = 3600: expected more than' -- \
  degrade --model lfp-gr-250ah --profile "$tmp/order.json" --years 1
bad "soc out of range" 'error: profile\.soc\[3\] = 1\.2: expected 0 to 1 \(fraction\)' -- \
  degrade --model lfp-gr-250ah --profile "$tmp/soc_range.json" --years 1
bad "NaN" 'profile\.soc\[1\] = NaN: expected a finite number' -- degrade --model lfp-gr-250ah --profile "$tmp/nan.json" --years 1
bad "temperature outside the data" 'profile\.temperature_c\[1\] = 80: expected 10 to 45 °C' -- \
  degrade --model lfp-gr-250ah --profile "$tmp/hot.json" --years 1
bad "one sample" 'profile\.time_s: 1 samples: expected at least 2' -- \
  degrade --model lfp-gr-250ah --profile "$tmp/one.json" --years 1
bad "unknown key" 'profile\.colour: unknown key' -- degrade --model lfp-gr-250ah --profile "$tmp/extra.json" --years 1
bad "broken JSON" 'invalid JSON' -- degrade --model lfp-gr-250ah --profile "$tmp/broken.json" --years 1
bad "missing file" 'error: --profile = .*: cannot open' -- degrade --model lfp-gr-250ah --profile "$tmp/nope.json" --years 1
bad "unknown flag" 'unknown option "--frobnicate"' -- degrade "${ok[@]}" --frobnicate
bad "empty years item" '--years = "1,,5": item 2 is empty' -- degrade --model lfp-gr-250ah --profile "$tmp/storage.json" --years 1,,5
bad "negative years" '--years = "-1": item 1 = "-1": expected a number of years from 0 to 100' -- \
  degrade --model lfp-gr-250ah --profile "$tmp/storage.json" --years -1
bad "years not a number" 'item 2 = "ten"' -- degrade --model lfp-gr-250ah --profile "$tmp/storage.json" --years 1,ten
bad "missing years" '--years: missing' -- degrade --model lfp-gr-250ah --profile "$tmp/storage.json"
bad "bad mode" '--mode = "fast": expected constant or full' -- degrade "${ok[@]}" --mode fast
bad "bad scalar" '--scalar = "-1": expected a number more than 0' -- degrade "${ok[@]}" --scalar -1
bad "bad format" '--format = "xml": expected json or csv' -- degrade "${ok[@]}" --format xml
bad "generic flag on another model" '--cycles-to-80: only with --model generic' -- degrade "${ok[@]}" --cycles-to-80 3000

finish

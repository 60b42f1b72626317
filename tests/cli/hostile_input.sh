#!/usr/bin/env bash
# Hostile input never crashes, hangs or ends in an internal error: deep nesting, huge and malformed numbers,
# invalid UTF-8, odd --set paths, duplicate keys, bad degrade profiles, oversized files (README "Limits and
# errors"). Each case exits 2 with short lines naming the problem, or 0 where the input is legal.
#   bash tests/cli/hostile_input.sh PATH/TO/packfolio [REPO_ROOT]
set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

presets="$root/presets"
baas="$presets/baas-fleet.json"
glut="$presets/china-lfp-glut-2025.json"
logi="$presets/centralised-vs-decentralised.json"

# at_most_lines N TEXT DESCRIPTION
at_most_lines() {
  checks=$((checks + 1))
  local n; n=$(grep -c . <<<"$2" || true)
  if [ "$n" -gt "$1" ]; then echo "FAIL: $3: $n lines, expected at most $1"; echo "  got: ${2:0:300}"; failures=$((failures + 1)); fi
}

PRESET="$glut" LOGI="$logi" python3 - "$tmp" <<'PY'
import json, sys, os
t = sys.argv[1]
deep = "[" * 100000 + "]" * 100000
open(f"{t}/deep.json", "w").write('{"schema": "packfolio/1", "pack": {"nominal_kwh": ' + deep + '}}')
open(f"{t}/deep_profile.json", "w").write('{"time_s": ' + deep + ', "soc": [0.5, 0.5], "temperature_c": 25}')
open(f"{t}/long_string.json", "w", encoding="utf-8").write(
    json.dumps({"schema": "packfolio/1", "pack": {"nominal_kwh": "x" + "é" * 40}}, ensure_ascii=False))
open(f"{t}/big_array.json", "w").write(
    json.dumps({"schema": "packfolio/1", "pack": {"nominal_kwh": list(range(100000))}}))
open(f"{t}/bad_utf8.json", "wb").write(b'{"schema": "packfolio/1", "meta": {"title": "caf\xe9"}}')
open(f"{t}/dup.json", "w").write('{"schema": "packfolio/2", "schema": "packfolio/1"}')
open(f"{t}/dup_nested.json", "w").write('{"schema": "packfolio/1", "pack": {"nominal_kwh": 60, "nominal_kwh": 70}}')
unknown = {"schema": "packfolio/1", "pack": {f"k{i}": 1 for i in range(30)}}
open(f"{t}/thirty_errors.json", "w").write(json.dumps(unknown))
# A valid 1.8 MB scenario: a preset with a long list of sources.
d = json.load(open(os.environ["PRESET"]))
d["meta"]["sources"] = ["source %06d: a long citation of a report, its year and its table" % i for i in range(26000)]
open(f"{t}/big_valid.json", "w").write(json.dumps(d))
# Logistics over the site limit.
d = json.load(open(os.environ["LOGI"]))
site = d["logistics"]["sites"][0]
d["logistics"]["sites"] = [dict(site, id="s%d" % i) for i in range(5001)]
open(f"{t}/many_sites.json", "w").write(json.dumps(d))
# Degrade profiles.
def prof(name, p): open(f"{t}/{name}.json", "w").write(json.dumps(p) if not isinstance(p, str) else p)
prof("tiny_span", '{"time_s": [0, 1e-300], "soc": [0.2, 0.8], "temperature_c": 25}')
prof("long_span", {"time_s": [0, 10000 * 86400], "soc": [0.2, 0.8], "temperature_c": 25})
prof("huge_number", '{"time_s": [0, 3600, 7200], "soc": [0.5, 1e400, 0.5], "temperature_c": 25}')
n = 6000
prof("many_points", {"time_s": [i * 60 for i in range(n)], "soc": [0.5 + 0.3 * ((i % 2) - 0.5) for i in range(n)],
                     "temperature_c": 25})
prof("two_day", {"time_s": [0, 43200, 86400, 129600, 172800], "soc": [0.9, 0.1, 0.9, 0.1, 0.9], "temperature_c": 25})
prof("one_day", {"time_s": [0, 43200, 86400], "soc": [0.9, 0.1, 0.9], "temperature_c": 25})
# Registries.
head = "id,chemistry,nominal_kwh,soh,site_id,damaged\n"
open(f"{t}/reg_accents.csv", "w", encoding="utf-8").write(head + "p1,LFP,60,0.8,a,no\np2," + "é" * 60 + ",60,0.8,a,no\n")
open(f"{t}/reg_bad_utf8.csv", "wb").write((head + "p1,LFP,60,0.8,a,no\n").encode() + b"p2,LFP,60,0.8,caf\xe9,no\n")
open(f"{t}/reg_ok.csv", "w").write(head + "p1,LFP,60,0.8,a,no\n")
PY

# ---- depth: 100k nested arrays are refused at read time, in every command that reads JSON ----
for cmd in eval validate "analyse --tornado"; do
  expect_status 2 "deep nesting: $cmd" -- $cmd "$tmp/deep.json"
  expect_match "$err" 'pack\.nominal_kwh.*nested deeper than 32 levels' "deep nesting: $cmd names the path and the limit"
  at_most_lines 1 "$err" "deep nesting: $cmd: one line"
done
expect_status 2 "deep nesting: registry --scenario" -- registry "$tmp/reg_ok.csv" --scenario "$tmp/deep.json"
expect_match "$err" 'nested deeper than 32' "registry --scenario: depth"
expect_status 2 "deep nesting: degrade profile" -- degrade --model generic --profile "$tmp/deep_profile.json" --years 1
expect_match "$err" 'profile\.time_s.*nested deeper than 32' "degrade: depth at its path"

# ---- bad values are described by type and size, never dumped ----
expect_status 2 "long accented string in a number field" -- validate "$tmp/long_string.json"
expect_match "$err" 'pack\.nominal_kwh: a string of 41 characters: "xéééé' "a long string is described by its length"
expect_status 2 "100k-item array in a number field" -- validate "$tmp/big_array.json"
expect_match "$err" 'pack\.nominal_kwh: an array of 100,000 items is not a number' "a big array is described by its size"
at_most_lines 1 "$err" "big array: one short line"
checks=$((checks + 1))
if [ "${#err}" -gt 300 ]; then echo "FAIL: the big array's error is ${#err} characters"; failures=$((failures + 1)); fi

# ---- strict numeric options ----
opt_bad() {  # opt_bad REGEX -- ARGS...
  local regex=$1; shift 2
  expect_status 2 "$*" -- "$@"
  expect_match "$err" "$regex" "$*: names the option, the value and the range"
  at_most_lines 1 "$err" "$*: one line"
}
opt_bad '--indent = "3000": expected a whole number from -1 to 16' -- registry "$tmp/reg_ok.csv" --indent 3000
opt_bad '--indent = "1000000"' -- registry "$tmp/reg_ok.csv" --indent 1000000
opt_bad '--indent = "3abc"' -- registry "$tmp/reg_ok.csv" --indent 3abc
opt_bad '--years = "0x10"' -- degrade --model generic --profile "$tmp/one_day.json" --years 0x10
opt_bad '--scalar = "0x10": expected a number more than 0 and at most 20' -- degrade --model generic --profile "$tmp/one_day.json" --years 1 --scalar 0x10
opt_bad '--scalar = "nan"' -- degrade --model generic --profile "$tmp/one_day.json" --years 1 --scalar nan
opt_bad '--size = " 3"' -- analyse "$glut" --map first_life.years,market.discount_rate --size " 3"
opt_bad '--montecarlo = "1e999"' -- analyse "$glut" --montecarlo 1e999
opt_bad '--montecarlo = "5001": expected a whole number from 1 to 5000 with --section portfolio' -- \
  analyse "$glut" --section portfolio --montecarlo 5001
opt_bad '--montecarlo = "100001": expected a whole number from 1 to 100000' -- analyse "$glut" --montecarlo 100001
expect_status 0 "--indent 16 is allowed" -- registry "$tmp/reg_ok.csv" --indent 16
expect_json "$out" 'j.rows_loaded === 1' "registry --indent 16 output"
expect_status 0 "--indent=-1 is one line" -- registry "$tmp/reg_ok.csv" --indent=-1
expect_match "$(grep -c . <<<"$out")" '^1$' "--indent -1 writes one line"

# ---- UTF-8 ----
expect_status 2 "--set value with an invalid byte" -- eval "$glut" --set $'pack.nominal_kwh=6\xb0'
expect_match "$err" 'pack\.nominal_kwh: the value is not valid UTF-8: byte 2' "--set names the invalid byte"
expect_status 2 "scenario with an invalid byte" -- validate "$tmp/bad_utf8.json"
expect_match "$err" 'meta\.title: not valid UTF-8: byte 49 \(line 1\)' "scenario names the path and the byte"
expect_status 2 "registry row with an invalid byte" -- registry "$tmp/reg_bad_utf8.csv"
expect_match "$err" 'line 3, byte 18 of the line: not valid UTF-8' "registry names the line and the byte"
expect_status 0 "registry row with a long accented field" -- registry "$tmp/reg_accents.csv"
expect_json "$out" 'j.rows_bad === 1 && /unknown chemistry "é{40}…"/.test(j.bad_rows[0].reason)' \
  "a long accented field is cut between characters"

# ---- --set paths ----
expect_status 2 "--set into a number" -- eval "$baas" --set pack.nominal_kwh.x=1
expect_match "$err" 'pack\.nominal_kwh: a number, not an object: it has no field "x"' "--set X.x on a number"
at_most_lines 1 "$err" "--set X.x: one line"
# Control characters in a path or a key are shown escaped: one error, one line.
expect_status 2 "--set path holding a carriage return" -- eval "$baas" --set $'pack.nominal\r_kwh=1'
expect_match "$err" 'nominal\\r_kwh' "the carriage return is shown as \\r"
at_most_lines 1 "$err" "--set path with a carriage return: one line"
printf '{"schema": "packfolio/1", "pack": {"nominal\\n_kwh": 1}}' > "$tmp/newline_key.json"
expect_status 2 "a key holding a newline" -- eval "$tmp/newline_key.json"
expect_match "$err" 'pack\.nominal\\n_kwh' "the newline is shown as \\n"
at_most_lines 1 "$err" "a key holding a newline: one line"
expect_status 0 "--set X.value on a plain number" -- eval "$baas" --set pack.nominal_kwh.value=60 --set pack.chemistry=LFP
expect_json "$out" 'Math.abs(j.lifecycle.pack_mass_kg - 6.66 * 60) < 1e-9' "X.value sets the number"
for idx in 99999999999999999999 100000000 100000; do
  expect_status 2 "--set lines[$idx]" -- eval "$glut" --set "portfolio.lines[$idx]=1"
  expect_match "$err" 'portfolio\.lines\[.*\]: index out of range: expected 0 to [0-9]+ \(portfolio\.lines has [0-9]+ items\)' \
    "lines[$idx] names the allowed range"
  at_most_lines 1 "$err" "lines[$idx]: one line"
done
expect_status 0 "--set a ranged field widens its range" -- eval "$baas" --set first_life.retirement_soh=0.7
expect_status 2 "--set a value another field forbids" -- eval "$baas" --set first_life.retirement_soh=0.6
expect_match "$err" 'second_life\.floor_soh.*must be below first_life\.retirement_soh' "names the cross-field rule, not 'out of order'"
checks=$((checks + 1))
if grep -q 'out of order' <<<"$err"; then echo "FAIL: retirement_soh=0.6 is reported as out of order"; failures=$((failures + 1)); fi

# ---- duplicate keys ----
expect_status 2 "duplicate schema" -- validate "$tmp/dup.json"
expect_match "$err" 'schema: duplicate key: "schema" is given twice' "duplicate key named"
expect_status 2 "duplicate nested key" -- validate "$tmp/dup_nested.json"
expect_match "$err" 'pack\.nominal_kwh: duplicate key' "duplicate key path"

# ---- degrade profiles ----
expect_status 2 "1e-300 s span" -- degrade --model generic --profile "$tmp/tiny_span.json" --years 1
expect_match "$err" 'profile\.time_s: spans 1e-300 s.*expected 3600 s \(1 hour\) to 2592000 s \(30 days\)' "tiny span refused"
expect_status 2 "10,000-day span" -- degrade --model generic --profile "$tmp/long_span.json" --years 1
expect_match "$err" 'spans 864000000 s \(10000 days\)' "long span refused"
expect_status 2 "1e400 in a profile" -- degrade --model generic --profile "$tmp/huge_number.json" --years 1
expect_match "$err" 'profile\.soc\[1\] = 1e400: overflows a double' "1e400 named at its field"
expect_status 2 "full mode point limit" -- degrade --model generic --profile "$tmp/many_points.json" --years 1 --mode full
expect_match "$err" 'profile\.time_s: 6,000 samples: expected at most 5,000 in full mode' "full-mode point limit"
expect_status 0 "two-day profile" -- degrade --model generic --profile "$tmp/two_day.json" --years 1
two=$(json_value "$out" 'j.points[0].efc')
expect_status 0 "one-day profile" -- degrade --model generic --profile "$tmp/one_day.json" --years 1
one=$(json_value "$out" 'j.points[0].efc')
expect_match "$(node -e "console.log(Math.abs($two - $one) < 1e-9 * $one ? 'same' : 'differ: $two vs $one')")" '^same$' \
  "the span is the period: two days of two cycles = one day of one cycle"
expect_status 0 "generic full mode" -- degrade --model generic --profile "$tmp/one_day.json" --years 1,10 --mode full
expect_json "$out" 'j.points.length === 2 && !j.warnings.some(w => /no fade computed/.test(w))' "full mode prints only numbers it owns"

# ---- sizes ----
expect_status 2 "/dev/zero as a scenario" -- validate /dev/zero
expect_match "$err" 'larger than 4,194,304 bytes' "/dev/zero stops at the cap"
expect_status 2 "a directory as a scenario" -- validate "$tmp"
expect_match "$err" 'is a directory' "directory named"
expect_status 2 "a directory as a registry" -- registry "$tmp"
expect_match "$err" 'is a directory' "registry directory named"
expect_status 0 "a valid 1.8 MB scenario" -- validate "$tmp/big_valid.json"
expect_status 2 "too many logistics sites" -- validate "$tmp/many_sites.json"
expect_match "$err" 'logistics\.sites: 5,001 sites: expected at most 5,000' "site limit"

# ---- at most 20 error lines, then "and N more" ----
expect_status 2 "thirty errors" -- validate "$tmp/thirty_errors.json"
expect_match "$(grep -c . <<<"$err")" '^21$' "20 lines and a summary"
expect_match "$(tail -1 <<<"$err")" '^and 10 more$' "and N more"

finish

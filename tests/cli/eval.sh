#!/usr/bin/env bash
# The scenario commands' contract: `packfolio eval`, `validate`, `sources` and `analyse`.
#   bash tests/cli/eval.sh PATH/TO/packfolio [REPO_ROOT]
set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

presets="$root/presets"
echo '{"schema": "packfolio/1"}' >"$tmp/default.json"
cat >"$tmp/two_errors.json" <<'EOF'
{"schema": "packfolio/1", "pack": {"chemistry": "LFPX", "nominal_kwh": -5}}
EOF

# ---- eval: the lifecycle contract ----
expect_status 0 "eval json" -- eval "$tmp/default.json"
expect_json "$out" 'j.schema === "packfolio/1" && Array.isArray(j.lifecycle.routes)' "eval prints the lifecycle routes"
for id in recycle_now second_life remanufacture; do
  expect_json "$out" "(r => r && ['npv_usd', 'npv_usd_per_kwh', 'co2_kg'].every(k => Number.isFinite(r[k])))(j.lifecycle.routes.find(r => r.id === '$id'))" \
    "route $id has npv_usd, npv_usd_per_kwh and co2_kg"
done
expect_json "$out" '["recycle_now", "second_life", "remanufacture"].includes(j.lifecycle.best_route)' "best_route is an end-of-life route"
expect_json "$out" 'j.lifecycle.retirement_soh > 0 && j.lifecycle.retirement_soh <= 1' "retirement_soh is a fraction"
expect_json "$out" 'Number.isFinite(j.lifecycle.second_life_years) && j.lifecycle.second_life_years >= 0' "second_life_years"
expect_json "$out" 'Number.isFinite(j.lifecycle.max_buy_price_usd_per_kwh)' "max_buy_price_usd_per_kwh"
expect_json "$out" 'Array.isArray(j.lifecycle.warnings) && j.lifecycle.warnings.every(w => typeof w === "string")' "warnings is a list"
expect_json "$out" 'j.portfolio === undefined && j.logistics === undefined' "no portfolio or logistics without their sections"

# --set changes the result: lithium up raises the value of recycling now.
rn() { json_value "$1" 'j.lifecycle.routes.find(r => r.id === "recycle_now").npv_usd'; }
expect_status 0 "eval --set lithium low" -- eval "$tmp/default.json" --set market.metal_prices_usd_per_kg.lithium_carbonate=10
low=$(rn "$out")
expect_status 0 "eval --set lithium high" -- eval "$tmp/default.json" --set market.metal_prices_usd_per_kg.lithium_carbonate=20
high=$(rn "$out")
expect_match "$(node -e "console.log($high > $low ? 'raised' : 'not raised: $low -> $high')")" '^raised$' \
  "lithium price up raises recycle_now npv"
expect_status 0 "eval --set repeated" -- eval "$tmp/default.json" --set pack.chemistry=LFP --set pack.nominal_kwh=60
expect_json "$out" 'Math.abs(j.lifecycle.pack_mass_kg - 6.66 * 60) < 1e-9' "two --set apply (LFP 60 kWh: 6.66 kg/kWh)"
expect_status 2 "eval --set unknown field" -- eval "$tmp/default.json" --set pack.nominal_kw=60
expect_match "$err" 'pack\.nominal_kw.*did you mean "nominal_kwh"' "--set names the field and suggests"
expect_status 2 "eval --set out of range" -- eval "$tmp/default.json" --set pack.nominal_kwh=0
expect_match "$err" 'pack\.nominal_kwh: 0 is out of range: expected more than 0 and at most 2000 kWh' "--set range error"
expect_status 2 "eval --set without =" -- eval "$tmp/default.json" --set pack.nominal_kwh
expect_match "$err" 'PATH=VALUE' "--set needs PATH=VALUE"

# --format csv
expect_status 0 "eval csv" -- eval "$tmp/default.json" --format csv
expect_match "$(head -1 <<<"$out")" '^metric,route,year,value$' "csv header"
expect_match "$out" '^npv_usd,recycle_now,,-?[0-9]' "csv has recycle_now's NPV"
expect_match "$out" '^best_route,,,(recycle_now|second_life|remanufacture)$' "csv has the best route"
expect_status 2 "eval bad format" -- eval "$tmp/default.json" --format xml
expect_match "$err" '--format' "bad format named"
expect_status 0 "eval --format=csv" -- eval "$tmp/default.json" --format=csv
expect_match "$(head -1 <<<"$out")" '^metric,route,year,value$' "--format=VALUE is read as --format VALUE"
expect_status 2 "eval --format without a value" -- eval "$tmp/default.json" --format
expect_match "$err" '^error: --format: missing value' "missing value named"
expect_status 2 "eval unknown option" -- eval "$tmp/default.json" --frobnicate
expect_match "$err" 'unknown option "--frobnicate"' "unknown option named"
expect_status 2 "eval two scenarios" -- eval "$tmp/default.json" "$tmp/two_errors.json"
expect_match "$err" 'unexpected argument' "second scenario refused"

# A lifecycle preset of DATA.md §9 evaluates to its story's decision.
expect_status 0 "eval robotaxi preset" -- eval "$presets/robotaxi-fleet-churn.json"
expect_json "$out" 'j.lifecycle.best_route === "remanufacture"' "robotaxi: remanufacture on 2024 merchant revenue"
expect_status 0 "eval data-centre preset" -- eval "$presets/data-centre-second-life-microgrid.json"
expect_json "$out" 'j.lifecycle.best_route === "second_life"' "data centre: second life"

# ---- eval: the portfolio contract ----
expect_status 0 "eval portfolio preset" -- eval "$presets/china-lfp-glut-2025.json"
expect_json "$out" 'Array.isArray(j.portfolio.plan) && j.portfolio.plan.length === 10' "plan has one entry per year"
expect_json "$out" 'j.portfolio.plan.every(y => ["year", "ev_lines", "ess_lines", "ev_gwh", "ess_gwh", "cash_flow_usd"].every(k => Number.isFinite(y[k])))' \
  "plan[].{year,ev_lines,ess_lines,ev_gwh,ess_gwh,cash_flow_usd}"
expect_json "$out" 'j.portfolio.plan.every((y, i) => y.year === i + 1)' "plan years run 1..T"
expect_json "$out" 'Number.isFinite(j.portfolio.npv_usd)' "portfolio npv_usd"
expect_json "$out" '["all_ev", "all_ess", "no_switch"].every(b => Number.isFinite(j.portfolio.baselines[b].npv_usd))' \
  "baselines.{all_ev,all_ess,no_switch}.npv_usd"
expect_json "$out" '["all_ev", "all_ess", "no_switch"].every(b => j.portfolio.npv_usd >= j.portfolio.baselines[b].npv_usd - 1e-6 * Math.abs(j.portfolio.npv_usd))' \
  "the optimum is never below a baseline"
expect_status 0 "eval portfolio csv" -- eval "$presets/china-lfp-glut-2025.json" --format csv
expect_match "$out" '^year,calendar_year,ev_lines,ess_lines,ev_gwh,ess_gwh,.*cash_flow_usd$' "portfolio csv block header"

# ---- validate ----
expect_status 0 "validate a preset" -- validate "$presets/lithium-rebound-2026.json"
expect_match "$out" 'valid \(packfolio/1\)' "validate says valid"
for f in "$presets"/*.json; do
  expect_status 0 "validate $(basename "$f")" -- validate "$f"
done
expect_status 2 "validate two errors" -- validate "$tmp/two_errors.json"
expect_match "$err" 'pack\.chemistry: "LFPX" is not allowed \(did you mean "LFP"\?\)' "first error listed"
expect_match "$err" 'pack\.nominal_kwh: -5 is out of range: expected more than 0 and at most 2000 kWh' "second error listed"
expect_match "$(grep -c . <<<"$err")" '^2$' "one line per error"
expect_status 2 "validate missing file" -- validate "$tmp/nope.json"
expect_match "$err" 'cannot open' "missing file named"

# ---- sources ----
expect_status 0 "sources csv" -- sources --format csv
expect_match "$(head -1 <<<"$out")" '^name,value,unit,source,year,confidence$' "sources csv header"
rows=$(($(grep -c . <<<"$out") - 1))
expect_match "$(node -e "console.log($rows > 100 ? 'many' : 'few: $rows')")" '^many$' "sources lists more than 100 values"
expect_status 2 "sources bad format" -- sources --format xml
expect_match "$err" '^error: --format = "xml": expected text, csv or json' "sources format choices listed"
expect_status 2 "sources stray argument" -- sources extra
expect_match "$err" 'unexpected argument "extra"' "stray argument named"
expect_status 0 "sources json" -- sources --format json
expect_json "$out" 'j.length > 100 && j.every(e => e.name && e.unit !== undefined && e.source && e.confidence)' "sources json"

# ---- analyse ----
scenario="$presets/robotaxi-fleet-churn.json"
expect_status 0 "analyse --tornado" -- analyse "$scenario" --tornado
expect_json "$out" 'j.tornado.complete && j.tornado.bars.length > 5 && j.tornado.bars.every(b => Number.isFinite(b.swing))' "tornado bars"
expect_status 0 "analyse --breakeven" -- analyse "$scenario" --breakeven
expect_json "$out" 'j.breakevens.complete && j.breakevens.inputs.length > 5' "breakevens per input"
expect_json "$out" 'j.breakevens.inputs.every(i => ["found", "no_tie_in_range"].includes(i.status))' "breakeven status found or no tie"
expect_json "$out" 'j.breakevens.inputs.filter(i => i.status === "no_tie_in_range").every(i => i.crossings.length === 0)' \
  "no tie in range: never a number"
expect_json "$out" 'j.breakevens.inputs.some(i => i.status === "found" && i.crossings.every(c => c.x >= i.low && c.x <= i.high))' \
  "found breakevens lie inside the range"
expect_status 0 "analyse --map" -- analyse "$scenario" --map first_life.retirement_soh,market.metal_prices_usd_per_kg.lithium_carbonate --size 4
expect_json "$out" 'j.decision_map.complete && j.decision_map.decision.length === 16 && j.decision_map.x.input === "first_life.retirement_soh"' \
  "decision map 4 x 4"
expect_status 2 "analyse --map unknown input" -- analyse "$scenario" --map first_life.retirement_sho,market.discount_rate
expect_match "$err" 'did you mean "first_life.retirement_soh"' "map input suggested"
expect_status 0 "analyse --montecarlo" -- analyse "$scenario" --montecarlo 300 --seed 42
mc1=$out
expect_json "$mc1" 'j.monte_carlo.seed === 42 && j.monte_carlo.valid_draws === 300' "montecarlo draws and seed"
expect_json "$mc1" 'j.monte_carlo.p_second_life_beats_recycling >= 0 && j.monte_carlo.p_second_life_beats_recycling <= 1' \
  "P(second life beats recycling)"
expect_status 0 "analyse --montecarlo again" -- analyse "$scenario" --montecarlo 300 --seed 42
checks=$((checks + 1))
if [ "$mc1" != "$out" ]; then echo "FAIL: montecarlo with the same seed is not reproducible"; failures=$((failures + 1)); fi
expect_status 0 "analyse --montecarlo other seed" -- analyse "$scenario" --montecarlo 300 --seed 43
checks=$((checks + 1))
if [ "$mc1" = "$out" ]; then echo "FAIL: montecarlo ignores the seed"; failures=$((failures + 1)); fi
expect_status 0 "analyse --montecarlo csv" -- analyse "$scenario" --montecarlo 100 --seed 1 --format csv
expect_match "$(head -1 <<<"$out")" '^metric,outcome,bin_low,bin_high,value$' "montecarlo csv header"
expect_status 0 "analyse combined" -- analyse "$scenario" --tornado --breakeven --montecarlo 50
expect_json "$out" 'j.tornado && j.breakevens && j.monte_carlo' "modes combine in json"
expect_status 2 "analyse bad draws" -- analyse "$scenario" --montecarlo 0
expect_match "$err" '--montecarlo' "bad draw count named"

finish

#!/usr/bin/env bash
# `packfolio analyse --section portfolio`: the portfolio's tornado and breakevens through the shared
# analysis code, and the exit status when the scenario has no portfolio.
#   bash tests/cli/analyse_portfolio.sh PATH/TO/packfolio [REPO_ROOT]

set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

us="$root/presets/us-tariff-wall-korean-conversion.json"
ess_price="portfolio.ess.price_usd_per_kwh"

# The base values are the ones `eval` prints for the same scenario.
expect_status 0 "eval the US tariff preset" -- eval "$us"
eval_out=$out
npv=$(json_value "$eval_out" 'j.portfolio.npv_usd')
all_ess=$(json_value "$eval_out" 'j.portfolio.baselines.all_ess.npv_usd')
lines1=$(json_value "$eval_out" 'j.portfolio.year1_ess_lines')

# ---- tornado ----
expect_status 0 "analyse --section portfolio --tornado" -- analyse "$us" --section portfolio --tornado
expect_json "$out" 'j.section === "portfolio" && j.tornado.complete' "section is portfolio"
expect_json "$out" "j.tornado.base.values.npv_usd === $npv && j.tornado.base.values.all_ess === $all_ess && j.tornado.base.values.year1_ess_lines === $lines1" \
  "base outcomes equal eval's portfolio results"
expect_json "$out" '["npv_usd", "all_ev", "all_ess", "no_switch", "value_of_flexibility_usd", "year1_ess_lines"].every(k => Number.isFinite(j.tornado.base.values[k]))' \
  "outcomes: the optimum, the baselines, the value of flexibility and year-1 ESS lines"
expect_json "$out" 'j.tornado.base.best === "npv_usd" && j.tornado.watched_outcome === "npv_usd"' "the decision is the optimum, watched by default"
expect_json "$out" "j.tornado.bars.slice(0, 3).some(b => b.input === '$ess_price') && j.tornado.bars[0].input === 'portfolio.ess.drop_per_doubling'" \
  "the demand elasticity of the tender market swings the optimum's NPV most, the ESS tender price is in the top three"
expect_json "$out" 'j.tornado.bars.some(b => b.input === "market.metal_prices_usd_per_kg.lithium_carbonate") && j.tornado.bars.some(b => b.input === "market.discount_rate")' \
  "lifecycle inputs that set the context are inputs"
expect_json "$out" 'j.tornado.bars.every(b => b.valid && Number.isFinite(b.swing))' "every bar is valid"
expect_json "$out" 'j.breakevens === undefined && j.monte_carlo === undefined' "only the tornado"

expect_status 0 "analyse portfolio --watch all_ess" -- analyse "$us" --section portfolio --tornado --watch all_ess
expect_json "$out" 'j.tornado.watched_outcome === "all_ess"' "--watch takes a portfolio outcome"
expect_status 2 "analyse portfolio --watch a route" -- analyse "$us" --section portfolio --tornado --watch second_life
expect_match "$err" '--watch: "second_life" is not an outcome; expected one of: npv_usd, all_ev' "--watch lists the portfolio's outcomes"

# ---- breakevens: the ESS tender price at which line 1 converts ----
expect_status 0 "analyse --section portfolio --breakeven" -- analyse "$us" --section portfolio --breakeven
be=$out
expect_json "$be" 'j.breakevens.inputs.every(i => ["found", "no_tie_in_range", "not_finite"].includes(i.status))' "statuses"
expect_json "$be" "(i => i.status === 'found' && i.crossings.length === 0 && i.thresholds.some(t => t.id === 'line_3_converts' && t.crossings.length === 1 && t.crossings[0].direction === 'rising' && t.crossings[0].x > i.low && t.crossings[0].x < i.high))(j.breakevens.inputs.find(i => i.input === '$ess_price'))" \
  "over its range (118-217), the ESS price converts line 3 and never flips the decision"
# The maker's volume moves the US price (a 48 GWh/yr market): no fourth line converts in year 1 even at 217.
expect_json "$be" "j.breakevens.inputs.find(i => i.input === '$ess_price').thresholds.find(t => t.id === 'line_4_converts').crossings.length === 0" \
  "no fourth conversion inside the US price range"

wide=(--set "$ess_price={\"value\": 164, \"low\": 40, \"high\": 240}")
expect_status 0 "analyse portfolio --breakeven over a wide ESS price range" -- analyse "$us" --section portfolio --breakeven "${wide[@]}"
x=$(json_value "$out" "j.breakevens.inputs.find(i => i.input === '$ess_price').thresholds.find(t => t.id === 'line_1_converts').crossings[0].x")
expect_match "$(node -e "console.log($x > 40 && $x < 118 ? 'inside' : 'outside: $x')")" '^inside$' "line 1 converts between 40 and 118 \$/kWh"
# Just below the crossing, the optimum keeps today's one ESS line in year 1; just above, it converts.
below=$(node -e "console.log($x - 1e-4)")
above=$(node -e "console.log($x + 1e-4)")
expect_status 0 "eval just below line 1's price" -- eval "$us" --set "$ess_price=$below"
expect_json "$out" 'j.portfolio.year1_ess_lines <= 1' "just below: no conversion in year 1"
expect_status 0 "eval just above line 1's price" -- eval "$us" --set "$ess_price=$above"
expect_json "$out" 'j.portfolio.year1_ess_lines >= 2' "just above: line 1 converts in year 1"

expect_status 0 "analyse portfolio breakevens csv" -- analyse "$us" --section portfolio --breakeven --format csv
expect_match "$out" "^$ess_price,.*,threshold,line_3_converts,found,[0-9.]+,below,above$" "csv threshold row"

# The other modes run on the same objective.
expect_status 0 "analyse portfolio map and Monte Carlo" -- analyse "$us" --section portfolio \
  --map "$ess_price,market.metal_prices_usd_per_kg.lithium_carbonate" --size 3 --montecarlo 20
expect_json "$out" 'j.decision_map.decision.length === 9 && j.monte_carlo.valid_draws === 20' "map and Monte Carlo"
expect_json "$out" 'j.monte_carlo.p_second_life_beats_recycling === undefined' "no lifecycle probability for the portfolio"

# ---- the default section and bad input ----
expect_status 0 "analyse without --section is the lifecycle" -- analyse "$us" --tornado
expect_json "$out" 'j.section === "lifecycle" && j.tornado.base.values.recycle_now !== undefined' "default section lifecycle"

robotaxi="$root/presets/robotaxi-fleet-churn.json"
expect_status 2 "analyse --section portfolio without a portfolio" -- analyse "$robotaxi" --section portfolio --tornado
expect_match "$err" '^error: --section portfolio: .*robotaxi-fleet-churn\.json has no portfolio section' "names the missing section"
expect_match "${out:-EMPTY}" '^EMPTY$' "nothing on stdout"
expect_status 2 "analyse bad section" -- analyse "$us" --section logistics --tornado
expect_match "$err" '--section = "logistics": expected lifecycle or portfolio' "bad section named"
expect_status 0 "analyse --help" -- analyse --help
expect_match "$out" '--section portfolio' "help documents --section"

finish

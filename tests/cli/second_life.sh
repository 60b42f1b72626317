#!/usr/bin/env bash
# Second life priced against new storage and charged for its energy (MODEL.md §4).
#   bash tests/cli/second_life.sh PATH/TO/packfolio [REPO_ROOT]
set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

dc="$root/presets/data-centre-second-life-microgrid.json"
sl() { json_value "$1" 'j.lifecycle.routes.find(r => r.id === "second_life").npv_usd'; }
buy() { json_value "$1" 'j.lifecycle.max_buy_price_usd_per_kwh'; }

expect_status 0 "eval data-centre" -- eval "$dc"
base=$out
expect_json "$out" 'typeof j.lifecycle.functional_unit === "string" && j.lifecycle.functional_unit.includes("MWh over")' \
  "the results state their functional unit"
expect_json "$out" '(s => ["arbitrage", "capacity", "new_storage_cap", "charging", "om", "operating"].every(k => Number.isFinite(s.npv_usd[k])) && s.arbitrage_usd.length > 0)(j.lifecycle.second_life_revenue_stack)' \
  "the second-life revenue stack is in the results"

# Cheaper new storage lowers what second life is worth and what a repurposer can pay.
expect_status 0 "eval data-centre with new ESS at 60 \$/kWh" -- eval "$dc" --set market.new_ess_system_price_usd_per_kwh=60
cheap=$out
expect_json "{\"a\": $(sl "$cheap"), \"b\": $(sl "$base")}" 'j.a < j.b - 100' "new ESS at \$60/kWh lowers the second-life NPV"
expect_json "{\"a\": $(buy "$cheap"), \"b\": $(buy "$base")}" 'j.a < j.b' "... and the maximum buy price"

# Charging energy is paid for.
expect_status 0 "eval data-centre with charging at 1000 \$/MWh" -- eval "$dc" --set market.charging_price_usd_per_mwh=1000
expect_json "{\"a\": $(sl "$out"), \"b\": $(sl "$base")}" 'j.a < j.b - 100' "charging at \$1000/MWh lowers the second-life NPV"

# No cycling, no displacement credit.
expect_status 0 "eval data-centre without cycling" -- eval "$dc" --set second_life.cycles_per_year=0
idle=$out
co2() { json_value "$1" 'j.lifecycle.routes.find(r => r.id === "second_life").co2_kg'; }
expect_json "{\"a\": $(co2 "$idle"), \"b\": $(co2 "$base")}" 'j.a > j.b' "an idle second life saves less CO2 than a cycling one"

# The new inputs are schema fields: listed with a source, range-checked.
expect_status 0 "sources" -- sources --format csv
expect_match "$out" 'market.grid_intensity_kg_per_kwh' "grid intensity is a sourced input"
expect_match "$out" 'second_life.revenue_decline_per_year' "revenue decline is a sourced input"
expect_status 2 "a negative grid intensity is bad input" -- eval "$dc" --set market.grid_intensity_kg_per_kwh=-1
expect_match "$err" 'market.grid_intensity_kg_per_kwh' "the error names the field"

finish

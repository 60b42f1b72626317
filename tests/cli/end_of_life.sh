# End-of-life routes through the CLI: one route's input moves only that route, and the first life stops at a
# physical floor with a warning.
source "$(dirname "$0")/lib.sh"
set -e
scenario="$root/presets/lithium-rebound-2026.json"

expect_status 0 "eval the preset" -- eval "$scenario"
base=$out
expect_status 0 "eval with the second-life floor at the retirement SoH" -- eval "$scenario" --set second_life.floor_soh=0.813
floor=$out
reman() { json_value "$1" 'j.lifecycle.routes.find(r => r.id === "remanufacture").npv_usd'; }
checks=$((checks + 1))
if [ "$(reman "$base")" != "$(reman "$floor")" ]; then
  echo "FAIL: second_life.floor_soh moved remanufacture: $(reman "$base") -> $(reman "$floor")"; failures=$((failures + 1))
fi
expect_json "$floor" 'j.lifecycle.warnings.some(w => w.includes("second_life.floor_soh"))' "second life closed, with a warning"

expect_status 0 "eval with remanufacture.min_soh above the retirement SoH" -- eval "$scenario" --set remanufacture.min_soh=0.9
expect_json "$out" '(() => { const r = id => j.lifecycle.routes.find(x => x.id === id).npv_usd; return r("remanufacture") === r("recycle_now"); })()' \
  "remanufacture closed equals recycle_now"
expect_json "$out" 'j.lifecycle.warnings.some(w => w.includes("remanufacture.min_soh"))' "remanufacture closed, with a warning"

expect_status 0 "eval at 55 C for 15 years" -- eval "$scenario" --set first_life.temperature_c=55
expect_json "$out" 'Math.abs(j.lifecycle.retirement_soh - 0.5) < 1e-9 && j.lifecycle.first_life_years < 15' \
  "the first life stops at first_life.min_soh"
expect_json "$out" 'j.lifecycle.warnings.some(w => w.includes("first_life.min_soh"))' "the floor is named in a warning"

expect_status 0 "sources list the new inputs" -- sources
for f in remanufacture.min_soh remanufacture.sold_share first_life.min_soh recycling.cell_mass_share \
         recycling.avoided_primary_co2_kg_per_kg.nickel "stationary calibration scalar"; do
  expect_match "$out" "$f" "packfolio sources shows $f"
done

finish

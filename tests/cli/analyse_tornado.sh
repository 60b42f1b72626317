#!/usr/bin/env bash
# `packfolio analyse --tornado` on the lifecycle: bars ranked by the decision margin (the base decision's NPV
# minus the best other route's), the inputs whose range crosses a breakeven flagged, and the default axes of
# a decision map (`--map auto`).
#   bash tests/cli/analyse_tornado.sh PATH/TO/packfolio [REPO_ROOT]

set -- "$1" "${2:-$(cd "$(dirname "$0")/../.." && pwd)}"
source "$(dirname "$0")/lib.sh"
set -e

china="$root/presets/china-lfp-glut-2025.json"
# The remanufacture sale price moves only the remanufacture route; over 0-2 x the new pack price it must
# take the decision from whichever route leads at 0.05.
wide_price='remanufacture.price_factor={"value": 0.05, "low": 0, "high": 2}'

expect_status 0 "tornado with a wide remanufacture price" -- analyse "$china" --tornado --set "$wide_price"
expect_json "$out" 'j.tornado.sorted_by === "margin_swing"' "the lifecycle tornado is sorted by the margin swing"
expect_json "$out" 'j.tornado.bars.every((b, i, a) => i === 0 || a[i - 1].margin_swing >= b.margin_swing)' \
  "bars in decreasing margin swing"
expect_json "$out" 'j.tornado.bars.every(b => typeof b.flips_decision === "boolean")' "every bar says whether it flips"
expect_json "$out" '(b => b.flips_decision && b.swing === 0 && b.margin_swing > 0 && b.decision_at_high === "remanufacture")(j.tornado.bars.find(b => b.input === "remanufacture.price_factor"))' \
  "the remanufacture price moves no base-route value yet flips the decision"
expect_json "$out" 'j.tornado.bars.slice(0, 5).some(b => b.input === "remanufacture.price_factor")' \
  "the remanufacture price ranks among the top five"
expect_json "$out" 'Array.isArray(j.tornado.default_map_axes) && j.tornado.default_map_axes.length === 2' "default map axes"
# The axes are the inputs that flip the decision, largest margin swing first, then the largest swings of the
# rest (analysis.hpp default_map_inputs); here only the remanufacture price flips.
expect_json "$out" '(f => j.tornado.default_map_axes[0] === f[0].input && (f.length > 1 ? j.tornado.default_map_axes[1] === f[1].input : j.tornado.default_map_axes[1] === j.tornado.bars.find(b => !b.flips_decision).input))(j.tornado.bars.filter(b => b.flips_decision))' \
  "the default map axes are the flipping inputs first, then the largest other swing"

expect_status 0 "breakevens agree with the flags" -- analyse "$china" --tornado --breakeven --set "$wide_price"
expect_json "$out" 'j.breakevens.inputs.filter(i => i.crossings.length > 0).every(i => j.tornado.bars.find(b => b.input === i.input).flips_decision)' \
  "every input with a breakeven in range is flagged"

expect_status 0 "--sort swing keeps the old order" -- analyse "$china" --tornado --sort swing --set "$wide_price"
expect_json "$out" 'j.tornado.sorted_by === "swing" && j.tornado.bars.every((b, i, a) => i === 0 || a[i - 1].swing >= b.swing)' \
  "sorted by the swing of the watched route"

expect_status 0 "tornado csv" -- analyse "$china" --tornado --format csv --set "$wide_price"
expect_match "$(head -1 <<<"$out")" ',decision_at_low,decision_at_high,margin_swing,flips_decision$' "csv header ends with the new columns"
expect_match "$out" '^remanufacture\.price_factor,.*,remanufacture,[0-9.e+]+,1$' "csv flags the remanufacture price"

expect_status 0 "map auto" -- analyse "$china" --map auto --size 2 --set "$wide_price"
map=$out
expect_status 0 "tornado for the map axes" -- analyse "$china" --tornado --breakeven --set "$wide_price"
axes=$(json_value "$out" 'j.tornado.default_map_axes.join(",")')
expect_json "$map" "[j.decision_map.x.input, j.decision_map.y.input].join(',') === '$axes'" "--map auto maps the default axes"

finish

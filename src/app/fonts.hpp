#pragma once

namespace packfolio::app {

// Loads the embedded UI font rasterised at `pixel_ratio` times its size, so text stays crisp on HiDPI
// screens, and scales it back to CSS pixels with FontGlobalScale. Call again when the ratio changes
// (then rebuild the font texture).
void load_fonts(float pixel_ratio);

}  // namespace packfolio::app

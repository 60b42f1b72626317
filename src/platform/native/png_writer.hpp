#pragma once
// Writes an 8-bit RGBA image as PNG with stored (uncompressed) deflate blocks: no zlib needed, and
// screenshots for tests do not need to be small.

#include <cstdint>
#include <string>
#include <vector>

namespace packfolio::native {

bool write_png_rgba(const std::string& path, int width, int height, const std::vector<std::uint8_t>& rgba_top_down);

}  // namespace packfolio::native

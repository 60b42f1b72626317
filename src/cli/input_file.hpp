#pragma once
// Reading a file the user names (a scenario, a profile, a registry): a directory, a missing file or a file
// larger than the input's limit is refused with one line, and reading stops at the limit, so /dev/zero or
// a FIFO ends with a clear error instead of exhausting memory.

#include <cstddef>
#include <string>

namespace packfolio::cli {

bool is_directory(const std::string& path);

// True with the whole file in `text`; false with `error` set ("PATH: is a directory", "PATH: larger than ...").
// `what` names the input in the size message ("a scenario").
bool read_input_file(const std::string& path, std::size_t max_bytes, const char* what, std::string& text,
                     std::string& error);

}  // namespace packfolio::cli

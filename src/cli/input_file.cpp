#include "input_file.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <sys/stat.h>

#include "core/utf8.hpp"

namespace packfolio::cli {

bool is_directory(const std::string& path) {
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool read_input_file(const std::string& path, std::size_t max_bytes, const char* what, std::string& text,
                     std::string& error) {
    if (is_directory(path)) {
        error = path + ": is a directory: expected " + what + " file";
        return false;
    }
    std::FILE* f = std::fopen(path.c_str(), "rb");
    if (!f) {
        error = "cannot open " + path + ": " + std::strerror(errno);
        return false;
    }
    text.clear();
    char buf[1 << 16];
    bool too_large = false, failed = false;
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        if (text.size() + n > max_bytes) {
            too_large = true;
            break;
        }
        text.append(buf, n);
        if (n < sizeof buf) {
            failed = std::ferror(f) != 0;
            break;
        }
    }
    std::fclose(f);
    if (too_large) {
        error = path + ": larger than " + count_text(max_bytes) + " bytes: expected " + what + " of at most " +
                count_text(max_bytes) + " bytes";
        return false;
    }
    if (failed) {
        error = "cannot read " + path;
        return false;
    }
    return true;
}

}  // namespace packfolio::cli

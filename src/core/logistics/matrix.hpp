#pragma once
// A dense two-index table for the logistics network: `cost.at(source, hub)` where flat code would write
// `cost[source * hub_count + hub]`. Each table's member name and comment say what its rows and columns
// are (sites × hubs, classes × hubs, sources × hubs, hubs × outlets, ...). Row-major, so a row is
// contiguous and the hot loops can walk it through row().

#include <cstddef>
#include <vector>

namespace packfolio::logistics {

template <class T>
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, const T& fill) { assign(rows, cols, fill); }

    // Every entry set to `fill`.
    void assign(std::size_t rows, std::size_t cols, const T& fill) {
        rows_ = rows;
        cols_ = cols;
        data_.assign(rows * cols, fill);
    }
    // A new shape whose entries are left unspecified: for a table that is about to be written in full.
    void reshape(std::size_t rows, std::size_t cols) {
        rows_ = rows;
        cols_ = cols;
        data_.resize(rows * cols);
    }

    // Unchecked, like operator[] of a vector.
    T& at(std::size_t row, std::size_t col) { return data_[row * cols_ + col]; }
    const T& at(std::size_t row, std::size_t col) const { return data_[row * cols_ + col]; }
    T* row(std::size_t r) { return data_.data() + r * cols_; }
    const T* row(std::size_t r) const { return data_.data() + r * cols_; }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }

private:
    std::size_t rows_ = 0, cols_ = 0;
    std::vector<T> data_;
};

}  // namespace packfolio::logistics

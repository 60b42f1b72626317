#pragma once
// A dense two-index table for the logistics network: `cost.at(hub, source)` where flat code would write
// `cost[hub * source_count + source]`. Each table's member name and comment say what its rows and columns
// are (sites × hubs, classes × hubs, hubs × sources, hubs × outlets, ...). Row-major, so a row is
// contiguous and the hot loops can walk it through row().

#include <algorithm>
#include <cstddef>
#include <memory>

namespace packfolio::logistics {

template <class T>
class Matrix {
public:
    Matrix() = default;
    Matrix(std::size_t rows, std::size_t cols, const T& fill) { assign(rows, cols, fill); }

    // Every entry set to `fill`.
    void assign(std::size_t rows, std::size_t cols, const T& fill) {
        reshape(rows, cols);
        std::fill(data_.get(), data_.get() + rows * cols, fill);
    }
    // A new shape whose entries are left unspecified: for a table that is about to be written in full. The
    // storage is kept when it is large enough, and is not zeroed first (the cost tables of a large network
    // run to hundreds of megabytes, written once).
    void reshape(std::size_t rows, std::size_t cols) {
        rows_ = rows;
        cols_ = cols;
        if (rows * cols > capacity_) {
            data_.reset(new T[rows * cols]);
            capacity_ = rows * cols;
        }
    }

    // Unchecked, like operator[] of a vector.
    T& at(std::size_t row, std::size_t col) { return data_[row * cols_ + col]; }
    const T& at(std::size_t row, std::size_t col) const { return data_[row * cols_ + col]; }
    T* row(std::size_t r) { return data_.get() + r * cols_; }
    const T* row(std::size_t r) const { return data_.get() + r * cols_; }

    std::size_t rows() const { return rows_; }
    std::size_t cols() const { return cols_; }

private:
    std::size_t rows_ = 0, cols_ = 0, capacity_ = 0;
    std::unique_ptr<T[]> data_;
};

}  // namespace packfolio::logistics

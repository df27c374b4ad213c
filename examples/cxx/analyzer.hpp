// analyzer.hpp is the C++ library of this example: an ordinary C++ class
// that knows nothing about C, Go or Python.
#ifndef TEXTKIT_ANALYZER_HPP
#define TEXTKIT_ANALYZER_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace textkit {

// Analyzer splits a text into words (runs of bytes other than ASCII white
// space) and lines once, and answers questions about them.
class Analyzer {
public:
    explicit Analyzer(std::string_view text);

    std::size_t words() const { return words_.size(); }
    std::size_t lines() const { return lines_; }
    std::size_t size() const { return size_; }

    // longest returns the longest word; it throws std::domain_error when
    // the text has no word.
    std::string longest() const;

    // reversed returns the words in reverse order, joined by one space.
    std::string reversed() const;

private:
    std::vector<std::string_view> words_;
    std::size_t lines_ = 0;
    std::size_t size_ = 0;
};

}  // namespace textkit

#endif

#include "analyzer.hpp"

#include <stdexcept>

namespace textkit {

static bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

Analyzer::Analyzer(std::string_view text) : size_(text.size()) {
    std::size_t i = 0;
    while (i < text.size()) {
        while (i < text.size() && is_space(text[i])) {
            ++i;
        }
        std::size_t start = i;
        while (i < text.size() && !is_space(text[i])) {
            ++i;
        }
        if (i > start) {
            words_.push_back(text.substr(start, i - start));
        }
    }
    for (char c : text) {
        if (c == '\n') {
            ++lines_;
        }
    }
    if (!text.empty() && text.back() != '\n') {
        ++lines_;  // a last line without a newline still counts
    }
}

std::string Analyzer::longest() const {
    if (words_.empty()) {
        throw std::domain_error("no words");
    }
    std::string_view best = words_.front();
    for (std::string_view w : words_) {
        if (w.size() > best.size()) {
            best = w;
        }
    }
    return std::string(best);
}

std::string Analyzer::reversed() const {
    std::string out;
    for (auto it = words_.rbegin(); it != words_.rend(); ++it) {
        if (!out.empty()) {
            out += ' ';
        }
        out.append(it->data(), it->size());
    }
    return out;
}

}  // namespace textkit

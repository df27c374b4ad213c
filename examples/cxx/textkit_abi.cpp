// textkit_abi.cpp is the flat C surface of the C++ library: it implements
// the functions that the generated textkit.h declares by calling
// textkit::Analyzer. It is the only file that knows both worlds:
//
//   - inputs arrive as borrowed textkit_String views (pointer + length, not
//     NUL-terminated) and are read in place through std::string_view;
//   - results are allocated with textkit_alloc, because the caller (the Go
//     wrapper, the Python module) releases them with textkit_String_release;
//   - no C++ exception crosses the C boundary: the ones the IDL names
//     become TextError codes, anything else ends the process, as an
//     exception escaping a noexcept function would.
//
// Defining TEXTKIT_IMPLEMENTATION here, in exactly one file of the
// library, compiles the header's allocation and release functions into it.
#define TEXTKIT_IMPLEMENTATION
#include "textkit.h"

#include <cstdlib>
#include <cstring>
#include <exception>
#include <stdexcept>
#include <string>
#include <string_view>

#include "analyzer.hpp"

namespace {

std::string_view view(textkit_String s) { return std::string_view(s.ptr, s.len); }

textkit_String to_c(const std::string& s) {
    textkit_String out{nullptr, 0};
    if (s.empty()) {
        return out;
    }
    out.ptr = static_cast<char*>(textkit_alloc(s.size()));
    if (out.ptr == nullptr) {
        std::abort();
    }
    std::memcpy(out.ptr, s.data(), s.size());
    out.len = s.size();
    return out;
}

}  // namespace

extern "C" {

textkit_Stats textkit_analyze(textkit_String text) {
    textkit::Analyzer a(view(text));
    textkit_Stats st;
    st.words = static_cast<uint32_t>(a.words());
    st.lines = static_cast<uint32_t>(a.lines());
    st.size = a.size();
    return st;
}

int32_t textkit_longest_word(textkit_String text, textkit_String* out) {
    try {
        *out = to_c(textkit::Analyzer(view(text)).longest());
        return 0;
    } catch (const std::domain_error&) {
        return TEXTKIT_TEXT_ERROR_NO_WORDS;
    }
}

textkit_String textkit_reverse_words(textkit_String text) {
    return to_c(textkit::Analyzer(view(text)).reversed());
}

}  // extern "C"

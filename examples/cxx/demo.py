"""Calls the C++ textkit library from Python through the generated textkit.py.

    g++ -std=c++17 -shared -fPIC -O2 -o /tmp/libtextkit.so analyzer.cpp textkit_abi.cpp
    TEXTKIT_LIBRARY=/tmp/libtextkit.so python3 demo.py
"""

import textkit

TEXT = "the quick brown fox\njumps over the lazy dog\n"


def main() -> None:
    st = textkit.analyze(TEXT)
    print(f"analyze: words={st.words} lines={st.lines} size={st.size}")
    print("longest_word:", textkit.longest_word(TEXT))
    print("reverse_words:", textkit.reverse_words("un deux trois été"))
    try:
        textkit.longest_word("   \n")
    except textkit.TextError as e:
        print("longest_word of blanks raised TextError:", e.name)
        assert e.code == textkit.TextError.NO_WORDS


if __name__ == "__main__":
    main()

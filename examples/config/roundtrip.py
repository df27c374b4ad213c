"""Decodes the note given in hex, adds a tag, and prints it encoded in hex.

The Go test runs it with py/ on the path: notes.note_wire imports its
sibling notes.note relatively, inside the package.
"""

import sys

from notes import note_wire
from notes.note import Note, Priority


def main() -> None:
    n: Note = note_wire.decode_note(bytes.fromhex(sys.argv[1]))
    print(f"{n.author}: {n.text} ({n.priority.name}) {n.tags}", file=sys.stderr)
    n.tags.append("seen by python")
    n.priority = Priority.HIGH
    print(note_wire.encode_note(n).hex())


if __name__ == "__main__":
    main()

"""Text from anonymous readers, made safe for the database on the way in and for each medium on the way out.

Every pattern is a single character class: linear time whatever the input.
"""

from __future__ import annotations

import re

# C0 controls except tab and newline, DEL and the C1 controls (0x9B is a one-byte terminal CSI).
# PostgreSQL refuses NUL in text; none of them belongs in a comment typed into a text box.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# A lone surrogate ("\ud800" in JSON) cannot be encoded as UTF-8, so no database can store it.
_SURROGATE = re.compile("[\ud800-\udfff]")
# What a terminal acts on: every control character, and the bidirectional overrides and isolates
# that reorder what is shown (a comment could make the report look like something else).
_TERMINAL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
# Cells a spreadsheet would run as a formula (OWASP "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def clean_input(value):
    """A reader's text as stored: line breaks kept as \\n, other controls removed, lone surrogates as U+FFFD.

    Anything that is not a string is returned as it is, for validation to refuse.
    """
    if not isinstance(value, str):
        return value
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", _SURROGATE.sub("\ufffd", value))


def for_terminal(text: str) -> str:
    """One line of plain text a terminal shows as it is: whitespace becomes a space, controls go."""
    return _TERMINAL.sub("", text.replace("\t", " ").replace("\r", " ").replace("\n", " "))


def for_spreadsheet(cell: str) -> str:
    """A CSV cell that spreadsheets read as text, never as a formula: prefixed with ' when it could be one."""
    return "'" + cell if cell.startswith(_FORMULA_START) else cell

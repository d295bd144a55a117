"""Text from files is data: control characters out, personal numbers masked, lengths capped.

One policy for every value read from a file before a person sees it:

- control characters (C0 but tab, line feed and carriage return; DEL; C1) are
  removed when a file is read, and each cell that held one is reported; they
  would break workbooks (openpyxl refuses them) and drive the terminal (``\\x1b``);
- ID numbers, bank cards and mobile phone numbers inside free text are masked
  where a value is echoed (validation messages, the fund's 备注);
- a value echoed in a message is capped at ``SHOWN_LIMIT`` characters.
"""

from __future__ import annotations

import re

CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
SHOWN_LIMIT = 200  # characters of a cell value shown in a message or an issue
ELLIPSIS = "…"
# A resident ID: 18 characters (region, birth date 18/19/20YYMMDD, order, check digit
# or X) or an old 15-digit one (YYMMDD), not part of a longer run of letters and digits;
# the birth date keeps 18-digit household numbers and amounts from being masked.
_DAY = r"(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
_ID_TOKEN = re.compile(
    rf"(?<![0-9A-Za-z])[1-9]\d{{5}}(?:(?:18|19|20)\d{{2}}{_DAY}\d{{3}}[\dXx]|\d{{2}}{_DAY}\d{{3}})"
    r"(?![0-9A-Za-z])"
)
# Bank cards (16–19 digits, spaces or dashes allowed in groups of four) and mobiles.
_CARD_TOKEN = re.compile(r"(?<!\d)(?:\d{4}[ -]?){3}\d{4,7}(?!\d)")
_PHONE_TOKEN = re.compile(r"(?<!\d)(?:\+?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")


def has_controls(text: str) -> bool:
    return CONTROL.search(text) is not None


def without_controls(text: str) -> str:
    """``text`` with control characters removed (tab, line feed, carriage return kept)."""
    return CONTROL.sub("", text)


def shown_controls(text: str) -> str:
    """The control characters of ``text``, each written as an escape: \\x1b, \\x00."""
    found = dict.fromkeys(CONTROL.findall(text))
    return " ".join(f"\\x{ord(c):02x}" for c in found)


def printable(text: object) -> str:
    """Anything printed to a terminal that came from a file: no control characters."""
    return without_controls(str(text))


def masked_id(value: str) -> str:
    """An ID number with its middle hidden: 4310**********123X."""
    if len(value) <= 8:
        return "*" * len(value)
    return value[:4] + "*" * (len(value) - 8) + value[-4:]


def mask_ids(text: str) -> str:
    """Every ID-looking token of ``text`` masked (18 characters, or 15 digits)."""
    if len(text) < 15:
        return text
    return _ID_TOKEN.sub(lambda m: masked_id(m.group()), text)


def mask_personal(text: str) -> str:
    """ID numbers, bank card numbers and mobile phone numbers in free text masked."""
    if len(text) < 11:
        return text
    text = mask_ids(text)
    text = _CARD_TOKEN.sub(lambda m: _keep_ends(m.group(), 4, 4), text)
    return _PHONE_TOKEN.sub(lambda m: _keep_ends(m.group(), 3, 4), text)


def _keep_ends(token: str, head: int, tail: int) -> str:
    digits = [i for i, c in enumerate(token) if c.isdigit()]
    hidden = set(digits[head : len(digits) - tail])
    return "".join("*" if i in hidden else c for i, c in enumerate(token))


def capped(text: str, limit: int = SHOWN_LIMIT) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS

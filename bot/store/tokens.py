"""The tokens the full-text engines index: what gives every term of 1, 2 or more characters an
index, in any script (pure functions, no I/O).

A normalised field text (no whitespace but spaces and newlines) has these tokens, each a piece of
the text itself:

- every bigram (two characters, neither a space nor a newline), so 2-character Japanese words
  like 監視 have an index (the engines' trigram indexes have none);
- every non-ASCII character alone, so 1-character words like 監 do too;
- every trigram of ASCII characters (no space or newline): `kubernetes` looks up 8 rare trigrams
  instead of 9 bigrams that half of all texts have.

A term's tokens are tokens every text containing the term has, so the engine's AND of them gives
the candidates; `exact` terms (one non-ASCII character, two characters, three ASCII ones) are
matched by their one token exactly, the others are checked as substrings on the texts.

PostgreSQL keeps all of them as integers (`key`), computed by its own `meetup_keys`. SQLite
splits them over two FTS5 tables so that Python makes as few as it can (bot/store/sqlite.py):
SQLite's C `trigram` tokenizer indexes `trigram_text`, the text's ASCII runs (its trigrams are
the ASCII trigrams, plus some across a space that no term looks up), and `short_tokens` gives
the rest, made in Python from the non-ASCII runs only: the bigrams with a non-ASCII character,
and a non-ASCII character alone where it ends a run (elsewhere a prefix lookup finds it: `監` is
`"監"*`, which finds `監視`). A bigram of ASCII characters is looked up as every trigram it
starts (`trigram_text` ends with a space so that the text's last two characters start one).
"""

from __future__ import annotations

import re
from operator import add

TERM_TOKENS = 3
"""Tokens a term is looked up by, at most."""
TRIGRAM = 1 << 42
"""Trigram keys start here (above every bigram: two code points of 21 bits)."""
_ASCII_RUNS = re.compile(r"[!-\x7f]{3,}")
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_ASCII_PAIRS = frozenset(chr(a) + chr(b) for a in range(128) for b in range(128))


def tokens(text: str) -> set[str]:
    """The tokens of a normalised text (see above)."""
    text = text.replace("\n", " ")
    pairs = set(map(add, text, text[1:]))
    plain = text.isascii()
    if plain:
        trigrams = set(map(add, map(add, text, text[1:]), text[2:]))
    else:
        trigrams = set()
        for part in _ASCII_RUNS.findall(text):
            trigrams.update(map(add, map(add, part, part[1:]), part[2:]))
    if " " in text:
        pairs = {pair for pair in pairs if " " not in pair}
        if plain:
            trigrams = {trigram for trigram in trigrams if " " not in trigram}
    pairs |= trigrams
    if not plain:
        pairs.update(char for char in set(text) if char > "\x7f")
    return pairs


def key(token: str) -> int:
    """A token as PostgreSQL's `meetup_keys` has it: a character's code point, a bigram's two
    code points (21 bits each), or TRIGRAM plus a trigram's three ASCII codes (7 bits each)."""
    codes = list(map(ord, token))
    if len(codes) == 1:
        return codes[0]
    if len(codes) == 2:
        return (codes[0] << 21) | codes[1]
    return TRIGRAM | (codes[0] << 14) | (codes[1] << 7) | codes[2]


def keys(text: str) -> set[int]:
    """The tokens of a normalised text as PostgreSQL keys."""
    return {key(token) for token in tokens(text)}


def trigram_text(text: str) -> str:
    """What SQLite's `trigram` tokenizer indexes of a normalised text: its non-ASCII characters
    as spaces (their trigrams are many and no term looks them up), and a space at the end."""
    return (text if text.isascii() else _NON_ASCII.sub(" ", text)) + " "


def short_tokens(text: str) -> str:
    """The tokens of a normalised text that `trigram_text` does not give, space-separated: its
    bigrams with a non-ASCII character, and its non-ASCII characters that end a run."""
    if text.isascii():
        return ""
    found: set[str] = set()
    for word in text.replace("\n", " ").split(" "):
        if not word.isascii():  # (its bigrams before the first non-ASCII character are ASCII)
            found.update(map(add, word, word[1:]))
            if word[-1] > "\x7f":
                found.add(word[-1])
    found -= _ASCII_PAIRS
    return " ".join(found)


def term_tokens(text: str) -> list[str]:
    """Tokens every normalised text containing `text` has, few and spread over it: its ASCII
    trigrams, its bigrams not made of ASCII alone (or all of them when it has no trigram), and
    its character for a 1-character term; at most TERM_TOKENS of them, first, last and between
    (an engine's AND of a few doclists is much quicker than of all, and the check that follows
    drops what the others would have). Empty for one ASCII character (no index narrows it)."""
    if len(text) == 1:
        return [text] if text > "\x7f" else []
    found = tokens(text)
    trigrams = {token for token in found if len(token) == 3}
    pairs = {token for token in found if len(token) == 2}
    if trigrams:
        pairs = {pair for pair in pairs if not pair.isascii()}
    chosen = trigrams | pairs
    if not chosen:  # only spaces between single characters ("a b"): each character alone
        chosen = {token for token in found if len(token) == 1}
    ordered = sorted(chosen, key=lambda token: (text.find(token), token))
    if len(ordered) <= TERM_TOKENS:
        return ordered
    last = len(ordered) - 1
    return [ordered[round(n * last / (TERM_TOKENS - 1))] for n in range(TERM_TOKENS)]


def exact(text: str) -> bool:
    """Whether a text has `text` in it exactly when it has the term's one token."""
    if len(text) == 1:
        return text > "\x7f"
    if " " in text or "\n" in text:
        return False
    return len(text) == 2 or (len(text) == 3 and text.isascii())

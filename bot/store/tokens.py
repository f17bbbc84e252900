"""The tokens the full-text engines index: what gives every term of 1, 2 or more characters an
index, in any script (pure functions, no I/O).

A normalised field text (no whitespace but spaces and newlines) becomes a set of tokens, each a
piece of the text itself (FTS5's `ascii` tokenizer is told that every printable character but the
space is part of a token, so it takes them as they are):

- every bigram (two characters, neither a space nor a newline), so 2-character Japanese words
  like 監視 have an index (the engines' trigram indexes have none);
- every non-ASCII character alone, so 1-character words like 監 do too;
- every trigram of ASCII characters (no space or newline): `kubernetes` looks up 8 rare trigrams
  instead of 9 bigrams that half of all texts have.

A term's tokens are tokens every text containing the term has, so the engine's AND of them gives
the candidates; `exact` terms (one non-ASCII character, two characters, three ASCII ones) are
matched by their one token exactly, the others are checked as substrings on the texts.
PostgreSQL keeps the same tokens as integers (`key`), computed by its own `meetup_keys`. FTS5
keeps fewer (`compact`): what a prefix lookup finds is left out, so `go` is `"go"*` (it finds
`gol` of golang) and `監` is `"監"*` (it finds `監視`); a run's last character stays alone.
"""

from __future__ import annotations

import re
from operator import add

TERM_TOKENS = 3
"""Tokens a term is looked up by, at most."""
TRIGRAM = 1 << 42
"""Trigram keys start here (above every bigram: two code points of 21 bits)."""
_ASCII_RUNS = re.compile(r"[!-\x7f]{3,}")


def tokens(text: str, *, compact: bool = False) -> set[str]:
    """The tokens of a normalised text. `compact` (FTS5, which can look tokens up by prefix)
    leaves out what a prefix finds: an ASCII bigram some trigram starts with, and a non-ASCII
    character some bigram starts with (only a character ending a run is kept alone)."""
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
    if compact and trigrams:
        pairs -= {trigram[:2] for trigram in trigrams}
    pairs |= trigrams
    if not plain:
        if compact:
            ends = (run[-1] for run in text.split(" ") if run)
        else:
            ends = (char for char in set(text))
        pairs.update(char for char in ends if char > "\x7f")
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


def field_tokens(text: str) -> str:
    """The tokens of a normalised field text, space-separated, for FTS5 to index."""
    return " ".join(tokens(text, compact=True))


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

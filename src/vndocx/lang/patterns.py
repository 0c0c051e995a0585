"""Regexes over word lists: an alternation of phrases, a token trie of names, a character trie of
anchor words. Each is built once, at import or when a gazetteer is made, and matched many times.

    >>> import re
    >>> bool(re.fullmatch(alternation(["Sở", "Sở Nội vụ"]), "Sở  Nội vụ"))
    True
    >>> bool(re.fullmatch(token_trie_regex(["Ban Dân tộc", "Ban Quản lý"]), "Ban  dân tộc", re.I))
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from vndocx.lang.text import modern_tones, old_tones

_TOKEN = re.compile(r"\w+|[^\w\s]")
_DASHES = "-–—"


def alternation(words: Iterable[str], flags: str = "") -> str:
    """Return a non-capturing alternation of ``words``, longest first, the spaces inside a word
    matching any whitespace; ``flags`` ("i") are set inside the group. No words: never matches."""
    ordered = sorted(set(words), key=lambda w: (-len(w), w))
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in ordered) or "(?!)"
    return f"(?{flags}:{body})" if flags else f"(?:{body})"


def is_word(token: str) -> bool:
    """Return True when ``token`` (of :func:`name_tokens`) is a word, not punctuation."""
    return token[0].isalnum() or token[0] == "_"


def name_tokens(name: str) -> list[str]:
    """Return the words and punctuation marks of ``name``, case folded, tones in modern placement."""
    return [modern_tones(t).casefold() for t in _TOKEN.findall(name)]


def _token_re(token: str) -> str:
    if token in _DASHES:
        return "[-–—]"
    forms = sorted({token, old_tones(token)}, key=len, reverse=True)
    return re.escape(forms[0]) if len(forms) == 1 else "(?:" + "|".join(map(re.escape, forms)) + ")"


def _token_tail_re(token: str) -> str:
    """A token whose first character is already consumed: a look back at it, then the rest."""
    forms = sorted({token, old_tones(token)}, key=len, reverse=True)
    alts = [f"(?<={re.escape(f[0])}){re.escape(f[1:])}" for f in forms]
    return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"


def token_trie_regex(phrases: Iterable[str], after_first: bool = False) -> str:
    """Return one regex matching any of ``phrases`` (longest first; any whitespace between words,
    optional whitespace around punctuation; either tone placement), built over a token trie so
    that alternatives sharing a beginning are tried once. ``after_first``: the regex starts after
    the first character, which the caller's pattern has consumed (a character class in front
    lets the engine skip to candidate letters at C speed). No phrases: never matches."""
    root: dict = {}
    for phrase in phrases:
        node = root
        for token in name_tokens(phrase):
            node = node.setdefault(token, {})
        node[""] = {}

    def build(node: dict, prev: str | None) -> str:
        alts = []
        for token, child in sorted(node.items(), key=lambda item: -len(item[0])):
            if token == "":
                continue
            sep = "" if prev is None else (r"\s+" if is_word(prev) and is_word(token) else r"\s*")
            head = _token_tail_re(token) if prev is None and after_first else _token_re(token)
            alts.append(sep + head + build(child, token))
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node and prev is not None else body

    return build(root, None) or "(?!)"


def anchor_regex(words: Iterable[str]) -> re.Pattern[str]:
    """Return a compiled regex for any of the single ``words`` at the start of a word, case
    insensitive. Its first character is matched by a class, so the engine skips to candidate
    letters at C speed; the rest is a character trie that looks back at that letter."""
    root: dict = {}
    for word in words:
        node = root
        for char in word.lower():
            node = node.setdefault(char, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(c) + build(child) for c, child in sorted(node.items()) if c]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return f"(?:{body})?" if "" in node else body

    firsts = sorted(c for c in root if c)
    rest = "|".join(f"(?<={re.escape(c)}){build(root[c])}" for c in firsts)
    return re.compile(f"[{''.join(map(re.escape, firsts))}](?<!\\w.)(?:{rest})(?!\\w)", re.I)

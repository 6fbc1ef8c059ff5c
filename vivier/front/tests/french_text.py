"""What test_french reads and checks: the French catalogue's entries, a page's visible text, and the faults of
French text (an English string left untranslated, a status code, a "(s)" plural, the spaces before « : ; ? ! »).

Kept apart from the tests so the rules are read in one place, and so a crawl of the demo can use them too.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

from django.db import models

PO = Path(__file__).resolve().parents[2] / "locale" / "fr" / "LC_MESSAGES" / "django.po"
NBSP = "\u00a0\u202f"  # the no-break space and the narrow one: either goes before « : ; ? ! »


@dataclass
class Entry:
    msgid: str
    msgstrs: list[str]
    msgid_plural: str = ""
    context: str = ""
    flags: list[str] = field(default_factory=list)


def catalogue(path: Path = PO) -> list[Entry]:
    """The .po's entries, header left out (a .po parser in 30 lines: no dependency for one test)."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        fields: dict[str, str] = {}
        flags: list[str] = []
        current = ""
        for line in block.splitlines():
            if line.startswith("#,"):
                flags += [flag.strip() for flag in line[2:].split(",")]
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                fields[current] += json.loads(line)
            elif line.strip():
                current, _, value = line.partition(" ")
                fields[current] = json.loads(value)
        if not fields.get("msgid"):
            continue
        entries.append(
            Entry(
                msgid=fields["msgid"],
                msgid_plural=fields.get("msgid_plural", ""),
                context=fields.get("msgctxt", ""),
                msgstrs=[value for name, value in fields.items() if name.startswith("msgstr")],
                flags=flags,
            )
        )
    return entries


# --- Typography of French text --------------------------------------------------------------------------------
# Placeholders and what is code rather than French: taken out before the rules are applied.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sd]|\{\{[^}]*\}\}|\{[\w.]*\}")
CODE = re.compile(
    r"\b[a-z][a-z0-9+.-]*://\S*"  # a URL or a scheme alone ("https://")
    r"|\bmailto:\S*"
    r"|\d{1,2}(?::\d{2}){1,2}"  # a time
    r"|Authorization: Bearer"  # an HTTP header, quoted as is
)
COLON_ETC = re.compile(rf"(?<=[^\s{NBSP}])[:;?!]|[ \t\n][:;?!]")
PLURAL_HACK = re.compile(r"\w\((?:s|x|e|es|nt)\)")
STRAIGHT_APOSTROPHE = re.compile(r"[^\W\d_]'[^\W\d_]")


def typography_faults(text: str) -> list[str]:
    """The faults of one piece of French text: space before « : ; ? ! », straight apostrophe, "(s)" plural."""
    faults = []
    plain = CODE.sub("", PLACEHOLDER.sub("x", text))
    for match in COLON_ETC.finditer(plain):
        # "?" and "!" may follow each other ("?!"), and a ":" may end a URL's scheme already taken out.
        before = plain[max(0, match.start() - 12) : match.end() + 8]
        if before and match.group().strip() in "?!" and plain[match.start() - 1 : match.start()] in "?!":
            continue
        faults.append(f"no no-break space before {match.group().strip()!r}: …{before}…")
    if STRAIGHT_APOSTROPHE.search(plain):
        faults.append("straight apostrophe (French takes ’)")
    if PLURAL_HACK.search(plain):
        faults.append(
            f"a plural written {PLURAL_HACK.search(plain).group()!r} (ngettext/blocktranslate count)"
        )
    return faults


# --- What an English page would leak into a French one ----------------------------------------------------------
WORD = re.compile(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
ANY_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


@cache
def english_phrases() -> tuple[frozenset[str], frozenset[str]]:
    """(long, short): the msgids that French translates differently, as they would show if left in English.

    long: every literal piece of 3 words or more of such a msgid (between its placeholders), searched anywhere
    in a page. short: the whole msgids of 1 or 2 words, which only count when they are a page's whole text
    node (a badge, a table cell, a button). A piece that is also found in some French translation (a product
    name, "Authorization: Bearer") is no evidence and is left out.
    """
    entries = catalogue()
    # The French words in order, so that a piece is looked for as whole words ("Sent" is not in "présent").
    french = " " + " ".join(ANY_WORD.findall(" ".join(s for e in entries for s in e.msgstrs).lower())) + " "
    long, short = set(), set()
    for entry in entries:
        if not any(entry.msgstrs) or entry.msgstrs[0] == entry.msgid:
            continue
        for msgid in filter(None, (entry.msgid, entry.msgid_plural)):
            pieces = [p.strip(" .,:;…()«»\"“”'\n") for p in PLACEHOLDER.split(msgid)]
            for piece in pieces:
                words = WORD.findall(piece)
                if not words or f" {' '.join(words).lower()} " in french or not piece.isascii():
                    continue
                if len(words) >= 3:
                    long.add(" ".join(piece.split()))
                elif len(pieces) == 1 and len(words) == len(piece.split()):
                    short.add(piece)
    return frozenset(long), frozenset(short)


@cache
def _long_pattern() -> re.Pattern:
    long, _ = english_phrases()
    alternatives = sorted((re.escape(p).replace(r"\ ", r"\s+") for p in long), key=len, reverse=True)
    return re.compile(r"(?<![\w’'-])(?:" + "|".join(alternatives) + r")(?![\w’'-])")


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@cache
def status_codes() -> frozenset[str]:
    """Every value of the models' TextChoices and the refusal codes of the contact policy (no_consent…)."""
    # The choices outside the models' modules (the models' own are loaded with the apps).
    from vivier.accounts import audit  # noqa: F401
    from vivier.imports import columns, report  # noqa: F401
    from vivier.outreach import policy as outreach_policy
    from vivier.privacy import policy as privacy_policy

    codes = {str(value) for choices in _subclasses(models.TextChoices) for value in choices.values}
    for module in (outreach_policy, privacy_policy):
        codes |= {v for k, v in vars(module).items() if k.isupper() and isinstance(v, str) and v.islower()}
    return frozenset(c for c in codes if re.fullmatch(r"[a-z][a-z0-9_]*", c))


# What only the people who run Vivier know: not for a recruiter's page, unless shown as code (<code>).
JARGON = re.compile(
    r"\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b"  # an environment variable (VIVIER_ALERTS_SHOW_CLIENT, EMAIL_URL)
    r"|\bworkers?\b"
    r"|\bvivier (?:run|alerts|import|demo|backup|restore|bench|migrate|token)\b"
)
LANGUAGE_CODE = re.compile(r"\((?:fr|en|FR|EN)\)")
SNAKE = re.compile(r"(?<![\w.@/-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@/-])")
RAW_VALUE = re.compile(r"(?<![\w-])(?:True|False|None|yes|no|Yes|No)(?![\w-])")


def page_faults(visible: Visible) -> list[str]:
    """The faults of a French page's visible text."""
    long, short = english_phrases()
    codes = status_codes()
    faults = []
    for node in visible.nodes:
        bare = node.strip(" .,:;…()·|—-\u00a0\u202f")
        if bare in short:
            faults.append(f"English: {bare!r}")
        if bare in codes and bare not in FRENCH_WORDS:
            faults.append(f"status code {bare!r} shown as is")
    for text in visible.pieces:
        line = " ".join(text.split())
        for match in _long_pattern().finditer(text):
            faults.append(f"English: {' '.join(match.group().split())!r} in {line[:120]!r}")
        for match in SNAKE.finditer(text):
            faults.append(f"code {match.group()!r} in {line[:120]!r}")
        for match in JARGON.finditer(text):
            faults.append(f"jargon {match.group()!r} in {line[:120]!r}")
        for match in LANGUAGE_CODE.finditer(text):
            faults.append(f"language code {match.group()!r} where its name belongs, in {line[:120]!r}")
        for match in RAW_VALUE.finditer(text):
            faults.append(f"raw value {match.group()!r} in {line[:120]!r}")
        faults += [f"{fault} in {line[:120]!r}" for fault in typography_faults(text)]
    return faults


# Codes that are also French words (a node reading "client" or "total" is French, not a code).
FRENCH_WORDS = {
    "client",
    "date",
    "public",
    "absent",
    "total",
    "message",
    "note",
    "contact",
    "source",
    "action",
}


# --- A page's visible text --------------------------------------------------------------------------------------
SKIPPED = {"script", "style", "code", "pre", "kbd", "samp", "textarea", "template", "head", "svg"}
INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "cite", "data", "dfn", "em", "i", "mark", "q", "s", "small", "span",
    "strong", "sub", "sup", "time", "u", "var", "wbr", "label", "output",
}  # fmt: skip
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
ATTRIBUTES = ("title", "placeholder", "aria-label", "alt")


@dataclass
class Visible:
    """pieces: the text of each block (inline elements joined as a reader sees them, "Motifs</b>: x");
    nodes: each text node alone, stripped (what a badge, a table cell or a button says)."""

    pieces: list[str] = field(default_factory=list)
    nodes: list[str] = field(default_factory=list)


class _Text(HTMLParser):
    """The visible text and the attributes people read (title, placeholder, aria-label, alt).

    Left out: scripts, styles, code samples, form values, and whatever is marked as another language
    (lang="en": the language switch's "English").
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []
        self.out = Visible()
        self.block: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def _flush(self) -> None:
        text = "".join(self.block)
        if text.strip():
            self.out.pieces.append(text)
        self.block = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag not in INLINE:
            self._flush()
        skip = tag in SKIPPED or (attributes.get("lang") or "fr").split("-")[0] != "fr"
        if not (skip or self._skipping()):
            for name in ATTRIBUTES:
                if (attributes.get(name) or "").strip():
                    self.out.pieces.append(attributes[name])
                    self.out.nodes.append(attributes[name].strip())
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag not in INLINE:
            self._flush()
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if not self._skipping():
            self.block.append(data)
            if data.strip():
                self.out.nodes.append(" ".join(data.split()))


def visible_text(html: str) -> Visible:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser._flush()
    return parser.out

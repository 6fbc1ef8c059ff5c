"""Refresh the French catalogue and fill in new translations, then compile it.

    .venv/bin/python scripts/i18n_fr.py [translations.json ...]

Runs `makemessages -l fr --no-obsolete` (so the catalogue lists every string of the code and templates), fills
each empty or fuzzy entry whose msgid is a key of one of the JSON files ({"msgid": "msgstr"}, or
{"msgid": ["singular", "plural"]} for an ngettext string), prints the entries still untranslated, and runs
`compilemessages`. Several people (or helpers) can run it at once: a lock file serialises them.
"""

from __future__ import annotations

import fcntl
import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "vivier" / "locale" / "fr" / "LC_MESSAGES" / "django.po"
VIVIER = ROOT / ".venv" / "bin" / "vivier"
LOCK = ROOT / "var" / ".i18n.lock"


def _unquote(lines: list[str]) -> str:
    text = "".join(json.loads(line) if line.startswith('"') else "" for line in lines)
    return text


def _quote(text: str) -> list[str]:
    if "\n" not in text[:-1] and len(text) < 70:
        return [json.dumps(text, ensure_ascii=False)]
    parts = re.findall(r"[^\n]*\n|[^\n]+", text)
    return ['""'] + [json.dumps(part, ensure_ascii=False) for part in parts]


def _field(block: list[str], name: str) -> tuple[int, int] | None:
    """(first, end) line indices of field `name` (msgid, msgid_plural, msgstr, msgstr[0]...) in a block."""
    for i, line in enumerate(block):
        if line.startswith(name + " "):
            j = i + 1
            while j < len(block) and block[j].startswith('"'):
                j += 1
            return i, j
    return None


def _value(block: list[str], name: str) -> str | None:
    span = _field(block, name)
    if span is None:
        return None
    first, end = span
    return _unquote([block[first][len(name) + 1 :]] + block[first + 1 : end])


def _set(block: list[str], name: str, text: str) -> list[str]:
    first, end = _field(block, name)
    quoted = _quote(text)
    return block[:first] + [f"{name} {quoted[0]}"] + quoted[1:] + block[end:]


def fill(po_text: str, translations: dict) -> tuple[str, list[str]]:
    blocks = po_text.split("\n\n")
    missing: list[str] = []
    out = []
    for raw in blocks:
        block = raw.split("\n")
        msgid = _value(block, "msgid")
        if not msgid:  # the header
            out.append(raw)
            continue
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in block)
        plural = _field(block, "msgid_plural") is not None
        names = ["msgstr[0]", "msgstr[1]"] if plural else ["msgstr"]
        empty = all(not _value(block, name) for name in names)
        if (empty or fuzzy) and msgid in translations:
            value = translations[msgid]
            values = value if isinstance(value, list) else [value] * len(names)
            for name, text in zip(names, values, strict=True):
                block = _set(block, name, text)
            block = [line for line in block if not line.startswith("#| ")]
            block = [
                re.sub(r",? ?fuzzy,?", "", line).rstrip(",") if line.startswith("#,") else line for line in block
            ]
            block = [line for line in block if line.strip() not in ("#,", "#")]
            empty, fuzzy = False, False
        if empty or fuzzy:
            missing.append(msgid)
        out.append("\n".join(block))
    return "\n\n".join(out), missing


def main(paths: list[str]) -> int:
    translations: dict = {}
    for path in paths:
        translations.update(json.loads(Path(path).read_text(encoding="utf-8")))
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "vivier.settings"}
    LOCK.parent.mkdir(exist_ok=True)
    with open(LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        subprocess.run(  # noqa: S603 (our own virtualenv's command, fixed arguments)
            [str(VIVIER), "makemessages", "-l", "fr", "--no-obsolete", "--no-location", "--verbosity", "0"],
            cwd=ROOT / "vivier",
            env=env,
            check=True,
        )
        text, missing = fill(PO.read_text(encoding="utf-8"), translations)
        PO.write_text(text, encoding="utf-8")
        subprocess.run(  # noqa: S603 (our own virtualenv's command, fixed arguments)
            [str(VIVIER), "compilemessages", "-l", "fr", "--verbosity", "0"],
            cwd=ROOT / "vivier",
            env=env,
            check=True,
        )
    for msgid in missing:
        print(f"untranslated: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

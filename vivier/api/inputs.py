"""The input side of the API's schemas: the JSON types as strict as the OpenAPI document declares them, and every
rule of the validation declared in the document.

pydantic's lax mode suits query strings (`?page=2` is text) but would let a JSON body say `"salary_max": false`
(read as 0), `"5"`, or a date as a number of seconds (`to=0`, 1 January 1970). The document promises integers,
booleans and ISO dates, so the body types refuse anything else, and so do dates in a query string. The other way
round, what the validation refuses (NUL characters, a blank name, null in a PATCH) is written in the document, so
that a client, or a fuzzer, following it is never refused.
"""

from __future__ import annotations

from typing import Annotated, Any, ClassVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import BeforeValidator, ConfigDict, Field, StrictBool, field_validator

from vivier.dates import ApiDate, ApiDateTime

# --- patterns declared in the document --------------------------------------------------------------------
# JSON Schema patterns (ECMA 262, which Python and the Rust regex crate read the same way here).

# PostgreSQL text cannot hold NUL: refused (400) by `_check_text`, and declared on every free text.
NO_NUL = r"^[^\x00]*$"
# The characters Python's str.split() and str.strip() remove, with which the services trim names: a text made
# only of them is blank. Listed one by one because ECMA's `\s` is not the same set (it lacks U+001C to U+001F).
SPACES = "".join(f"\\u{ord(c):04x}" for c in map(chr, range(0x3001)) if c.isspace())
# At least one character that is not a space: names, titles, reasons (the services refuse a blank one).
NOT_BLANK = rf"^[^\x00]*[^\x00{SPACES}][^\x00]*$"
# A subject: not blank, and on one line.
ONE_LINE = rf"^[^\x00\r\n]*[^\x00\r\n{SPACES}][^\x00\r\n]*$"


# normalise.phone_checked's rule: blank, or at least PHONE_MIN_DIGITS (6) digits among any other characters (a
# number that cannot be verified is kept as written); the length (40) is the field's maxLength.
PHONE_PATTERN = rf"^(?:[{SPACES}]*|[^0-9\x00]*(?:[0-9][^0-9\x00]*){{6,}})$"


def _any_case(word: str) -> str:
    return "".join(f"[{c.upper()}{c.lower()}]" for c in word)


# normalise.linkedin_url's rule, which ignores case (a JSON Schema pattern has no flags, hence the spelt-out
# letters) and surrounding spaces; the name (slug) at most 172 characters, so that the canonical URL,
# https://www.linkedin.com/in/<slug>, fits its column (200). Blank: no profile.
LINKEDIN_URL = (
    rf"^[{SPACES}]*(?:(?:{_any_case('http')}[Ss]?://)?(?:[A-Za-z]{{2,3}}\.)?"
    rf"{_any_case('linkedin')}\.{_any_case('com')}/{_any_case('in')}/"
    rf"[^/?#\x00{SPACES}]{{1,172}}/?(?:[?#][^\x00\n]*)?)?[{SPACES}]*$"
)


def _check_text(value: Any) -> Any:
    """Refuse what PostgreSQL cannot store (NUL, lone surrogates), in strings and lists of strings."""
    items = value if isinstance(value, list) else [value]
    for item in items:
        if isinstance(item, str):
            if "\x00" in item:
                raise ValueError(_("NUL characters are not allowed."))
            try:
                item.encode("utf-8")
            except UnicodeEncodeError as exc:
                raise ValueError(_("The text is not valid Unicode.")) from exc
    return value


def _declare_no_nul(schema: dict[str, Any]) -> None:
    """Put NO_NUL on every free string of a property's schema (in anyOf branches and list items too).

    A string with a pattern already (a currency code, a name) or a format (uuid, date, email, phone) cannot hold
    NUL. (A pattern next to a format would also make schemathesis draw from the pattern, not the format.)
    """
    if schema.get("type") == "string" and not ({"pattern", "format", "enum", "const"} & schema.keys()):
        schema["pattern"] = NO_NUL
    for key in ("anyOf", "oneOf", "allOf"):
        for branch in schema.get(key, ()):
            _declare_no_nul(branch)
    if isinstance(schema.get("items"), dict):
        _declare_no_nul(schema["items"])


def _document_inputs(schema: dict[str, Any], model: type) -> None:
    for prop in schema.get("properties", {}).values():
        _declare_no_nul(prop)


def _document_patch(schema: dict[str, Any], model: type) -> None:
    """A PATCH field is optional, but null only where NULLABLE says (pydantic writes `anyOf [T, null]` for all)."""
    nullable = getattr(model, "NULLABLE", frozenset())
    for name, prop in schema.get("properties", {}).items():
        if name in nullable or "anyOf" not in prop:
            continue
        branches = [b for b in prop["anyOf"] if b.get("type") != "null"]
        if len(branches) == 1:
            del prop["anyOf"]
            # The field's own keys (title, description, a pattern) win over the branch's.
            prop.update({k: v for k, v in branches[0].items() if k not in prop})
        else:
            prop["anyOf"] = branches
        if prop.get("default", ...) is None:
            del prop["default"]
    _document_inputs(schema, model)


class InputSchema(Schema):
    """Unknown fields are refused: a misspelt field silently ignored is a bug the client never sees."""

    model_config = ConfigDict(extra="forbid", json_schema_extra=_document_inputs)

    @field_validator("*", mode="after")
    @classmethod
    def _text_storable(cls, value: Any) -> Any:
        return _check_text(value)


class PatchSchema(InputSchema):
    """Every field optional; only the fields sent change. null is accepted only where the column allows it
    (NULLABLE, where null clears the value), and the document says so."""

    model_config = ConfigDict(json_schema_extra=_document_patch)

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _null_only_where_allowed(cls, value: Any, info) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise ValueError(_("This field may not be null."))
        return value


class QuerySchema(Schema):
    model_config = ConfigDict(json_schema_extra=_document_inputs)

    @field_validator("*", mode="after")
    @classmethod
    def _text_storable(cls, value: Any) -> Any:
        return _check_text(value)


# --- strict JSON types ------------------------------------------------------------------------------------


def _json_integer(value: Any) -> Any:
    """A JSON number without a fraction; not a boolean (pydantic reads false as 0) nor a string ("5")."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(_("Enter a whole number."))
    return value


def json_int(*, ge: int, le: int) -> Any:
    """An integer of a JSON body between `ge` and `le` (query strings keep pydantic's reading of "2").

    The bounds go inside, before the validator: outside, on `json_int(...) | None`, pydantic would write them in
    the document as `ge`/`le` instead of `minimum`/`maximum`.
    """
    return Annotated[int, Field(ge=ge, le=le), BeforeValidator(_json_integer)]


# A boolean of a JSON body: true or false, not "yes" nor 1.
JsonBool = StrictBool
# Dates and datetimes, in a body or a query string: ISO 8601 (RFC 3339 with its offset for a moment), within
# the one range of vivier.dates.
IsoDate = ApiDate
IsoDateTime = ApiDateTime

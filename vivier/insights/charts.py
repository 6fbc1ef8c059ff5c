"""Bar charts drawn on the server as SVG: no chart library, no script, no inline style (the CSP forbids both).

Bar lengths are SVG `width` attributes, which are presentation attributes, not styles. Every bar is a link to
the declines behind it and carries a <title> tooltip; the same figures are in the table beside each chart.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

LABEL_WIDTH = 250
BAR_WIDTH = 260
ROW_HEIGHT = 28
BAR_HEIGHT = 20
LABEL_CHARS = 30


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: float
    text: str  # the value as written next to the bar
    width: float
    y: int
    href: str
    secondary: bool = False  # the comparison bar (the agency's other clients) in a paired chart
    height: int = BAR_HEIGHT

    @property
    def text_y(self) -> int:
        return self.y + self.height - (5 if self.height >= BAR_HEIGHT else 1)

    @property
    def value_x(self) -> float:
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class Chart:
    title: str
    bars: list[Bar]
    height: int

    @property
    def empty(self) -> bool:
        return not self.bars

    @property
    def label_width(self) -> int:
        return LABEL_WIDTH

    @property
    def total_width(self) -> int:
        return LABEL_WIDTH + BAR_WIDTH + 110


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(
    title: str,
    items: Iterable,
    *,
    value: Callable,
    text: Callable,
    label: Callable,
    href: Callable | None = None,
    maximum: float | None = None,
) -> Chart:
    """One bar per item; the longest bar spans the chart (or `maximum`, for shares on a 0–100 scale)."""
    items = list(items)
    values = [float(value(i) or 0) for i in items]
    top = maximum or max(values + [0.0])
    bars = []
    for n, (item, v) in enumerate(zip(items, values, strict=True)):
        width = round(BAR_WIDTH * v / top, 1) if top else 0.0
        bars.append(
            Bar(
                label(item),
                _short(label(item)),
                v,
                text(item),
                width,
                n * ROW_HEIGHT + 4,
                href(item) if href else "",
            )
        )
    return Chart(title, bars, max(len(bars), 1) * ROW_HEIGHT + 8)


def paired_chart(title: str, rows: list[tuple[str, float | None, float | None, str, str]]) -> Chart:
    """Two bars per row, on a 0–100 % scale: (label, this client's share, others' share, text, others' text).

    A share that is hidden (None) draws no bar; the table says why.
    """
    bars: list[Bar] = []
    y = 4
    for label, mine, theirs, text, their_text in rows:
        for v, t, secondary in ((mine, text, False), (theirs, their_text, True)):
            width = round(BAR_WIDTH * (v or 0) / 100, 1)
            bars.append(
                Bar(
                    label,
                    _short(label) if not secondary else "",
                    v or 0,
                    t,
                    width,
                    y + (BAR_HEIGHT // 2 + 1 if secondary else 0),
                    "",
                    secondary,
                    BAR_HEIGHT // 2,
                )
            )
        y += ROW_HEIGHT + BAR_HEIGHT // 2
    return Chart(title, bars, max(y + 4, ROW_HEIGHT + 8))

"""Charts drawn on the server as SVG: no script, no library, readable without colour.

Every bar carries its figure in words beside it, a reached target is marked with a tick
and the word "đạt", and the target itself is a dashed line with its name: nothing depends
on telling two colours apart. Colours come from the stylesheet through classes. Each chart
is an image with a title for screen readers; the page shows the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

WIDTH = 360  # the viewBox: it scales to the screen, from a 360-px phone up
ROW = 40
LABEL_SPACE = 16


@dataclass(frozen=True, slots=True)
class TargetBar:
    label: str
    certified: int
    needed: int | None  # None: no population figure loaded


def number(n: float) -> str:
    """12345 -> 12.345, as Vietnamese writes it."""
    return f"{round(n):,}".replace(",", ".")


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def _text(x: float, y: float, body: str, cls: str = "", anchor: str = "start") -> str:
    klass = f' class="{cls}"' if cls else ""
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{klass}>{escape(body)}</text>'


def _svg(title: str, height: float, parts: Sequence[str]) -> Markup:
    head = (
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height:.0f}" role="img" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    )
    return Markup(head + "".join(parts) + "</svg>")  # noqa: S704 — every text inside went through escape()


def target_chart(title: str, bars: Sequence[TargetBar]) -> Markup:
    """One row per commune: its name, a bar of certified people against its target (the dashed
    line at 100%), and the figures in words."""
    span = WIDTH - 8
    full = span / 1.25  # room beyond the target line for communes past it
    parts = [
        f'<line class="target" x1="{full:.1f}" y1="{LABEL_SPACE - 2}" x2="{full:.1f}" y2="{len(bars) * ROW + 10}"/>',
        _text(full, 10, "Mục tiêu", "small", "middle"),
    ]
    for index, bar in enumerate(bars):
        top = LABEL_SPACE + index * ROW
        parts.append(_text(0, top + 12, bar.label))
        parts.append(_target_row(bar, top + 16, full, span))
    return _svg(title, LABEL_SPACE + len(bars) * ROW + 12, parts)


def _target_row(bar: TargetBar, y: float, full: float, span: float) -> str:
    if not bar.needed:
        return _text(0, y + 11, f"{number(bar.certified)} người có chứng nhận · chưa có số dân", "small")
    share = bar.certified / bar.needed
    width = max(1.0, min(span, full * share))
    reached = share >= 1
    words = f"{number(bar.certified)}/{number(bar.needed)} · {percent(share)}" + (" ✓ đạt" if reached else "")
    shape = f'<rect class="{"bar reached" if reached else "bar"}" x="0" y="{y:.1f}" width="{width:.1f}" height="12"/>'
    if width > span * 0.55:  # a long bar carries its words inside, a short one after it
        return shape + _text(width - 4, y + 10, words, "small inside", "end")
    return shape + _text(width + 4, y + 10, words, "small")


def week_chart(title: str, labels: Sequence[str], values: Sequence[int]) -> Markup:
    """Vertical bars, one per week, each with its figure above it and its date below."""
    height, base, top = 150, 120, 22
    step = WIDTH / max(1, len(values))
    highest = max((*values, 1))
    parts = [f'<line class="axis" x1="0" y1="{base}" x2="{WIDTH}" y2="{base}"/>']
    for index, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = index * step + step * 0.2
        tall = (base - top) * value / highest
        box = f'x="{x:.1f}" y="{base - tall:.1f}" width="{step * 0.6:.1f}" height="{tall:.1f}"'
        parts.append(f'<rect class="bar" {box}/>')
        parts.append(_text(x + step * 0.3, base - tall - 5, number(value), "small", "middle"))
        parts.append(_text(x + step * 0.3, base + 16, label, "small", "middle"))
    return _svg(title, height, parts)

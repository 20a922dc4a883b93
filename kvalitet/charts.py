"""The trend charts of KVAL-03, drawn on the server as SVG (``templates/kvalitet/_chart.html``).

Pure geometry: the template draws what this gives. Readable without colour: each series has
its own marker shape (circle, square) and line (solid, dashed), every point carries its value
as text, and a quarter with no data shows a dash, not a zero.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 260
LEFT, RIGHT, TOP, BOTTOM = 56, 16, 20, 44


@dataclass
class Point:
    x: float
    y: float
    text: str
    missing: bool = False


@dataclass
class Series:
    name: str
    marker: str  # "circle" or "square"
    dashed: bool
    points: list[Point] = field(default_factory=list)
    #: The polylines: runs of points with data ("x,y x,y …").
    lines: list[str] = field(default_factory=list)


@dataclass
class Chart:
    width: int
    height: int
    plot_left: int
    plot_right: int
    plot_top: int
    plot_bottom: int
    ticks: list[tuple[float, str]]
    labels: list[tuple[float, str]]
    series: list[Series]


def nice_max(value: float) -> float:
    """A round top for the y axis, at least 10."""
    if value <= 10:
        return 10
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * magnitude:
            return step * magnitude
    return 10 * magnitude  # pragma: no cover


def chart(
    labels: list[str],
    series: list[tuple[str, list[float | None]]],
    *,
    percent: bool,
    fmt,
) -> Chart:
    """The chart of ``series`` (name, one value per label, ``None``: no data) over ``labels``.
    ``fmt(value)`` is a point's text."""
    values = [v for _, vs in series for v in vs if v is not None]
    top = 100.0 if percent else nice_max(max(values, default=0))
    plot_right = WIDTH - RIGHT
    plot_bottom = HEIGHT - BOTTOM
    n = max(len(labels), 1)
    step = (plot_right - LEFT) / n

    def x_of(i: int) -> float:
        return round(LEFT + step * (i + 0.5), 1)

    def y_of(v: float) -> float:
        v = min(max(v, 0), top)
        return round(plot_bottom - (plot_bottom - TOP) * v / top, 1)

    ticks = [(y_of(top * k / 4), f"{top * k / 4:g}" + (" %" if percent else "")) for k in range(5)]
    drawn = []
    for idx, (name, vs) in enumerate(series):
        s = Series(name=name, marker="circle" if idx == 0 else "square", dashed=idx > 0)
        run: list[str] = []
        for i, v in enumerate(vs):
            if v is None:
                s.points.append(Point(x_of(i), plot_bottom, "–", missing=True))
                if len(run) > 1:
                    s.lines.append(" ".join(run))
                run = []
                continue
            p = Point(x_of(i), y_of(v), fmt(v))
            s.points.append(p)
            run.append(f"{p.x},{p.y}")
        if len(run) > 1:
            s.lines.append(" ".join(run))
        drawn.append(s)
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot_left=LEFT,
        plot_right=plot_right,
        plot_top=TOP,
        plot_bottom=plot_bottom,
        ticks=ticks,
        labels=[(x_of(i), label) for i, label in enumerate(labels)],
        series=drawn,
    )

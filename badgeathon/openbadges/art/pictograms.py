"""The built-in pictograms of the badge image designer: vector shapes in a 100×100 box, drawn by Pillow or as SVG."""

import math
from dataclasses import dataclass

ACCENT = "accent"
BACKGROUND = "background"  # painted in the badge's background colour: holes, slits, separations

Point = tuple[float, float]


@dataclass(frozen=True)
class Polygon:
    points: tuple[Point, ...]
    fill: str = ACCENT


@dataclass(frozen=True)
class Circle:
    cx: float
    cy: float
    r: float
    fill: str = ACCENT


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str = ACCENT
    radius: float = 0.0


Primitive = Polygon | Circle | Rect


@dataclass(frozen=True)
class Pictogram:
    key: str
    label: str  # French, shown in the designer
    shapes: tuple[Primitive, ...]  # painted in order, later ones over earlier ones


# --- geometry helpers (y points down, angles in degrees, 0° = east, 90° = south) -------------------------------------


def _at(cx: float, cy: float, r: float, degrees: float) -> Point:
    a = math.radians(degrees)
    return (round(cx + r * math.cos(a), 2), round(cy + r * math.sin(a), 2))


def _arc(cx: float, cy: float, r: float, start: float, end: float, steps: int = 24) -> list[Point]:
    return [_at(cx, cy, r, start + (end - start) * i / steps) for i in range(steps + 1)]


def _ring_sector(cx: float, cy: float, inner: float, outer: float, start: float, end: float) -> Polygon:
    return Polygon(tuple(_arc(cx, cy, outer, start, end) + _arc(cx, cy, inner, end, start)))


def _turn(points, degrees: float, cx: float, cy: float) -> tuple[Point, ...]:
    a = math.radians(degrees)
    cos, sin = math.cos(a), math.sin(a)
    return tuple(
        (round(cx + (x - cx) * cos - (y - cy) * sin, 2), round(cy + (x - cx) * sin + (y - cy) * cos, 2))
        for x, y in points
    )


def _bar(x0: float, y0: float, x1: float, y1: float, width: float, fill: str = ACCENT) -> Polygon:
    """A straight stroke from one point to another, as a thin quadrilateral."""
    length = math.hypot(x1 - x0, y1 - y0)
    nx, ny = -(y1 - y0) / length * width / 2, (x1 - x0) / length * width / 2
    return Polygon(((x0 + nx, y0 + ny), (x1 + nx, y1 + ny), (x1 - nx, y1 - ny), (x0 - nx, y0 - ny)), fill)


def _shoulders(cx: float, base: float, half_width: float, height: float, fill: str = ACCENT) -> Polygon:
    """A person's bust: a half ellipse standing on a flat base."""
    return Polygon(
        tuple(
            (round(cx + half_width * math.cos(math.radians(a)), 2), round(base + height * math.sin(math.radians(a)), 2))
            for a in range(180, 361, 10)
        ),
        fill,
    )


# --- the pictograms --------------------------------------------------------------------------------------------------


def _leaf() -> tuple[Primitive, ...]:
    base, length, half = (24.0, 76.0), 82.0, 23.0
    upper = [
        (length * t, -half * math.sin(math.pi * t) ** 0.75 * (1.15 - 0.3 * t)) for t in (i / 30 for i in range(31))
    ]
    lower = [(x, -y) for x, y in reversed(upper[1:-1])]
    outline = [(base[0] + x, base[1] + y) for x, y in upper + lower]
    blade = Polygon(_turn(outline, -45, *base))
    rib = _turn([(base[0] + 8, base[1]), (base[0] + 66, base[1])], -45, *base)
    veins = []
    for t, side in ((0.3, 1), (0.45, -1), (0.55, 1), (0.7, -1)):
        start = (base[0] + length * t, base[1])
        end = (base[0] + length * (t + 0.12), base[1] + side * half * 0.7)
        (x0, y0), (x1, y1) = _turn([start, end], -45, *base)
        veins.append(_bar(x0, y0, x1, y1, 2.6, BACKGROUND))
    stem = _bar(base[0] + 4, base[1] - 4, 10, 90, 5)
    return (stem, blade, _bar(*rib[0], *rib[1], 3.2, BACKGROUND), *veins)


def _recycling() -> tuple[Primitive, ...]:
    cx, cy, inner, outer = 50.0, 52.0, 25.0, 38.0
    shapes = []
    for i in range(3):
        start = -90 + i * 120 + 12
        end = start + 82
        shapes.append(_ring_sector(cx, cy, inner, outer, start, end))
        shapes.append(
            Polygon(
                (_at(cx, cy, inner - 8, end), _at(cx, cy, outer + 8, end), _at(cx, cy, (inner + outer) / 2, end + 24))
            )
        )
    return tuple(shapes)


def _gear() -> tuple[Primitive, ...]:
    cx, cy, teeth = 50.0, 50.0, 8
    points = []
    for i in range(teeth):
        centre = i * 360 / teeth
        points += [
            _at(cx, cy, 35, centre - 15),
            _at(cx, cy, 46, centre - 9),
            _at(cx, cy, 46, centre + 9),
            _at(cx, cy, 35, centre + 15),
        ]
    return (Polygon(tuple(points)), Circle(cx, cy, 14, BACKGROUND))


def _euro() -> tuple[Primitive, ...]:
    return (
        _ring_sector(56, 50, 26, 37, 42, 318),
        Polygon(((10, 39), (66, 39), (63, 47), (10, 47))),
        Polygon(((10, 53), (61, 53), (58, 61), (10, 61))),
    )


def _chip() -> tuple[Primitive, ...]:
    pins = []
    for offset in (31, 42.5, 54, 65.5):
        pins += [Rect(offset, 12, 5, 16), Rect(offset, 72, 5, 16), Rect(12, offset, 16, 5), Rect(72, offset, 16, 5)]
    return (
        *pins,
        Rect(24, 24, 52, 52, radius=6),
        Rect(34, 34, 32, 32, BACKGROUND, radius=3),
        Rect(40, 40, 20, 20, radius=2),
    )


def _screen() -> tuple[Primitive, ...]:
    return (
        Rect(6, 14, 88, 58, radius=6),
        Rect(13, 21, 74, 44, BACKGROUND, radius=2),
        Rect(24, 48, 10, 11),
        Rect(39, 39, 10, 20),
        Rect(54, 30, 10, 29),
        Rect(69, 44, 10, 15),
        Polygon(((43, 72), (57, 72), (60, 83), (40, 83))),
        Rect(27, 82, 46, 7, radius=3.5),
    )


def _hands() -> tuple[Primitive, ...]:
    """A handshake: two sleeves, the clasped hands between them, curled fingers along the bottom."""
    top = [(21, 40), (30, 35), (42, 31), (56, 30), (68, 33), (80, 40), (81, 55), (75, 58)]
    fingertips = []
    for cx in (64.5, 54, 43.5, 33):
        fingertips += _arc(cx, 58, 5.2, 0, 180, 8)
    hands = Polygon(tuple(top + fingertips + [(24, 58)]))
    between_fingers = tuple(_bar(x, 64, x + 2, 51, 2.6, BACKGROUND) for x in (59.2, 48.7, 38.2))
    knuckles = _bar(27, 51.5, 72, 49, 2.6, BACKGROUND)
    thumb = _bar(40, 41, 62, 36.5, 2.6, BACKGROUND)
    sleeves = []
    for cx, lean in ((13.5, 14), (86.5, -14)):
        sleeves.append(
            Polygon(_turn(((cx - 9, 34), (cx + 9, 34), (cx + 9, 72), (cx - 9, 72)), lean, cx, 53), BACKGROUND)
        )
        sleeves.append(Polygon(_turn(((cx - 6.5, 36), (cx + 6.5, 36), (cx + 6.5, 70), (cx - 6.5, 70)), lean, cx, 53)))
    return (hands, *between_fingers, knuckles, thumb, *sleeves)


def _star() -> tuple[Primitive, ...]:
    points = []
    for i in range(10):
        points.append(_at(50, 54, 47 if i % 2 == 0 else 19, -90 + i * 36))
    return (Polygon(tuple(points)),)


def _book() -> tuple[Primitive, ...]:
    lines = []
    for k in range(4):
        y = 38 + k * 9
        lines += [_bar(14, y, 40, y + 4, 2.6, BACKGROUND), _bar(60, y + 4, 86, y, 2.6, BACKGROUND)]
    return (
        Polygon(((6, 22), (46, 28), (46, 82), (6, 76))),
        Polygon(((54, 28), (94, 22), (94, 76), (54, 82))),
        Polygon(((4, 80), (46, 86), (50, 84), (54, 86), (96, 80), (96, 85), (54, 91), (50, 89), (46, 91), (4, 85))),
        *lines,
    )


def _people() -> tuple[Primitive, ...]:
    """Three people, the one in front cut out from the two behind by a band of background."""
    behind = (Circle(22, 36, 10), _shoulders(22, 76, 19, 26), Circle(78, 36, 10), _shoulders(78, 76, 19, 26))
    gap = (Circle(50, 40, 16, BACKGROUND), _shoulders(50, 86, 30, 34, BACKGROUND))
    front = (Circle(50, 40, 12.5), _shoulders(50, 86, 26, 30))
    return (*behind, *gap, *front)


PICTOGRAMS: dict[str, Pictogram] = {
    p.key: p
    for p in (
        Pictogram("feuille", "Feuille – transition écologique", _leaf()),
        Pictogram("recyclage", "Recyclage – économie circulaire", _recycling()),
        Pictogram("engrenage", "Engrenage – transition économique", _gear()),
        Pictogram("euro", "Euro – économie", _euro()),
        Pictogram("puce", "Puce – transition numérique", _chip()),
        Pictogram("ecran", "Écran – numérique", _screen()),
        Pictogram("mains", "Poignée de main – coopération", _hands()),
        Pictogram("etoile", "Étoile – excellence", _star()),
        Pictogram("livre", "Livre – savoirs", _book()),
        Pictogram("personnes", "Personnes – collectif", _people()),
    )
}

"""The badge image drawn from its spec: a PNG with Pillow and the Source Sans Pro font, and the same design as SVG."""

from __future__ import annotations

import math
import re
import struct
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from xml.sax.saxutils import escape, quoteattr

from font_source_sans_pro import font_files_ttf
from PIL import Image, ImageDraw, ImageFont, features

from .pictograms import ACCENT, PICTOGRAMS, Circle, Pictogram, Point, Polygon, Rect
from .spec import IMAGE_MAX_BYTES, SHAPES, ImageError, ImageSpec

RENDER_SIZES = range(64, 1025)  # pixels; the app uses 400 (the badge) and 200 (thumbnails)

CANVAS = 400  # design units: the SVG viewBox and the layout below
SUPERSAMPLE = 4  # Pillow draws at 4× then downscales: anti-aliased edges and text
# Source Sans Pro, from the font-source-sans-pro package: Latin with every French letter and sign (œ, €, « », ’…)
FONT_FILES = {700: font_files_ttf["SourceSansProBold"], 600: font_files_ttf["SourceSansProSemibold"]}
TITLE_WEIGHT, LEVEL_WEIGHT = 700, 600  # CSS weights: bold for the title, semibold for the level
# Source Sans Pro's vertical metrics, in em: what a line of text takes above and below its baseline (accented
# capitals, descenders), the distance between two baselines, and how far below a line's centre its baseline sits
ASCENT, DESCENT, LINE_HEIGHT, CENTRE_DROP = 0.85, 0.25, 1.15, 0.33
FONT_FAMILY = "'Source Sans Pro', 'Source Sans 3', 'DejaVu Sans', sans-serif"  # the SVG's: the same font first
SVG_NS = "http://www.w3.org/2000/svg"


# --- composition: the design as a list of marks in a 400×400 box, painted by either renderer -----------------------


@dataclass(frozen=True)
class _Text:
    x: float
    baseline: float
    text: str
    size: float
    fill: str
    weight: int  # a key of FONT_FILES
    width: float  # as Pillow draws it, in design units; 0 when some characters cannot be drawn


Mark = Polygon | Circle | Rect | _Text


def _outline(core: tuple[Point, ...], grow: float) -> tuple[Point, ...]:
    """The boundary of a convex polygon grown by `grow`: edges pushed out, corners rounded."""
    if len(core) == 1:
        ((cx, cy),) = core
        return tuple(
            (cx + grow * math.cos(math.radians(a)), cy + grow * math.sin(math.radians(a))) for a in range(0, 360, 2)
        )
    points = []
    for i, (x, y) in enumerate(core):
        (px, py), (nx, ny) = core[i - 1], core[(i + 1) % len(core)]
        start = math.atan2(-(x - px), y - py)  # outward normal of the edge coming in (clockwise on screen)
        sweep = (math.atan2(-(nx - x), ny - y) - start) % (2 * math.pi)
        steps = max(1, math.ceil(sweep / math.radians(4)))
        points += [
            (x + grow * math.cos(start + sweep * k / steps), y + grow * math.sin(start + sweep * k / steps))
            for k in range(steps + 1)
        ]
    return tuple(points)


# --- text: Source Sans Pro draws every French letter; what it lacks (emoji, other scripts) the PNG leaves out -------


def _font_codepoints(path: str) -> frozenset[int]:
    """The characters a TrueType font maps to a glyph, read from its cmap table (format 12, else format 4)."""
    with open(path, "rb") as file:
        data = file.read()
    tables = {
        data[12 + 16 * i : 16 + 16 * i]: struct.unpack_from(">I", data, 20 + 16 * i)[0]
        for i in range(struct.unpack_from(">H", data, 4)[0])
    }
    cmap = tables[b"cmap"]
    subtables = {}
    for i in range(struct.unpack_from(">H", data, cmap + 2)[0]):
        platform, encoding, offset = struct.unpack_from(">HHI", data, cmap + 4 + 8 * i)
        subtables[platform, encoding] = cmap + offset
    codes: set[int] = set()
    for key in ((3, 10), (0, 4), (0, 6), (3, 1), (0, 3)):  # full Unicode first, then the BMP only
        at = subtables.get(key)
        if at is None:
            continue
        form = struct.unpack_from(">H", data, at)[0]
        if form == 12:
            for g in range(struct.unpack_from(">I", data, at + 12)[0]):
                first, last, glyph = struct.unpack_from(">III", data, at + 16 + 12 * g)
                codes.update(c for c in range(first, last + 1) if glyph + c - first)
            return frozenset(codes)
        if form == 4:
            segments = struct.unpack_from(">H", data, at + 6)[0] // 2
            ends = struct.unpack_from(f">{segments}H", data, at + 14)
            starts = struct.unpack_from(f">{segments}H", data, at + 16 + 2 * segments)
            deltas = struct.unpack_from(f">{segments}h", data, at + 16 + 4 * segments)
            offsets_at = at + 16 + 6 * segments
            offsets = struct.unpack_from(f">{segments}H", data, offsets_at)
            for i in range(segments):
                for c in range(starts[i], min(ends[i], 0xFFFE) + 1):
                    if offsets[i]:
                        glyph = struct.unpack_from(">H", data, offsets_at + 2 * i + offsets[i] + 2 * (c - starts[i]))[0]
                        glyph = (glyph + deltas[i]) % 65536 if glyph else 0
                    else:
                        glyph = (c + deltas[i]) % 65536
                    if glyph:
                        codes.add(c)
            return frozenset(codes)
    raise ValueError(f"{path}: no Unicode cmap of format 4 or 12")


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    """What both faces map to a glyph."""
    return frozenset.intersection(*(_font_codepoints(path) for path in FONT_FILES.values()))


_SAME_GLYPH = {"\u2010": "-", "\u2011": "-"}  # hyphens the font lacks, drawn exactly like its hyphen-minus
_SHAPED = features.check("raqm")  # HarfBuzz: draws a letter missing from the cmap from its base and accents


@lru_cache(maxsize=4096)
def _glyph(char: str) -> str:
    """What the PNG draws for one character: itself, its look-alike, or "" when the font cannot draw it."""
    if ord(char) in _covered():
        return char
    if char in _SAME_GLYPH:
        return _SAME_GLYPH[char]
    parts = unicodedata.normalize("NFD", char)
    return char if _SHAPED and parts != char and all(ord(part) in _covered() for part in parts) else ""


def _invisible(char: str) -> bool:
    """White space and invisible format characters (joiners, variation selectors): never reported as missing."""
    code = ord(char)
    return (
        char.isspace() or unicodedata.category(char) == "Cf" or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF
    )


@lru_cache(maxsize=1024)
def _drawable(text: str) -> str:
    """The text as the PNG draws it: characters the font lacks left out (a space it lacks becomes a plain space),
    so are combining marks with no letter to sit on (the shaper would add a dotted circle), then spaces trimmed
    and runs of plain spaces collapsed."""
    kept, base = [], False
    for char in text:
        glyph, mark = _glyph(char), unicodedata.category(char).startswith("M")
        if char.isspace():
            kept.append(glyph or " ")
            base = False
        elif glyph and (base or not mark):
            kept.append(glyph)
            base = True
        elif not mark:
            base = False
    return re.sub(" {2,}", " ", "".join(kept)).strip(" ")


def not_drawn_in_png(text: str) -> str:
    """The characters of a title or level the PNG leaves out (emoji, other scripts); the SVG keeps them all."""
    return "".join(dict.fromkeys(c for c in text if not _glyph(c) and not _invisible(c)))


@lru_cache(maxsize=256)
def _font(weight: int, pixels: float) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(FONT_FILES[weight], max(1.0, pixels))


def _measure(text: str, size: float, weight: int) -> float:
    """Width in design units of one line as Pillow draws it, measured at the supersampled size."""
    return _font(weight, size * SUPERSAMPLE).getlength(_drawable(text)) / SUPERSAMPLE


def _fits(text: str, size: float, weight: int, width: float) -> bool:
    return _measure(text, size, weight) + size * 0.05 <= width


def _ellipsised(text: str, size: float, weight: int, width: float) -> str:
    while text and not _fits(text + "…", size, weight, width):
        text = text[:-1]
    return text.rstrip() + "…"


def _baselines(centre_y: float, size: float, count: int) -> list[float]:
    return [centre_y + (i - (count - 1) / 2) * size * LINE_HEIGHT + size * CENTRE_DROP for i in range(count)]


def _fit(
    text: str, centre_y: float, room, largest: int, smallest: int, max_lines: int, weight: int
) -> tuple[int, list[str]]:
    """The largest size at which the text fits in `max_lines` lines (breaking at spaces, lines balanced);
    `room(top, bottom)` is the width free between two heights."""

    def widths(size, count):
        return [room(b - size * ASCENT, b + size * DESCENT) for b in _baselines(centre_y, size, count)]

    def fits(line, size, width):
        return _fits(line, size, weight, width)

    def balanced(splits, size):
        return list(min(splits, key=lambda s: max(_measure(s[0], size, weight), _measure(s[1], size, weight))))

    words, fallback = text.split(" "), None
    for size in range(largest, smallest - 1, -1):
        if fits(text, size, widths(size, 1)[0]):
            return size, [text]
        if max_lines >= 2:
            first, second = widths(size, 2)
            splits = [(" ".join(words[:i]), " ".join(words[i:])) for i in range(1, len(words))]
            fitting = [s for s in splits if fits(s[0], size, first) and fits(s[1], size, second)]
            # French typography: no line opens with « : ; ! ? » » nor closes with « « » (typed with plain spaces);
            # a smaller size first, such a break only if nothing else fits
            good = [s for s in fitting if s[1][0] not in ":;!?»" and s[0][-1] != "«"]
            if good:
                return size, balanced(good, size)
            if fitting and fallback is None:
                fallback = size, balanced(fitting, size)
    if fallback:
        return fallback
    # a word too long even at the smallest size: break anywhere, then shorten what is left
    if max_lines == 1:
        return smallest, [_ellipsised(text, smallest, weight, widths(smallest, 1)[0])]
    first, second = widths(smallest, 2)
    cut = len(text)
    while cut > 1 and not fits(text[:cut], smallest, first):
        cut -= 1
    rest = text[cut:].strip()
    if not rest:
        return smallest, [text]
    return smallest, [
        text[:cut].strip(),
        rest if fits(rest, smallest, second) else _ellipsised(rest, smallest, weight, second),
    ]


def _text_block(
    text: str, centre_y: float, room, largest: int, smallest: int, max_lines: int, fill: str, weight: int
) -> list[_Text]:
    size, lines = _fit(text, centre_y, room, largest, smallest, max_lines, weight)
    return [
        _Text(
            CANVAS / 2,
            baseline,
            line,
            size,
            fill,
            weight,
            0.0 if not_drawn_in_png(line) else _measure(line, size, weight),
        )
        for baseline, line in zip(_baselines(centre_y, size, len(lines)), lines, strict=True)
    ]


def _span(outline: tuple[Point, ...], y: float) -> float:
    """The width of a convex outline at height y (0 outside it)."""
    xs = [
        x0 + (y - y0) * (x1 - x0) / (y1 - y0)
        for (x0, y0), (x1, y1) in zip(outline, outline[1:] + outline[:1], strict=True)
        if y0 != y1 and min(y0, y1) <= y <= max(y0, y1)
    ]
    return max(xs) - min(xs) if xs else 0.0


def _place(pictogram: Pictogram, centre_y: float, side: float, colours: dict[str, str]) -> list[Mark]:
    """The pictogram's 100×100 box scaled to `side` and centred horizontally at `centre_y`."""
    k, x0, y0 = side / 100, CANVAS / 2 - side / 2, centre_y - side / 2
    marks: list[Mark] = []
    for shape in pictogram.shapes:
        fill = colours[shape.fill]
        if isinstance(shape, Polygon):
            marks.append(Polygon(tuple((x0 + x * k, y0 + y * k) for x, y in shape.points), fill))
        elif isinstance(shape, Circle):
            marks.append(Circle(x0 + shape.cx * k, y0 + shape.cy * k, shape.r * k, fill))
        else:
            marks.append(
                Rect(x0 + shape.x * k, y0 + shape.y * k, shape.width * k, shape.height * k, fill, shape.radius * k)
            )
    return marks


def _shade(colour: str, factor: float) -> str:
    return "#" + "".join(f"{round(int(colour[i : i + 2], 16) * factor):02X}" for i in (1, 3, 5))


def _ribbon(spec: ImageSpec) -> list[Mark]:
    tail, fold = _shade(spec.accent, 0.72), _shade(spec.accent, 0.5)
    top, bottom, drop = 270.0, 320.0, 16.0
    marks: list[Mark] = []
    for side in (1, -1):  # the left tail, then its mirror image

        def x(value, side=side):
            return value if side == 1 else CANVAS - value

        marks.append(
            Polygon(
                (
                    (x(14), top + drop),
                    (x(64), top + drop),
                    (x(64), bottom + drop),
                    (x(14), bottom + drop),
                    (x(30), (top + bottom) / 2 + drop),
                ),
                tail,
            )
        )
        marks.append(Polygon(((x(46), bottom), (x(64), bottom), (x(64), bottom + drop)), fold))
    marks.append(Polygon(((46, top), (354, top), (354, bottom), (46, bottom)), spec.accent))
    marks += _text_block(
        spec.level, (top + bottom) / 2, lambda *_: 280, 24, 12, 1, spec.ribbon_text_colour, LEVEL_WEIGHT
    )
    return marks


def _compose(spec: ImageSpec) -> list[Mark]:
    """The whole design, back to front, in design units (a 400×400 box)."""
    core, grow = SHAPES[spec.shape]
    marks: list[Mark] = [
        Polygon(_outline(core, grow), spec.accent),  # the border ring…
        Polygon(_outline(core, grow - 14), spec.background),  # …its inside…
        Polygon(_outline(core, grow - 19), spec.accent),  # …and a fine inner line
        Polygon(_outline(core, grow - 22), spec.background),
    ]
    if spec.title and spec.level:
        picto_y, picto_side, title_y = 120, 108, 216
    elif spec.title:
        picto_y, picto_side, title_y = 138, 128, 258
    elif spec.level:
        picto_y, picto_side, title_y = 158, 160, 0
    else:
        picto_y, picto_side, title_y = 200, 190, 0
    colours = {ACCENT: spec.accent, "background": spec.background}
    marks += _place(PICTOGRAMS[spec.pictogram], picto_y, picto_side, colours)
    if spec.title:
        inside = _outline(core, grow - 22)

        def room(top, bottom):  # keep clear of the inner line, wherever the shape narrows
            return min(256, _span(inside, top) - 36, _span(inside, bottom) - 36)

        marks += _text_block(spec.title, title_y, room, 32, 15, 2, spec.text_colour, TITLE_WEIGHT)
    if spec.level:
        marks += _ribbon(spec)
    return marks


# --- PNG --------------------------------------------------------------------------------------------------------------


def render_png(spec: ImageSpec, size: int = 400) -> bytes:
    """A square RGBA PNG, transparent outside the badge, at most IMAGE_MAX_BYTES."""
    if not isinstance(size, int) or size not in RENDER_SIZES:
        raise ImageError("bad_size", f"size must be an integer from {RENDER_SIZES.start} to {RENDER_SIZES.stop - 1}")
    scale = size * SUPERSAMPLE / CANVAS
    canvas = Image.new("RGBA", (size * SUPERSAMPLE,) * 2, (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    for mark in _compose(spec):
        if isinstance(mark, Polygon):
            draw.polygon([(x * scale, y * scale) for x, y in mark.points], fill=mark.fill)
        elif isinstance(mark, Circle):
            draw.ellipse(
                [
                    (mark.cx - mark.r) * scale,
                    (mark.cy - mark.r) * scale,
                    (mark.cx + mark.r) * scale,
                    (mark.cy + mark.r) * scale,
                ],
                fill=mark.fill,
            )
        elif isinstance(mark, Rect):
            box = [mark.x * scale, mark.y * scale, (mark.x + mark.width) * scale, (mark.y + mark.height) * scale]
            draw.rounded_rectangle(box, radius=mark.radius * scale, fill=mark.fill)
        else:
            _paint_text(draw, mark, scale)
    image = canvas.resize((size, size), Image.Resampling.LANCZOS)
    data = png_bytes(image)
    if len(data) > IMAGE_MAX_BYTES:  # never seen with flat colours; a palette keeps us within the limit
        data = png_bytes(image.quantize(256, method=Image.Quantize.FASTOCTREE))
    if len(data) > IMAGE_MAX_BYTES:
        raise ImageError("too_large", f"rendered PNG is {len(data)} bytes")
    return data


def _paint_text(draw: ImageDraw.ImageDraw, mark: _Text, scale: float) -> None:
    """One line, centred on mark.x, in the real font (kerning kept); what the font lacks is left out."""
    text = _drawable(mark.text)
    if text:
        draw.text(
            (mark.x * scale, mark.baseline * scale),
            text,
            font=_font(mark.weight, mark.size * scale),
            fill=mark.fill,
            anchor="ms",
        )


def png_bytes(image: Image.Image, **options) -> bytes:
    """The image encoded as an optimised PNG."""
    out = BytesIO()
    image.save(out, "PNG", optimize=True, **options)
    return out.getvalue()


# --- SVG --------------------------------------------------------------------------------------------------------------


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg_mark(mark: Mark) -> str:
    if isinstance(mark, Polygon):
        return f'<polygon points="{" ".join(f"{_n(x)},{_n(y)}" for x, y in mark.points)}" fill="{mark.fill}"/>'
    if isinstance(mark, Circle):
        return f'<circle cx="{_n(mark.cx)}" cy="{_n(mark.cy)}" r="{_n(mark.r)}" fill="{mark.fill}"/>'
    if isinstance(mark, Rect):
        return (
            f'<rect x="{_n(mark.x)}" y="{_n(mark.y)}" width="{_n(mark.width)}" height="{_n(mark.height)}" '
            f'rx="{_n(mark.radius)}" fill="{mark.fill}"/>'
        )
    # the width Pillow measured: a fallback font is squeezed to the PNG's layout instead of spilling out
    length = f' textLength="{_n(mark.width)}" lengthAdjust="spacingAndGlyphs"' if mark.width else ""
    return (
        f'<text x="{_n(mark.x)}" y="{_n(mark.baseline)}" font-size="{_n(mark.size)}" '
        f'font-weight="{mark.weight}" fill="{mark.fill}"{length}>{escape(mark.text)}</text>'
    )


def render_svg(spec: ImageSpec) -> str:
    """The same design as an SVG document (viewBox 0 0 400 400), self-contained."""
    name = " – ".join(part for part in (spec.title, spec.level) if part) or PICTOGRAMS[spec.pictogram].label
    return "\n".join(
        [
            f'<svg xmlns="{SVG_NS}" width="{CANVAS}" height="{CANVAS}" viewBox="0 0 {CANVAS} {CANVAS}" role="img" '
            f"aria-label={quoteattr(name)}>",
            f"<title>{escape(name)}</title>",
            f'<g font-family={quoteattr(FONT_FAMILY)} text-anchor="middle">',
            *(_svg_mark(mark) for mark in _compose(spec)),
            "</g>",
            "</svg>",
            "",
        ]
    )

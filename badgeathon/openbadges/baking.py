"""Badge baking: the BadgeClass URL written into, and read back from, a PNG's uncompressed iTXt "openbadges" chunk."""
from io import BytesIO

from PIL import Image, PngImagePlugin

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
KEYWORD = "openbadges"


def require_png(data: bytes) -> None:
    if not data.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG image")


def bake(png: bytes, url: str) -> bytes:
    """The same picture with the URL baked in; the other text chunks are kept, an earlier badge URL is replaced."""
    require_png(png)
    with Image.open(BytesIO(png)) as image:
        info = PngImagePlugin.PngInfo()
        for key, value in image.text.items():
            if key != KEYWORD:
                info.add_text(key, value)
        info.add_itxt(KEYWORD, url, zip=False)
        out = BytesIO()
        image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def baked_url(png: bytes) -> str | None:
    """The URL baked into the PNG, or None."""
    require_png(png)
    with Image.open(BytesIO(png)) as image:
        value = image.text.get(KEYWORD)
    return str(value) if value is not None else None

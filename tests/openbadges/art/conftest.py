"""Helpers of the badge image core's tests: a spec with a few fields changed, a PNG opened and decoded."""

from io import BytesIO

from PIL import Image

from badgeathon.openbadges.art.spec import ImageSpec

SVG = "{http://www.w3.org/2000/svg}"  # the SVG namespace as ElementTree writes it in a tag


def spec(**changes) -> ImageSpec:
    values = {
        "shape": "cercle",
        "background": "#17365D",
        "accent": "#F2B52E",
        "pictogram": "feuille",
        "title": "Badge numérique",
        "level": "Je pratique",
    }
    return ImageSpec.from_dict({**values, **changes})


def opened(data: bytes) -> Image.Image:
    image = Image.open(BytesIO(data))
    image.load()
    return image

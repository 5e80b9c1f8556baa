"""Image use cases: render the designer's badge, check an upload, keep the image and put it in the design."""

import hashlib
import json

from flask_babel import lazy_gettext as _l

from .. import safe_json
from ..errors import BadgeathonError, NotFound
from ..extensions import db
from ..openbadges.art.render import render_png, render_svg
from ..openbadges.art.spec import ImageError, ImageSpec
from ..openbadges.art.upload import check_upload
from . import document
from .access import Access, DesignLocked
from .models import Design, DesignImage
from .versions import server_edit
from .view import DesignView

IMAGE_REASONS = {
    "not_a_mapping": _l("Les réglages de l'image sont illisibles."),
    "unknown_field": _l("Les réglages de l'image sont illisibles."),
    "unknown_shape": _l("Cette forme n'existe pas."),
    "bad_colour": _l("Choisissez des couleurs au format #RRVVBB."),
    "unknown_pictogram": _l("Ce pictogramme n'existe pas."),
    "bad_text": _l("Le texte de l'image contient des caractères interdits."),
    "title_too_long": _l("Le titre de l'image est trop long (40 caractères au plus)."),
    "level_too_long": _l("Le texte du niveau est trop long (30 caractères au plus)."),
    "not_an_image": _l("Ce fichier n'est pas une image PNG ou SVG."),
    "unsupported_format": _l("Format refusé : Open Badges accepte le PNG ou le SVG (pas le JPEG, GIF ou WebP)."),
    "too_large": _l("L'image dépasse 250 ko, la limite d'Open Badge Factory."),
    "corrupt_image": _l("L'image est abîmée et ne peut pas être lue."),
    "too_many_pixels": _l("L'image est trop grande (4096 × 4096 pixels au plus)."),
    "not_square": _l("L'image doit être carrée."),
    "too_small": _l("L'image est trop petite (90 × 90 pixels au moins)."),
    "bad_svg": _l("Ce SVG est mal formé."),
    "svg_doctype": _l("Ce SVG contient des déclarations interdites (DOCTYPE, entités)."),
    "external_reference": _l("Ce SVG charge des ressources extérieures : intégrez-les ou retirez-les."),
    "bad_size": _l("Taille d'image non prévue."),
}


class ImageRefused(BadgeathonError):
    code = "image_refused"
    status = 422


def _refused(error: ImageError) -> ImageRefused:
    return ImageRefused(IMAGE_REASONS.get(error.reason, IMAGE_REASONS["not_an_image"]))


def spec_from(values: dict) -> ImageSpec:
    try:
        return ImageSpec.from_dict(values)
    except ImageError as error:
        raise _refused(error) from error


def preview(values: dict, size: int = 200) -> bytes:
    return render_png(spec_from(values), size)


def _image_row(design_id: int, mime: str, data: bytes, small_png: bytes | None) -> dict:
    """The image's DesignImage values, keyed by its content hash: written with the edit that names it (see
    `server_edit`), never before it."""
    return {
        "design_id": design_id,
        "sha256": hashlib.sha256(data).hexdigest(),
        "mime": mime,
        "data": data,
        "small_png": small_png,
    }


def _use(access: Access, row: dict, image: dict) -> dict:
    image = {"source": image["source"], "sha256": row["sha256"], **image}
    server_edit(access, lambda doc: document.edit_image(doc, image), images=(row,))
    return image


def use_designed_image(access: Access, values: dict) -> dict:
    """Render the designer's badge (PNG 400 and 200, SVG on demand) and make it the design's image."""
    if access.readonly:
        raise DesignLocked()
    spec = spec_from(values)
    try:
        png = render_png(spec, 400)
        small = render_png(spec, 200)
    except ImageError as error:
        raise _refused(error) from error
    return _use(
        access,
        _image_row(access.design_id, "image/png", png, small),
        {
            "source": "designer",
            "mime": "image/png",
            "width": 400,
            "height": 400,
            "bytes": len(png),
            "spec": json.dumps(spec.to_dict(), ensure_ascii=False),
        },
    )


def use_uploaded_image(access: Access, data: bytes, filename: str) -> dict:
    """Check an uploaded PNG or SVG (real image, limits, no bomb, SVG sanitised) and make it the design's image."""
    if access.readonly:
        raise DesignLocked()
    try:
        uploaded = check_upload(data, filename)
    except ImageError as error:
        raise _refused(error) from error
    return _use(
        access,
        _image_row(access.design_id, uploaded.mime, uploaded.data, None),
        {
            "source": "upload",
            "mime": uploaded.mime,
            "width": uploaded.width,
            "height": uploaded.height,
            "bytes": uploaded.bytes,
            "spec": "",
        },
    )


def image_of(design_id: int, sha256: str, size: int = 400, fmt: str = "png") -> tuple[bytes, str]:
    """The bytes of a kept image: the PNG (400, or 200 when asked), or the designer's SVG."""
    image = db.session.execute(
        db.select(DesignImage).filter_by(design_id=design_id, sha256=sha256)
    ).scalar_one_or_none()
    if image is None:
        raise NotFound()
    if fmt == "svg":
        if image.mime == "image/svg+xml":
            return image.data, image.mime
        image = db.session.get(Design, design_id).view.image
        spec = image.spec if image is not None and image.sha256 == sha256 else None
        if not spec:
            raise NotFound()
        try:  # the spec is text of the design document, which any member's browser may write
            values = safe_json.loads(spec)
        except ValueError:
            raise NotFound() from None
        if not isinstance(values, dict):
            raise NotFound()
        return render_svg(spec_from(values)).encode("utf-8"), "image/svg+xml"
    if size == 200 and image.small_png:
        return image.small_png, "image/png"
    return image.data, image.mime


def current_spec(view: DesignView) -> dict:
    """The designer's settings of the design's image, or a starting point made from the badge's name."""
    if view.image is not None and view.image.spec:
        try:
            spec = safe_json.loads(view.image.spec)
        except ValueError:
            spec = None
        if isinstance(spec, dict):
            return spec
    return dict(ImageSpec().to_dict(), title=view.name[:40])

"""The image of a design: composed with the designer or uploaded, checked, kept, shown to whom may see it."""

import io
import uuid

import pytest
from PIL import Image

from badgeathon.extensions import db
from badgeathon.workshop.models import Design

from .conftest import drain

SPEC = {
    "shape": "cercle",
    "background": "#17365D",
    "accent": "#F2B52E",
    "pictogram": "feuille",
    "title": "Éco-gestes",
    "level": "Je pratique",
}


def view_of(app, design_id):
    drain(app)
    with app.app_context():
        view = (
            db.session.execute(db.select(Design.view).filter_by(public_id=uuid.UUID(design_id))).scalar_one().to_json()
        )
        db.session.remove()
    return view


def png(width, height, fmt="PNG"):
    out = io.BytesIO()
    Image.new("RGBA" if fmt == "PNG" else "RGB", (width, height), (0, 72, 124)).save(out, fmt)
    return out.getvalue()


def test_the_designer_previews_then_puts_its_image_in_the_design_for_everyone(app, design_phase, peer):
    alice = peer(design=design_phase, name="Alice")
    bruno = peer(design=design_phase, name="Bruno")
    web = alice.socket.flask_test_client

    preview = web.post(f"/designs/{design_phase}/image/preview", data=SPEC)
    assert preview.status_code == 200 and preview.headers["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(preview.data)).size == (200, 200)

    used = web.post(f"/designs/{design_phase}/image/design", data=SPEC)
    assert used.status_code == 200
    image = used.json["image"]
    assert image["mime"] == "image/png" and image["width"] == 400 and image["bytes"] <= 250 * 1024
    bruno.receive()
    assert str(bruno.map["image"]["sha256"]) == image["sha256"]  # the teammate's document has it
    assert view_of(app, design_phase)["image"]["sha256"] == image["sha256"]

    big = web.get(f"/designs/{design_phase}/image/{image['sha256']}.png")
    small = web.get(f"/designs/{design_phase}/image/{image['sha256']}.png?size=200")
    svg = web.get(f"/designs/{design_phase}/image/{image['sha256']}.svg")
    assert Image.open(io.BytesIO(big.data)).size == (400, 400)
    assert Image.open(io.BytesIO(small.data)).size == (200, 200)
    assert svg.headers["Content-Type"] == "image/svg+xml" and b"<svg" in svg.data


def test_bad_designer_settings_are_refused_in_french(design_phase, peer):
    web = peer(design=design_phase).socket.flask_test_client
    response = web.post(
        f"/designs/{design_phase}/image/design",
        data=dict(SPEC, background="rouge"),
        headers={"Accept": "application/json"},
    )
    assert response.status_code == 422
    assert "couleurs" in response.json["message"]


def test_an_uploaded_square_png_becomes_the_image_and_bad_files_are_refused(app, design_phase, peer):
    web = peer(design=design_phase).socket.flask_test_client

    def upload(data, name):
        return web.post(
            f"/designs/{design_phase}/image/upload",
            data={"file": (io.BytesIO(data), name)},
            headers={"Accept": "application/json"},
            content_type="multipart/form-data",
        )

    assert upload(png(300, 300), "badge.png").status_code == 200
    assert view_of(app, design_phase)["image"]["source"] == "upload"
    assert "carrée" in upload(png(300, 200), "large.png").json["message"]
    assert "JPEG" in upload(png(300, 300, "JPEG")[:], "photo.jpg").json["message"]
    assert upload(b"not an image at all", "faux.png").status_code == 422
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100"><script>alert(1)</script>'
        b'<circle cx="50" cy="50" r="40"/></svg>'
    )
    assert upload(svg, "badge.svg").status_code == 200
    image = view_of(app, design_phase)["image"]
    served = web.get(f"/designs/{design_phase}/image/{image['sha256']}.svg")
    assert b"script" not in served.data and "sandbox" in served.headers["Content-Security-Policy"]


def test_another_team_and_the_projector_before_the_pitches_cannot_see_the_image(app, design_phase, peer, world):
    web = peer(design=design_phase).socket.flask_test_client
    image = web.post(f"/designs/{design_phase}/image/design", data=SPEC).json["image"]
    stranger = peer(role="other-team", name="Voisine", design=design_phase, join=False).socket.flask_test_client
    assert stranger.get(f"/designs/{design_phase}/image/{image['sha256']}.png").status_code == 404
    screen = app.test_client()
    url = f"/screen/{world.screen_token}/designs/{design_phase}/image/{image['sha256']}.png"
    assert screen.get(url).status_code == 404


def test_an_image_is_kept_only_with_the_edit_that_names_it(app, design_phase, peer, monkeypatch):
    """The image's row is written in the transaction of the edit that puts it in the design: while that edit cannot
    be written, no image is kept either; once it is, both are."""
    import sqlalchemy as sa

    from badgeathon.workshop import store
    from badgeathon.workshop.models import DesignImage

    def images():
        with app.app_context():
            found = db.session.execute(db.select(DesignImage.sha256)).scalars().all()
            db.session.remove()
        return found

    web = peer(design=design_phase, name="Alice").socket.flask_test_client

    def away(self, batch):
        raise sa.exc.OperationalError("INSERT", {}, Exception("the database is away"))

    monkeypatch.setattr(store.Store, "_write", away)
    with pytest.raises(sa.exc.OperationalError):  # the test client lets the server's error through
        web.post(f"/designs/{design_phase}/image/design", data=SPEC)
    assert images() == []
    monkeypatch.undo()
    drain(app)  # the queued edit is written, with its image
    assert images() == [view_of(app, design_phase)["image"]["sha256"]]

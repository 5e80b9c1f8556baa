"""The design's plain view: one frozen DesignView, its JSON (stored and sent to browsers), every older shape read,
and the round trips through the CRDT document and the database."""

import dataclasses
import json

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from badgeathon.extensions import db
from badgeathon.workshop import document
from badgeathon.workshop.models import Design
from badgeathon.workshop.view import (
    ALIGNMENT_FIELDS,
    FIELDS,
    MAX_TAGS,
    SCALAR_FIELDS,
    TEXT_FIELDS,
    Alignment,
    Criteria,
    DesignView,
    ImageRef,
)

# The JSON's shape, as the pages' scripts and every stored view have it (view.json, Design.view, DesignVersion.view)
JSON_KEYS = [
    "name",
    "description",
    "criteria",
    "theme",
    "competency",
    "audience",
    "evidence",
    "assessment",
    "alignments",
    "tags",
    "earning_path",
    "image",
    "image_alt",
    "pitch",
]
IMAGE_KEYS = ["source", "sha256", "mime", "width", "height", "bytes", "spec"]

# what Yrs stores: no lone surrogates
text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=30)
alignments = st.builds(Alignment, *(text for _ in ALIGNMENT_FIELDS))
images = st.one_of(
    st.none(),
    st.builds(
        ImageRef,
        source=st.sampled_from(["designer", "upload"]),
        sha256=st.text("0123456789abcdef", min_size=64, max_size=64),
        mime=st.sampled_from(["image/png", "image/svg+xml"]),
        width=st.integers(0, 4096),
        height=st.integers(0, 4096),
        bytes=st.integers(0, 10**6),
        spec=text,
    ),
)
views = st.builds(
    DesignView,
    **{name: text for name in (*TEXT_FIELDS, *SCALAR_FIELDS) if not name.startswith("criteria_")},
    criteria=st.builds(Criteria, text, text),
    alignments=st.lists(alignments, max_size=4).map(tuple),
    tags=st.lists(text, max_size=5).map(tuple),
    image=images,
)


def test_the_view_is_frozen_and_its_empty_json_has_the_shape_pages_read():
    view = DesignView()
    with pytest.raises(dataclasses.FrozenInstanceError):
        view.name = "x"
    assert list(view.to_json()) == JSON_KEYS
    assert view.to_json()["criteria"] == {"level1": "", "level2": ""} and view.to_json()["image"] is None
    assert list(ImageRef().to_json()) == IMAGE_KEYS
    assert list(Alignment().to_json()) == list(ALIGNMENT_FIELDS)


def test_the_fields_are_the_views_attributes_in_the_forms_order():
    attributes = {field.name for field in dataclasses.fields(DesignView)}
    assert attributes == {name for name in FIELDS if not name.startswith("criteria_")} | {"criteria"}
    assert [name for name in FIELDS if name.startswith("criteria_")] == ["criteria_level1", "criteria_level2"]
    view = DesignView(name="N", theme="T", criteria=Criteria("un", "deux"))
    assert [view.text(name) for name in ("name", "theme", "criteria_level1", "criteria_level2")] == [
        "N",
        "T",
        "un",
        "deux",
    ]
    with pytest.raises(KeyError):
        view.text("tags")
    assert view.with_texts(criteria_level2="trois", pitch="P") == dataclasses.replace(
        view, criteria=Criteria("un", "trois"), pitch="P"
    )


@settings(max_examples=150, deadline=None)
@given(view=views)
def test_a_view_survives_its_json(view):
    assert DesignView.from_json(view.to_json()) == view
    assert DesignView.from_json(json.loads(json.dumps(view.to_json()))) == view


@settings(max_examples=100, deadline=None)
@given(view=views)
def test_a_view_written_into_a_document_reads_back_the_same(view):
    doc = document.load(document.new_document())
    document.edit_to_match(doc, view)
    assert document.to_view(doc) == view
    again = document.load(doc.get_update())
    assert document.to_view(again) == view
    state = again.get_state()
    document.edit_to_match(again, view)
    assert again.get_state() == state  # nothing left to change


@pytest.mark.parametrize(
    "stored, expected",
    [
        ({}, DesignView()),
        (None, DesignView()),
        ("not a view", DesignView()),
        ({"name": "Éco", "image": None, "criteria": None, "tags": None, "alignments": None}, DesignView(name="Éco")),
        ({"criteria": {"level1": "Je trie"}}, DesignView(criteria=Criteria(level1="Je trie"))),
        (
            {"name": 3, "theme": None, "tags": ["tri", 4, None, ""], "alignments": [None, "x", {"targetName": "ESCO"}]},
            DesignView(tags=("tri", ""), alignments=(Alignment(), Alignment(), Alignment(targetName="ESCO"))),
        ),
        (
            {"image": {"sha256": "ab", "width": 512.0, "height": "512", "bytes": True}},
            DesignView(image=ImageRef(sha256="ab", width=512, height=None, bytes=None)),
        ),
        ({"image": {}}, DesignView()),
        ({"pitch": "P", "unexpected": [1, 2]}, DesignView(pitch="P")),
    ],
    ids=[
        "empty",
        "none",
        "not an object",
        "none values",
        "one level",
        "wrong types",
        "image numbers",
        "empty image",
        "unknown key",
    ],
)
def test_every_older_or_odd_view_reads_without_losing_what_is_written(stored, expected):
    assert DesignView.from_json(stored) == expected


def test_nothing_a_team_wrote_is_dropped_however_many_there_are():
    stored = {
        "tags": [f"mot {i}" for i in range(MAX_TAGS + 5)],
        "alignments": [{"targetName": f"Cible {i}"} for i in range(30)],
    }
    view = DesignView.from_json(stored)
    assert len(view.tags) == MAX_TAGS + 5 and len(view.alignments) == 30
    doc = document.load(document.new_document())
    document.edit_to_match(doc, view)
    assert document.to_view(doc) == view


def test_the_view_a_new_document_gives_is_the_empty_one():
    assert document.to_view(document.load(document.new_document())) == DesignView()


def test_design_view_is_stored_as_the_same_json_and_read_back_as_a_design_view(app, world):
    with app.app_context():
        design = db.session.execute(db.select(Design)).scalars().first()
        view = DesignView(
            name="Éco-gestes",
            tags=("tri",),
            alignments=(Alignment(targetName="ESCO"),),
            image=ImageRef(
                source="designer", sha256="ab" * 32, mime="image/png", width=400, height=400, bytes=1200, spec="{}"
            ),
        )
        design.view = view
        db.session.commit()
        stored = db.session.execute(sa.text("SELECT view FROM design WHERE id = :id"), {"id": design.id}).scalar_one()
        stored = stored if isinstance(stored, dict) else json.loads(stored)
        assert stored == view.to_json()
        db.session.expire_all()
        assert db.session.get(Design, design.id).view == view
        assert db.session.execute(db.select(Design.view).where(Design.id == design.id)).scalar_one() == view
        # a view an older version of the code wrote reads too
        db.session.execute(
            sa.text("UPDATE design SET view = :view WHERE id = :id"),
            {"view": json.dumps({"name": "Ancien", "image": None}), "id": design.id},
        )
        db.session.commit()
        db.session.expire_all()
        assert db.session.get(Design, design.id).view == DesignView(name="Ancien")
        with pytest.raises(sa.exc.StatementError):
            design.view = {"name": "un dict"}
            db.session.flush()
        db.session.rollback()
        db.session.remove()

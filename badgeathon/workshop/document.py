"""The design document: the CRDT a team co-writes (one Y.Map of Y.Text and Y.Array), read as its plain view
(`view.DesignView`), and edits made on the server (restore) as text diffs rather than rewrites (pure: pycrdt only, no
Flask, no database)."""

from difflib import SequenceMatcher

from pycrdt import Array, Doc, Map, Text, merge_updates

from .view import ALIGNMENT_FIELDS, LEVELS, SCALAR_FIELDS, TEXT_FIELDS, Alignment, Criteria, DesignView, ImageRef

ROOT = "design"


def new_document() -> bytes:
    """The first update of every design: the whole structure, made once, so that no two clients ever create the
    same field concurrently (which would make one of them vanish)."""
    doc = Doc()
    design = doc.get(ROOT, type=Map)
    with doc.transaction():
        for field in TEXT_FIELDS:
            design[field] = Text()
        design["alignments"] = Array()
        design["tags"] = Array()
        for field in SCALAR_FIELDS:
            design[field] = ""
        design["image"] = Map()
    return doc.get_update()


def load(*updates: bytes) -> Doc:
    doc = Doc()
    for update in updates:
        if update:
            doc.apply_update(update)
    return doc


def merge(*updates: bytes) -> bytes:
    """One update equivalent to all of them (compaction of the log into a snapshot)."""
    present = [u for u in updates if u]
    if not present:
        return b""
    return merge_updates(*present) if len(present) > 1 else present[0]


def _text(value) -> str:
    return str(value) if value is not None else ""


def to_view(doc: Doc) -> DesignView:
    """The plain view of the design: what the jury, the checklist and the export read (never the CRDT)."""
    design = doc.get(ROOT, type=Map)
    data = {key: design[key] for key in design}

    def text(key):
        value = data.get(key)
        return str(value) if isinstance(value, Text) else _text(value)

    alignments = ()
    if isinstance(data.get("alignments"), Array):
        alignments = tuple(
            Alignment(*(_text(entry.get(field)) for field in ALIGNMENT_FIELDS))
            for entry in data["alignments"]
            if isinstance(entry, Map)
        )
    tags = tuple(str(tag) for tag in data["tags"]) if isinstance(data.get("tags"), Array) else ()
    image = None
    if isinstance(data.get("image"), Map) and data["image"].get("sha256"):
        raw = data["image"]
        image = ImageRef(
            source=_text(raw.get("source")),
            sha256=_text(raw.get("sha256")),
            mime=_text(raw.get("mime")),
            # pycrdt gives numbers back as floats
            width=int(raw.get("width") or 0),
            height=int(raw.get("height") or 0),
            bytes=int(raw.get("bytes") or 0),
            spec=_text(raw.get("spec")),
        )
    return DesignView(
        **{name: text(name) for name in TEXT_FIELDS if not name.startswith("criteria_")},
        **{name: _text(data.get(name)) for name in SCALAR_FIELDS},
        criteria=Criteria(*(text(f"criteria_{level}") for level in LEVELS)),
        alignments=alignments,
        tags=tags,
        image=image,
    )


def _edit_text(text: Text, wanted: str) -> None:
    """Turn `text` into `wanted` with the fewest deletions and insertions, so concurrent edits elsewhere survive."""
    current = str(text)
    if current == wanted:
        return

    def offset(index: int) -> int:  # pycrdt (Yrs) counts UTF-8 bytes, Python counts code points
        return len(current[:index].encode("utf-8"))

    matcher = SequenceMatcher(a=current, b=wanted, autojunk=False)
    # Apply from the end so earlier offsets stay valid.
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag in ("replace", "delete"):
            del text[offset(i1) : offset(i2)]
        if tag in ("replace", "insert"):
            text.insert(offset(i1), wanted[j1:j2])


def edit_to_match(doc: Doc, view: DesignView) -> bytes:
    """Edit the document so its view becomes `view` (a restore): returns the update made, b"" if nothing changed.
    Each text changes by diff, lists by replacing only what differs: nobody's unrelated work is rewritten."""
    design = doc.get(ROOT, type=Map)
    before = doc.get_state()
    with doc.transaction(origin="server"):
        for key in TEXT_FIELDS:
            _edit_text(design[key], view.text(key))
        for key in SCALAR_FIELDS:
            if design.get(key) != view.text(key):
                design[key] = view.text(key)
        tags = design["tags"]
        if tuple(str(t) for t in tags) != view.tags:
            del tags[0 : len(tags)]
            tags.extend(list(view.tags))
        alignments = design["alignments"]
        for index, wanted in enumerate(view.alignments):
            if index < len(alignments):
                for field in ALIGNMENT_FIELDS:
                    _edit_text(alignments[index][field], getattr(wanted, field))
            else:
                alignments.append(new_alignment(wanted.to_json()))
        if len(alignments) > len(view.alignments):
            del alignments[len(view.alignments) : len(alignments)]
        set_image(design, view.image.to_json() if view.image is not None else None)
    return doc.get_update(before)


def new_alignment(values: dict | None = None) -> Map:
    values = values or {}
    return Map({field: Text(values.get(field, "")) for field in ALIGNMENT_FIELDS})


def set_image(design: Map, image: dict | None) -> None:
    current = design["image"]
    wanted = image or {}
    if {k: current.get(k) for k in current} == wanted:
        return
    for key in list(current.keys()):
        if key not in wanted:
            del current[key]
    for key, value in wanted.items():
        current[key] = value


def edit_image(doc: Doc, image: dict | None) -> bytes:
    """Set the design's image (as the server does after rendering or checking it): the update made."""
    before = doc.get_state()
    with doc.transaction(origin="server"):
        set_image(doc.get(ROOT, type=Map), image)
    return doc.get_update(before)

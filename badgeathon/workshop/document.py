"""The design document: the CRDT a team co-writes (one Y.Map of Y.Text and Y.Array), its plain JSON view, and edits
made on the server (restore) as text diffs rather than rewrites (pure: pycrdt only, no Flask, no database)."""
from difflib import SequenceMatcher

from pycrdt import Array, Doc, Map, Text, merge_updates

ROOT = "design"

TEXT_FIELDS = (
    "name", "description", "criteria_level1", "criteria_level2", "competency", "audience", "evidence",
    "assessment", "earning_path", "image_alt", "pitch",
)
ALIGNMENT_FIELDS = ("targetName", "targetUrl", "targetFramework", "targetCode", "targetDescription")
SCALAR_FIELDS = ("theme",)
MAX_TAGS = 20
MAX_ALIGNMENTS = 12


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
        design["theme"] = ""
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


def to_view(doc: Doc) -> dict:
    """The plain JSON of the design: what the jury, the checklist and the export read (never the CRDT)."""
    design = doc.get(ROOT, type=Map)
    data = {key: design[key] for key in design}

    def text(key):
        value = data.get(key)
        return str(value) if isinstance(value, Text) else _text(value)

    alignments = []
    if isinstance(data.get("alignments"), Array):
        for entry in data["alignments"]:
            if isinstance(entry, Map):
                alignments.append({field: _text(entry.get(field)) for field in ALIGNMENT_FIELDS})
    tags = [str(tag) for tag in data["tags"]] if isinstance(data.get("tags"), Array) else []
    image = None
    if isinstance(data.get("image"), Map) and data["image"].get("sha256"):
        raw = data["image"]
        image = {
            "source": _text(raw.get("source")),
            "sha256": _text(raw.get("sha256")),
            "mime": _text(raw.get("mime")),
            # pycrdt gives numbers back as floats
            "width": int(raw.get("width") or 0),
            "height": int(raw.get("height") or 0),
            "bytes": int(raw.get("bytes") or 0),
            "spec": _text(raw.get("spec")),
        }
    return {
        "name": text("name"),
        "description": text("description"),
        "criteria": {"level1": text("criteria_level1"), "level2": text("criteria_level2")},
        "theme": _text(data.get("theme")),
        "competency": text("competency"),
        "audience": text("audience"),
        "evidence": text("evidence"),
        "assessment": text("assessment"),
        "alignments": alignments,
        "tags": tags,
        "earning_path": text("earning_path"),
        "image": image,
        "image_alt": text("image_alt"),
        "pitch": text("pitch"),
    }


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
            del text[offset(i1):offset(i2)]
        if tag in ("replace", "insert"):
            text.insert(offset(i1), wanted[j1:j2])


def edit_to_match(doc: Doc, view: dict) -> bytes:
    """Edit the document so its view becomes `view` (a restore): returns the update made, b"" if nothing changed.
    Each text changes by diff, lists by replacing only what differs: nobody's unrelated work is rewritten."""
    design = doc.get(ROOT, type=Map)
    texts = {
        "name": view.get("name", ""), "description": view.get("description", ""),
        "criteria_level1": view.get("criteria", {}).get("level1", ""),
        "criteria_level2": view.get("criteria", {}).get("level2", ""),
        **{key: view.get(key, "") for key in ("competency", "audience", "evidence", "assessment", "earning_path",
                                              "image_alt", "pitch")},
    }
    before = doc.get_state()
    with doc.transaction(origin="server"):
        for key, wanted in texts.items():
            _edit_text(design[key], wanted or "")
        if design.get("theme") != (view.get("theme") or ""):
            design["theme"] = view.get("theme") or ""
        tags = design["tags"]
        wanted_tags = list(view.get("tags") or [])
        if [str(t) for t in tags] != wanted_tags:
            del tags[0:len(tags)]
            tags.extend(wanted_tags)
        alignments = design["alignments"]
        wanted_alignments = list(view.get("alignments") or [])
        for index, wanted in enumerate(wanted_alignments):
            if index < len(alignments):
                for field in ALIGNMENT_FIELDS:
                    _edit_text(alignments[index][field], wanted.get(field, ""))
            else:
                alignments.append(new_alignment(wanted))
        if len(alignments) > len(wanted_alignments):
            del alignments[len(wanted_alignments):len(alignments)]
        set_image(design, view.get("image"))
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

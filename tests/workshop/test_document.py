"""The design document: its structure, its plain view, server-side edits by diff, and merges that always converge."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pycrdt import Doc, Map, get_state, get_update

from badgeathon.workshop import document, yupdate


def fresh_client(server_state: bytes) -> Doc:
    client = Doc()
    client.apply_update(server_state)
    return client


def test_a_new_document_has_every_field_and_an_empty_view():
    view = document.to_view(document.load(document.new_document())).to_json()
    assert view["name"] == "" and view["criteria"] == {"level1": "", "level2": ""}
    assert view["alignments"] == [] and view["tags"] == [] and view["image"] is None


def test_two_clients_creating_nothing_but_typing_share_one_structure():
    server = document.new_document()
    a, b = fresh_client(server), fresh_client(server)
    a.get("design", type=Map)["name"].insert(0, "Éco")
    b.get("design", type=Map)["name"].insert(0, "gestes")
    a.apply_update(b.get_update(a.get_state()))
    b.apply_update(a.get_update(b.get_state()))
    assert str(a.get("design", type=Map)["name"]) == str(b.get("design", type=Map)["name"])
    assert sorted(str(a.get("design", type=Map)["name"])) == sorted("Écogestes")


def test_the_view_reads_alignments_tags_and_image_numbers_as_integers():
    doc = document.load(document.new_document())
    design = doc.get("design", type=Map)
    design["alignments"].append(document.new_alignment({"targetName": "ESCO", "targetUrl": "https://esco.ec"}))
    design["tags"].extend(["écologie", "tri"])
    document.set_image(
        design,
        {
            "source": "designer",
            "sha256": "ab" * 32,
            "mime": "image/png",
            "width": 400,
            "height": 400,
            "bytes": 12000,
            "spec": "{}",
        },
    )
    view = document.to_view(doc).to_json()
    assert view["alignments"][0]["targetName"] == "ESCO"
    assert view["tags"] == ["écologie", "tri"]
    assert view["image"]["width"] == 400 and isinstance(view["image"]["width"], int)


@pytest.mark.parametrize(
    "before, after",
    [
        ("Éco-gestes 😀 fin", "Éco-gestes au travail 😀 fin"),
        ("abc", ""),
        ("", "😀😀 Écologie"),
        ("Je trie mes déchets", "Je trie et je réduis mes déchets"),
    ],
)
def test_editing_to_match_a_view_changes_only_what_differs(before, after):
    doc = document.load(document.new_document())
    doc.get("design", type=Map)["pitch"].insert(0, before)
    view = document.to_view(doc)
    update = document.edit_to_match(doc, view.with_texts(pitch=after))
    assert document.to_view(doc).pitch == after
    assert (update != b"") == (before != after)


def test_a_restore_keeps_what_a_teammate_types_at_the_same_time():
    server = document.new_document()
    old = fresh_client(server)
    old.get("design", type=Map)["pitch"].insert(0, "Version A.")
    version_view = document.to_view(old)
    teammate = fresh_client(old.get_update())
    teammate.get("design", type=Map)["pitch"].insert(len("Version A."), " Ajout du coéquipier.")
    restorer = fresh_client(old.get_update())
    restorer.get("design", type=Map)["pitch"].insert(0, "Brouillon. ")
    restore = document.edit_to_match(restorer, version_view)  # back to "Version A." while the teammate types
    teammate.apply_update(restore)
    teammate.apply_update(restorer.get_update(teammate.get_state()))
    assert str(teammate.get("design", type=Map)["pitch"]) == "Version A. Ajout du coéquipier."


def test_bytes_that_are_not_an_update_are_refused():
    with pytest.raises(yupdate.Malformed):
        yupdate.read(b"\x01\x02garbage")
    with pytest.raises(yupdate.Malformed):
        yupdate.read(b"")
    yupdate.read(document.new_document())


# --- the server-side merge, under random interleavings -----------------------------------------------------------

FIELDS = ("name", "pitch", "criteria_level1")
action = st.one_of(
    st.tuples(st.just("type"), st.integers(0, 4), st.sampled_from(FIELDS), st.integers(0, 1000)),
    st.tuples(st.just("drop"), st.integers(0, 4)),  # the Wi-Fi drops: edits stay local
    st.tuples(st.just("reconnect"), st.integers(0, 4)),  # back: sync both ways
    st.tuples(st.just("deliver"), st.integers(0, 50)),  # the server handles a queued message, any order
)


@settings(max_examples=150, deadline=None)
@given(st.lists(action, max_size=60))
def test_any_interleaving_of_five_clients_converges_to_one_state_with_every_edit(actions):
    log = [document.new_document()]  # what the server has written
    clients = [fresh_client(log[0]) for _ in range(5)]
    online = [True] * 5
    in_flight: list[bytes] = []  # updates sent, not yet handled by the server
    tokens: list[str] = []

    def server_state() -> bytes:
        return document.merge(*log)

    def sync(index: int) -> None:
        state = server_state()
        clients[index].apply_update(get_update(state, clients[index].get_state()))
        log.append(clients[index].get_update(get_state(state)))

    for step, (kind, *args) in enumerate(actions):
        if kind == "type":
            index, field, where = args
            token = f"<{step}>"
            text = clients[index].get("design", type=Map)[field]
            before = clients[index].get_state()
            boundaries = [0] + [i + 1 for i, ch in enumerate(str(text)) if ch == ">"]  # never inside a token
            text.insert(boundaries[where % len(boundaries)], token)
            tokens.append(token)
            if online[index]:
                in_flight.append(clients[index].get_update(before))
        elif kind == "drop":
            online[args[0]] = False
        elif kind == "reconnect":
            online[args[0]] = True
            sync(args[0])
        elif kind == "deliver" and in_flight:
            update = in_flight.pop(args[0] % len(in_flight))
            yupdate.read(update)
            log.append(update)
            for other in range(5):
                if online[other]:
                    clients[other].apply_update(update)

    log.extend(in_flight)
    for index in range(5):
        sync(index)
    for index in range(5):
        sync(index)
    views = [document.to_view(client) for client in clients]
    assert all(view == views[0] for view in views)
    assert views[0] == document.to_view(document.load(server_state()))
    everything = "".join(views[0].text(f) for f in FIELDS)
    for token in tokens:
        assert everything.count(token) == 1, token

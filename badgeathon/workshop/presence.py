"""Presence (Yjs awareness) relayed between a team's browsers: only states whose clock moves forward, names set by
the server, and a goodbye for every browser whose socket closes. Node-local memory: a cache, never needed elsewhere."""

import json
import threading

from pycrdt import Decoder, write_var_uint

from .. import safe_json

_lock = threading.Lock()
_clocks: dict[str, dict[int, int]] = {}  # design -> awareness client id -> last clock relayed
_owners: dict[str, dict[str, set[int]]] = {}  # socket id -> design -> awareness client ids it spoke for

MAX_ENTRIES = 8
MAX_STATE = 4096


def _decode(update: bytes) -> list[tuple[int, int, str]]:
    decoder = Decoder(bytes(update))
    count = decoder.read_var_uint()
    if count > MAX_ENTRIES:
        raise ValueError("too many states")
    return [(decoder.read_var_uint(), decoder.read_var_uint(), decoder.read_var_string()) for _ in range(count)]


def _encode(entries: list[tuple[int, int, str]]) -> bytes:
    """lib0 encoding of an awareness update (pycrdt's Encoder counts a string's length in characters, not bytes)."""
    out = [write_var_uint(len(entries))]
    for client_id, clock, state in entries:
        data = state.encode("utf-8")
        out += [write_var_uint(client_id), write_var_uint(clock), write_var_uint(len(data)), data]
    return b"".join(out)


def _with_name(state: str, name: str) -> str:
    """A browser may say where it types, not who it is: the name comes from its sign-in."""
    if not state or state == "null":
        return "null"
    data = safe_json.loads(state)
    if not isinstance(data, dict):
        raise ValueError("state is not an object")
    user = data.get("user") if isinstance(data.get("user"), dict) else {}
    data["user"] = {**{k: v for k, v in user.items() if k in ("color",)}, "name": name}
    data = {k: v for k, v in data.items() if k in ("user", "field")}
    return json.dumps(data, ensure_ascii=False)


def accept(sid: str, design, update, name: str) -> bytes | None:
    """The part of an awareness update worth relaying, re-encoded; None if nothing moved forward or it is garbage."""
    if not isinstance(update, (bytes, bytearray)) or len(update) > MAX_STATE:
        return None
    try:
        entries = _decode(update)
        entries = [(client_id, clock, _with_name(state, name)) for client_id, clock, state in entries]
    except (ValueError, RuntimeError, json.JSONDecodeError):
        return None
    key = str(design)
    fresh = []
    with _lock:
        clocks = _clocks.setdefault(key, {})
        owned = _owners.setdefault(sid, {}).setdefault(key, set())
        for client_id, clock, state in entries:
            known = clocks.get(client_id)
            if known is not None and clock <= known and not (clock == known and state == "null"):
                continue
            clocks[client_id] = clock
            owned.add(client_id)
            fresh.append((client_id, clock, state))
    return _encode(fresh) if fresh else None


def forget(sid: str, design) -> bytes | None:
    with _lock:
        owned = _owners.get(sid, {}).pop(str(design), set())
        clocks = _clocks.get(str(design), {})
        gone = [(client_id, clocks.pop(client_id, 0) + 1, "null") for client_id in owned]
    return _encode(gone) if gone else None


def disconnected(sid: str) -> list[tuple[str, bytes]]:
    """Goodbye messages for every design this socket was present in."""
    with _lock:
        designs = list(_owners.get(sid, {}))
    goodbyes = [(design, forget(sid, design)) for design in designs]
    with _lock:
        _owners.pop(sid, None)
    return [(design, update) for design, update in goodbyes if update]

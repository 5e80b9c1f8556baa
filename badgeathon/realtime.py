"""Where the socket protocol's messages go: the namespaces and rooms, named in one place for every package."""

LIVE = "/live"          # an event's live pages: a room for everyone on the event, one for its organisers
WORKSHOP = "/workshop"  # the studio: a room per design


def event_room(event) -> str:
    """Everyone on the event's live pages (phase, pitches, ceremony)."""
    return f"event:{event.public_id}"


def organisers_room(event_id: int) -> str:
    """The event's organisers only (the jury's progress, the board)."""
    return f"event-organisers:{event_id}"


def design_room(public_id) -> str:
    """The room of a design's pages (its team's browsers, staff and jurors reading it)."""
    return f"design:{public_id}"

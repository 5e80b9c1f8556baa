"""What other packages may react to in an event: its phase, its design deadline, its members (blinker signals)."""

from blinker import Namespace

_signals = Namespace()

# Every signal here is sent inside the sender's transaction: a receiver writes in it and never commits; the service
# that sends it commits once (or rolls back, and nothing any receiver wrote stays).
event_created = _signals.signal("event-created")  # sender: the new event, added but not committed
team_added = _signals.signal("team-added")  # sender: the new team, added to its event, not committed
team_theme_set = _signals.signal("team-theme-set")  # sender: the team, its new theme set, not committed
phase_moved = _signals.signal("phase-moved")  # sender: the event; keywords: before, by
deadline_moved = _signals.signal("deadline-moved")  # sender: the event
# sender: a participant who just joined a team or whose structure changed, written but not committed; keywords:
# team_before and organisation_before (ids, None when there was none), by (who made the change). A receiver writes in
# the sender's transaction and never commits: the service that sends it commits once.
member_changed = _signals.signal("member-changed")
# sender: a team, a person (juror or participant) or an event the organiser is about to delete. Each receiver returns
# a dict {what: how many} of its own rows the deletion would remove (the confirmation page words them); reads only.
removal_counted = _signals.signal("removal-counted")
# same senders, keyword `by` (the organiser): each receiver deletes (or unlinks) its own rows for the sender in the
# sender's transaction and never commits; the service deletes the sender itself afterwards and commits once.
removing = _signals.signal("removing")

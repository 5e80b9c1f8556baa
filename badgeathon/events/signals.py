"""What other packages may react to when an event moves: its phase, its design deadline (blinker signals)."""
from blinker import Namespace

_signals = Namespace()

phase_moved = _signals.signal("phase-moved")            # sender: the event; keyword: before
deadline_moved = _signals.signal("deadline-moved")      # sender: the event

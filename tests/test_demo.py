"""The demo: a newcomer finds the studio alive and a second room already scoring, with a rubric and a recusal."""

from badgeathon.demo import load_demo
from badgeathon.events.phases import Phase
from badgeathon.jury import recusal_service
from badgeathon.jury.models import Score


def test_the_demo_has_a_room_at_the_scoring_with_rubric_scores_and_recusals(ctx):
    from badgeathon.extensions import db

    demo = load_demo("demo-password-long")
    assert demo.event.phase == Phase.DESIGN
    room = demo.jury_event
    assert room.phase == Phase.SCORING and len(room.criteria) == 6 and len(room.jurors) == 3
    assert db.session.execute(db.select(db.func.count(Score.id)).where(Score.event_id == room.id)).scalar_one() > 0
    states = recusal_service.recusals(room).values()
    assert any(state.automatic and state.recused for state in states)
    assert any(state.override is True for state in states)
    assert load_demo("demo-password-long").created is False

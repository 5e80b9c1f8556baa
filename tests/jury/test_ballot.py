"""The audience vote's ballot: each other team's badge as a card — its image and name, its team smaller — and the
images it shows, open to the event's participants from the pitches on, to no one else."""

import re

from badgeathon.events.phases import Phase
from badgeathon.jury import ballot
from badgeathon.workshop import studio
from tests.ruleset.test_export import BIKE, GARDEN, set_design

from .conftest import build_jury, database, juror_client, move_to, page, participant_client, team
from .test_deliberation import member, voting  # noqa: F401  (voting: the fixture)

IMAGE = re.compile(r'src="(/vote/designs/[0-9a-f-]+/image/[0-9a-f]{64}\.png\?size=200)"')


def ballot_of(app, jury):
    set_design(app, jury, "Les Voisins", BIKE)
    set_design(app, jury, "Les Zélés", GARDEN, image=False)
    return participant_client(app, jury, "Les Pionniers", "Paul Participant")


def test_each_other_badge_is_a_card_with_its_image_its_name_and_its_team(app, voting):  # noqa: F811
    client = ballot_of(app, voting)

    text = page(client.get("/jury/vote"))

    assert "<fieldset" in text and "<legend" in text and "Votre badge préféré (hors celui de votre équipe)" in text
    radios = re.findall(r'<input type="radio" id="([^"]+)" name="team" value="([^"]+)"', text)
    assert {value for _id, value in radios} == {str(voting.teams["Les Voisins"]), str(voting.teams["Les Zélés"])}
    assert all(f'<label class="ballot__option" for="{id_}">' in text for id_, _value in radios)
    assert "Réparer un vélo en atelier solidaire" in text and "Équipe « Les Voisins »" in text
    assert "Cultiver un potager partagé" in text and "Équipe « Les Zélés »" in text
    assert "Les Pionniers" not in text.split("<fieldset", 1)[1]  # not their own team's badge
    images = IMAGE.findall(text)
    assert len(images) == 1 and "Pas d'image" in text  # Les Zélés has none
    shown = client.get(images[0])
    assert shown.status_code == 200 and shown.mimetype == "image/png" and shown.data.startswith(b"\x89PNG")


def test_the_ballot_lists_the_badges_in_the_running_order_with_what_the_vote_records(app, voting):  # noqa: F811
    set_design(app, voting, "Les Voisins", BIKE)
    with database(app):
        options = ballot.options(member("Alice Martin"))
        assert [option.team_name for option in options] == ["Les Voisins", "Les Zélés"]
        assert options[0].badge_name == BIKE["name"] and options[0].image_sha256
        assert options[1].badge_name == "" and options[1].image_sha256 is None
        assert options[0].team_id == str(team(voting, "Les Voisins").public_id)


def test_a_vote_on_a_card_is_recorded_and_no_choice_is_asked_again(app, voting):  # noqa: F811
    client = ballot_of(app, voting)

    empty = client.post("/jury/vote", data={})
    chosen = client.post("/jury/vote", data={"team": str(voting.teams["Les Zélés"])})

    assert empty.status_code == 422 and 'class="field__error"' in page(empty)
    assert chosen.status_code == 302
    assert "Votre vote est enregistré." in page(client.get("/jury/vote"))


def test_a_ballot_image_is_for_the_events_participants_from_the_pitches_on(app):
    jury = build_jury(app, audience_vote=True)
    move_to(app, jury, Phase.DESIGN)
    set_design(app, jury, "Les Voisins", BIKE)
    with database(app):
        design = studio.design_for_team(team(jury, "Les Voisins"))
        url = f"/vote/designs/{design.public_id}/image/{design.view.image.sha256}.png"
    other_event = build_jury(
        app, name="Badgeathon Rouen", organiser=False, teams={"Les Rouennais": ("Rémi Rouen", "AFPA Normandie")}
    )
    outsider = participant_client(app, other_event, "Les Rouennais", "Rita Rouen")
    insider = participant_client(app, jury, "Les Pionniers", "Paul Participant")

    assert insider.get(url).status_code == 404  # the badges are not shown before the pitches
    move_to(app, jury, Phase.PITCHES)
    assert insider.get(url).status_code == 200
    assert outsider.get(url).status_code == 404  # another event's participant
    assert juror_client(app, jury, next(iter(jury.jurors))).get(url).status_code == 403
    assert insider.get(url.replace(design.view.image.sha256, "0" * 64)).status_code == 404

"""Every blocker of the one readiness rule has its French sentence for staff, naming the level or the alignment."""

import copy

from badgeathon.workshop.checklist import CODES, blockers, check
from badgeathon.workshop.readiness_words import blocker_sentences, sentences

from .test_checklist import COMPLETE, EMPTY_SHAPE, design


def test_every_code_that_can_block_the_export_has_words():
    broken = design(alignments=[{"targetFramework": "ESCO", "targetUrl": "ftp://x"}])
    failing = blockers(check(EMPTY_SHAPE, issuer_ready=False)) + blockers(check(broken))
    assert {f.code for f in failing} == set(CODES[: CODES.index("criteria_levels_differ")]) | {
        "alignment_names",
        "alignment_urls",
    }
    for finding in failing:
        assert sentences(finding) and all(sentence.endswith(".") for sentence in sentences(finding))


def test_the_sentences_name_the_missing_level_and_the_alignment_at_fault():
    entries = copy.deepcopy(COMPLETE["alignments"]) + [
        {"targetName": "", "targetUrl": ""},
        {"targetName": "ROME", "targetUrl": "rome.example/H1302"},
    ]
    lacks = blockers(check(design(criteria={"level1": "Je trie.", "level2": " "}, alignments=entries)))
    assert blocker_sentences(lacks) == [
        "Le critère « je maîtrise » est vide.",
        "L'alignement 4 n'a pas d'adresse web (http ou https).",
    ]


def test_no_image_is_said_once_not_also_as_its_format_shape_and_weight():
    assert blocker_sentences(blockers(check(design(image=None)))) == [
        "Le badge n'a pas d'image : choisissez-en une dans l'atelier."
    ]
    assert blocker_sentences(blockers(check(design(name="n" * 129)))) == ["Le nom du badge dépasse 128 caractères."]

"""A valid badge definition of the Normandy region, with a small real PNG, for every Open Badges test."""

from io import BytesIO

import pytest
from PIL import Image

from badgeathon.openbadges.model import Alignment, BadgeDefinition, Issuer


def make_png() -> bytes:
    image = Image.new("RGBA", (8, 6))
    for x in range(8):
        for y in range(6):
            image.putpixel((x, y), (x * 30, y * 40, 200, 255))
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def png() -> bytes:
    return make_png()


@pytest.fixture
def issuer() -> Issuer:
    return Issuer(
        id="https://badges.normandie.fr/issuer.json",
        name="Région Normandie",
        url="https://www.normandie.fr",
        email="badges@normandie.fr",
        description="Les Open Badges de la Région Normandie.",
        image="https://badges.normandie.fr/issuer.png",
    )


@pytest.fixture
def defn(issuer: Issuer, png: bytes) -> BadgeDefinition:
    return BadgeDefinition(
        id="https://badges.normandie.fr/badges/travail-en-equipe.json",
        name="Travail en équipe",
        description="Coopérer au sein d'une équipe projet.",
        level1="Je participe aux réunions <et> je partage mes idées.",
        level2="J'anime l'équipe & je répartis les tâches.\nJe fais le bilan.",
        criteria_url="https://badges.normandie.fr/badges/travail-en-equipe/criteres",
        image_url="https://badges.normandie.fr/badges/travail-en-equipe.png",
        tags=("coopération", "savoir-être"),
        alignments=(
            Alignment(
                "Travailler en équipe",
                "https://esco.ec.europa.eu/fr/skill/123",
                "ESCO",
                "S1.2",
                "Compétence transversale",
            ),
            Alignment("Animation d'équipe", "https://candidat.francetravail.fr/metierscope/fiche-metier/M1503"),
        ),
        issuer=issuer,
        image_png=png,
    )

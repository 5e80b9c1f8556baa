"""Numbers in the page's language: French decimals in French, English ones in English; weights without zeros."""

import pytest
from flask import Flask
from flask_babel import Babel, force_locale

from badgeathon.numbers import decimal, weight


@pytest.fixture
def request_context():
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        yield


@pytest.mark.parametrize(
    ("locale", "marks", "weights"),
    [
        ("fr", ["4,16", "4,2", "4", "1\u202f234,50", "—"], ["3", "1,5", "0,25"]),
        ("en", ["4.16", "4.2", "4", "1,234.50", "—"], ["3", "1.5", "0.25"]),
    ],
)
def test_numbers_read_as_in_the_pages_language(request_context, locale, marks, weights):
    with force_locale(locale):
        assert [decimal(4.1567), decimal(4.16, 1), decimal(4.16, 0), decimal(1234.5), decimal(None)] == marks
        assert [weight(3.0), weight(1.5), weight(0.25)] == weights

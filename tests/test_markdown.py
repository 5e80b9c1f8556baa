"""Teams' free text shows as Markdown, and nothing they type can run in a juror's browser."""

from badgeathon.markdown import to_html


def test_markdown_lists_and_emphasis_are_kept():
    html = to_html("Je **trie** :\n\n- le papier\n- le verre")
    assert "<strong>trie</strong>" in html and "<li>le papier</li>" in html


def test_raw_html_and_scripts_never_come_through():
    html = to_html("<script>alert(1)</script><img src=x onerror=alert(2)> [lien](javascript:alert(3))")
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as the text it is


def test_links_open_safely():
    html = to_html("[ESCO](https://esco.ec.europa.eu)")
    assert 'href="https://esco.ec.europa.eu"' in html and "noopener" in html


def test_line_breaks_typed_in_a_textarea_stay():
    assert "<br" in to_html("ligne 1\nligne 2")

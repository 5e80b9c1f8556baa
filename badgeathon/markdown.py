"""Free text of a design (plain text or Markdown) turned into safe HTML: rendered by markdown-it, then sanitised."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_renderer = MarkdownIt("commonmark", {"html": False, "linkify": False, "breaks": True})
_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "code", "blockquote"}


@lru_cache(maxsize=2048)  # the same badge is shown to every juror, pitch after pitch: render each text once
def to_html(text: str | None) -> Markup:
    """Safe HTML for a teammate's text: no raw HTML, no script, links only http(s) and mail, opened safely."""
    html = _renderer.render(text or "")
    return Markup(
        nh3.clean(
            html,
            tags=_TAGS,
            attributes={"a": {"href"}},
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer nofollow",
        )
    )

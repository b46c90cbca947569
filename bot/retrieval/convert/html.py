"""Web pages to Markdown: the main content only (menus, footers, cookie banners and scripts out)."""

from __future__ import annotations

import re

from bot.retrieval.convert import ConversionError, Converted
from bot.retrieval.loader import decode_bytes

# Elements that are never the page's guidance.
_DROP_TAGS = ("script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form",
              "iframe", "button")  # fmt: skip
# Banners and widgets named by their class or id (cookie consent, newsletter pop-ups, share bars).
_DROP_NAMES = re.compile(
    r"cookie|consent|gdpr|banner|popup|modal|newsletter|subscribe|share|social|breadcrumb|sidebar"
    r"|menu|navbar|footer|skip-link",
    re.IGNORECASE,
)


def _named_like_boilerplate(tag: object) -> bool:
    attrs = getattr(tag, "attrs", None) or {}
    names = " ".join(
        [*attrs.get("class", []), str(attrs.get("id", "")), str(attrs.get("role", ""))]
    )
    return bool(names.strip()) and bool(_DROP_NAMES.search(names))


def convert_html(data: bytes) -> Converted:
    """The page's main content (<main>, else <article>, else <body>) as Markdown."""
    from bs4 import BeautifulSoup
    from markdownify import markdownify

    try:
        text, _encoding = decode_bytes(data)
    except ValueError as exc:
        raise ConversionError(f"not a readable web page: {exc}") from exc
    soup = BeautifulSoup(text, "html.parser")
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text().split()) if title_tag else ""
    for tag in soup.find_all(_DROP_TAGS):
        tag.decompose()
    for tag in soup.find_all("header"):  # the site's banner, not an article's own header
        if tag.find_parent(["main", "article"]) is None:
            tag.decompose()
    for tag in soup.find_all(_named_like_boilerplate):
        if tag.name not in ("html", "body", "main", "article"):
            tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    markdown = markdownify(str(root), heading_style="ATX", bullets="-", strip=["a", "img"])
    markdown = re.sub(r"\n{3,}", "\n\n", markdown).strip()
    h1 = root.find("h1")  # the page's own title; <title> often carries the site's name too
    title = (" ".join(h1.get_text().split()) if h1 else "") or title
    return Converted(markdown, {"title": title} if title else {})

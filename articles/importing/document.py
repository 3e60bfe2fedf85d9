"""The importer's neutral form of one page, whatever file format it came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class ImportProblem(Exception):
    """A file or document that cannot be imported; the message is shown to the user as is."""

    def __init__(self, message: str, line: int | None = None) -> None:
        self.line = line
        super().__init__(message)


@dataclass
class Note:
    """A warning found while reading a document, with the source line it concerns."""

    line: int | None
    message: str
    info: bool = False


@dataclass
class FAQItem:
    question: str
    answer: str
    line: int | None = None


@dataclass
class ReferenceItem:
    """One entry of a page's reference list: an APA-like string or a citation key."""

    text: str
    line: int | None = None
    is_key: bool = False


@dataclass
class AuthorInfo:
    """An author as a page names them, with whatever bio the page carried."""

    name: str = ""
    slug: str = ""
    credentials: str = ""
    job_title: str = ""
    institutions: str = ""
    short_bio: str = ""
    bio: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)
    line: int | None = None


@dataclass
class Document:
    """One page (or a pillar, author or citation library) ready to be mapped to models.

    ``kind`` is ``article``, ``hub``, ``pillar``, ``author`` or ``library``. Fields left
    empty mean "the file does not say": the command's options may fill them.
    """

    path: str
    kind: str = "article"
    source_format: str = "markdown"
    title: str = ""
    slug: str = ""
    subtitle: str = ""
    summary: str = ""
    body: str = ""
    closing_summary: str = ""
    disclaimer: str = ""
    takeaways: list[str] = field(default_factory=list)
    faqs: list[FAQItem] = field(default_factory=list)
    references: list[ReferenceItem] = field(default_factory=list)
    status: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    seo_title: str = ""
    seo_description: str = ""
    # The page's own call to action; empty parts mean "use the site default".
    cta_heading: str = ""
    cta_text: str = ""
    cta_button: str = ""
    # A hub's short name (breadcrumbs, lists) when it differs from its headline ``title``,
    # and the text shown after its generated list of articles.
    name: str = ""
    closing_text: str = ""
    # Medical review: who reviewed the page (a name, matched to an author) and when.
    reviewer: AuthorInfo | None = None
    reviewed: datetime | None = None
    # More than the first author when a file names several (bylines show them all).
    coauthors: list[AuthorInfo] = field(default_factory=list)
    # An image already in the media storage, by its name there (an article's hero image, an
    # author's photo), and its description; addresses the page used to have (they redirect).
    image: str = ""
    image_alt: str = ""
    old_slugs: list[str] = field(default_factory=list)
    position: int | None = None
    pillar: Any = None  # number, slug, name, "Pillar N — Name" or a mapping
    pillar_line: int | None = None
    hub: str = ""
    author: AuthorInfo | None = None
    hub_article_titles: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    notes: list[Note] = field(default_factory=list)

    def note(self, line: int | None, message: str) -> None:
        """A warning: something guessed, dropped or not found."""
        self.notes.append(Note(line, message))

    def info(self, line: int | None, message: str) -> None:
        """Something done that the user may want to know (shown with ``-v 2``)."""
        self.notes.append(Note(line, message, info=True))

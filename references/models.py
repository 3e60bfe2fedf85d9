"""A cited work (``Citation``): one structured work, reused by every text that cites it."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from mindlab.plain_text import RefusesControlCharacters

from . import doi as doi_utils
from .apa import page_range, plain_text
from .keys import KEY_MAX_LENGTH, KEY_PATTERN, base_key, unique_key
from .names import clean_names, family_or_literal, fold, group_key, reference_name
from .signals import citation_changed, citation_key_in_use

DOI_MAX_LENGTH = 255


class CitationType(models.TextChoices):
    """The kinds of work we format; values are CSL-JSON types."""

    JOURNAL_ARTICLE = "article-journal", "Journal article"
    BOOK = "book", "Book"
    CHAPTER = "chapter", "Book chapter"
    REPORT = "report", "Report"
    WEBPAGE = "webpage", "Web page"
    THESIS = "thesis", "Thesis or dissertation"
    PREPRINT = "article", "Preprint or other article"
    CONFERENCE_PAPER = "paper-conference", "Conference paper"
    NEWSPAPER_ARTICLE = "article-newspaper", "Newspaper article"
    MAGAZINE_ARTICLE = "article-magazine", "Magazine article"
    BLOG_POST = "post-weblog", "Blog post"
    REVIEW = "review", "Review"
    BOOK_REVIEW = "review-book", "Book review"
    ENCYCLOPEDIA_ENTRY = "entry-encyclopedia", "Encyclopedia entry"
    DICTIONARY_ENTRY = "entry-dictionary", "Dictionary entry"
    DATASET = "dataset", "Data set"
    SOFTWARE = "software", "Software"
    FILM = "motion_picture", "Film or video"
    BROADCAST = "broadcast", "Podcast, radio or TV episode"


class CitationQuerySet(models.QuerySet):
    def needing_attention(self) -> CitationQuerySet:
        """No DOI or URL, a malformed DOI, no year, or no journal/book for works that need one."""
        return self.filter(
            Q(doi="", url="")
            | ~Q(unverified_doi="")
            | Q(year__isnull=True)
            | Q(
                type__in=[CitationType.JOURNAL_ARTICLE, CitationType.CHAPTER],
                container_title="",
            )
            | ~Q(uncertain_fields=[])
        )


key_validator = RegexValidator(
    KEY_PATTERN,
    "A citation key starts with a letter or digit and holds only letters, digits, “_”, “:” and “-” "
    "(e.g. coan2006).",
)


class Citation(RefusesControlCharacters, models.Model):
    """One structured work, reused by every page that cites it (exchangeable as CSL-JSON)."""

    key = models.CharField(
        "citation key",
        max_length=KEY_MAX_LENGTH,
        unique=True,
        blank=True,
        validators=[key_validator],
        help_text="Authors cite it in Markdown as [@key]. Leave empty to generate one (e.g. coan2006).",
    )
    type = models.CharField(max_length=20, choices=CitationType.choices, default=CitationType.JOURNAL_ARTICLE)
    authors = models.JSONField(
        default=list,
        blank=True,
        help_text='In order. A person: {"family": "Coan", "given": "James A."}; '
        'an organisation: {"literal": "World Health Organization"}.',
    )
    editors = models.JSONField(default=list, blank=True, help_text="Book editors, same shape as authors.")
    translators = models.JSONField(default=list, blank=True, help_text="Translators, same shape as authors.")
    reviewed_title = models.CharField(
        max_length=1000, blank=True, help_text="For a review: the title of the work reviewed."
    )
    reviewed_authors = models.JSONField(
        default=list, blank=True, help_text="For a review: the authors of the work reviewed."
    )
    year = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1000), MaxValueValidator(2999)]
    )
    original_year = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(2999)],
        help_text="For a republished or translated work: the year it first appeared (cited as 1923/1961).",
    )
    year_suffix = models.CharField(
        max_length=3,
        blank=True,
        editable=False,
        help_text="a, b, … when the same authors have several works in one year (set automatically).",
    )
    status = models.CharField(
        max_length=50,
        blank=True,
        help_text="“in press” for an accepted work without a date yet (cited as “in press”); "
        "“Advance online publication” for an online-first article.",
    )
    month = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    day = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    title = models.CharField(max_length=1000, help_text="As published; APA keeps its sentence case.")
    container_title = models.CharField(
        "journal, book or site", max_length=500, blank=True, help_text="Journal, edited book or website."
    )
    volume = models.CharField(max_length=50, blank=True)
    issue = models.CharField(max_length=50, blank=True)
    pages = models.CharField(max_length=50, blank=True, help_text="e.g. 1032–1039 or e12345.")
    edition = models.CharField(max_length=30, blank=True, help_text="e.g. 2 (shown as “2nd ed.”).")
    version = models.CharField(max_length=50, blank=True, help_text="Data sets and software: e.g. 2.1.")
    number = models.CharField(
        "number",
        max_length=100,
        blank=True,
        help_text="Report or working-paper number, preprint identifier (arXiv:2001.08361) or article number.",
    )
    genre = models.CharField(
        "kind",
        max_length=100,
        blank=True,
        help_text="What kind of work, in words: “Doctoral dissertation”, “Working paper”, “Paper presentation”.",
    )
    collection_title = models.CharField("series", max_length=300, blank=True)
    collection_number = models.CharField("series number", max_length=50, blank=True)
    archive = models.CharField(
        max_length=300,
        blank=True,
        help_text="Database or repository, e.g. ProQuest Dissertations and Theses Global.",
    )
    archive_location = models.CharField("place in the archive", max_length=200, blank=True)
    event_title = models.CharField("event", max_length=300, blank=True, help_text="Conference or meeting.")
    event_place = models.CharField(max_length=200, blank=True)
    publisher = models.CharField(max_length=300, blank=True)
    doi = models.CharField(
        "DOI",
        max_length=DOI_MAX_LENGTH,
        blank=True,
        help_text="Bare or as a link: 10.1111/j.1467-9280.2006.01832.x. Stored bare, as written (DOIs ignore case).",
    )
    unverified_doi = models.CharField(
        "malformed DOI",
        max_length=DOI_MAX_LENGTH,
        blank=True,
        help_text="A DOI found on import that is not valid; fix it in the DOI field and clear this.",
    )
    url = models.URLField("URL", max_length=1000, blank=True)
    accessed = models.DateField(null=True, blank=True, help_text="Retrieval date, for pages that change.")
    uncertain_fields = models.JSONField(
        default=list,
        blank=True,
        help_text="Fields an import was unsure of; cleared when an editor saves the citation.",
    )
    author_text = models.CharField(max_length=2000, blank=True, editable=False)
    group_key = models.CharField(max_length=500, blank=True, editable=False, db_index=True)
    sort_key = models.CharField(max_length=700, blank=True, editable=False, db_index=True)
    first_author_key = models.CharField(max_length=200, blank=True, editable=False, db_index=True)
    in_text_names = models.PositiveSmallIntegerField(
        default=1,
        editable=False,
        help_text="Authors named before “et al.” (more than one when another work would read the same).",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CitationQuerySet.as_manager()

    class Meta:
        ordering = ["sort_key", "pk"]
        constraints = [
            models.UniqueConstraint(
                Lower("doi"),
                condition=~Q(doi=""),
                name="citation_doi_unique",
                violation_error_message="Another citation already has this DOI.",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="citation_title_not_empty"),
        ]

    def __str__(self) -> str:
        from .apa import format_reference_text

        return f"{self.key}: {format_reference_text(self)}"[:300]

    def save(self, *args, **kwargs) -> None:
        self.doi = doi_utils.strip_doi(self.doi)
        self.pages = page_range(self.pages)
        self._compute_derived()
        if not self.key:
            self.key = self.generate_key()
        created = self._state.adding
        previous = None
        if self.pk:
            previous = (
                Citation.objects.filter(pk=self.pk)
                .values_list("group_key", "first_author_key", "year", "status")
                .first()
            )
        with transaction.atomic():
            super().save(*args, **kwargs)
            changed = assign_year_suffixes(self.group_key, self.year, self.status)
            changed += assign_in_text_names(self.first_author_key, self.year)
            if previous and previous != (self.group_key, self.first_author_key, self.year, self.status):
                changed += assign_year_suffixes(previous[0], previous[2], previous[3])
                changed += assign_in_text_names(previous[1], previous[2])
        # Keep the object in memory in step with what was just written.
        for citation in changed:
            if citation.pk == self.pk:
                self.year_suffix = citation.year_suffix
                self.in_text_names = citation.in_text_names
        citation_changed.send(
            sender=Citation,
            citation=self,
            created=created,
            changed_ids=sorted({c.pk for c in changed if c.pk != self.pk}),
        )

    def get_absolute_url(self) -> str:
        """The work's public page, ``references:detail`` in the site's URLconf."""
        return reverse("references:detail", kwargs={"key": self.key})

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.doi:
            try:
                self.doi = doi_utils.normalise_doi(self.doi)
            except doi_utils.InvalidDOI as error:
                errors["doi"] = str(error)
            else:
                if self.unverified_doi and self.doi:
                    self.unverified_doi = ""
                clash = Citation.objects.filter(doi__iexact=self.doi).exclude(pk=self.pk).first()
                if clash is not None:
                    errors["doi"] = duplicate_doi_message(self.doi, clash)
        if not isinstance(self.authors, list) or not all(isinstance(n, dict) for n in self.authors):
            errors["authors"] = 'Authors must be a list like [{"family": "Coan", "given": "J. A."}].'
        if not isinstance(self.editors, list) or not all(isinstance(n, dict) for n in self.editors):
            errors["editors"] = 'Editors must be a list like [{"family": "Coan", "given": "J. A."}].'
        if not isinstance(self.translators, list) or not all(isinstance(n, dict) for n in self.translators):
            errors["translators"] = 'Translators must be a list like [{"family": "Coan", "given": "J. A."}].'
        if not isinstance(self.reviewed_authors, list) or not all(
            isinstance(n, dict) for n in self.reviewed_authors
        ):
            errors["reviewed_authors"] = (
                'Reviewed authors must be a list like [{"family": "Coan", "given": "J. A."}].'
            )
        if "\x00" in "".join(str(v) for v in (self.title, self.container_title, self.publisher)):
            errors["title"] = "Remove the NUL character from the text."
        if self.pk and self.key:
            old_key = Citation.objects.filter(pk=self.pk).values_list("key", flat=True).first()
            if old_key and old_key != self.key:
                texts = sorted(
                    {
                        str(text)
                        for _receiver, found in citation_key_in_use.send(
                            sender=Citation, citation=self, old_key=old_key
                        )
                        for text in found or []
                    }
                )
                if texts:
                    errors["key"] = (
                        f"Pages cite this work as @{old_key} ({', '.join(texts)}); change their text first, "
                        "or keep the key."
                    )
        if errors:
            raise ValidationError(errors)

    @property
    def doi_url(self) -> str:
        return doi_utils.doi_url(self.doi)

    @property
    def year_label(self) -> str:
        """``2015``, ``2015a``, ``n.d.`` or ``n.d.-a``."""
        from .apa import year_label

        return year_label(self)

    def attention_reasons(self) -> list[str]:
        """Why an editor should look at this citation (empty when it is fine)."""
        reasons = []
        if self.unverified_doi:
            reasons.append(f"Malformed DOI “{self.unverified_doi}”.")
        if not self.doi and not self.url:
            reasons.append("No DOI or URL: readers cannot find the work.")
        if not self.year:
            reasons.append("No year.")
        if self.type in {CitationType.JOURNAL_ARTICLE, CitationType.CHAPTER} and not self.container_title:
            reasons.append("No journal or book title.")
        if self.uncertain_fields:
            reasons.append("Check these imported fields: " + ", ".join(self.uncertain_fields) + ".")
        return reasons

    def _compute_derived(self) -> None:
        self.authors = clean_names(self.authors)
        self.editors = clean_names(self.editors)
        self.translators = clean_names(self.translators)
        self.reviewed_authors = clean_names(self.reviewed_authors)
        self.status = (self.status or "").strip()
        self.author_text = "; ".join(reference_name(n) for n in self.authors)[:2000]
        self.group_key = group_key(self.authors) if self.authors else fold(plain_text(self.title))[:200]
        self.first_author_key = fold(family_or_literal(self.authors[0]))[:200] if self.authors else ""
        title = fold(plain_text(self.title))
        head = self.group_key if self.authors else title
        # An approximation of APA order for the admin list (pages sort with apa.reference_order).
        self.sort_key = f"{head} {self.year or 0:04d} {title}"[:700]

    def generate_key(self) -> str:
        base = base_key(clean_names(self.authors), self.year, plain_text(self.title))
        taken = set(
            Citation.objects.filter(key__startswith=base).exclude(pk=self.pk).values_list("key", flat=True)
        )
        return unique_key(base, taken)


def duplicate_doi_message(doi: str, existing: Citation) -> str:
    return (
        f"The DOI {doi} is already used by the citation “{existing.key}” "
        f"({existing.author_text or existing.title}, {existing.year_label}). Cite that one instead."
    )


def assign_year_suffixes(group: str, year: int | None, status: str = "") -> list[Citation]:
    """Give a, b, c… to the works of one author group in one year, clear lone ones: the
    library's own suffixes (a page's list has its own, ``apa.list_year_suffixes``).

    Ordered by title as APA 9.47 orders them, so the library read as one list is right. Works
    without a year are grouped by status: “n.d.-a”, “n.d.-b” apart from “in press-a”, “in press-b”.
    Returns the citations whose suffix changed.
    """
    works = Citation.objects.filter(group_key=group, year=year)
    if year is None:
        works = works.filter(status__iexact=(status or "").strip())
    works = list(works.only("pk", "year_suffix", "title"))
    works.sort(key=lambda c: (_title_order(c.title), c.pk))
    changed = []
    for index, work in enumerate(works):
        wanted = "" if len(works) < 2 else _suffix(index)
        if work.year_suffix != wanted:
            work.year_suffix = wanted
            changed.append(work)
    if changed:
        Citation.objects.bulk_update(changed, ["year_suffix"])
    return changed


def assign_in_text_names(first_author: str, year: int | None) -> list[Citation]:
    """APA: when two works with three or more authors would both read “Coan et al., 2006”
    but have different authors, name as many authors as it takes to tell them apart.

    Returns the citations whose number of named authors changed.
    """
    if not first_author:
        return []
    works = list(
        Citation.objects.filter(first_author_key=first_author, year=year).only(
            "pk", "authors", "group_key", "in_text_names"
        )
    )
    families = {w.pk: [fold(family_or_literal(n)) for n in w.authors] for w in works}
    changed = []
    for work in works:
        mine = families[work.pk]
        others = [families[o.pk] for o in works if o.group_key != work.group_key and len(families[o.pk]) >= 3]
        wanted = 1
        if len(mine) >= 3:
            while wanted < len(mine) and any(other[:wanted] == mine[:wanted] for other in others):
                wanted += 1
        if work.in_text_names != wanted:
            work.in_text_names = wanted
            changed.append(work)
    if changed:
        Citation.objects.bulk_update(changed, ["in_text_names"])
    return changed


def _title_order(title: str) -> str:
    return fold(re.sub(r"^(?:the|a|an)\s+", "", plain_text(title or "").strip(), flags=re.IGNORECASE))


def _suffix(index: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxyz"
    return letters[index] if index < 26 else letters[index // 26 - 1] + letters[index % 26]

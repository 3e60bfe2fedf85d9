"""export -> import into an empty database -> export: nothing an editor set is lost.

The comparison runs over every concrete field of every content model, so a field added
later without export support fails here. What is deliberately not carried is listed in
``NOT_CONTENT`` with the reason.
"""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.utils import timezone
from PIL import Image

from articles.citations import attach_further_reading
from articles.exporting import export_content
from articles.importing import import_paths
from articles.models import (
    FAQ,
    Article,
    Author,
    AuthorLink,
    Coauthor,
    Hub,
    PageCitation,
    Pillar,
    SearchEntry,
    SlugRedirect,
    Status,
    Takeaway,
)
from references import api as references
from tests import factories

pytestmark = pytest.mark.django_db

CONTENT_MODELS = [
    references.Citation,
    Pillar,
    Author,
    AuthorLink,
    Hub,
    Article,
    Coauthor,
    Takeaway,
    FAQ,
    PageCitation,
    SlugRedirect,
    SearchEntry,
]
# Fields that are not what an editor wrote, with why they may differ after a round trip.
NOT_CONTENT = {
    "id": "row numbers are the database's own",
    "created_at": "when the row was made in this database",
    "Author.user": "a sign-in account of this site, not content",
    "Citation.updated_at": "when the library row was last saved here",
    "SearchEntry.updated_at": "when the search index row was last written",
    "position": "order of rows inside a page: compared as the order, not the numbers",
}


def jpeg(color: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (400, 300), color).save(out, "JPEG")
    return out.getvalue()


def build_rich_site() -> None:
    """Every field of every content model set, as an editor would."""
    library = [
        {
            "id": "lee2021",
            "type": "article-journal",
            "author": [{"family": "Lee", "given": "Hana"}, {"family": "Park", "given": "Jun"}],
            "issued": {"date-parts": [[2021]]},
            "title": "Attention under acute stress",
            "container-title": "Journal of Cognitive Load",
            "volume": "12",
            "issue": "3",
            "page": "101-119",
            "DOI": "10.5555/jcl.2021.12",
        },
        {
            "id": "okafor2019",
            "type": "book",
            "author": [{"family": "Okafor", "given": "Chidi"}],
            "issued": {"date-parts": [[2019]]},
            "title": "The rested mind",
            "publisher": "Harbour Press",
        },
        {
            "id": "who2022",
            "type": "report",
            "author": [{"literal": "World Health Organization"}],
            "issued": {"date-parts": [[2022]]},
            "title": "Mental health at work",
            "publisher": "WHO",
        },
    ]
    lee, _okafor, who = (references.find_or_create_citation(item)[0] for item in library)
    writer = factories.make_author(
        name="Dr Mara Lane",
        slug="mara-lane-old",
        credentials="PhD, CPsychol",
        job_title="Director of research",
        institutions="University of Leeds (PhD), British Psychological Society",
        short_bio="Mara writes about attention.",
        bio="Mara studies attention.\n\nShe *teaches* too.\n\n",
        photo_alt="Mara Lane smiling",
    )
    writer.photo.save("mara.jpg", ContentFile(jpeg("navy")), save=False)
    writer.slug = "mara-lane"  # the old address keeps redirecting
    writer.save()
    writer.make_default()  # signs imported pages that name no author
    AuthorLink.objects.create(
        author=writer, label="ORCID", url="https://orcid.org/0000-0000-0000-0001", position=3
    )
    AuthorLink.objects.create(author=writer, label="University", url="https://example.org/lane", position=7)
    reviewer = factories.make_author(name="Dr Sam Okoye", slug="sam-okoye", credentials="MD", bio="")
    partner = factories.make_author(name="Jo Reyes", slug="jo-reyes", credentials="", short_bio="")
    pillar = factories.make_pillar(
        number=2,
        name="Focus & Attention",
        slug="focus-old",
        summary="How attention works.",
        intro="Pillar *intro*.",
    )
    pillar.slug = "focus"
    pillar.save()
    hub = factories.make_hub(
        pillar,
        author=writer,
        name="Attention Under Pressure",
        title="Why Focus Fails When It Matters Most",
        slug="attention",
        position=3,
        summary="What pressure does to attention.",
        intro="## The squeeze\n\nPressure narrows attention[^1].\n\n### At work\n\nMeetings.\n\n[^1]: A note.\n",
        closing_text="Start with the *first* article.",
        disclaimer="This hub's own disclaimer.",
        cta_heading="Talk to Dr. Lane about your focus",
        cta_text="Two paragraphs.\n\nThe **second** one.",
        cta_button="Book a call",
        seo_title="Attention under pressure",
        seo_description="Why focus fails.",
    )
    Coauthor.objects.create(hub=hub, author=partner, position=5)
    factories.add_faqs(hub, 2)
    article = factories.make_article(
        hub,
        author=writer,
        title="Deadlines and the Narrowing Mind",
        slug="deadlines",
        subtitle="What a deadline does",
        position=2,
        summary="Deadlines narrow attention.",
        body=(
            "## What happens\n\nLee and Park showed it [@lee2021].[^a]\n\n"
            "| phase | effect |\n|---|---|\n| early | broad |\n| late | narrow |\n\n"
            "::: callout Remember\nBreathe.\n:::\n\n- one\n- two\n\n[^a]: Measured in a lab.\n\n\n"
        ),
        closing_summary="In short: *plan* early.",
        disclaimer="This article's own disclaimer.",
        cta_heading="From insight to change",
        cta_text="One line.",
        cta_button="",
        hero_alt="A clock on a desk",
        reviewed_by=reviewer,
        reviewed_at=date(2026, 5, 4),
        seo_title="Deadlines",
        seo_description="Deadlines and attention.",
        published_at=timezone.now() - timedelta(days=2),
    )
    article.hero_image.save("clock.jpg", ContentFile(jpeg("teal")), save=False)
    article.slug = "deadlines-and-focus"
    article.save()
    Coauthor.objects.create(article=article, author=partner, position=1)
    Coauthor.objects.create(article=article, author=reviewer, position=2)
    Takeaway.objects.create(article=article, text="Deadlines narrow attention.", position=4)
    Takeaway.objects.create(article=article, text="Plan before the squeeze.", position=9)
    FAQ(
        article=article, question="Is it bad?", answer="Not always[^q].\n\n[^q]: It depends.", position=1
    ).save()
    FAQ(article=article, question="What helps?", answer="Breaks. See @okafor2019.", position=2).save()
    attach_further_reading(article, [who])
    factories.make_article(
        None, author=partner, title="A Draft", slug="a-draft", published=False, body="Draft."
    )
    factories.make_article(
        hub,
        author=writer,
        title="Coming Soon",
        slug="coming-soon",
        status=Status.PUBLISHED,
        published_at=timezone.now() + timedelta(days=5),
    )
    assert lee.pk and PageCitation.objects.filter(article=article).count() == 3


def natural(obj: models.Model | None):
    """What identifies a row across databases."""
    if obj is None:
        return None
    if isinstance(obj, references.Citation):
        return ("citation", obj.key)
    if isinstance(obj, Pillar | Author | Hub | Article):
        return (obj._meta.model_name, obj.slug)
    if isinstance(obj, SlugRedirect):
        return ("redirect", obj.kind, obj.old_slug)
    if isinstance(obj, SearchEntry):
        return ("search", natural(obj.article or obj.hub))
    if isinstance(obj, AuthorLink | Coauthor | Takeaway | FAQ | PageCitation):
        owner = next(
            getattr(obj, name) for name in ("author", "article", "hub") if getattr(obj, f"{name}_id", None)
        )
        if isinstance(obj, Coauthor):
            owner = obj.page
        return (obj._meta.model_name, natural(owner), _rank(obj))
    raise AssertionError(f"no natural key for {type(obj).__name__}")


def _rank(obj: models.Model):
    """A row's place among its page's rows of the same kind (the order, not its number)."""
    if isinstance(obj, PageCitation):
        return (obj.citation.key, obj.kind)
    parent = {AuthorLink: "author", Coauthor: "article" if obj.__dict__.get("article_id") else "hub"}.get(
        type(obj), "article" if getattr(obj, "article_id", None) else "hub"
    )
    siblings = (
        type(obj).objects.filter(**{f"{parent}_id": getattr(obj, f"{parent}_id")}).order_by("position", "pk")
    )
    return list(siblings.values_list("pk", flat=True)).index(obj.pk)


def skipped(model: type[models.Model], field: models.Field) -> bool:
    return any(name in NOT_CONTENT for name in (field.name, f"{model.__name__}.{field.name}"))


def site_state() -> dict:
    """Every content row by natural key, every concrete field's value (relations by natural key)."""
    state: dict = {}
    for model in CONTENT_MODELS:
        rows = {}
        for obj in model._default_manager.all():
            values = {}
            for field in model._meta.concrete_fields:
                if skipped(model, field):
                    continue
                if field.is_relation:
                    values[field.name] = natural(getattr(obj, field.name))
                elif isinstance(field, models.FileField):
                    values[field.name] = getattr(obj, field.name).name
                else:
                    values[field.name] = field.value_from_object(obj)
            if model is SlugRedirect:
                target = {"pillar": Pillar, "hub": Hub, "article": Article, "author": Author}[obj.kind]
                values["object_id"] = natural(target.objects.get(pk=obj.object_id))
            rows[natural(obj)] = values
        state[model.__name__] = rows
    return state


def empty_the_database() -> None:
    for model in (SearchEntry, PageCitation, FAQ, Takeaway, Coauthor, Article, Hub, Pillar, AuthorLink):
        model.objects.all().delete()
    SlugRedirect.objects.all().delete()
    Author.objects.all().delete()
    references.Citation.objects.all().delete()


def files_of(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()
    }


def test_every_content_model_is_compared():
    """A new content model of ``articles`` must be added here (and exported)."""
    from django.apps import apps

    known = set(CONTENT_MODELS)
    for model in apps.get_app_config("articles").get_models():
        assert model in known, f"{model.__name__} is not covered by the round-trip test"


def test_export_import_export_loses_nothing(tmp_path):
    build_rich_site()
    before = site_state()
    assert all(before[model.__name__] for model in CONTENT_MODELS), "every content model has rows"
    call_command("export_content", str(tmp_path / "first"), stdout=io.StringIO())
    empty_the_database()
    report = import_paths([tmp_path / "first"])
    assert not report.skipped, report.summary()
    assert not report.warnings, report.summary()
    call_command("export_content", str(tmp_path / "second"), stdout=io.StringIO())
    assert files_of(tmp_path / "first") == files_of(tmp_path / "second")
    after = site_state()
    for model in CONTENT_MODELS:
        name = model.__name__
        assert after[name].keys() == before[name].keys(), name
        for key, values in before[name].items():
            assert after[name][key] == values, (name, key)


def test_exported_files_carry_the_new_fields(tmp_path):
    build_rich_site()
    export_content(tmp_path)
    hub = (tmp_path / "hubs" / "attention.md").read_text()
    assert "name: Attention Under Pressure\n" in hub
    assert "title: Why Focus Fails When It Matters Most\n" in hub
    assert "cta_button: Book a call\n" in hub and "closing_text: Start with the *first* article.\n" in hub
    article = (tmp_path / "articles" / "deadlines-and-focus.md").read_text()
    assert "reviewer: sam-okoye\nreviewed: '2026-05-04'\n" in article
    assert "coauthors:\n- jo-reyes\n- sam-okoye\n" in article
    assert "redirect_from:\n- deadlines\n" in article
    assert article.endswith("[^a]: Measured in a lab.\n\n\n\n")

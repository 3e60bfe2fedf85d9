"""The practice's export shapes imported into an empty database, then read as a visitor would.

Only ``import_content --status published FOLDER``: no pillar, author or hub given. Each
page must be published, with its parts on the page exactly once.
"""

from __future__ import annotations

import html
import re
import shutil
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Author, Hub, Pillar, Status

EXPORTS = Path(__file__).parent / "fixtures" / "exports"

pytestmark = pytest.mark.django_db


def import_folder(tmp_path: Path, *names: str) -> str:
    folder = tmp_path / "exports"
    folder.mkdir()
    for name in names:
        shutil.copy(EXPORTS / name, folder / name)
    out = StringIO()
    call_command("import_content", "--status", "published", str(folder), stdout=out, stderr=StringIO())
    return out.getvalue()


def page_text(client, url: str) -> tuple[str, str]:
    """The page's main content as a reader sees it (tags dropped, entities decoded), and its HTML."""
    response = client.get(url)
    assert response.status_code == 200, url
    markup = response.content.decode()
    main = markup[markup.index("<main") : markup.index("</main>")]
    text = html.unescape(re.sub(r"<[^>]+>", " ", main))
    return " ".join(text.split()), main


def once(text: str, *parts: str) -> None:
    for part in parts:
        assert text.count(" ".join(part.split())) == 1, part


def test_hub_and_articles_of_one_author_into_an_empty_database(client, tmp_path):
    assert not (Pillar.objects.exists() or Author.objects.exists())
    out = import_folder(
        tmp_path,
        "hub-attention-under-pressure.txt",
        "article-negotiation-fatigue.txt",
        "article-two-minute-reset.txt",
    )
    assert "3 created, 0 updated, 0 skipped" in out, out
    assert "not published" not in out, out
    hub = Hub.objects.get()
    assert hub.status == Status.PUBLISHED
    assert (hub.name, hub.title) == (
        "Attention Under Pressure",
        "Why the Executive Mind Narrows When the Stakes Rise",
    )
    assert (hub.pillar.number, hub.pillar.name) == (2, "Focus & Attention")
    assert set(Article.objects.values_list("status", flat=True)) == {Status.PUBLISHED}
    author = Author.objects.get()
    assert (author.name, author.credentials) == ("Dr. Helena Vance", "PhD")
    assert "She works with senior leaders" in author.bio

    text, markup = page_text(client, hub.get_absolute_url())
    prose = markup[markup.index('class="prose"') :]
    assert re.findall(r"<h([23])[^>]*>(?:<a [^>]*>)?([^<]+)", prose)[:5] == [
        ("2", "How the Spotlight Works"),
        ("3", "The Alerting Network"),
        ("3", "The Executive Network"),
        ("2", "What Narrowing Costs"),
        ("2", "Widening the View Again"),
    ]
    assert markup.count("<li>Weak signals from outside the crisis go unnoticed</li>") == 1
    assert markup.count("<tr>") == 4
    once(
        text,
        "When a quarter turns bad, most leaders report the same thing",  # the lead, as the summary only
        "Talk to Dr. Vance about your attention",
        "Sessions are confidential and shaped around the demands of your role.",
        "This hub is for educational purposes only and is not medical advice.",
        "is a cognitive neuroscientist and executive coach",
        "Read these in any order.",
        "Executive FAQs: Attention Under Pressure",
        "Can attention really be trained?",
        "Posner, M. I., & Petersen, S. E. (1990).",
    )
    assert text.count("Pillar 2") == 2  # the eyebrow and the placement line the page makes itself
    assert "and the work here sits alongside" not in text
    assert 'href="https://doi.org/10.1038/nrn2648"' in markup
    assert re.search(r'href="/strategy-call/\?from=[^"]+"[^>]*>Book a Strategy Call<', markup)

    article = Article.objects.get(slug="negotiation-fatigue-why-the-last-hour-costs-the-most")
    text, markup = page_text(client, article.get_absolute_url())
    assert markup.count("<tr>") == 4
    once(
        text,
        "Long negotiations drift toward the default option as the hours pass.",
        "Fatigue does not make negotiators reckless",
        "This article is for educational purposes only and does not constitute medical or psychological advice.",
        "Every experienced negotiator knows the feeling",
        "is a cognitive neuroscientist and executive coach",
    )
    assert 'href="https://doi.org/10.1073/pnas.1018033108"' in markup
    assert "Key Takeaways Key Takeaways" not in text and "Closing Summary" not in text

    short = Article.objects.get(slug="the-two-minute-reset")
    assert short.author == author  # the site's only author signs the page that names none
    text, markup = page_text(client, short.get_absolute_url())
    assert markup.count("<li>") >= 6
    prose = markup[markup.index('class="prose"') :]
    assert re.findall(r"<h2[^>]*>(?:<a [^>]*>)?([^<]+)", prose)[:2] == ["What You Need", "The Routine"]


def test_the_other_hub_shapes_import_published_under_their_names(client, tmp_path):
    out = import_folder(tmp_path, "hub-quiet-hours.txt", "hub-sleep-under-load.txt")
    assert "2 created, 0 updated, 0 skipped" in out, out
    quiet = Hub.objects.get(name="Quiet Hours")
    sleep = Hub.objects.get(name="Sleep Under Load")
    assert quiet.status == sleep.status == Status.PUBLISHED
    assert quiet.title == "The Case for Protected Thinking Time in a Calendar That Never Stops"
    assert sleep.title == "When Work Follows You to Bed"
    assert (quiet.pillar.number, sleep.pillar.number) == (2, 3)
    assert (quiet.cta_heading, quiet.cta_button) == ("From insight to change", "Book a call")
    assert quiet.author.job_title == "Head of Performance Research"
    text, markup = page_text(client, quiet.get_absolute_url())
    once(
        text,
        "From insight to change",
        "One conversation to map where your week leaks attention.",
        "Start with one block a week.",
        "Senior calendars fill from the outside in.",
        "not a substitute for professional medical advice",
    )
    assert re.search(r">\s*Book a call\s*<", markup)
    text, _ = page_text(client, sleep.get_absolute_url())
    once(
        text,
        "Ready to sleep better under pressure?",
        "Dr. Nair treats insomnia",
        "This content does not constitute",
    )


def test_sidebar_first_article_with_its_own_author(client, tmp_path):
    out = import_folder(tmp_path, "article-recovery-between-meetings.txt", "article-walking-one-to-ones.txt")
    assert "2 created, 0 updated, 0 skipped" in out, out
    article = Article.objects.get(slug="recovery-between-meetings")
    assert article.status == Status.PUBLISHED
    assert article.subtitle == "The Five-Minute Gap That Saves the Afternoon"
    assert article.takeaways.count() == 3
    text, markup = page_text(client, article.get_absolute_url())
    assert markup.count("<tr>") == 4
    assert 'href="https://doi.org/10.1037/ocp0000083"' in markup
    once(
        text,
        "Back-to-back meetings feel efficient",
        "The information on this page is for general informational",
    )
    # The page that names nobody is signed by the site's only author, with a warning.
    walking = Article.objects.get(slug="walking-one-to-ones")
    assert walking.status == Status.PUBLISHED and walking.author == article.author
    assert "walking-one-to-ones.txt" in out and "default author" in out

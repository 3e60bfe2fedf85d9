"""A realistic, deterministic corpus for benchmarks, built through the public models.

``seed(total_articles)`` grows the corpus to that many articles (it can be called
again with a larger number), each ~3,000 words of Markdown with H2/H3 sections,
lists, two tables, in-text citations of 20 works (``[@key]``, resolved by the
references app), links to other articles, 8 FAQs and 5 takeaways; spread over 6
pillars and 30 hubs (each hub with its own essay and 8 FAQs) by 12 authors.
"""

from __future__ import annotations

import random
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from articles.models import FAQ, Article, Author, AuthorLink, Hub, Pillar, Status, Takeaway

PILLARS = 6
HUBS = 30
AUTHORS = 12
FAQS_PER_PAGE = 8
TAKEAWAYS = 5
CITATIONS_PER_ARTICLE = 20
WORDS_PER_ARTICLE = 3_000

WORDS = [
    "amygdala",
    "prefrontal",
    "cortex",
    "cortisol",
    "stress",
    "resilience",
    "regulation",
    "attention",
    "memory",
    "sleep",
    "decision",
    "leader",
    "executive",
    "team",
    "trust",
    "social",
    "connection",
    "dopamine",
    "reward",
    "habit",
    "learning",
    "plasticity",
    "recovery",
    "pressure",
    "signal",
    "response",
    "network",
    "evidence",
    "study",
    "trial",
    "participants",
    "measure",
    "effect",
    "baseline",
    "variability",
    "heart",
    "rate",
    "vagal",
    "tone",
    "breathing",
    "practice",
    "routine",
    "focus",
    "fatigue",
    "load",
    "threat",
    "safety",
    "appraisal",
    "reappraisal",
    "emotion",
    "behaviour",
    "performance",
    "calm",
    "energy",
    "hormone",
    "circuit",
    "neuron",
    "synapse",
    "region",
    "activity",
    "pattern",
    "change",
    "week",
    "month",
    "workplace",
    "meeting",
    "conflict",
    "feedback",
    "clarity",
    "judgement",
    "risk",
    "uncertainty",
    "control",
    "agency",
]
JOURNALS = [
    "Psychological Science",
    "Nature Neuroscience",
    "Journal of Neuroscience",
    "Biological Psychiatry",
    "Neuron",
    "Emotion",
    "Psychoneuroendocrinology",
    "Annual Review of Psychology",
]
FAMILY = [
    "Coan",
    "Sbarra",
    "Mikulincer",
    "Shaver",
    "McEwen",
    "Arnsten",
    "Gross",
    "Porges",
    "Walker",
    "Sapolsky",
]
GIVEN = ["James A.", "David A.", "Mario", "Phillip R.", "Bruce S.", "Amy F. T.", "James J.", "Matthew"]


@dataclass
class SeedReport:
    articles_created: int = 0
    article_save_seconds: list[float] = field(default_factory=list)
    seconds: float = 0.0


def _sentence(rng: random.Random, words: int) -> str:
    chosen = [rng.choice(WORDS) for _ in range(words)]
    return " ".join(chosen).capitalize() + "."


def _paragraph(rng: random.Random, words: int) -> str:
    sentences, count = [], 0
    while count < words:
        n = rng.randint(12, 22)
        sentences.append(_sentence(rng, n))
        count += n
    return " ".join(sentences)


def _table(rng: random.Random) -> str:
    header = "| Measure | Before | After | Change |\n|:---|---:|---:|---:|"
    rows = [
        f"| {rng.choice(WORDS).capitalize()} {rng.choice(WORDS)} | {rng.randint(10, 90)} "
        f"| {rng.randint(10, 90)} | {rng.randint(-20, 20)}% |"
        for _ in range(6)
    ]
    return "\n".join([header, *rows])


def article_body(index: int, keys: list[str], links: list[tuple[str, str]]) -> str:
    """About ``WORDS_PER_ARTICLE`` words of Markdown citing ``keys`` and linking ``links``."""
    rng = random.Random(index)
    parts: list[str] = []
    sections = 8
    per_section = WORDS_PER_ARTICLE // sections
    cites = list(keys)
    for s in range(sections):
        parts.append(f"## {_sentence(rng, 5)[:-1]}")
        for sub in range(2):
            if sub:
                parts.append(f"### {_sentence(rng, 4)[:-1]}")
            paragraph = _paragraph(rng, per_section // 3)
            for _ in range(2 if s < sections - 1 else len(cites)):
                if cites:
                    paragraph += f" {_sentence(rng, 8)[:-1]} [@{cites.pop()}]."
            parts.append(paragraph)
        parts.append("\n".join(f"- {_sentence(rng, rng.randint(6, 12))}" for _ in range(4)))
        if s in (2, 5):
            parts.append(_table(rng))
        if s < len(links):
            title, slug = links[s]
            parts.append(f"Read more in [{title}](/articles/{slug}/), {_paragraph(rng, 20).lower()}")
    return "\n\n".join(parts) + "\n"


def _ensure_structure() -> tuple[list[Author], list[Hub]]:
    now = timezone.now()
    authors = list(Author.objects.filter(slug__startswith="bench-author-").order_by("pk"))
    for i in range(len(authors), AUTHORS):
        rng = random.Random(f"author{i}")
        author = Author(
            name=f"Dr {rng.choice(GIVEN)} {rng.choice(FAMILY)} {i}",
            slug=f"bench-author-{i}",
            credentials="PhD, CPsychol",
            job_title="Neuroscientist",
            institutions="University College London, King's College London",
            short_bio=_sentence(rng, 20),
            bio=f"{_paragraph(rng, 120)}\n\n{_paragraph(rng, 80)}",
        )
        author.save()
        AuthorLink.objects.bulk_create(
            [
                AuthorLink(
                    author=author, label="University page", url=f"https://example.org/people/{i}", position=0
                ),
                AuthorLink(
                    author=author, label="ORCID", url=f"https://orcid.org/0000-0000-0000-{i:04d}", position=1
                ),
            ]
        )
        authors.append(author)
    pillars = list(Pillar.objects.filter(slug__startswith="bench-pillar-").order_by("number"))
    for i in range(len(pillars), PILLARS):
        rng = random.Random(f"pillar{i}")
        pillar = Pillar(
            number=100 + i,
            name=f"{_sentence(rng, 3)[:-1]}",
            slug=f"bench-pillar-{i}",
            summary=_sentence(rng, 14),
            intro=_paragraph(rng, 150),
        )
        pillar.save()
        pillars.append(pillar)
    hubs = list(Hub.objects.filter(slug__startswith="bench-hub-").order_by("pk"))
    for i in range(len(hubs), HUBS):
        rng = random.Random(f"hub{i}")
        intro = "\n\n".join(
            f"## {_sentence(rng, 4)[:-1]}\n\n{_paragraph(rng, 120)}\n\n### {_sentence(rng, 3)[:-1]}\n\n"
            f"{_paragraph(rng, 80)}"
            for _ in range(5)
        )
        hub = Hub(
            pillar=pillars[i % PILLARS],
            position=i,
            title=f"{_sentence(rng, 4)[:-1]} {i}",
            slug=f"bench-hub-{i}",
            summary=_paragraph(rng, 40),
            intro=intro,
            author=authors[i % AUTHORS],
            status=Status.PUBLISHED,
            published_at=now - timedelta(days=400),
        )
        hub.save()
        _add_faqs(hub, rng)
        hubs.append(hub)
    return authors, hubs


def _add_faqs(page: Article | Hub, rng: random.Random) -> None:
    key = "article" if isinstance(page, Article) else "hub"
    faqs = []
    for position in range(FAQS_PER_PAGE):
        faq = FAQ(
            question=_sentence(rng, 9)[:-1] + "?",
            answer=f"{_paragraph(rng, 50)}\n\n- {_sentence(rng, 8)}\n- {_sentence(rng, 8)}",
            position=position,
            **{key: page},
        )
        faq.render_markdown_fields()  # what save() does; bulk_create skips save()
        faqs.append(faq)
    FAQ.objects.bulk_create(faqs)


def ensure_citations(count: int) -> list[str]:
    """At least ``count`` works in the references app; returns their keys."""
    from references import api

    keys = list(
        api.Citation.objects.filter(key__startswith="bench").order_by("pk").values_list("key", flat=True)
    )
    for i in range(len(keys), count):
        rng = random.Random(f"cite{i}")
        year = rng.randint(1995, 2024)
        authors = [
            {"family": f"{rng.choice(FAMILY)}{i}", "given": rng.choice(GIVEN)}
            for _ in range(rng.randint(1, 4))
        ]
        item = {
            "id": f"bench{i}",
            "type": "article-journal",
            "author": authors,
            "issued": {"date-parts": [[year]]},
            "title": _sentence(rng, 10)[:-1],
            "container-title": rng.choice(JOURNALS),
            "volume": str(rng.randint(1, 80)),
            "issue": str(rng.randint(1, 12)),
            "page": f"{rng.randint(1, 500)}–{rng.randint(501, 900)}",
            "DOI": f"10.5555/bench.{i}",
        }
        citation, _ = api.find_or_create_citation(item)
        keys.append(citation.key)
    return keys


def seed(total_articles: int, *, progress=print) -> SeedReport:
    """Grow the benchmark corpus to ``total_articles`` published articles."""
    report = SeedReport()
    started = time.perf_counter()
    with transaction.atomic():
        authors, hubs = _ensure_structure()
    existing = Article.objects.filter(slug__startswith="bench-article-").count()
    if existing >= total_articles:
        report.seconds = time.perf_counter() - started
        return report
    with transaction.atomic():
        keys = ensure_citations(max(CITATIONS_PER_ARTICLE * 10, total_articles))
    now = timezone.now()
    batch = 100
    for start in range(existing, total_articles, batch):
        with transaction.atomic():
            for index in range(start, min(start + batch, total_articles)):
                rng = random.Random(f"article{index}")
                cited = rng.sample(keys, CITATIONS_PER_ARTICLE)
                links = [
                    (f"Article {j}", f"bench-article-{j}")
                    for j in rng.sample(range(max(index, 1)), min(index, 3))
                ]
                article = Article(
                    title=f"{_sentence(rng, 6)[:-1]} ({index})",
                    slug=f"bench-article-{index}",
                    subtitle=_sentence(rng, 10),
                    hub=hubs[index % HUBS] if index % 20 else None,  # 1 in 20 standalone
                    position=index,
                    author=authors[index % AUTHORS],
                    summary=_paragraph(rng, 45),
                    body=article_body(index, cited, links),
                    closing_summary=_paragraph(rng, 70),
                    status=Status.PUBLISHED,
                    published_at=now - timedelta(hours=index + 1),
                )
                t0 = time.perf_counter()
                article.save()  # renders Markdown, resolves citations, indexes for search
                report.article_save_seconds.append(time.perf_counter() - t0)
                _add_faqs(article, rng)
                Takeaway.objects.bulk_create(
                    Takeaway(article=article, text=_sentence(rng, 10), position=p) for p in range(TAKEAWAYS)
                )
                report.articles_created += 1
        progress(f"  seeded {min(start + batch, total_articles)}/{total_articles} articles")
    _refresh_search_index()
    report.seconds = time.perf_counter() - started
    return report


def _refresh_search_index() -> None:
    """FAQs were bulk-inserted: let the search index pick them up."""
    from articles import search

    search.rebuild_index()

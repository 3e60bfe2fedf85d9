"""Builders for citations used across the references tests."""

from __future__ import annotations

from references.models import Citation


def person(family: str, given: str = "") -> dict:
    return {"family": family, "given": given} if given else {"family": family}


def make_citation(**fields) -> Citation:
    defaults = {
        "type": "article-journal",
        "authors": [
            person("Coan", "James A."),
            person("Schaefer", "Hillary S."),
            person("Davidson", "Richard J."),
        ],
        "year": 2006,
        "title": "Lending a hand: Social regulation of the neural response to threat",
        "container_title": "Psychological Science",
        "volume": "17",
        "issue": "12",
        "pages": "1032-1039",
    }
    citation = Citation(**{**defaults, **fields})
    citation.save()
    return citation


def coan_sbarra_pair() -> tuple[Citation, Citation, Citation]:
    """The issue's case: one three-author work and two works by one pair in one year."""
    cacioppo = make_citation(
        key="cacioppo2015",
        authors=[person("Cacioppo", "Stephanie"), person("Grippo", "Angela J."), person("London", "Sarah")],
        year=2015,
        title="Loneliness: Clinical import and interventions",
        container_title="Perspectives on Psychological Science",
        volume="10",
        issue="2",
        pages="238-249",
        doi="10.1177/1745691615570616",
    )
    first = make_citation(
        key="coan2015a",
        authors=[person("Coan", "James A."), person("Sbarra", "David A.")],
        year=2015,
        title="Social baseline theory: The social regulation of risk and effort",
        container_title="Current Opinion in Psychology",
        volume="1",
        issue="",
        pages="87-91",
        doi="10.1016/j.copsyc.2014.12.021",
    )
    second = make_citation(
        key="coan2015b",
        authors=[person("Coan", "James A."), person("Sbarra", "David A.")],
        year=2015,
        title="Trust and the social regulation of threat",
        container_title="Emotion Review",
        volume="7",
        issue="4",
        pages="300-305",
    )
    return cacioppo, first, second

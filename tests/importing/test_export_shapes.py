"""The shapes of the practice's real plain-text exports, recognised without a database.

Three shapes, several variants each (fixtures in ``fixtures/exports``): a hub written as
an essay (pillar named inside a sentence, its own call to action, an "About <name>"
bio, disclaimer, references, FAQs), an article whose export starts with its sidebars
and has no title line, and a short article with a list.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.importing import plaintext

EXPORTS = Path(__file__).parent / "fixtures" / "exports"


def parse(name: str):
    return plaintext.parse((EXPORTS / name).read_text(encoding="utf-8"), name)


def headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{2,6}) (.+)$", markdown, re.M)]


def list_items(markdown: str) -> list[str]:
    return re.findall(r"^(?:-|\d+\.) (.+)$", markdown, re.M)


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|") and "---" not in line]


def warnings(doc) -> list[str]:
    return [note.message for note in doc.notes if not note.info]


def outside_body(doc, *texts: str) -> None:
    for text in texts:
        assert text not in doc.body, text


# --- hubs ---------------------------------------------------------------------------------


def test_hub_essay_with_breadcrumb_byline_and_pillar_sentence():
    doc = parse("hub-attention-under-pressure.txt")
    assert doc.kind == "hub"
    assert doc.title == "Why the Executive Mind Narrows When the Stakes Rise"
    assert doc.name == "Attention Under Pressure"
    assert doc.pillar == {"number": 2, "name": "Focus & Attention"}
    assert doc.summary.startswith("When a quarter turns bad")
    assert doc.body.startswith("This hub collects the research")  # the lead is the summary, not repeated
    assert headings(doc.body) == [
        (2, "How the Spotlight Works"),
        (3, "The Alerting Network"),
        (3, "The Executive Network"),
        (2, "What Narrowing Costs"),
        (2, "Widening the View Again"),
    ]
    assert list_items(doc.body) == [
        "Weak signals from outside the crisis go unnoticed",
        "Options are compared two at a time instead of as a set",
        "Colleagues are heard as obstacles rather than sources",
    ]
    assert table_rows(doc.body)[0] == "| Practice | What it targets | Time needed |"
    assert len(table_rows(doc.body)) == 4
    assert doc.cta_heading == "Talk to Dr. Vance about your attention"
    assert doc.cta_text.startswith("If pressure is shrinking your view")
    assert doc.cta_text.endswith("demands of your role.")
    assert doc.cta_button == "Book a Strategy Call"
    assert doc.closing_text.startswith("Read these in any order.")
    assert doc.hub_article_titles[0] == "Tunnel Vision in the Boardroom"
    assert doc.author.name == "Dr. Helena Vance" and doc.author.credentials == "PhD"
    assert doc.author.bio.startswith("Dr. Helena Vance, PhD, is a cognitive neuroscientist")
    assert doc.disclaimer.startswith("This hub is for educational purposes only")
    assert [ref.text[:8] for ref in doc.references] == ["Arnsten,", "Posner, "]
    assert "https://doi.org/10.1038/nrn2648" in doc.references[0].text
    assert [faq.question for faq in doc.faqs] == [
        "Is narrowed attention always a bad sign?",
        "Can attention really be trained?",
    ]
    outside_body(
        doc,
        "Pillar 2",
        "Talk to Dr. Vance",
        "Book a Strategy Call",
        "Tunnel Vision",
        "Read these in any order",
        "twelve years",
        "educational purposes",
        "Arnsten, A.",
        "Can attention really be trained",
    )
    # Guesses are warnings with their line, never a reason to skip.
    assert any("call to action" in message for message in warnings(doc))
    assert any("pillar 2 — Focus & Attention taken from the sentence" in message for message in warnings(doc))


def test_hub_without_byline_named_by_its_faq_heading_with_heading_free_cta():
    doc = parse("hub-quiet-hours.txt")
    assert doc.kind == "hub"
    assert doc.title == "The Case for Protected Thinking Time in a Calendar That Never Stops"
    assert doc.name == "Quiet Hours"
    # "and" and "&" name the same pillar; the mapper matches the pillar by its number.
    assert doc.pillar == {"number": 2, "name": "Focus and Attention"}
    assert doc.summary.startswith("Senior calendars fill from the outside in.")
    assert doc.body.startswith("The research on sustained attention")
    assert (doc.cta_heading, doc.cta_text, doc.cta_button) == (
        "From insight to change",
        "One conversation to map where your week leaks attention.",
        "Book a call",
    )
    assert doc.closing_text.startswith("Start with one block a week.")
    assert doc.hub_article_titles == [
        "Ninety Minutes That Change the Week",
        "Closing the Loop Before the Next Meeting",
    ]
    assert doc.author.name == "Marcus Oyelaran"
    assert doc.author.credentials == "MSc"
    assert doc.author.job_title == "Head of Performance Research"
    assert doc.author.bio.startswith("Marcus Oyelaran, MSc, leads")
    assert doc.disclaimer.startswith("the content of this hub is for informational purposes")
    assert len(doc.references) == 2 and len(doc.faqs) == 2
    outside_body(
        doc, "Pillar 2", "From insight to change", "Book a call", "Head of Performance", "Start with one"
    )


def test_hub_name_line_above_its_headline_and_named_article_list():
    doc = parse("hub-sleep-under-load.txt")
    assert doc.kind == "hub"
    assert doc.name == "Sleep Under Load"
    assert doc.title == "When Work Follows You to Bed"
    assert doc.pillar == {"number": 3, "name": "Sleep & Recovery"}
    assert headings(doc.body) == [(2, "Why Pressure Delays Sleep"), (2, "Habits That Help")]
    assert len(list_items(doc.body)) == 3
    assert doc.cta_heading == "Ready to sleep better under pressure?"
    assert doc.cta_button == "Schedule a Strategy Call"
    assert doc.author.name == "Dr. Priya Nair" and doc.author.credentials == "MD"
    assert doc.author.job_title == "Sleep physician and clinical advisor"
    assert doc.disclaimer.startswith("This content does not constitute medical advice")
    assert doc.hub_article_titles == ["The Open-Loop List", "Wake Time First"]
    outside_body(
        doc, "Pillar 3", "Sleep Under Load", "The Open-Loop List", "Ready to sleep", "see your doctor"
    )


@pytest.mark.parametrize(
    ("sentence", "number", "name", "kept"),
    [
        (
            "This is Pillar 2 content — Focus & Attention — and the work here is practical.",
            2,
            "Focus & Attention",
            "",
        ),
        (
            "The work here is Pillar 2 — Focus and Attention — because it starts there.",
            2,
            "Focus and Attention",
            "",
        ),
        (
            "The Work Here Is Pillar 6 ― Sleep and Recovery ― since rest comes first.",
            6,
            "Sleep and Recovery",
            "",
        ),
        (
            "This hub sits in Pillar 5 -- Leadership and Influence, where teams come in.",
            5,
            "Leadership and Influence",
            "",
        ),
        (
            "Attention is trainable. This is Pillar 2 content — Focus & Attention — and it shows.",
            2,
            "Focus & Attention",
            "Attention is trainable.",
        ),
    ],
)
def test_pillar_named_inside_a_sentence(sentence, number, name, kept):
    text = (
        "A Hub Title\n"
        "A first paragraph that is long enough to be running text, with a full stop at the end of it.\n"
        "Section Heading\n"
        "Some text of the section that goes on for a while, so that it reads as a paragraph of prose.\n"
        f"{sentence}\n"
    )
    doc = plaintext.parse(text, "hub.txt")
    assert doc.kind == "hub"
    assert doc.pillar == {"number": number, "name": name}
    assert "illar" not in doc.body
    assert (kept in doc.body) if kept else doc.body.endswith("paragraph of prose.")
    assert any(f"pillar {number} — {name}" in message for message in warnings(doc))


@pytest.mark.parametrize(
    ("line", "number", "name"),
    [
        ("This hub is part of Pillar 5 -- Leadership and Influence.", 5, "Leadership and Influence"),
        (
            "This is pillar four content – Stress, Resilience & Regulation",
            4,
            "Stress, Resilience & Regulation",
        ),
        ("Pillar 1: Focus, Attention & Decision-Making", 1, "Focus, Attention & Decision-Making"),
    ],
)
def test_pillar_line_of_its_own(line, number, name):
    text = (
        "A Hub Title\n"
        "A first paragraph that is long enough to be running text, with a full stop at the end of it.\n"
        "The 2 Articles in This Hub\nOne\nTwo\n"
        f"{line}\n"
    )
    doc = plaintext.parse(text, "hub.txt")
    assert doc.pillar == {"number": number, "name": name}
    assert "illar" not in doc.body + doc.closing_text


def test_pillar_in_real_prose_stays_in_the_text():
    text = (
        "A Hub Title\n"
        "A first paragraph that is long enough to be running text, with a full stop at the end of it.\n"
        "The 2 Articles in This Hub\n"
        "One\n"
        "Two\n"
        "Section Heading\n"
        "Readers of Pillar 2 — Focus & Attention — often ask how this connects to sleep, and the answer is rest.\n"
    )
    doc = plaintext.parse(text, "hub.txt")
    assert doc.pillar == {"number": 2, "name": "Focus & Attention"}
    assert "Readers of Pillar 2" in doc.body + doc.closing_text


# --- sidebar-first articles -----------------------------------------------------------------


def test_sidebar_first_article_takes_its_title_from_the_main_heading():
    doc = parse("article-negotiation-fatigue.txt")
    assert doc.kind == "article"
    assert doc.title == "Negotiation Fatigue: Why the Last Hour Costs the Most"
    assert doc.disclaimer.startswith("This article is for educational purposes only")
    assert [ref.text[:10] for ref in doc.references] == ["Baumeister", "Danziger, "]
    assert "https://doi.org/10.1073/pnas.1018033108" in doc.references[1].text
    assert doc.takeaways == [
        "Long negotiations drift toward the default option as the hours pass.",
        "Breaks with food restore more than breaks without it.",
        "Writing down your walk-away point before the session protects it later.",
    ]
    assert doc.closing_summary.startswith("Fatigue does not make negotiators reckless")
    assert doc.author.name == "Dr. Helena Vance"
    assert doc.published.date().isoformat() == "2026-01-12"
    assert doc.body.startswith("Every experienced negotiator")
    assert headings(doc.body) == [
        (2, "The Drift Toward the Default"),
        (2, "What Changes Across a Long Session"),
        (2, "Protecting Your Position"),
    ]
    assert table_rows(doc.body) == [
        "| Hour | Typical state | Risk |",
        "| First | Clear on goals | Overconfidence |",
        "| Third | Attention wandering | Missed details |",
        "| Fifth | Wants closure | Needless concessions |",
    ]
    outside_body(
        doc, "Key Takeaways", "Closing Summary", "Fatigue does not make", "Disclaimer", "Baumeister, R."
    )
    assert any("took 'Negotiation Fatigue" in message for message in warnings(doc))


def test_sidebar_first_article_with_bullets_sources_on_two_lines_and_a_subtitle():
    doc = parse("article-recovery-between-meetings.txt")
    assert doc.title == "Recovery Between Meetings"
    assert doc.subtitle == "The Five-Minute Gap That Saves the Afternoon"
    assert doc.author.name == "Marcus Oyelaran" and doc.author.credentials == "MSc"
    assert len(doc.takeaways) == 3 and doc.takeaways[0].startswith("Five minutes between meetings")
    assert doc.disclaimer.startswith("The information on this page")
    assert len(doc.references) == 2
    assert doc.references[0].text.endswith("https://doi.org/10.1186/s12966-016-0437-z")
    assert doc.references[1].text.endswith("doi:10.1037/ocp0000083")
    assert doc.closing_summary.startswith("Back-to-back meetings feel efficient")
    assert len(table_rows(doc.body)) == 4
    assert headings(doc.body) == [
        (2, "Why Gaps Matter"),
        (2, "Comparing Breaks"),
        (2, "How to Build the Gap"),
    ]
    outside_body(doc, "In Summary", "Sources", "Five minutes between meetings lowers")


def test_export_starting_with_a_long_disclaimer_paragraph_is_not_skipped():
    text = (
        "This article is for educational purposes only and does not constitute medical advice. "
        * 4
        + "\nKey Takeaways\nSleep protects judgement.\nLight in the morning sets the clock.\n"
        "Morning Light and the Body Clock\nBy Jane Example\n"
        "Light in the first hour after waking is the strongest signal the body clock receives. It sets the day.\n"
    )
    doc = plaintext.parse(text, "x.txt")
    assert doc.title == "Morning Light and the Body Clock"
    assert doc.disclaimer.startswith("This article is for educational purposes only")
    assert doc.takeaways == ["Sleep protects judgement.", "Light in the morning sets the clock."]
    assert doc.author.name == "Jane Example"
    assert doc.body.startswith("Light in the first hour")


# --- short articles --------------------------------------------------------------------------


def test_short_article_with_lists_names_no_author():
    doc = parse("article-two-minute-reset.txt")
    assert doc.kind == "article"
    assert doc.title == "The Two-Minute Reset"
    assert doc.subtitle == "A short routine for the moment before a difficult conversation"
    assert doc.author is None  # the mapper applies the site's default author, with a warning
    assert headings(doc.body) == [(2, "What You Need"), (2, "The Routine")]
    assert list_items(doc.body)[:3] == [
        "A quiet place to stand or sit",
        "A timer on your phone, set to two minutes",
        "One sentence describing what you want from the conversation",
    ]
    assert "Breathe in through the nose for four counts." in list_items(doc.body)
    assert doc.summary.startswith("Pressure narrows breathing")


def test_short_article_with_dashed_list_and_no_subtitle():
    doc = parse("article-walking-one-to-ones.txt")
    assert doc.title == "Walking One-to-Ones"
    assert doc.subtitle == ""
    assert doc.author is None
    assert list_items(doc.body) == [
        "Career conversations",
        "Feedback that needs time to land",
        "Early thinking on a new idea",
    ]
    assert doc.body.startswith("Holding a one-to-one on foot")  # an article keeps its lead in the body
    assert doc.summary.startswith("Holding a one-to-one on foot")


# --- what bylines, eyebrows and marked headings carry -------------------------------------------


def test_byline_with_several_authors_and_a_medical_review():
    doc = plaintext.parse(
        "Sleep and the Ageing Brain\n"
        "By Dr. Ana Ruiz, MD and Sam Lee, PhD · Published 3 March 2026\n"
        "Medically reviewed by Dr. Priya Nair, MD on 10 March 2026\n"
        "A paragraph of body text that runs long enough to count as running text in the importer, ending here.\n",
        "x.txt",
    )
    assert (doc.author.name, doc.author.credentials) == ("Dr. Ana Ruiz", "MD")
    assert [(person.name, person.credentials) for person in doc.coauthors] == [("Sam Lee", "PhD")]
    assert (doc.reviewer.name, doc.reviewer.credentials) == ("Dr. Priya Nair", "MD")
    assert doc.reviewed.date().isoformat() == "2026-03-10"
    assert "reviewed" not in doc.body
    assert any("several authors" in message for message in warnings(doc))


def test_a_byline_naming_a_team_keeps_one_author():
    doc = plaintext.parse(
        "Sleep and the Ageing Brain\nBy Jane Doe and the editorial team\n"
        "A paragraph of body text that runs long enough to count as running text in the importer, ending here.\n",
        "x.txt",
    )
    assert doc.author.name == "Jane Doe"
    assert doc.coauthors == []
    assert any("'the editorial team' names no person" in message for message in warnings(doc))


def test_eyebrow_above_the_title_names_the_articles_hub():
    doc = plaintext.parse(
        "Attention Under Pressure\n"
        "Tunnel Vision in the Boardroom\n"
        "What acute stress does to the field of view of a leader\n"
        "By Dr. Helena Vance · Published 3 March 2026\n"
        "A paragraph of body text that runs long enough to count as running text in the importer, ending here.\n",
        "x.txt",
    )
    assert doc.title == "Tunnel Vision in the Boardroom"
    assert doc.subtitle == "What acute stress does to the field of view of a leader"
    assert doc.hub == "Attention Under Pressure"


def test_headings_marked_with_hashes_keep_their_levels():
    doc = plaintext.parse(
        "# A Page With Marked Headings\n"
        "A lead paragraph that runs long enough to count as running text in the importer, ending here.\n"
        "## Why It Works\n"
        "A paragraph under the section heading, again long enough to be read as running text here.\n"
        "#### A Deep Detail\n"
        "A paragraph under the deeper heading, long enough to be read as running text by the importer.\n"
        "### Back One Level\n"
        "A paragraph under the third-level heading, long enough to be read as running text as well.\n",
        "x.txt",
    )
    assert doc.title == "A Page With Marked Headings"
    assert headings(doc.body) == [(2, "Why It Works"), (4, "A Deep Detail"), (3, "Back One Level")]


def test_hub_list_cards_with_reading_times_and_closing_text():
    doc = plaintext.parse(
        "A Hub About Rest\n"
        "A lead paragraph that runs long enough to count as running text in the importer, ending here.\n"
        "Why Rest Matters\n"
        "A paragraph under the section heading, again long enough to be read as running text here.\n"
        "Articles in This Hub\n"
        "The First Article\n6 min read\nA one-line summary of the first article.\n"
        "The Second Article\n4 min read\nA one-line summary of the second article.\n"
        "A closing paragraph after the list, which reads as running text and ends the hub's essay well.\n"
        "This is Pillar 6 content — Sleep & Recovery.\n",
        "hub.txt",
    )
    assert doc.hub_article_titles == ["The First Article", "The Second Article"]
    assert doc.closing_text.startswith("A closing paragraph after the list")
    assert "min read" not in doc.body + doc.closing_text
    assert doc.pillar == {"number": 6, "name": "Sleep & Recovery"}

"""Structure recognition of plain-text page exports (no database needed)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from articles.importing import plaintext

FIXTURES = Path(__file__).parent / "fixtures" / "plaintext"


def parse(name: str):
    return plaintext.parse((FIXTURES / name).read_text(encoding="utf-8"), name)


def headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m.group(1)), m.group(2)) for m in re.finditer(r"^(#{2,3}) (.+)$", markdown, re.M)]


def list_items(markdown: str) -> list[str]:
    return re.findall(r"^(?:-|\d+\.) (.+)$", markdown, re.M)


def table_rows(markdown: str) -> list[str]:
    return [line for line in markdown.splitlines() if line.startswith("|") and "---" not in line]


def text_outside_body(doc) -> list[str]:
    return [doc.body, doc.closing_summary]


def test_hub_with_faqs_references_pillar_and_bio():
    doc = parse("hub-social-resilience.txt")
    assert doc.kind == "hub"
    assert doc.title == "Social Resilience and Connection"
    assert doc.summary.startswith("Why the people around you")
    assert doc.pillar == {"number": 4, "name": "Stress, Resilience & Regulation"}
    assert headings(doc.body) == [
        (2, "The Brain Budgets for Company"),
        (2, "Three Ways Connection Buffers Stress"),
        (3, "Shared Appraisal"),
        (3, "Physiological Co-Regulation"),
        (3, "Predictable Belonging"),
        (2, "What Isolation Costs at the Top"),
    ]
    assert list_items(doc.body) == [
        "Decisions are rehearsed alone, late at night",
        "Feedback arrives filtered or not at all",
        "Rest feels like withdrawal rather than recovery",
    ]
    assert len(table_rows(doc.body)) == 4
    assert [ref.line for ref in doc.references] == [45, 46, 47]
    assert "doi.org/10.1016/j.copsyc.2014.12.021" in doc.references[0].text
    assert [faq.question for faq in doc.faqs] == [
        "Can a single relationship really change my stress response?",
        "How do I rebuild connection when my schedule is already full?",
        "Is it a weakness to rely on others under pressure?",
    ]
    assert doc.faqs[0].answer.endswith("Quality matters more than number.")
    assert doc.disclaimer.startswith("This content is for educational purposes only")
    assert doc.hub_article_titles == [
        "Trusted People and the Threat Response",
        "Loneliness in Leadership Roles",
        "Building a Personal Board",
    ]
    assert doc.author.name == "Dr Mara Lindqvist"
    assert doc.author.credentials == "PhD"
    assert doc.author.job_title == "Founder, Lindqvist Performance Lab"
    assert "affective neuroscience research" in doc.author.bio
    for unwanted in (
        "From Reading to Rewiring",
        "Strategy Call",
        "About Dr",
        "Articles in This Hub",
        "Pillar 4",
    ):
        assert unwanted not in doc.body
    assert "affective neuroscience" not in doc.body


def test_article_with_sidebar_first_takeaways_table_and_closing_summary():
    doc = parse("article-sleep-debt-decisions.txt")
    assert doc.kind == "article"
    assert doc.subtitle == "What a short night takes from judgement, and how to notice before it costs you"
    assert doc.author.name == "Dr Mara Lindqvist"
    assert doc.published.date().isoformat() == "2025-04-02"
    assert doc.updated.date().isoformat() == "2025-05-20"
    assert len(doc.takeaways) == 4
    assert doc.takeaways[0].startswith("One short night")
    assert doc.disclaimer.startswith("This article is for educational purposes only")
    # The table of contents sidebar is dropped; the headings it listed are the body's.
    assert headings(doc.body) == [
        (2, "Why Judgement Goes First"),
        (2, "The Prefrontal Cost"),
        (2, "A Day on Six Hours"),
        (2, "Practical Countermeasures"),
    ]
    assert doc.body.startswith("## Why Judgement Goes First")
    assert table_rows(doc.body)[0] == "| Time of day | Rested | After a week of six-hour nights |"
    assert len(table_rows(doc.body)) == 5
    assert len(list_items(doc.body)) == 4
    assert doc.closing_summary.startswith("A short night costs judgement")
    assert len(doc.references) == 2
    assert len(doc.faqs) == 2
    assert "Thirty minutes" not in doc.body
    assert "Key Takeaways" not in doc.body and "On this page" not in doc.body
    assert doc.summary.startswith("Most executives notice a short night")


def test_short_article_with_lists_and_no_references():
    doc = parse("article-three-minute-reset.txt")
    assert doc.kind == "article"
    assert doc.references == [] and doc.faqs == [] and doc.takeaways == []
    assert headings(doc.body) == [(2, "Before You Start"), (2, "The Routine"), (2, "What to Expect")]
    assert len(list_items(doc.body)) == 7
    assert "Common obstacles include:" in doc.body
    assert doc.disclaimer == ""


def test_hub_with_blank_lines_numbered_subsections_and_bulleted_sources():
    doc = parse("hub-focus-under-pressure.txt")
    assert doc.kind == "hub"
    assert doc.title == "Focus Under Pressure"
    assert doc.pillar["number"] == 1
    assert doc.author.name == "Dr Tomas Okafor" and doc.author.credentials == "MD"
    assert headings(doc.body) == [
        (2, "How the Funnel Forms"),
        (2, "The Inverted U"),
        (3, "1. Under-Aroused"),
        (3, "2. Optimal"),
        (3, "3. Over-Aroused"),
        (2, "Widening the Funnel"),
    ]
    assert list_items(doc.body) == [
        "A slow exhale before switching tasks",
        "Writing the decision down in one sentence",
        "A five-minute walk without a phone",
    ]
    assert len(doc.references) == 2 and not doc.references[0].text.startswith("-")
    assert doc.disclaimer.startswith("The material in this hub")
    assert len(doc.faqs) == 2
    assert doc.hub_article_titles == ["The Locus Coeruleus at Work", "Decisions After Bad News"]
    assert "Schedule" not in doc.body and "physician" not in doc.body


def test_article_with_breadcrumbs_toc_bullets_qa_prefixes_and_related_reading():
    doc = parse("article-feedback-threat.txt")
    assert doc.kind == "article"
    assert doc.title == "Feedback That Lands"
    assert doc.takeaways == [
        "Criticism is processed by systems that overlap with those for physical pain.",
        "A threatened listener has less capacity to take in detail.",
        "Specific, behaviour-focused feedback lowers the threat response.",
    ]
    assert doc.disclaimer.startswith("This article is provided for general educational purposes")
    assert (2, "What Happens in the Brain During Criticism?") in headings(doc.body)
    assert list_items(doc.body)[0] == "Ask whether now is a good time"
    assert "1. Ask whether" in doc.body  # numbered list stays ordered
    assert [faq.question for faq in doc.faqs] == [
        "Should feedback always be given in private?",
        "What if the other person becomes defensive anyway?",
    ]
    assert doc.faqs[1].answer.startswith("Pause and name")
    assert len(doc.references) == 3 and doc.references[0].text.startswith("Eisenberger")
    assert "Related Reading" not in doc.body and "Trusted People" not in doc.body
    assert "Home >" not in doc.body


def test_article_without_subtitle_steps_tab_table_and_takeaways_at_the_end():
    doc = parse("article-boundaries-conversation.txt")
    assert doc.subtitle == ""
    assert headings(doc.body) == [
        (2, "Introduction"),
        (2, "A Four-Step Boundary Conversation"),
        (3, "Step 1: Name the Demand"),
        (3, "Step 2: State Your Capacity"),
        (3, "Step 3: Offer a Trade"),
        (3, "Step 4: Confirm the Agreement"),
        (2, "Where Boundaries Usually Fail"),
    ]
    assert len(table_rows(doc.body)) == 3
    assert len(doc.takeaways) == 3
    assert "strategy call" not in doc.body.lower()
    assert doc.author.name == "Dr Tomas Okafor"


def test_hub_counted_in_words_with_placement_line():
    doc = parse("hub-decision-hygiene.txt")
    assert doc.kind == "hub"
    assert doc.pillar == {"number": 1, "name": "Focus, Attention & Decision-Making"}
    assert len(doc.hub_article_titles) == 4
    assert headings(doc.body) == [(2, "Where Noise Comes From"), (2, "Routines That Reduce Noise")]
    assert len(list_items(doc.body)) == 3
    assert len(doc.references) == 2 and len(doc.faqs) == 2
    assert "does not constitute" in doc.disclaimer and "does not constitute" not in doc.body


def test_hub_with_eyebrow_pillar_bare_name_byline_and_sibling_subsections():
    doc = parse("hub-attachment-at-work.txt")
    assert doc.kind == "hub"
    assert doc.pillar == {"number": 2, "name": "Emotional Intelligence & Relationships"}
    assert doc.title == "Attachment at Work: How Early Bonds Shape Executive Behaviour"
    assert doc.summary.startswith("The attachment system never retires")
    assert doc.author.name == "Dr. Lena Hart"
    assert headings(doc.body) == [
        (2, "Introduction"),
        (2, "What Attachment Theory Actually Says"),
        (3, "Secure Attachment"),
        (3, "Anxious Attachment"),
        (3, "Avoidant Attachment"),
        (2, "How Attachment Shows Up in Leadership"),
    ]
    assert len(list_items(doc.body)) == 6 and "Avoidant leaders may:" in doc.body
    assert len(table_rows(doc.body)) == 4
    assert len(doc.hub_article_titles) == 4 and len(doc.faqs) == 3 and len(doc.references) == 2
    assert "Reading time" not in doc.body and "Rewiring" not in doc.body


def test_article_with_numbered_subsections_under_a_bare_heading():
    doc = parse("article-burnout-rest.txt")
    assert doc.updated.date().isoformat() == "2025-01-12"
    assert len(doc.takeaways) == 4 and doc.takeaways[0].startswith("Burnout is a state")
    assert headings(doc.body) == [
        (2, "What Burnout Does to the Brain"),
        (2, "The Three Dimensions"),
        (2, "Why Rest Is Not Enough"),
        (2, "What Actually Helps"),
        (3, "1. Reduce the Load"),
        (3, "2. Restore Control"),
        (3, "3. Reconnect With Meaning"),
    ]
    assert list_items(doc.body) == ["Exhaustion", "Cynicism", "Reduced efficacy"]
    assert "\n\nEach dimension has a different pattern of recovery." in doc.body
    assert doc.disclaimer.endswith("not a substitute for professional medical advice.")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Title\nIntro paragraph that is long enough to be running text, with a comma, and more words here.\n"
         "Signs include:\nOne\nTwo\nThree\n", ["One", "Two", "Three"]),
        ("Title\nA first paragraph that is long enough to be read as running text by the recogniser here.\n"
         "- alpha\n- beta\n", ["alpha", "beta"]),
    ],
)  # fmt: skip
def test_lists_after_a_lead_in_or_with_markers(text, expected):
    assert list_items(plaintext.parse(text, "x").body) == expected


def test_plain_text_is_kept_plain_in_markdown():
    doc = plaintext.parse(
        "Title\nSubtitle line here\n# not a heading in the source, just a hash sign and text that runs on for a while.\n"
        "Reach us @mindlab or <script>alert(1)</script> for details, which is a long enough sentence.\n",
        "x",
    )
    assert "\\# not a heading" in doc.body
    assert "&lt;script>" in doc.body
    assert "\\@mindlab" in doc.body


def test_pipe_table_without_rule_gets_one():
    doc = plaintext.parse("Title\nSub title\n| A | B |\n| 1 | 2 |\n", "x")
    assert "| A | B |\n|---|---|\n| 1 | 2 |" in doc.body


def test_reference_doi_on_its_own_line_joins_its_entry():
    doc = plaintext.parse(
        "Title\nSub title here\nReferences\n"
        "Smith, J. (2020). A study of rest. Journal of Rest, 1(1), 1–10.\nhttps://doi.org/10.1234/rest.1\n",
        "x",
    )
    assert [ref.text for ref in doc.references] == [
        "Smith, J. (2020). A study of rest. Journal of Rest, 1(1), 1–10. https://doi.org/10.1234/rest.1"
    ]


def test_related_reading_sidebar_before_the_body_does_not_swallow_it():
    body = "The body starts here and runs on for long enough. " * 8
    doc = plaintext.parse(
        f"Title\nSub title here\nRelated Reading\nAnother Page\nIts one-line summary.\nWhy It Matters\n{body}\n",
        "x",
    )
    assert doc.body.startswith("## Why It Matters")
    assert "Another Page" not in doc.body


def test_call_to_action_paragraphs_and_their_empty_headings_leave_the_body():
    body = "Running text about attention that is long enough to be a paragraph of the body. " * 3
    doc = plaintext.parse(
        f"Title\nSub title here\nWhy It Matters\n{body}\nYour Next Step\n"
        "Ready to go further? Book a strategy call and we will map the next month together.\n",
        "x",
    )
    assert headings(doc.body) == [(2, "Why It Matters")]
    assert "strategy call" not in doc.body.lower()


def test_article_with_blank_lines_checkmarks_toc_and_a_time_in_a_heading():
    doc = parse("article-leaders-sleep-blank-lines.txt")
    assert doc.kind == "article" and doc.title == "Why Leaders Stop Sleeping"
    assert doc.updated.date().isoformat() == "2025-02-04"
    assert headings(doc.body) == [
        (2, "The 3 a.m. Problem"),
        (2, "Rumination and the Default Mode Network"),
        (2, "A Wind-Down Protocol"),
        (3, "Step One: Close the Loops"),
        (3, "Step Two: Lower the Light"),
        (3, "Step Three: Park the Problem"),
        (2, "Conclusion"),
    ]
    assert list_items(doc.body) == [
        "Replaying conversations",
        "Rehearsing tomorrow's meetings",
        "Catastrophising about outcomes",
    ]
    assert doc.disclaimer.startswith("This article is for informational purposes only")
    assert len(doc.references) == 1 and "10.1016/j.biopsych.2015.02.020" in doc.references[0].text
    assert "Share this" not in doc.body and "Important Note" not in doc.body


def test_takeaways_end_where_running_text_begins_and_hub_cards_skip_links():
    doc = plaintext.parse(
        "Rest as a Skill | MindLAB Neuroscience\nA subtitle for the page\nKey Takeaways\n"
        "Rest is trainable\nShort breaks beat long ones\n"
        "The body begins here with a sentence of ordinary length. It has two sentences.\n"
        "The 1 Article in This Hub\nMicro-Breaks at Work\nWhy five minutes can matter.\nRead the article →\n"
        "This is Pillar 2 content — Energy & Recovery\n",
        "x",
    )
    assert doc.title == "Rest as a Skill"
    assert doc.kind == "hub" and doc.hub_article_titles == ["Micro-Breaks at Work"]
    assert doc.body.startswith(
        "Key takeaways:\n\n- Rest is trainable\n- Short breaks beat long ones"
    )  # in the intro
    assert "The body begins here" in doc.body and "Read the article" not in doc.body


def test_call_to_action_with_a_list_of_benefits_is_left_out_whole():
    doc = plaintext.parse(
        "Title\nSub title here\nFrom Reading to Rewiring\nIn a strategy call we look at three things together.\n"
        "Where your stress shows up\nWhat you have already tried\nWhat would change first\nSchedule a Strategy Call\n"
        "Disclaimer: This page is for educational purposes only.\n",
        "x",
    )
    assert doc.body == ""
    assert doc.disclaimer == "This page is for educational purposes only."


def test_a_bio_box_before_the_body_stops_where_the_body_starts():
    bio = "She studies attention and has advised boards for a decade, mostly in healthcare and finance. " * 2
    body = "Attention is a budget, and pressure spends it faster than anything else in a working day. " * 2
    doc = plaintext.parse(
        f"Title\nSub title here\nAbout Dr Ines Duarte\nIn short: a researcher of attention who writes for leaders.\n"
        f"{bio}\n{body}\n",
        "x",
    )
    assert doc.author.name == "Dr Ines Duarte" and "advised boards" in doc.author.bio
    assert doc.body.startswith("Attention is a budget")

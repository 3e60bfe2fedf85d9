"""Reading in-text mentions of works from running text (``find_mentions``): golden cases.

Each case is a sentence as authors write it and the mentions a reader sees in it, as
``(names, et al., date)``; the false-positive cases are prose with years, figures and
capitalised words that cite nothing.
"""

import pytest

from articles.citation_checks import find_mentions


def read(text: str) -> list[tuple[tuple[str, ...], bool, str]]:
    out = []
    for mention in find_mentions(text):
        date = f"{mention.year}{mention.suffix}" if mention.dated == "year" else mention.dated or "none"
        out.append((mention.names, mention.et_al, date))
    return out


NARRATIVE = [
    ("Lee and Park (2021) showed that naps help.", [(("Lee", "Park"), False, "2021")]),
    ("Lee & Park (2021) showed it.", [(("Lee", "Park"), False, "2021")]),
    ("According to Ruiz et al. (2019), attention narrows.", [(("Ruiz",), True, "2019")]),
    ("Ruiz and colleagues (2019) found the same.", [(("Ruiz",), True, "2019")]),
    ("Okafor's (2020) study was small.", [(("Okafor",), False, "2020")]),
    ("Okafor’s (2020a) study was small.", [(("Okafor",), False, "2020a")]),
    ("Ruiz et al.'s (2019) sample was large.", [(("Ruiz",), True, "2019")]),
    ("As Mensah (n.d.) notes, rest is work.", [(("Mensah",), False, "n.d.")]),
    ("Mensah (in press) disagrees.", [(("Mensah",), False, "in press")]),
    (
        "World Health Organization (2022) guidance is clear.",
        [(("World Health Organization",), False, "2022")],
    ),
    ("WHO (2022) recommends it.", [(("WHO",), False, "2022")]),
    ("van der Berg (2018) replicated it.", [(("van der Berg",), False, "2018")]),
    ("Work by Van der Berg (2018) replicated it.", [(("Van der Berg",), False, "2018")]),
    ("Ó Súilleabháin (2017) described the loop.", [(("Ó Súilleabháin",), False, "2017")]),
    ("Holt-Lunstad (2010) pooled 148 studies.", [(("Holt-Lunstad",), False, "2010")]),
    ("O'Brien and McDonald (2015) disagreed.", [(("O'Brien", "McDonald"), False, "2015")]),
    (
        "Kahneman, Sibony, and Sunstein (2021) call it noise.",
        [(("Kahneman", "Sibony", "Sunstein"), False, "2021")],
    ),
    (
        "Kahneman, Sibony and Sunstein (2021) call it noise.",
        [(("Kahneman", "Sibony", "Sunstein"), False, "2021")],
    ),
    ("In their review, Okafor (2020, p. 14) says so.", [(("Okafor",), False, "2020")]),
    ("Okafor (2020, 2021) returned to it.", [(("Okafor",), False, "2020"), (("Okafor",), False, "2021")]),
    ("Freud (1923/1961) wrote it first.", [(("Freud",), False, "1961")]),
    ("As **Okafor (2020)** showed, sleep matters.", [(("Okafor",), False, "2020")]),
    ("The finding of Müller (2016) holds.", [(("Müller",), False, "2016")]),
    (
        "De Souza (2019) and Lee (2020) both agree.",
        [(("De Souza",), False, "2019"), (("Lee",), False, "2020")],
    ),
    ("Studies by Lee and\nPark (2021) wrapped across lines.", [(("Lee", "Park"), False, "2021")]),
]

PARENTHETICAL = [
    ("Sleep restores judgement (Okafor, 2020).", [(("Okafor",), False, "2020")]),
    (
        "Both hold (Okafor, 2020a; Lee & Park, 2021, p. 4).",
        [(("Okafor",), False, "2020a"), (("Lee", "Park"), False, "2021")],
    ),
    ("It is known (see Okafor, 2020).", [(("Okafor",), False, "2020")]),
    ("It is known (see also Okafor, 2020).", [(("Okafor",), False, "2020")]),
    ("Examples abound (e.g., Ruiz et al., 2019).", [(("Ruiz",), True, "2019")]),
    ("A claim with a name only (Okafor).", [(("Okafor",), False, "none")]),
    ("A claim with two names only (Lee & Park).", [(("Lee", "Park"), False, "none")]),
    ("Undated (Okafor, n.d.).", [(("Okafor",), False, "n.d.")]),
    ("Forthcoming (Okafor, in press).", [(("Okafor",), False, "in press")]),
    ("Guidance (WHO, 2022).", [(("WHO",), False, "2022")]),
    ("Guidance (World Health Organization [WHO], 2022).", [(("World Health Organization",), False, "2022")]),
    ("Replicated (van der Berg, 2018).", [(("van der Berg",), False, "2018")]),
    ("Replicated (see de Souza, 2019).", [(("de Souza",), False, "2019")]),
    ("Described (Ó Súilleabháin, 2017).", [(("Ó Súilleabháin",), False, "2017")]),
    ("Several (Okafor, 2020a, 2020b).", [(("Okafor",), False, "2020a"), (("Okafor",), False, "2020b")]),
    ("Several (Okafor, 2020a, b).", [(("Okafor",), False, "2020a"), (("Okafor",), False, "2020b")]),
    ("Three names (Lee, Kim, & Park, 2021).", [(("Lee", "Kim", "Park"), False, "2021")]),
    ("No comma (Okafor 2020).", [(("Okafor",), False, "2020")]),
    ("Pages (Okafor et al., 2020, pp. 4–5).", [(("Okafor",), True, "2020")]),
    (
        "Secondary (Okafor, 2020, as cited in Lee, 2021).",
        [(("Okafor",), False, "2020"), (("Lee",), False, "2021")],
    ),
    ("A review (for a review, see Okafor, 2020).", [(("Okafor",), False, "2020")]),
    ("Reported too (a pattern also reported by Okafor, 2020).", [(("Okafor",), False, "2020")]),
    (
        "Mixed (Okafor, 2020; see also Lee & Park, 2021).",
        [(("Okafor",), False, "2020"), (("Lee", "Park"), False, "2021")],
    ),
    ("Same author (Okafor, 2019; 2020).", [(("Okafor",), False, "2019"), (("Okafor",), False, "2020")]),
    (
        "Organisation and (Centers for Disease Control and Prevention, 2020).",
        [(("Centers for Disease Control", "Prevention"), False, "2020")],
    ),
    (
        "Narrative then more: Okafor (2020; see also Lee, 2021).",
        [(("Okafor",), False, "2020"), (("Lee",), False, "2021")],
    ),
    ("| Okafor (2020) | a cell |", [(("Okafor",), False, "2020")]),
    ("Civil rights (King, Jr., 1963).", [(("King",), False, "1963")]),
    ("King Jr. (1963) wrote from jail.", [(("King",), False, "1963")]),
    ("A title cited (“Sleep Matters,” 2020).", [(("Sleep Matters",), False, "2020")]),
    ("A [linked name](https://example.org/x) (2020) counts.", []),
    ("[Okafor](https://example.org/okafor) (2020) showed it.", [(("Okafor",), False, "2020")]),
    ("Loosely written (Okafor, 2020, Lee, 2021).", [(("Okafor",), False, "2020"), (("Lee",), False, "2021")]),
    ("Harvard style (Okafor, 2020: 14).", [(("Okafor",), False, "2020")]),
    ("A study number (Okafor, 2020, Study 2).", [(("Okafor",), False, "2020")]),
    ("A comma before it, Okafor et al., (2020) say.", [(("Okafor",), True, "2020")]),
    (
        "The U.S. Department of Health and Human Services (2018) says so.",
        [(("U.S. Department of Health", "Human Services"), False, "2018")],
    ),
]

NOTHING = [
    "In 2021, the team doubled.",
    "The sample was small (n = 40).",
    "Results were clear (p < .05, d = 0.4).",
    "We ran the survey again (2021).",
    "the study (2021) found nothing",
    "Table (2019 data) shows the trend.",
    "See Table 2 (2019).",
    "In March (2021) the rules changed.",
    "The COVID-19 pandemic (2020) changed work.",
    "## Okafor (2020) in a heading",
    "Okafor (2020) underlined\n---------------------",
    "The default mode network (DMN) quietens.",
    "The World Health Organization (WHO) sets guidance.",
    "**Cortisol** (Hormone): the stress signal.",
    "- Sleep (Optional)",
    "Use `Okafor (2020)` in code.",
    "```\nOkafor (2020) in a fence\n```",
    "A [link](https://example.org/Okafor-2020) to nowhere.",
    "Cited formally [@okafor2020] and @lee2021 said so.",
    "Between 2019 and 2021 (two years) things moved.",
    "The range (1999–2001) is wide.",
    "He said (and meant it) that sleep matters.",
    "Pillar 2 (2020) was the focus.",
    "Q3 (2021) results were good.",
    "Reading time (8 minutes).",
    "A figure (Figure 3) and a box (Box 1).",
    "Call us (Monday to Friday).",
    "Dr Ines Duarte (PhD, 2012) leads the practice.",
    "The practice (Est. 2015) grew.",
    "Version 2 (2024) is out.",
    "The Lancet (2020 issue) ran it.",
    "see the appendix (in press soon)",
    "> A quote (and an aside).",
    "As she told me (Okafor, personal communication, May 3, 2020), it works.",
]


@pytest.mark.parametrize(("text", "expected"), NARRATIVE, ids=[case[0][:40] for case in NARRATIVE])
def test_narrative_mentions(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize(("text", "expected"), PARENTHETICAL, ids=[case[0][:40] for case in PARENTHETICAL])
def test_parenthetical_mentions(text, expected):
    assert read(text) == expected


@pytest.mark.parametrize("text", NOTHING, ids=[text[:40] for text in NOTHING])
def test_prose_years_figures_and_headings_are_not_mentions(text):
    assert read(text) == []


def test_mentions_carry_their_line_and_text():
    text = "First line.\n\nSecond paragraph cites Lee and Park (2021).\nThird (Okafor, 2020a; Lee, 2019)."
    mentions = find_mentions(text)
    assert [(m.line, m.text) for m in mentions] == [
        (3, "Lee and Park (2021)"),
        (4, "Okafor, 2020a"),
        (4, "Lee, 2019"),
    ]
    assert mentions[0].narrative and not mentions[1].narrative
    assert text[mentions[0].start : mentions[0].end] == "Lee and Park (2021)"


def test_long_and_hostile_text_is_read_quickly():
    import time

    text = ("Okafor (" * 2000) + "[" * 5000 + ("(Lee, 2020; " * 3000) + "x" * 50_000
    started = time.perf_counter()
    find_mentions(text)
    assert time.perf_counter() - started < 5

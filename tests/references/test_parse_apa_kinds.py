"""APA strings of many kinds parse into their fields; guesses are flagged."""

import pytest

from references.api import parse_reference


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Open Science Collaboration. (2015). Estimating the reproducibility of psychological science. "
            "Science, 349(6251), aac4716. https://doi.org/10.1126/science.aac4716",
            {"type": "article-journal", "volume": "349", "issue": "6251", "number": "aac4716", "pages": ""},
        ),
        (
            "Durkheim, É., & Kaiser, Ł. (1982). The rules of sociological method. Free Press.",
            {"authors": [{"family": "Durkheim", "given": "É."}, {"family": "Kaiser", "given": "Ł."}]},
        ),
        (
            "Stress in America: Work and well-being. (n.d.). American Psychological Association. "
            "https://www.apa.example.org/stress-in-america",
            {"title": "Stress in America: Work and well-being", "year": None, "authors": []},
        ),
        (
            "Okafor, C. (2019). Sleep loss in shift workers (Publication No. 13808573) [Doctoral dissertation, "
            "University of Iowa]. ProQuest Dissertations and Theses Global.",
            {
                "type": "thesis",
                "title": "Sleep loss in shift workers",
                "genre": "Doctoral dissertation",
                "publisher": "University of Iowa",
                "archive": "ProQuest Dissertations and Theses Global",
                "number": "13808573",
            },
        ),
        (
            "Kaplan, J., & McCandlish, S. (2020). Scaling laws for neural language models (arXiv:2001.08361). "
            "arXiv. https://doi.org/10.48550/arXiv.2001.08361",
            {
                "type": "article",
                "number": "arXiv:2001.08361",
                "publisher": "arXiv",
                "doi": "10.48550/arXiv.2001.08361",
            },
        ),
        (
            "Vygotsky, L. S. (1978). Mind in society (M. Cole, V. John-Steiner, & E. Souberman, Eds.). "
            "Harvard University Press.",
            {
                "type": "book",
                "title": "Mind in society",
                "editors": [
                    {"family": "Cole", "given": "M."},
                    {"family": "John-Steiner", "given": "V."},
                    {"family": "Souberman", "given": "E."},
                ],
                "publisher": "Harvard University Press",
            },
        ),
        (
            "Roediger, H. L., III, & Karpicke, J. D. (2006). Test-enhanced learning. Psychological Science, "
            "17(3), 249–255.",
            {
                "authors": [
                    {"family": "Roediger", "given": "H. L.", "suffix": "III"},
                    {"family": "Karpicke", "given": "J. D."},
                ]
            },
        ),
        (
            "Chetty, R. (2014). Where is the land of opportunity? (Working Paper No. 19843). National Bureau "
            "of Economic Research.",
            {
                "type": "report",
                "genre": "Working Paper",
                "number": "19843",
                "title": "Where is the land of opportunity?",
            },
        ),
    ],
)
def test_parses_into_fields(text, expected):
    parsed = parse_reference(text)
    fields = parsed.fields
    for name, value in expected.items():
        assert fields[name] == value, (name, fields[name], parsed.notes)


@pytest.mark.parametrize(
    "text",
    [
        # a description the parser did not place is left in the title: flagged
        "Lee, K. (2020). Sleep and you (2019 reprint edition). Penguin Books.",
        # two sentences after the title: where the publisher starts is a guess
        "Morales, P. (2018). Rest. A guide for leaders. Leadership Press. Harper Collins.",
        # an organisation's publication read as a report
        "Ward, T. (2021). Quiet minds at work. National Council for Wellbeing.",
    ],
)
def test_a_guess_is_flagged_uncertain(text):
    parsed = parse_reference(text)
    assert parsed.uncertain, parsed.fields
    assert parsed.notes

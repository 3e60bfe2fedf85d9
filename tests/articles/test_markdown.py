import threading
from html.parser import HTMLParser

import pytest
from django.test import override_settings

from articles.markdown import RENDERER_VERSION, MarkdownTooLong, markdownify_for_preview, render_markdown

HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "[x](javascript:alert(1))",
    'Paragraph\n{: onclick="x"}',
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD4=)",
    "![x](data:image/svg+xml;base64,PHN2Zz4=)",
    '<a href="vbscript:msgbox(1)">x</a>',
    '<p style="color:red" onclick="x">styled</p>',
    "<iframe src='https://evil.example'></iframe>",
    "<svg><script>alert(1)</script></svg>",
    '<a href="https://ok.example" onmouseover="x">ok</a>',
    "<style>body{display:none}</style>",
    "<object data='x'></object><embed src='x'>",
    "<form action='https://evil.example'><input name=x></form>",
]


FORBIDDEN_TAGS = {
    "script",
    "style",
    "iframe",
    "object",
    "embed",
    "form",
    "input",
    "svg",
    "math",
    "link",
    "meta",
}


class _Inspector(HTMLParser):
    """Collect everything in a fragment that could execute or restyle the page."""

    def __init__(self) -> None:
        super().__init__()
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name == "style":
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src"} and (value or "").strip().lower().startswith(
                ("javascript:", "data:", "vbscript:")
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def executable_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_markdown_renders_inert(source):
    html = render_markdown(source).html
    assert executable_parts(html) == [], html


def test_preview_function_sanitises_like_save():
    html = markdownify_for_preview("<script>alert(1)</script>[x](javascript:alert(1)) <b onclick=x>b</b>")
    assert executable_parts(html) == []


def test_attr_list_syntax_stays_text():
    html = render_markdown('Hello\n{: onclick="steal()"}').html
    assert executable_parts(html) == []
    assert "{: onclick=" in html  # shown as the text the author typed


def test_headings_get_ids_and_toc():
    rendered = render_markdown("# Top\n\n## First part\n\ntext\n\n### Detail here\n\n## Second")
    assert '<h2 id="top">Top</h2>' in rendered.html  # a body h1 is demoted: the page title is the only h1
    assert '<h2 id="first-part">' in rendered.html
    assert '<h3 id="detail-here">' in rendered.html
    assert [(entry.level, entry.id) for entry in rendered.toc] == [
        (2, "top"),
        (2, "first-part"),
        (3, "detail-here"),
        (2, "second"),
    ]
    assert rendered.version == RENDERER_VERSION


def test_tables_lists_and_alignment_survive_without_style():
    rendered = render_markdown("| a | b |\n|:-|-:|\n| 1 | 2 |\n\n- one\n- two\n\n1. first\n2. second")
    html = rendered.html
    assert "<table>" in html and "<th" in html and "<td" in html
    assert 'class="align-right"' in html
    assert "style=" not in html
    assert html.count("<li>") == 4


def test_links_get_rel_and_safe_schemes_pass():
    html = render_markdown(
        "[site](https://example.org) [mail](mailto:a@example.org) [rel](/articles/x/)"
    ).html
    assert 'href="https://example.org"' in html
    assert 'href="mailto:a@example.org"' in html
    assert 'href="/articles/x/"' in html
    assert 'rel="noopener noreferrer"' in html


def test_images_keep_alt_text():
    html = render_markdown("![A calm room](https://example.org/room.jpg)").html
    assert '<img src="https://example.org/room.jpg" alt="A calm room">' in html


def test_word_count_ignores_markup():
    assert render_markdown("## Two words\n\n**three more words**").word_count == 5


@override_settings(MARKDOWN_MAX_CHARS=1000)
def test_oversize_input_is_refused_before_parsing():
    with pytest.raises(MarkdownTooLong) as error:
        render_markdown("a" * 1001)
    assert "1,001 characters" in str(error.value)
    assert "1,000" in markdownify_for_preview("a" * 1001)


@pytest.mark.parametrize("pattern", ["[", "![", "[a](", "*a", "<"])
def test_pathological_input_at_the_size_limit_finishes(settings, pattern):
    """Guard against a hang (not a speed target: that lives in benchmarks/).

    Python-Markdown took 12.7 s on 10 KB of "["; at the configured limit the renderer
    must finish well inside a request timeout.
    """
    source = (pattern * (settings.MARKDOWN_MAX_CHARS // len(pattern)))[: settings.MARKDOWN_MAX_CHARS]
    done = threading.Event()

    def run():
        render_markdown(source)
        done.set()

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=30)
    assert done.is_set(), f"rendering {len(source):,} chars of {pattern!r} did not finish in 30 s"


def test_nul_bytes_are_dropped():
    assert "\x00" not in render_markdown("a\x00b").html

"""XSS vectors, and an HTML checker that finds executable markup in a rendered page.

Each vector is an author- or visitor-supplied string; the checker parses the page the
way a browser tokenises it (``html.parser``) and reports anything that could run:
script elements other than JSON-LD data blocks and the site's own static scripts,
``on*`` event-handler attributes, ``javascript:``/``data:``/``vbscript:`` URLs in
URL attributes, active elements (iframe, object, embed, base, meta refresh, svg,
math, form, style), inline ``style`` attributes, and JSON-LD that does not parse
or could close its script element.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

VECTORS: list[str] = [
    # Plain script and event handlers
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<script/src=data:,alert(1)></script>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)">',
    "<body onload=alert(1)>",
    "<div onmouseover='alert(1)'>hover</div>",
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=alert(1)></video>",
    "<marquee onstart=alert(1)>",
    # Attribute and element breakouts
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    '" onmouseover="alert(1)" x="',
    "' autofocus onfocus='alert(1)",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "--><script>alert(1)</script><!--",
    "<![CDATA[<script>alert(1)</script>]]>",
    # URL schemes
    "<a href=javascript:alert(1)>click</a>",
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="  javascript:alert(1)">click</a>',
    '<a href="java&#x09;script:alert(1)">click</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    # Entity-encoded and escaped variants
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
    '<math href="javascript:alert(1)">click</math>',
    # Other active elements
    '<object data="javascript:alert(1)"></object>',
    '<embed src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">styled</p>',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    # Markdown tricks
    "[click](javascript:alert(1))",
    '[click](JAVASCRIPT:alert(1) "title")',
    "[click](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    '![x](x" onerror="alert(1))',
    "<javascript:alert(1)>",
    "[click][ref]\n\n[ref]: javascript:alert(1)",
    "[a](<javascript:alert(1)>)",
    "**bold**{: onclick=alert(1)}",
    "## Heading {: onmouseover=alert(1) }",
    '[link](https://example.org){: onclick="alert(1)" }',
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    # Template-injection-looking strings
    "{{ 7|add:7 }}{% debug %}",
    "{% load static %}{% static 'x' %}",
    "${alert(1)}#{7*7}<%= 7*7 %>",
    "{{constructor.constructor('alert(1)')()}}",
]

# Elements that must never appear in rendered pages (whatever their attributes).
FORBIDDEN_ELEMENTS = {"iframe", "object", "embed", "base", "svg", "math", "frame", "frameset", "applet"}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "srcset",
}
BAD_SCHEMES = re.compile(r"^\s*(javascript|vbscript|data|livescript):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


class ExecutableMarkupFinder(HTMLParser):
    """Collects every piece of markup in a page that a browser could execute."""

    def __init__(self, static_url: str = "/static/", *, admin: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self.static_url = static_url
        # The admin draws its icons as inline SVG and loads /admin/jsi18n/ (Django's own).
        self.admin = admin
        self.problems: list[str] = []
        self._script: dict | None = None
        self.json_ld: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._check(tag, attrs)

    def _check(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name.lower(): value or "" for name, value in attrs}
        for name, value in values.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>: event handler attribute")
            if name == "style":
                self.problems.append(f"<{tag} style={value!r}>: inline style")
            if name in URL_ATTRIBUTES and BAD_SCHEMES.match(_INVISIBLE.sub("", value)):
                self.problems.append(f"<{tag} {name}={value!r}>: script/data URL")
        if tag in FORBIDDEN_ELEMENTS and not (self.admin and tag == "svg"):
            self.problems.append(f"<{tag}>: active element")
        if tag == "meta" and values.get("http-equiv", "").lower() == "refresh":
            self.problems.append("<meta http-equiv=refresh>")
        if tag == "style":
            self.problems.append("<style> element")
        if (
            tag == "link"
            and "stylesheet" in values.get("rel", "")
            and not values.get("href", "").startswith(self.static_url)
        ):
            self.problems.append(f"<link rel=stylesheet href={values.get('href')!r}>: not a static file")
        if tag == "form" and values.get("action", "").startswith(("http:", "https:", "//")):
            self.problems.append(f"<form action={values['action']!r}>: posts off-site")
        if tag == "script":
            self._script = {"type": values.get("type", ""), "src": values.get("src"), "body": []}

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script["body"].append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self._script is None:
            return
        script, self._script = self._script, None
        body = "".join(script["body"])
        if script["type"] == "application/json" and not script["src"]:
            return  # a data block (json_script): never executed
        if script["type"] == "application/ld+json" and not script["src"]:
            self.json_ld.append(body)
            try:
                json.loads(body)
            except ValueError:
                self.problems.append(f"JSON-LD does not parse: {body[:120]!r}")
            if "</" in body or "<!--" in body:
                self.problems.append("JSON-LD could close its script element")
            return
        src = script["src"]
        if (
            src
            and not body.strip()
            and (src.startswith(self.static_url) or (self.admin and src == "/admin/jsi18n/"))
        ):
            return
        self.problems.append(f"<script type={script['type']!r} src={src!r}>{body[:80]!r}: executable script")


def executable_markup(html: str, static_url: str = "/static/", *, admin: bool = False) -> list[str]:
    """Everything in ``html`` that could run in a browser (empty for a safe page)."""
    finder = ExecutableMarkupFinder(static_url, admin=admin)
    finder.feed(html)
    finder.close()
    return finder.problems

"""Helpers shared by the discovery tests: parse what crawlers and feed readers parse."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def json_ld(html: str) -> dict:
    """The page's one JSON-LD block, parsed."""
    blocks = JSON_LD.findall(html)
    assert len(blocks) == 1, f"expected one JSON-LD block, found {len(blocks)}"
    return json.loads(blocks[0])


def nodes_of(graph: dict, type_name: str) -> list[dict]:
    def types(node):
        kind = node.get("@type")
        return kind if isinstance(kind, list) else [kind]

    return [node for node in graph["@graph"] if type_name in types(node)]


def node_of(graph: dict, type_name: str) -> dict:
    found = nodes_of(graph, type_name)
    assert len(found) == 1, f"expected one {type_name}, found {len(found)}"
    return found[0]


def parse_xml(content: bytes) -> ET.Element:
    return ET.fromstring(content)  # noqa: S314 - our own response, in a test


def inline_scripts_and_styles(html: str) -> list[str]:
    """Inline ``<script>`` (other than JSON-LD data blocks), ``<style>`` and ``style=`` in the page."""
    found = []
    for match in re.finditer(r"<script(?P<attrs>[^>]*)>(?P<body>.*?)</script>", html, re.S):
        attrs = match.group("attrs")
        if 'type="application/ld+json"' in attrs:
            continue
        if match.group("body").strip() or "src=" not in attrs:
            found.append(match.group(0)[:80])
    found += re.findall(r"<style[\s>]", html)
    found += re.findall(r"\sstyle=\"", html)
    return found

"""Site search over published articles and hubs.

One idea per module:

- ``text``: cleaning text for the index (control characters, spaces, HTML to text);
- ``documents``: the search document of a page (title, lead, body), built in one place;
- ``indexing``: writing ``SearchEntry`` rows, one page at a time or all at once;
- ``signals``: re-indexing a page when it, a takeaway or an FAQ changes, and after migrate;
- ``syntax``: the one query syntax (quoted phrases, ``or``, ``-exclusion``, ``word*``),
  parsed once and translated for each engine;
- ``postgres`` and ``sqlite``: the two query engines (PostgreSQL full-text with a GIN
  index; SQLite FTS5 with Porter stemming and bm25), with the same interface:
  ``find`` (slices of the ranked matches, ``slices``), ``snippet_source`` and
  ``load_snippets`` (each result's ``snippet_raw``);
- ``results``: what the page shows of each result, read as values;
- ``spelling``: "Did you mean…?" when nothing was found;
- ``snippets``: highlight markers and safe ``<mark>`` markup;
- ``query``: a reader's search (``search``) with pagination, in a fixed number of queries.

Both engines return the same ``SearchResults`` and render the same page.
``manage.py rebuild_search_index`` rebuilds every entry after bulk loads.
"""

from .documents import article_document, hub_document
from .indexing import index_article, index_hub, rebuild_index
from .postgres import SEARCH_CONFIG, uses_postgres_search
from .query import (
    HUBS_ON_FIRST_PAGE,
    MAX_PAGE,
    MAX_QUERY_CHARS,
    RESULTS_PER_PAGE,
    SearchResults,
    engine,
    find_page,
    index_matching,
    normalise_query,
    parse_page_number,
    search,
)
from .signals import connect_signals
from .snippets import MARK_END, MARK_START, SNIPPET_WORDS, highlight
from .syntax import ParsedQuery, Term, parse
from .text import clean_text, plain_text

__all__ = [
    "HUBS_ON_FIRST_PAGE",
    "MARK_END",
    "MARK_START",
    "MAX_PAGE",
    "MAX_QUERY_CHARS",
    "RESULTS_PER_PAGE",
    "SEARCH_CONFIG",
    "SNIPPET_WORDS",
    "ParsedQuery",
    "SearchResults",
    "Term",
    "article_document",
    "clean_text",
    "connect_signals",
    "engine",
    "find_page",
    "highlight",
    "hub_document",
    "index_article",
    "index_hub",
    "index_matching",
    "normalise_query",
    "parse",
    "parse_page_number",
    "plain_text",
    "rebuild_index",
    "search",
    "uses_postgres_search",
]

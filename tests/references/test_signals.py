"""What the library tells the apps whose texts cite its works (``references.api`` signals)."""

import pytest
from django.core.exceptions import ValidationError

from references import api
from tests.references.helpers import make_citation, person

pytestmark = pytest.mark.django_db


def test_saving_a_work_names_the_other_works_whose_in_text_form_changed():
    heard = []

    def listener(sender, citation, created, changed_ids, **kwargs):
        heard.append((citation.key, created, changed_ids))

    api.citation_changed.connect(listener)
    try:
        first = make_citation(
            key="pair2015", authors=[person("Coan"), person("Sbarra")], year=2015, title="B"
        )
        second = make_citation(
            key="pair2015x", authors=[person("Coan"), person("Sbarra")], year=2015, title="A"
        )
        second.title = "A, revised"
        second.save()
    finally:
        api.citation_changed.disconnect(listener)
    assert heard == [("pair2015", True, []), ("pair2015x", True, [first.pk]), ("pair2015x", False, [])]
    first.refresh_from_db()
    assert first.year_label == "2015b"  # the new work sorts first by title and took "a"


def test_a_key_in_use_cannot_change():
    work = make_citation(key="used2010", title="Used")

    def in_use(sender, citation, old_key, **kwargs):
        return [f"“Somewhere” cites @{old_key}"] if citation.pk == work.pk else []

    api.citation_key_in_use.connect(in_use)
    try:
        work.key = "renamed2010"
        with pytest.raises(ValidationError) as caught:
            work.full_clean()
    finally:
        api.citation_key_in_use.disconnect(in_use)
    assert "“Somewhere” cites @used2010" in caught.value.message_dict["key"][0]
    work.full_clean()  # nobody objects any more


def test_the_markdown_plugin_follows_the_env():
    from markdown_it import MarkdownIt

    make_citation(key="coan2006")
    md = MarkdownIt("commonmark").use(api.citations_plugin)
    assert 'href="#ref-coan2006"' in md.render("See [@coan2006].")
    assert "[@coan2006]" in md.render("See [@coan2006].", {api.CITATIONS_ENV_KEY: False})
    assert api.citation_problems("[@nope2001]", {api.CITATIONS_ENV_KEY: False}) == []
    assert "nope2001" in api.citation_problems("[@nope2001]", {})[0]

"""The citation admin (search, attention, import with review, export, DOI lookup), via the test client."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from references.models import Citation
from tests.references.helpers import coan_sbarra_pair, make_citation, person

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/references/citation/"
IMPORT = "/admin/references/citation/import/"


def citation_form(**overrides) -> dict:
    data = {
        "key": "",
        "type": "article-journal",
        "authors_text": "Coan, James A.\nSbarra, David A.",
        "editors_text": "",
        "year": "2015",
        "month": "",
        "day": "",
        "title": "Social baseline theory: The social regulation of risk and effort",
        "container_title": "Current Opinion in Psychology",
        "volume": "1",
        "issue": "",
        "pages": "87-91",
        "edition": "",
        "number": "",
        "publisher": "",
        "doi": "https://doi.org/10.1016/J.COPSYC.2014.12.021.",
        "unverified_doi": "",
        "url": "",
        "accessed": "",
    }
    data.update(overrides)
    return data


def test_changelist_search_filter_and_pages_load(staff_client):
    coan_sbarra_pair()
    make_citation(
        key="nodoi1999", authors=[person("Plain", "A.")], year=None, title="No link", container_title=""
    )
    for url, expected, absent in [
        (CHANGELIST, "coan2015a", None),
        (CHANGELIST + "?q=Sbarra", "coan2015b", "cacioppo2015"),
        (CHANGELIST + "?q=2015", "cacioppo2015", "nodoi1999"),
        (CHANGELIST + "?q=10.1177/1745691615570616", "cacioppo2015", "coan2015a"),
        (CHANGELIST + "?q=Loneliness", "cacioppo2015", "coan2015a"),
        (CHANGELIST + "?attention=any", "nodoi1999", "cacioppo2015"),
        (CHANGELIST + "?attention=no_year", "nodoi1999", "cacioppo2015"),
        (CHANGELIST + "?attention=no_link", "coan2015b", "cacioppo2015"),
        (CHANGELIST + "add/", "Authors", None),
        (IMPORT, "Reference strings", None),
        ("/admin/references/citation/lookup-doi/", "DOI", None),
    ]:
        response = staff_client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert expected in html, url
        if absent:
            assert f">{absent}<" not in html, url


def test_add_citation_stores_a_bare_doi_as_written_and_a_generated_key(staff_client):
    response = staff_client.post(CHANGELIST + "add/", citation_form())
    assert response.status_code == 302, response.content.decode()[:2000]
    citation = Citation.objects.get()
    assert citation.doi == "10.1016/J.COPSYC.2014.12.021"
    assert citation.doi_url == "https://doi.org/10.1016/J.COPSYC.2014.12.021"
    assert citation.key == "coan2015"
    assert citation.authors == [
        {"family": "Coan", "given": "James A."},
        {"family": "Sbarra", "given": "David A."},
    ]
    assert citation.pages == "87–91"


def test_malformed_doi_is_refused_with_a_message(staff_client):
    response = staff_client.post(CHANGELIST + "add/", citation_form(doi="10.10/abc"))
    assert response.status_code == 200
    assert "is not a valid DOI" in response.content.decode()
    assert not Citation.objects.exists()


def test_duplicate_doi_is_refused_naming_the_existing_citation(staff_client):
    make_citation(key="already2015", doi="10.1016/j.copsyc.2014.12.021")
    response = staff_client.post(CHANGELIST + "add/", citation_form(doi="doi:10.1016/j.copsyc.2014.12.021"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "already used by the citation “already2015”" in html
    assert Citation.objects.count() == 1


def test_import_review_then_save(staff_client):
    text = (
        "Coan, J. and Sbarra, D. (2015). Social baseline theory: The social regulation of risk and effort. "
        "Current Opinion in Psychology, 1, 87-91. doi.org\n"
        "Walker, M. (2017). Why we sleep: Unlocking the power of sleep and dreams. Scribner.\n"
        "Sbarra, D. A., & Hazan, C. (2008). Coregulation, dysregulation, self-regulation. "
        "Personality and Social Psychology Review, 12(2), 141–167. https://doi.org/10.117/108886830831570\n"
    )
    review = staff_client.post(IMPORT, {"text": text})
    html = review.content.decode()
    assert review.status_code == 200
    assert html.count('name="include"') == 3
    assert "⚠ unsure" in html
    assert "bare “doi.org” placeholder" in html
    assert not Citation.objects.exists()  # nothing saved before confirming
    payload = review.context["payload"]
    done = staff_client.post(IMPORT, {"confirm": "1", "payload": payload, "include": ["0", "1", "2"]})
    assert done.status_code == 302
    assert Citation.objects.count() == 3
    flagged = Citation.objects.get(title__startswith="Coregulation")
    assert flagged.unverified_doi.endswith("10.117/108886830831570")
    assert "doi" in flagged.uncertain_fields
    assert set(Citation.objects.needing_attention().values_list("key", flat=True)) >= {flagged.key}


def test_import_of_malformed_bibtex_shows_the_error(staff_client):
    upload = SimpleUploadedFile(
        "refs.bib", b"@article{ok, title = {Fine}, year = 2001}\n@article{bad,\n title = {never closed\n"
    )
    response = staff_client.post(IMPORT, {"text": "", "file": upload})
    assert response.status_code == 200
    assert "BibTeX, line 2" in response.content.decode()
    assert not Citation.objects.exists()


def test_import_of_malformed_ris_shows_the_error(staff_client):
    response = staff_client.post(IMPORT, {"text": "TY  - JOUR\nTI  - Never ends\n"})
    assert response.status_code == 200
    assert "no end line" in response.content.decode()


def test_a_bad_item_means_nothing_is_imported(staff_client):
    upload = SimpleUploadedFile(
        "refs.json",
        b'[{"id": "good1", "type": "book", "title": "Fine", "issued": {"date-parts": [[2001]]}},'
        b' {"id": "bad2", "type": "book", "title": ""}]',
    )
    review = staff_client.post(IMPORT, {"file": upload})
    assert review.status_code == 200
    done = staff_client.post(
        IMPORT, {"confirm": "1", "payload": review.context["payload"], "include": ["0", "1"]}
    )
    assert done.status_code == 302
    assert not Citation.objects.exists()
    messages = [str(m) for m in done.wsgi_request._messages]
    assert any("Nothing was imported" in m and "Reference 2" in m for m in messages)


def test_tampered_review_is_refused(staff_client):
    response = staff_client.post(IMPORT, {"confirm": "1", "payload": "forged", "include": ["0"]})
    assert response.status_code == 302
    assert not Citation.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("bibtex", "@article{coan2015a,"), ("ris", "ID  - coan2015a"), ("csl-json", '"id": "coan2015a"')],
)
def test_export_whole_library(staff_client, fmt, marker):
    coan_sbarra_pair()
    response = staff_client.get(f"/admin/references/citation/export/{fmt}/")
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert marker in response.content.decode()


def test_export_selected_action(staff_client):
    cacioppo, first, _ = coan_sbarra_pair()
    response = staff_client.post(
        CHANGELIST, {"action": "export_ris", "_selected_action": [str(cacioppo.pk), str(first.pk)]}
    )
    body = response.content.decode()
    assert "ID  - cacioppo2015" in body and "ID  - coan2015a" in body and "coan2015b" not in body


def test_editor_save_clears_import_doubts(staff_client):
    citation = make_citation(key="doubt2001", uncertain_fields=["type"])
    data = citation_form(key="doubt2001", doi="", title=citation.title)
    response = staff_client.post(f"{CHANGELIST}{citation.pk}/change/", data)
    assert response.status_code == 302
    citation.refresh_from_db()
    assert citation.uncertain_fields == []


def test_import_review_leaves_prose_unselected(staff_client):
    review = staff_client.post(
        IMPORT,
        {
            "text": "Walker, M. (2017). Why we sleep. Scribner.\n\nPlease book the meeting room for Tuesday afternoon."
        },
    )
    items = review.context["items"]
    assert [item["selected"] for item in items] == [True, False]
    assert "does not look like a reference" in review.content.decode()

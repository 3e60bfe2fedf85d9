"""Name particles survive the admin's author form; DOIs keep their case but match ignoring it."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from references.api import find_or_create_citation, format_reference_text, to_csl_json
from references.csl import fields_from_csl
from references.exporters import export
from references.models import Citation
from references.parsing import parse_file
from tests.references.test_admin import CHANGELIST, citation_form

pytestmark = pytest.mark.django_db

AUTHORS = "Beethoven, Ludwig van\nvan der Berg, Anna\nde la Cruz, Juana Inés\nHumboldt, Alexander von, Jr."


def test_particles_entered_in_the_admin_are_stored_printed_and_shown_again(staff_client):
    response = staff_client.post(
        CHANGELIST + "add/", citation_form(authors_text=AUTHORS, editors_text="Gogh, Theo van", doi="")
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    citation = Citation.objects.get()
    assert citation.authors == [
        {"family": "Beethoven", "given": "Ludwig", "particle": "van"},
        {"family": "van der Berg", "given": "Anna"},
        {"family": "de la Cruz", "given": "Juana Inés"},
        {"family": "Humboldt", "given": "Alexander", "particle": "von", "suffix": "Jr."},
    ]
    assert citation.editors == [{"family": "Gogh", "given": "Theo", "particle": "van"}]
    assert format_reference_text(citation).startswith(
        "Beethoven, L. van, van der Berg, A., de la Cruz, J. I., & Humboldt, A. von, Jr. (2015)."
    )
    # The change form shows the names as they were entered, and saving it again loses nothing.
    page = staff_client.get(f"{CHANGELIST}{citation.pk}/change/").content.decode()
    assert "Beethoven, Ludwig van" in page and "Humboldt, Alexander von, Jr." in page
    again = staff_client.post(
        f"{CHANGELIST}{citation.pk}/change/",
        citation_form(
            key=citation.key,
            authors_text="\n".join(
                [
                    "Beethoven, Ludwig van",
                    "van der Berg, Anna",
                    "de la Cruz, Juana Inés",
                    "Humboldt, Alexander von, Jr.",
                ]
            ),
            editors_text="Gogh, Theo van",
            doi="",
        ),
    )
    assert again.status_code == 302
    citation.refresh_from_db()
    assert citation.authors[0] == {"family": "Beethoven", "given": "Ludwig", "particle": "van"}
    assert citation.authors[3]["particle"] == "von"


def test_an_imported_dropping_particle_survives_an_edit_in_the_admin(staff_client):
    citation, _ = find_or_create_citation(
        {
            "type": "book",
            "title": "Ansichten der Natur",
            "author": [{"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"}],
            "issued": {"date-parts": [[1808]]},
            "publisher": "Cotta",
        }
    )
    form = staff_client.get(f"{CHANGELIST}{citation.pk}/change/").context["adminform"].form
    assert form.initial["authors_text"] == "Humboldt, Alexander von"
    response = staff_client.post(
        f"{CHANGELIST}{citation.pk}/change/",
        citation_form(
            key=citation.key,
            type="book",
            authors_text=form.initial["authors_text"],
            year="1808",
            title="Ansichten der Natur",
            container_title="",
            volume="",
            pages="",
            publisher="Cotta",
            doi="",
        ),
    )
    assert response.status_code == 302
    citation.refresh_from_db()
    assert format_reference_text(citation) == "Humboldt, A. von. (1808). Ansichten der Natur. Cotta."
    assert to_csl_json(citation)["author"] == [
        {"family": "Humboldt", "given": "Alexander", "dropping-particle": "von"}
    ]
    for fmt, name in (("bibtex", "x.bib"), ("ris", "x.ris"), ("csl-json", "x.json")):
        back = parse_file(name, export([citation], fmt))[0].fields
        assert back["authors"] == citation.authors, fmt


def test_a_doi_keeps_its_case_in_storage_display_and_export():
    citation, _ = find_or_create_citation(
        {
            "type": "article-journal",
            "title": "The neural bases of social pain",
            "author": [{"family": "Eisenberger", "given": "Naomi I."}],
            "issued": {"date-parts": [[2012]]},
            "container-title": "Psychosomatic Medicine",
            "volume": "74",
            "issue": "2",
            "page": "126-135",
            "DOI": "https://doi.org/10.1097/PSY.0b013e3182464dd1",
        }
    )
    assert citation.doi == "10.1097/PSY.0b013e3182464dd1"
    assert format_reference_text(citation).endswith("https://doi.org/10.1097/PSY.0b013e3182464dd1")
    assert to_csl_json(citation)["DOI"] == "10.1097/PSY.0b013e3182464dd1"
    assert "doi = {10.1097/PSY.0b013e3182464dd1}" in export([citation], "bibtex")
    assert "DO  - 10.1097/PSY.0b013e3182464dd1" in export([citation], "ris")


def test_dois_match_and_clash_ignoring_case(staff_client):
    first, _ = find_or_create_citation({"type": "article-journal", "title": "One", "DOI": "10.1038/NRN2648"})
    same, created = find_or_create_citation(
        {"type": "article-journal", "title": "Two", "DOI": "10.1038/nrn2648"}
    )
    assert same == first and not created
    duplicate = Citation(**{**fields_from_csl({"title": "Three", "DOI": "10.1038/Nrn2648"}), "key": "three"})
    with pytest.raises(ValidationError, match="already used by the citation"):
        duplicate.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Citation.objects.create(title="Four", doi="10.1038/nrn2648")
    response = staff_client.post(CHANGELIST + "add/", citation_form(doi="https://doi.org/10.1038/nRn2648"))
    assert response.status_code == 200
    assert "already used by the citation" in response.content.decode()
    assert Citation.objects.count() == 1


def test_roles_status_version_and_reviewed_work_are_edited_in_the_admin(staff_client):
    response = staff_client.post(
        CHANGELIST + "add/",
        citation_form(
            type="review-book",
            authors_text="Haddad, Rana",
            reviewed_title="The forgetting brain",
            reviewed_authors_text="Okonjo, Peter\nWorld Health Organization (WHO)",
            container_title="Cognitive Science Review Quarterly",
            volume="14",
            issue="2",
            pages="77-79",
            doi="",
        ),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    review = Citation.objects.get()
    assert review.reviewed_authors == [
        {"family": "Okonjo", "given": "Peter"},
        {"literal": "World Health Organization (WHO)"},
    ]
    assert "[Review of the book The forgetting brain, by P. Okonjo & World Health Organization (WHO)]" in (
        format_reference_text(review)
    )
    film = staff_client.post(
        CHANGELIST + "add/",
        citation_form(
            type="motion_picture",
            authors_text="Arnaud, Céline (Director)",
            year="",
            status="in press",
            title="The quiet mind",
            container_title="",
            volume="",
            pages="",
            version="",
            publisher="Lumen Films",
            doi="",
        ),
    )
    assert film.status_code == 302, film.content.decode()[:2000]
    work = Citation.objects.get(title="The quiet mind")
    assert work.authors == [{"family": "Arnaud", "given": "Céline", "role": "Director"}]
    assert (
        format_reference_text(work)
        == "Arnaud, C. (Director). (in press). The quiet mind [Film]. Lumen Films."
    )
    page = staff_client.get(f"{CHANGELIST}{work.pk}/change/").content.decode()
    assert "Arnaud, Céline (Director)" in page

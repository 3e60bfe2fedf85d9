"""DOIs: one bare, lower-cased spelling; clear refusals."""

import pytest
from django.core.exceptions import ValidationError

from references.doi import InvalidDOI, normalise_doi
from references.models import Citation
from tests.references.helpers import make_citation


@pytest.mark.parametrize(
    ("raw", "bare"),
    [
        ("10.1038/nn.4109", "10.1038/nn.4109"),
        ("https://doi.org/10.1038/NN.4109", "10.1038/NN.4109"),  # the case is kept
        ("http://dx.doi.org/10.1038/nn.4109.", "10.1038/nn.4109"),
        ("doi:10.1038/nn.4109;", "10.1038/nn.4109"),
        ("DOI: 10.1038/nn.4109", "10.1038/nn.4109"),
        ("https://www.doi.org/10.1038/nn.4109", "10.1038/nn.4109"),
        ("  10.1016/S0140-6736(20)30183-5. ", "10.1016/S0140-6736(20)30183-5"),
        ("", ""),
    ],
)
def test_normalise(raw, bare):
    assert normalise_doi(raw) == bare


@pytest.mark.parametrize("raw", ["10.10/abc", "11.1038/nn.4109", "doi.org", "10.1038", "10.1038/with space"])
def test_malformed(raw):
    with pytest.raises(InvalidDOI, match="is not a valid DOI"):
        normalise_doi(raw)


@pytest.mark.django_db
def test_model_refuses_a_duplicate_doi_naming_the_existing_one():
    make_citation(key="first2006", doi="10.1111/j.1467-9280.2006.01832.x")
    twin = Citation(key="twin2006", title="Same DOI", doi="https://doi.org/10.1111/J.1467-9280.2006.01832.X")
    with pytest.raises(ValidationError) as caught:
        twin.full_clean()
    assert "first2006" in caught.value.message_dict["doi"][0]


@pytest.mark.django_db
def test_deleting_a_cited_work_is_refused_without_an_error_page(staff_client, article):
    cited = make_citation(key="cited2006")
    article.body = "[@cited2006]"
    article.save()
    response = staff_client.post(f"/admin/references/citation/{cited.pk}/delete/", {"post": "yes"})
    assert response.status_code == 200
    assert "Cannot delete" in response.content.decode()
    assert Citation.objects.filter(pk=cited.pk).exists()

"""DOI lookup against a local HTTP server that serves a recorded Crossref answer."""

import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from references.crossref import DOILookupError, lookup_doi
from references.models import Citation

RECORDED = (Path(__file__).parent / "data" / "crossref_coan2006.json").read_bytes()
KNOWN = "/works/10.1111/j.1467-9280.2006.01832.x/transform/application/vnd.citationstyles.csl+json"


class _Handler(BaseHTTPRequestHandler):
    requests: list = []

    def do_GET(self):
        type(self).requests.append((self.path, self.headers.get("Accept"), self.headers.get("User-Agent")))
        if self.path == KNOWN:
            self.send_response(200)
            self.send_header("Content-Type", "application/vnd.citationstyles.csl+json")
            self.end_headers()
            self.wfile.write(RECORDED)
        elif "broken" in self.path:
            self.send_response(200)
            self.end_headers()
            self.wfile.write(b"<html>not json</html>")
        elif "slow" in self.path:
            threading.Event().wait(2)
            self.send_response(200)
            self.end_headers()
        else:
            self.send_response(404)
            self.end_headers()
            self.wfile.write(b"Resource not found.")

    def log_message(self, *args):
        pass


@pytest.fixture
def crossref(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{server.server_address[1]}"
    settings.CROSSREF_MAILTO = "editors@example.org"
    _Handler.requests = []
    yield _Handler
    server.shutdown()
    server.server_close()


def test_lookup_returns_csl_json_for_any_doi_spelling(crossref):
    parsed = lookup_doi("https://doi.org/10.1111/J.1467-9280.2006.01832.X")
    fields = parsed.fields
    assert fields["title"] == "Lending a Hand: Social Regulation of the Neural Response to Threat"
    assert fields["authors"][0] == {"family": "Coan", "given": "James A."}
    assert (fields["year"], fields["month"]) == (2006, 12)
    assert (fields["volume"], fields["issue"], fields["pages"]) == ("17", "12", "1032–1039")
    assert fields["doi"] == "10.1111/j.1467-9280.2006.01832.x"
    _path, accept, agent = crossref.requests[0]
    assert accept == "application/vnd.citationstyles.csl+json"
    assert "mailto:editors@example.org" in agent


def test_unknown_doi(crossref):
    with pytest.raises(DOILookupError, match=r"does not know the DOI 10\.5555/nothing"):
        lookup_doi("10.5555/nothing")


def test_not_json(crossref):
    with pytest.raises(DOILookupError, match="not CSL-JSON"):
        lookup_doi("10.5555/broken")


def test_timeout(crossref, settings):
    settings.CROSSREF_TIMEOUT = 0.3
    with pytest.raises(DOILookupError, match="did not answer within"):
        lookup_doi("10.5555/slow")


def test_malformed_doi_is_refused_before_any_request(crossref):
    with pytest.raises(DOILookupError, match="not a valid DOI"):
        lookup_doi("10.11/abc")
    assert crossref.requests == []


def test_offline(settings):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.CROSSREF_API_URL = f"http://127.0.0.1:{port}"
    with pytest.raises(DOILookupError, match="Could not reach Crossref"):
        lookup_doi("10.1111/j.1467-9280.2006.01832.x")


@pytest.mark.django_db
def test_admin_lookup_prefills_the_add_form(crossref, staff_client):
    response = staff_client.post(
        "/admin/references/citation/lookup-doi/", {"doi": "doi:10.1111/j.1467-9280.2006.01832.x"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/references/citation/add/?")
    form = staff_client.get(response["Location"]).content.decode()
    assert "Lending a Hand" in form
    assert "Coan, James A." in form


@pytest.mark.django_db
def test_admin_lookup_of_a_stored_doi_opens_the_existing_citation(crossref, staff_client):
    from tests.references.helpers import make_citation

    existing = make_citation(key="coan2006", doi="10.1111/j.1467-9280.2006.01832.x")
    response = staff_client.post(
        "/admin/references/citation/lookup-doi/", {"doi": "10.1111/j.1467-9280.2006.01832.x"}
    )
    assert response["Location"] == f"/admin/references/citation/{existing.pk}/change/"


@pytest.mark.django_db
def test_admin_lookup_offline_shows_a_message(staff_client, settings):
    settings.CROSSREF_API_URL = "http://127.0.0.1:9"
    response = staff_client.post(
        "/admin/references/citation/lookup-doi/", {"doi": "10.1111/j.1467-9280.2006.01832.x"}
    )
    assert response.status_code == 200
    assert "Could not reach Crossref" in response.content.decode()
    assert Citation.objects.count() == 0


def test_recorded_answer_is_valid_json():
    assert json.loads(RECORDED)["DOI"] == "10.1111/j.1467-9280.2006.01832.x"

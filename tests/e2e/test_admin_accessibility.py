"""axe-core on the admin pages authors work in: the list, add, change, history and compare
pages of every content model (pillar, hub, article, author). Zero serious or critical
violations. Reports go to ``artifacts/axe-admin-<model>.json``."""

from __future__ import annotations

import json

import pytest

from tests.e2e import helpers

pytestmark = pytest.mark.browser

MODELS = ["pillar", "hub", "article", "author"]


def _page_with_a_draft(model: str):
    from articles import drafts
    from articles.models import Article, Author, Hub, Pillar
    from revisions.models import Revision

    page = (
        {"pillar": Pillar, "hub": Hub, "article": Article, "author": Author}[model]
        .objects.order_by("pk")
        .first()
    )
    drafts.ensure_baseline(page)
    snapshot = drafts.snapshot_of(page)
    first_text = next(name for name in page.markdown_fields)
    snapshot["fields"][first_text] = (
        snapshot["fields"][first_text] or ""
    ) + "\n\nA sentence added in a draft."
    drafts.record(page, snapshot, Revision.Kind.DRAFT, note="an edit to compare")
    return page


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", MODELS)
def test_admin_pages_have_no_serious_axe_violations(model, live_server, browser, artifacts_dir):
    helpers.require_axe()
    helpers.seed_public_pages()
    page_obj = _page_with_a_draft(model)
    base = f"/admin/articles/{model}/"
    addresses = {
        "list": base,
        "add": f"{base}add/",
        "change": f"{base}{page_obj.pk}/change/",
        "history": f"{base}{page_obj.pk}/history/",
        "compare": f"{base}{page_obj.pk}/history/compare/?a=live&b=",
    }
    from revisions.models import Revision

    addresses["compare"] += str(Revision.objects.of(page_obj).first().pk)
    helpers.make_editor()
    context = browser.new_context(viewport=helpers.DESKTOP, bypass_csp=True)
    page = context.new_page()
    report = {}
    try:
        helpers.sign_in(page, live_server.url)
        for label, address in addresses.items():
            response = page.goto(live_server.url + address)
            assert response is not None and response.status == 200, (label, address)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(artifacts_dir / f"admin-{model}-{label}.png"), full_page=True)
            report[label] = helpers.run_axe(page)
    finally:
        context.close()
    (artifacts_dir / f"axe-admin-{model}.json").write_text(json.dumps(report, indent=2))
    problems = {label: helpers.blocking(found) for label, found in report.items()}
    assert not any(problems.values()), "\n".join(
        f"{model} {label}:\n{helpers.describe(found)}" for label, found in problems.items() if found
    )

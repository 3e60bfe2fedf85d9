"""``manage.py references parse|import|export``."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from references.models import Citation
from tests.references.test_files import BIB, RIS

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = StringIO()
    call_command("references", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_parse_prints_csl_json_and_apa():
    output = run(
        "parse",
        "Coan, J. and Sbarra, D. (2015). Social baseline theory: The social regulation of risk and effort. "
        "Current Opinion in Psychology, 1, 87-91. doi.org",
    )
    data = json.loads(output.split("\nAPA 7:")[0])
    assert data["author"] == [{"family": "Coan", "given": "J."}, {"family": "Sbarra", "given": "D."}]
    assert "Coan, J., & Sbarra, D. (2015). Social baseline theory" in output
    assert "Unsure about: doi" in output


def test_import_files_with_dry_run_then_for_real(tmp_path):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    (tmp_path / "refs.ris").write_text(RIS, encoding="utf-8")
    (tmp_path / "refs.txt").write_text(
        "Walker, M. (2017). Why we sleep: Unlocking the power of sleep and dreams. Scribner.\n\n"
        "Coan, J. A., Schaefer, H. S., & Davidson, R. J. (2006). Lending a hand: Social regulation of the neural "
        "response to threat. Psychological Science, 17(12), 1032–1039. https://doi.org/10.1111/j.1467-9280.2006.01832.x\n",
        encoding="utf-8",
    )
    files = [str(tmp_path / name) for name in ("refs.bib", "refs.ris", "refs.txt")]
    dry = run("import", *files, "--dry-run")
    assert "Dry run: nothing was saved." in dry
    assert "9 reference(s) read from 3 file(s): 8 would be created, 1 already in the library" in dry
    assert not Citation.objects.exists()
    real = run("import", *files)
    assert "8 created, 1 already in the library" in real
    assert Citation.objects.count() == 8
    again = run("import", *files)
    assert "0 created, 9 already in the library" in again


def test_import_of_a_malformed_file_imports_nothing(tmp_path):
    (tmp_path / "good.ris").write_text(RIS, encoding="utf-8")
    (tmp_path / "bad.bib").write_text("@article{x,\n  title = {open\n", encoding="utf-8")
    with pytest.raises(CommandError, match=r"bad\.bib: BibTeX, line 1.*Nothing was imported"):
        run("import", str(tmp_path / "good.ris"), str(tmp_path / "bad.bib"))
    assert not Citation.objects.exists()


def test_import_rolls_back_when_one_item_cannot_be_stored(tmp_path):
    (tmp_path / "items.json").write_text(
        '[{"id": "fine", "title": "Fine", "issued": {"date-parts": [[2000]]}}, {"id": "untitled", "title": ""}]',
        encoding="utf-8",
    )
    with pytest.raises(CommandError, match="Reference 2"):
        run("import", str(tmp_path / "items.json"))
    assert not Citation.objects.exists()


@pytest.mark.parametrize(
    ("fmt", "marker"),
    [("bibtex", "@article{coan2006,"), ("ris", "TY  - JOUR"), ("csl-json", '"id": "coan2006"')],
)
def test_export(tmp_path, fmt, marker):
    (tmp_path / "refs.bib").write_text(BIB, encoding="utf-8")
    run("import", str(tmp_path / "refs.bib"))
    assert marker in run("export", "--format", fmt)
    target = tmp_path / f"out.{fmt}"
    run("export", "--format", fmt, "--output", str(target))
    assert marker in target.read_text(encoding="utf-8")


def test_import_skips_text_that_is_not_a_reference(tmp_path):
    (tmp_path / "notes.txt").write_text(
        "Walker, M. (2017). Why we sleep: Unlocking the power of sleep and dreams. Scribner.\n\n"
        "Remember to ask the team about the offsite agenda before Friday.\n",
        encoding="utf-8",
    )
    output = run("import", str(tmp_path / "notes.txt"))
    assert "skip" in output and "not a reference" in output
    assert "1 reference(s) read from 1 file(s): 1 created" in output
    assert Citation.objects.count() == 1

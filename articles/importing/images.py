"""Images an imported file points at by a relative path (``![alt](img/chart.png)``).

Each one is read from beside the file, checked like an upload (real format, bytes,
pixels: ``articles.images.clean_uploaded_image``), stored in the default media
storage under a name taken from its content (so importing again reuses the same file
and leaves the page unchanged), and the link is rewritten to the stored copy.

An image that cannot be brought in (missing, not an image, too large, a symbolic
link, or a path that leaves the imported folders) is reported with its file and line
and taken out of the text, keeping its description, so no page shows a broken image.
Addresses (``https://…``, ``/media/…``, ``data:``) are left as they are.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from articles.images import clean_uploaded_image

from .document import Document
from .sources import inside

# ![alt](path) or ![alt](<path with spaces> "title")
IMAGE = re.compile(
    r"!\[(?P<alt>[^\]\n]{0,500})\]\(\s*(?P<target><[^>\n]+>|[^)\s]+)(?P<title>\s+\"[^\"\n]*\")?\s*\)"
)
_ADDRESS = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//|/|#)", re.I)
IMPORT_FOLDER = "imported/"
TEXT_FIELDS = ("body", "closing_summary", "closing_text", "cta_text", "disclaimer")


@dataclass
class ImageCopier:
    """Brings the images of each document in; remembers copies made during one run."""

    folders: list[Path]
    dry_run: bool = False
    copied: dict[Path, str] = field(default_factory=dict)

    def bring_in(self, doc: Document) -> None:
        """Rewrite every relative image of the document's texts; report the ones that fail."""
        source = Path(doc.path)
        for name in TEXT_FIELDS:
            text = getattr(doc, name, "")
            if text and "![" in text:
                setattr(doc, name, IMAGE.sub(lambda match: self._replace(match, source, doc), text))
        for faq in doc.faqs:
            if "![" in faq.answer:
                faq.answer = IMAGE.sub(lambda match: self._replace(match, source, doc), faq.answer)

    def _replace(self, match: re.Match, source: Path, doc: Document) -> str:
        target = match.group("target").strip("<>").strip()
        if _ADDRESS.match(target):
            return match.group(0)
        alt = match.group("alt")
        line = _line_of(doc, match.group(0))
        try:
            url = self._copy(source.parent / unquote(target.split("#", 1)[0].split("?", 1)[0]))
        except (OSError, _Refused) as error:
            reason = (
                error if isinstance(error, _Refused) else f"it could not be read ({error.strerror or error})"
            )
            doc.note(
                line, f"image '{target}' not imported: {reason}; left out of the page (its text: '{alt}')"
            )
            return alt
        doc.info(line, f"image '{target}' copied into the media library")
        return f"![{alt}]({url}{match.group('title') or ''})"

    def _copy(self, path: Path) -> str:
        if any(parent.is_symlink() for parent in [path, *path.parents]):
            raise _Refused("it is a symbolic link")
        if not inside(path, self.folders):
            raise _Refused("the path leads outside the folders being imported")
        real = path.resolve()
        if real in self.copied:
            return self.copied[real]
        if not real.is_file():
            raise _Refused("no such file next to the page")
        limit = settings.IMAGE_UPLOAD_MAX_BYTES
        size = real.stat().st_size
        if size > limit:
            raise _Refused(f"the file is {size / 1_048_576:.1f} MB; the limit is {limit / 1_048_576:.0f} MB")
        data = real.read_bytes()
        upload = ContentFile(data, name=real.name)
        try:
            clean = clean_uploaded_image(upload)
        except ValidationError as error:
            raise _Refused(" ".join(error.messages)) from None
        content = clean.content.read()
        name = f"{settings.MARKDOWNX_MEDIA_PATH}{IMPORT_FOLDER}{hashlib.sha256(content).hexdigest()[:32]}.{clean.extension}"
        if not self.dry_run and not default_storage.exists(name):
            name = default_storage.save(name, ContentFile(content))
        url = default_storage.url(name)
        self.copied[real] = url
        return url


class _Refused(Exception):
    pass


def _line_of(doc: Document, text: str) -> int | None:
    source = doc.extra.get("source_text", "")
    position = source.find(text)
    return source.count("\n", 0, position) + 1 if position >= 0 else None

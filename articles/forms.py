from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.files.storage import default_storage

from .images import ACCEPTED_LABEL, clean_uploaded_image, random_image_name


class EditorImageUploadForm(forms.Form):
    """An image dropped into the Markdown editor; stored only after Pillow vouches for it."""

    image = forms.FileField(error_messages={"required": f"Choose a {ACCEPTED_LABEL} image to upload."})

    def clean_image(self):
        self.cleaned_image = clean_uploaded_image(self.cleaned_data["image"])
        return self.cleaned_data["image"]

    def save(self) -> str:
        """Store the re-encoded image under a random name; return its public URL."""
        name = f"{settings.MARKDOWNX_MEDIA_PATH}{random_image_name(self.cleaned_image.extension)}"
        stored = default_storage.save(name, self.cleaned_image.content)
        return default_storage.url(stored)


class CleanImageFieldMixin:
    """For admin forms: re-encode an uploaded ImageField value through ``clean_uploaded_image``."""

    image_fields: tuple[str, ...] = ()

    def clean(self):
        cleaned = super().clean()
        for name in self.image_fields:
            upload = cleaned.get(name)
            if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
                try:
                    clean = clean_uploaded_image(upload)
                except forms.ValidationError as error:
                    self.add_error(name, error)
                    continue
                clean.content.name = random_image_name(clean.extension)
                cleaned[name] = clean.content
        return cleaned

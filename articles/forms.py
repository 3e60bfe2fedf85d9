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


class UploadedImageField(forms.ImageField):
    """An image upload that ``clean_uploaded_image`` checks (with clear messages), not Django's probe.

    Django's own check opens the file with Pillow and answers every problem, a
    decompression bomb included, with one generic message.
    """

    def to_python(self, data):
        return forms.FileField.to_python(self, data)


class CleanImageFieldMixin:
    """For admin forms: re-encode an uploaded ImageField value through ``clean_uploaded_image``."""

    image_fields: tuple[str, ...] = ()

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name in self.image_fields:
            field = self.fields.get(name)
            if field is not None and not isinstance(field, UploadedImageField):
                replacement = UploadedImageField(
                    required=field.required,
                    label=field.label,
                    help_text=field.help_text,
                    widget=field.widget,
                )
                self.fields[name] = replacement

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

"""The licensing tests keep the private files (the label photos' originals) in a temporary folder."""

import pytest


@pytest.fixture(autouse=True)
def _private_media_in_tmp(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private", "base_url": "/non-public/"},
        },
    }
    settings.SITE_URL = "https://portail.madeinjura.test"

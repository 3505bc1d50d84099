"""The S3-compatible storage of uploaded files (django-storages), when STORAGE_S3_BUCKET is set.

The bucket stays private: no object is publicly readable and the portal never
hands out a bucket address. A file's URL is the portal's own (MEDIA_URL + name),
answered by jura_portal.media, which checks who may see it and streams the
object from the bucket; supporting documents and logo kits have their own views.
"""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PortalS3Storage(S3Storage):
    def get_default_settings(self) -> dict:
        return {**super().get_default_settings(), "base_url": None}

    def url(self, name, parameters=None, expire=None, http_method=None) -> str:
        base_url = self.base_url or settings.MEDIA_URL
        return f"{base_url}{filepath_to_uri(name)}"

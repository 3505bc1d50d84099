"""S3-compatible object storage (STORAGE_S3_*), against a local S3 server (moto) over real HTTP.

The settings are built by the same helper production uses, from the same environment variables.
"""

import urllib.error
import urllib.request
from io import BytesIO

import boto3
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from moto.server import ThreadedMotoServer
from PIL import Image

from core.uploads import clean_logo
from directory import services as directory_services
from jura_portal.settings import s3_storage
from tests.factories.directory import listed_company
from tests.factories.members import owner_of

pytestmark = pytest.mark.django_db

MEDIA_BUCKET, PRIVATE_BUCKET = "portail-media", "portail-prive"


@pytest.fixture(scope="module")
def s3_server():
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="portail",
        aws_secret_access_key="secret-de-test",
        region_name="eu-west-3",
    )
    for bucket in (MEDIA_BUCKET, PRIVATE_BUCKET):
        client.create_bucket(Bucket=bucket, CreateBucketConfiguration={"LocationConstraint": "eu-west-3"})
    yield endpoint, client
    server.stop()


@pytest.fixture
def s3_storages(s3_server, settings, monkeypatch):
    endpoint, client = s3_server
    monkeypatch.setenv("STORAGE_S3_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("STORAGE_S3_REGION", "eu-west-3")
    monkeypatch.setenv("STORAGE_S3_ACCESS_KEY_ID", "portail")
    monkeypatch.setenv("STORAGE_S3_SECRET_ACCESS_KEY", "secret-de-test")
    monkeypatch.setenv("STORAGE_S3_ADDRESSING_STYLE", "path")
    settings.STORAGES = {
        **settings.STORAGES,
        "default": s3_storage(MEDIA_BUCKET, "media", "/media/"),
        "private": s3_storage(PRIVATE_BUCKET, "private", "/non-public/"),
    }
    return endpoint, client


def keys(client, bucket: str) -> set[str]:
    return {item["Key"] for item in client.list_objects_v2(Bucket=bucket).get("Contents", [])}


def anonymous_status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - a local test server
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def png(color: str) -> ContentFile:
    buffer = BytesIO()
    Image.new("RGB", (32, 32), color).save(buffer, format="PNG")
    return clean_logo(ContentFile(buffer.getvalue(), name="logo.png"))


def test_a_file_is_uploaded_read_back_and_deleted_in_the_bucket(s3_storages):
    _endpoint, client = s3_storages

    name = default_storage.save("logos/essai.png", ContentFile(b"\x89PNG essai"))

    assert f"media/{name}" in keys(client, MEDIA_BUCKET)
    with default_storage.open(name, "rb") as file:
        assert file.read() == b"\x89PNG essai"
    assert default_storage.url(name) == f"/media/{name}"  # the portal's view, never the bucket
    default_storage.delete(name)
    assert f"media/{name}" not in keys(client, MEDIA_BUCKET)


def test_objects_are_not_publicly_readable_from_the_bucket(s3_storages):
    endpoint, _client = s3_storages

    public_name = default_storage.save("logos/public.png", ContentFile(b"logo"))
    private_name = storages["private"].save("documents/kbis.pdf", ContentFile(b"%PDF-1.4 kbis"))

    assert anonymous_status(f"{endpoint}/{MEDIA_BUCKET}/media/{public_name}") == 403
    assert anonymous_status(f"{endpoint}/{PRIVATE_BUCKET}/private/{private_name}") == 403
    with storages["private"].open(private_name, "rb") as file:  # the portal itself reads it
        assert file.read() == b"%PDF-1.4 kbis"


def test_the_media_view_streams_from_the_bucket_and_a_replaced_logo_is_deleted_there(
    s3_storages, client, staff, django_capture_on_commit_callbacks
):
    _endpoint, bucket = s3_storages
    company = listed_company("Fromagerie Vermot")
    company.logo.save("logo.png", png("red"))
    old_key = f"media/{company.logo.name}"
    assert old_key in keys(bucket, MEDIA_BUCKET)

    response = client.get(company.logo.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")

    with django_capture_on_commit_callbacks(execute=True):
        change = directory_services.listing_change_request(
            company=company, acting_user=owner_of(company), logo=png("blue")
        )
        assert client.get(change.logo.url).status_code == 404  # waiting for review: not public
        directory_services.listing_change_approve(change=change, acting_user=staff)

    assert old_key not in keys(bucket, MEDIA_BUCKET)
    assert f"media/{change.logo.name}" in keys(bucket, MEDIA_BUCKET)

"""Log records about a request name its client, as the portal sees it behind its proxies."""

import logging

from django.http import HttpRequest

from jura_portal.clientip import client_ip


class ClientAddressFilter(logging.Filter):
    """Adds `client` to every record: the client's address for records about a request, else "-"."""

    def filter(self, record: logging.LogRecord) -> bool:
        request = getattr(record, "request", None)
        record.client = (client_ip(request) or "?") if isinstance(request, HttpRequest) else "-"
        return True

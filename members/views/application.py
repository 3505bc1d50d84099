"""Placeholder: being built (membership issue)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


start = step = submit = withdraw = document_download = document_delete = _not_yet

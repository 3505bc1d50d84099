"""Placeholder: being built (membership issue)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


current = version = sign = receipt = _not_yet

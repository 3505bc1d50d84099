"""Placeholder: being built (membership issue)."""

from django.http import Http404


def _not_yet(request, *args, **kwargs):
    raise Http404


home = representatives = representative_remove = invitation_accept = resign = _not_yet

"""The sections other apps add to the public "Adhérer" page (/adherer/), between the charter and
the steps: the dues app its fee table. The members app shows them without importing those apps.

Each section is a function `(request) -> str` (HTML, safe), appended in its app's AppConfig.ready().
"""

from collections.abc import Callable

from django.http import HttpRequest

SECTIONS: list[Callable[[HttpRequest], str]] = []

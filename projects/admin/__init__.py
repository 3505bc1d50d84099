"""The projects' staff pages (Django admin), one module per theme."""

from projects.admin import gates, impact, ledger, needs, projects  # noqa: F401 - registers the admins

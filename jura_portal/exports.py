"""Lists staff take away: CSV (semicolons, UTF-8 with its byte order mark, as French Excel reads it)
and Excel (.xlsx, written by openpyxl).

A cell a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage return) is
prefixed with an apostrophe: a company name or a guest's name typed as "=HYPERLINK(...)" stays text.
Staff export only what they may view: the admin's change list, with its filters and search applied.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def safe_cell(value):
    """The value as a spreadsheet cell that never runs as a formula."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None)
    if isinstance(value, bool | int | float | date):
        return value
    value = str(value)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _csv_text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def export_response(
    *, filename: str, headers: Sequence[str], rows: Iterable[Sequence], fmt: str, title: str = ""
) -> HttpResponse:
    """A download of `rows` under `headers`, as `fmt` ("csv" or "xlsx")."""
    if fmt not in FORMATS:
        raise Http404("unknown export format")
    cells = ([safe_cell(v) for v in row] for row in rows)
    response = HttpResponse(content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    if fmt == "csv":
        response.write("\ufeff")  # Excel reads UTF-8 only with the byte order mark
        writer = csv.writer(response, delimiter=";")
        writer.writerow([safe_cell(h) for h in headers])
        for row in cells:
            writer.writerow([_csv_text(v) for v in row])
        return response
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=(title or "Export")[:31])
    sheet.append([safe_cell(h) for h in headers])
    for row in cells:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    response.write(buffer.getvalue())
    return response


class ExportAdminMixin(admin.ModelAdmin):
    """ "Exporter (CSV)" and "(Excel)" on a change list: the rows it shows, filters and search applied.

    A subclass says what a row holds: `export_headers`, `export_row(obj)`, and optionally
    `export_queryset(queryset)` to fetch what the rows need in a fixed number of queries.
    """

    change_list_template = "admin/exports/change_list.html"
    export_headers: Sequence[str] = ()
    export_filename = "export"

    def export_row(self, obj) -> Sequence:
        raise NotImplementedError

    def export_queryset(self, queryset):
        return queryset

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        own = [
            path(
                "exporter.<str:fmt>",
                self.admin_site.admin_view(self.export_view),
                name="{}_{}_export".format(*info),
            )
        ]
        return own + super().get_urls()

    def export_view(self, request, fmt: str):
        if not self.has_view_permission(request):
            raise PermissionDenied
        changelist = self.get_changelist_instance(request)
        queryset = self.export_queryset(changelist.get_queryset(request))
        stamp = timezone.localdate().isoformat()
        return export_response(
            filename=f"{self.export_filename}-{stamp}",
            headers=[str(h) for h in self.export_headers],
            rows=(self.export_row(obj) for obj in queryset.iterator(chunk_size=500)),
            fmt=fmt,
            title=str(self.opts.verbose_name_plural),
        )

    def changelist_view(self, request, extra_context=None):
        info = self.opts.app_label, self.opts.model_name
        query = request.GET.urlencode()
        base = "admin:{}_{}_export".format(*info)
        extra_context = {
            **(extra_context or {}),
            "export_links": [
                (label, reverse(base, kwargs={"fmt": fmt}) + (f"?{query}" if query else ""))
                for fmt, label in (("csv", _("Exporter (CSV)")), ("xlsx", _("Exporter (Excel)")))
            ],
        }
        return super().changelist_view(request, extra_context)

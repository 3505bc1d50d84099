"""Staff screens for the territory (communes, intercommunalities) and the trades."""

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from reference.models import Commune, Epci, FormerCommune, Sector
from reference.places import place_key


@admin.register(Epci)
class EpciAdmin(admin.ModelAdmin):
    list_display = ("name", "siren", "commune_count")
    search_fields = ("name", "siren")
    prepopulated_fields = {"slug": ("name",)}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Epci]:
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description=_("communes"), ordering="commune_count")
    def commune_count(self, epci: Epci) -> int:
        return epci.commune_count


class FormerCommuneInline(admin.TabularInline):
    """The delegated/associated communes come from the official geographic code (load_reference)."""

    model = FormerCommune
    fields = ("name", "insee_code", "kind")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "insee_code", "postal_codes_display", "epci")
    list_filter = ("epci",)
    list_select_related = ("epci",)
    search_fields = ("name", "insee_code", "former_communes__name")
    search_help_text = _("Nom (ou ancienne commune), code INSEE ou code postal.")
    inlines = [FormerCommuneInline]
    prepopulated_fields = {"slug": ("name",)}

    @admin.display(description=_("codes postaux"))
    def postal_codes_display(self, commune: Commune) -> str:
        return ", ".join(commune.postal_codes)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Commune], search_term: str
    ) -> tuple[QuerySet[Commune], bool]:
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Postal codes live in an array: match a whole code exactly.
        codes = [term for term in search_term.split() if term.isdigit() and len(term) == 5]
        if codes:
            results |= queryset.filter(postal_codes__overlap=codes)
        # As people spell names (« st claude », « lons le saunier », « morez »): a few hundred rows.
        key = place_key(search_term)
        if key and not codes:
            names = Commune.objects.values_list("pk", "name").union(
                FormerCommune.objects.values_list("commune_id", "name"), all=True
            )
            results |= queryset.filter(pk__in=[pk for pk, name in names if key in place_key(name)])
        return results, may_have_duplicates


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active", "description")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

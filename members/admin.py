"""Staff screens for people, the territory and the trades."""

from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import forms as auth_forms
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from members.models import Commune, Epci, Sector, User


class UserCreationForm(auth_forms.AdminUserCreationForm):
    class Meta:
        model = User
        fields = ("email",)


class UserChangeForm(auth_forms.UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"


@admin.register(User)
class UserAdmin(auth_admin.UserAdmin):
    """Django's user admin, with the email address as the login instead of a username."""

    form = UserChangeForm
    add_form = UserCreationForm
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Identité"), {"fields": ("first_name", "last_name")}),
        (
            _("Droits"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Dates importantes"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "usable_password", "password1", "password2")},
        ),
    )
    list_display = ("email", "first_name", "last_name", "is_staff", "is_active", "last_login")
    list_filter = ("is_staff", "is_superuser", "is_active", "groups")
    search_fields = ("email", "first_name", "last_name")
    ordering = ("email",)


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


@admin.register(Commune)
class CommuneAdmin(admin.ModelAdmin):
    list_display = ("name", "insee_code", "postal_codes_display", "epci")
    list_filter = ("epci",)
    list_select_related = ("epci",)
    search_fields = ("name", "insee_code")
    search_help_text = _("Nom, code INSEE ou code postal.")
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
        return results, may_have_duplicates


@admin.register(Sector)
class SectorAdmin(admin.ModelAdmin):
    list_display = ("name", "position", "is_active", "description")
    list_editable = ("position", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name", "description")
    prepopulated_fields = {"slug": ("name",)}

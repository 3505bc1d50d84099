"""`request.company`: the company the signed-in person acts for (or None)."""

from django.utils.functional import SimpleLazyObject

from members.models import Company


def company_of(user) -> Company | None:
    if not user.is_authenticated:
        return None
    return Company.objects.filter(roles__user=user).first()


class CompanyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy: pages that never look at the company pay no query for it.
        request.company = SimpleLazyObject(lambda: company_of(request.user))
        return self.get_response(request)

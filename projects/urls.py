"""/projets/ (public pages, reporting a need, following a project) and /espace/projets/ (members)."""

from django.urls import path

from projects.views import follow, needs, public, space

app_name = "projects"

urlpatterns = [
    path("projets/", public.project_list, name="list"),
    path("projets/territoire/<slug:epci>/", public.territory, name="territory"),
    path("projets/besoins/signaler/", needs.need_report, name="need_report"),
    path("projets/besoins/mes-besoins/", needs.my_needs, name="my_needs"),
    path("projets/suivre/confirmer/<str:token>/", follow.follow_confirm, name="follow_confirm"),
    path("projets/suivre/arreter/<str:token>/", follow.unfollow, name="unfollow"),
    path("projets/<slug:slug>/", public.project_detail, name="detail"),
    path("projets/<slug:slug>/suivre/", follow.follow, name="follow"),
    path("espace/projets/", space.partner_projects, name="space"),
    path("espace/projets/<slug:slug>/interet/", space.express_interest, name="interest"),
    path("espace/projets/<slug:slug>/engagement/", space.pledge, name="pledge"),
]

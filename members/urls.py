from django.urls import path

from members.views import application, privacy, space

app_name = "members"

urlpatterns = [
    # The application, in steps.
    path("adhesion/", application.start, name="apply"),
    path("adhesion/etape/<int:step>/", application.step, name="apply_step"),
    path("adhesion/envoyer/", application.submit, name="apply_submit"),
    path("adhesion/retirer/", application.withdraw, name="apply_withdraw"),
    path("adhesion/justificatifs/<int:pk>/", application.document_download, name="document_download"),
    path("adhesion/justificatifs/<int:pk>/supprimer/", application.document_delete, name="document_delete"),
    # The member's space.
    path("espace/", space.home, name="space"),
    path("espace/representants/", space.representatives, name="representatives"),
    path("espace/representants/<int:pk>/retirer/", space.representative_remove, name="representative_remove"),
    path("espace/invitation/<str:token>/", space.invitation_accept, name="invitation_accept"),
    path("espace/demission/", space.resign, name="resign"),
    path("espace/mes-donnees/", privacy.my_data, name="my_data"),
    path("espace/mes-donnees/telecharger/", privacy.my_data_download, name="my_data_download"),
    path("espace/mes-donnees/effacement/", privacy.erasure_request, name="erasure_request"),
]

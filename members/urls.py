from django.urls import path

from members.views import application, certificate, join, privacy, space

app_name = "members"

urlpatterns = [
    # Who may join, the fees, the steps (public), then the application itself.
    path("adherer/", join.join, name="join"),
    # The application, in steps.
    path("adhesion/", application.start, name="apply"),
    path("adhesion/etape/<int:step>/", application.step, name="apply_step"),
    path("adhesion/envoyer/", application.submit, name="apply_submit"),
    path("adhesion/retirer/", application.withdraw, name="apply_withdraw"),
    path("adhesion/justificatifs/<int:pk>/", application.document_download, name="document_download"),
    path("adhesion/justificatifs/<int:pk>/supprimer/", application.document_delete, name="document_delete"),
    # The member's space.
    path("espace/", space.home, name="space"),
    path("espace/mon-nom/", space.name, name="name"),
    path("espace/representants/", space.representatives, name="representatives"),
    path("espace/representants/<int:pk>/retirer/", space.representative_remove, name="representative_remove"),
    path("espace/invitation/<str:token>/", space.invitation_accept, name="invitation_accept"),
    path("espace/demission/", space.resign, name="resign"),
    path("espace/attestation-adhesion.pdf", certificate.certificate_pdf, name="certificate"),
    # The membership certificate's verification link (printed on it, with its QR code).
    path("attestation/<str:token>/", certificate.certificate_verify, name="certificate_verify"),
    path("espace/mes-donnees/", privacy.my_data, name="my_data"),
    path("espace/mes-donnees/telecharger/", privacy.my_data_download, name="my_data_download"),
    path("espace/mes-donnees/effacement/", privacy.erasure_request, name="erasure_request"),
]

from django.urls import path, re_path

from licensing import views

app_name = "licensing"

urlpatterns = [
    # Printed QR codes point here: the path is a contract, never change it.
    path("licence/<str:code>/", views.verify, name="verify"),
    path("licence/", views.lookup, name="lookup"),
    path("espace/licence/", views.space_licence, name="space_licence"),
    path("espace/licence/kit/", views.kit_download, name="kit"),
    re_path(r"^espace/licence/qr\.(?P<fmt>png|svg)$", views.qr_download, name="qr"),
    path("espace/labels/", views.labels, name="labels"),
    path("espace/labels/<int:pk>/retirer/", views.label_withdraw, name="label_withdraw"),
]

from django.urls import path

from charter import views

app_name = "charter"

urlpatterns = [
    path("", views.current, name="current"),
    path("versions/<int:number>/", views.version, name="version"),
    path("signer/", views.sign, name="sign"),
    path("recu/<int:pk>/", views.receipt, name="receipt"),
]

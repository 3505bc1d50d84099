from django.urls import path

from offers import views

app_name = "offers"

urlpatterns = [
    path("offres/", views.offer_list, name="list"),
    path("offres/mes-offres/", views.my_offers, name="mine"),
    path("offres/nouvelle/", views.offer_create, name="create"),
    path("offres/<int:pk>/", views.offer_detail, name="detail"),
    path("offres/<int:pk>/contacter/", views.offer_contact, name="contact"),
    path("offres/<int:pk>/modifier/", views.offer_edit, name="edit"),
    path("offres/<int:pk>/retirer/", views.offer_withdraw, name="withdraw"),
    path("offres/<int:pk>/remettre-en-ligne/", views.offer_republish, name="republish"),
]

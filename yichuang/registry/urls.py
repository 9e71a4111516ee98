from django.urls import path

from yichuang.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.unit_search, name="search"),
    path("units/<str:code>/", views.unit_detail, name="unit"),
]

from django.urls import path

from .views import guidance as views

app_name = "guidance"

urlpatterns = [
    path("", views.index, name="index"),
    path("elements/", views.element_index, name="elements"),
    path("elements/<slug:slug>/", views.element_detail, name="element"),
    path("sectors/", views.sector_index, name="sectors"),
    path("sectors/<slug:slug>/", views.sector_detail, name="sector"),
    path("roles/", views.roles, name="roles"),
]

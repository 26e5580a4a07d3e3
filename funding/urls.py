"""The convener's grant pages, outside any one partnership: /convener/funding/."""

from django.urls import path

from .views import grants, lists, returns

app_name = "funding"

urlpatterns = [
    path("", grants.grant_list, name="grants"),
    path("new/", grants.grant_new, name="grants-new"),
    path("<int:grant_pk>/", grants.grant_detail, name="grants-detail"),
    path("<int:grant_pk>/edit/", grants.grant_edit, name="grants-edit"),
    path("<int:grant_pk>/lines/", grants.grant_lines, name="grants-lines"),
    path("<int:grant_pk>/allocations/new/", grants.allocation_new, name="allocations-new"),
    path(
        "<int:grant_pk>/allocations/<int:allocation_pk>/edit/",
        grants.allocation_edit,
        name="allocations-edit",
    ),
    path(
        "<int:grant_pk>/allocations/<int:allocation_pk>/remove/",
        grants.allocation_remove,
        name="allocations-remove",
    ),
    path("<int:grant_pk>/decisions/new/", grants.decision_new, name="decisions-new"),
]

# The Home Office returns of each grant (funding/views/returns.py).
urlpatterns += returns.urlpatterns

# Each list above as CSV and Excel (funding/views/lists.py).
urlpatterns += lists.urlpatterns

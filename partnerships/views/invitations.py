urlpatterns = []
non_tenant_urlpatterns = []

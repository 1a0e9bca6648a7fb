from django.contrib import admin
from django.urls import include, path

from revisit.accounts.views import home
from revisit.core.views import FaviconView

urlpatterns = [
    path("", home, name="home"),
    path("favicon.ico", FaviconView.as_view(), name="favicon"),
    path("accounts/", include("revisit.accounts.urls")),
    path("book/", include("revisit.book.urls")),
    path("imports/", include("revisit.imports.urls")),
    path("outreach/", include("revisit.outreach.urls")),
    path("development/", include("revisit.development.urls")),
    path("planning/", include("revisit.planning.urls")),
    path("coaching/", include("revisit.coaching.urls")),
    path("reports/", include("revisit.reports.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

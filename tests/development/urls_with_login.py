"""The project's URLs plus Django's login and logout views under `accounts`.

NOTE: a stand-in for branches whose accounts app has no login view yet;
base.html links `accounts:logout`, and login_required redirects to
`accounts:login`. The `login_urls` fixture uses it only when
`accounts:login` does not resolve, so it is unused once accounts has one.
"""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from revisit.config.urls import urlpatterns as project_urlpatterns

accounts_patterns = (
    [
        path("login/", auth_views.LoginView.as_view(), name="login"),
        path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    ],
    "accounts",
)

urlpatterns = [path("accounts/", include(accounts_patterns)), *project_urlpatterns]

from django.templatetags.static import static
from django.views.generic import RedirectView

FAVICON = "core/favicon.svg"


class FaviconView(RedirectView):
    """Redirect /favicon.ico, which browsers and the admin request, to the icon.

    The redirect is temporary so a later change of the static URL (hashed
    file names, a CDN) reaches browsers that cached it.
    """

    def get_redirect_url(self, *args, **kwargs) -> str:
        return static(FAVICON)

"""Messages stored on a failed batch, for the person who started the import.

A batch's error_message is stored, not rendered per request, so it is
written in the site's default language (Simplified Chinese). What went wrong
in detail goes to the log, with the batch id.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy as _

UNEXPECTED_ERROR = _(
    "The import stopped because of an unexpected error. Try again; if it fails "
    "again, give your administrator the import number %(batch_id)s."
)
INTERRUPTED_BY_SIGNAL = _(
    "The import was interrupted before it finished (stopped with Ctrl-C or a "
    "signal). Nothing was imported: import the file again."
)
RUNNER_GONE = _(
    "The import was interrupted because the server process running it stopped. "
    "Nothing was imported: upload the file again."
)
RUNNER_GONE_AFTER_WRITE = _(
    "The server process running the import stopped after the rows were written, "
    "so the counts were not saved. Upload the file again to see them: it updates "
    "the same policies and adds no duplicates."
)


def stored_message(message, **params) -> str:
    """Translate `message` into the site's default language and fill in `params`."""
    with translation.override(settings.LANGUAGE_CODE):
        text = str(message)
    return text % params if params else text

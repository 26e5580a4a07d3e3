"""Translation lookups without the empty catalogues Django chains behind British English.

Our source strings are English, so on an English page every lookup misses and walks the whole
chain of catalogues. Django and each of its contrib apps ship an `en_GB` catalogue, and Python's
gettext gives each one the `en` catalogue beside it as a fallback: six fallbacks holding nothing
but a header. A lookup took 11 µs instead of 3 µs; the strategy's overview, with about 800,
took 3 ms longer (of about 52). Dropping catalogues that hold no messages changes no
translation.
"""

import gettext

from django.conf import settings
from django.utils.translation import trans_real


def _holds_messages(catalogue) -> bool:
    # The empty msgid is the catalogue's header, not a message.
    return any(key for key in getattr(catalogue, "_catalog", {}) or {})


def drop_empty_fallbacks(translation) -> None:
    """Unlink the fallbacks of `translation` that are gettext catalogues with no messages."""
    previous, fallback = translation, getattr(translation, "_fallback", None)
    while fallback is not None:
        if isinstance(fallback, gettext.GNUTranslations) and not _holds_messages(fallback):
            previous._fallback = fallback._fallback
        else:
            previous = fallback
        fallback = previous._fallback


def trim_default_translation() -> None:
    """The site's own language, which every page uses, loaded once with its chain trimmed."""
    if settings.USE_I18N:
        drop_empty_fallbacks(trans_real.translation(settings.LANGUAGE_CODE))

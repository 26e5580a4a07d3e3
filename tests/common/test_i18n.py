"""English pages look strings up in one catalogue, not through six empty ones; a catalogue that
holds messages is never dropped."""

import gettext

from django.utils.translation import trans_real

from common.i18n import drop_empty_fallbacks


def chain(translation) -> list:
    catalogues = []
    while translation is not None:
        catalogues.append(translation)
        translation = getattr(translation, "_fallback", None)
    return catalogues


def catalogue(messages: dict[str, str]) -> gettext.GNUTranslations:
    made = gettext.GNUTranslations()
    made._catalog = {"": "Content-Type: text/plain; charset=UTF-8\n", **messages}
    made.plural = lambda n: int(n != 1)
    return made


def test_the_sites_language_has_no_empty_catalogues_behind_it(settings):
    assert len(chain(trans_real.translation(settings.LANGUAGE_CODE))) == 1


def test_only_empty_catalogues_are_dropped_and_what_the_rest_hold_is_still_found():
    first, empty, holding, also_empty = (
        catalogue({}),
        catalogue({}),
        catalogue({"Colour": "Lliw"}),
        catalogue({}),
    )
    first.add_fallback(empty)
    first.add_fallback(holding)
    first.add_fallback(also_empty)

    drop_empty_fallbacks(first)

    assert chain(first) == [first, holding]
    assert first.gettext("Colour") == "Lliw"
    assert first.gettext("Size") == "Size"

"""django-allauth's own messages in Welsh: allauth ships no Welsh catalogue, so the words it
shows on the sign-in, two-factor, single sign-on and session pages are in ours."""

from pathlib import Path

import allauth
import polib
import pytest
from django.utils import translation
from django.utils.translation import gettext

from accounts.allauth_messages import MESSAGES

ALLAUTH_CATALOGUE = Path(allauth.__file__).parent / "locale" / "de" / "LC_MESSAGES" / "django.po"


def test_each_listed_message_is_allauths_own_english():
    allauths = {entry.msgid for entry in polib.pofile(str(ALLAUTH_CATALOGUE))}

    assert [message for message in MESSAGES if message not in allauths] == []


@pytest.mark.parametrize("message", MESSAGES)
def test_a_welsh_reader_reads_allauths_message_in_welsh(message):
    with translation.override("cy"):
        welsh = gettext(message)

    assert welsh != message


def test_an_english_reader_reads_it_as_allauth_wrote_it():
    with translation.override("en-gb"):
        assert gettext("You have signed out.") == "You have signed out."

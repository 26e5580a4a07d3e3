"""The Welsh interface (issue 16): every string people read is marked for translation, every
message has a Welsh translation that keeps its placeholders, the compiled catalogue is the one
in the repository, and a reviewed translation is loaded with one command."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from common import translations

ROOT = Path(settings.BASE_DIR)
CATALOGUE = translations.catalogue_path()

# Template text that is not marked, and why it need not be: code shown as code, and text in an
# element that says its own language (the switcher names each language in itself).
_BLOCKS = re.compile(
    r"{%\s*(comment|blocktranslate|blocktrans|verbatim)\b.*?%}.*?{%\s*end\1\s*%}", re.S
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}|{#.*?#}", re.S)
_NOT_TEXT = re.compile(r"<(script|style|code)\b.*?</\1>|<!--.*?-->", re.S)
_OWN_LANGUAGE = re.compile(r"<(\w+)\b[^>]*\blang=\"[^\"]*\"[^>]*>.*?</\1>", re.S)
_READ_ATTRIBUTES = re.compile(r'\b(aria-label|title|alt|placeholder)="([^"]*)"')
_HTML = re.compile(r"<[^>]*>", re.S)
_WORD = re.compile(r"[A-Za-z]{2,}")
SERVICE_NAME = "SVD Portal"


def unmarked_text(template: str) -> list[str]:
    """Words in a template that no {% translate %} or {% blocktranslate %} holds."""
    text = _BLOCKS.sub("§", template)
    text = _TAGS.sub("§", text)
    text = _OWN_LANGUAGE.sub(" ", _NOT_TEXT.sub(" ", text))
    found = [
        match.group(0)
        for match in _READ_ATTRIBUTES.finditer(text)
        if _WORD.search(match.group(2).replace("§", ""))
    ]
    for piece in _HTML.sub("\n", text).split("\n"):
        words = " ".join(piece.replace("§", " ").replace(SERVICE_NAME, " ").split())
        if _WORD.search(words):
            found.append(words)
    return found


def templates() -> list[Path]:
    return sorted(
        path
        for path in ROOT.glob("*/templates/**/*.html")
        if path.parts[len(ROOT.parts)] not in {".venv", "node_modules", "var"}
    ) + sorted((ROOT / "templates").glob("**/*.html"))


def test_the_scan_finds_text_left_unmarked():
    page = '<h1>{% translate "Dashboard" %}</h1><p>Nothing here</p><a aria-label="Close">'
    assert unmarked_text(page) == ['aria-label="Close"', "Nothing here"]
    assert unmarked_text('<code>age_band</code><span lang="cy">Cymraeg</span>') == []


def test_every_template_string_is_marked_for_translation():
    unmarked = {
        str(path.relative_to(ROOT)): found
        for path in templates()
        if (found := unmarked_text(path.read_text()))
    }
    assert unmarked == {}


def test_every_message_has_a_welsh_translation_and_none_is_fuzzy():
    catalogue = polib.pofile(str(CATALOGUE))

    assert [entry.msgid for entry in translations.untranslated(catalogue)] == []
    assert catalogue.metadata["Language"] == "cy"


def test_every_welsh_translation_keeps_its_placeholders_and_markup():
    catalogue = polib.pofile(str(CATALOGUE))

    assert {e.msgid: translations.problems(e) for e in catalogue if translations.problems(e)} == {}


def test_the_compiled_catalogue_is_the_catalogue():
    # The portal reads the .mo: one compiled from an older .po would show older Welsh.
    source = {
        entry.msgid: (entry.msgstr, entry.msgstr_plural) for entry in polib.pofile(str(CATALOGUE))
    }
    compiled = polib.mofile(str(CATALOGUE.with_suffix(".mo")))

    assert {entry.msgid: (entry.msgstr, entry.msgstr_plural) for entry in compiled} == {
        msgid: (msgstr, plural) for msgid, (msgstr, plural) in source.items() if msgid
    }


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext's xgettext")
def test_the_catalogue_holds_every_marked_string(tmp_path):
    # makemessages on a copy of the source: a string marked since the catalogue was made would
    # show in English to a Welsh reader. (make messages brings the catalogue up to date.)
    copy = tmp_path / "source"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", "node_modules", "var", ".git", "static", "tests", "bench", "*.pyc", "*.mo"
        ),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", *MAKEMESSAGES_ARGS],
        cwd=copy,
        check=True,
        capture_output=True,
    )
    made = polib.pofile(str(copy / CATALOGUE.relative_to(ROOT)))

    missing = {entry.msgid for entry in made if not entry.obsolete} - {
        entry.msgid for entry in polib.pofile(str(CATALOGUE))
    }
    assert missing == set()


MAKEMESSAGES_ARGS = ["-l", "cy", "--add-location", "file", "--no-obsolete"]


# --- Loading a reviewed translation ---------------------------------------------------------------


@pytest.fixture
def catalogue(tmp_path):
    """A small catalogue of our own, as the command finds the real one."""
    made = polib.POFile()
    made.metadata = {"Language": "cy", "Content-Type": "text/plain; charset=UTF-8"}
    made.append(polib.POEntry(msgid="Dashboard", msgstr="Dangosfwrdd"))
    made.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Helo %(name)s"))
    path = tmp_path / "django.po"
    translations.save(made, path)
    return path


def test_a_reviewed_csv_replaces_our_welsh_and_compiles_it(tmp_path, catalogue):
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("english,welsh\nDashboard,Dangosfwrdd newydd\nNot ours,Dim\n")

    loaded = translations.load_reviewed(reviewed, catalogue=catalogue, reviewer="A Translator")

    assert (loaded.replaced, loaded.unknown) == (1, ["Not ours"])
    compiled = {
        entry.msgid: entry.msgstr for entry in polib.mofile(str(catalogue.with_suffix(".mo")))
    }
    assert compiled["Dashboard"] == "Dangosfwrdd newydd"
    assert (
        polib.pofile(str(catalogue)).metadata[translations.REVIEW_FIELD]
        == "reviewed by A Translator"
    )


def test_a_reviewed_translation_that_loses_a_placeholder_is_refused(tmp_path, catalogue):
    reviewed = polib.POFile()
    reviewed.append(polib.POEntry(msgid="Hello %(name)s", msgstr="Helo"))
    reviewed.save(str(tmp_path / "reviewed.po"))

    loaded = translations.load_reviewed(tmp_path / "reviewed.po", catalogue=catalogue)

    assert loaded.replaced == 0 and len(loaded.refused) == 1
    assert polib.pofile(str(catalogue)).find("Hello %(name)s").msgstr == "Helo %(name)s"


def test_the_command_loads_a_file_and_says_what_it_did(tmp_path, catalogue, capsys, monkeypatch):
    monkeypatch.setattr(translations, "catalogue_path", lambda language="cy": catalogue)
    reviewed = tmp_path / "reviewed.csv"
    reviewed.write_text("english,welsh\nDashboard,Dangosfwrdd y bartneriaeth\n")

    call_command("load_translation", str(reviewed), "--reviewer", "Cyfieithydd")

    assert "1 message replaced" in capsys.readouterr().out

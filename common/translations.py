"""The portal's Welsh catalogue (locale/cy): checking a translation and loading a reviewed one.

The shipped Welsh is a first translation made with the project, marked in the catalogue's header
as waiting for review by a Welsh translator (docs/welsh.md). A reviewed translation, as a `.po`
file or a CSV of English and Welsh, is loaded with `manage.py load_translation`: every message
it translates replaces ours, once it keeps the same placeholders and markup, and the compiled
`.mo` the portal reads is written beside it with polib (no GNU gettext needed).
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import polib
from django.conf import settings

# What must come through a translation unchanged: Python's and Django's placeholders, HTML tags
# with their attributes, and entities.
_KEPT = re.compile(r"%\(\w+\)[sdif]|%[sdif%]|\{\{[^}]*\}\}|</?[a-zA-Z][^>]*>|&[a-z]+;")

# Header fields saying whose translation it is and whether a Welsh translator has reviewed it.
REVIEW_FIELD = "X-Translation-Review"
NOT_REVIEWED = "not yet reviewed by a Welsh translator (a first translation by the project)"


def catalogue_path(language: str = "cy") -> Path:
    return Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po"


def kept_parts(text: str) -> list[str]:
    """The placeholders and markup in `text`, in order of appearance, sorted for comparison."""
    return sorted(_KEPT.findall(text))


def problems(entry: polib.POEntry) -> list[str]:
    """Why a translated message cannot be used: placeholders or markup not kept."""
    found = []
    if entry.msgid_plural:
        wanted = set(kept_parts(entry.msgid_plural)) | set(kept_parts(entry.msgid))
        for form, text in sorted(entry.msgstr_plural.items()):
            if text and set(kept_parts(text)) - wanted:
                found.append(f"form {form} adds {sorted(set(kept_parts(text)) - wanted)}")
    elif entry.msgstr and kept_parts(entry.msgstr) != kept_parts(entry.msgid):
        found.append(f"keeps {kept_parts(entry.msgstr)}, the English has {kept_parts(entry.msgid)}")
    return found


def untranslated(catalogue: polib.POFile) -> list[polib.POEntry]:
    """Messages with no translation, or only a fuzzy one (which gettext does not use)."""
    return [
        entry
        for entry in catalogue
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]


@dataclass
class Loaded:
    replaced: int = 0
    unchanged: int = 0
    unknown: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)


def _reviewed_rows(path: Path) -> list[tuple[str, str | list[str]]]:
    """(English, Welsh) from a .po file, or from a CSV with `english` and `welsh` columns (a
    plural's Welsh forms separated by " | ")."""
    if path.suffix.lower() == ".po":
        rows = []
        for entry in polib.pofile(str(path)):
            if entry.obsolete or "fuzzy" in entry.flags:
                continue
            if entry.msgid_plural and any(entry.msgstr_plural.values()):
                forms = [entry.msgstr_plural[n] for n in sorted(entry.msgstr_plural)]
                rows.append((entry.msgid, forms))
            elif entry.msgstr:
                rows.append((entry.msgid, entry.msgstr))
        return rows
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(io.StringIO(handle.read()))
        if not reader.fieldnames or not {"english", "welsh"} <= set(reader.fieldnames):
            raise ValueError("A CSV needs the columns english and welsh")
        return [
            (row["english"], row["welsh"].split(" | ") if " | " in row["welsh"] else row["welsh"])
            for row in reader
            if row["english"] and row["welsh"]
        ]


def load_reviewed(path: Path, *, catalogue: Path | None = None, reviewer: str = "") -> Loaded:
    """Put a reviewed translation into the catalogue and compile it. Messages the portal does
    not have are listed, not added; a translation that loses a placeholder is refused."""
    catalogue = catalogue or catalogue_path()
    ours = polib.pofile(str(catalogue))
    by_english = {entry.msgid: entry for entry in ours if not entry.obsolete}
    loaded = Loaded()
    for english, welsh in _reviewed_rows(path):
        entry = by_english.get(english)
        if entry is None:
            loaded.unknown.append(english)
            continue
        before = (entry.msgstr, dict(entry.msgstr_plural))
        if entry.msgid_plural:
            forms = welsh if isinstance(welsh, list) else [welsh]
            entry.msgstr_plural = {n: text for n, text in enumerate(forms)}
        else:
            entry.msgstr = welsh if isinstance(welsh, str) else welsh[0]
        reasons = problems(entry)
        if reasons:
            entry.msgstr, entry.msgstr_plural = before
            loaded.refused.append(f"{english!r}: {'; '.join(reasons)}")
            continue
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
        if (entry.msgstr, dict(entry.msgstr_plural)) == before:
            loaded.unchanged += 1
        else:
            loaded.replaced += 1
    if loaded.replaced and reviewer:
        ours.metadata[REVIEW_FIELD] = f"reviewed by {reviewer}"
    save(ours, catalogue)
    return loaded


def save(catalogue: polib.POFile, path: Path) -> None:
    """Write the catalogue and its compiled .mo beside it."""
    catalogue.save(str(path))
    catalogue.save_as_mofile(str(path.with_suffix(".mo")))

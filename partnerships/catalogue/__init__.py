"""Loads the Duty reference catalogue from the guidance data files beside this module: the
English text (duty_guidance_v1.json) and its Welsh (duty_guidance_v1.cy.csv, english,welsh)."""

import csv
import json
from dataclasses import dataclass, field
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent
LEVEL_KEYS = ("engaged", "actively_participating")
WELSH_FILE = CATALOGUE_DIR / "duty_guidance_v1.cy.csv"

# What each catalogue model says in words, in English and Welsh (partnerships/translation.py
# registers them with django-modeltranslation; each has a column per language).
TRANSLATED = {
    "DutyElement": ("name", "short_name", "description"),
    "Enabler": ("name",),
    "ElementAction": ("label", "text"),
    "DutyRole": ("name", "definition"),
    "Sector": (
        "name",
        "short_name",
        "description",
        "duty_holder",
        "duty_holder_wales",
        "benefits_intro",
        "example_title",
        "example_text",
    ),
    "RecommendedPost": ("label", "post", "text"),
    "WayToEngage": ("label", "text"),
    "SectorBenefit": ("title", "text"),
    "ReflectiveQuestion": ("theme", "question"),
    "EditorialNote": ("text",),
}


@dataclass
class Filled:
    """What filling the languages found: how many texts got Welsh, and the English lines of the
    Welsh given that the catalogue does not have."""

    texts: int = 0
    english: set[str] = field(default_factory=set)
    unknown: list[str] = field(default_factory=list)


def read_welsh(path: Path = WELSH_FILE, *, strict: bool = False) -> dict[str, str]:
    """The Welsh for each English text of the catalogue, from a CSV of english,welsh rows.
    `strict`: a file without those columns is refused (ValueError) rather than read as empty."""
    if not path.exists() and not strict:
        return {}
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if strict and not {"english", "welsh"} <= set(reader.fieldnames or ()):
            raise ValueError("A CSV needs the columns english and welsh")
        return {
            row["english"]: row["welsh"].strip()
            for row in reader
            if row.get("english") and (row.get("welsh") or "").strip()
        }


def fill_languages(
    apps, welsh: dict[str, str] | None = None, *, only_these: bool = False, kinds=TRANSLATED
) -> Filled:
    """Give every catalogue row its English and Welsh columns: the English is the row's own
    text; the Welsh is looked up by that English (a text with none stays empty, and is shown in
    English). With `only_these`, a text the given Welsh does not cover keeps the Welsh it has (a
    reviewer's file that covers part of the catalogue). Works with a migration's historical
    models (plain columns) and with the live ones. `kinds`: the models to fill, by name."""
    welsh = read_welsh() if welsh is None else welsh
    filled = Filled()
    for name in kinds:
        fields = TRANSLATED[name]
        try:
            model = apps.get_model("partnerships", name)
        except LookupError:
            continue  # a migration before the model was made (the editorial notes)
        rows = list(model.objects.all())
        for row in rows:
            for text in fields:
                # The English column, once there is one; before that the row's own text.
                english = getattr(row, f"{text}_en_gb", None) or getattr(row, text) or ""
                setattr(row, f"{text}_en_gb", english)
                if english in welsh:
                    setattr(row, f"{text}_cy", welsh[english])
                    filled.texts += 1
                elif english and not only_these:
                    setattr(row, f"{text}_cy", None)
                filled.english.add(english)
        columns = [f"{text}_{language}" for text in fields for language in ("en_gb", "cy")]
        model.objects.bulk_update(rows, columns, batch_size=500)
    filled.unknown = sorted(set(welsh) - filled.english)
    return filled


def read(version: str = "v1") -> dict:
    with (CATALOGUE_DIR / f"duty_guidance_{version}.json").open(encoding="utf-8") as f:
        return json.load(f)


def _wales_names(sector_model, item: dict) -> dict:
    """The sector's Wales-specific names, where the model (at this migration) has the column."""
    fields = {field.name for field in sector_model._meta.get_fields()}
    return (
        {"duty_holder_wales": item.get("duty_holder_wales", "")}
        if ("duty_holder_wales" in fields)
        else {}
    )


def add_wales_names(apps, version: str = "v1") -> None:
    """Set the Wales-specific names on a catalogue loaded before they were kept."""
    sector = apps.get_model("partnerships", "Sector")
    for item in read(version)["sectors"]:
        if item.get("duty_holder_wales"):
            sector.objects.filter(slug=item["slug"]).update(
                duty_holder_wales=item["duty_holder_wales"]
            )


def load(apps, version: str = "v1") -> None:
    """Create the catalogue rows from a guidance data file.

    Takes an app registry so migrations can pass their historical models.
    """
    data = read(version)
    model = lambda name: apps.get_model("partnerships", name)  # noqa: E731
    welsh = read_welsh()
    in_both_languages: dict[str, bool] = {}

    def make(kind: str, /, **values):
        """A catalogue row, with its texts in English and Welsh where the model (at this
        migration) has the columns; the catalogue's first migration predates them."""
        row_model = model(kind)
        texts = TRANSLATED.get(kind, ())
        if kind not in in_both_languages:
            columns = {column.name for column in row_model._meta.get_fields()}
            in_both_languages[kind] = {f"{text}_cy" for text in texts} <= columns
        if in_both_languages[kind]:
            for text in texts:
                if text in values:
                    values[f"{text}_en_gb"] = values[text]
                    values[f"{text}_cy"] = welsh.get(values[text]) or None
        return row_model(**values)

    def saved(kind: str, /, **values):
        row = make(kind, **values)
        row.save()
        return row

    elements = {}
    for item in data["elements"]:
        action_source = item["actions"]["source"]
        element = saved(
            "DutyElement",
            slug=item["slug"],
            name=item["name"],
            short_name=item["short_name"],
            kind=item["kind"],
            order=item["order"],
            description=item["description"],
            source=f"{item['enablers_source']}; {action_source}",
        )
        elements[element.slug] = element
        model("Enabler").objects.bulk_create(
            make("Enabler", element=element, name=name, order=n, source=item["enablers_source"])
            for n, name in enumerate(item["enablers"], start=1)
        )
        actions = []
        for level in LEVEL_KEYS:
            actions += [
                make(
                    "ElementAction",
                    element=element,
                    kind="summary",
                    level=level,
                    label=label,
                    order=n,
                    source=item["summary"]["source"],
                )
                for n, label in enumerate(item["summary"][level], start=1)
            ]
            actions += [
                make(
                    "ElementAction",
                    element=element,
                    kind="action",
                    level=level,
                    label=action["label"],
                    text=action["text"],
                    order=n,
                    source=action_source,
                )
                for n, action in enumerate(item["actions"][level], start=1)
            ]
        model("ElementAction").objects.bulk_create(actions)

    roles = {}
    for item in data["duty_roles"]:
        roles[item["slug"]] = saved(
            "DutyRole",
            slug=item["slug"],
            name=item["name"],
            order=item["order"],
            definition=item["definition"],
            source=item["source"],
        )

    for item in data["sectors"]:
        example = item.get("example") or {}
        sector = saved(
            "Sector",
            slug=item["slug"],
            name=item["name"],
            short_name=item["short_name"],
            authority_type=item["authority_type"],
            order=item["order"],
            section=item["section"],
            description=item["description"],
            duty_holder=item["duty_holder"],
            **_wales_names(model("Sector"), item),
            benefits_intro=item["benefits"]["intro"] if item.get("benefits") else "",
            example_title=example.get("title", ""),
            example_text=example.get("text", ""),
        )
        source = f"Section {item['section']}"
        for n, post in enumerate(item["recommended_posts"], start=1):
            recommended = saved(
                "RecommendedPost",
                sector=sector,
                label=post["label"],
                post=post["post"],
                text=post["text"],
                order=n,
                source=source,
            )
            recommended.roles.set([roles[slug] for slug in post["roles"]])
        ways = []
        for row in item["ways_to_engage"]:
            ways += [
                make(
                    "WayToEngage",
                    sector=sector,
                    element=elements[row["element"]],
                    label=way["label"],
                    text=way["text"],
                    order=n,
                    source=row["table"],
                )
                for n, way in enumerate(row["items"], start=1)
            ]
        model("WayToEngage").objects.bulk_create(ways)
        benefits = item.get("benefits") or {}
        model("SectorBenefit").objects.bulk_create(
            make(
                "SectorBenefit",
                sector=sector,
                audience=audience,
                title=benefit["title"],
                text=benefit["text"],
                order=n,
                source=source,
            )
            for audience, key in (("partnership", "for_partnership"), ("sector", "for_sector"))
            for n, benefit in enumerate(benefits.get(key, []), start=1)
        )

    add_reflective_questions(apps, version)
    add_editorial_notes(apps, version)


def _columns(row_model) -> set[str]:
    return {column.name for column in row_model._meta.get_fields()}


def _in_both_languages(row_model, kind: str, values: dict, welsh: dict[str, str]) -> dict:
    """The row's values with an English and a Welsh column for each text, where the model (at
    this migration) has them."""
    texts = TRANSLATED[kind]
    if {f"{text}_cy" for text in texts} <= _columns(row_model):
        for text in texts:
            values[f"{text}_en_gb"] = values[text]
            values[f"{text}_cy"] = welsh.get(values[text]) or None
    return values


def add_reflective_questions(apps, version: str = "v1", *, purposes=None) -> None:
    """Create the guidance's reflective questions of the given purposes (all by default) that
    the catalogue lacks. Before questions had a purpose (the catalogue's first migrations) only
    the questions for choosing a Duty partner are kept, numbered 1 to 7 as they always were."""
    question_model = apps.get_model("partnerships", "ReflectiveQuestion")
    has_purpose = "purpose" in _columns(question_model)
    welsh = read_welsh()
    rows = []
    for item in read(version)["reflective_questions"]:
        purpose = item["purpose"]
        if (purposes is not None and purpose not in purposes) or (
            not has_purpose and purpose != "nomination"
        ):
            continue
        values = {
            "order": item["order"],
            "theme": item["theme"],
            "question": item["question"],
            "source": item["source"],
        }
        if has_purpose:
            values["purpose"] = purpose
            if question_model.objects.filter(purpose=purpose, order=item["order"]).exists():
                continue
        rows.append(
            question_model(
                **_in_both_languages(question_model, "ReflectiveQuestion", values, welsh)
            )
        )
    question_model.objects.bulk_create(rows)


def add_editorial_notes(apps, version: str = "v1") -> None:
    """Create the catalogue's editorial notes it lacks, each linked to the sectors and elements
    whose pages show it (none before the notes were kept)."""
    try:
        note_model = apps.get_model("partnerships", "EditorialNote")
    except LookupError:
        return
    welsh = read_welsh()
    sector_model = apps.get_model("partnerships", "Sector")
    element_model = apps.get_model("partnerships", "DutyElement")
    for item in read(version)["editorial_notes"]:
        if note_model.objects.filter(order=item["order"]).exists():
            continue
        values = {"order": item["order"], "text": item["text"], "source": item["source"]}
        note = note_model(**_in_both_languages(note_model, "EditorialNote", values, welsh))
        note.save()
        note.sectors.set(sector_model.objects.filter(slug__in=item.get("sectors", [])))
        note.elements.set(element_model.objects.filter(slug__in=item.get("elements", [])))

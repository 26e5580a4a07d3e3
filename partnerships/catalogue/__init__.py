"""Loads the Duty reference catalogue from the guidance data files beside this module."""

import json
from pathlib import Path

CATALOGUE_DIR = Path(__file__).resolve().parent
LEVEL_KEYS = ("engaged", "actively_participating")


def read(version: str = "v1") -> dict:
    with (CATALOGUE_DIR / f"duty_guidance_{version}.json").open(encoding="utf-8") as f:
        return json.load(f)


def load(apps, version: str = "v1") -> None:
    """Create the catalogue rows from a guidance data file.

    Takes an app registry so migrations can pass their historical models.
    """
    data = read(version)
    model = lambda name: apps.get_model("partnerships", name)  # noqa: E731

    elements = {}
    for item in data["elements"]:
        action_source = item["actions"]["source"]
        element = model("DutyElement").objects.create(
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
            model("Enabler")(element=element, name=name, order=n, source=item["enablers_source"])
            for n, name in enumerate(item["enablers"], start=1)
        )
        actions = []
        for level in LEVEL_KEYS:
            actions += [
                model("ElementAction")(
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
                model("ElementAction")(
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
        roles[item["slug"]] = model("DutyRole").objects.create(
            slug=item["slug"],
            name=item["name"],
            order=item["order"],
            definition=item["definition"],
            source=item["source"],
        )

    for item in data["sectors"]:
        example = item.get("example") or {}
        sector = model("Sector").objects.create(
            slug=item["slug"],
            name=item["name"],
            short_name=item["short_name"],
            authority_type=item["authority_type"],
            order=item["order"],
            section=item["section"],
            description=item["description"],
            duty_holder=item["duty_holder"],
            benefits_intro=item["benefits"]["intro"] if item.get("benefits") else "",
            example_title=example.get("title", ""),
            example_text=example.get("text", ""),
        )
        source = f"Section {item['section']}"
        for n, post in enumerate(item["recommended_posts"], start=1):
            recommended = model("RecommendedPost").objects.create(
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
                model("WayToEngage")(
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
            model("SectorBenefit")(
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

    model("ReflectiveQuestion").objects.bulk_create(
        model("ReflectiveQuestion")(
            order=item["order"],
            theme=item["theme"],
            question=item["question"],
            source=item["source"],
        )
        for item in data["reflective_questions"]
    )

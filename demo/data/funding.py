"""The demo's Duty grant (issue 18): each local policing body's award for the current grant year,
split into labour and non-labour lines and allocated to its partnership, with the decision that
agreed it; and the Home Office return template an administrator defined once.

Amounts are exact pounds and pence, written as strings so no float ever comes near them. Part of
each non-labour line is left unallocated, as it often is early in the year.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class DemoAllocation:
    line: str  # "labour" or "non_labour"
    amount: str
    purpose: str


@dataclass(frozen=True)
class DemoPart:
    """Part of the partnership's non-labour allocation, for one of its organisations."""

    organisation: str
    amount: str
    purpose: str


@dataclass(frozen=True)
class DemoSpend:
    """One quarter's spend, recorded ten days after the quarter ended by `by`: against a part
    (its organisation) or, with no organisation, the undivided labour allocation."""

    quarter: int
    by: str
    actual: str
    forecast: str
    organisation: str = ""
    outputs: str = ""
    variance_reason: str = ""


@dataclass(frozen=True)
class DemoGrant:
    partnership: str
    title: str
    reference: str
    amount: str
    labour: str
    non_labour: str
    conditions: str
    allocations: tuple[DemoAllocation, ...]
    decided_by: str
    decision_reference: str
    decision: str
    parts: tuple[DemoPart, ...] = ()
    spend: tuple[DemoSpend, ...] = ()


# The convener records both: Grace convenes both demo partnerships.
CONVENER = "convener@example.org"

GRANT_DEMOS = (
    DemoGrant(
        partnership="northshire",
        title="Serious Violence Duty grant: Northshire",
        reference="HO-SVD-NS",
        amount="612450.00",
        labour="180000.00",
        non_labour="432450.00",
        conditions=(
            "Spend only on the Duty's purposes in the police force area; report spend and "
            "delivery to the Home Office each quarter; return any underspend at year end."
        ),
        allocations=(
            DemoAllocation("labour", "180000.00", "Programme lead and two analysts"),
            DemoAllocation(
                "non_labour", "400000.00", "Interventions in the response strategy's priorities"
            ),
        ),
        decided_by="Northshire Police and Crime Commissioner",
        decision_reference="PCC-DEC-031",
        decision="Agreed the delivery plan and the allocation of this year's grant to the "
        "Northshire Serious Violence Partnership.",
        parts=(
            DemoPart("Northshire Youth Justice Service", "120000.00", "Youth diversion programme"),
            DemoPart(
                "Northshire and Eastmarsh ICB", "90000.00", "Hospital navigators at Eastmarsh"
            ),
        ),
        # The hospital navigators started late and give no reason yet: flagged on the page.
        spend=(
            DemoSpend(1, "lead@example.org", "42000.00", "180000.00", outputs="Team in post"),
            DemoSpend(2, "lead@example.org", "45000.00", "180000.00", outputs="Problem profile"),
            DemoSpend(
                1,
                "kwame.mensah@example.org",
                "18500.00",
                "110000.00",
                organisation="Northshire Youth Justice Service",
                outputs="34 young people referred",
                variance_reason="Two key workers started in June, not April.",
            ),
            DemoSpend(
                2,
                "kwame.mensah@example.org",
                "26250.50",
                "110000.00",
                organisation="Northshire Youth Justice Service",
                outputs="41 young people referred; 29 engaged",
                variance_reason="Two key workers started in June, not April.",
            ),
            DemoSpend(
                2,
                "fiona.mackay@example.org",
                "12000.00",
                "60000.00",
                organisation="Northshire and Eastmarsh ICB",
                outputs="Navigator recruited",
            ),
        ),
    ),
    DemoGrant(
        partnership="southvale",
        title="Serious Violence Duty grant: Southvale",
        reference="HO-SVD-SV",
        amount="298700.00",
        labour="95000.00",
        non_labour="203700.00",
        conditions="Spend only on the Duty's purposes; report each quarter.",
        allocations=(
            DemoAllocation("labour", "95000.00", "Partnership coordinator and analyst"),
            DemoAllocation("non_labour", "150000.00", "Interventions for young people"),
        ),
        decided_by="Southvale Police and Crime Commissioner",
        decision_reference="SV-PCC-2026-14",
        decision="Agreed the allocation of this year's grant to the Southvale Community Safety "
        "Partnership.",
    ),
)

RETURN_TEMPLATE = "Serious Violence Duty grant return"
# (key, section, question, kind, scope, prefill)
RETURN_QUESTIONS = (
    (
        "arrangement",
        "The partnership",
        "Partnership arrangement",
        "text",
        "partnership",
        "arrangement",
    ),
    (
        "definition",
        "The partnership",
        "Date the local definition was agreed",
        "date",
        "partnership",
        "definition_agreed_on",
    ),
    (
        "sna",
        "Strategic needs assessment",
        "Date this year's SNA was agreed",
        "date",
        "partnership",
        "sna_agreed_on",
    ),
    (
        "published",
        "Response strategy",
        "Date the strategy was published",
        "date",
        "partnership",
        "strategy_published_on",
    ),
    (
        "address",
        "Response strategy",
        "Where the strategy is published",
        "text",
        "partnership",
        "strategy_address",
    ),
    (
        "review",
        "Response strategy",
        "Date the strategy's next review is due",
        "date",
        "partnership",
        "strategy_review_due",
    ),
    ("labour", "Spend", "Labour spend this year", "money", "partnership", "spend_labour"),
    (
        "non-labour",
        "Spend",
        "Non-labour spend this year",
        "money",
        "partnership",
        "spend_non_labour",
    ),
    (
        "interventions",
        "Delivery",
        "Interventions funded",
        "number",
        "partnership",
        "interventions_funded",
    ),
    (
        "data-sharing",
        "Delivery",
        "Specified authorities party to a data sharing agreement",
        "text",
        "partnership",
        "data_sharing",
    ),
    ("engagement", "Delivery", "Duty checklist lines met", "text", "partnership", "engagement"),
    ("summary", "Delivery", "Summary of delivery this period", "text", "grant", ""),
    (
        "risks",
        "Delivery",
        "Are there risks to delivery the Home Office should know of?",
        "yes_no",
        "grant",
        "",
    ),
)

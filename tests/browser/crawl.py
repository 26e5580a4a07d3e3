"""The accessibility crawl: every kind of page a member can reach in the demo, checked by axe
and for reflow at a phone's width and a laptop's (accessibility.py).

The crawler follows the partnership's own links, so a new page is checked as soon as something
links to it. It checks one page per URL pattern and state: the tenth action's page differs
from the first only in its words, but a returned contribution's page differs from an accepted
one's in what it offers, so each status (or kind, or role) of the rows a URL names is checked
once. Every pattern the person can reach is checked, however many rows the demo holds. The
colours come from one stylesheet, so colour contrast is checked on the first page of each
pattern (by the first person crawled) and the other rules on every state. Each page is checked
at both widths by resizing its window, not by loading it twice.
"""

from django.apps import apps
from django.urls import Resolver404, resolve
from django_scopes import scopes_disabled

from demo.management.commands.seed_demo import DEMO_PASSWORD
from tests.browser.accessibility import NARROW, WIDE, assert_accessible, assert_reflows, resize

# Downloads are files, not pages; query strings only re-filter pages already crawled.
SKIP = ("/download/", "/attachments/", "/evidence/", "/minutes/", ".csv", ".xlsx", "?")
# What makes two rows' pages differ in more than words. A kind counts only where it changes the
# page (a data return shows its figures; an SNA module's kind is only its heading).
STATE_FIELDS = ("status", "is_lead", "decision", "retired_at")
KIND_CHANGES_THE_PAGE = {"contribution", "meeting", "exportjob"}
# URL arguments whose name is not their model's.
MODEL_OF = {
    "service_pk": "assessments.ProvisionService",
    "module_pk": "assessments.AssessmentModule",
    "definition_pk": "assessments.LocalDefinition",
    "amendment_pk": "assessments.DefinitionAmendment",
    "version_pk": "strategies.StrategyVersion",
    "update_pk": "strategies.ActionUpdate",
    "strategy_measure_pk": "strategies.StrategyMeasure",
    "signoff_pk": "strategies.SignOff",
    "export_pk": "documents.ExportJob",
    "agreement_pk": "assessments.SharingAgreement",
    "agreement_version_pk": "assessments.AgreementVersion",
    "body_pk": "assessments.OutsideBody",
    "request_attachment_pk": "oversight.RequestAttachment",
    "response_pk": "strategies.ConsultationResponse",
    "comment_pk": "strategies.ConsultationComment",
    "spend_pk": "funding.SpendRecord",
    "return_pk": "funding.ReturnSubmission",
    "answer_pk": "funding.ReturnAnswer",
}


def _model(argument: str):
    if argument in MODEL_OF:
        return apps.get_model(MODEL_OF[argument])
    name = argument.removesuffix("_pk").replace("_", "")
    return next(model for model in apps.get_models() if model._meta.model_name == name)


def _state(row) -> tuple:
    fields = STATE_FIELDS
    if row._meta.model_name in KIND_CHANGES_THE_PAGE:
        fields = (*fields, "kind")
    return tuple(
        (name, bool(getattr(row, name)) if name.endswith("_at") else getattr(row, name))
        for name in fields
        if hasattr(row, name)
    )


def page_kind(path: str) -> tuple[str, tuple] | None:
    """The URL pattern and the state of every row it names, or None for a path not ours."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    states = []
    with scopes_disabled():
        for argument, value in sorted(match.kwargs.items()):
            if argument.endswith("_pk"):
                row = _model(argument).objects.filter(pk=value).first()
                states.append(_state(row) if row is not None else ())
    return match.url_name, tuple(states)


def crawl(
    page,
    axe,
    email: str,
    *,
    states: bool = True,
    start: tuple[str, ...] = ("/p/northshire/",),
    within: tuple[str, ...] = ("/p/northshire/",),
) -> set[str]:
    """Sign in as `email`, check every kind of page they reach from `start` by links to paths
    `within`, and return the URL patterns checked. With `states` off, one page per pattern and
    no colour contrast: for a second person, whose pages are the templates the first crawl
    checked, differing in what their role offers, not in the rows' states or the stylesheet's
    colours."""
    page.goto("/accounts/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()

    # The window alternates between the two widths, so each page needs one resize, not two.
    width = WIDE
    resize(page, width)
    queue, seen, kinds, patterns = list(start), set(), set(), set()
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        kind = page_kind(path)
        if kind is not None and not states:
            kind = (kind[0], ())
        if kind is None or kind in kinds:
            continue
        kinds.add(kind)
        response = page.goto(path)
        assert response is not None and response.status < 400, path
        assert_accessible(page, axe, contrast=states and kind[0] not in patterns)
        assert_reflows(page)
        width = NARROW if width == WIDE else WIDE
        resize(page, width)
        assert_accessible(page, axe, contrast=False)
        assert_reflows(page)
        patterns.add(kind[0])
        links = page.eval_on_selector_all("a[href]", "els => els.map(e => e.getAttribute('href'))")
        queue += [
            href.split("#")[0]
            for href in links
            if href and href.startswith(within) and not any(s in href for s in SKIP)
        ]
    return patterns

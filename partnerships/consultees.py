"""Consultees: people from a body outside the partnership, invited only to respond to the
consultation on its draft strategy (s.8(4) of the Act). They belong to no organisation, count as
no member, and their partnership's home is the consultation page.

The body each speaks for is kept a layer above (assessments.BodyContact), and the consultation
two layers above (strategies), neither of which partnerships may import: each tells this module
what it needs when it starts (assessments/apps.py names the bodies, strategies/apps.py finds
the consultation to land on), so partnerships' pages can use them all the same.
"""

from collections.abc import Callable, Iterable

from django.urls import NoReverseMatch, reverse

from .models import Partnership

# The page a consultee lands on (after accepting, and whenever they open the partnership's
# home): the strategy's consultation, whose pages are strategies'. A URL name, not an import.
CONSULTEE_HOME = "tenant:consultation"

BodyNames = Callable[[int, Iterable[int]], dict[int, str]]
Landing = Callable[[Partnership], str | None]
_body_names: BodyNames | None = None
_landing: Landing | None = None


def register_landing(landing: Landing) -> None:
    """Say where a consultee of a partnership lands: `landing(partnership)` answers the
    address of its consultation (CONSULTEE_HOME for the strategy being consulted on), or None
    when it has none to show."""
    global _landing
    _landing = landing


def consultee_home_url(partnership: Partnership) -> str | None:
    """Where a consultee of the partnership lands, or None while there is nowhere to land."""
    if _landing is not None:
        return _landing(partnership)
    try:
        return reverse(CONSULTEE_HOME, args=[partnership.slug])
    except NoReverseMatch:
        return None


def register_body_names(names: BodyNames) -> None:
    """Say how to name the body each consultee speaks for: `names(partnership_id, user_ids)`
    answers {user id: body name}, in one query."""
    global _body_names
    _body_names = names


def body_names(*, partnership_id: int, user_ids: Iterable[int]) -> dict[int, str]:
    """{user id: the name of the body they speak for} for these consultees of the partnership."""
    if _body_names is None:
        return {}
    return _body_names(partnership_id, list(user_ids))

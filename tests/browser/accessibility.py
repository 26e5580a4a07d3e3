"""axe-core's verdict on a page, and whether the page reflows: no violation of any impact, best
practices included, and nothing that makes the page scroll sideways (WCAG 2.2 reflow)."""

# Every WCAG 2.x A and AA rule and axe's best practices (landmarks, heading order, region...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
# The widths every page must fit without scrolling sideways: a small phone held upright (WCAG's
# 320 CSS pixels) and a laptop.
NARROW, WIDE = 320, 1280


def assert_accessible(page, axe, *, contrast: bool = True):
    """No axe-core violation of any impact on the page. `contrast=False` leaves out the
    colour-contrast rule, three quarters of axe's time, for a page whose kind has been checked
    with it already (the colours come from one stylesheet)."""
    # A click that navigates returns once the new page has started loading: axe must wait for
    # the whole document, or it may find none to read.
    page.wait_for_load_state("load")
    options = {"resultTypes": ["violations"], "runOnly": {"type": "tag", "values": AXE_TAGS}}
    if not contrast:
        options["rules"] = {"color-contrast": {"enabled": False}}
    # A page whose context loads axe-core as it opens (see the `page` fixture) has it already;
    # sending its 500 KB to every page over the DevTools protocol is a fifth of a check's time.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    violations = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)", options
    )
    found = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
        for v in violations
    ]
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert found == [], f"{page.url} at {width}px\n" + "\n".join(found)


def sideways_overflow(page) -> list[str]:
    """What sticks out past the right edge of the window, if the page scrolls sideways: empty
    when it does not."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            if (document.documentElement.scrollWidth <= width) return [];
            const describe = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
                + (el.className && typeof el.className === 'string'
                    ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
            return [...document.body.querySelectorAll('*')]
                .filter(el => el.getBoundingClientRect().right > width + 1)
                .filter(el => !el.parentElement
                    || el.parentElement.getBoundingClientRect().right <= width + 1)
                .slice(0, 8)
                .map(el => describe(el) + ' right=' + Math.round(el.getBoundingClientRect().right));
        }"""
    )


def assert_reflows(page):
    """The page does not scroll sideways at the window's current width."""
    wide = sideways_overflow(page)
    width = page.viewport_size["width"] if page.viewport_size else "?"
    assert wide == [], f"{page.url} scrolls sideways at {width}px: {wide}"


def resize(page, width: int):
    """Change the window's width and wait for the page to lay itself out again (and GOV.UK's
    scripts to react to the new breakpoint)."""
    page.set_viewport_size({"width": width, "height": 800})
    page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

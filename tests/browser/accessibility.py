"""axe-core's verdict on a page: no serious or critical violation."""


def assert_accessible(page, axe, *, contrast: bool = True):
    """No serious or critical axe-core violation on the page. `contrast=False` leaves out the
    colour-contrast rule, three quarters of axe's time, for a page whose kind has been checked
    with it already (the colours come from one stylesheet)."""
    # A click that navigates returns once the new page has started loading: axe must wait for
    # the whole document, or it may find none to read.
    page.wait_for_load_state("load")
    options = {"resultTypes": ["violations"]}
    if not contrast:
        options["rules"] = {"color-contrast": {"enabled": False}}
    # A page whose context loads axe-core as it opens (see the `page` fixture) has it already;
    # sending its 500 KB to every page over the DevTools protocol is a fifth of a check's time.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe.axe_script)
    violations = page.evaluate(
        "options => axe.run(document, options).then(results => results.violations)", options
    )
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']]}"
        for v in violations
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == [], f"{page.url}\n" + "\n".join(serious)

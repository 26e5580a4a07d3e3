"""Every change to the SNA and its evidence: keyword-only, with the acting person, atomic,
audited (django-simple-history + the partnership's activity timeline), refusing what breaks a
rule with a ValidationError fit to show the user."""

"""Every change to the response strategy and its records: keyword-only, with the acting person,
atomic, audited (django-simple-history + the partnership's activity timeline), refusing what
breaks a rule with a ValidationError fit to show the user.

Sections, each owned by one part of the app: the strategy and its priorities; actions and
their progress; measures; governance (sign-off, consultation, meetings); commissioning; the
annual review and its reminders.
"""

# --- strategy and priorities ---


# --- actions ---


# --- measures ---


# --- governance ---


# --- commissioning ---


# --- annual review ---

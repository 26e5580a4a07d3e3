"""Financial years (April to March), written as partnerships plan them: "2026/27".

Every layer asks which year today falls in; assessments keeps the periods its SNA and calls
name (assessments/models/periods.py), and partnerships, below it, the year of a self-assessment.
"""

import datetime


def financial_year(day: datetime.date) -> str:
    """The financial year that contains `day`: 2026/27 for any day from 1 April 2026 to 31 March
    2027."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"

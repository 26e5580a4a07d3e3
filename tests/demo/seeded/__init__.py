"""Tests that read the demo as `seed_demo` leaves it."""

# The four measures Northshire's data returns carry, and its strategy measures follow.
NORTHSHIRE_MEASURES = [
    "knife-offensive-weapon-offences",
    "violence-with-injury",
    "hospital-admissions-sharp-object",
    "deliberate-fires",
]

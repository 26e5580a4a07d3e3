"""Email the portal sends from its tasks: a subject and a body rendered from a pair of
templates, sent to each person on their own so nobody learns who else was told."""

from django.core.mail import send_mail
from django.template.loader import render_to_string


def send_each(*, template: str, context: dict, recipients: list[str]) -> None:
    """Send `<template>_subject.txt` and `<template>.txt` (template names without the suffix,
    e.g. "assessments/email/call_issued") to every recipient, one email each."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    message = render_to_string(f"{template}.txt", context)
    for email in recipients:
        send_mail(subject=subject, message=message, from_email=None, recipient_list=[email])

"""Email the portal sends from its tasks: a subject and a plain-text body rendered from a pair
of templates, sent to each person on their own so nobody learns who else was told.

Every email goes as PlainTextEmail, whose text travels as written (8bit). Python's email
package, which Django 6 uses, sends any line over 78 characters as quoted-printable, which
breaks a long link with "=" at each 76th character: in the console `make run` prints emails
to, and for any mail client that shows the source. Django sent 8bit before 6.0, as almost
every mail server accepts; only a line too long for SMTP (998 octets) is still encoded.
"""

import email.policy

from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

# RFC 5322: no line of a message may be longer, whatever its encoding says.
MAX_LINE_OCTETS = 998


class PlainTextEmail(EmailMultiAlternatives):
    """A plain-text email whose lines, links included, arrive unbroken. (Django's send_mail
    makes the same class it extends; the portal attaches no alternative to it.)"""

    def message(self, *, policy=email.policy.default):
        msg = super().message(policy=policy)
        if msg.get_content_type() != "text/plain" or msg["Content-Transfer-Encoding"] in {
            "7bit",
            "8bit",
        }:
            return msg
        charset = msg.get_content_charset() or "utf-8"
        body = msg.get_content()
        if all(len(line.encode(charset)) <= MAX_LINE_OCTETS for line in body.splitlines()):
            msg.set_content(body, subtype="plain", charset=charset, cte="8bit")
        return msg


def send_plain(*, subject: str, body: str, to: str, from_email: str | None = None) -> None:
    """One plain-text email to one person, from DEFAULT_FROM_EMAIL unless said otherwise."""
    PlainTextEmail(subject=subject, body=body, from_email=from_email, to=[to]).send()


def render_email(*, template: str, context: dict) -> tuple[str, str]:
    """The subject and body of `<template>_subject.txt` and `<template>.txt` (template names
    without the suffix, e.g. "assessments/email/call_issued")."""
    subject = render_to_string(f"{template}_subject.txt", context).strip()
    return subject, render_to_string(f"{template}.txt", context)


def send_each(*, template: str, context: dict, recipients: list[str]) -> None:
    """Send the email `template` renders (see render_email) to every recipient, one each."""
    subject, message = render_email(template=template, context=context)
    for email_address in recipients:
        send_plain(subject=subject, body=message, to=email_address)

"""A person's notifications, from every partnership they are still in, and how often they are
emailed. Outside any one partnership (like the account pages): each view reads only the
signed-in person's own rows, so another person's notification is a 404."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from . import selectors, services
from .forms import EmailPreferenceForm
from .models import Notification

PAGE_SIZE = 25


@login_required
@require_http_methods(["GET", "POST"])
def notification_list(request):
    """Newest first, unread ones marked; the email preference form below (it posts here)."""
    form = EmailPreferenceForm(
        request.POST or None,
        initial={"frequency": selectors.email_frequency(user=request.user)},
    )
    if request.method == "POST" and form.is_valid():
        services.email_preference_set(user=request.user, frequency=form.cleaned_data["frequency"])
        messages.success(request, _("How often we email you has been saved."))
        return redirect("notifications:list")
    notifications = selectors.notifications_for_user(user=request.user)
    page_obj = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/list.html",
        {
            "page_obj": page_obj,
            "notifications": page_obj.object_list,
            "any_unread": any(notification.is_unread for notification in page_obj.object_list),
            "form": form,
        },
    )


# A GET, as a link is: opening a notification only marks it read, which is safe to repeat.
@login_required
@require_safe
def notification_open(request, pk: int):
    """Mark the notification read and go where it leads (never off the portal)."""
    try:
        notification = selectors.notification_for_user(user=request.user, pk=pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    return redirect(services.notification_open(notification=notification, now=timezone.now()))


@login_required
@require_POST
def mark_all_read(request):
    if services.notifications_mark_all_read(user=request.user, now=timezone.now()):
        messages.success(request, _("All your notifications are marked as read."))
    return redirect("notifications:list")

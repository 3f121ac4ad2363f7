"""Staff logins: only an administrator makes or changes an administrator.

Wagtail lets anyone who may manage users tick "Administrator" (a superuser, who
sees and does everything) and edit an administrator's email and password. The
clinic lead manages staff logins (README, "Staff roles"); without this they
could give themselves, through a second login, every right their role leaves out.
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

REFUSED = "Only an administrator can make or change an administrator's login."


def refuse(request):
    messages.error(request, REFUSED)
    return redirect("wagtailusers_users:index")


@hooks.register("before_create_user")
def only_administrators_make_administrators(request):
    if request.method == "POST" and request.POST.get("is_superuser") and not request.user.is_superuser:
        return refuse(request)


@hooks.register("before_edit_user")
def only_administrators_change_administrators(request, user):
    if request.user.is_superuser:
        return None
    if user.is_superuser or (request.method == "POST" and request.POST.get("is_superuser")):
        return refuse(request)

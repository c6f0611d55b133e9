from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from amont.accounts.models import Membership, Role


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect("login")
    roles = set(Membership.objects.filter(user=request.user).values_list("role", flat=True))
    if roles & {Role.TRAINER, Role.MANAGER}:
        return redirect("staff_dashboard")
    if Role.LEARNER in roles:
        return redirect("learner_home")
    return render(request, "accounts/no_course.html")

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from amont.accounts.http import AuthenticatedHttpRequest
from amont.after.actions import save_feedback
from amont.after.models import Feedback
from amont.courses.models import Activity
from amont.lib.markdown import render_markdown

RATING_CHOICES = [
    (1, gettext_lazy("Not at all useful")),
    (2, gettext_lazy("Not very useful")),
    (3, gettext_lazy("Somewhat useful")),
    (4, gettext_lazy("Useful")),
    (5, gettext_lazy("Very useful")),
]


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=gettext_lazy("How useful was this session for you?"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Choose one answer.")},
    )
    comment = forms.CharField(
        label=gettext_lazy("Anything to add? (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def feedback_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    """A learner's answer to a feedback survey; reached through content's learner_activity,
    which checks access and the method."""
    feedback = Feedback.objects.filter(activity=activity, learner=request.user).first()
    if request.method == "POST":
        form = FeedbackForm(data=request.POST)
        if form.is_valid():
            save_feedback(
                activity=activity,
                learner=request.user,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
            messages.success(request, _("Thank you for your feedback."))
            return redirect(request.path)
    elif feedback is not None:
        form = FeedbackForm(initial={"rating": feedback.rating, "comment": feedback.comment})
    else:
        form = FeedbackForm()
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "form": form,
        "feedback": feedback,
    }
    return render(request, "after/feedback.html", context)

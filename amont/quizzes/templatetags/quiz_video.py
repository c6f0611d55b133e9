from django import template

from amont.quizzes.video import CueForm, cue_forms, cue_rows

register = template.Library()


@register.inclusion_tag("quizzes/_video_cue_list.html", takes_context=True)
def video_cues(context, activity):
    """The questions inside this activity's video, for the learner viewing the page."""
    request = context["request"]
    return {"items": cue_forms(activity, request.user), "activity": activity, "request": request,
            "csrf_token": context.get("csrf_token")}  # fmt: skip


@register.inclusion_tag("quizzes/_video_cue_editor.html", takes_context=True)
def video_cue_editor(context, resource):
    """The trainer's list of questions placed in a video, and the form to place one."""
    return {"resource": resource, "cues": cue_rows(resource), "form": CueForm(resource=resource),
            "csrf_token": context.get("csrf_token")}  # fmt: skip

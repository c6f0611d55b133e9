"""The learner's page of an article (the article kind's page, reached through the one
activity URL of the learner's portal, which checks access, the method and the lock)."""

from django.http import HttpResponse
from django.shortcuts import render

from amont.accounts.http import AuthenticatedHttpRequest
from amont.content.actions import record_article_open
from amont.content.models import article_of
from amont.courses.models import Activity
from amont.courses.progress import next_activity
from amont.lib.markdown import render_markdown


def article_activity_page(request: AuthenticatedHttpRequest, activity: Activity) -> HttpResponse:
    article = article_of(activity)
    record_article_open(learner=request.user, article=article)
    context = {
        "activity": activity,
        "session": activity.session,
        "instructions": render_markdown(activity.instructions),
        "article": article,
        "body": render_markdown(article.body),
        "next_activity": next_activity(activity),
    }
    return render(request, "content/article.html", context)

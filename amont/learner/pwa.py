"""Learners' offline mode: a service worker keeps their upcoming sessions readable
without a network, and quiz answers given offline wait on the device until it is back.

- `/sw.js` (static/js/sw.js, served from the root, registered with the scope `/learn/`
  by static/js/offline.js on learner pages). Learner pages are network first: after 4
  seconds without an answer, or without a network, the kept copy is shown, else the
  offline page (kept at install). Static files come from the cache, refreshed behind.
  Media (`…/media/…`), downloads (ZIP, PDF), JSON and every POST go to the network and
  never into a cache.
- `/learn/offline.json`: what to keep for the learner's upcoming sessions (the pages and
  the static files they use). The worker fetches it when offline.js asks, right after
  signing in and then at most every half hour, and fetches each page with the
  PRECACHE_HEADER: an activity page kept that way records nothing (`without_records`),
  since keeping is not reading.
- Caches are per user: `amont-u<user id>`, from `<body data-user>`. offline.js deletes
  other users' caches on every learner page, and every cache once signed out (on the
  logout form's submit, then on the login page it leads to, which loads offline.js for
  that); the worker keeps and serves nothing unless exactly one user cache exists.
- Quiz answers given offline (static/js/learner-quiz.js): each save and the final submit
  that find no network go to an outbox in localStorage, tagged with the user (they wait
  for that user across a sign-out). offline.js sends it again, oldest first, on `online`
  and on every learner page, one tab at a time, with the current page's CSRF token (a
  new sign-in changes the secret; CSRF_USE_SESSIONS is off, so a kept page's own token
  lasts as long as the cookie). The quiz views apply a submission once per client key;
  the attempt of a page opened offline is created by its first replayed POST.
"""

import json
from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from amont.accounts.http import AuthenticatedHttpRequest
from amont.learner.plan import learner_plan

SERVICE_WORKER = "js/sw.js"
PRECACHE_HEADER = "X-Amont-Precache"
# The nearest upcoming sessions kept for offline reading (a year of sessions is too much).
OFFLINE_SESSIONS = 10
# Static files of learner pages; the worker also keeps those a kept page refers to.
LEARNER_STATIC = (
    "css/amont.css",
    "js/amont-outbox.js",
    "js/offline.js",
    "js/learner-quiz.js",
    "img/icon.svg",
)
ICONS = (
    ("img/icon.svg", "any", "image/svg+xml"),
    ("img/icon-192.png", "192x192", "image/png"),
    ("img/icon-512.png", "512x512", "image/png"),
)


def is_precache(request: HttpRequest) -> bool:
    """The service worker keeping a page for later, not the learner reading it now."""
    return request.headers.get(PRECACHE_HEADER) == "1"


def without_records(page: Callable[..., HttpResponse], request: HttpRequest, *args) -> HttpResponse:
    """Render a page for the worker to keep, rolling back whatever it records on a GET
    (an article or resource opened, a document thereby done): keeping is not reading."""
    with transaction.atomic():
        response = page(request, *args)
        transaction.set_rollback(True)
    return response


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    path = finders.find(SERVICE_WORKER)
    if not path:
        raise Http404
    with open(path, encoding="utf-8") as file:
        response = HttpResponse(file.read(), content_type="text/javascript")
    # Browsers check for a new worker on navigation; no-cache makes them ask us.
    response["Cache-Control"] = "no-cache"
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
def web_manifest(request: HttpRequest) -> HttpResponse:
    manifest = {
        "name": "Amont",
        "short_name": "Amont",
        "description": _("Prepare your classes, even offline."),
        "lang": get_language(),
        "start_url": reverse("learner_home"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#f6f8fa",
        "theme_color": "#0b5cad",
        "icons": [{"src": static(p), "sizes": s, "type": t} for p, s, t in ICONS],
    }
    return HttpResponse(
        json.dumps(manifest, ensure_ascii=False), content_type="application/manifest+json"
    )


@login_required
@require_GET
def learner_offline_manifest(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pages to keep for the learner's upcoming sessions: home, each session, its
    open before-class activities (not those behind a required quiz: they answer 403),
    and the offline page. Media, the ZIP pack and downloads are never listed."""
    plan = learner_plan(request.user, now=timezone.now())
    pages = [reverse("learner_home"), reverse("learner_offline_page")]
    for session_plan in plan.upcoming[:OFFLINE_SESSIONS]:
        pages.append(reverse("learner_session", args=[session_plan.session.pk]))
        pages += [
            reverse("learner_activity", args=[item.activity.pk])
            for item in session_plan.before
            if item.activity.activity_kind.readable_offline and item.locked_by is None
        ]
    body = {"pages": pages, "static": [static(path) for path in LEARNER_STATIC]}
    response = HttpResponse(json.dumps(body), content_type="application/json")
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def learner_offline_page(request: HttpRequest) -> HttpResponse:
    """Shown by the worker, offline, for a page that was not kept. The same for everyone
    (no user, no form), in the language of the request that kept it."""
    return render(request, "learner/offline.html")

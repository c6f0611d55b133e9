"""Linked videos: a YouTube, Vimeo or PeerTube page address turned into the address of the
provider's embedded player. Pure: no request is made to the provider.

Tracking (static/js/track-embed.js) talks to the embedded player through the provider's
postMessage API: YouTube's IFrame API (`enablejsapi=1`), Vimeo's player API and PeerTube's
embed API. `TRACKED` lists the providers whose player reports its time that way.
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit

from django.utils.translation import gettext as _

YOUTUBE = "youtube"
VIMEO = "vimeo"
PEERTUBE = "peertube"
TRACKED = frozenset({YOUTUBE, VIMEO, PEERTUBE})
NAMES = {YOUTUBE: "YouTube", VIMEO: "Vimeo", PEERTUBE: "PeerTube"}

_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com",
                  "youtube-nocookie.com", "www.youtube-nocookie.com"}  # fmt: skip
_YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
# Vimeo: /<id>, /<id>/<private hash>, the player's /video/<id>, and a video seen from a
# channel, group, showcase or album, or from the owner's manage page.
_VIMEO_PATH = re.compile(
    r"/(?:video/|channels/[^/]+/|groups/[^/]+/videos/|(?:showcase|album)/\d+/video/|manage/videos/)?"
    r"(\d{1,12})(?:/([0-9a-f]{6,20}))?/?"
)
# PeerTube: /w/<short uuid> or /videos/watch/<uuid> (or already /videos/embed/<id>).
_PEERTUBE_PATH = re.compile(r"/(?:w|videos/watch|videos/embed)/([A-Za-z0-9-]{8,40})/?")
# Dot-separated labels of letters, digits and inner dashes, and maybe a port.
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_HOST = re.compile(rf"(?=[^:]{{1,253}}(?::|$)){_LABEL}(?:\.{_LABEL})*(?::\d{{1,5}})?")


class VideoURLError(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class LinkedVideo:
    provider: str
    video_id: str
    embed_url: str

    @property
    def provider_name(self) -> str:
        return NAMES[self.provider]

    @property
    def origin(self) -> str:
        """The origin whose messages the tracking script accepts."""
        parts = urlsplit(self.embed_url)
        return f"{parts.scheme}://{parts.netloc}"


def parse_video_url(url: str) -> LinkedVideo:
    """The embedded player of a YouTube, Vimeo or PeerTube page, or VideoURLError."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        parts.port  # noqa: B018 - raises on a port that is not a number
    except ValueError:  # "[" without "]", an invalid IPv6 host, NFKC tricks in the host
        host = ""
    if not host or parts.scheme not in ("http", "https"):
        raise VideoURLError(_("Give the full address of the video page, starting with https://."))
    netloc = parts.netloc.lower().rsplit("@", 1)[-1]
    if host in _YOUTUBE_HOSTS or host == "youtu.be":
        video_id = None
        if host == "youtu.be":
            video_id = parts.path.strip("/").split("/")[0]
        elif parts.path == "/watch":
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        else:
            match = re.fullmatch(r"/(?:embed|shorts|live|v)/([^/]+)/?", parts.path)
            video_id = match.group(1) if match else None
        if not video_id or not _YOUTUBE_ID.fullmatch(video_id):
            raise VideoURLError(_("This YouTube address does not name a video."))
        embed = f"https://www.youtube-nocookie.com/embed/{video_id}?enablejsapi=1&rel=0"
        return LinkedVideo(YOUTUBE, video_id, embed)
    if host in ("vimeo.com", "www.vimeo.com", "player.vimeo.com"):
        match = _VIMEO_PATH.fullmatch(parts.path)
        if not match:
            raise VideoURLError(_("This Vimeo address does not name a video."))
        video_id, private_hash = match.groups()
        private_hash = private_hash or (parse_qs(parts.query).get("h") or [""])[0]
        embed = f"https://player.vimeo.com/video/{video_id}?dnt=1"
        if private_hash and re.fullmatch(r"[0-9a-f]{6,20}", private_hash):
            embed += f"&h={private_hash}"
        return LinkedVideo(VIMEO, video_id, embed)
    match = _PEERTUBE_PATH.fullmatch(parts.path)
    if match and _HOST.fullmatch(netloc):
        video_id = match.group(1)
        embed = f"https://{netloc}/videos/embed/{quote(video_id)}?api=1&warningTitle=0"
        return LinkedVideo(PEERTUBE, video_id, embed)
    raise VideoURLError(
        _("Only YouTube, Vimeo and PeerTube videos can be linked. Upload the file instead.")
    )

from urllib.parse import parse_qs, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st

from amont.content.providers import (
    PEERTUBE,
    TRACKED,
    VIMEO,
    YOUTUBE,
    VideoURLError,
    parse_video_url,
)

YT_ID = "dQw4w9WgXcQ"
YT_EMBED = f"https://www.youtube-nocookie.com/embed/{YT_ID}?enablejsapi=1&rel=0"
PT_UUID = "9c9de5e8-0a1e-484a-b099-e80766180a6d"
PT_SHORT = "kkGMgK9ZtnKfYAgnEtQxbv"


def _query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


# YouTube.


@pytest.mark.parametrize(
    "url",
    [
        f"https://www.youtube.com/watch?v={YT_ID}",
        f"http://www.youtube.com/watch?v={YT_ID}",
        f"https://youtube.com/watch?v={YT_ID}",
        f"https://m.youtube.com/watch?v={YT_ID}&feature=youtu.be",
        f"https://music.youtube.com/watch?v={YT_ID}&si=abc",
        f"https://www.youtube.com/watch?app=desktop&v={YT_ID}&t=42s",
        f"https://www.youtube.com/watch?v={YT_ID}&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG&index=3",
        f"https://WWW.YouTube.com/watch?v={YT_ID}",
        f"https://youtu.be/{YT_ID}",
        f"https://youtu.be/{YT_ID}?si=Xy1_ab-CD&t=120",
        f"https://youtu.be/{YT_ID}/",
        f"https://www.youtube.com/shorts/{YT_ID}",
        f"https://youtube.com/shorts/{YT_ID}?feature=share",
        f"https://www.youtube.com/live/{YT_ID}?si=abc",
        f"https://www.youtube.com/embed/{YT_ID}",
        f"https://www.youtube.com/embed/{YT_ID}?start=30&autoplay=1",
        f"https://www.youtube-nocookie.com/embed/{YT_ID}?rel=0",
        f"https://www.youtube.com/v/{YT_ID}",
        f"  https://www.youtube.com/watch?v={YT_ID}\n",
        f"https://www.youtube.com/watch?v={YT_ID}#comments",
    ],
)
def test_it_embeds_youtube_addresses(url):
    video = parse_video_url(url)

    assert (video.provider, video.video_id, video.embed_url) == (YOUTUBE, YT_ID, YT_EMBED)
    assert video.provider_name == "YouTube"
    assert video.origin == "https://www.youtube-nocookie.com"
    # The tracking script needs the player's postMessage API.
    assert _query(video.embed_url)["enablejsapi"] == ["1"]


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/",
        "https://www.youtube.com/watch",
        "https://www.youtube.com/watch?v=",
        "https://www.youtube.com/watch?v=short",
        f"https://www.youtube.com/watch?v={YT_ID}x",
        "https://www.youtube.com/watch?v=dQw4w9WgXc%22",
        "https://www.youtube.com/@SomeChannel",
        "https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA",
        "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG",
        "https://www.youtube.com/results?search_query=flipped+classroom",
        "https://youtu.be/",
        "https://www.youtube.com/embed/",
        f"https://www.youtube.com/embed/{YT_ID}/extra",
    ],
)
def test_it_refuses_youtube_addresses_without_a_video(url):
    with pytest.raises(VideoURLError) as error:
        parse_video_url(url)

    assert "YouTube" in error.value.message


# Vimeo.


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("http://www.vimeo.com/76979871/", "https://player.vimeo.com/video/76979871?dnt=1"),
        ("https://vimeo.com/76979871?share=copy", "https://player.vimeo.com/video/76979871?dnt=1"),
        (
            "https://vimeo.com/76979871/0f3a9b2c1d",
            "https://player.vimeo.com/video/76979871?dnt=1&h=0f3a9b2c1d",
        ),
        (
            "https://player.vimeo.com/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://player.vimeo.com/video/76979871?h=0f3a9b2c1d&badge=0&autopause=0",
            "https://player.vimeo.com/video/76979871?dnt=1&h=0f3a9b2c1d",
        ),
        (
            "https://vimeo.com/channels/staffpicks/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/groups/motion/videos/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/showcase/9876543/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/album/9876543/video/76979871",
            "https://player.vimeo.com/video/76979871?dnt=1",
        ),
        (
            "https://vimeo.com/manage/videos/76979871/0f3a9b2c1d",
            "https://player.vimeo.com/video/76979871?dnt=1&h=0f3a9b2c1d",
        ),
    ],
)
def test_it_embeds_vimeo_addresses(url, embed):
    video = parse_video_url(url)

    assert (video.provider, video.video_id, video.embed_url) == (VIMEO, "76979871", embed)
    assert video.origin == "https://player.vimeo.com"


def test_it_leaves_out_a_vimeo_hash_that_is_not_one():
    video = parse_video_url('https://player.vimeo.com/video/76979871?h=x"><script>')

    assert video.embed_url == "https://player.vimeo.com/video/76979871?dnt=1"


@pytest.mark.parametrize(
    "url",
    [
        "https://vimeo.com/",
        "https://vimeo.com/staff",
        "https://vimeo.com/channels/staffpicks",
        "https://vimeo.com/user12345",
        "https://player.vimeo.com/video/",
        "https://vimeo.com/76979871/not-a-hash",
    ],
)
def test_it_refuses_vimeo_addresses_without_a_video(url):
    with pytest.raises(VideoURLError) as error:
        parse_video_url(url)

    assert "Vimeo" in error.value.message


# PeerTube: any instance, recognised by the shape of the address.


@pytest.mark.parametrize(
    ("url", "video_id", "origin"),
    [
        (f"https://framatube.org/w/{PT_SHORT}", PT_SHORT, "https://framatube.org"),
        (f"https://framatube.org/w/{PT_SHORT}?start=1m30s", PT_SHORT, "https://framatube.org"),
        (f"https://tube.example.fr/videos/watch/{PT_UUID}", PT_UUID, "https://tube.example.fr"),
        (f"http://Video.Ploud.FR/videos/watch/{PT_UUID}/", PT_UUID, "https://video.ploud.fr"),
        (f"https://peertube.example.org/videos/embed/{PT_UUID}", PT_UUID, "https://peertube.example.org"),
        (f"https://tube.example.org:8443/w/{PT_SHORT}", PT_SHORT, "https://tube.example.org:8443"),
        (f"https://someone@tube.example.org/w/{PT_SHORT}", PT_SHORT, "https://tube.example.org"),
    ],
)  # fmt: skip
def test_it_embeds_peertube_addresses(url, video_id, origin):
    video = parse_video_url(url)

    assert (video.provider, video.video_id) == (PEERTUBE, video_id)
    assert video.embed_url.startswith(f"{origin}/videos/embed/{video_id}?")
    assert video.origin == origin
    assert _query(video.embed_url)["api"] == ["1"]


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/watch?v=dQw4w9WgXcQ",
        "https://dailymotion.com/video/x8abcd",
        f"https://framatube.org/w/p/{PT_SHORT}",  # a playlist
        "https://framatube.org/w/short",
        "https://framatube.org/",
        f"https://evil.example/w/{PT_SHORT}/../../admin",
        "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
        f"https://../w/{PT_SHORT}",
        f"https://-tube-.example/w/{PT_SHORT}",
        f"https://tube..example/w/{PT_SHORT}",
    ],
)
def test_it_refuses_other_sites(url):
    with pytest.raises(VideoURLError) as error:
        parse_video_url(url)

    assert "Only YouTube, Vimeo and PeerTube" in error.value.message


@pytest.mark.parametrize(
    "url",
    [
        "",
        None,
        "   ",
        "dQw4w9WgXcQ",
        "www.youtube.com/watch?v=dQw4w9WgXcQ",
        "//www.youtube.com/watch?v=dQw4w9WgXcQ",
        "javascript:alert(1)//https://youtu.be/dQw4w9WgXcQ",
        "JavaScript://youtu.be/dQw4w9WgXcQ",
        "ftp://youtu.be/dQw4w9WgXcQ",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "https:///watch?v=dQw4w9WgXcQ",
    ],
)
def test_it_asks_for_a_full_web_address(url):
    with pytest.raises(VideoURLError) as error:
        parse_video_url(url)

    assert "https://" in error.value.message


@pytest.mark.parametrize(
    "url",
    [
        "http://[",
        "https://[::1/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://[not-an-ip]/w/kkGMgK9ZtnKfYAgnEtQxbv",
        "https://tube.example\uff03.org/w/kkGMgK9ZtnKfYAgnEtQxbv",  # a fullwidth number sign: "#" under NFKC
        "https://youtube.com:notaport/watch?v=dQw4w9WgXcQ",
    ],
)
def test_it_refuses_malformed_addresses_with_its_own_error(url):
    with pytest.raises(VideoURLError):
        parse_video_url(url)


# Whatever is typed in the field.

_hosts = st.sampled_from(
    ["youtube.com", "www.youtube.com", "youtu.be", "vimeo.com", "player.vimeo.com",
     "framatube.org", "[::1]", "[", "a@b", "xn--e1afmkfd.xn--p1ai", "exämple.org"]
)  # fmt: skip
_paths = st.text(alphabet="/wvideoswatchembed0123456789abcdefXYZ-_?=&#%:@[]. ", max_size=60)
_addresses = st.one_of(
    st.text(max_size=200),
    st.builds(
        "{}://{}{}".format,
        st.sampled_from(["http", "https", "HTTPS", "ftp", "javascript", ""]),
        _hosts,
        _paths,
    ),
)


@given(_addresses)
def test_it_only_ever_raises_its_own_error(url):
    try:
        video = parse_video_url(url)
    except VideoURLError as error:
        assert error.message
        return
    assert video.provider in TRACKED
    assert video.embed_url.startswith("https://")
    parts = urlsplit(video.embed_url)
    assert parts.hostname and video.origin == f"https://{parts.netloc}"
    # Nothing from the typed address can break out of the attribute or the URL.
    assert not set("\"<>'\\ \n") & set(video.embed_url)

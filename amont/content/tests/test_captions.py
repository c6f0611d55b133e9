"""WebVTT captions: reading, writing and transcripts."""

import pytest
from django.utils import translation

from amont.content.captions import (
    CaptionError,
    Cue,
    escape_cue_text,
    make_vtt,
    read_captions,
    transcript_from_vtt,
)

LESSON = """WEBVTT - Les fractions

NOTE Sous-titres écrits à la main.

intro
00:00:01.000 --> 00:00:03.500 align:start line:0
<v Anna>Bonjour à <b>tous</b> &amp; bienvenue.

00:03.500 --> 00:05.000
Bonjour à tous &amp; bienvenue.

00:05.000 --> 00:07.250
Aujourd'hui :
les <i>fractions</i>.

00:12.000 --> 00:14.000
<v Ben>Une question&nbsp;?
"""


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_it_reads_cues_with_times_identifiers_and_settings():
    cues = read_captions(LESSON)

    assert [(cue.start, cue.end) for cue in cues] == [
        (1.0, 3.5),
        (3.5, 5.0),
        (5.0, 7.25),
        (12.0, 14.0),
    ]
    assert cues[0].identifier == "intro"
    assert cues[0].settings == "align:start line:0"
    assert cues[0].text == "<v Anna>Bonjour à <b>tous</b> &amp; bienvenue."
    assert cues[0].plain_text == "Bonjour à tous & bienvenue."
    assert cues[0].voice == "Anna"
    assert cues[2].plain_text == "Aujourd'hui :\nles fractions."
    assert cues[3].voice == "Ben"


def test_it_reads_bytes_with_a_byte_order_mark_and_windows_line_ends():
    data = "\ufeffWEBVTT\r\n\r\n00:01.000 --> 00:02.000\r\nÇa commence.\r\n".encode()

    [cue] = read_captions(data)

    assert (cue.start, cue.end, cue.text) == (1.0, 2.0, "Ça commence.")


def test_it_makes_a_transcript_without_tags_or_repetitions():
    assert transcript_from_vtt(LESSON) == (
        "Anna: Bonjour à tous & bienvenue. Aujourd'hui : les fractions.\n\nBen: Une question\xa0?"
    )


def test_it_says_once_the_lines_that_roll_up_captions_repeat():
    rolling = """WEBVTT

00:00.000 --> 00:02.000
On additionne

00:02.000 --> 00:04.000
On additionne
les numérateurs

00:04.000 --> 00:06.000
les numérateurs
quand les dénominateurs sont égaux.
"""

    assert transcript_from_vtt(rolling) == (
        "On additionne les numérateurs quand les dénominateurs sont égaux."
    )


def test_it_starts_a_paragraph_after_a_long_pause():
    paused = """WEBVTT

00:00.000 --> 00:02.000
Première partie.

00:10.000 --> 00:12.000
Deuxième partie.
"""

    assert transcript_from_vtt(paused) == "Première partie.\n\nDeuxième partie."


def test_it_makes_an_empty_transcript_from_a_file_without_cues():
    assert transcript_from_vtt("WEBVTT\n\nNOTE rien encore\n") == ""


def test_it_writes_cues_that_read_back_the_same():
    cues = read_captions(LESSON)

    written = make_vtt(cues)

    assert written.startswith("WEBVTT\n\nintro\n00:00:01.000 --> 00:00:03.500 align:start line:0\n")
    assert read_captions(written) == cues


def test_it_writes_text_typed_by_a_person_safely():
    cue = Cue(start=0, end=1.5, text=escape_cue_text("1 < 2 & 3 > 2"))

    written = make_vtt([cue])

    assert "00:00:00.000 --> 00:00:01.500\n1 &lt; 2 &amp; 3 &gt; 2\n" in written
    assert read_captions(written)[0].plain_text == "1 < 2 & 3 > 2"


@pytest.mark.parametrize(
    ("cue", "message"),
    [
        (Cue(start=2, end=1, text="x"), "Cue 1 must end after it starts."),
        (
            Cue(start=0, end=1, text="a\n\nb"),
            "A cue's text cannot have blank lines or “-->” in it.",
        ),
        (
            Cue(start=0, end=1, text="a --> b"),
            "A cue's text cannot have blank lines or “-->” in it.",
        ),
    ],
)
def test_it_refuses_to_write_a_cue_that_would_not_read_back(cue, message):
    with pytest.raises(CaptionError, match=message):
        make_vtt([cue])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1\n00:00:01,000 --> 00:00:02,000\nSRT\n", "This is not a WebVTT file: its first line must be “WEBVTT”."),
        ("WEBVTTX\n\n00:01.000 --> 00:02.000\nx\n", "This is not a WebVTT file: its first line must be “WEBVTT”."),
        ("WEBVTT\n00:01.000 --> 00:02.000\nx\n", "Line 2: a blank line must follow the “WEBVTT” header."),
        ("WEBVTT\n\n00:01.000 -> 00:02.000\nx\n", "Line 3: this is not a cue; a cue starts with its timing, for example “00:01.000 --> 00:04.000”."),
        ("WEBVTT\n\n00:00:01,000 --> 00:00:02,000\nx\n", "Line 3: WebVTT times have a dot before the milliseconds (00:01.000), not a comma as in SRT files."),
        ("WEBVTT\n\n00:01.000 --> 00:0x.000\nx\n", "Line 3: “00:01.000 --> 00:0x.000” is not a valid cue timing (expected for example “00:01.000 --> 00:04.000”)."),
        ("WEBVTT\n\n00:05.000 --> 00:02.000\nx\n", "Line 3: the cue ends before it starts."),
        ("WEBVTT\n\n00:01.000 --> 00:02.000\nx\n00:02.000 --> 00:03.000\ny\n", "Line 5: a blank line must come before each cue."),
        ("WEBVTT\n\n00:01.000 --> 00:02.000 align:sideways\nx\n", "Line 3: the cue settings “align:sideways” are not valid."),
        ("WEBVTT\n\nNOTE nothing yet\n", "The caption file has no cue (no line such as “00:01.000 --> …”)."),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nd\xe9j\xe0\n", "The caption file is not UTF-8 text; save it again as UTF-8."),
    ],
)  # fmt: skip
def test_it_says_what_is_wrong_with_an_invalid_file_and_where(text, message):
    with pytest.raises(CaptionError) as caught:
        read_captions(text)

    assert str(caught.value) == message


def test_it_accepts_styles_regions_and_notes_before_the_cues():
    text = """WEBVTT

STYLE
::cue { color: yellow }

REGION
id:bas width:40% lines:3

NOTE
Relu par l'équipe.

00:01.000 --> 00:02.000 region:bas
Texte
"""

    [cue] = read_captions(text)

    assert (cue.settings, cue.plain_text) == ("region:bas", "Texte")

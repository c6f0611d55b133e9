"""How big is the "listen only" version of a 10-minute capsule?

The issue's measure: at most 4 MB for 10 minutes. Generates, with ffmpeg's lavfi sources
and nothing downloaded, a 640x360 video of the given length with a voice-like sound
(harder to compress than a pure sine), makes its audio-only version with the same call
the media task uses (`make_audio_only`: Opus, mono, 48 kb/s, constrained VBR), and prints
the sizes in decimal megabytes. The last line is `audio_only_mb=<number>`; the script
exits 1 when it is over --limit-mb.

Opus at 48 kb/s is 48,000 / 8 x 600 = 3.6 MB for 600 s by construction; the container
adds about 1%. Generating the source takes most of the time (about a minute here).

    .venv/bin/python bench/audio_size.py [--seconds 600] [--audio voice|sine] [--keep DIR]
"""

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MB = 1_000_000


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=600)
    parser.add_argument("--size", default="640x360")
    parser.add_argument("--audio", choices=("voice", "sine"), default="voice")
    parser.add_argument("--container", choices=("webm", "ogg"), default="webm")
    parser.add_argument("--limit-mb", type=float, default=4.0)
    parser.add_argument("--keep", type=Path, help="write the files here and keep them")
    args = parser.parse_args()

    # The media module only needs Django for the translated error messages.
    os.environ.setdefault("DEBUG", "1")
    os.environ["DJANGO_SETTINGS_MODULE"] = "amont.settings"
    import django

    django.setup()
    from amont.content import media

    with tempfile.TemporaryDirectory(prefix="amont-bench-audio-") as scratch:
        folder = args.keep or Path(scratch)
        source = folder / "capsule.mp4"
        listen = folder / f"capsule-listen.{args.container}"

        started = time.perf_counter()
        media.generate_test_video(
            source,
            seconds=args.seconds,
            size=args.size,
            audio=args.audio,
            timeout=60 + args.seconds * 2,
        )
        generated = time.perf_counter() - started

        fractions: list[float] = []
        started = time.perf_counter()
        info = media.make_audio_only(source, listen, progress=fractions.append)
        encoded = time.perf_counter() - started

        listen_info = media.probe(listen)
        source_bytes = source.stat().st_size
        listen_bytes = listen.stat().st_size

    audio_only_mb = listen_bytes / MB
    print(f"size={args.size} audio={args.audio} container={args.container}")
    print(f"seconds={info.duration_seconds:.2f}")
    print(f"source_mb={source_bytes / MB:.2f}")
    print(f"generate_seconds={generated:.1f}")
    print(f"encode_seconds={encoded:.1f}")
    print(f"progress_updates={len(fractions)} last_fraction={fractions[-1] if fractions else 0}")
    print(f"audio_only_codec={listen_info.audio_codec}")
    print(f"audio_only_seconds={listen_info.duration_seconds:.2f}")
    print(f"audio_only_kbps={listen_bytes * 8 / 1000 / listen_info.duration_seconds:.1f}")
    print(f"audio_only_mib={listen_bytes / 2**20:.3f}")
    print(f"audio_only_mb={audio_only_mb:.3f}")
    if audio_only_mb > args.limit_mb:
        print(f"over the limit of {args.limit_mb} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

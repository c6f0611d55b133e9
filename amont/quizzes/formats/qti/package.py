"""QTI content packages: reading a ZIP within limits (members, names, sizes), the
manifest's resources and LOM metadata; writing the manifest and packing the images."""

import hashlib
import html
import io
import lzma
import posixpath
import re
import struct
import urllib.parse
import xml.etree.ElementTree as ET
import zipfile
import zlib

from django.utils.translation import gettext as _

from amont.lib.sniff import format_size
from amont.quizzes.formats import (
    MAX_ATTACHMENT_BYTES,
    MAX_BYTES,
    MAX_QUESTIONS,
    FormatError,
    NeutralQuestion,
)
from amont.quizzes.formats.images import (
    attachments_of,
    image_extension,
    image_urls,
    replace_image_urls,
    url_path,
)
from amont.quizzes.formats.qti.common import XSI_NS, Metadata, NotImported, list_of, text_of
from amont.quizzes.formats.xmlsafe import (
    all_text,
    check_size,
    child,
    children,
    descendants,
    escape_attr,
    escape_text,
)

CP_NS = "http://www.imsglobal.org/xsd/imscp_v1p1"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
LOM_NS = "http://ltsc.ieee.org/xsd/LOM"
LOM_XSD = "http://www.imsglobal.org/xsd/imsmd_loose_v1p3p2.xsd"
ITEM_RESOURCE = "imsqti_item_xmlv2p1"
MAX_ZIP_MEMBERS = 2 * MAX_QUESTIONS + 100  # items, their images, the manifest

# What a damaged or hostile archive may raise while it is opened or read.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    RuntimeError,  # encrypted
    NotImplementedError,  # unknown compression
    ValueError,
    OSError,
    EOFError,
    IndexError,
    struct.error,
    zlib.error,
    lzma.LZMAError,
)


def _safe_member_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/"):
        return False
    if re.match(r"[A-Za-z]:", name):
        return False
    return ".." not in name.split("/")


class Package:
    """A ZIP content package read within the limits: at most MAX_ZIP_MEMBERS entries,
    MAX_BYTES unpacked in all (declared sizes checked first, actual bytes counted while
    reading), no absolute or "../" names. Nothing is extracted to disk."""

    def __init__(self, data: bytes) -> None:
        check_size(data)
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
            infos = self.archive.infolist()
        except _ZIP_ERRORS as error:
            raise FormatError(_("This is not a valid ZIP file.")) from error
        if len(infos) > MAX_ZIP_MEMBERS:
            raise FormatError(
                _("The package has more than %(count)d files.") % {"count": MAX_ZIP_MEMBERS}
            )
        for info in infos:
            if not _safe_member_name(info.filename):
                raise FormatError(
                    _("The package holds a file with an unsafe path (%(name)s); it was refused.")
                    % {"name": info.filename[:80]}
                )
        if sum(info.file_size for info in infos) > MAX_BYTES:
            raise FormatError(
                _("The package unpacks to more than %(size)d MB; it was refused.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        self.members = {info.filename: info for info in infos if not info.is_dir()}
        self.budget = MAX_BYTES
        self.images: dict[str, bytes] = {}  # read once, however many items show them

    def read(self, name: str) -> bytes:
        info = self.members[name]
        try:
            with self.archive.open(info) as member:
                data = member.read(self.budget + 1)
        except _ZIP_ERRORS as error:
            raise FormatError(
                _("The file %(name)s of the package cannot be read.") % {"name": name[:80]}
            ) from error
        if len(data) > self.budget:
            raise FormatError(
                _("The package unpacks to more than %(size)d MB; it was refused.")
                % {"size": MAX_BYTES // (1024 * 1024)}
            )
        self.budget -= len(data)
        return data


class OutsidePackage(Exception):
    """An image path that leaves the package ("../../etc/passwd"): never read."""


class ItemFiles:
    """The files of a package that the images of one item file point at."""

    def __init__(self, package: Package, member: str) -> None:
        self.package = package
        self.folder = posixpath.dirname(member)

    def image(self, url: str) -> bytes | None:
        """The bytes of the package file an image URL names, relative to the item file;
        None for a web address, an absolute path or a missing file (they keep their
        warning); OutsidePackage for a relative path that leaves the package, which is
        never looked for. A file over MAX_ATTACHMENT_BYTES leaves the item out."""
        raw = html.unescape(url).strip()
        if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw) or raw.startswith(("/", "#")):
            return None
        path = url_path(url)
        if not path or "\\" in path or "\x00" in path:
            return None
        joined = posixpath.normpath(posixpath.join(self.folder, path))
        if joined == ".." or joined.startswith(("../", "/")):
            raise OutsidePackage
        info = self.package.members.get(joined)
        if info is None or joined.lower().endswith(".xml"):  # items and the manifest
            return None
        if joined not in self.package.images:
            # The declared size first, so that a big file is not even read.
            size = info.file_size
            if size <= MAX_ATTACHMENT_BYTES:
                data = self.package.read(joined)
                size = len(data)
            if size > MAX_ATTACHMENT_BYTES:
                raise NotImported(
                    _("the image “%(name)s” is too large (%(size)s; at most %(limit)s)")
                    % {
                        "name": raw[:80],
                        "size": format_size(size),
                        "limit": format_size(MAX_ATTACHMENT_BYTES),
                    }
                )
            self.package.images[joined] = data
        return self.package.images[joined]


def resolve(href: str) -> str | None:
    """A manifest href as a member name; None when it leaves the package."""
    href = urllib.parse.unquote(href.strip())
    if not href or "://" in href or href.startswith("/") or "\\" in href:
        return None
    path = posixpath.normpath(href)
    if path == ".." or path.startswith("../") or path.startswith("/"):
        return None
    return path


def lom_metadata(resource: ET.Element) -> Metadata:
    metadata = Metadata()
    lom = next(iter(descendants(resource, "lom")), None)
    if lom is None:
        return metadata
    general = child(lom, "general")
    if general is not None:
        for keyword in children(general, "keyword"):
            for string in children(keyword, "string"):
                tag = all_text(string).strip()
                if tag:
                    metadata.tags.append(tag)
    for classification in children(lom, "classification"):
        purpose = all_text(child(child(classification, "purpose"), "value")).strip()
        if purpose not in ("", "discipline"):
            continue
        for path in children(classification, "taxonPath"):
            entries = [
                all_text(child(child(taxon, "entry"), "string"))
                for taxon in children(path, "taxon")
            ]
            if entries:
                metadata.category = "/".join(entries).strip()
                break
        if metadata.category:
            break
    return metadata


def _lom(question: NeutralQuestion) -> str:
    general = [f"<imsmd:title><imsmd:string>{escape_text(text_of(question.get('title')))}"]
    general[0] += "</imsmd:string></imsmd:title>"
    for tag in list_of(question.get("tags")):
        if isinstance(tag, str) and tag.strip():
            general.append(
                f"<imsmd:keyword><imsmd:string>{escape_text(tag.strip())}</imsmd:string>"
                "</imsmd:keyword>"
            )
    parts = [f"<imsmd:general>{''.join(general)}</imsmd:general>"]
    category = text_of(question.get("category")).strip()
    if category:
        taxa = "".join(
            f"<imsmd:taxon><imsmd:entry><imsmd:string>{escape_text(segment)}</imsmd:string>"
            "</imsmd:entry></imsmd:taxon>"
            for segment in category.split("/")
        )
        parts.append(
            "<imsmd:classification><imsmd:purpose><imsmd:source>LOMv1.0</imsmd:source>"
            "<imsmd:value>discipline</imsmd:value></imsmd:purpose><imsmd:taxonPath>"
            "<imsmd:source><imsmd:string>amont</imsmd:string></imsmd:source>"
            f"{taxa}</imsmd:taxonPath></imsmd:classification>"
        )
    return f"<metadata><imsmd:lom>{''.join(parts)}</imsmd:lom></metadata>"


def manifest_xml(written: list[tuple[str, str, NeutralQuestion, list[str]]]) -> str:
    resources = "\n".join(
        f'<resource identifier="{identifier}" type="{ITEM_RESOURCE}" href="{path}">'
        f'{_lom(question)}<file href="{path}"/>'
        + "".join(f'<file href="{escape_attr(urllib.parse.quote(image))}"/>' for image in images)
        + "</resource>"
        for identifier, path, question, images in written
    )
    return "\n".join(
        [
            '<?xml version="1.0" encoding="UTF-8"?>',
            f'<manifest xmlns="{CP_NS}" xmlns:imsmd="{LOM_NS}" xmlns:xsi="{XSI_NS}" '
            f'xsi:schemaLocation="{CP_NS} {CP_XSD} {LOM_NS} {LOM_XSD}" '
            'identifier="MANIFEST-amont">',
            "<metadata><schema>QTIv2.1 Package</schema><schemaversion>1.0.0</schemaversion>"
            "</metadata>",
            "<organizations/>",
            "<resources>",
            resources,
            "</resources>",
            "</manifest>",
            "",
        ]
    )


def _kept_member(url: str) -> str | None:
    """The package file an image URL already names from items/ (a relative path that
    stays in items/ and is not an item), or None."""
    raw = html.unescape(url).strip()
    if re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw) or raw.startswith(("/", "#")):
        return None
    path = url_path(url)
    member = posixpath.normpath(posixpath.join("items", path)) if path else ""
    if (
        not _safe_member_name(member)
        or not member.startswith("items/")
        or member.lower().endswith(".xml")
    ):
        return None
    return member


def package_images(
    question: NeutralQuestion, packed: dict[str, bytes]
) -> tuple[NeutralQuestion, list[tuple[str, bytes]]]:
    """The question with its images' URLs pointing into the package, and the image files
    to add (member, bytes). A relative URL is kept when its file is free or holds the same
    bytes; any other (/bank/images/<id>/) becomes images/<digest>.<ext>, one file per
    content, however many questions show it."""
    attachments = attachments_of(question)
    if not attachments:
        return question, []
    shown = set(image_urls(question))
    renames: dict[str, str] = {}
    images: list[tuple[str, bytes]] = []
    taken = dict(packed)
    for url, content in attachments.items():
        if url not in shown:
            continue
        data = bytes(content)
        member = _kept_member(url)
        if member is None or taken.get(member, data) != data:
            name = f"images/{hashlib.sha256(data).hexdigest()[:20]}{image_extension(data)}"
            member = f"items/{name}"
            renames[url] = name
        if all(member != used for used, _data in images):
            images.append((member, data))
        taken[member] = data
    written = replace_image_urls(question, renames) if renames else question
    return written, images

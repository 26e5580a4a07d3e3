"""Checks on files attached to contributions: the type is read from the content, never trusted
from the name, and the name's extension must agree with it.

PDF, DOCX, ODT, XLSX and CSV only, up to ATTACHMENT_MAX_BYTES each. Office files are zip
archives whose members say what they are; we read only the archive's directory (and ODT's tiny
`mimetype` member), never decompress the rest, so a zip bomb costs nothing here.

One request attaches at most ATTACHMENT_MAX_FILES files and ATTACHMENT_MAX_REQUEST_BYTES in all,
and every file people upload in a partnership (attachments, signed agreements, progress evidence,
minutes, answers to information requests) together stays within its storage quota
(PARTNERSHIP_STORAGE_QUOTA_BYTES, or its own in PARTNERSHIP_STORAGE_QUOTAS): docs/limits.md.
"""

import io
import logging
import os
import secrets
import time
import unicodedata
import uuid
import zipfile
from dataclasses import asdict, dataclass

import puremagic
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Project settings may lower or raise these; 10 MB is enough for any report partners attach,
# and ten of them at a time for any one piece of evidence.
ATTACHMENT_MAX_BYTES = getattr(settings, "ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
ATTACHMENT_MAX_FILES = getattr(settings, "ATTACHMENT_MAX_FILES", 10)
ATTACHMENT_MAX_REQUEST_BYTES = getattr(settings, "ATTACHMENT_MAX_REQUEST_BYTES", 50 * 1024 * 1024)
# What the files people upload in one partnership may take up in all, unless
# PARTNERSHIP_STORAGE_QUOTAS (a partnership's web address to its own quota in bytes) says otherwise.
PARTNERSHIP_STORAGE_QUOTA_BYTES = getattr(
    settings, "PARTNERSHIP_STORAGE_QUOTA_BYTES", 2 * 1024 * 1024 * 1024
)

logger = logging.getLogger(__name__)

ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"
# How much of a CSV we decode to decide it is text: enough to be sure, small enough to be quick.
CSV_SAMPLE_BYTES = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    extension: str
    label: str
    content_type: str


PDF = FileType("pdf", "PDF", "application/pdf")
DOCX = FileType(
    "docx",
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
)
ODT = FileType("odt", "OpenDocument text (ODT)", "application/vnd.oasis.opendocument.text")
XLSX = FileType(
    "xlsx", "Excel (XLSX)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
)
CSV = FileType("csv", "CSV", "text/csv")
ALLOWED = {t.extension: t for t in (PDF, DOCX, ODT, XLSX, CSV)}


def max_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_BYTES", ATTACHMENT_MAX_BYTES)


def max_files() -> int:
    return getattr(settings, "ATTACHMENT_MAX_FILES", ATTACHMENT_MAX_FILES)


def max_request_bytes() -> int:
    return getattr(settings, "ATTACHMENT_MAX_REQUEST_BYTES", ATTACHMENT_MAX_REQUEST_BYTES)


def storage_quota(partnership) -> int:
    """The bytes the files people upload in this partnership may take up in all."""
    default = getattr(settings, "PARTNERSHIP_STORAGE_QUOTA_BYTES", PARTNERSHIP_STORAGE_QUOTA_BYTES)
    return getattr(settings, "PARTNERSHIP_STORAGE_QUOTAS", {}).get(partnership.slug, default)


@dataclass(frozen=True)
class UploadedFiles:
    """Where one kind of file people upload is kept: a model with a `partnership` and the field
    holding each file's size in bytes (empty where a row has no file)."""

    model: type
    size_field: str


# Every kind of upload counts against the quota, but some are kept in the layers above, which
# this one may not import: each such app registers its own when it starts (strategies/apps.py,
# oversight/apps.py), as partnerships/consultees.py is told by the apps above it. This app's own
# (attachments and signed copies) the storage selector names itself.
_uploaded_files: list[UploadedFiles] = []


def register_uploaded_files(model, *, size_field: str) -> None:
    """Count the files kept on `model` (their sizes in `size_field`) against the quota of the
    partnership each row belongs to. Registering the same again (an app's ready() run twice, as
    some test runners do) adds nothing."""
    source = UploadedFiles(model=model, size_field=size_field)
    if source not in _uploaded_files:
        _uploaded_files.append(source)


def registered_uploaded_files() -> tuple[UploadedFiles, ...]:
    """The uploads the apps above have registered, in the order they did."""
    return tuple(_uploaded_files)


@dataclass(frozen=True)
class StorageUse:
    """How much of its quota a partnership's stored files take up."""

    used: int
    quota: int

    @property
    def left(self) -> int:
        return max(self.quota - self.used, 0)

    def refuse_unless_room(self, *, adding: int, freeing: int = 0) -> None:
        """A ValidationError, for the person attaching, if `adding` bytes (once `freeing` bytes
        have gone) would take the partnership past its quota."""
        if self.used - freeing + adding <= self.quota:
            return
        raise ValidationError(
            _(
                "These files come to %(size)s, but the partnership has only %(left)s of its "
                "%(quota)s for attachments left. Remove attachments it no longer needs, or ask "
                "your partnership lead to, then attach the files again."
            )
            % {
                "size": filesizeformat(adding),
                "left": filesizeformat(max(self.quota - self.used + freeing, 0)),
                "quota": filesizeformat(self.quota),
            },
            code="quota",
        )


def check_request(files) -> None:
    """A ValidationError if one request attaches more files, or more bytes, than it may. Only
    the sizes are read, so this comes before any file's content is."""
    limit = max_files()
    if len(files) > limit:
        raise ValidationError(
            ngettext(
                "Select up to %(max)s file at a time. Save the others for later: you can add "
                "them by changing the contribution.",
                "Select up to %(max)s files at a time. Save the others for later: you can add "
                "them by changing the contribution.",
                limit,
            )
            % {"max": limit},
            code="too_many_files",
        )
    total, limit = sum(file.size or 0 for file in files), max_request_bytes()
    if total > limit:
        raise ValidationError(
            _(
                "The files you selected come to %(size)s; you can attach up to %(max)s at a "
                "time. Attach some now and add the others by changing the contribution."
            )
            % {"size": filesizeformat(total), "max": filesizeformat(limit)},
            code="request_too_large",
        )


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):g}"


def clean_name(name: str) -> str:
    """The name to show and to offer on download: no folders, no control characters."""
    name = os.path.basename((name or "").replace("\\", "/"))
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C").strip()
    return name[-255:] or _("attachment")


def _read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def _zip_members(data: bytes) -> zipfile.ZipFile | None:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_odt(archive: zipfile.ZipFile) -> bool:
    # A damaged or hostile archive can fail in many ways; zipfile raises NotImplementedError for
    # compression methods it does not support. Any of them means "not an ODT file".
    try:
        with archive.open("mimetype") as member:
            return member.read(len(ODT_MIMETYPE) + 2).strip() == ODT_MIMETYPE
    except (KeyError, zipfile.BadZipFile, OSError, RuntimeError, ValueError, NotImplementedError):
        return False


def _is_text(data: bytes) -> bool:
    sample = data[:CSV_SAMPLE_BYTES]
    if not sample.strip() or b"\x00" in sample:
        return False
    # A known binary signature (an image, an executable) is not a CSV, whatever it decodes as.
    try:
        matches = puremagic.magic_stream(io.BytesIO(sample[:4096]))
    except (puremagic.PureError, ValueError):
        matches = []
    if any(m.confidence >= 0.5 for m in matches):
        return False
    if len(data) > CSV_SAMPLE_BYTES:
        # Cutting the sample may split a UTF-8 character; drop the partial one at the end.
        sample = sample[: sample.rfind(b"\n") + 1] or sample
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            sample.decode(encoding)
        except UnicodeDecodeError:
            continue
        return True
    return False


def matches_type(data: bytes, file_type: FileType) -> bool:
    """Whether the content really is a file of this type."""
    if file_type is PDF:
        return data.startswith(b"%PDF-")
    if file_type is CSV:
        return _is_text(data)
    archive = _zip_members(data)
    if archive is None:
        return False
    names = set(archive.namelist())
    if file_type is DOCX:
        return "word/document.xml" in names and "[Content_Types].xml" in names
    if file_type is XLSX:
        return "xl/workbook.xml" in names and "[Content_Types].xml" in names
    return _is_odt(archive)


def check_upload(file: UploadedFile) -> FileType:
    """The file's type, or a ValidationError saying, in words for the user, what is wrong."""
    name = clean_name(file.name)
    limit = max_bytes()
    if file.size is not None and file.size > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB") % {"name": name, "limit": _megabytes(limit)},
            code="too_large",
        )
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    file_type = ALLOWED.get(extension)
    if file_type is None:
        raise ValidationError(
            _("%(name)s must be a PDF, DOCX, ODT, XLSX or CSV file") % {"name": name},
            code="file_type",
        )
    data = _read_all(file)
    if len(data) > limit:
        raise ValidationError(
            _("%(name)s is larger than %(limit)s MB") % {"name": name, "limit": _megabytes(limit)},
            code="too_large",
        )
    if not data:
        raise ValidationError(_("%(name)s is empty") % {"name": name}, code="empty")
    if not matches_type(data, file_type):
        raise ValidationError(
            _("%(name)s is not a %(type)s file") % {"name": name, "type": file_type.label},
            code="content_mismatch",
        )
    return file_type


# --- Files kept across a form's errors ------------------------------------------------------------
#
# A file chosen on a form that comes back with an error (a missing title, say) is kept, so the
# person need not choose it again: it is checked like any attachment, stored privately under the
# partnership as "pending", and named on the re-rendered form by an id the server made. The ids
# live in the person's session under the partnership, so a form can only name its own person's
# pending files in this partnership; a path or a name from the browser is never used. Saving the
# form turns the files it names into attachments (checked again, within the quota) and deletes
# the rest; files nobody saves are swept once PENDING_KEPT_FOR has passed (sweep_pending_files,
# the sweep_pending_attachments command).

PENDING_SESSION_KEY = "pending_attachments"
# Long enough to finish a form after a break; the session itself ends sooner when idle.
PENDING_KEPT_FOR = 24 * 60 * 60


def _pending_folder(partnership_id: int) -> str:
    return f"partnerships/{partnership_id}/pending"


@dataclass(frozen=True)
class PendingFile:
    """A checked file waiting for the form it was chosen on to be saved."""

    id: str
    name: str
    size: int
    content_type: str
    key: str
    user_id: int
    stored_at: float

    def open(self) -> File:
        """The file's content under the name the person gave it, for the service to attach."""
        return File(default_storage.open(self.key, "rb"), name=self.name)


class PendingFiles:
    """One person's pending files in one partnership, kept in their session."""

    def __init__(self, session, *, partnership_id: int, user_id: int):
        self.session = session
        self.partnership_id = partnership_id
        self.user_id = user_id

    def _all(self) -> dict[str, dict]:
        return self.session.get(PENDING_SESSION_KEY, {}).get(str(self.partnership_id), {})

    def _save(self, entries: dict[str, dict]) -> None:
        every = dict(self.session.get(PENDING_SESSION_KEY, {}))
        if entries:
            every[str(self.partnership_id)] = entries
        else:
            every.pop(str(self.partnership_id), None)
        self.session[PENDING_SESSION_KEY] = every

    def _mine(self) -> dict[str, PendingFile]:
        fresh_since = time.time() - PENDING_KEPT_FOR
        return {
            id_: PendingFile(**entry)
            for id_, entry in self._all().items()
            if entry.get("user_id") == self.user_id and entry.get("stored_at", 0) > fresh_since
        }

    def find(self, ids) -> list[PendingFile]:
        """The pending files these ids name that are this person's here; others are ignored."""
        mine = self._mine()
        chosen = dict.fromkeys(str(i) for i in ids)  # in order, once each
        return [mine[id_] for id_ in chosen if id_ in mine]

    def keep(self, files) -> list[PendingFile]:
        """Store files that passed every check, as pending; [] (and nothing stored) if they and
        the person's files already pending here would come to more than one request may
        attach, which bounds what one person can leave waiting."""
        files = list(files)
        if not files:
            return []
        try:
            check_request([*files, *self._mine().values()])
            types = [check_upload(file) for file in files]
        except ValidationError:
            return []
        kept = []
        entries = dict(self._all())
        for file, file_type in zip(files, types, strict=True):
            file.seek(0)
            key = default_storage.save(
                f"{_pending_folder(self.partnership_id)}/{uuid.uuid4().hex}", file
            )
            pending = PendingFile(
                id=secrets.token_urlsafe(16),
                name=clean_name(file.name),
                size=file.size,
                content_type=file_type.content_type,
                key=key,
                user_id=self.user_id,
                stored_at=time.time(),
            )
            entries[pending.id] = asdict(pending)
            kept.append(pending)
        self._save(entries)
        return kept

    def discard(self, pending_files) -> None:
        """Delete these pending files (used or unwanted), and any of this person's gone stale."""
        entries = dict(self._all())
        mine = self._mine()
        stale = [
            id_
            for id_, entry in entries.items()
            if entry.get("user_id") == self.user_id and id_ not in mine
        ]
        for id_ in [*(p.id for p in pending_files), *stale]:
            entry = entries.pop(id_, None)
            if entry is not None:
                _delete_quietly(entry["key"])
        self._save(entries)


def _delete_quietly(key: str) -> None:
    try:
        default_storage.delete(key)
    except Exception:  # a file already gone, or storage away: the sweep tries again
        logger.warning("Could not remove the pending file %s", key)


def sweep_pending_files(*, older_than: float = PENDING_KEPT_FOR) -> int:
    """Delete pending files nobody saved within `older_than` seconds, in every partnership;
    returns how many went."""
    removed = 0
    cutoff = time.time() - older_than
    try:
        partnership_folders, _files = default_storage.listdir("partnerships")
    except FileNotFoundError:
        return 0
    for folder in partnership_folders:
        pending = _pending_folder(folder)
        try:
            _folders, names = default_storage.listdir(pending)
        except FileNotFoundError:
            continue
        for name in names:
            key = f"{pending}/{name}"
            if default_storage.get_modified_time(key).timestamp() < cutoff:
                _delete_quietly(key)
                removed += 1
    return removed

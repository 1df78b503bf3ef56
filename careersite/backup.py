"""Backups that restore: the database and uploaded media in one timestamped folder, checked by SHA-256.

A backup folder (`careersite-20261205T232700Z/`) holds
- `db.sqlite3`, a copy made with SQLite's online backup API (consistent, and safe while the site runs), or
  `db.dump`, `pg_dump`'s custom format (one consistent snapshot, read back by `pg_restore`);
- `media/`, the files under MEDIA_ROOT, copied after the database so every file a row names is there
  (uploads are only ever added, so a file that arrived in between is harmless);
- `backup.json`, what was backed up, when and from which kind of database;
- `SHA256SUMS`, the SHA-256 of every other file in `sha256sum` format (`sha256sum -c SHA256SUMS` checks it too).

A folder appears under its final name only once it is complete. Restoring checks every checksum first and
writes only into an empty database and media folder, unless asked to replace them.
"""

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection

from careersite.pagecache.content_version import bump

FORMAT = 1
MANIFEST = "SHA256SUMS"
INFO = "backup.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}
KINDS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
STALE_PARTIAL_SECONDS = 24 * 3600
NAME_PATTERN = re.compile(r"^careersite-\d{8}T\d{6}Z(-\d+)?$")


class BackupError(Exception):
    """An expected problem (missing backup, wrong checksum, non-empty target), said in plain words."""


@dataclass(frozen=True)
class BackupResult:
    path: Path
    files: int
    size: int
    seconds: float
    removed: tuple[Path, ...] = ()


def backup_create(
    *, directory: Path, keep: int, now: datetime | None = None
) -> BackupResult:
    """Write a backup of the database and media into a new folder under `directory`, then keep the newest `keep`
    backups there (0: keep all)."""
    if keep < 0:
        raise BackupError("The number of backups to keep cannot be negative.")
    started = time.perf_counter()
    now = now or datetime.now(UTC)
    vendor = _vendor()
    directory = Path(directory)
    media_root = _media_root()
    if media_root and directory.resolve().is_relative_to(media_root.resolve()):
        raise BackupError(
            f"Keep backups outside the media folder ({media_root}): each would copy the ones before it."
        )
    directory.mkdir(parents=True, exist_ok=True)
    final = _free_name(directory, now)
    partial = directory / f".{final.name}.partial"
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir()
    try:
        database_file = partial / DATABASE_FILES[vendor]
        if vendor == "sqlite":
            _sqlite_backup(database_file)
        else:
            _pg_dump(database_file)
        media_files = 0
        if media_root and media_root.is_dir():
            shutil.copytree(media_root, partial / MEDIA)
            media_files = sum(1 for p in (partial / MEDIA).rglob("*") if p.is_file())
        info = {
            "format": FORMAT,
            "created_at": now.astimezone(UTC).isoformat(timespec="seconds"),
            "database": vendor,
            "database_file": database_file.name,
            "media": "local" if media_root else "object storage (not in this backup)",
            "media_files": media_files,
        }
        (partial / INFO).write_text(json.dumps(info, indent=2) + "\n")
        files = _write_manifest(partial)
        partial.rename(final)
    except BaseException:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    removed = backups_prune(directory=directory, keep=keep)
    size = sum(p.stat().st_size for p in final.rglob("*") if p.is_file())
    return BackupResult(final, files, size, time.perf_counter() - started, removed)


def backups_prune(*, directory: Path, keep: int) -> tuple[Path, ...]:
    """Delete all but the newest `keep` complete backups in `directory` (0: keep all)."""
    # What a killed run left behind (never complete, never restorable).
    for stale in Path(directory).glob(".careersite-*.partial"):
        if time.time() - stale.stat().st_mtime > STALE_PARTIAL_SECONDS:
            shutil.rmtree(stale, ignore_errors=True)
    if keep <= 0:
        return ()
    backups = sorted(
        p
        for p in Path(directory).iterdir()
        if p.is_dir() and NAME_PATTERN.match(p.name) and (p / MANIFEST).is_file()
    )
    old = tuple(backups[:-keep])
    for path in old:
        shutil.rmtree(path)
    return old


def backup_verify(*, path: Path) -> dict:
    """The backup's `backup.json` once every file matches its SHA-256; BackupError otherwise."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"There is no backup at {path}.")
    if not path.is_dir() or not (path / MANIFEST).is_file():
        raise BackupError(
            f"{path} is not a backup folder: it has no {MANIFEST} file. Give the folder `make backup` wrote "
            "(e.g. var/backups/careersite-20261205T232700Z)."
        )
    expected = {}
    for number, line in enumerate((path / MANIFEST).read_text().splitlines(), 1):
        digest, _, name = line.partition("  ")
        if not re.fullmatch(r"[0-9a-f]{64}", digest) or not name:
            raise BackupError(f"{path / MANIFEST} is damaged (line {number}).")
        if Path(name).is_absolute() or ".." in Path(name).parts:
            raise BackupError(f"{path / MANIFEST} names a file outside the backup.")
        expected[name] = digest
    found = {
        p.relative_to(path).as_posix()
        for p in path.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    problems = [f"missing: {name}" for name in sorted(expected.keys() - found)]
    problems += [
        f"not in {MANIFEST}: {name}" for name in sorted(found - expected.keys())
    ]
    problems += [
        f"checksum differs: {name}"
        for name in sorted(expected.keys() & found)
        if _sha256(path / name) != expected[name]
    ]
    if problems:
        raise BackupError(
            f"The backup at {path} does not match its checksums, so it was not restored:\n  "
            + "\n  ".join(problems)
        )
    try:
        info = json.loads((path / INFO).read_text())
    except (FileNotFoundError, ValueError):
        raise BackupError(f"{path} has no readable {INFO}.") from None
    if info.get("format") != FORMAT:
        raise BackupError(f"{path} is a backup format this version cannot read.")
    return info


@dataclass(frozen=True)
class RestoreResult:
    database: str
    media_files: int
    seconds: float
    note: str = ""


def backup_restore(*, path: Path, force: bool = False) -> RestoreResult:
    """Restore the backup at `path` into this site's database and media folder, which must be empty unless
    `force`; the checksums are checked before anything is written."""
    started = time.perf_counter()
    path = Path(path)
    info = backup_verify(path=path)
    vendor = _vendor()
    if info["database"] != vendor:
        raise BackupError(
            f"This backup is of a {KINDS.get(info['database'], info['database'])} database, but the site "
            f"is set up for {KINDS[vendor]} (see DATABASE_URL). Restore it with the same kind of database."
        )
    media_root = _media_root()
    has_media = (path / MEDIA).is_dir()
    if not force:
        occupied = []
        if _database_has_tables():
            occupied.append(f"the database ({_database_label()}) has tables")
        if has_media and media_root and _has_files(media_root):
            occupied.append(f"the media folder ({media_root}) has files")
        if occupied:
            raise BackupError(
                "Nothing was restored: "
                + " and ".join(occupied)
                + ". Restore into an empty data folder or database, or replace what is there with "
                "`make restore BACKUP=... FORCE=1` (`manage.py restore --force`)."
            )
    if vendor == "sqlite":
        _sqlite_restore(path / info["database_file"])
    else:
        _pg_restore(path / info["database_file"], clean=force)
    media_files, note = 0, ""
    if has_media and media_root:
        media_files = _media_restore(path / MEDIA, media_root)
    elif has_media:
        note = (
            f"The media files were not restored: this site keeps uploads in object storage. Upload them "
            f"from {path / MEDIA} (e.g. `aws s3 sync {path / MEDIA} s3://<bucket>/`)."
        )
    # Cached pages were rendered from the old content.
    bump()
    return RestoreResult(
        _database_label(), media_files, time.perf_counter() - started, note
    )


# The database ---------------------------------------------------------------------------------------------


def _vendor() -> str:
    if connection.vendor not in DATABASE_FILES:
        raise BackupError(
            f"Backups of {connection.vendor} databases are not supported."
        )
    return connection.vendor


def _database_label() -> str:
    name = connection.settings_dict["NAME"]
    return str(name) if connection.vendor == "sqlite" else f"PostgreSQL {name}"


def _database_has_tables() -> bool:
    with connection.cursor() as cursor:
        return bool(connection.introspection.table_names(cursor))


def _sqlite_backup(target: Path) -> None:
    # Through Django's own connection: whatever NAME is (a file, or the test run's in-memory database).
    if connection.in_atomic_block:
        # SQLite will not copy from a connection in a write transaction, and Python would retry forever.
        raise BackupError("Back up outside a transaction.")
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        # One self-contained file, whatever journal mode the live database uses.
        copy.execute("PRAGMA journal_mode=DELETE")
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError("SQLite found the copy damaged; the backup was not kept.")
    finally:
        copy.close()


def _sqlite_restore(source: Path) -> None:
    connection.ensure_connection()
    backup = sqlite3.connect(source.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        # Page by page into the live file, under SQLite's locks: replaces every table.
        backup.backup(connection.connection)
    finally:
        backup.close()
    connection.close()


def _pg_command(program: str, *options: str) -> tuple[list[str], dict[str, str]]:
    """`program` with Django's own connection arguments (as `manage.py dbshell` builds them); the database name
    comes last, after `options`."""
    if not connection.settings_dict.get("NAME"):
        raise BackupError("DATABASE_URL names no database.")
    args, env = connection.client.settings_to_cmd_args_env(
        connection.settings_dict, list(options)
    )
    return [program, *args[1:]], {**os.environ, **(env or {})}


def _run(args: list[str], env: dict[str, str]) -> None:
    try:
        result = subprocess.run(args, env=env, capture_output=True, text=True)
    except FileNotFoundError:
        raise BackupError(
            f"{args[0]} was not found: install the PostgreSQL client tools (Debian: postgresql-client) "
            "of the server's major version or newer."
        ) from None
    if result.returncode:
        raise BackupError(f"{args[0]} failed:\n{result.stderr.strip()}")


def _pg_dump(target: Path) -> None:
    _run(
        *_pg_command(
            "pg_dump",
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--file={target}",
        )
    )


def _pg_restore(dump: Path, *, clean: bool) -> None:
    connection.close()
    options = [
        "--no-owner",
        "--no-privileges",
        "--exit-on-error",
        "--single-transaction",
    ]
    if clean:
        options += ["--clean", "--if-exists"]
    # --dbname takes the database name Django's arguments end with; the dump file comes after it.
    args, env = _pg_command("pg_restore", *options, "--dbname")
    _run([*args, str(dump)], env)
    # pg_restore brings back no planner statistics.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


# Media ----------------------------------------------------------------------------------------------------


def _media_root() -> Path | None:
    """The local media folder, or None when uploads live in object storage (versioned in the bucket)."""
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def _has_files(folder: Path) -> bool:
    return folder.is_dir() and any(p.is_file() for p in folder.rglob("*"))


def _media_restore(source: Path, media_root: Path) -> int:
    # Copy beside the media folder, then swap, so the site never sees half a folder.
    media_root.parent.mkdir(parents=True, exist_ok=True)
    incoming = media_root.with_name(f".{media_root.name}.restoring")
    outgoing = media_root.with_name(f".{media_root.name}.replaced")
    for scratch in (incoming, outgoing):
        shutil.rmtree(scratch, ignore_errors=True)
    shutil.copytree(source, incoming)
    if media_root.exists():
        media_root.rename(outgoing)
    incoming.rename(media_root)
    shutil.rmtree(outgoing, ignore_errors=True)
    return sum(1 for p in media_root.rglob("*") if p.is_file())


# Files ----------------------------------------------------------------------------------------------------


def _free_name(directory: Path, now: datetime) -> Path:
    stem = "careersite-" + now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate, n = directory / stem, 1
    while candidate.exists():
        n += 1
        candidate = directory / f"{stem}-{n}"
    return candidate


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_manifest(folder: Path) -> int:
    files = sorted(
        p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
    )
    lines = [f"{_sha256(folder / name)}  {name}\n" for name in files]
    (folder / MANIFEST).write_text("".join(lines))
    return len(files)

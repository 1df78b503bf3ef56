"""Backups that restore (careersite/backup.py): checked folders, kept in number, refused when damaged or when
the target is not empty, and a restore drill on a real site for each database."""

import json
import os
import shutil
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from careersite.backup import (
    MANIFEST,
    BackupError,
    _sha256,
    _write_manifest,
    backup_create,
    backup_restore,
    backup_verify,
)

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRES = DATABASE_URL.startswith(("postgres://", "postgresql://"))
NOON = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    (settings.MEDIA_ROOT / "articles" / "2026").mkdir(parents=True)
    (settings.MEDIA_ROOT / "articles" / "2026" / "hero.png").write_bytes(b"png")
    return settings.MEDIA_ROOT


@pytest.fixture
def backup(tmp_path):
    """A backup folder as `backup_create` writes it, for this database, without a real database copy (the
    refusals below all happen before the copy is read)."""
    folder = tmp_path / "backups" / "careersite-20261205T120000Z"
    (folder / "media" / "articles" / "2026").mkdir(parents=True)
    (folder / "media" / "articles" / "2026" / "hero.png").write_bytes(b"png")
    database_file = "db.sqlite3" if connection.vendor == "sqlite" else "db.dump"
    (folder / database_file).write_bytes(b"database")
    info = {
        "format": 1,
        "created_at": NOON.isoformat(),
        "database": connection.vendor,
        "database_file": database_file,
        "media": "local",
        "media_files": 1,
    }
    (folder / "backup.json").write_text(json.dumps(info))
    _write_manifest(folder)
    return folder


# Writing and keeping backups: copying from the database needs it outside a test's transaction -------------


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_a_timestamped_folder_with_a_checksum_for_every_file(
    media, tmp_path
):
    backup = backup_create(directory=tmp_path / "backups", keep=14, now=NOON).path
    assert backup.name == "careersite-20261205T120000Z"
    database_file = {"sqlite": "db.sqlite3", "postgresql": "db.dump"}[connection.vendor]
    lines = (backup / MANIFEST).read_text().splitlines()
    # sha256sum's format, so `sha256sum -c SHA256SUMS` checks it without us.
    assert [line.split("  ")[1] for line in lines] == sorted(
        ["backup.json", database_file, "media/articles/2026/hero.png"]
    )
    for line in lines:
        digest, name = line.split("  ")
        assert _sha256(backup / name) == digest
    info = backup_verify(path=backup)
    assert info["database"] == connection.vendor
    assert info["media_files"] == 1
    assert not list(backup.parent.glob(".*partial"))


@pytest.mark.django_db(transaction=True)
def test_only_the_newest_backups_are_kept(media, tmp_path, capsys):
    folder = tmp_path / "backups"
    (folder / "notes").mkdir(parents=True)  # not a backup: never touched
    killed = folder / ".careersite-20261204T120000Z.partial"  # a run killed yesterday
    killed.mkdir()
    os.utime(killed, (time.time() - 2 * 86400,) * 2)
    names = []
    for hours in range(3):
        result = backup_create(
            directory=folder, keep=2, now=NOON + timedelta(hours=hours)
        )
        names.append(result.path.name)
    assert sorted(p.name for p in folder.iterdir()) == sorted([*names[-2:], "notes"])
    # Two in the same second get distinct names.
    again = backup_create(directory=folder, keep=0, now=NOON + timedelta(hours=2))
    assert again.path.name == "careersite-20261205T140000Z-2"
    call_command("backup", "--dir", str(folder), "--keep", "1")
    out = capsys.readouterr().out
    assert out.startswith(f"Backed up to {folder}/careersite-")
    assert out.count("Removed the older backup") == 3
    assert len([p for p in folder.iterdir() if p.name != "notes"]) == 1


@pytest.mark.django_db
def test_a_backup_inside_a_transaction_is_refused_not_left_hanging(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("pg_dump reads from its own connection")
    with pytest.raises(BackupError, match="outside a transaction"):
        backup_create(directory=tmp_path, keep=1)
    assert list(tmp_path.iterdir()) == []


def test_backups_inside_the_media_folder_are_refused(media):
    with pytest.raises(BackupError, match="Keep backups outside the media folder"):
        backup_create(directory=media / "backups", keep=1)
    assert not (media / "backups").exists()


# Refusals: nothing is restored -----------------------------------------------------------------------------


def _restore_refused(path, match):
    with pytest.raises(BackupError, match=match):
        backup_restore(path=path)


@pytest.mark.django_db
def test_a_missing_backup_is_named(tmp_path):
    _restore_refused(tmp_path / "nothing-here", "There is no backup at")
    (tmp_path / "empty").mkdir()
    _restore_refused(tmp_path / "empty", "is not a backup folder: it has no SHA256SUMS")
    with pytest.raises(CommandError, match="There is no backup at"):
        call_command("restore", str(tmp_path / "nothing-here"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        (
            lambda b: (b / "backup.json").write_text("{}"),
            "checksum differs: backup.json",
        ),
        (
            lambda b: (b / "media/articles/2026/hero.png").unlink(),
            "missing: media/articles/2026/hero.png",
        ),
        (
            lambda b: (b / "media/extra.png").write_bytes(b"?"),
            "not in SHA256SUMS: media/extra.png",
        ),
        (
            lambda b: (b / MANIFEST).write_text(f"{'0' * 64}  ../secret_key\n"),
            "names a file outside the backup",
        ),
    ],
)
def test_a_damaged_backup_is_refused_before_anything_is_written(
    backup, media, damage, problem
):
    damage(backup)
    shutil.rmtree(media)
    with pytest.raises(BackupError) as refused:
        backup_restore(path=backup, force=True)
    assert problem in str(refused.value)
    assert not media.exists()


@pytest.mark.django_db
def test_a_database_with_tables_is_not_overwritten_without_force(backup, media):
    # The test database has tables; the media folder has files.
    (media / "articles" / "2026" / "hero.png").write_bytes(b"newer")
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(backup))
    message = str(refused.value)
    assert message.startswith("Nothing was restored: the database")
    assert "and the media folder" in message
    assert "FORCE=1" in message and "--force" in message
    assert (media / "articles" / "2026" / "hero.png").read_bytes() == b"newer"


@pytest.mark.django_db
def test_a_backup_of_the_other_kind_of_database_is_refused(backup):
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    info = json.loads((backup / "backup.json").read_text())
    (backup / "backup.json").write_text(json.dumps({**info, "database": other}))
    (backup / MANIFEST).unlink()
    _write_manifest(backup)
    _restore_refused(backup, "Restore it with the same kind of database")


# The restore drill: a real site, backed up, destroyed, restored --------------------------------------------


def _run(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    if check and result.returncode:
        raise AssertionError(
            f"{args} failed ({result.returncode}):\n{result.stdout[-3000:]}{result.stderr[-3000:]}"
        )
    return result


def _site_env(data_dir: Path, database_url: str = "") -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="careersite.settings",
        DJANGO_DATA_DIR=str(data_dir),
        DJANGO_LOG_LEVEL="ERROR",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def _check(env: dict) -> dict:
    return json.loads(
        _run(env, "-m", "tests.site.backup_drill", "check").stdout.splitlines()[-1]
    )


def _assert_same_site(restored: dict, original: dict) -> None:
    assert restored["rows"].keys() == original["rows"].keys()
    counts = {label: rows[0] for label, rows in restored["rows"].items()}
    assert counts == {label: rows[0] for label, rows in original["rows"].items()}
    assert restored["rows"] == original["rows"]  # every row of every model, whole
    assert restored["records"] == original["records"]
    assert restored["media"] == original["media"]
    pages = restored["pages"]
    for name, expected in pages["expected"].items():
        assert pages[name]["status"] == 200, name
        for text in expected:
            assert text.replace("&", "&amp;") in pages[name]["text"], (name, text)
    assert pages["expected"] == original["pages"]["expected"]


def _drill(tmp_path: Path, database_url: str, destroy_database) -> None:
    env = _site_env(tmp_path / "site", database_url)
    _run(env, "-m", "tests.site.backup_drill", "populate")
    original = _check(env)
    assert original["records"]["autosaves"] and original["records"]["working drafts"]
    assert list(original["media"]) == [
        f"articles/{datetime.now().year}/restore-drill.png"
    ]
    _run(env, "manage.py", "backup", "--dir", str(tmp_path / "backups"))
    (backup,) = (tmp_path / "backups").iterdir()

    # Destroy: the whole data folder (database file, media, secret key) and the database.
    shutil.rmtree(tmp_path / "site")
    destroy_database()
    _run(env, "manage.py", "restore", str(backup))
    _assert_same_site(_check(env), original)

    # Restoring over the restored site is refused, kindly; with --force it replaces the changes made since.
    _run(env, "-m", "tests.site.backup_drill", "scribble")
    refused = _run(env, "manage.py", "restore", str(backup), check=False)
    assert refused.returncode == 1
    assert "Nothing was restored" in refused.stderr
    assert "Traceback" not in refused.stderr
    _run(env, "manage.py", "restore", "--force", str(backup))
    _assert_same_site(_check(env), original)


@pytest.mark.skipif(ON_POSTGRES, reason="the suite's SQLite run does this drill")
def test_restore_drill_sqlite(tmp_path):
    """A SQLite file site, as `make run` keeps it in its data folder."""
    _drill(tmp_path, "", destroy_database=lambda: None)


@pytest.mark.skipif(not ON_POSTGRES, reason="needs DATABASE_URL=postgres://...")
def test_restore_drill_postgresql(tmp_path):
    import psycopg
    from psycopg import sql

    parts = urlsplit(DATABASE_URL)
    server = urlunsplit(parts._replace(path="/postgres"))
    name = f"careersite_drill_{os.getpid()}_{int(time.time())}"
    url = urlunsplit(parts._replace(path=f"/{name}"))

    def recreate(*, create: bool = True):
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(name)
                )
            )
            if create:
                conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))

    recreate()
    try:
        _drill(tmp_path, url, destroy_database=recreate)
    finally:
        recreate(create=False)

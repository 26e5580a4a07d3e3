"""Settings come from the environment and fail loudly on anything missing or malformed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DJANGO_ENV": "production",
    "SECRET_KEY": "k3y-for-tests-only-" + "x" * 50,
    "DATABASE_URL": "postgres://svd:svd@127.0.0.1:5432/svd",
    "ALLOWED_HOSTS": "svd-portal.example.org",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
}


def manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    # The browser tests allow async-unsafe ORM calls in this process; a server must not inherit it.
    inherited = PRODUCTION_ENV.keys() | {"DJANGO_ALLOW_ASYNC_UNSAFE"}
    base = {k: v for k, v in os.environ.items() if k not in inherited}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=base | {"VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_its_secrets(tmp_path):
    result = manage("check", env={"DJANGO_ENV": "production"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert (
        "DJANGO_ENV=production needs these environment variables: "
        "SECRET_KEY, DATABASE_URL, ALLOWED_HOSTS, REDIS_URL"
    ) in result.stderr


def test_production_passes_the_deployment_checklist(tmp_path):
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV, tmp_path=tmp_path
    )

    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_debug(tmp_path):
    result = manage("check", env=PRODUCTION_ENV | {"DEBUG": "true"}, tmp_path=tmp_path)

    assert "DEBUG must be off when DJANGO_ENV=production" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        (
            "SECRET_KEY",
            "development-only-key-never-used-in-production-8f3b2c1d9e7a",
            "SECRET_KEY is the development key from the repository",
        ),
        ("ALLOWED_HOSTS", "*", "ALLOWED_HOSTS must name the portal's host names"),
        ("ALLOWED_HOSTS", "svd-portal.example.org,*", "ALLOWED_HOSTS must name the portal's"),
    ],
)
def test_production_refuses_insecure_settings(tmp_path, name, value, message):
    result = manage("check", "--deploy", env=PRODUCTION_ENV | {name: value}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
        ("DJANGO_ENV", "staging", "DJANGO_ENV='staging': use 'development' or 'production'"),
    ],
)
def test_a_malformed_value_is_named_in_the_error(tmp_path, name, value, message):
    result = manage("check", env={name: value}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert message in result.stderr


def test_private_files_can_move_to_object_storage_by_configuration_alone(tmp_path):
    env = {"PRIVATE_STORAGE_S3_BUCKET": "svd-private", "PRIVATE_STORAGE_S3_REGION": "eu-west-2"}
    code = (
        "from django.core.files.storage import storages; s = storages['default'];"
        "print(type(s).__name__, s.bucket_name, s.default_acl, s.querystring_auth)"
    )

    result = manage("shell", "--no-imports", "-c", code, env=env, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "svd-private", "private", "True"]

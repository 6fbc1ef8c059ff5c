"""Strict readers for configuration from the environment.

A bad value stops the process at start-up with a message naming the variable, instead of a surprise later.
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import secrets
from pathlib import Path
from urllib.parse import SplitResult, parse_qsl, unquote, urlsplit


class ConfigError(RuntimeError):
    pass


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default).strip() or default


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be an integer, got {raw!r}") from exc
    if minimum is not None and value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value


def env_int_list(name: str, default: str, *, minimum: int | None = None) -> list[int]:
    """A comma-separated list of integers ("3,6,12"), sorted, without duplicates."""
    raw = env_str(name, default)
    try:
        values = sorted({int(part) for part in raw.split(",") if part.strip()})
    except ValueError as exc:
        raise ConfigError(f"{name} must be integers separated by commas, got {raw!r}") from exc
    if minimum is not None and any(v < minimum for v in values):
        raise ConfigError(f"{name} values must be at least {minimum}, got {raw!r}")
    return values


def env_bind(name: str, default: str) -> tuple[str, int]:
    raw = env_str(name, default)
    host, sep, port = raw.rpartition(":")
    if not sep or not port.isdigit() or not host:
        raise ConfigError(f"{name} must look like HOST:PORT, got {raw!r}")
    return host.strip("[]"), int(port)


def secret_key(data_dir: Path, *, debug: bool) -> str:
    """The key from VIVIER_SECRET_KEY, or one generated once into the data folder for the embedded default."""
    key = os.environ.get("VIVIER_SECRET_KEY", "").strip()
    if key:
        if len(key) < 32:
            raise ConfigError("VIVIER_SECRET_KEY must be at least 32 characters long")
        return key
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text().strip()
    if not debug and not env_bool("VIVIER_GENERATE_SECRET", True):
        raise ConfigError("VIVIER_SECRET_KEY is required outside debug")
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    # Created with owner-only permissions: the key signs sessions and candidate links.
    fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


def email_settings(url: str | None) -> dict[str, object]:
    """Translate EMAIL_URL into Django e-mail settings; unset means the local mailbox."""
    if not url:
        return {"EMAIL_BACKEND": "vivier.outreach.mailbox.LocalMailboxBackend"}
    if url.startswith("anymail+"):  # split by hand: urlsplit() takes no "_" in a scheme (amazon_ses)
        scheme, _colon, rest = url.partition(":")
        esp = scheme.removeprefix("anymail+").replace("-", "_")
        return _anymail_settings(esp, urlsplit(f"anymail:{rest}"))
    parts = urlsplit(url)
    schemes = {"smtp": (False, False), "smtp+tls": (True, False), "smtp+ssl": (False, True)}
    if parts.scheme not in schemes:
        raise ConfigError(
            f"EMAIL_URL scheme must be one of {', '.join(schemes)}, anymail+<esp>, got {parts.scheme!r}"
        )
    if not parts.hostname:
        raise ConfigError("EMAIL_URL must name a host, e.g. smtp://127.0.0.1:25")
    use_tls, use_ssl = schemes[parts.scheme]
    try:
        port = parts.port or (465 if use_ssl else 587 if use_tls else 25)
    except ValueError as exc:
        raise ConfigError(f"EMAIL_URL has an invalid port: {url!r}") from exc
    return {
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": port,
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": use_tls,
        "EMAIL_USE_SSL": use_ssl,
        "EMAIL_TIMEOUT": 30,
    }


# anymail+<esp>://USER[:PASSWORD]@: the settings that USER and PASSWORD fill (<ESP>_API_KEY by default).
_ANYMAIL_CREDENTIALS = {
    "amazon_ses": (),  # boto3 reads the AWS credentials from its own environment
    "mailersend": ("API_TOKEN",),
    "mailjet": ("API_KEY", "SECRET_KEY"),
    "mailtrap": ("API_TOKEN",),
    "postmark": ("SERVER_TOKEN",),
    "scaleway": ("SECRET_KEY",),
}
# Modules of anymail.backends that are not an ESP (or only an old name of one: sendinblue is brevo).
_ANYMAIL_NOT_ESPS = {"base", "base_requests", "console", "sendinblue", "test"}


def _anymail_esps() -> list[str]:
    try:
        import anymail.backends
    except ImportError as exc:
        raise ConfigError("EMAIL_URL anymail+<esp>://… needs django-anymail installed") from exc
    modules = pkgutil.iter_modules(anymail.backends.__path__)
    return sorted(m.name for m in modules if m.name not in _ANYMAIL_NOT_ESPS)


def _anymail_import(esp: str) -> None:
    # Now rather than at the first message: an ESP's missing extra (boto3 for amazon_ses) stops the start.
    try:
        importlib.import_module(f"anymail.backends.{esp}")
    except ImportError as exc:
        raise ConfigError(f"EMAIL_URL anymail+{esp}: {exc}") from exc


def _anymail_value(raw: str) -> str | int | bool:
    if raw.lower() in {"true", "false"}:
        return raw.lower() == "true"
    return int(raw) if raw.isdigit() else raw


def _anymail_settings(esp: str, parts: SplitResult) -> dict[str, object]:
    """anymail+<esp>://KEY@?name=value: Anymail's backend for the ESP and its ANYMAIL settings, the key as
    <ESP>_API_KEY (or the ESP's own name for it) and each query parameter as <ESP>_<NAME>."""
    esps = _anymail_esps()
    if esp not in esps:
        raise ConfigError(f"EMAIL_URL: unknown ESP {esp!r}, Anymail supports {', '.join(esps)}")
    names = _ANYMAIL_CREDENTIALS.get(esp, ("API_KEY",))
    example = f"anymail+{esp}://{':'.join(names)}@?name=value"
    credentials = [unquote(v) for v in (parts.username, parts.password) if v]
    if (
        parts.netloc.rpartition("@")[2]  # a host: the ESP's API is Anymail's to know
        or parts.path.strip("/")
        or parts.fragment
        or len(credentials) != len(names)
        or (parts.password and not parts.username)
    ):
        raise ConfigError(f"EMAIL_URL must look like {example}")
    prefix = esp.upper()
    anymail: dict[str, object] = {f"{prefix}_{n}": value for n, value in zip(names, credentials, strict=True)}
    try:
        query = parse_qsl(parts.query, keep_blank_values=True, strict_parsing=True) if parts.query else []
    except ValueError as exc:
        raise ConfigError(f"EMAIL_URL must look like {example}, got {parts.query!r} after the ?") from exc
    for name, raw in query:
        key = f"{prefix}_{name.upper()}"
        if not name.isidentifier() or not raw or key in anymail:
            raise ConfigError(f"EMAIL_URL: setting {name!r} is invalid, empty or repeated")
        anymail[key] = _anymail_value(raw)
    if "AMAZON_SES_REGION" in anymail:  # not an Anymail setting: boto3's client takes the region
        anymail["AMAZON_SES_CLIENT_PARAMS"] = {"region_name": anymail.pop("AMAZON_SES_REGION")}
    _anymail_import(esp)
    return {"EMAIL_BACKEND": f"anymail.backends.{esp}.EmailBackend", "ANYMAIL": anymail}

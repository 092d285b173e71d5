"""gunicorn serving partybuild on 127.0.0.1 for the page and load benchmarks (never anywhere else).

    with serve(database_url, workers=4, port=8765) as server:
        ... requests to server.url ...

Production settings (DEBUG off, collected static files, PostgreSQL, in-process Celery as in local mode
without Redis) through bench/settings.py, which only lets cookies travel over plain HTTP.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "bench"
HOST = "127.0.0.1"


def require_local(url: str) -> None:
    """The benchmarks send thousands of requests: only ever to this machine's loopback address."""
    host = urlsplit(url).hostname
    if host != HOST:
        raise SystemExit(f"refused: benchmarks run against {HOST} only, not {host!r}")


def bench_env(database_url: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("REDIS_URL", None)  # Celery in-process: the benchmark has no broker
    env.update(
        DATABASE_URL=database_url,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="0",
        DJANGO_STATIC_ROOT=str(VAR / "static"),
        PARTYBUILD_VAR_DIR=str(VAR / "var"),
        PYTHONPATH=str(ROOT),
    )
    env.setdefault("DJANGO_SECRET_KEY", "bench-city-only-secret-key-not-for-any-real-deployment")
    env.setdefault("PARTYBUILD_ID_HASH_KEY", "bench-city-only-id-hash-key-not-for-real-data")
    return env


@dataclass
class Server:
    url: str
    process: subprocess.Popen

    @property
    def pids(self) -> list[int]:
        """The gunicorn master and its workers (for CPU accounting)."""
        import psutil

        master = psutil.Process(self.process.pid)
        return [master.pid, *(child.pid for child in master.children(recursive=True))]


@contextlib.contextmanager
def serve(database_url: str, *, workers: int = 4, port: int = 8765, log: Path | None = None):
    env = bench_env(database_url)
    VAR.mkdir(parents=True, exist_ok=True)
    python = Path(sys.executable)
    if _static_is_stale():
        subprocess.run(
            [str(python), "manage.py", "collectstatic", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
        )
    log = log or VAR / "gunicorn.log"
    command = [
        str(python.parent / "gunicorn"),
        "partybuild.wsgi:application",
        "--bind",
        f"{HOST}:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
    ]
    with log.open("ab") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        _wait_until_up(url, process)
        yield Server(url=url, process=process)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def _static_is_stale() -> bool:
    """collectstatic takes minutes on a busy machine: only when a file in static/ is newer than the
    collected manifest (or nothing was collected yet)."""
    manifest = VAR / "static" / "staticfiles.json"
    if not manifest.exists():
        return True
    collected = manifest.stat().st_mtime
    return any(path.stat().st_mtime > collected for path in (ROOT / "static").rglob("*") if path.is_file())


def _wait_until_up(url: str, process: subprocess.Popen, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}; see {VAR / 'gunicorn.log'}")
        try:
            with urllib.request.urlopen(f"{url}/healthz/", timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"gunicorn did not answer on {url} within {timeout:.0f} s")

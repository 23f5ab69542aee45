"""Run the JavaScript reference (interop/js/*.mjs) over JSON lines, once per batch.

Where Node.js or interop/node_modules is missing, :func:`require_reference` skips the calling test (module)
with the reason and the command that fixes it; with ``MICROCRED_REQUIRE_INTEROP=1`` (CI) it fails instead,
so a CI machine can never turn the interop tests into silent skips.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
INTEROP = REPO / "interop"
INSTALL_COMMAND = "npm ci --prefix interop --no-audit --no-fund"
MIN_NODE_MAJOR = 20


def unavailable_reason() -> str | None:
    """Why the reference cannot run here, or None when it can."""
    node = shutil.which("node")
    if node is None:
        return "Node.js is not installed (`node` not on PATH): the JavaScript reference cannot run"
    try:
        version = subprocess.run(
            [node, "--version"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return f"`node --version` failed: {exc}"
    major = int(version.lstrip("v").split(".")[0] or 0)
    if major < MIN_NODE_MAJOR:
        return f"Node.js {version} is too old (need >= {MIN_NODE_MAJOR})"
    if not (INTEROP / "node_modules" / "@digitalbazaar" / "vc" / "package.json").is_file():
        return f"interop/node_modules is not installed: run `{INSTALL_COMMAND}`"
    return None


def require_reference() -> None:
    reason = unavailable_reason()
    if reason is None:
        return
    if os.environ.get("MICROCRED_REQUIRE_INTEROP") == "1":
        pytest.fail(f"MICROCRED_REQUIRE_INTEROP=1 but {reason}", pytrace=False)
    pytest.skip(f"interop tests skipped: {reason}")


def to_line(document: Any) -> str:
    return json.dumps(document, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def run(script: str, records: list[Any], *args: str, expect: int, timeout: float = 300) -> list[Any]:
    """Feed ``records`` as JSON lines to ``interop/js/<script>``; return its ``expect`` JSON output lines.

    Exit status 0 and 1 are both answers (1: something did not verify / was refused); any other status,
    or a wrong number of lines, is a broken harness and raises with the script's stderr.
    """
    completed = subprocess.run(
        ["node", str(INTEROP / "js" / script), *args],
        input="".join(to_line(record) + "\n" for record in records),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
        cwd=REPO,
        check=False,
    )
    # split on "\n" only: str.splitlines() would also cut at U+2028, U+0085…, which JSON keeps raw
    lines = [json.loads(line) for line in completed.stdout.split("\n") if line.strip()]
    if completed.returncode not in (0, 1) or len(lines) != expect:
        raise RuntimeError(
            f"{script} exited with {completed.returncode} after {len(lines)} of {expect} lines:\n"
            f"{completed.stderr}"
        )
    return lines


def verify(credentials: list[Any], *args: str) -> list[dict[str, Any]]:
    """One ``verify.mjs`` process for the whole batch: one result per credential, in order."""
    return run("verify.mjs", credentials, *args, expect=len(credentials))


def sign(requests: list[Any], *args: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """One ``sign.mjs`` process: (the key's public Multikey document, one result per request)."""
    lines = run("sign.mjs", requests, *args, expect=len(requests) + 1)
    if "publicKey" not in lines[0]:
        raise RuntimeError(f"sign.mjs did not start with the public key: {lines[0]}")
    return lines[0]["publicKey"], lines[1:]


def describe(result: dict[str, Any]) -> str:
    """A reference result's errors, for assertion messages."""
    return json.dumps(result.get("errors") or result.get("error"), ensure_ascii=False, indent=1)

"""End to end: ``python -m microcred keys generate | sign | verify`` as a user runs them."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from credcore.openbadges import (
    Achievement,
    AchievementCredential,
    AchievementSubject,
    Alignment,
    Criteria,
    Profile,
)
from credcore.status import BitstringStatusListEntry

ENV = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}


def micro_credential(issuer: str, *, status: BitstringStatusListEntry | None = None) -> AchievementCredential:
    achievement = Achievement(
        id="https://college.example.ca/mc/truck-driving/v1",
        name="Essential Skills for Truck Drivers",
        description="Plan trips, inspect vehicles and communicate safely.",
        criteria=Criteria(narrative="Pass the practical assessment."),
        alignments=(
            Alignment.esco(
                "http://data.europa.eu/esco/skill/0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0", "drive trucks"
            ),
        ),
    )
    return AchievementCredential(
        id="urn:uuid:7a1f0c2e-3b4d-4e5f-8a9b-0c1d2e3f4a5b",
        name="Essential Skills for Truck Drivers",
        issuer=Profile(issuer, "Fanshawe College (example)"),
        subject=AchievementSubject(achievement, id="did:example:learner-1"),
        valid_from=datetime(2024, 5, 1, tzinfo=UTC),
        credential_status=status,
    )


def run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "microcred", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
        check=False,
    )


def write_json(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


@pytest.fixture(scope="module")
def key_file(workdir: Path) -> Path:
    path = workdir / "issuer-key.json"
    result = run("keys", "generate", "--out", str(path))
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture(scope="module")
def signed_file(workdir: Path, key_file: Path) -> Path:
    controller = json.loads(key_file.read_text())["controller"]
    unsigned = write_json(workdir / "unsigned.json", micro_credential(controller).to_json())
    result = run("sign", "--key", str(key_file), str(unsigned))
    assert result.returncode == 0, result.stderr
    path = workdir / "signed.json"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def test_keys_generate_writes_a_private_multikey_document(key_file: Path) -> None:
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    document = json.loads(key_file.read_text())
    assert document["type"] == "Multikey"
    assert document["controller"].startswith("did:key:z6Mk")
    assert document["id"] == f"{document['controller']}#{document['publicKeyMultibase']}"
    assert document["publicKeyMultibase"].startswith("z6Mk")
    assert document["secretKeyMultibase"].startswith("z3u2")


def test_keys_generate_refuses_to_overwrite(key_file: Path) -> None:
    before = key_file.read_bytes()
    result = run("keys", "generate", "--out", str(key_file))
    assert result.returncode == 2
    assert "file_exists" in result.stderr
    assert key_file.read_bytes() == before


def test_sign_then_verify_exits_0(signed_file: Path) -> None:
    signed = json.loads(signed_file.read_text())
    assert signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    result = run("verify", str(signed_file))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("VERIFIED")
    as_json = run("verify", "--json", str(signed_file))
    assert as_json.returncode == 0
    data = json.loads(as_json.stdout)
    assert data["verified"] is True and data["problemDetails"] == []


def test_verify_reads_stdin(signed_file: Path) -> None:
    assert run("verify", "-", stdin=signed_file.read_text()).returncode == 0


def test_tampered_credential_exits_1(workdir: Path, signed_file: Path) -> None:
    signed = json.loads(signed_file.read_text())
    signed["name"] = "Something else"
    result = run("verify", "--json", str(write_json(workdir / "tampered.json", signed)))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["verified"] is False
    assert any(check["name"] == "proof" and check["status"] == "failed" for check in data["checks"])


@pytest.mark.parametrize("garbage", ["{not json", "[1, 2]", "", "NaN"])
def test_unusable_input_exits_2(garbage: str) -> None:
    result = run("verify", "-", stdin=garbage)
    assert result.returncode == 2
    assert result.stderr.startswith("microcred: ")


def test_jsonl_in_and_out(workdir: Path, key_file: Path, signed_file: Path) -> None:
    controller = json.loads(key_file.read_text())["controller"]
    line = json.dumps(micro_credential(controller).to_json())
    signed = run("sign", "--key", str(key_file), "--jsonl", "-", stdin=f"{line}\n{line}\n")
    assert signed.returncode == 0, signed.stderr
    lines = signed.stdout.splitlines()
    assert len(lines) == 2
    verified = run("verify", "--jsonl", "-", stdin=signed.stdout)
    assert verified.returncode == 0
    assert [json.loads(out)["verified"] for out in verified.stdout.splitlines()] == [True, True]
    tampered = json.loads(lines[1])
    tampered["validFrom"] = "2020-01-01T00:00:00Z"
    mixed = run("verify", "--jsonl", "-", stdin=lines[0] + "\n" + json.dumps(tampered) + "\n")
    assert mixed.returncode == 1
    assert [json.loads(out)["verified"] for out in mixed.stdout.splitlines()] == [True, False]
    broken = run("verify", "--jsonl", "-", stdin=lines[0] + "\n{oops\n")
    assert broken.returncode == 2
    assert len(broken.stdout.splitlines()) == 1


def test_jcs_suite(workdir: Path, key_file: Path) -> None:
    controller = json.loads(key_file.read_text())["controller"]
    unsigned = write_json(workdir / "unsigned-jcs.json", micro_credential(controller).to_json())
    signed = run("sign", "--key", str(key_file), "--suite", "eddsa-jcs-2022", str(unsigned))
    assert signed.returncode == 0, signed.stderr
    assert json.loads(signed.stdout)["proof"]["cryptosuite"] == "eddsa-jcs-2022"
    assert run("verify", "-", stdin=signed.stdout).returncode == 0


def test_did_web_key_verifies_with_its_did_document(workdir: Path) -> None:
    key_path = workdir / "web-key.json"
    generated = run("keys", "generate", "--out", str(key_path), "--did-web", "college.example.ca")
    assert generated.returncode == 0, generated.stderr
    did_document = json.loads(generated.stdout)["didDocument"]
    assert did_document["id"] == "did:web:college.example.ca"
    key = json.loads(key_path.read_text())
    assert key["controller"] == "did:web:college.example.ca"
    unsigned = write_json(workdir / "unsigned-web.json", micro_credential(key["controller"]).to_json())
    signed = run("sign", "--key", str(key_path), str(unsigned))
    assert signed.returncode == 0, signed.stderr
    signed_path = workdir / "signed-web.json"
    signed_path.write_text(signed.stdout)
    assert run("verify", str(signed_path)).returncode == 1  # offline: the DID document is unknown
    doc_path = write_json(workdir / "did.json", did_document)
    assert run("verify", "--did-document", str(doc_path), str(signed_path)).returncode == 0


def test_status_list_file(workdir: Path, key_file: Path) -> None:
    from credcore.status import BitstringStatusList, build_status_list_credential

    controller = json.loads(key_file.read_text())["controller"]
    list_url = "https://college.example.ca/status/7"
    entry = BitstringStatusListEntry(list_url, 1234)
    unsigned = write_json(
        workdir / "unsigned-status.json", micro_credential(controller, status=entry).to_json()
    )
    signed = run("sign", "--key", str(key_file), str(unsigned)).stdout
    status_list = build_status_list_credential(
        id=list_url, issuer=controller, status_list=BitstringStatusList.create()
    )
    list_unsigned = write_json(workdir / "list-unsigned.json", status_list)
    list_signed = run("sign", "--key", str(key_file), str(list_unsigned))
    assert list_signed.returncode == 0, list_signed.stderr
    list_path = workdir / "list.json"
    list_path.write_text(list_signed.stdout)
    assert run("verify", "-", stdin=signed).returncode == 1  # has credentialStatus, no list given
    assert run("verify", "--status-list", str(list_path), "-", stdin=signed).returncode == 0


def test_sign_with_an_unusable_key_exits_2(workdir: Path) -> None:
    bad_key = write_json(workdir / "bad-key.json", {"type": "Multikey", "publicKeyMultibase": "z123"})
    result = run("sign", "--key", str(bad_key), "-", stdin="{}")
    assert result.returncode == 2
    assert "invalid_key" in result.stderr


def test_the_credential_commands_do_not_import_django() -> None:
    code = "import sys, microcred.cli.credentials; print('django' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV, check=True)
    assert result.stdout.strip() == "False"


def test_online_fetch_failure_is_a_failed_check_not_a_crash(workdir: Path) -> None:
    key_path = workdir / "local-key.json"
    assert run("keys", "generate", "--out", str(key_path), "--did-web", "localhost:1").returncode == 0
    key = json.loads(key_path.read_text())
    assert key["controller"] == "did:web:localhost%3A1"
    unsigned = write_json(workdir / "unsigned-local.json", micro_credential(key["controller"]).to_json())
    signed = run("sign", "--key", str(key_path), str(unsigned)).stdout
    result = run("verify", "--online", "--json", "-", stdin=signed)  # nothing listens on port 1
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    proof = next(check for check in json.loads(result.stdout)["checks"] if check["name"] == "proof")
    assert [problem["code"] for problem in proof["problems"]] == ["verification_method_unresolved"]


def test_online_fetcher_refuses_plain_http() -> None:
    from microcred.cli.credentials import _CachingHttpsFetcher

    with pytest.raises(ValueError, match="https"):
        _CachingHttpsFetcher()("http://college.example.ca/status/1")


def test_a_reader_that_stops_early_is_not_a_crash(signed_file: Path) -> None:
    line = json.dumps(json.loads(signed_file.read_text()))
    process = subprocess.Popen(
        [sys.executable, "-m", "microcred", "verify", "--jsonl", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=ENV,
    )
    assert process.stdin is not None and process.stdout is not None and process.stderr is not None
    process.stdin.write((line + "\n") * 300)
    process.stdin.close()
    assert json.loads(process.stdout.readline())["verified"] is True
    process.stdout.close()  # like `| head -n 1`
    assert process.wait(timeout=120) in (0, 1)
    assert "Traceback" not in process.stderr.read()

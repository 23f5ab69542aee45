"""``microcred keys generate``, ``sign`` and ``verify``: the credential core on the command line.

Built on the public API of :mod:`credcore` only (no Django import, so these commands start fast and run
anywhere). Exit codes: 0 success / every credential verified, 1 a credential did not verify (or could not
be signed), 2 unusable input or usage error. Errors go to stderr as ``microcred: <code>: <message>``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import urllib.request
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, Final

from credcore import dataintegrity
from credcore.dids import DidResolver, did_web_document, did_web_from_url
from credcore.errors import CredcoreError
from credcore.keys import Ed25519Multikey
from credcore.status import StatusListFetcher, static_status_fetcher
from credcore.status_validation import StatusListCache
from credcore.verifier import VerificationResult, verify_credential

__all__ = ["register"]

OK: Final = 0
NEGATIVE: Final = 1
UNUSABLE: Final = 2
SUITES: Final = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


class InputError(Exception):
    """Unusable input (exit 2): carries a stable code like the core's errors."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _error(code: str, message: str) -> None:
    print(f"microcred: {code}: {message}", file=sys.stderr)


def _pipe_safe(handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    """A reader that stops early (``microcred verify --jsonl … | head``) is not an error of ours."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except BrokenPipeError:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # no second BrokenPipeError when Python flushes at exit
            return NEGATIVE

    return run


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    keys = subparsers.add_parser("keys", help="manage Ed25519 Multikey signing keys")
    key_commands = keys.add_subparsers(dest="keys_command", metavar="COMMAND")
    key_commands.required = True
    generate = key_commands.add_parser("generate", help="generate a key pair into a new file (mode 0600)")
    generate.add_argument("--out", required=True, help="file to create (refuses to overwrite)")
    generate.add_argument(
        "--did-web", metavar="DOMAIN", help="bind the key to did:web:DOMAIN[/path] instead of did:key"
    )
    generate.set_defaults(handler=_pipe_safe(_keys_generate))

    sign = subparsers.add_parser("sign", help="add a Data Integrity proof to credential(s)")
    sign.add_argument("--key", required=True, help="Multikey JSON file with secretKeyMultibase")
    sign.add_argument("--suite", choices=SUITES, default="eddsa-rdfc-2022")
    sign.add_argument("--jsonl", action="store_true", help="one credential per line in and out")
    sign.add_argument("input", nargs="?", default="-", help="credential file, or - for stdin")
    sign.set_defaults(handler=_pipe_safe(_sign))

    verify = subparsers.add_parser("verify", help="verify Open Badges 3.0 credential(s), offline")
    verify.add_argument("--json", action="store_true", help="print the result object")
    verify.add_argument(
        "--jsonl", action="store_true", help="one credential per line in, one result per line out"
    )
    verify.add_argument(
        "--status-list",
        action="append",
        default=[],
        metavar="FILE",
        help="a BitstringStatusListCredential to check status against (repeatable)",
    )
    verify.add_argument(
        "--did-document",
        action="append",
        default=[],
        metavar="FILE",
        help="an issuer DID / controller document to resolve keys with (repeatable)",
    )
    verify.add_argument(
        "--online",
        action="store_true",
        help="also fetch did:web documents and status lists over HTTPS (default: offline)",
    )
    verify.add_argument("input", nargs="?", default="-", help="credential file, or - for stdin")
    verify.set_defaults(handler=_pipe_safe(_verify))


# -- keys generate ---------------------------------------------------------------------------------


def _write_new_private_file(path: str, text: str) -> None:
    """Create ``path`` with mode 0600 in one step (O_CREAT|O_EXCL: never overwrite, never world-readable)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(path)
        raise


def _keys_generate(args: argparse.Namespace) -> int:
    try:
        key = Ed25519Multikey.generate()
        did_document = None
        if args.did_web:
            domain, _, path = args.did_web.partition("/")
            did = did_web_from_url(domain, path or None)
            key = key.bound_to(controller=did, key_id=f"{did}#{key.public_key_multibase}")
            did_document = did_web_document(domain, key, path=path or None)
        document = key.to_document(include_secret=True)
        _write_new_private_file(args.out, json.dumps(document, indent=2) + "\n")
    except FileExistsError:
        _error("file_exists", f"{args.out} already exists; refusing to overwrite a key file")
        return UNUSABLE
    except OSError as error:
        _error("write_failed", f"cannot create {args.out}: {error.strerror}")
        return UNUSABLE
    except CredcoreError as error:
        _error(error.code, error.message())
        return UNUSABLE
    public = {"id": key.id, "controller": key.controller, "publicKeyMultibase": key.public_key_multibase}
    print(json.dumps({"key": public, "didDocument": did_document} if did_document else public, indent=2))
    return OK


# -- input -----------------------------------------------------------------------------------------


def _read_text(source: str) -> str:
    try:
        if source == "-":
            return sys.stdin.read()
        with open(source, encoding="utf-8") as handle:
            return handle.read()
    except OSError as error:
        raise InputError("unreadable_input", f"cannot read {source}: {error.strerror}") from error
    except UnicodeDecodeError as error:
        raise InputError("invalid_json", f"{source} is not UTF-8 text") from error


def _parse_object(text: str, where: str) -> dict[str, Any]:
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (json.JSONDecodeError, ValueError) as error:
        raise InputError("invalid_json", f"{where} is not valid JSON: {error}") from error
    if not isinstance(value, dict):
        raise InputError("not_an_object", f"{where} is not a JSON object")
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _documents(source: str, jsonl: bool) -> Iterator[tuple[str, dict[str, Any] | InputError]]:
    """Each input document (or the error that makes it unusable), labelled for messages."""
    text = _read_text(source)
    if not jsonl:
        try:
            yield source, _parse_object(text, source)
        except InputError as error:
            yield source, error
        return
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            yield where, _parse_object(line, where)
        except InputError as error:
            yield where, error


def _load_json_files(paths: list[str], what: str) -> list[dict[str, Any]]:
    return [_parse_object(_read_text(path), f"{what} {path}") for path in paths]


# -- sign ------------------------------------------------------------------------------------------


def _load_signing_key(path: str) -> Ed25519Multikey:
    document = _parse_object(_read_text(path), f"key file {path}")
    try:
        key = Ed25519Multikey.from_document(document)
    except CredcoreError as error:
        raise InputError(error.code, f"{path}: {error.message()}") from error
    if not key.can_sign:
        raise InputError("invalid_key", f"{path} has no secretKeyMultibase; it cannot sign")
    return key


def _sign(args: argparse.Namespace) -> int:
    try:
        key = _load_signing_key(args.key)
        documents = list(_documents(args.input, args.jsonl))
    except InputError as error:
        _error(error.code, str(error))
        return UNUSABLE
    code = OK
    for where, document in documents:
        if isinstance(document, InputError):
            _error(document.code, str(document))
            code = max(code, UNUSABLE)
            continue
        issuer = document.get("issuer")
        issuer_id = issuer.get("id") if isinstance(issuer, Mapping) else issuer
        if issuer_id != key.controller:
            _error(
                "issuer_mismatch",
                f"{where}: issuer {issuer_id!r} is not the key's controller {key.controller}; "
                "verifiers will reject the proof",
            )
        try:
            signed = dataintegrity.add_proof(document, key, cryptosuite=args.suite)
        except CredcoreError as error:
            _error(error.code, f"{where}: {error.message()}")
            code = max(code, UNUSABLE)
            continue
        print(
            json.dumps(signed, ensure_ascii=False)
            if args.jsonl
            else json.dumps(signed, indent=2, ensure_ascii=False)
        )
    return code


# -- verify ----------------------------------------------------------------------------------------


def _verify(args: argparse.Namespace) -> int:
    try:
        did_documents = _load_json_files(args.did_document, "DID document")
        status_lists = _load_json_files(args.status_list, "status list")
        documents = list(_documents(args.input, args.jsonl))
    except InputError as error:
        _error(error.code, str(error))
        return UNUSABLE
    documents_by_id = {str(d.get("id")): d for d in did_documents}
    lists_by_id = {str(s.get("id")): s for s in status_lists}
    if args.online:
        online = _CachingHttpsFetcher()
        resolver = DidResolver(fetcher=online, documents=documents_by_id)

        def lists_then_online(url: str) -> Mapping[str, Any]:
            return lists_by_id[url] if url in lists_by_id else online(url)

        fetcher: StatusListFetcher | None = lists_then_online
    else:
        resolver = DidResolver(documents=documents_by_id)
        fetcher = static_status_fetcher(lists_by_id) if lists_by_id else None
    cache = StatusListCache()
    code = OK
    for where, document in documents:
        if isinstance(document, InputError):
            _error(document.code, str(document))
            code = max(code, UNUSABLE)
            continue
        result = verify_credential(document, resolver=resolver, status_fetcher=fetcher, status_cache=cache)
        code = max(code, OK if result.verified else NEGATIVE)
        _print_result(result, where, args, sys.stdout)
    return code


class _CachingHttpsFetcher:
    """``--online``: GET a JSON object over HTTPS only, 10 s timeout, 2 MiB cap, cached per run."""

    max_bytes: Final = 2 * 1024 * 1024

    def __init__(self) -> None:
        self._cache: dict[str, dict[str, Any]] = {}

    def __call__(self, url: str) -> dict[str, Any]:
        if url not in self._cache:
            self._cache[url] = self._get(url)
        return self._cache[url]

    def _get(self, url: str) -> dict[str, Any]:
        if not url.startswith("https://"):
            raise ValueError(f"only https:// URLs are fetched, not {url!r}")
        accept = "application/did+json, application/ld+json, application/json"
        headers = {"Accept": accept, "User-Agent": "microcred-verify"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 - https only, checked above
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310 - https only, checked above
            body = response.read(self.max_bytes + 1)
        if len(body) > self.max_bytes:
            raise ValueError(f"{url} returned more than {self.max_bytes} bytes")
        value = json.loads(body)
        if not isinstance(value, dict):
            raise ValueError(f"{url} did not return a JSON object")
        return value


def _print_result(result: VerificationResult, where: str, args: argparse.Namespace, out: IO[str]) -> None:
    if args.jsonl:
        print(json.dumps(result.to_json(), ensure_ascii=False), file=out)
    elif args.json:
        print(json.dumps(result.to_json(), indent=2, ensure_ascii=False), file=out)
    else:
        verdict = "VERIFIED" if result.verified else "NOT VERIFIED"
        print(f"{verdict}: {result.credential_id or where}", file=out)
        for check in result.checks:
            note = f" ({check.detail})" if check.detail else ""
            print(f"  {check.status:<7} {check.name}{note}", file=out)
            for problem in check.problems:
                print(f"          {problem.code}: {problem.detail}", file=out)

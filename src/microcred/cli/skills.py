"""``microcred skills suggest [--top N] [--json] [--lang en|fr] TEXT``: ESCO skills for an outcome text.

Runs on ``skillscore`` and its shipped ESCO data only: no Django, no database. ``--json`` prints a list of
``{"uri", "label", "score"}`` objects, best first. Exit codes: 0 success, 2 unusable input; errors go to
stderr as ``microcred: <code>: <message>``.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Final

from skillscore import MAX_TOP, Suggester

__all__ = ["register"]

OK: Final = 0
UNUSABLE: Final = 2


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    skills = subparsers.add_parser("skills", help="competency frameworks: alignment suggestions")
    commands = skills.add_subparsers(dest="skills_command", metavar="COMMAND")
    commands.required = True
    suggest = commands.add_parser("suggest", help="suggest ESCO skills for a learning-outcome text")
    suggest.add_argument("--top", type=int, default=10, help=f"how many skills (1-{MAX_TOP}, default 10)")
    suggest.add_argument("--json", action="store_true", help="print a JSON list of {uri, label, score}")
    suggest.add_argument(
        "--lang", choices=["en", "fr"], default=None, help="text language (default: guessed)"
    )
    suggest.add_argument("text", nargs="+", help="the outcome text (several words may be given unquoted)")
    suggest.set_defaults(handler=_suggest)


def _suggest(args: argparse.Namespace) -> int:
    text = " ".join(args.text).strip()
    if not text:
        print("microcred: text_required: give the outcome text to match", file=sys.stderr)
        return UNUSABLE
    if not 1 <= args.top <= MAX_TOP:
        print(f"microcred: invalid_top: --top must be from 1 to {MAX_TOP}", file=sys.stderr)
        return UNUSABLE
    matches = Suggester.load().suggest(text, top=args.top, language=args.lang)
    if args.json:
        print(
            json.dumps(
                [{"uri": m.uri, "label": m.label, "score": m.score} for m in matches], ensure_ascii=False
            )
        )
        return OK
    for rank, match in enumerate(matches, start=1):
        print(f"{rank:>3}. {match.score:8.3f}  {match.label}  <{match.uri}>")
    return OK

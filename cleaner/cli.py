"""The `cleaner` command."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cleaner.pipeline import Cleaner, Options

EXIT_OK, EXIT_USAGE, EXIT_SOME_FAILED = 0, 2, 1


def _clean(args: argparse.Namespace) -> int:
    cleaner = Cleaner(Options(preset=args.preset, model=args.model))
    failed = 0
    for name in args.inputs:
        try:
            data = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            print(f"cleaner: {name}: {exc.strerror or exc}", file=sys.stderr)
            failed += 1
            continue
        doc = cleaner.clean_html(data)
        if doc.status not in ("ok", "truncated"):
            print(f"cleaner: {name}: {doc.status}", file=sys.stderr)
        if args.format == "json":
            record = {"input": name, "title": doc.title, "text": doc.text, "status": doc.status}
            print(json.dumps(record, ensure_ascii=False))
        else:
            body = doc.to_markdown() if args.format == "markdown" else doc.text
            if args.format == "markdown" and doc.title:
                body = f"# {doc.title}\n\n{body}"
            print(body)
    return EXIT_SOME_FAILED if failed else EXIT_OK


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="cleaner", description="Scraped web pages to clean text.")
    commands = parser.add_subparsers(dest="command", required=True)
    clean = commands.add_parser("clean", help="print the main text of HTML files ('-' reads stdin)")
    clean.add_argument("inputs", nargs="+")
    clean.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    clean.add_argument("--preset", choices=("balanced", "precision", "recall"), default="balanced")
    clean.add_argument("--model", type=Path, help="a model file made by `python -m cleaner.train`")
    clean.set_defaults(run=_clean)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())

"""The `cleaner` command: `cleaner clean` for pages and corpora, `cleaner explain` for one page's decisions."""

from __future__ import annotations

import argparse
import math
import os
import sys
from pathlib import Path

from cleaner.pipeline import Cleaner, Options
from cleaner.train.datasets import DEV_DATASETS

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2

CLEAN_HELP = """\
Inputs: HTML files, folders (every *.html/*.htm below them), JSON Lines (.jsonl, .jsonl.gz:
one object per line with id, url and html, or text), WARC (.warc, .warc.gz: HTML responses),
and '-' for stdin (sniffed: WARC, JSON Lines, else one HTML page).

Without -o each page's text goes to stdout. With -o FILE.jsonl (or -o - for stdout) one JSON
record per page: id, url, title, text, status (and blocks with --blocks). With
--format text|markdown -o DIR, one file per page under DIR.

Exit status: 0 every record cleaned, 1 some records failed (each reported on stderr and
skipped; the others are written), 2 usage error."""


def _options(args: argparse.Namespace) -> Options:
    from dataclasses import fields

    extra: dict = {"max_bytes": args.max_bytes} if getattr(args, "max_bytes", None) else {}
    if args.model and "trust_model" in {f.name for f in fields(Options)}:
        extra["trust_model"] = True  # naming a model file on the command line is the opt-in
    return Options(preset=args.preset, model=args.model, **extra)


def _clean(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cleaner import corpus, readers
    from cleaner.model import ModelError

    fmt = args.format or ("jsonl" if args.output else "text")
    fmt = "jsonl" if fmt == "json" else fmt
    out = args.output
    if args.jobs is not None and args.jobs < 1:
        parser.error("--jobs must be at least 1")
    if fmt in ("text", "markdown") and out not in (None, "-") and os.path.isfile(out):
        parser.error(f"--format {fmt} writes one file per page: -o must be a folder, and {out} is a file")
    if fmt == "jsonl" and out not in (None, "-") and os.path.isdir(out):
        parser.error(f"JSON Lines output goes to a file, and {out} is a folder (use --format text or markdown)")
    if args.resume and out in (None, "-"):
        parser.error("--resume needs -o: the output it continues")
    if args.site_templates and "-" in args.inputs:
        parser.error("--site-templates reads the input twice: give files, not '-'")
    if args.blocks and fmt != "jsonl":
        parser.error("--blocks needs JSON Lines output")
    if args.inputs.count("-") > 1:
        parser.error("'-' (stdin) can be given once")

    options = _options(args)
    cleaner = Cleaner(options)
    fields = readers.Fields(
        id=args.id_field,
        url=args.url_field,
        html=args.html_field,
        fallbacks=("text",) if args.html_field == "html" else (),
    )
    spec = corpus.Spec(format=fmt, blocks=args.blocks)
    jobs = args.jobs or os.cpu_count() or 1
    if all(readers.kind_of(i) == "html" and i != "-" for i in args.inputs):
        jobs = min(jobs, math.ceil(len(args.inputs) / 16))  # a few files: no pool to start

    def records():
        return readers.iter_records(args.inputs, fields, options.max_bytes)

    if fmt == "jsonl" and out not in (None, "-"):
        output = corpus.JsonlOutput(out, resume=args.resume)
    elif fmt == "jsonl":
        output = corpus.JsonlOutput("-")
    elif out not in (None, "-"):
        output = corpus.DirOutput(out, ".md" if fmt == "markdown" else ".txt", resume=args.resume)
    else:
        output = corpus.StdoutText()

    try:
        templates = None
        if args.site_templates:
            progress = corpus.Progress(sys.stderr, args.quiet, label="counted site templates in")
            templates = corpus.fit_templates(records(), cleaner, spec, jobs, progress)
            if not args.quiet:
                print(f"cleaner: site templates: {templates.summary()}", file=sys.stderr)
        stats = corpus.run(
            records(),
            output,
            cleaner,
            spec,
            jobs=jobs,
            templates=templates,
            quiet=args.quiet,
            warn_status=isinstance(output, corpus.StdoutText),
        )
    except ModelError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    except BrokenPipeError:  # `cleaner clean ... | head`
        sys.stderr.close()
        return EXIT_OK
    single_page = isinstance(output, corpus.StdoutText) and stats.records <= 1
    if not args.quiet and not single_page:
        print(stats.summary(), file=sys.stderr)
    return EXIT_SOME_FAILED if stats.errors else EXIT_OK


def _explain(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from cleaner.explain import report
    from cleaner.model import ModelError

    try:
        data = sys.stdin.buffer.read() if args.page == "-" else Path(args.page).read_bytes()
    except OSError as exc:
        print(f"cleaner: {args.page}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    try:
        cleaner = Cleaner(_options(args))
        doc = cleaner.clean_html(data, url=args.url)
        html = report(doc, source=args.page)
    except ModelError as exc:
        print(f"cleaner: {exc}", file=sys.stderr)
        return EXIT_SOME_FAILED
    if args.output in (None, "-"):
        sys.stdout.write(html)
    else:
        from cleaner.corpus import atomic_write

        atomic_write(Path(args.output), html)
    return EXIT_OK


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--preset", choices=("balanced", "precision", "recall"), default="balanced")
    p.add_argument("--model", type=Path, help="a model file made by `python -m cleaner.train`")
    p.add_argument("--max-bytes", type=int, help="records larger than this are skipped (default: Options.max_bytes)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="cleaner", description="Scraped web pages to clean text.")
    commands = parser.add_subparsers(dest="command", required=True)

    clean = commands.add_parser(
        "clean",
        help="clean pages and corpora (HTML, folders, JSON Lines, WARC)",
        description=CLEAN_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    clean.add_argument("inputs", nargs="+", metavar="INPUT")
    clean.add_argument("-o", "--output", help="JSON Lines file, folder (text/markdown), or '-' for stdout")
    clean.add_argument(
        "--format",
        choices=("text", "markdown", "jsonl", "json"),
        help="default: jsonl with -o, text without ('json' is the same as 'jsonl')",
    )
    clean.add_argument("--blocks", action="store_true", help="JSON Lines: add every block with label/score/reason")
    clean.add_argument("-j", "--jobs", type=int, help="worker processes (default: all cores)")
    clean.add_argument("-q", "--quiet", action="store_true", help="no progress and no summary on stderr")
    clean.add_argument("--resume", action="store_true", help="skip records already in the output")
    clean.add_argument(
        "--site-templates",
        action="store_true",
        help="two passes: drop blocks repeated on many pages of the same host (reason site-template)",
    )
    clean.add_argument("--id-field", default="id", help="JSON Lines: field of the record id (default: id)")
    clean.add_argument("--url-field", default="url", help="JSON Lines: field of the page URL (default: url)")
    clean.add_argument(
        "--html-field", default="html", help="JSON Lines: field of the page HTML (default: html, then text)"
    )
    _common(clean)
    clean.set_defaults(run=_clean)

    explain = commands.add_parser("explain", help="an HTML report of one page's blocks and decisions")
    explain.add_argument("page", metavar="PAGE", help="an HTML file, or '-' for stdin")
    explain.add_argument("-o", "--output", help="the report file (default: stdout)")
    explain.add_argument("--url", help="the page's URL, shown in the report")
    _common(explain)
    explain.set_defaults(run=_explain)

    train = commands.add_parser(
        "train", help="train a model: the same as `python -m cleaner.train` (needs the train extra)", add_help=False
    )
    train.add_argument("args", nargs=argparse.REMAINDER, help="options of `python -m cleaner.train`")
    train.set_defaults(run=_train)

    evaluate = commands.add_parser("eval", help="dev-split F1 of a model on the shared datasets, per page type")
    evaluate.add_argument("--data", type=Path, required=True, help="the shared datasets folder")
    evaluate.add_argument("--datasets", default=",".join(DEV_DATASETS), help="comma list (default: all)")
    evaluate.add_argument("--limit", type=int, help="only the first N pages of each dataset")
    evaluate.add_argument("--model", type=Path, help="a model file (default: the shipped model)")
    evaluate.set_defaults(run=_eval)
    return parser


def _train(args: argparse.Namespace, parser: argparse.ArgumentParser | None) -> int:
    """Hand the rest of the command line to the training entry point."""
    from cleaner.train.cli import main as train_main

    train_main(args.args)
    return EXIT_OK


def _eval(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """Score a model on dev splits the way the benchmark does (peers: `python -m benchmarks.run`)."""
    from cleaner.train.cli import evaluate

    evaluate(args.model, args.data, args.datasets.split(","), args.limit)
    return EXIT_OK


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["train"]:  # every option, --help included, belongs to the training command
        return _train(argparse.Namespace(args=argv[1:]), None)
    parser = build_parser()
    args = parser.parse_args(argv)
    return args.run(args, parser)


if __name__ == "__main__":
    sys.exit(main())

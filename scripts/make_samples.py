"""Render the sample documents (samples/*.txt) into every input kind vndocx reads.

    python scripts/make_samples.py [--out DIR] [--kinds pdf,docx,scan,png] [NAME ...]
    python scripts/make_samples.py --phenomena [--out DIR] [NAME ...]

For each sample NAME.txt it writes into samples/rendered/ (or --out):

- NAME.pdf       text-layer PDF, serif with Vietnamese glyphs, A4, Nghị định 30/2020 layout;
- NAME.docx      Word document: header and closing as borderless two-column tables, real
                 footnotes, the appendix as a Word table;
- NAME.scan.pdf  image-only PDF: NAME.pdf rasterised at 300 dpi, greyscale, noise and skew;
- NAME.png       page 1 of the scan as PNG.

The output is deterministic: running it twice gives identical bytes (fixed fonts, seeds and
metadata, no timestamps). Hand-written answers for each sample are in samples/gold/.

The phenomenon samples (samples/phenomena/*.txt: a signed PDF with form fields, DOCX layout
tables and text boxes, a stamped colour scan, a damaged glyph map, …) are rendered by
sample_phenomena.py into samples/phenomena/rendered/: with --phenomena alone, and after the
samples in the default run (no NAME, no --out, no --kinds), which is what `make samples` does.
Their answers are in samples/gold/phenomena/.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from sample_docx import render_docx  # noqa: E402
from sample_pdf import register_fonts, render_pdf  # noqa: E402
from sample_phenomena import PHENOMENA, render_all  # noqa: E402
from sample_scan import image_pdf, png, scan_pages  # noqa: E402
from sample_text import parse_sample  # noqa: E402

ROOT = HERE.parent
SAMPLES = ROOT / "samples"
KINDS = ("pdf", "docx", "scan", "png")


def render(path: Path, out: Path, kinds: tuple[str, ...] = KINDS) -> dict[str, int]:
    """Write the renderings of the sample text at ``path`` into ``out``; returns the number of
    bytes written per kind, and ``pages`` (the page count of the PDF)."""
    doc = parse_sample(path)
    sizes: dict[str, int] = {}
    pdf = render_pdf(doc)
    if "pdf" in kinds:
        sizes["pdf"] = _write(out / f"{doc.name}.pdf", pdf)
    if "docx" in kinds:
        sizes["docx"] = _write(out / f"{doc.name}.docx", render_docx(doc))
    if "scan" in kinds or "png" in kinds:
        pages = scan_pages(pdf, doc.name)
        sizes["pages"] = len(pages)
        if "scan" in kinds:
            sizes["scan"] = _write(out / f"{doc.name}.scan.pdf", image_pdf(pages, f"{doc.name} (scan)"))
        if "png" in kinds:
            sizes["png"] = _write(out / f"{doc.name}.png", png(pages[0]))
    return sizes


def _write(path: Path, data: bytes) -> int:
    path.write_bytes(data)
    return len(data)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="sample names (file stems); default: every samples/*.txt")
    parser.add_argument("--samples", type=Path, default=SAMPLES, help="folder of the sample texts")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: SAMPLES/rendered)")
    parser.add_argument("--kinds", default=None, help=f"comma-separated subset of {','.join(KINDS)}")
    parser.add_argument("--phenomena", action="store_true",
                        help="render the phenomenon samples (samples/phenomena) only")
    args = parser.parse_args(argv)
    if args.phenomena:
        return _phenomena(args.out or PHENOMENA / "rendered", args.names)
    default_run = not args.names and args.out is None and args.kinds is None
    args.kinds = args.kinds or ",".join(KINDS)
    kinds = tuple(k for k in args.kinds.split(",") if k)
    unknown = set(kinds) - set(KINDS)
    if unknown:
        parser.error(f"unknown kinds {sorted(unknown)}; choose from {','.join(KINDS)}")
    paths = sorted(args.samples.glob("*.txt"))
    if args.names:
        paths = [p for p in paths if p.stem in args.names]
        missing = set(args.names) - {p.stem for p in paths}
        if missing:
            parser.error(f"no sample text for {sorted(missing)} in {args.samples}")
    if not paths:
        parser.error(f"no *.txt samples in {args.samples}")
    out = args.out or args.samples / "rendered"
    out.mkdir(parents=True, exist_ok=True)
    font = register_fonts()
    print(f"font: {font}")
    for path in paths:
        start = time.perf_counter()
        sizes = render(path, out, kinds)
        listed = "  ".join(f"{k}={v / 1024:.0f}K" for k, v in sizes.items() if k != "pages")
        pages = f"{sizes['pages']} p  " if "pages" in sizes else ""
        print(f"{path.stem:28} {pages}{listed}  ({time.perf_counter() - start:.1f} s)")
    print(f"written to {out}")
    if default_run and args.samples == SAMPLES:
        return _phenomena(PHENOMENA / "rendered", [])
    return 0


def _phenomena(out: Path, names: list[str]) -> int:
    """Render the phenomenon samples into ``out``."""
    register_fonts()
    known = {p.stem for p in PHENOMENA.glob("*.txt")}
    if set(names) - known:
        print(f"no phenomenon sample {sorted(set(names) - known)} in {PHENOMENA}", file=sys.stderr)
        return 2
    for name in sorted(names or known):
        start = time.perf_counter()
        sizes = render_all(out, PHENOMENA, [name])[name]
        listed = "  ".join(f"{k.lstrip('.')}={v / 1024:.0f}K" for k, v in sizes.items())
        print(f"{name:28} {listed}  ({time.perf_counter() - start:.1f} s)")
    print(f"written to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

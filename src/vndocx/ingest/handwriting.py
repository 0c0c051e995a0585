"""Digits written by hand: the number and the day (or month) of issue an office writes into
the printed blanks after printing.

Tesseract reads print; a written "171" comes back as "|J|". This reader takes the zone of a
slot (``vndocx.ingest.zones`` finds it: between "Số:" and the symbol's "/", between "ngày" and
"tháng"), splits its ink into glyphs (connected strokes, with the smaller strokes above or below
them) and reads each, set upright by its moments, with small networks trained on handwritten
digits (MNIST), printed digits and an eleventh class, "not one digit" (letters, marks, two
digits run together), so that a stroke or a pair of touching digits is not taken for a digit
(``training/digits.py``; weights in ``models/digits``). A glyph too wide for one digit is cut
where its ink is thin. A digit stands when every one of five views of it (thicker, thinner,
turned a little) reads alike and the slot's least sure digit has ``SURE`` probability; else the
slot stays unread.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from itertools import pairwise
from pathlib import Path

import numpy as np

# Probability every glyph of a slot must reach for the slot's digits to be read.
SURE = 0.9
# The network's classes: the ten digits, then "not one digit".
NOT_A_DIGIT = 10
# A glyph wider than tall by this much is two digits or more; one this narrow is one.
ONE_DIGIT_ASPECT = 0.75
SEVERAL_DIGITS_ASPECT = 1.0
SIDE = 28  # the network reads 28×28 images, the glyph fitted in 20×20 and centred by its mass
FIT = 20
MODEL_FILE = "digits.npz"


@dataclass(frozen=True)
class Zone:
    """Where a slot's digits stand, in page pixels: between ``x0`` and ``x1`` (the end of the
    printed word before, the start of the one after), on the printed line ``y0``–``y1`` whose
    text is ``height`` pixels tall; written digits rise above and fall below it. ``clip``: ``x1``
    is where printing starts (the symbol's "/"), so ink right of it is never a digit's."""

    x0: float
    x1: float
    y0: float
    y1: float
    height: float
    clip: bool = False


def _trim(ink: np.ndarray, least: int = 8) -> np.ndarray | None:
    """``ink`` cut to the box of its inked pixels, or None when it has fewer than ``least``."""
    ys, xs = np.nonzero(ink > 0.1)
    if len(ys) < least:
        return None
    return ink[ys.min():ys.max() + 1, xs.min():xs.max() + 1]


def glyph_image(ink: np.ndarray) -> np.ndarray:
    """The 28×28 float image (ink 1, paper 0) the network reads for the glyph ``ink`` (ink in
    0..1, any size): the glyph's box scaled to fit 20×20 keeping its shape, placed so that its
    centre of mass is the image's centre (as MNIST's digits are)."""
    from PIL import Image

    out = np.zeros((SIDE, SIDE), np.float32)
    ink = _trim(ink, least=1)
    if ink is None:
        return out
    h, w = ink.shape
    scale = FIT / max(h, w)
    size = (max(1, round(w * scale)), max(1, round(h * scale)))
    fitted = np.asarray(Image.fromarray((ink * 255).astype(np.uint8)).resize(size, Image.LANCZOS), np.float32) / 255
    h, w = fitted.shape
    total = fitted.sum() or 1.0
    cy = float((fitted.sum(axis=1) * np.arange(h)).sum() / total)
    cx = float((fitted.sum(axis=0) * np.arange(w)).sum() / total)
    oy = min(max(round(SIDE / 2 - cy), 0), SIDE - h)
    ox = min(max(round(SIDE / 2 - cx), 0), SIDE - w)
    out[oy:oy + h, ox:ox + w] = fitted
    return out


def features(images: np.ndarray) -> np.ndarray:
    """What the network reads of ``images`` (n × 28 × 28 from ``glyph_image``): each image
    sheared upright by its second moments (a slanted hand's digits stand like a straight one's),
    its pixels in a row (n × 784)."""
    import cv2

    out = np.empty((len(images), SIDE * SIDE), np.float32)
    for n, a in enumerate(images.reshape(-1, SIDE, SIDE).astype(np.float32)):
        m = cv2.moments(a)
        if abs(m["mu02"]) > 1e-2:
            skew = m["mu11"] / m["mu02"]
            shear = np.float32([[1, skew, -0.5 * SIDE * skew], [0, 1, 0]])
            a = cv2.warpAffine(a, shear, (SIDE, SIDE), flags=cv2.WARP_INVERSE_MAP | cv2.INTER_LINEAR)
        out[n] = a.ravel()
    return out


def _model_path() -> Path:
    from importlib.resources import files

    packaged = files("vndocx.ingest") / "model" / MODEL_FILE
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "models" / "digits" / MODEL_FILE


@lru_cache(maxsize=1)
def _weights() -> list[tuple[np.ndarray, ...]] | None:
    """Each network's (w1, b1, w2, b2), or None when the file is absent."""
    path = _model_path()
    if not path.is_file():
        return None
    with np.load(path) as z:
        nets = sorted({k.rsplit("_", 1)[1] for k in z.files}, key=int)
        return [tuple(z[f"{k}_{n}"].astype(np.float32) for k in ("w1", "b1", "w2", "b2")) for n in nets]


def has_model() -> bool:
    """Whether the digit reader's weights are installed (``models/digits``)."""
    return _weights() is not None


def classify(images: np.ndarray) -> np.ndarray:
    """The class probabilities (n × 11: digits 0–9, then "not one digit") of ``images``
    (n × 28 × 28 from ``glyph_image``), averaged over the networks."""
    weights = _weights()
    if weights is None:
        raise FileNotFoundError(f"digit reader's weights not found at {_model_path()}")
    x = features(images)
    total = np.zeros((len(images), NOT_A_DIGIT + 1))
    for w1, b1, w2, b2 in weights:
        logits = np.maximum(x @ w1 + b1, 0) @ w2 + b2
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        total += p / p.sum(axis=1, keepdims=True)
    return total / len(weights)


def _glyphs(gray: np.ndarray, zone: Zone) -> list[np.ndarray]:
    """The ink of the slot, glyph by glyph from the left (float arrays, ink 1): the connected
    strokes whose centre lies in the zone and that stand at least half the printed text's
    height, each with the smaller strokes above, below or across it (a 5's flag, a broken 3)."""
    import cv2

    h = zone.height
    X0, Y0 = int(max(0, zone.x0 - 2 * h)), int(max(0, zone.y0 - 1.5 * h))
    X1, Y1 = int(min(gray.shape[1], zone.x1 + 2 * h)), int(min(gray.shape[0], zone.y1 + 1.5 * h))
    a = gray[Y0:Y1, X0:X1].astype(np.float32)
    if a.size == 0:
        return []
    t = min(cv2.threshold(gray[Y0:Y1, X0:X1], 0, 255, cv2.THRESH_BINARY | cv2.THRESH_OTSU)[0], 200)
    ink = a <= t
    if zone.clip:
        ink[:, max(0, int(zone.x1) - X0):] = False
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    darkness = np.clip((t + 1 - a) / (t + 1 - float(a.min())) * 2, 0, 1)
    main: list[list[int]] = []  # x0, x1, y0, y1, labels…
    minor: list[tuple[int, int, int, int, int]] = []
    for k in range(1, count):
        x, y, w, tall, area = (int(v) for v in stats[k])
        cx, cy = x + w / 2 + X0, y + tall / 2 + Y0
        if not zone.x0 <= cx <= zone.x1 or area < 0.02 * h * h:
            continue
        if tall >= 0.45 * h and zone.y0 - 0.8 * h <= cy <= zone.y1 + 0.5 * h and w <= 3 * tall:
            main.append([x, x + w, y, y + tall, k])
        elif max(w, tall) >= 0.3 * h and w <= 1.5 * h:  # a stroke, not a dot or a rule
            minor.append((x, x + w, y, y + tall, k))
    main.sort()
    groups: list[list[int]] = []
    for part in main:  # strokes one above the other are one glyph
        if groups:
            last = groups[-1]
            overlap = min(last[1], part[1]) - max(last[0], part[0])
            if overlap > 0.5 * min(last[1] - last[0], part[1] - part[0]):
                last[0], last[1] = min(last[0], part[0]), max(last[1], part[1])
                last[2], last[3] = min(last[2], part[2]), max(last[3], part[3])
                last.append(part[4])
                continue
        groups.append(part)
    for x0, x1, y0, y1, k in minor:  # joined to the one glyph it touches or nearly
        near = [g for g in groups if min(g[1], x1) - max(g[0], x0) > 0.5 * (x1 - x0)
                and max(g[2] - y1, y0 - g[3]) <= 0.35 * h]
        if len(near) == 1:
            g = near[0]
            g[0], g[1], g[2], g[3] = min(g[0], x0), max(g[1], x1), min(g[2], y0), max(g[3], y1)
            g.append(k)
    out = []
    for x0, x1, y0, y1, *ks in groups:
        mask = np.isin(labels[y0:y1, x0:x1], ks)
        out.append(darkness[y0:y1, x0:x1] * mask)
    return out




def _stroke(ink: np.ndarray) -> float:
    """The pen's width in pixels: the median length of the runs of ink along the rows."""
    runs = []
    for row in ink > 0.1:
        edges = np.flatnonzero(np.diff(np.concatenate(([0], row.astype(np.int8), [0]))))
        runs.extend(edges[1::2] - edges[::2])
    return float(np.median(runs)) if runs else 1.0


def _cuts(ink: np.ndarray, pieces: int) -> list[list[np.ndarray]]:
    """Ways of cutting ``ink`` into ``pieces`` glyphs side by side, at columns where the ink is
    no more than a stroke or two: digits that touch, not digits written over each other."""
    w = ink.shape[1]
    column = (ink > 0.1).sum(axis=0)
    thin = 2 * _stroke(ink)

    def at(lo: float, hi: float, keep: int) -> list[int]:
        cols = [c for c in range(int(lo * w), int(hi * w)) if column[c] <= thin]
        return sorted(cols, key=lambda c: column[c])[:keep]

    bounds = [[0, c, w] for c in at(0.25, 0.75, 5)] if pieces == 2 else \
        [[0, a, b, w] for a in at(0.2, 0.45, 3) for b in at(0.55, 0.8, 3)]
    options = []
    for edge in bounds:
        parts = [_trim(ink[:, a:b]) for a, b in pairwise(edge)]
        if all(x is not None for x in parts):
            options.append(parts)
    return options


def _views(image: np.ndarray) -> list[np.ndarray]:
    """``image`` (28×28) as it is, its strokes thicker and thinner, and turned 6° either way: a
    reading that holds on all of them does not hang on a pixel."""
    import cv2

    def turned(angle: float) -> np.ndarray:
        return cv2.warpAffine(image, cv2.getRotationMatrix2D((SIDE / 2, SIDE / 2), angle, 1.0), (SIDE, SIDE))

    return [image, cv2.dilate(image, np.ones((2, 2), np.uint8)), cv2.erode(image, np.ones((2, 1), np.uint8)),
            turned(6), turned(-6)]


def _read_glyph(ink: np.ndarray) -> tuple[str, float]:
    """The digits of one glyph (one digit, or two or three run together) and the probability of
    the least sure of them, each read on every one of its ``_views`` alike; "" when no reading
    gives digits only."""
    h, w = ink.shape
    aspect = w / max(1, h)
    candidates: list[list[np.ndarray]] = []
    if aspect <= SEVERAL_DIGITS_ASPECT:
        candidates.append([ink])
    if aspect > ONE_DIGIT_ASPECT:
        candidates += _cuts(ink, 2)
    if aspect > 1.3:
        candidates += _cuts(ink, 3)
    best, best_p = "", 0.0
    for n, pieces in enumerate(candidates):
        views = [_views(glyph_image(x)) for x in pieces]
        p = classify(np.stack([v for vs in views for v in vs])).reshape(len(pieces), len(views[0]), -1)
        classes = p.argmax(axis=2)
        if (classes != classes[:, :1]).any() or (classes == NOT_A_DIGIT).any():
            continue
        digits = classes[:, 0]
        sure = float(p.mean(axis=1)[np.arange(len(pieces)), digits].min())
        if n == 0 and len(pieces) == 1 and sure >= SURE:
            return str(int(digits[0])), sure  # one sure digit: never cut
        if sure > best_p:
            best, best_p = "".join(str(int(c)) for c in digits), sure
    return best, best_p


def read_slot(gray: np.ndarray, zone: Zone, most: int) -> tuple[str, float] | None:
    """The digits written in ``zone`` of the greyscale page ``gray`` (a uint8 array) and the
    probability of the least sure of them, or None when the zone holds no glyph, more than
    ``most`` digits, or a glyph not read as digits with ``SURE`` probability (or the weights
    are not installed)."""
    if not has_model():
        return None
    glyphs = _glyphs(gray, zone)
    if not glyphs:
        return None
    digits, sure = "", 1.0
    for ink in glyphs:
        text, p = _read_glyph(ink)
        if not text or p < SURE:
            return None
        digits, sure = digits + text, min(sure, p)
    if len(digits) > most:
        return None
    return digits, sure

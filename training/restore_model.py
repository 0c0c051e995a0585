"""Train the restoration model: a syllable n-gram language model (interpolated modified
Kneser–Ney, stored in backoff form) on the official-gazette corpus, and, with ``--ocr``, the OCR
confusion model (see :mod:`vndocx.repair.ocr_channel`).

    python -m training.restore_model [--corpus ../shared/corpus/congbao] [--order 4] [--cutoff 1,3]
                                  [--out models/restore] [--ocr --jobs 2]
    python -m training.restore_model --places-only   # only the locality names (places.tsv)

Every ``--holdout``-th document by sorted path (default 20th, starting with the first) is held
back for evaluation; the list is written to the provenance file beside the model.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from vndocx.lang.syllables import canonical, inventory, strip
from vndocx.repair.case import case_class, case_table
from vndocx.repair.lm import (
    BITS,
    BOS,
    COMMA,
    EOS,
    MAX_VOCAB,
    NUM,
    PUNCT,
    SPECIALS,
    UNK,
    build_buckets,
    model_dir,
    pack,
)
from vndocx.repair.tokens import COMMA as COMMA_CODE
from vndocx.repair.tokens import kind, layout, separator, split

_RUNNING_HEAD = re.compile(r"^\s*CÔNG BÁO\s*/\s*Số\b")
_STAMP_START = re.compile(r"^\s*Ký bởi\s*:")
_STAMP_FIELDS = re.compile(r"^\s*(Email|Cơ quan|Ngày ký|Thời gian ký)\s*:")
_PAGE_NUMBER = re.compile(r"^\s*\d{1,4}\s*$")


# ../shared/corpus/congbao beside the checkout (training/ is one folder below its root)
DEFAULT_CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "congbao"


def corpus_files(corpus: Path) -> list[Path]:
    """The corpus documents (``txt/**/*.txt``) sorted by path."""
    folder = corpus / "txt" if (corpus / "txt").is_dir() else corpus
    files = sorted(folder.rglob("*.txt"))
    if not files:
        raise FileNotFoundError(f"{corpus}: no .txt documents found")
    return files


def split_holdout(files: list[Path], every: int) -> tuple[list[Path], list[Path]]:
    """(training files, held-out files): every ``every``-th file, starting with the first, is held out."""
    held = [f for i, f in enumerate(files) if i % every == 0]
    return [f for i, f in enumerate(files) if i % every != 0], held


def clean_lines(text: str) -> list[str]:
    """The lines of a gazette document in NFC with ``Ð`` read as ``Đ``, without the running heads
    ("CÔNG BÁO/Số …"), the signature stamp ("Ký bởi: …" and its fields) and page numbers."""
    text = unicodedata.normalize("NFC", text).replace("\u00d0", "Đ")
    out = []
    in_stamp = False
    for line in text.splitlines():
        if _STAMP_START.match(line):
            in_stamp = True
            continue
        if in_stamp and _STAMP_FIELDS.match(line):
            continue
        in_stamp = False
        if _RUNNING_HEAD.match(line) or _PAGE_NUMBER.match(line):
            continue
        out.append(line)
    return out


def model_word(text: str) -> str | None:
    """The lowercase canonical syllable a word token spells, or None when it is no syllable."""
    syl = canonical(text.lower())
    return syl if syl in inventory() else None


def phrases(lines: Iterable[str]) -> Iterator[list[tuple[str, str]]]:
    """The phrases of a text as runs of (token, case class), laid out like restoration lays
    them out (:func:`vndocx.repair.tokens.layout`).

    A token is a lowercase canonical syllable, another lowercase word (``=`` prefixed),
    ``<num>``, ``<unk>``, ``<comma>`` or ``<punct>``; the case class
    (:func:`vndocx.repair.case.case_class`) is ``-`` for the first token of a phrase, whose
    capital says nothing about the word, and for punctuation."""
    parts = split("\n".join(lines))
    toks, seps = parts[1::2], parts[0:-1:2]
    if not toks:
        return
    lay = layout(np.array([separator(sep) for sep in seps], dtype=np.int64))
    words: list[tuple[str, str]] = [("", "-")] * lay.size
    for pos, code in zip(lay.punct_pos.tolist(), lay.punct_code.tolist(), strict=True):
        words[pos] = (COMMA if code == COMMA_CODE else PUNCT, "-")
    for pos, first, tok in zip(lay.token_pos.tolist(), lay.token_first.tolist(), toks, strict=True):
        k = kind(tok)
        if k == "number":
            word = NUM
        elif k == "word":
            word = model_word(tok) or "=" + tok.lower()
        else:
            word = UNK
        words[pos] = (word, "-" if first else case_class(tok))
    start = 0
    for length in lay.lengths.tolist():
        yield words[start:start + length]
        start += length


def word_list_syllables() -> set[str]:
    """Valid syllables of the word lists that ship inside underthesea (Viet74K), canonical."""
    import underthesea

    path = Path(underthesea.__file__).parent / "corpus" / "data" / "Viet74K.txt"
    if not path.exists():
        raise FileNotFoundError(f"{path}: underthesea's word list is missing")
    out = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        for part in unicodedata.normalize("NFC", line).lower().replace("-", " ").split():
            syl = canonical(part)
            if syl in inventory():
                out.add(syl)
    return out


def place_lines() -> list[str]:
    """The localities of the ``vietnam-provinces`` package (provinces and wards, as named since
    the 2025 reorganisation), one line each as an office writes them ("Phường Hoàn Kiếm, Thành
    phố Hà Nội"), and each name alone: proper names the gazette rarely prints. [] when the package
    is not installed (``pip install vietnam-provinces``)."""
    try:
        import vietnam_provinces
    except ImportError:
        return []
    data = json.loads(vietnam_provinces.FLAT_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    out = []
    kinds = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")
    for entry in data:
        ward, province = entry["name"], entry["province_name"]
        out.append(f"{ward}, {province}")
        for name in (ward, province):
            for kind_ in kinds:
                if name.startswith(kind_):
                    out.append(f"tại {kind_.lower()}{name[len(kind_):]} và")
    return [unicodedata.normalize("NFC", line) for line in dict.fromkeys(out)]


def place_names() -> list[str]:
    """The proper names of the localities of ``vietnam-provinces`` (provinces and wards, the kind
    word left out: "Phường Hoàn Kiếm" → "Hoàn Kiếm"), each as "stripped lowercase<TAB>name", sorted;
    [] when the package is not installed."""
    try:
        import vietnam_provinces
    except ImportError:
        return []
    data = json.loads(vietnam_provinces.FLAT_DIVISIONS_JSON_PATH.read_text(encoding="utf-8"))
    kinds = ("Thành phố ", "Tỉnh ", "Phường ", "Xã ", "Đặc khu ")
    out = set()
    for entry in data:
        for name in (entry["name"], entry["province_name"]):
            name = " ".join(unicodedata.normalize("NFC", name).split())
            for kind_ in kinds:
                if name.startswith(kind_):
                    name = name[len(kind_):].strip()
            if len(name.split()) >= 2 and not any(ch.isdigit() for ch in name):
                out.add(f"{strip(name).lower()}\t{name}")
    return sorted(out)


def write_places(out: Path, meta: dict) -> None:
    """Write ``places.tsv`` (:func:`place_names`) into the model folder ``out`` and record it in
    ``meta``; nothing when ``vietnam-provinces`` is not installed."""
    names = place_names()
    if not names:
        return
    meta["place_names"] = (f"{len(names)} locality names of vietnam-provinces (places.tsv), restored as listed "
                           "where Capitalised words spell one after the kind of locality or before ', ngày'")
    out.mkdir(parents=True, exist_ok=True)
    (out / "places.tsv").write_text("\n".join(names) + "\n", encoding="utf-8")


def _valid_windows(seq: np.ndarray, k: int, bos: int, eos: int) -> np.ndarray:
    """(n, k) array of the k-grams inside phrases: last id not <s>, no </s> before the last."""
    n = len(seq) - k + 1
    cols = np.stack([seq[i:i + n] for i in range(k)], axis=1)
    ok = cols[:, -1] != bos
    for i in range(k - 1):
        ok &= cols[:, i] != eos
    return cols[ok]


def _discounts(counts: np.ndarray) -> np.ndarray:
    """Modified Kneser–Ney discounts D1, D2, D3+ from the counts of counts (Chen & Goodman)."""
    n1, n2, n3, n4 = (int(np.sum(counts == i)) for i in (1, 2, 3, 4))
    y = n1 / (n1 + 2 * n2)
    d = np.array([0.0, 1 - 2 * y * n2 / n1, 2 - 3 * y * n3 / n2, 3 - 4 * y * n4 / n3])
    return np.clip(d, 0.0, None)


def _group(ctx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For sorted context keys: unique contexts, start index of each group, group of each row."""
    uniq, start, inverse = np.unique(ctx, return_index=True, return_inverse=True)
    return uniq, start, inverse


class _Lookup:
    """Backoff-form probabilities over the levels estimated so far (training-time scorer)."""

    def __init__(self, uni_logp: np.ndarray, uni_bow: np.ndarray) -> None:
        self.uni_logp, self.uni_bow = uni_logp, uni_bow
        self.keys: dict[int, np.ndarray] = {}
        self.logp: dict[int, np.ndarray] = {}
        self.bow: dict[int, np.ndarray] = {}

    def add(self, k: int, keys: np.ndarray, logp: np.ndarray, bow: np.ndarray) -> None:
        """Set the (sorted) n-grams of order ``k`` with their probabilities and weights."""
        self.keys[k], self.logp[k], self.bow[k] = keys, logp, bow

    def _find(self, k: int, keys: np.ndarray) -> np.ndarray:
        table = self.keys[k]
        pos = np.minimum(np.searchsorted(table, keys), len(table) - 1)
        return np.where(table[pos] == keys, pos, -1)

    def logprob(self, grams: np.ndarray) -> np.ndarray:
        """log P(last | rest) for (n, k) id arrays, k ≤ the highest level added."""
        k = grams.shape[1]
        if k == 1:
            return self.uni_logp[grams[:, 0]]
        pos = self._find(k, pack([grams[:, i] for i in range(k)]))
        found = pos >= 0
        out = np.empty(len(grams), dtype=np.float64)
        out[found] = self.logp[k][pos[found]]
        miss = ~found
        if np.any(miss):
            ctx = grams[miss, :-1]
            if k - 1 == 1:
                bow = self.uni_bow[ctx[:, 0]]
            else:
                cpos = self._find(k - 1, pack([ctx[:, i] for i in range(k - 1)]))
                bow = np.where(cpos >= 0, self.bow[k - 1][np.maximum(cpos, 0)], 0.0)
            out[miss] = bow + self.logprob(grams[miss, 1:])
        return out


def estimate(seq: np.ndarray, vocab_size: int, order: int, bos: int, eos: int,
             cutoffs: dict[int, int]) -> dict:
    """Interpolated modified Kneser–Ney over the id sequence ``seq`` (phrases padded with
    ``order-1`` <s> and one </s>), then pruned by raw count (``cutoffs``: order → minimum count)
    with backoff weights renormalised. Returns per order the sorted packed keys, natural-log
    probabilities and backoff weights, and the unigram arrays."""
    raw: dict[int, tuple[np.ndarray, np.ndarray]] = {}
    for k in range(1, order + 1):
        grams = _valid_windows(seq, k, bos, eos)
        keys, counts = np.unique(pack([grams[:, i] for i in range(k)]), return_counts=True)
        raw[k] = (keys, counts)
    # Adjusted counts: continuation counts (distinct left neighbours) below the top order, raw
    # counts for n-grams that start at the phrase start.
    adjusted: dict[int, np.ndarray] = {order: raw[order][1].astype(np.float64)}
    mask = {k: np.uint64((1 << (BITS * k)) - 1) for k in range(1, order + 1)}
    for k in range(1, order):
        keys, counts = raw[k]
        suffix, cont = np.unique(raw[k + 1][0] & mask[k], return_counts=True)
        pos = np.searchsorted(suffix, keys)
        pos = np.minimum(pos, len(suffix) - 1)
        cc = np.where(suffix[pos] == keys, cont[pos], 0)
        first = (keys >> np.uint64(BITS * (k - 1))).astype(np.int64)
        adjusted[k] = np.where(first == bos, counts, cc).astype(np.float64)
        if k == 1:
            adjusted[k] = np.where(cc > 0, cc, counts).astype(np.float64)

    # Unigrams over the whole vocabulary (unseen syllables get the interpolated uniform share).
    keys1, _ = raw[1]
    a1 = np.zeros(vocab_size)
    a1[keys1.astype(np.int64)] = adjusted[1]
    a1[bos] = 0
    d = _discounts(a1[a1 > 0])
    total = a1.sum()
    dsc = d[np.minimum(a1, 3).astype(np.int64)]
    alpha = np.maximum(a1 - dsc, 0) / total
    gamma0 = dsc[a1 > 0].sum() / total
    p1 = alpha + gamma0 / (vocab_size - 1)
    p1[bos] = 1.0  # never predicted; keeps log finite
    uni_logp = np.log(p1)
    uni_bow = np.zeros(vocab_size)
    lookup = _Lookup(uni_logp, uni_bow)
    out: dict = {"unigram_logp": uni_logp, "unigram_bow": uni_bow, "discounts": {1: d.tolist()}}

    for k in range(2, order + 1):
        keys = raw[k][0]
        a = adjusted[k]
        d = _discounts(a)
        out["discounts"][k] = d.tolist()
        ctx = keys >> np.uint64(BITS)
        uniq, start, inverse = _group(ctx)
        denom = np.add.reduceat(a, start)
        dsc = d[np.minimum(a, 3).astype(np.int64)]
        gamma = np.add.reduceat(dsc, start) / denom
        grams = _unpack(keys, k)
        lower = lookup.logprob(grams[:, 1:])
        prob = np.maximum(a - dsc, 0) / denom[inverse] + gamma[inverse] * np.exp(lower)
        keep = raw[k][1] >= cutoffs.get(k, 1)
        # Backoff weight of each context (the (k-1)-gram): the mass not given to kept words,
        # spread over the lower-order probabilities of the words not kept.
        kept_mass = np.bincount(inverse, weights=np.where(keep, prob, 0), minlength=len(uniq))
        kept_lower = np.bincount(inverse, weights=np.where(keep, np.exp(lower), 0), minlength=len(uniq))
        with np.errstate(divide="ignore", invalid="ignore"):
            ctx_bow = np.log(np.clip(1 - kept_mass, 1e-12, None) / np.clip(1 - kept_lower, 1e-12, None))
        # Attach the context weights to the (k-1)-level entries (or the unigrams).
        if k == 2:
            uni_bow[uniq.astype(np.int64)] = ctx_bow
        else:
            prev_keys = lookup.keys[k - 1]
            pos = np.minimum(np.searchsorted(prev_keys, uniq), len(prev_keys) - 1)
            exists = prev_keys[pos] == uniq
            lookup.bow[k - 1][pos[exists]] = ctx_bow[exists]
            # Contexts that are no (k-1)-gram: the phrase-start padding (<s> <s>), which is never
            # predicted itself. (A context pruned from the lower order had every continuation
            # pruned too.) Stored with log-probability 0 so that its weight can be found.
            extra = ~exists & (kept_mass > 0)
            padding = (_unpack(uniq[extra], k - 1) == bos).all(axis=1)
            assert np.all(padding), "a kept n-gram's context was pruned"
            merged = np.concatenate([prev_keys, uniq[extra]])
            by = np.argsort(merged, kind="stable")
            logp_prev = np.concatenate([lookup.logp[k - 1], np.zeros(int(extra.sum()))])
            lookup.add(k - 1, merged[by], logp_prev[by],
                       np.concatenate([lookup.bow[k - 1], ctx_bow[extra]])[by])
        logp = np.log(prob[keep])
        lookup.add(k, keys[keep], logp, np.zeros(int(keep.sum())))
    out["levels"] = {k: (lookup.keys[k], lookup.logp[k], lookup.bow[k]) for k in range(2, order + 1)}
    return out


def _unpack(keys: np.ndarray, k: int) -> np.ndarray:
    mask = np.uint64(MAX_VOCAB - 1)
    cols = [((keys >> np.uint64(BITS * (k - 1 - i))) & mask).astype(np.int64) for i in range(k)]
    return np.stack(cols, axis=1)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.iterdir() if p.suffix in (".npy", ".txt", ".json", ".tsv"))


def save(folder: Path, vocab: list[str], model: dict, meta: dict) -> None:
    """Write the vocabulary, the n-gram tables (bucket offsets, fingerprints, float16 values)
    and the provenance."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "vocab.txt").write_text("\n".join(vocab), encoding="utf-8")
    np.save(folder / "unigram_logp.npy", model["unigram_logp"].astype(np.float16))
    np.save(folder / "unigram_bow.npy", model["unigram_bow"].astype(np.float16))
    np.save(folder / "unigram_count.npy", model["unigram_count"])
    np.save(folder / "case_logp.npy", model["case"].astype(np.float16))
    order = meta["order"]
    for k, (keys, logp, bow) in model["levels"].items():
        idx, offsets, prints = build_buckets(_unpack(keys, k))
        np.save(folder / f"order{k}_offsets.npy", offsets)
        np.save(folder / f"order{k}_fp.npy", prints)
        np.save(folder / f"order{k}_logp.npy", logp[idx].astype(np.float16))
        if k < order:
            np.save(folder / f"order{k}_bow.npy", bow[idx].astype(np.float16))
    meta_path = folder / "provenance.json"
    if meta_path.exists() and (folder / "ocr_channel.json").exists():  # the OCR model stays: keep its record
        old = json.loads(meta_path.read_text(encoding="utf-8"))
        meta.update({k: v for k, v in old.items() if k.startswith("ocr_")})
    meta["size_bytes"] = _size(folder)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def train(corpus: Path, out: Path, order: int = 3, holdout: int = 20, cutoffs: dict[int, int] | None = None,
          min_word_count: int = 20, place_weight: int = 0) -> dict:
    """Train and save the language model; returns the provenance written beside it.

    Words that are no syllable (abbreviations such as UBND, HĐND; foreign words) get their own
    id when seen ``min_word_count`` times, else they are ``<unk>``."""
    cutoffs = cutoffs if cutoffs is not None else {k: 2 for k in range(3, order + 1)}
    files = corpus_files(corpus)
    train_files, held = split_holdout(files, holdout)
    runs: list[list[tuple[str, str]]] = []
    for path in train_files:
        runs.extend(phrases(clean_lines(path.read_text(encoding="utf-8", errors="replace"))))
    corpus_runs = len(runs)  # the case model counts the corpus only
    places = place_lines()
    for _ in range(place_weight):
        runs.extend(phrases(places))
    counts = Counter(t for run in runs for t, _ in run)
    attested = {t for t in counts if t not in SPECIALS and not t.startswith("=")}
    words = {t[1:] for t, c in counts.items() if t.startswith("=") and c >= min_word_count and len(t) > 2}
    listed = word_list_syllables()
    vocab = [*SPECIALS, *sorted(attested | listed), *sorted(words - attested - listed)]
    if len(vocab) > MAX_VOCAB:
        raise ValueError(f"vocabulary of {len(vocab)} exceeds {MAX_VOCAB} ids")
    index = {w: i for i, w in enumerate(vocab)}
    for t in counts:
        if t.startswith("="):
            index[t] = index.get(t[1:], index[UNK])
    bos, eos = index[BOS], index[EOS]
    pad = [bos] * (order - 1)
    seq = np.fromiter((i for run in runs for i in (*pad, *(index[t] for t, _ in run), eos)), dtype=np.int64)
    model = estimate(seq, len(vocab), order, bos, eos, cutoffs)
    model["unigram_count"] = np.bincount(seq, minlength=len(vocab)).astype(np.uint32)
    model["case"] = case_table([(index[t], c) for run in runs[:corpus_runs] for t, c in run], len(vocab))
    n_syllables = int(sum(c for t, c in counts.items() if t in attested))
    meta = {
        "model": "syllable n-gram language model, interpolated modified Kneser-Ney, backoff form",
        "order": order,
        "corpus": str(corpus.name),
        "corpus_documents": len(files),
        "training_documents": len(train_files),
        "training_tokens": int(len(seq) - len(runs) * order),
        "training_syllables": n_syllables,
        "heldout_rule": f"every {holdout}th document by sorted path, starting with the first",
        "heldout_documents": [str(p.relative_to(corpus)) for p in held],
        "cleaning": "NFC, Ð→Đ, running heads 'CÔNG BÁO/Số …', 'Ký bởi:' stamp blocks and page "
                    "numbers dropped",
        "vocabulary": {"size": len(vocab), "syllables_attested_in_corpus": len(attested),
                       "syllables_from_underthesea_Viet74K": len(listed),
                       "syllables_only_in_word_list": len(listed - attested),
                       f"other_words_seen_{min_word_count}_times": len(words - attested - listed)},
        "places": (f"{len(places)} lines naming the localities of the vietnam-provinces package, "
                   f"counted {place_weight} times" if places and place_weight else "none"),
        "case_model": "P(lowercase | word), P(Capitalised | word) away from phrase starts, add-2 smoothed",
        "pruning": {f"order{k}": (f"n-grams seen fewer than {c} times dropped, backoff renormalised" if c > 1
                                  else "none: every n-gram seen kept")
                    for k, c in cutoffs.items()},
        "ngrams": {f"order{k}": len(v[0]) for k, v in model["levels"].items()},
        "discounts": {f"order{k}": [round(x, 4) for x in v] for k, v in model["discounts"].items()},
        "storage": "n-grams by hash only: bucket offsets, 32-bit fingerprints, float16 log-probabilities "
                   "and backoff weights",
        "date": dt.date.today().isoformat(),
        "trained_by": "python -m training.restore_model",
    }
    write_places(out, meta)
    save(out, vocab, model, meta)
    return meta


OCR_FONTS = ("LiberationSerif-Regular.ttf", "LiberationSerif-Bold.ttf", "NotoSerif-Regular.ttf")
OCR_SIZES = (12.0, 13.5)
OCR_UPPER_SHARE = 0.2  # headings are typed in capitals: Đ then reads as P


def _font(name: str) -> Path:
    for folder in ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/noto"):
        if (Path(folder) / name).exists():
            return Path(folder) / name
    raise FileNotFoundError(f"font {name} not found (apt-get install fonts-liberation2 fonts-noto-core)")


def _ocr_job(job: tuple[list[str], str, float]) -> list[tuple[str, str | None]]:
    from training.ocr_render import ocr_text

    lines, font, size = job
    return list(ocr_text(lines, "eng", _font(font), size))


def ocr_sample(files: list[Path], n_lines: int, seed: int = 7) -> list[list[str]]:
    """Pages of corpus lines to render for the OCR model: runs of 36 lines from random
    documents, a fifth of the pages in capitals."""
    import random

    from training.ocr_render import LINES_PER_PAGE, wrap

    rng = random.Random(seed)
    pages: list[list[str]] = []
    total = 0
    while total < n_lines:
        text = rng.choice(files).read_text(encoding="utf-8")
        lines = wrap([line for line in clean_lines(text) if line.strip()])
        if len(lines) < LINES_PER_PAGE:
            continue
        start = rng.randrange(len(lines) - LINES_PER_PAGE + 1)
        page = lines[start:start + LINES_PER_PAGE]
        if rng.random() < OCR_UPPER_SHARE:
            page = [line.upper() for line in page]
        pages.append(page)
        total += len(page)
    return pages


def train_ocr(corpus: Path, out: Path, n_lines: int = 3000, holdout: int = 20, jobs: int = 1) -> dict:
    """Learn the OCR confusion model from training documents rendered (three serif faces, two
    sizes) and read back with Tesseract ``eng``; save it and its reading index beside the
    language model (which must exist). Returns what was added to the provenance."""
    from concurrent.futures import ProcessPoolExecutor

    from vndocx.repair.lm import load
    from vndocx.repair.ocr_channel import estimate, save_index, word_pairs

    meta_path = out / "provenance.json"
    if not meta_path.exists():
        raise FileNotFoundError(f"{meta_path}: train the language model first")
    train_files, _ = split_holdout(corpus_files(corpus), holdout)
    pages = ocr_sample(train_files, n_lines)
    work = [(page, OCR_FONTS[i % len(OCR_FONTS)], OCR_SIZES[i % len(OCR_SIZES)])
            for i, page in enumerate(pages)]
    if jobs > 1:
        with ProcessPoolExecutor(jobs) as pool:
            read = [pair for result in pool.map(_ocr_job, work) for pair in result]
    else:
        read = [pair for job in work for pair in _ocr_job(job)]
    pairs = word_pairs(read)
    channel = estimate(pairs)
    lm = load(str(out))
    entries = save_index(out, channel, lm.vocab, len(SPECIALS))
    info = {
        "ocr_model": "P(characters read | letter), hard EM over aligned (written, read) words; "
                     "index of the likeliest readings of every syllable",
        "ocr_training": f"{len(pages)} pages of training-document lines ({sum(map(len, pages))} lines, "
                        f"a fifth in capitals) rendered at 300 dpi in {', '.join(OCR_FONTS)} at "
                        f"{OCR_SIZES} pt, read with Tesseract 'eng' --psm 6",
        "ocr_word_pairs": len(pairs),
        "ocr_lines_matched": sum(1 for _, r in read if r is not None),
        "ocr_index_entries": entries,
    }
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update(info)
    meta["size_bytes"] = _size(out)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return info


def reindex_ocr(out: Path) -> int:
    """Rebuild the reading index from the confusion model saved in ``out``; returns its size."""
    from vndocx.repair.lm import load
    from vndocx.repair.ocr_channel import Channel, save_index

    channel = Channel(json.loads((out / "ocr_channel.json").read_text(encoding="utf-8")))
    entries = save_index(out, channel, load(str(out)).vocab, len(SPECIALS))
    meta_path = out / "provenance.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta["ocr_index_entries"] = entries
    meta["size_bytes"] = _size(out)
    meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return entries


def _cutoffs(text: str) -> list[int]:
    """``--cutoff``: "1,3" → [1, 3]."""
    try:
        values = [int(v) for v in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r}: counts separated by commas, such as 1,3") from None
    if min(values) < 1:
        raise argparse.ArgumentTypeError(f"{text!r}: counts of 1 or more")
    return values


def main(argv: list[str] | None = None) -> int:
    """Command line of the trainer; returns the exit status."""
    parser = argparse.ArgumentParser(description="Train the diacritics-restoration model of vndocx.repair.")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                        help="the corpus folder (txt/**/*.txt)")
    parser.add_argument("--out", type=Path, default=model_dir(), help="where the model is written")
    parser.add_argument("--order", type=int, default=4, help="n-gram order (3 decodes exactly and fastest)")
    parser.add_argument("--holdout", type=int, default=20, help="hold out every Nth document")
    parser.add_argument("--cutoff", type=_cutoffs, default="1,3",
                        help="minimum count of the n-grams of order 3, 4 …, comma-separated (the last one "
                             "holds for the higher orders)")
    parser.add_argument("--places", type=int, default=0,
                        help="times the localities of vietnam-provinces (when installed) are counted")
    parser.add_argument("--ocr", action="store_true",
                        help="also learn the OCR confusion model (renders pages and runs Tesseract: minutes)")
    parser.add_argument("--ocr-only", action="store_true", help="only (re)learn the OCR confusion model")
    parser.add_argument("--ocr-reindex", action="store_true",
                        help="only rebuild the reading index from the saved OCR confusion model")
    parser.add_argument("--ocr-lines", type=int, default=3000,
                        help="corpus lines to render for the OCR model")
    parser.add_argument("--jobs", type=int, default=1, help="Tesseract processes in parallel")
    parser.add_argument("--places-only", action="store_true",
                        help="only (re)write the locality names (places.tsv) beside the model")
    args = parser.parse_args(argv)
    if args.places_only:
        meta_path = args.out / "provenance.json"
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        write_places(args.out, meta)
        if "place_names" not in meta:
            print("train: vietnam-provinces is not installed", file=sys.stderr)
            return 2
        meta["size_bytes"] = _size(args.out)
        meta_path.write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print(json.dumps({"place_names": meta["place_names"]}))
        return 0
    if not args.corpus.is_dir():
        print(f"train: {args.corpus} is not a folder", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.ocr_reindex:
        print(json.dumps({"ocr_index_entries": reindex_ocr(args.out)}))
        return 0
    if not args.ocr_only:
        meta = train(args.corpus, args.out, args.order, args.holdout,
                     {k: args.cutoff[min(k - 3, len(args.cutoff) - 1)] for k in range(3, args.order + 1)},
                     place_weight=args.places)
        keys = ("order", "training_syllables", "ngrams", "size_bytes")
        print(json.dumps({k: meta[k] for k in keys}, indent=1))
        if not args.ocr and (args.out / "ocr_channel.json").exists():  # ids may have moved
            print(json.dumps({"ocr_index_entries": reindex_ocr(args.out)}))
    if args.ocr or args.ocr_only:
        print(json.dumps(train_ocr(args.corpus, args.out, args.ocr_lines, args.holdout, args.jobs), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark the decode and repair stages on a real corpus, in memory.

    python bench/bench_repair.py [PATH]

PATH defaults to ``../shared/corpus/ablationbench`` (relative to the repository root) and is
searched recursively for ``*.md``. Every file is damaged in each of several ways, repaired, and
compared with the original. Prints a table; asserts nothing.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.pipeline.decode import decode  # noqa: E402
from generator.pipeline.fixers import replay  # noqa: E402
from generator.pipeline.repair import LATIN, MAC, WIN, mojibake, repair  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "corpus" / "ablationbench"
SEED = 20240601
CYCLE = (MAC, WIN, LATIN)
EMOJI = ("🧠", "📋")

Damage = Callable[[str, int, random.Random], str]


def _encoding_for(index: int) -> str:
    return CYCLE[index % len(CYCLE)]


def whole(*encodings: str) -> Damage:
    def damage(text: str, index: int, rng: random.Random) -> str:
        for encoding in encodings:
            text = mojibake(text, encoding)
        return text

    return damage


def mixed(text: str, index: int, rng: random.Random) -> str:
    """Two different code pages, one after the other (the pair rotates over the files)."""
    pairs = ((WIN, MAC), (MAC, WIN), (LATIN, MAC), (MAC, LATIN), (WIN, LATIN))
    first, second = pairs[index % len(pairs)]
    return mojibake(mojibake(text, first), second)


def partial_lines(text: str, index: int, rng: random.Random) -> str:
    """A random third of the lines damaged (the code page rotates over the files)."""
    encoding = _encoding_for(index)
    lines = text.split("\n")
    return "\n".join(mojibake(line, encoding) if rng.random() < 0.33 else line for line in lines)


def partial_two_code_pages(text: str, index: int, rng: random.Random) -> str:
    """A random third of the lines damaged, each by Mac Roman or by Windows-1252."""
    lines = text.split("\n")
    return "\n".join(mojibake(line, rng.choice((MAC, WIN))) if rng.random() < 0.33 else line for line in lines)


def partial_within_line(text: str, index: int, rng: random.Random) -> str:
    """In half of the non-ASCII lines, one random stretch of characters damaged."""
    encoding = _encoding_for(index)
    out = []
    for line in text.split("\n"):
        if not line.isascii() and rng.random() < 0.5:
            start = rng.randrange(len(line))
            end = rng.randrange(start, len(line)) + 1
            line = line[:start] + mojibake(line[start:end], encoding) + line[end:]
        out.append(line)
    return "\n".join(out)


def emoji_only(text: str, index: int, rng: random.Random) -> str:
    encoding = _encoding_for(index)
    for emoji in EMOJI:
        text = text.replace(emoji, mojibake(emoji, encoding))
    return text


KINDS: dict[str, Damage] = {
    "mac_roman": whole(MAC),
    "windows-1252": whole(WIN),
    "latin-1": whole(LATIN),
    "double mac_roman": whole(MAC, MAC),
    "double windows-1252": whole(WIN, WIN),
    "mixed (two code pages)": mixed,
    "partial: lines": partial_lines,
    "partial: within line": partial_within_line,
    "partial: two code pages": partial_two_code_pages,
    "emoji only": emoji_only,
}


def load(path: Path) -> list[tuple[Path, str]]:
    return [(p, p.read_bytes().decode("utf-8")) for p in sorted(path.rglob("*.md"))]


def measure(texts: list[str], damage: Damage) -> tuple[int, int, int, int, float]:
    """(files damaged, exact repairs, replay mismatches, bytes, CPU seconds for repair)."""
    rng = random.Random(SEED)
    damaged = [damage(text, i, rng) for i, text in enumerate(texts)]
    start = time.process_time()
    results = [repair(d) for d in damaged]
    cpu = time.process_time() - start
    pairs = [(t, d, r) for t, d, r in zip(texts, damaged, results) if d != t]
    exact = sum(r.text == t for t, _, r in pairs)
    replay_bad = sum(replay(d, r.steps) != r.text for _, d, r in pairs)
    size = sum(len(d.encode("utf-8")) for _, d, _ in pairs)
    return len(pairs), exact, replay_bad, size, cpu


def measure_legacy(texts: list[str], codec: str) -> tuple[int, int, int, float]:
    """Files saved in a legacy code page (characters it lacks become '?'): how many decode to
    the right text. (files, exact, bytes, CPU seconds)"""
    saved = [t.encode(codec, errors="replace") for t in texts]
    start = time.process_time()
    decoded = [decode(b).text for b in saved]
    cpu = time.process_time() - start
    exact = sum(d == b.decode(codec) for d, b in zip(decoded, saved))
    return len(saved), exact, sum(map(len, saved)), cpu


def _row(kind: str, files: int, pct: str, extra: str, size: int, cpu: float) -> str:
    rate = f"{size / 1e6 / cpu:8.1f}" if cpu > 0 else "     inf"
    return f"{kind:<24} {files:>6} {pct:>8} {extra:>9} {size / 1e6:>8.2f} {cpu:>7.3f} {rate}"


def main(argv: list[str]) -> int:
    path = Path(argv[1]) if len(argv) > 1 else DEFAULT
    if not path.is_dir():
        print(f"corpus not found: {path}\n(give a folder of *.md files, or put the shared corpus at {DEFAULT})")
        return 2
    files = load(path)
    if not files:
        print(f"no *.md files under {path}")
        return 2
    raw = [p.read_bytes() for p, _ in files]
    texts = [t for _, t in files]
    size = sum(map(len, raw))

    start = time.process_time()
    decoded = [decode(b).text for b in raw]
    decode_cpu = time.process_time() - start
    start = time.process_time()
    repaired = [repair(t) for t in decoded]
    repair_cpu = time.process_time() - start
    altered = [p for (p, t), r in zip(files, repaired) if r.text != t]

    print(f"corpus: {path} — {len(files)} files, {size / 1e6:.2f} MB")
    print(f"{'kind':<24} {'files':>6} {'exact %':>8} {'replay≠':>9} {'MB':>8} {'CPU s':>7} {'MB/s':>8}")
    print(_row("clean: decode", len(files), "", "", size, decode_cpu))
    print(_row("clean: repair", len(files), "", f"altered {len(altered)}", size, repair_cpu))
    total_size, total_cpu = 0, 0.0
    for kind, damage in KINDS.items():
        n, exact, replay_bad, dsize, cpu = measure(texts, damage)
        total_size, total_cpu = total_size + dsize, total_cpu + cpu
        pct = f"{100 * exact / n:.2f}" if n else "-"
        print(_row(kind, n, pct, str(replay_bad), dsize, cpu))
    print(_row("damaged: all kinds", 0, "", "", total_size, total_cpu))
    for codec in ("windows-1252", "mac_roman"):
        n, exact, lsize, cpu = measure_legacy(texts, codec)
        print(_row(f"decode: saved as {codec}", n, f"{100 * exact / n:.2f}", "", lsize, cpu))
    print(f"\nclean files altered by repair: {len(altered)}")
    for p in altered[:10]:
        print(f"  {p}")
    print(f"clean corpus, decode + repair: {decode_cpu + repair_cpu:.3f} s CPU")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

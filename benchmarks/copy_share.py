"""How much of the English text each demo translation still contains: the measure behind HC702.

The share of the source's word 5-grams found in the translation (core/unfinished.py), for every real
translation of the demo, for a copied page and for Finnish pages whose second half of paragraphs is
still English. Results go to handbook/docs/en/writers/translations.md ("Untranslated copies").

    .venv/bin/python benchmarks/copy_share.py [docs]
"""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "plugins"))

from helpcentre.core import frontmatter, unfinished

LANGUAGES = ("et", "fi", "lt", "sl")


def words(parsed) -> list[str]:
    return unfinished.text_words(parsed.meta.title, parsed.meta.description, parsed.body)


def read(path: Path):
    return frontmatter.parse(path.read_bytes(), path.as_posix())


def main(docs: Path) -> None:
    real, mixed, copies = [], [], []
    for source_path in sorted((docs / "en").rglob("*.md")):
        source = read(source_path)
        for lang in LANGUAGES:
            target = docs / lang / source_path.relative_to(docs / "en")
            if not target.exists():
                continue
            translation = read(target)
            copies.append(unfinished.copied_share(words(source), words(source)))  # `translate` as it copies
            real.append(unfinished.copied_share(words(source), words(translation)))
            ours, theirs = source.body.split("\n\n"), translation.body.split("\n\n")
            if lang == "fi" and len(ours) == len(theirs) >= 4:  # paragraphs that correspond one to one
                half = len(ours) // 2
                translation.body = "\n\n".join(theirs[:half] + ours[half:])
                mixed.append(unfinished.copied_share(words(source), words(translation)))
    print("| pages | n | min | median | max |\n|---|---:|---:|---:|---:|")
    rows = (("real translations", real), ("copies of the source", copies), ("half still English (fi)", mixed))
    for name, shares in rows:
        print(
            f"| {name} | {len(shares)} | {min(shares):.2f} | {statistics.median(shares):.2f} "
            f"| {max(shares):.2f} |"
        )
    print(f"\nthreshold (HC702): {unfinished.COPY_SHARE}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs"))

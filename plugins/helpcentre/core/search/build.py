"""The search indexes of one whole build: the documents of the language being rendered, and the
processes that index each language while MkDocs renders the next.

Indexing (lemma dictionaries, whoosh, the static export, related pages) would otherwise add to the
build's wall time. The processes are spawned, not forked: a forked worker would come to hold its own
copy of the catalog.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

from . import documents, export


class IndexingFailed(Exception):
    def __init__(self, lang: str, cause: BaseException):
        super().__init__(f"building the '{lang}' search index failed: {cause!r}")


class SearchBuild:
    def __init__(self, index_root: Path, workers: int):
        self.index_root = index_root  # one whoosh index per language below it
        self.pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"))
        self.jobs: dict[str, Future] = {}  # language → its related pages, once indexed
        self.documents: list[documents.SearchDoc] = []  # the language being rendered

    def start_language(self) -> None:
        self.documents = []

    def add_page(
        self,
        url: str,
        title: str,
        kind: str,
        tags: list[str],
        html: str,
        about: documents.PageFacts | None = None,
    ) -> None:
        self.documents += documents.documents(url, title, kind, tags, html, about)

    def finish_language(self, lang: str, fallback: str, target: Path) -> None:
        """Index the language in the background and export its static index into `target`. Pages in
        `fallback` (the default language) shown in this language are analysed as `fallback` text."""
        self.jobs[lang] = self.pool.submit(
            export.build_and_export, self.index_root / lang, target, lang, fallback, self.documents
        )
        self.documents = []

    def related(self) -> Iterator[tuple[str, dict[str, list[str]]]]:
        """Each language's related pages, waiting for its indexing to end."""
        for lang, job in self.jobs.items():
            try:
                yield lang, job.result()
            except Exception as exc:
                raise IndexingFailed(lang, exc) from None

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)

"""The import report: per source item, the files written and everything a writer should check.

Nothing is dropped silently: the converter, the mapping and the file writer each add a `Note` to the
item they concern. The report is written beside the docs folder (a Markdown file inside docs/ would be
published as a page) as `import-report.md` for people and `import-report.json` for tools.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

REPORT_MD, REPORT_JSON = "import-report.md", "import-report.json"
WARNING, INFO = "warning", "info"


@dataclass(frozen=True)
class Note:
    kind: str  # a stable key for tools: "link-kept-external", "iframe", "edited-kept", …
    message: str  # what happened and what to check, one sentence for a writer
    severity: str = WARNING  # "warning": look at it; "info": done as documented, listed for review


@dataclass
class Item:
    source: str  # e.g. "article 360001 (en-us)"
    title: str
    url: str = ""  # where it was in the old help centre
    files: list[str] = field(default_factory=list)  # written or kept, relative to the project
    notes: list[Note] = field(default_factory=list)


@dataclass
class Report:
    tool: str  # "zendesk"
    items: dict[str, Item] = field(default_factory=dict)
    languages: dict[str, str] = field(default_factory=dict)  # source locale → our language folder
    config_hint: str = ""  # mkdocs.yml lines to add, when the project does not configure a language
    counts: dict[str, int] = field(default_factory=dict)  # written, updated, unchanged, kept, …

    def item(self, key: str, title: str = "", url: str = "") -> Item:
        found = self.items.get(key)
        if found is None:
            found = self.items[key] = Item(key, title, url)
        return found

    def note(self, key: str, note: Note) -> None:
        self.item(key).notes.append(note)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, indent=1)

    def to_markdown(self) -> str:
        lines = [f"# Import report ({self.tool})", ""]
        lines += ["| what | files |", "|---|---:|"]
        lines += [f"| {what} | {n} |" for what, n in sorted(self.counts.items())]
        lines += ["", "## Languages", ""]
        lines += [f"- `{locale}` → `docs/{lang}/`" for locale, lang in sorted(self.languages.items())]
        if self.config_hint:
            lines += ["", "Add to the i18n plugin's `languages:` in mkdocs.yml:", "", "```yaml"]
            lines += [self.config_hint, "```"]
        flagged = [i for i in self.items.values() if any(n.severity == WARNING for n in i.notes)]
        lines += ["", f"## To check ({len(flagged)} of {len(self.items)} items)", ""]
        for item in flagged:
            lines += _item_lines(item, WARNING)
        listed = [i for i in self.items.values() if any(n.severity == INFO for n in i.notes)]
        if listed:
            lines += ["## Done as documented (for review)", ""]
            for item in listed:
                lines += _item_lines(item, INFO)
        return "\n".join(lines).rstrip() + "\n"

    def write(self, folder: Path) -> list[Path]:
        written = [folder / REPORT_MD, folder / REPORT_JSON]
        written[0].write_text(self.to_markdown(), encoding="utf-8")
        written[1].write_text(self.to_json() + "\n", encoding="utf-8")
        return written


def _item_lines(item: Item, severity: str) -> list[str]:
    where = f" — [{_text(item.url)}]({item.url})" if item.url.startswith(("http://", "https://")) else ""
    lines = [f"### {_text(item.title) or item.source} ({item.source}){where}", ""]
    lines += [f"- `{path}`" for path in item.files]
    lines += [f"- **{note.kind}**: {_text(note.message)}" for note in item.notes if note.severity == severity]
    return [*lines, ""]


def _text(value: str) -> str:
    """Source titles and messages in the report's Markdown: no markup of theirs becomes markup."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace("[", "\\[").replace("]", "\\]")

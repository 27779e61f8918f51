"""Importing an existing help centre into Markdown pages (issue 21). Never imports mkdocs.

- `convert`: HTML → Markdown with notes on everything that did not convert cleanly (any importer);
- `content`: our page model as files (front matter, descriptions, slugs);
- `safe_write`: writing pages without overwriting what a writer edited (a manifest of what we wrote);
- `report`: `import-report.md` and `import-report.json`, per source item what to check;
- `zendesk`: reading a Zendesk Guide export; `zendesk_map`: mapping it onto our content model.
"""

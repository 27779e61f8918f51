"""Where a build may write: never over the project, its docs, or a folder that is not a site.

MkDocs empties the site folder before a build (all but dot-files). Pointed by mistake at the project,
a parent folder or someone's documents, that deletes what the build did not make.
"""

from __future__ import annotations

from pathlib import Path

# The plugin writes its assets into every site it builds: a folder holding them is a previous build.
SITE_MARK = Path("assets/helpcentre")


def problem(site: Path, project: Path, docs: Path) -> str:
    """Why the build must not use `site` as its output folder, or '' when it may."""
    site, project, docs = site.resolve(), project.resolve(), docs.resolve()
    for name, protected in (("the project folder", project), ("docs_dir", docs)):
        if site == protected or protected.is_relative_to(site):
            return f"the site folder {site} is {name} or contains it: building there would delete it"
    if site.is_relative_to(docs):
        return f"the site folder {site} is inside docs_dir: the build would copy its own output as content"
    if site.exists() and not site.is_dir():
        return f"the site folder {site} is a file"
    if (
        site.is_dir()
        and not (site / SITE_MARK).is_dir()
        and any(not e.name.startswith(".") for e in site.iterdir())
    ):
        return (
            f"the site folder {site} is not empty and holds no earlier help-centre build: the build "
            "empties its site folder first — choose an empty or new folder, or empty this one yourself"
        )
    return ""

"""The generator's core: plain Python, never imports mkdocs."""

"""The generator's core: plain Python, never imports mkdocs (tests/core/test_layout.py checks).

A module that needs nothing from MkDocs lives here; the package's top level holds the MkDocs adapter
(plugin.py and the modules that work on MkDocs' objects) and the commands (cli.py, writer_cli.py, ...).
"""

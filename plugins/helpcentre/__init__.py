"""A static, multilingual help-centre generator built on MkDocs, Material and mkdocs-static-i18n.

`helpcentre.core` holds everything that does not depend on MkDocs (content model, validation,
i18n); `helpcentre.plugin` is the thin MkDocs adapter.
"""

__version__ = "0.1.0"

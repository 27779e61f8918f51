"""Options of the `helpcentre` MkDocs plugin."""

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config


class HelpCentreConfig(Config):
    # A project folder of `<lang>.yml` files that add to or override the plugin's own UI strings.
    translations_dir = opt.Type(str, default="translations")

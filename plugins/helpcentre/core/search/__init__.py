"""Build-time search: language analysis, the whoosh index, the static export and ranking."""

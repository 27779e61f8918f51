"""The MkDocs adapter: thin event handlers that feed the core and hand its output to templates.

static-i18n runs every event below once per language (see i18nstate); whole-site state is
loaded in the outer build's on_pre_build and finished in the last on_post_build.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime
from pathlib import Path

from jinja2 import Environment
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from . import escaping, i18nstate, parallel, preview, preview_render, preview_server, theme
from .config import HelpCentreConfig
from .core import (
    agent_templates,
    catalog,
    contact_page,
    faq,
    generated_pages,
    head,
    i18n,
    jsonld,
    leakguard,
    related,
    site_files,
    sitedir,
    views,
)
from .core.errors import ContentError, display_path
from .core.feedback.manifest import write_manifest
from .core.insights import model as insights
from .core.insights import records as insight_records
from .core.insights.page import render_page as render_insights
from .core.kinds import Kind
from .core.languages import Languages
from .core.page_cache import PageCache
from .core.search import location as search_location
from .core.search.build import IndexingFailed, SearchBuild
from .core.search.documents import PageFacts
from .core.template_context import TemplateContext
from .nav import relabel, source_path

log = get_plugin_logger(__name__)
PACKAGE_TRANSLATIONS = Path(__file__).parent / "translations"


class HelpCentrePlugin(BasePlugin[HelpCentreConfig]):
    def __init__(self) -> None:
        self.catalog: catalog.Catalog | None = None
        self.generated: list[generated_pages.GeneratedPage] = []  # the pages the plugin writes itself
        self.site_languages: Languages | None = None  # every language, even if this build renders few
        # The languages this build delivers, if not all: a `helpcentre build --jobs` process's share, or
        # what a `mkdocs serve` rebuild must render. The default language is rendered anyway (static-i18n
        # builds it first); a `--jobs` process throws it away unless it is among them.
        self.owned_languages: set[str] | None = None
        # `mkdocs serve` only (this instance lives across rebuilds): what to render, how the last build went
        self.preview: preview.Preview | None = None
        self.builds: preview_server.Builds | None = None
        self.rendering_edits = False  # serve: rendering edited pages alone; the search index is kept
        # serve: each language's last MkDocs build, to render edited pages without one (preview_render.py)
        self.language_builds: dict[str, preview_render.LanguageBuild] = {}
        self.navigation: Navigation | None = None  # this language's, until on_env keeps it with the rest
        self.page_cache = PageCache()  # pages read by the last catalog load, reused while unchanged
        self.translator: i18n.Translator | None = None
        self.not_found_pages: dict[str, bytes] = {}
        self.search: SearchBuild | None = None  # the indexing of this build's languages
        self.faq = faq.FaqState()  # the page being rendered, shared with the Markdown extension
        self.template = agent_templates.TemplateState(
            {}, active=False
        )  # likewise: the blanks of the template rendered
        self.questions: dict[str, list[faq.Question]] = {}  # this language's pages → their questions
        self.views: dict[str, views.PageView] = {}  # this language's pages → their views
        self.insight_records: insight_records.Records | None = None  # the agents' build, with insights.db

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.preview = preview.Preview() if command == "serve" else None
        self.builds = preview_server.Builds([], "en") if command == "serve" else None
        if self.builds is not None:
            preview_server.guard_first_build(self.builds)

    def on_serve(self, server, config: MkDocsConfig, builder):
        if self.builds is None:
            return server
        build = server.builder
        server.builder = lambda *args, **kwargs: self._render_edits() or build(*args, **kwargs)
        return preview_server.install(server, self.builds)

    def _render_edits(self) -> bool:
        """Render edited pages alone when that is all an edit needs; False when MkDocs must build."""
        langs, before, started = self.site_languages, self.catalog, time.monotonic()
        self.preview.look()
        if (
            not self.language_builds
            or self.language_builds[langs.default].config.strict  # a build counts the warnings
            or self.preview.edited_pages(langs.all, langs.default, _unlisted) is None
        ):
            return False
        after = self._read_catalog(self.language_builds[langs.default].config)
        plan = self.preview.edited_pages(
            langs.all, langs.default, lambda lang, path: _shown_changed(before, after, lang, path)
        )
        # A page this build does not show (internal, in the public preview) has nothing to render.
        plan = {lang: {path for path in paths if after.resolve(lang, path)} for lang, paths in plan.items()}
        if not preview_render.can_render(self.language_builds, plan) or _visibility_changed(
            before, after, plan
        ):
            return False  # MkDocs builds; it compares with the catalog of the last build
        self.catalog = after
        try:
            self._render_pages(plan)
        except BaseException:
            self.preview.built = None  # pages half rendered: the next edit takes a whole build
            raise
        finally:
            self.rendering_edits = False
        self.preview.succeeded()
        rendered = ", ".join(sorted(f"{lang}:{path}" for lang, paths in plan.items() for path in paths))
        log.info(
            f"rendered {rendered or 'nothing'} in {time.monotonic() - started:.1f} s; "
            "the rest kept from the previous build"
        )
        return True

    def _render_pages(self, plan: dict[str, set[str]]) -> None:
        self.rendering_edits = True
        outputs = []
        for lang, paths in plan.items():
            language = self.language_builds[lang]
            i18nstate.make_current(language.config, lang)
            self.questions, self.views = {}, {}
            outputs += [language.render(path) for path in sorted(paths)]
        config = self.language_builds[self.catalog.default].config
        for lang, paths in plan.items():  # with the lists of the last indexing
            rendered = {self.catalog.url(lang, path) for path in paths}
            related_urls = self.preview.related.get(lang, {})
            related.fill(Path(config.site_dir), self.catalog, self.translator, lang, related_urls, rendered)
        if not self.config.internal:
            self._guard_leaks(Path(config.site_dir), config, outputs)

    @event_priority(-90)  # before static-i18n (-100) applies this language's options
    def _unmark_config(self, config: MkDocsConfig) -> None:
        escaping.unmark_config(config)

    @event_priority(-110)  # after static-i18n has set this language's theme and options
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        if i18nstate.is_outer_build(config):  # once per build: static-i18n calls this for every language
            if refused := sitedir.problem(
                Path(config.site_dir), _project_root(config), Path(config.docs_dir)
            ):
                raise PluginError(refused)
            self.generated = generated_pages.configured(self.config)
            for generated in self.generated:
                if refused := generated.folder_problem():
                    raise PluginError(refused)
            if self._contact_page() and (refused := contact_page.address_problem(self._support_address())):
                raise PluginError(refused)
            self.site_languages = i18nstate.languages(config)  # fails early with a setup hint
            if self.builds is not None:  # the preview's error page speaks the requested page's language
                self.builds.languages = self.site_languages.all
                self.builds.default = self.site_languages.default
            self.owned_languages = self._languages_to_render(config)
            if self.owned_languages is not None:
                i18nstate.restrict_build(config, self.owned_languages)
        theme.install(config, internal=self.config.internal)
        escaping.mark_config(config)
        if not any(isinstance(e, faq.FaqExtension) for e in config.markdown_extensions):
            config.markdown_extensions.append(faq.FaqExtension(self.faq))
            config.markdown_extensions.append(agent_templates.TemplateExtension(self.template))
        if "attr_list" not in config.markdown_extensions:  # `## Questions {.faq}` needs it
            config.markdown_extensions.append("attr_list")
        return config

    def _languages_to_render(self, config: MkDocsConfig) -> set[str] | None:
        if os.environ.get(parallel.LANGUAGES_ENV):
            return set(os.environ[parallel.LANGUAGES_ENV].split(","))
        if self.preview is None:
            return None
        langs, root = self.site_languages, _project_root(config)
        watched = [*root.glob("*.yml"), root / self.config.translations_dir, *map(Path, config.watch)]
        if config.theme.custom_dir:
            watched.append(Path(config.theme.custom_dir))
        render = self.preview.plan(config, langs.all, langs.default, watched)
        return None if render == set(langs.all) else render

    def on_pre_build(self, config: MkDocsConfig) -> None:
        if i18nstate.is_outer_build(config):
            self._load(config)
            if self.preview is not None:
                self._plan_preview(Path(config.site_dir))
                self.preview.writing()  # from here on, a failure leaves the site folder half written
        self.search.start_language()
        self.questions, self.views = {}, {}
        self._localize_headings(config)

    def _localize_headings(self, config: MkDocsConfig) -> None:
        """The toc extension's heading permalinks carry `title="Permanent link"` in every language, and
        static-i18n cannot vary markdown extension options per language: MkDocs makes a Markdown instance
        per page from `mdx_configs`, so setting it before this language's pages render is enough. A new
        dict, not an edit: the preview keeps each language's configuration values to render single pages."""
        title = self.translator.t(i18nstate.current_language(config), "heading.permalink")
        toc = {**config.mdx_configs.get("toc", {}), "permalink_title": title}
        config.mdx_configs = {**config.mdx_configs, "toc": toc}

    def _plan_preview(self, site: Path) -> None:
        """Before MkDocs empties site_dir: a preview keeps the languages it does not render."""
        if self.owned_languages is None:
            return
        kept = [lang for lang in self.site_languages.all if lang not in self.owned_languages]
        self.preview.keep(site, kept)
        log.info(
            f"rendering {', '.join(sorted(self.owned_languages))}; {', '.join(kept)} kept "
            "from the previous build (their content has not changed)"
        )

    def _load(self, config: MkDocsConfig) -> None:
        langs = self.site_languages
        root = _project_root(config)
        self.catalog = self._read_catalog(config)
        try:
            strings = i18n.load_strings([PACKAGE_TRANSLATIONS, root / self.config.translations_dir])
        except ContentError as exc:
            raise PluginError(f"the help centre's content has problems:\n{exc}") from None
        for lang, key in i18n.missing_keys(strings, langs.all, langs.default):
            log.warning(
                f"UI string '{key}' has no '{lang}' text: readers see the '{langs.default}' text "
                f"— add it to {self.config.translations_dir}/{lang}.yml"
            )
        self.translator = i18n.Translator(strings, langs.default)
        self.not_found_pages = {}
        self.insight_records = self._read_insights()
        self._stop_indexer()
        # Languages index while the next ones render; once rendering ends, the last ones share the cores.
        # A `--jobs` process leaves the other cores to its sibling processes.
        workers = 1 if os.environ.get(parallel.LANGUAGES_ENV) else min(2, os.cpu_count() or 1)
        self.search = SearchBuild(
            search_location.index_dir(root, self.config.search_index_dir, self.config.internal), workers
        )

    def _read_catalog(self, config: MkDocsConfig) -> catalog.Catalog:
        """Every page, checked; the problems as a build error (which lists them all) and warnings."""
        langs, root = self.site_languages, _project_root(config)
        try:
            found, warnings = catalog.load(
                Path(config.docs_dir),
                langs.all,
                langs.default,
                use_directory_urls=config.use_directory_urls,
                root=root,
                include_internal=self.config.internal,
                include_drafts=self.preview is not None,  # `mkdocs serve` shows drafts, with a banner
                template_dirs=[Path(d) for d in config.theme.dirs],
                cache=self.page_cache,
            )
            if clashes := generated_pages.collisions(found, self.generated, root):
                raise ContentError(clashes)
        except ContentError as exc:
            if exc.catalog is not None:  # the pages at a generated page's address too, in the same run
                exc = ContentError(
                    exc.problems + generated_pages.collisions(exc.catalog, self.generated, root)
                )
            raise PluginError(f"the help centre's content has problems:\n{exc}") from None
        for warning in warnings:
            log.warning(str(warning))
        return found

    def _read_insights(self) -> insight_records.Records | None:
        """The receiver's rows, once per build, only for a build that has the insights page."""
        wanted = any(g.name == generated_pages.INSIGHTS.name for g in self.generated)
        if not (wanted and self.config.insights.db):
            return None
        try:
            return insight_records.read(self.config.insights.db)
        except insight_records.Unavailable as exc:
            raise PluginError(str(exc)) from None

    def _stop_indexer(self) -> None:
        if self.search is not None:
            self.search.close()
            self.search = None

    def on_build_error(self, error: Exception) -> None:
        self._stop_indexer()
        if self.preview is not None:
            self.preview.failed()
        if self.builds is not None:
            self.builds.error = error

    @event_priority(50)  # before static-i18n (-100) picks each language's files and their fallbacks
    def _hide_internal(self, files: Files, config: MkDocsConfig) -> Files:
        """Internal content never reaches the public build, nor drafts any build: not as a page, a copied
        file, a nav entry or a link. Removed before static-i18n sees it, an internal or draft translation
        of a public page is simply missing, so that language gets the default language's page instead."""
        for file in list(files):
            if self.catalog.hides(file.src_uri):
                files.remove(file)
        return files

    @event_priority(-150)  # after static-i18n has chosen this language's files: it must not see these
    def _add_generated_pages(self, files: Files, config: MkDocsConfig) -> Files:
        """The language's generated pages (core/generated_pages.py), rendered with the theme like any
        other page, but out of navigation (and, being no catalog pages, out of every listing and index)."""
        lang = i18nstate.current_language(config)
        for generated in self.generated:
            if not generated.in_language(self.catalog, lang):
                continue
            dest = generated.dest_path(self.catalog, lang)
            for file in files:  # pages were checked with the catalog (HC210); this catches any other file
                if file.dest_uri.casefold() == dest.casefold():
                    raise PluginError(self._clash_message(file, dest, generated, config))
            title = self.translator.t(lang, f"{generated.name}.title")
            page = File.generated(
                config,
                f"{lang}/{generated.folder}/index.md",
                content=f"---\ntitle: {json.dumps(title)}\n---\n",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            page.dest_uri = dest
            page.helpcentre_generated = generated
            files.append(page)
        return files

    @staticmethod
    def _clash_message(
        file: File, dest: str, generated: generated_pages.GeneratedPage, config: MkDocsConfig
    ) -> str:
        source = Path(file.abs_src_path) if file.abs_src_path else Path(config.docs_dir) / file.src_uri
        return (
            f"{display_path(source, _project_root(config))} would be published at /{dest}, where the help "
            f"centre writes its {generated.what}: rename it, or give the {generated.what} another folder "
            f"with the helpcentre plugin's `{generated.option}` option in mkdocs.yml"
        )

    @event_priority(-110)  # after static-i18n has localized the navigation
    def on_nav(self, navigation: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        lang = i18nstate.current_language(config)
        relabel(navigation.items, self.catalog, lang)
        escaping.mark_nav(navigation.items)
        self.navigation = navigation
        return navigation

    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        escaping.install(env)  # front-matter text is escaped wherever a template prints it
        env.bytecode_cache = theme.COMPILED  # before the first template loads
        if self.preview is not None:  # later edits can render with what this language's build had
            lang = i18nstate.current_language(config)
            self.language_builds[lang] = preview_render.LanguageBuild.capture(
                config, files, self.navigation, env
            )
        return env

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        if _generated(page):
            return markdown
        source = self.catalog.resolve(i18nstate.current_language(config), source_path(page.file))
        self.faq.kind = source.kind if source is not None else Kind.ARTICLE
        blanks = source.blanks if source is not None else None  # set on templates only
        self.template.placeholders = dict(blanks.placeholders) if blanks else {}
        self.template.active = blanks is not None
        return markdown

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        escaping.mark_page(page)
        if _generated(page):
            return html
        lang = i18nstate.current_language(config)
        path = source_path(page.file)
        source = self.catalog.resolve(lang, path)
        self.questions[path] = self.faq.questions
        # The language's public articles, fallbacks included: readers find what its navigation lists.
        # A preview that renders single pages keeps the last index (core/incremental.py).
        if (
            source is not None
            and not self.rendering_edits
            and self.catalog.visible(source)
            and source.kind.is_searchable
        ):
            category = views.category_of(self.catalog, lang, source)
            about = PageFacts(source.lang, *((category.title, category.url) if category else ()))
            self.search.add_page(
                self.catalog.url(lang, path), source.meta.title, source.kind, source.meta.tags, html, about
            )
        return html

    @event_priority(40)  # after static-i18n's own page context (50)
    def on_page_context(self, context: dict, page: Page, config: MkDocsConfig, nav: Navigation) -> dict:
        lang = i18nstate.current_language(config)
        if generated := _generated(page):
            return self._generated_page_context(context, lang, config, generated)
        path = source_path(page.file)
        if self.catalog.resolve(lang, path) is None:
            return context
        view = views.page_view(
            self.catalog, self.translator, lang, path, has_faq=bool(self.questions.get(path))
        )
        if view.is_fallback and config.site_url:
            page.canonical_url = config.site_url.rstrip("/") + "/" + view.canonical_url
        _set_alternates(
            config, [self._hreflang(link, config) for link in self._with_x_default(view.hreflang)]
        )
        context["helpcentre"] = self._context(lang, view.switcher, view, path)
        self.views[path] = view
        return context

    def _generated_page_context(
        self, context: dict, lang: str, config: MkDocsConfig, generated: generated_pages.GeneratedPage
    ) -> dict:
        """The language menu leads to the same page in the other languages (search-page.js adds the
        query), or their home pages where there is none. No hreflang links: a page left out of search
        engines needs none, and Material's script would fetch every one's sitemap.xml on each visit."""
        switcher = [
            views.Link(i18n.language_name(code), self._generated_or_home(generated, code), code)
            for code in self.catalog.languages
        ]
        _set_alternates(config, [])
        context["helpcentre"] = self._context(lang, switcher, generated_page=generated)
        if generated.name == generated_pages.CONTACT.name:
            context["helpcentre"].contact = contact_page.form(
                self.catalog, lang, self._support_address(), self._receiver()
            )
        home = self.catalog.resolve(lang, "index.md")
        context["helpcentre"].home_title = home.meta.title if home else config.site_name
        if generated.name == generated_pages.INSIGHTS.name:
            context["helpcentre"].generated_html = self._insights_html(lang, generated, config)
        return context

    def _generated_or_home(self, generated: generated_pages.GeneratedPage, lang: str) -> str:
        if generated.in_language(self.catalog, lang):
            return generated.url(self.catalog, lang)
        return self.catalog.url(lang, "index.md")

    def _insights_html(self, lang: str, generated: generated_pages.GeneratedPage, config: MkDocsConfig):
        project = insights.Project(
            self.catalog,
            Path(config.docs_dir),
            _project_root(config),
            insights.edit_link(config.repo_url, config.edit_uri, config.edit_uri_template),
        )
        found = insights.build(self.insight_records, project, datetime.now(UTC))
        return render_insights(
            found,
            lang,
            lambda key, **params: self.translator.t(lang, key, **params),
            lambda key: self._reason_label(lang, key),
            generated.url(self.catalog, lang),
        )

    def _reason_label(self, lang: str, key: str) -> str:
        """A reason's text as the widget shows it; the key for a reason no longer configured."""
        for code in (lang, self.catalog.default):
            if text := self.translator.strings.get(code, {}).get(f"feedback.reason.{key}"):
                return text if isinstance(text, str) else key
        return key

    def _results_url(self, lang: str) -> str:
        return generated_pages.find(self.generated, generated_pages.RESULTS).url(self.catalog, lang)

    def _contact_page(self) -> generated_pages.GeneratedPage | None:
        return generated_pages.find(self.generated, generated_pages.CONTACT)

    def _contact_url(self, lang: str) -> str:
        """Where "contact support" leads: the contact page when there is one, else `contact_url`."""
        contact = self._contact_page()
        return contact.url(self.catalog, lang) if contact else self.config.contact_url

    def _contact_page_url(self, lang: str) -> str:
        """The contact page a "No" vote offers, or "" when the site has none."""
        contact = self._contact_page()
        return contact.url(self.catalog, lang) if contact else ""

    def _support_address(self) -> str:
        return contact_page.support_address(self.config.contact_form.email, self.config.contact_url)

    def _receiver(self) -> str:
        """The feedback receiver's base URL; none in the agents' build (their visits would skew counts)."""
        return "" if self.config.internal else self.config.feedback.endpoint.rstrip("/")

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        return theme.valid_toggles(self._with_head(output, page, config))

    def _with_head(self, output: str, page: Page, config: MkDocsConfig) -> str:
        if self.config.internal or _generated(page):  # a results page is no answer to index
            return head.insert(output, head.NOINDEX)
        path = source_path(page.file)
        if path not in self.views or not config.site_url:
            return output
        publisher = jsonld.Publisher(
            self.config.publisher_name or config.site_name, config.site_url, self.config.publisher_logo
        )
        return head.insert(
            output,
            head.head_html(
                self.catalog,
                self.views[path],
                path,
                self.questions.get(path, []),
                site_url=config.site_url,
                site_name=config.site_name,
                publisher=publisher,
                share_image=self.config.share_image,
                search_url=config.site_url.rstrip("/") + "/" + self._results_url(self.views[path].lang),
            ),
        )

    def on_post_template(self, output: str, template_name: str, config: MkDocsConfig) -> str:
        if self.config.internal and template_name == "404.html":
            output = head.insert(output, head.NOINDEX)
        return theme.valid_toggles(output)

    def on_template_context(self, context: dict, template_name: str, config: MkDocsConfig) -> dict:
        lang = i18nstate.current_language(config)
        homes = [
            views.Link(i18n.language_name(code), self.catalog.url(code, "index.md"), code)
            for code in self.catalog.languages
        ]
        context["helpcentre"] = self._context(lang, homes)
        if template_name == "404.html":  # rendered before any page: drop the previous page's links
            _set_alternates(config, [self._hreflang(link, config) for link in homes])
        return context

    def _context(
        self, lang: str, switcher, view=None, path: str | None = None, generated_page=None
    ) -> TemplateContext:
        home = self.catalog.url(lang, "index.md")
        return TemplateContext(
            lang,
            self.translator,
            home,
            switcher,
            view,
            search_url=f"{home}search/",
            results_url=self._results_url(lang),
            generated_page=generated_page,
            page_script=theme.versioned(generated_page.script)
            if generated_page and generated_page.script
            else "",
            contact_url=self._contact_url(lang),
            contact_page_url=self._contact_page_url(lang),
            internal=self.config.internal,
            remember=tuple(self.config.remember_placeholders),
            **self._feedback_context(),
            sidebar=views.sidebar(self.catalog, self.translator, lang, path),
            page_url=self.catalog.url(lang, path) if path else "",
        )

    def _feedback_context(self) -> dict:
        base = self._receiver()
        if not base:  # agents' visits would skew what readers think
            return {}
        return {
            "feedback_endpoint": f"{base}/api/feedback",
            "feedback_reasons": tuple(self.config.feedback.reasons),
            "miss_endpoint": f"{base}/api/search-miss" if self.config.feedback.search_misses else "",
        }

    def _with_x_default(self, links: list[views.Link]) -> list[views.Link]:
        default = [
            views.Link(link.title, link.url, "x-default")
            for link in links
            if link.lang == self.catalog.default
        ]
        return links + default

    def _hreflang(self, link: views.Link, config: MkDocsConfig) -> dict:
        # Absolute where possible (search engines want it); else relative, made so by Material's `url` filter.
        href = config.site_url.rstrip("/") + "/" + link.url if config.site_url else link.url or "./"
        return {"name": link.title, "link": href, "lang": link.lang}

    @event_priority(0)  # before static-i18n (-100) starts the next language's build
    def _finish_language(self, config: MkDocsConfig) -> None:
        lang = i18nstate.current_language(config)
        if self.owned_languages is not None and lang not in self.owned_languages:
            return  # another `--jobs` process indexes it, or (serve) its index is kept from the last build
        self.search.finish_language(
            lang,
            self.catalog.default,
            search_location.site_folder(Path(config.site_dir), lang, self.catalog.default),
        )
        self._keep_not_found_page(config, lang)

    def _keep_not_found_page(self, config: MkDocsConfig, lang: str) -> None:
        """MkDocs writes 404.html to the site root in every language's build; keep each one."""
        rendered = Path(config.site_dir) / "404.html"
        if not rendered.exists():
            return
        self.not_found_pages[lang] = rendered.read_bytes()
        if lang != self.catalog.default:
            target = Path(config.site_dir) / lang / "404.html"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(self.not_found_pages[lang])

    @event_priority(-200)  # after static-i18n has built every language
    def _finish_site(self, config: MkDocsConfig) -> None:
        if not i18nstate.is_outer_build(config):
            return
        site = Path(config.site_dir)
        self._fill_related(site)
        has_robots = (site / "robots.txt").exists()  # copied from the docs, not kept from the last build
        if self.preview is not None:
            self.preview.restore()
        self._stop_indexer()
        if not self.config.internal:
            write_manifest(site, self.catalog, self.config.feedback.reasons, config.site_url or "")
        self._write(
            site,
            site_files.finish(
                self.catalog,
                self.translator,
                internal=self.config.internal,
                site_url=config.site_url or "",
                default_not_found=self.not_found_pages.get(self.catalog.default),
                has_robots=has_robots,
            ),
        )
        for lang, key in sorted(self.translator.missing):
            log.warning(f"UI string '{key}' was shown untranslated in '{lang}' pages")
        if not self.config.internal:
            self._guard_leaks(site, config)
        if self.preview is not None:
            self.preview.succeeded()

    def _fill_related(self, site: Path) -> None:
        """Related cards from this build's indexing."""
        try:
            for lang, related_pages in self.search.related():
                related.fill(site, self.catalog, self.translator, lang, related_pages)
                if self.preview is not None:
                    self.preview.related[lang] = related_pages
        except IndexingFailed as exc:
            raise PluginError(str(exc)) from None

    @staticmethod
    def _write(site: Path, files: site_files.SiteFiles) -> None:
        for name, data in files.write.items():
            (site / name).write_bytes(data)
        for name in files.remove:
            (site / name).unlink(missing_ok=True)
        for note in files.notes:
            log.info(note)
        for warning in files.warnings:
            log.warning(warning)

    def _guard_leaks(self, site: Path, config: MkDocsConfig, only: list[Path] | None = None) -> None:
        strings = [
            text
            for by_key in self.translator.strings.values()
            for value in by_key.values()
            for text in (value.values() if isinstance(value, dict) else [value])
        ]
        # The agents' generated pages, unless a writer's page is published at that address instead.
        agents_only = {
            generated.dest_path(self.catalog, lang): f"the agents' {generated.what}"
            for generated in generated_pages.configured({**self.config, "internal": True})
            if not generated.in_build(internal=False)
            and not generated_pages.collisions(self.catalog, [generated])
            for lang in self.catalog.languages
            if generated.in_language(self.catalog, lang)
        }
        leaks = leakguard.find_leaks(site, self.catalog, _project_root(config), strings, agents_only, only)
        if leaks:
            shown = "\n".join(f"  {leak}" for leak in leaks[:20])
            more = f"\n  … and {len(leaks) - 20} more" if len(leaks) > 20 else ""
            raise PluginError(
                f"internal content reached the public site in {site} — do not deploy it:\n"
                f"{shown}{more}\nThis is a bug of the help-centre build or of a theme override or "
                "plugin that copies pages: please report it."
            )

    @event_priority(-160)  # after static-i18n (-100), which needs every file's abs_src_path
    def _material_bundle(self, files: Files, config: MkDocsConfig) -> Files:
        theme.without_alternate_lookup(files)
        return files

    on_config = CombinedEvent(_unmark_config, _configure)
    on_files = CombinedEvent(_hide_internal, _add_generated_pages, _material_bundle)
    on_post_build = CombinedEvent(_finish_language, _finish_site)


def _generated(page: Page) -> generated_pages.GeneratedPage | None:
    return getattr(page.file, "helpcentre_generated", None)


def _shown_changed(before: catalog.Catalog, after: catalog.Catalog, lang: str, path: str) -> bool:
    """Whether what other pages show of a page (listings, cards, navigation) may have changed."""
    old, new = before.pages.get((lang, path)), after.pages.get((lang, path))
    return (
        old is None or new is None or (old.meta, old.kind, old.internal) != (new.meta, new.kind, new.internal)
    )


def _unlisted(lang: str, path: str) -> bool:
    return False


def _visibility_changed(before: catalog.Catalog, after: catalog.Catalog, plan: dict[str, set[str]]) -> bool:
    """Whether a planned page became internal, a draft or another kind: that adds or removes files."""
    for lang, paths in plan.items():
        for path in paths:
            old, new = before.pages.get((lang, path)), after.pages.get((lang, path))
            if (old is None) != (new is None) or (
                old is not None
                and (old.internal, old.kind, old.meta.draft) != (new.internal, new.kind, new.meta.draft)
            ):
                return True
    return False


def _set_alternates(config: MkDocsConfig, alternates: list[dict]) -> None:
    # static-i18n sets `extra.alternate` as an attribute, which Jinja reads before the dict item.
    config.extra.alternate = alternates


def _project_root(config: MkDocsConfig) -> Path:
    return Path(config.config_file_path or config.docs_dir).parent

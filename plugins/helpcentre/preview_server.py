"""`mkdocs serve` keeps serving when a build fails: every page answers at once with the problems.

MkDocs' own server holds every request until a build succeeds, so a content error made the browser
hang with the problem only in the terminal. Here a failed build counts as a finished one (MkDocs
then tells open pages to reload), the error is printed without a traceback when it is the
writer's, and page requests get core/preview_error.py's page until a build succeeds. The first
build runs before MkDocs calls `on_serve`, so `guard_first_build` wraps the function MkDocs
builds with for it; later builds go through the server's builder, wrapped in `install`.
"""

from __future__ import annotations

import logging
import threading
import traceback
from pathlib import Path

from mkdocs.commands import build as mkdocs_build
from mkdocs.commands import serve as mkdocs_serve
from mkdocs.exceptions import Abort, BuildError, MkDocsException

from .core import i18n, preview_error
from .core.preview_error import Failure

log = logging.getLogger("mkdocs.plugins.helpcentre.preview")
TRANSLATIONS = Path(__file__).parent / "translations"
ASSETS = Path(__file__).parent / "templates" / "assets" / "helpcentre"
WAIT_SECONDS = 25  # a reload poll is answered "same" after this, and the page asks again
PAGE_SUFFIXES = ("", ".html", ".htm")
POLICY = "default-src 'self'; base-uri 'none'; form-action 'none'"
NOTE = "The preview shows these problems on every page until a build succeeds."


class Builds:
    """The outcome of the latest build, shared by the build loop and the request threads."""

    def __init__(self, languages: list[str], default: str) -> None:
        self.languages, self.default = languages, default
        self.failure: Failure | None = None
        self.count = 0  # builds finished, failed or not
        self.finished = threading.Condition()
        self.translator = i18n.Translator(i18n.load_strings([TRANSLATIONS]), "en")
        self.error: BaseException | None = None  # what `on_build_error` saw, before MkDocs rewords it

    def run(self, build, *args, **kwargs) -> None:
        """Run one build; a failure is recorded and reported, not raised."""
        self.error = None
        warnings = _Warnings()
        logging.getLogger("mkdocs").addHandler(warnings)
        try:
            build(*args, **kwargs)
            failure, report = None, ""
        except (Exception, SystemExit) as exc:  # MkDocs' Abort (strict mode) is a SystemExit
            text, report = self._describe(exc)
            if isinstance(exc, Abort) and not isinstance(self.error, BuildError):  # strict: the warnings
                text = "\n".join([text, *warnings.messages])
            failure = Failure.from_text(text, self.count + 1)
        finally:
            logging.getLogger("mkdocs").removeHandler(warnings)
        with self.finished:  # before the terminal says so: pages answer with it from then on
            self.count += 1
            self.failure = failure
            self.finished.notify_all()
        if report:
            log.error(report)

    def wait(self, after: int) -> bool:
        """True once a build later than `after` has finished; False if none did for a while."""
        with self.finished:
            return self.finished.wait_for(lambda: self.count > after, timeout=WAIT_SECONDS)

    def _describe(self, exc: BaseException) -> tuple[str, str]:
        """The error's text for the page, and what the terminal should print."""
        if isinstance(self.error, BuildError) and isinstance(exc, Abort):
            # MkDocs has printed the plugin's message and raised "Aborted with a BuildError!" instead
            return str(self.error), NOTE
        if isinstance(exc, MkDocsException):  # the writer's problem (content, configuration)
            text = str(exc) or type(exc).__name__
            return text, f"{text}\n{NOTE}"
        # a bug: the traceback helps report it
        return f"{type(exc).__name__}: {exc}", "".join(traceback.format_exception(exc))


class _Warnings(logging.Handler):
    """The warnings of one build: in strict mode they are what failed it."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if not record.name.startswith("mkdocs.livereload"):  # requests answered meanwhile
            self.messages.append(record.getMessage())


def guard_first_build(builds: Builds) -> None:
    """MkDocs' serve command builds once before the server exists, with its module's `build`."""
    if getattr(mkdocs_serve, "build", None) is not mkdocs_build.build:
        return  # another MkDocs, or wrapped already: then a first failure stops `mkdocs serve` as before

    def guarded(*args, **kwargs):
        mkdocs_serve.build = mkdocs_build.build  # once: later builds go through the server's builder
        builds.run(mkdocs_build.build, *args, **kwargs)

    mkdocs_serve.build = guarded


def install(server, builds: Builds):
    """Wrap the server's builder and its web application."""
    build = server.builder
    server.builder = lambda *args, **kwargs: builds.run(build, *args, **kwargs)
    serve = server.get_app()
    mount = getattr(server, "mount_path", "/")

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "/").encode("latin-1").decode("utf-8", "ignore")
        if path.startswith(preview_error.ASSETS):
            return _asset(path[len(preview_error.ASSETS) :], environ, start_response, builds)
        failure = builds.failure
        if failure is None or not _is_page(path):
            return serve(environ, start_response)
        lang = preview_error.language_of(path, mount, builds.languages, builds.default)
        body = preview_error.page(failure, lang, builds.translator).encode("utf-8")
        start_response(
            "500 Internal Server Error",
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Length", str(len(body))),
                ("Cache-Control", "no-store"),
                ("Content-Security-Policy", POLICY),  # proof that it needs no inline script or style
            ],
        )
        return [body]

    server.set_app(app)
    return server


def _is_page(path: str) -> bool:
    if path.startswith("/livereload/"):
        return False
    name = path.rsplit("/", 1)[-1]
    return "." not in name or name.endswith(PAGE_SUFFIXES[1:])


def _asset(name: str, environ, start_response, builds: Builds):
    if name == preview_error.WAIT:
        after = environ.get("QUERY_STRING", "").partition("after=")[2].split("&")[0]
        built = builds.wait(int(after)) if after.isdigit() else True
        return _answer(start_response, b"built" if built else b"same", "text/plain")
    if name in (preview_error.SCRIPT, preview_error.STYLESHEET):
        kind = "text/javascript" if name.endswith(".js") else "text/css"
        return _answer(start_response, (ASSETS / name).read_bytes(), f"{kind}; charset=utf-8")
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"404 Not Found"]


def _answer(start_response, body: bytes, content_type: str):
    start_response(
        "200 OK",
        [("Content-Type", content_type), ("Content-Length", str(len(body))), ("Cache-Control", "no-store")],
    )
    return [body]

"""The handbook builds warning-free with the plugin itself, the README stays short and its links resolve,
and the deploy recipes in deploy/ are what they claim, as far as can be checked offline."""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ENV, ROOT, mkdocs_build

HANDBOOK = ROOT / "handbook"
DEPLOY = ROOT / "deploy"
README = ROOT / "README.md"
README_MAX_LINES = 160
# Inline links and images, `[text](target "title")`, and reference definitions, `[label]: target`.
INLINE_LINK = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
REFERENCE_LINK = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
FENCE = re.compile(r"^(```|~~~).*?^\1", re.MULTILINE | re.DOTALL)
CLI_FLAG = re.compile(r"(?<![\w-])--[a-z][a-z-]+")


def helpcentre(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "helpcentre.cli", *args], cwd=ROOT, capture_output=True, text=True, env=ENV
    )


# The handbook


def test_the_handbook_builds_with_strict_and_shows_its_figures(tmp_path):
    site = tmp_path / "handbook-site"
    result = mkdocs_build(HANDBOOK, site)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    for page in [
        "writers/writer-tools",
        "agents/templates",
        "operators/deploying",
        "operators/receiver-limits",
        "reference/configuration",
        "development/architecture",
        "development/benchmarks",
        "reference/search-internals",
        "reference/known-limitations",
    ]:
        assert (site / page / "index.html").is_file(), page
    for page, image in [
        ("development/architecture", "data-path.svg"),
        ("development/benchmarks", "build-ms-per-page.svg"),
        ("reference/what-it-does", "screenshot.png"),
    ]:
        html = (site / page / "index.html").read_text(encoding="utf-8")
        assert f'src="../../assets/{image}"' in html, (page, image)
        assert (site / "assets" / image).is_file(), image


def test_helpcentre_check_finds_nothing_to_warn_about_in_the_handbook(tmp_path):
    copy = tmp_path / "handbook"
    shutil.copytree(HANDBOOK, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    result = helpcentre("check", str(copy))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 error(s), 0 warning(s)" in result.stdout + result.stderr, result.stdout + result.stderr
    # The same run sees a problem in a handbook page: it did read the pages.
    (copy / "docs/en/writers/writing-articles.md").open("a", encoding="utf-8").write("\n[x](gone.md)\n")
    broken = helpcentre("check", str(copy))
    assert broken.returncode == 1 and "HC502" in broken.stdout, broken.stdout + broken.stderr


def test_the_configuration_reference_names_every_plugin_option():
    from helpcentre.config import ContactFormConfig, FeedbackConfig, HelpCentreConfig

    reference = (HANDBOOK / "docs/en/reference/configuration.md").read_text(encoding="utf-8")
    groups = {"feedback": FeedbackConfig, "contact_form": ContactFormConfig}
    options = [name for name, _ in HelpCentreConfig._schema if name not in groups]
    options += [f"{group}.{name}" for group, schema in groups.items() for name, _ in schema._schema]
    missing = [name for name in options if f"| `{name}` |" not in reference]
    assert not missing, f"add these options to the configuration reference: {missing}"


# The README


def test_the_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= README_MAX_LINES, f"README.md has {len(lines)} lines: move detail into the handbook"


def test_every_relative_link_in_the_readme_resolves_to_a_file_in_the_repository():
    text = FENCE.sub("", README.read_text(encoding="utf-8"))
    targets = INLINE_LINK.findall(text) + REFERENCE_LINK.findall(text)
    relative = [t for t in targets if not re.match(r"[a-z][a-z0-9+.-]*:|#|//", t, re.IGNORECASE)]
    assert [t for t in relative if t.startswith("handbook/docs/en/")], "the README links into the handbook"
    broken = [t for t in relative if not (ROOT / t.split("#")[0]).resolve().exists()]
    assert not broken, f"README.md links to missing files: {broken}"


# Deploy recipes


def _jobs_text(workflow: dict) -> dict[str, str]:
    return {name: yaml.safe_dump(job) for name, job in workflow["jobs"].items()}


def test_the_workflow_publishes_public_and_agents_sites_to_separate_targets():
    workflow = yaml.safe_load((DEPLOY / "github-actions.yml").read_text(encoding="utf-8"))
    jobs = _jobs_text(workflow)
    internal = [name for name, text in jobs.items() if "mkdocs.internal.yml" in text]
    public = [name for name, text in jobs.items() if "mkdocs build" in text and name not in internal]
    assert internal and public, jobs.keys()
    pages = [name for name, text in jobs.items() if "upload-pages-artifact" in text or "deploy-pages" in text]
    assert pages, "the public site goes to GitHub Pages"
    for name in internal:
        for public_target in ("upload-pages-artifact", "deploy-pages", "upload-artifact", "gh-pages"):
            assert public_target not in jobs[name], f"{name} builds the agents' site, uses {public_target}"
        assert "rsync" in jobs[name] and "secrets." in jobs[name]
    for name in public + pages:
        assert "site-internal" not in jobs[name] and "mkdocs.internal.yml" not in jobs[name], name
        needs = workflow["jobs"][name].get("needs", [])
        assert not set([needs] if isinstance(needs, str) else needs) & set(internal), name


def _serve_flags() -> set[str]:
    result = helpcentre("feedback", "serve", "--help")
    assert result.returncode == 0, result.stderr
    return set(CLI_FLAG.findall(result.stdout))


def _exec_start(unit: str) -> str:
    joined = re.sub(r"\\\n\s*", " ", unit)
    return re.search(r"^ExecStart=(.+)$", joined, re.MULTILINE).group(1)


def test_the_systemd_unit_runs_the_receiver_unprivileged_with_real_flags():
    unit = (DEPLOY / "helpcentre-feedback.service").read_text(encoding="utf-8")
    command = shlex.split(_exec_start(unit))
    assert command[1:3] == ["feedback", "serve"]
    assert set(CLI_FLAG.findall(" ".join(command))) <= _serve_flags()
    for setting in [
        "DynamicUser=yes",
        "NoNewPrivileges=yes",
        "ProtectSystem=strict",
        "ProtectHome=yes",
        "PrivateTmp=yes",
        "CapabilityBoundingSet=\n",
        "ReadWritePaths=/var/lib/helpcentre-feedback",
    ]:
        assert setting in unit, setting
    database = re.search(r"--db sqlite:///(\S+)", " ".join(command)).group(1)
    assert database.startswith("/var/lib/helpcentre-feedback/"), "the database lives in the writable folder"
    assert "User=root" not in unit


def test_systemd_analyze_accepts_the_unit(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    installed = Path(sys.executable).parent / "helpcentre"
    unit = (DEPLOY / "helpcentre-feedback.service").read_text(encoding="utf-8")
    copy = tmp_path / "helpcentre-feedback.service"
    copy.write_text(unit.replace("/opt/helpcentre/bin/helpcentre", str(installed)), encoding="utf-8")
    result = subprocess.run(["systemd-analyze", "verify", str(copy)], capture_output=True, text=True)
    problems = [line for line in result.stderr.splitlines() if copy.name in line]
    assert result.returncode == 0 and not problems, result.stderr


def test_the_containerfile_runs_the_receiver_as_a_non_root_user_with_its_database_on_a_volume():
    text = (DEPLOY / "Containerfile").read_text(encoding="utf-8")
    instructions = re.sub(r"\\\n\s*", " ", re.sub(r"^\s*#.*\n", "", text, flags=re.MULTILINE))
    assert re.search(r"^FROM python:3\.11-slim$", instructions, re.MULTILINE)
    user = re.findall(r"^USER (\S+)$", instructions, re.MULTILINE)
    assert user and user[-1].split(":")[0] not in ("root", "0"), user
    assert re.search(r'^VOLUME \["/data"\]$', instructions, re.MULTILINE)
    assert "[feedback]" in instructions
    entrypoint = yaml.safe_load(re.search(r"^ENTRYPOINT (\[.+\])$", instructions, re.MULTILINE).group(1))
    cmd = yaml.safe_load(re.search(r"^CMD (\[.+\])$", instructions, re.MULTILINE).group(1))
    assert entrypoint[:3] == ["helpcentre", "feedback", "serve"]
    assert "sqlite:////data/feedback.sqlite3" in entrypoint
    usage = " ".join(re.findall(r"--(?:origin|trusted-proxy) \S+", text))
    assert set(CLI_FLAG.findall(" ".join(entrypoint + cmd) + " " + usage)) <= _serve_flags()


NGINX_CONF = DEPLOY / "nginx.conf"


def test_nginx_conf_sets_what_the_receiver_relies_on():
    conf = NGINX_CONF.read_text(encoding="utf-8")
    for directive in [
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "client_max_body_size 4k;",
        "limit_conn feedback_conn",
        "limit_req zone=feedback_req",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "access_log off;",
    ]:
        assert directive in conf, directive
    demo = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!ENV", ""))
    languages = demo["plugins"]["i18n"]["languages"]
    for lang in [entry["locale"] for entry in languages if not entry.get("default")]:
        assert f"location /{lang}/ {{ error_page 404 /{lang}/404.html; }}" in conf, lang
    assert "location /    { error_page 404 /404.html; }" in conf


def test_nginx_sends_the_csp_the_handbook_documents():
    deploying = (HANDBOOK / "docs/en/operators/deploying.md").read_text(encoding="utf-8")
    block = re.search(r"```http\nContent-Security-Policy: (.+?)\n```", deploying, re.DOTALL).group(1)
    documented = " ".join(block.split())
    header = re.search(r'add_header Content-Security-Policy "([^"]+)" always;', NGINX_CONF.read_text())
    sent = header.group(1)
    assert sent == documented


def test_nginx_accepts_the_configuration(tmp_path):
    if shutil.which("nginx") is None or shutil.which("openssl") is None:
        pytest.skip("nginx or openssl is not installed (apt-get install nginx-light openssl)")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    made = subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=test",
            "-days",
            "1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    conf = NGINX_CONF.read_text(encoding="utf-8")
    conf = conf.replace("/etc/ssl/helpcentre/fullchain.pem", str(cert))
    conf = conf.replace("/etc/ssl/helpcentre/privkey.pem", str(key))
    (tmp_path / "nginx.conf").write_text(conf, encoding="utf-8")
    command = ["nginx", "-t", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path), "-e", "stderr"]
    result = subprocess.run(command, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "[warn]" not in result.stderr, result.stderr

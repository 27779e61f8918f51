"""Our source scanners stay linear on pathological lines: each runs on 100,000 characters of one
shape in a child process (a runaway regular expression cannot be interrupted in-process) and must
finish in under 2 s, which a quadratic or cubic pattern cannot (the old heading pattern took 18 s
at 2,000 characters)."""

from __future__ import annotations

import subprocess
import sys

import pytest

N = 100_000
SHAPES = {
    "spaces in a heading": "'# a' + ' ' * N + 'b'",
    "'['": "'[' * N",
    "']('": "'](' * (N // 2)",
    "'[]('": "'[](' * (N // 3)",
    "'!['": "'![' * (N // 2)",
    "'#'": "'#' * N",
    "'{' after a heading": "'## a {' + '{' * N",
    "'{' then '}'": "'## a ' + '{' * N + '}'",
    "'<a href='": "'<a href=\"' * (N // 9)",
    "backticks": "'`' * N",
    "'*'": "'*' * N",
    "'[x]' placeholders": "'[x] ' * (N // 4)",
    "'[' then a long label": "'[' + 'a' * N",
    "reference definition": "'[' + 'a' * N + ']:'",
}
SCANNERS = {
    "links": "list(links._targets(body, 1)); links.anchors(page)",
    "faq": "faq.check_source(body, 1, 'faq', 'x.md'); faq.check_source(body, 1, 'article', 'x.md')",
    "agent_templates": "agent_templates.check_source(types.SimpleNamespace(subject=None, channel='call', "
    "placeholders={'a': 'agent'}), body, 1, {}, 'x.md')",
}
PROGRAM = """
import time, types
from helpcentre.core import agent_templates, faq, links
N = {n}
line = {line}
body = 'Intro.\\n\\n' + line + '\\n\\nEnd.\\n'
page = types.SimpleNamespace(lang='en', path='a.md', body=body)
started = time.perf_counter()
{scanner}
print(time.perf_counter() - started)
"""


@pytest.mark.parametrize("scanner", list(SCANNERS))
@pytest.mark.parametrize("shape", list(SHAPES))
def test_scanner_is_linear_on_a_pathological_line(scanner, shape):
    program = PROGRAM.format(n=N, line=SHAPES[shape], scanner=SCANNERS[scanner])
    try:
        result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail(f"{scanner} took over 30 s on {shape}")
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 2.0, f"{scanner} took {float(result.stdout):.1f} s on {shape}"


def test_many_headings_are_checked_in_linear_time():
    """FAQ answers and sections were found by rescanning every later heading for each heading."""
    program = PROGRAM.format(
        n=0,
        line="'\\n\\n'.join(f'## Question {i}?\\n\\nAnswer.' for i in range(20_000))",
        scanner=SCANNERS["faq"],
    )
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 2.0


def test_3_000_front_matter_keys_are_read_in_linear_time():
    """Each key's line was searched for with a pattern over the whole block: quadratic."""
    program = """
import time
from helpcentre.core import frontmatter
keys = '\\n'.join(f'key{i}: v' for i in range(3_000))
raw = f'---\\ntitle: T\\ndescription: d\\n{keys}\\n---\\nText.\\n'.encode()
started = time.perf_counter()
parsed = frontmatter.parse(raw, 'x.md')
assert len(parsed.problems) == 3_000, parsed.problems[:3]
print(time.perf_counter() - started)
"""
    result = subprocess.run([sys.executable, "-c", program], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert float(result.stdout) < 1.0

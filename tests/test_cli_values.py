"""The values the command's options take (``cli_values``): each is read as argparse's ``type=`` reads it, and a value
the option does not take is refused with what it takes, which argparse prints after the option's name."""

from __future__ import annotations

import argparse
import doctest
from collections.abc import Callable

import pytest

from assistant import cli_values
from assistant.knowledge import EMPTY_PATH


def test_the_examples_hold() -> None:
    results = doctest.testmod(cli_values, verbose=False, report=True)
    assert results.attempted > 0 and results.failed == 0


@pytest.mark.parametrize(("value", "origin"), [
    ("https://example.com", "https://example.com"),
    ("https://example.com/", "https://example.com"),
    ("HTTPS://Example.COM", "https://example.com"),
    ("https://example.com:443", "https://example.com"),     # the browser leaves a default port out of the origin
    ("http://example.com:80", "http://example.com"),
    ("http://localhost:8080", "http://localhost:8080"),
    ("http://[::1]:80", "http://[::1]"),
    ("https://example.com:", "https://example.com"),          # an empty port is none
    ("https://example.com:/", "https://example.com"),
    ("*", "*"),                                               # any page
])
def test_a_cors_origin_is_written_as_the_browser_sends_it(value: str, origin: str) -> None:
    assert cli_values.origin(value) == origin


@pytest.mark.parametrize(("value", "message"), [
    ("example.com", "'example.com' is not an origin: write the scheme and host (and port) of the page, e.g. "
                    "https://example.com, or * for any page"),
    ("https://example.com/chat", "'https://example.com/chat' is not an origin"),    # a page, not its origin
    ("", "'' is not an origin"),
    ("//example.com", "'//example.com' is not an origin"),
    # a browser sends one page's origin, never a pattern: a wildcard host would silently let no page through
    ("https://*.example.com", "'https://*.example.com': a '*' in the host matches no page: give each page's origin "
                              "(repeat --cors), or * alone for any page"),
    ("https://example.com:99999", "'https://example.com:99999' is not an origin: write the scheme and host (and a port "
                                  "from 1 to 65535) of the page, e.g. https://example.com, or * for any page"),
    ("https://example.com:0", "'https://example.com:0' is not an origin"),
    ("https://user@example.com", "'https://user@example.com' is not an origin"),
])
def test_a_cors_value_no_browser_sends_is_refused(value: str, message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        cli_values.origin(value)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize(("read", "value", "expected"), [
    (cli_values.threshold, "0", 0.0),
    (cli_values.threshold, "72.5", 72.5),
    (cli_values.threshold, "100", 100.0),
    (cli_values.percentage, "90", 90.0),
    (cli_values.port, "0", 0),
    (cli_values.port, "65535", 65535),
    (cli_values.port, "８０", 80),                     # typed with a Chinese input method's digits
    (cli_values.positive, "1", 1),
    (cli_values.positive, "64", 64),
    (cli_values.kb_path, "my-faq.yaml", "my-faq.yaml"),
])
def test_a_value_the_option_takes_is_read(read: Callable[[str], object], value: str, expected: object) -> None:
    assert read(value) == expected


@pytest.mark.parametrize(("read", "value", "message"), [
    (cli_values.threshold, "abc", "'abc' is not a number from 0 to 100"),
    (cli_values.threshold, "nan", "'nan' is not a number from 0 to 100"),
    (cli_values.threshold, "100.5", "'100.5' is not a number from 0 to 100"),
    (cli_values.percentage, "-1", "'-1' is not a percentage from 0 to 100"),
    (cli_values.percentage, "nan", "'nan' is not a percentage from 0 to 100"),
    (cli_values.port, "70000", "'70000' is not a port number from 0 to 65535"),
    (cli_values.port, "²", "'²' is not a port number from 0 to 65535"),      # a digit, but no number
    (cli_values.positive, "0", "'0' is not a whole number from 1 to 64"),
    (cli_values.positive, "²", "'²' is not a whole number from 1 to 64"),
    (cli_values.positive, "-2", "'-2' is not a whole number from 1 to 64"),
    (cli_values.kb_path, "", EMPTY_PATH),
])
def test_a_value_the_option_does_not_take_is_refused_with_what_it_takes(read: Callable[[str], object], value: str,
                                                                        message: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        read(value)
    assert str(refused.value).startswith(message)

"""The single version source: the VERSION file at the repository root, read at
install time by setuptools and at run time from package metadata."""

from __future__ import annotations

from importlib import metadata

try:
    __version__ = metadata.version("aigovkg")
except metadata.PackageNotFoundError:  # running from a source tree without install
    __version__ = "0.0.0+unknown"

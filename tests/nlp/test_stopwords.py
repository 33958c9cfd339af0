"""The frozen English stop-word list, and that the stages which weigh words use it."""

from __future__ import annotations

import subprocess
import sys

import pytest

from newsweave.nlp.stopwords import ENGLISH_STOP_WORDS
from newsweave.stages.cluster.stopwords import STOPWORDS
from newsweave.stages.facts.text_units import STOP_WORDS


def test_the_list_is_scikit_learns() -> None:
    text = pytest.importorskip("sklearn.feature_extraction.text")
    assert ENGLISH_STOP_WORDS == text.ENGLISH_STOP_WORDS


def test_both_stages_extend_the_english_list_with_newsroom_words() -> None:
    assert ENGLISH_STOP_WORDS < STOPWORDS and ENGLISH_STOP_WORDS < STOP_WORDS
    assert {"said", "told", "mr"} <= STOPWORDS & STOP_WORDS
    assert "okafor" not in STOPWORDS | STOP_WORDS


def test_clustering_does_not_import_scikit_learn() -> None:
    code = "import sys, newsweave.stages.cluster.stage; print('sklearn' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"

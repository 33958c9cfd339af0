"""Support counts for candidate sentences from the "same fact" model across source families.

The pipeline will fill ``support`` from its facts table; this helper computes the same thing
directly from sentences, so that a benchmark without a pipeline (NeuS) goes through the same
selector with support found by the same model.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt

from newsweave.stages.facts.similarity import SameFactModel, load_same_fact_model
from newsweave.stages.summarize.models import CandidateSentence


def annotate_support(
    candidates: Sequence[CandidateSentence],
    embeddings: npt.NDArray[np.float32],
    model: SameFactModel | None = None,
) -> list[CandidateSentence]:
    """Copies of ``candidates`` with ``support``, ``cited_articles`` and ``same_fact_as`` set.

    Two sentences support each other when the model judges them the same fact (a conflict in a
    number, date or name is not support). Support counts distinct families, the own one included.
    """
    model = model or load_same_fact_model()
    judgements = model.align(
        [c.text for c in candidates], [c.family_id for c in candidates], embeddings
    )
    aligned: dict[int, set[int]] = defaultdict(set)
    for judgement in judgements:
        if judgement.same_fact:
            aligned[judgement.index_a].add(judgement.index_b)
            aligned[judgement.index_b].add(judgement.index_a)
    annotated = []
    for i, candidate in enumerate(candidates):
        partners = sorted(aligned[i])
        families = {candidate.family_id, *(candidates[j].family_id for j in partners)}
        annotated.append(
            replace(
                candidate,
                support=len(families),
                cited_articles=tuple(
                    sorted({candidate.article_id, *(candidates[j].article_id for j in partners)})
                ),
                same_fact_as=tuple(candidates[j].sentence_id for j in partners),
            )
        )
    return annotated

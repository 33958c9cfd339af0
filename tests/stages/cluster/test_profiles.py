"""Running group profiles and sparse term vectors (cluster stage internals)."""

from __future__ import annotations

import math

import numpy as np

from newsweave.nlp.embed import DIMENSIONS
from newsweave.stages.cluster.profiles import Profile
from newsweave.stages.cluster.similarity import SparseVector, TermSpace


def _embedding() -> np.ndarray:
    return np.zeros(DIMENSIONS, dtype=np.float32)


def _terms(profile: Profile) -> dict[int, float]:
    terms = profile.terms
    assert terms.ids.tolist() == sorted(terms.ids.tolist())  # ids ascending, each once
    assert len(set(terms.ids.tolist())) == len(terms.ids)
    return dict(zip(terms.ids.tolist(), terms.weights.tolist(), strict=True))


def test_sparse_vector_sorts_ids_and_keeps_each_weight_with_its_id() -> None:
    vector = SparseVector.from_pairs({7: 0.5, 2: 1.5, 40: 2.0, 0: 3.0})
    assert vector.ids.tolist() == [0, 2, 7, 40]
    assert vector.weights.tolist() == [3.0, 1.5, 0.5, 2.0]


def test_term_space_damps_counts_and_gives_new_terms_new_ids() -> None:
    space = TermSpace()
    first = space.vector([("nato", 1), ("warsaw", 3)])
    second = space.vector([("warsaw", 1), ("tusk", 10)])
    assert first.ids.tolist() == [0, 1]
    assert first.weights.tolist() == [1.0, 1.0 + math.log(3)]
    assert second.ids.tolist() == [1, 2]  # "warsaw" keeps its id
    assert second.weights.tolist() == [1.0, 1.0 + math.log(10)]
    assert space.vector([("nato", 0)]).weights.tolist() == [0.0]
    # Counts past the precomputed table are damped the same way.
    assert space.vector([("nato", 500)]).weights.tolist() == [1.0 + math.log(500)]


def test_profile_sums_weights_and_keeps_the_heaviest_terms_past_its_cap() -> None:
    profile = Profile(cap=4)
    profile.add(SparseVector.from_pairs({1: 1.0, 2: 2.0, 3: 3.0}), _embedding())
    profile.add(SparseVector.from_pairs({1: 0.5, 4: 0.25}), _embedding())
    assert _terms(profile) == {1: 1.5, 2: 2.0, 3: 3.0, 4: 0.25}
    # Past half again the cap (6 terms), only the cap's heaviest stay; equal weights keep the
    # smaller term id.
    profile.add(SparseVector.from_pairs({5: 2.0, 6: 0.1, 7: 0.1}), _embedding())
    assert _terms(profile) == {1: 1.5, 2: 2.0, 3: 3.0, 5: 2.0}
    # Trimming again keeps the heaviest of what is there and what comes.
    profile.add(SparseVector.from_pairs({8: 5.0, 9: 0.5, 10: 0.5}), _embedding())
    assert _terms(profile) == {8: 5.0, 3: 3.0, 2: 2.0, 5: 2.0}


def test_merging_profiles_sums_terms_and_vectors() -> None:
    a, b = Profile(cap=10), Profile(cap=10)
    one = np.ones(DIMENSIONS, dtype=np.float32)
    a.add(SparseVector.from_pairs({1: 1.0, 2: 2.0}), one)
    b.add(SparseVector.from_pairs({2: 0.5, 3: 4.0}), 2 * one)
    a.merge(b)
    assert _terms(a) == {1: 1.0, 2: 2.5, 3: 4.0}
    assert _terms(b) == {2: 0.5, 3: 4.0}  # the absorbed profile is left as it was
    assert a.vector_sum.tolist() == (3 * one).tolist()


def test_a_member_taken_out_of_an_untrimmed_profile_leaves_the_others_sum() -> None:
    space = TermSpace()
    vectors = [
        space.vector([("port", 2), ("strike", 1), ("gdansk", 1)]),
        space.vector([("port", 1), ("strike", 3), ("brussels", 1)]),
        space.vector([("port", 1), ("minister", 1)]),
    ]
    embeddings = [np.full(DIMENSIONS, v, dtype=np.float32) for v in (0.1, 0.2, 0.4)]
    whole = Profile(1_000_000)
    for vector, embedding in zip(vectors, embeddings, strict=True):
        whole.add(vector, embedding)
    others = Profile(1_000_000)
    for vector, embedding in zip(vectors[::2], embeddings[::2], strict=True):
        others.add(vector, embedding)
    rest = whole.without(vectors[1], embeddings[1], cap=1_000_000)
    assert _terms(rest).keys() == _terms(others).keys()  # "brussels", only the second's, is gone
    assert np.allclose(list(_terms(rest).values()), list(_terms(others).values()))
    assert np.allclose(rest.vector_sum, others.vector_sum)
    # The whole profile is left as it was; the rest is bounded by the cap it is given.
    assert len(_terms(whole)) == 5
    assert len(_terms(whole.without(vectors[1], embeddings[1], cap=2))) == 2

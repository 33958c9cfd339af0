"""An id prefix that several stories share is refused with the candidates, like an article's."""

from __future__ import annotations

import pytest

from newsweave.errors import UsageError
from newsweave.queries import find_story
from newsweave.store import Store


def test_a_shared_story_prefix_lists_the_stories_it_matches() -> None:
    with Store.open(":memory:") as store:
        ids = [f"st-abcd{n:08x}" for n in range(7)]
        store.connection.executemany(
            "INSERT INTO stories (id, storyline_id, title, date, place, articles, data)"
            " VALUES (?, 'sl-x', 'A title', NULL, NULL, 1, '{}')",
            [(i,) for i in ids],
        )
        with pytest.raises(UsageError) as refused:
            find_story(store, "st-ABCD")
    message = str(refused.value)
    assert message.startswith("'st-ABCD' matches 7 stories (st-abcd00000000, ")
    assert message.endswith(", ...); give more digits") and ids[5] not in message

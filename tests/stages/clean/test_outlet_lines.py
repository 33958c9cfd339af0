"""An outlet's furniture: lines repeated across its different stories, stories told by their
lines and their titles."""

from __future__ import annotations

from builders.stories import INDEPENDENT, ORIGINAL, REWRITE, text
from newsweave.hashing import hash64
from newsweave.models import Document
from newsweave.stages.clean.line_features import normalise_line
from newsweave.stages.clean.stage import repeated_lines
from newsweave.store import Store

BIO = (
    "Jane Example is a senior reporter for the Harbour Post who covers emergencies, "
    "infrastructure and the city council."
)
APPEAL = "Our reporting is made possible by readers like you, so please consider a donation today."


def doc(body: str, title: str, outlet: str = "Harbour Post") -> Document:
    return Document(id=f"{hash64(body + title):016x}", path=f"{title}.json", locator="",
                    container="json", body_format="text", content=body, title=title,
                    outlet=outlet)  # fmt: skip


def furniture(store: Store, docs: list[Document], batch: int = 1) -> list[set[str]]:
    """Each document's furniture, the documents recorded ``batch`` at a time in order."""
    found: dict[str, frozenset[str]] = {}
    for start in range(0, len(docs), batch):
        found.update(repeated_lines(store, docs[start : start + batch]))
    return [set(found[d.id]) for d in docs]


def test_a_story_developing_under_new_titles_is_not_its_own_furniture() -> None:
    # Each version drops the oldest lead, adds an update and carries a new headline.
    versions = [
        doc(text([*ORIGINAL[n:], f"This story was updated {n + 1} times."]), f"Headline {n}")
        for n in range(4)
    ]
    for batch in (1, 4):
        with Store.open(":memory:") as store:
            assert furniture(store, versions, batch) == [set()] * 4


def test_copies_under_one_title_edited_line_by_line_are_one_story() -> None:
    # Each copy keeps the lead and rewords the rest: far less than half its text is shared.
    sources = (ORIGINAL[2:], INDEPENDENT, REWRITE[1:])
    copies = [doc(text([*ORIGINAL[:1], *rest]), "Quake hits Harborville") for rest in sources]
    with Store.open(":memory:") as store:
        assert furniture(store, copies, batch=3) == [set()] * 3


def test_a_bio_and_an_appeal_across_different_stories_are_furniture() -> None:
    # Three different stories (one a short brief) by the same author, with the same bio and
    # appeal: furniture from the third story on, however short it is.
    stories = [
        doc(text([*ORIGINAL[:5], BIO, APPEAL]), "Quake"),
        doc(text([*INDEPENDENT[3:], BIO, APPEAL]), "Night outdoors"),
        doc(text([REWRITE[1], BIO, APPEAL]), "Brief"),
        doc(text([*REWRITE[4:], BIO, APPEAL]), "Mayor"),
    ]
    with Store.open(":memory:") as store:
        found = furniture(store, stories)
    wanted = {normalise_line(BIO), normalise_line(APPEAL)}
    assert found[:2] == [set(), set()]
    assert found[2:] == [wanted, wanted]


def test_outlets_are_apart_and_recording_again_changes_nothing() -> None:
    docs = [
        doc(text([ORIGINAL[n], APPEAL]), f"Story {n}", outlet=f"Outlet {n % 2}") for n in range(5)
    ]
    with Store.open(":memory:") as store:
        first = furniture(store, docs, batch=2)
        rows = store.query("SELECT * FROM outlet_line_stories ORDER BY 1, 2, 3")
        again = furniture(store, docs, batch=5)
        assert store.query("SELECT * FROM outlet_line_stories ORDER BY 1, 2, 3") == rows
    # Outlet 0 has three stories with the appeal (the third recorded last), outlet 1 two.
    assert [bool(f) for f in first] == [False, False, False, False, True]
    assert [bool(f) for f in again] == [True, False, True, False, True]

"""The gates in front of the line rules' costly patterns never turn away a line that the pattern
matches: the rules give the same reasons with them as without."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from newsweave.stages.clean import comments, rules

Gate = Callable[[str, str], bool]
GATES: list[tuple[str, re.Pattern[str], Gate]] = [
    ("photo date", rules._PHOTO_DATE, rules._may_date_photo),
    ("imperative appeal", rules._IMPERATIVE_APPEAL, rules._may_order),
    ("reader", rules._READER, rules._may_address_reader),
    ("wire credit", rules._WIRE_CREDIT, rules._may_credit_wire),
    ("contact", rules._CONTACT, rules._may_give_contact),
    ("legal", rules._LEGAL, rules._may_be_legal),
    ("citation", rules._CITATION, rules._may_cite),
    ("photo opener", rules._PHOTO_OPENER, rules._may_open_photo),
    ("agency credit", rules._AGENCY_CREDIT_END, rules._may_credit_agency),
    ("subscription", rules._SUBSCRIPTION, rules._may_describe_subscription),
    ("comment notice", comments._COMMENT_NOTICE, comments._may_be_comment_notice),
    ("address", rules._EMAIL_ONLY, rules._may_give_contact),
]

# Lines each pattern matches, some with the characters that an ignore-case pattern takes for
# ASCII letters (U+0130, U+0131, U+017F, U+212A).
MATCHED = [
    "Protesters gather outside the court in Eastport, Tuesday, Nov. 19, 2019.",
    "Demonstrators march on Main Street on Friday, January 3 2020 (AP Photo/Jane Roe)",
    "Sign up for our morning newsletter and get the news delivered to your inbox.",
    "SUBSCRİBE today and never miss an update from the newsroom.",
    "If you value this work, please join us and support our journalism.",
    "Become a member today: you make our reporting possible, and we thank you.",
    "(Reporting by Jane Doe; Editing by John Roe)",
    "Additional reporting by Jane Doe in Eastport; editing by John Roe",
    "Jane Doe in Eastport contributed to this report.",
    "Email Jane Doe at jdoe@example.com or follow her @jdoe",
    "Follow us on Twitter for the latest news",
    "FOLLOW US ON \u212aIK",
    "\u00a9 2019 Example Media. All rights reserved.",
    "Copyright 2020 The Example Gazette",
    "All rights re\u017ferved.",
    "Terms of use | Privacy policy",
    "Cookie settings",
    "This material may not be reproduced without permission.",
    "Not to be copied without prior written permission of the publisher",
    "Citation: Lunar lander chosen (2019, November 18) retrieved 20 November 2019 from https://x.org/a",
    "Cite this article: Doe, J. (2020).",
    "Retr\u0131eved on 12 March 2021 from https://example.org/page",
    "How to c\u0130te this article: ...",
    "In TH\u0130S Nov. 5, 2019, photo, protesters march through the harbour district.",
    "The border crossing near the harbour in Eastport, Ariz. (AP)",
    "The mayor speaks at the harbour on July 25, 2019. Jane Roe / Reuters file",
    "An email with an activation link has been sent to YOUR email address.",
    "Thank you for ſubscribing to the Gazette.",
    "Keep up-to-date with the Gazette.",
    "Our press releases, straight to yıur inbox... and to your inbox.",
    "You must be logged \u0130n to post a comment.",
    "O seu e-mail não será publicado.",
    "Your email address will not be publi\u017fhed.",
    "jane.roe@example.com",
]


def _lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8", errors="replace").splitlines()


def _check(lines: list[str]) -> None:
    for line in (line.strip() for line in lines):
        folded = rules._folded(line, line.lower())
        for name, pattern, gate in GATES:
            if pattern.search(line) is not None:
                assert gate(line, folded), f"the {name} gate turns away {line!r}"


def test_every_gate_lets_through_what_its_pattern_matches() -> None:
    for name, pattern, _ in GATES:
        assert any(pattern.search(line) for line in MATCHED), f"no example of {name}"
    _check(MATCHED)


def test_gates_turn_away_plain_prose() -> None:
    line = "The council voted on the budget after a long debate about schools and roads."
    folded = rules._folded(line, line.lower())
    assert not any(gate(line, folded) for _, _, gate in GATES)


@pytest.mark.parametrize(
    "line, reason",
    [
        ("All rights re\u017ferved 2020", "legal"),
        ("(Reporting by Jane Doe; Editing by John Roe)", "credit"),
        ("Email Jane Doe at jdoe@example.com", "contact"),
        ("Sign up for our newsletter to get the top stories delivered", "newsletter"),
    ],
)
def test_gated_rules_still_name_their_reason(line: str, reason: str) -> None:
    assert rules.line_rule(line) == reason


def test_gates_on_real_pages(seeds_dir: Path, benchmarks_dir: Path) -> None:
    from newsweave.eval.extraction import flatten_page, load_pages

    lines = [line for path in sorted(seeds_dir.iterdir()) for line in _lines_of(path)]
    pages = load_pages(benchmarks_dir / "extraction" / "aeb")
    for page in pages[::6]:
        lines.extend(flatten_page(page).splitlines())
    assert len(lines) > 3000
    _check(lines)

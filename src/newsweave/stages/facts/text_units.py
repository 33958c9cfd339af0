"""Word tokens, stems and stop words shared by the similarity features and the summariser."""

from __future__ import annotations

import re
from functools import lru_cache

from newsweave.stages.facts.porter import porter_stem

_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")

# A fixed list (scikit-learn's English list, frozen here so that an upgrade cannot change
# features silently) plus reporting words that carry no fact.
_STOP_WORD_TEXT = """
    a about above across after afterwards again against all almost alone along already also
    although always am among amongst amoungst amount an and another any anyhow anyone anything
    anyway anywhere are around as at back be became because become becomes becoming been before
    beforehand behind being below beside besides between beyond bill both bottom but by call can
    cannot cant co con could couldnt cry de describe detail do done down due during each eg eight
    either eleven else elsewhere empty enough etc even ever every everyone everything everywhere
    except few fifteen fifty fill find fire first five for former formerly forty found four from
    front full further get give go had has hasnt have he hence her here hereafter hereby herein
    hereupon hers herself him himself his how however hundred i ie if in inc indeed interest into
    is it its itself keep last latter latterly least less ltd made many may me meanwhile might
    mill mine more moreover most mostly move much must my myself name namely neither never
    nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once
    one only onto or other others otherwise our ours ourselves out over own part per perhaps
    please put rather re same see seem seemed seeming seems serious several she should show side
    since sincere six sixty so some somehow someone something sometime sometimes somewhere still
    such system take ten than that the their them themselves then thence there thereafter thereby
    therefore therein thereupon these they thick thin third this those though three through
    throughout thru thus to together too top toward towards twelve twenty two un under until up
    upon us very via was we well were what whatever when whence whenever where whereafter whereas
    whereby wherein whereupon wherever whether which while whither who whoever whole whom whose
    why will with within without would yet you your yours yourself yourselves
    mr mrs ms dr said says say saying told according also just like
"""
STOP_WORDS = frozenset(_STOP_WORD_TEXT.split())


@lru_cache(maxsize=50_000)
def word_tokens(text: str) -> tuple[str, ...]:
    """Lowercase alphanumeric words (apostrophes kept inside words: "don't")."""
    return tuple(match.group(0).lower().replace("\u2019", "'") for match in _WORD.finditer(text))


@lru_cache(maxsize=50_000)
def stems(text: str) -> tuple[str, ...]:
    """Porter stems of the words of ``text``, in order."""
    return tuple(porter_stem(token) for token in word_tokens(text))


@lru_cache(maxsize=50_000)
def content_stems(text: str) -> tuple[str, ...]:
    """Stems of the words that are not stop words."""
    return tuple(porter_stem(t) for t in word_tokens(text) if t not in STOP_WORDS)

"""Language detection: English prose is recognised without the model, anything else asks it."""

from __future__ import annotations

import pytest

import newsweave.stages.clean.language as language
from newsweave.stages.clean.language import detect_language, plainly_english

ENGLISH = (
    "The council said on Tuesday that the new bridge would open to traffic in the spring, "
    "after engineers found that the steel supports were stronger than the original design "
    "required. Residents who have waited for years said they were relieved, and the mayor "
    "said the city would hold a small ceremony with the workers who built it."
)
GERMAN = (
    "Der Stadtrat teilte am Dienstag mit, dass die neue Brücke im Frühjahr für den Verkehr "
    "freigegeben wird, nachdem Ingenieure festgestellt hatten, dass die Stahlstützen stärker "
    "sind als im ursprünglichen Entwurf verlangt. Anwohner, die seit Jahren warten, sagten, "
    "sie seien erleichtert, und der Bürgermeister will eine kleine Feier ausrichten."
)
PORTUGUESE = (
    "A câmara disse na terça-feira que a nova ponte será aberta ao trânsito na primavera, "
    "depois que os engenheiros descobriram que os suportes de aço eram mais fortes do que o "
    "projeto original exigia. Os moradores que esperaram por anos disseram que estavam "
    "aliviados, e o prefeito disse que a cidade fará uma pequena cerimônia com os operários."
)
DANISH = (
    "Byrådet sagde tirsdag at den nye bro vil åbne for trafik til foråret, efter at "
    "ingeniørerne fandt at stålstøtterne var stærkere end det oprindelige design krævede. "
    "Beboere som har ventet i mange år sagde at de var lettede, og borgmesteren sagde at "
    "byen vil holde en lille ceremoni for de arbejdere som har bygget den for byen."
)
JAPANESE_WITH_ENGLISH = (
    "市議会は火曜日、新しい橋が春に開通すると発表した。 The council said that the bridge "
    "would open in the spring and that the workers who built it were thanked. 住民は長年待っていた"
    "と述べ、市長は小さな式典を開くと語った。 The mayor said that the city would hold a "
    "ceremony with the workers, and that the steel supports were stronger than required."
)


def test_english_prose_is_english_without_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_model() -> None:
        raise AssertionError("the model was asked")

    monkeypatch.setattr(language, "_identifier", no_model)
    assert plainly_english(ENGLISH)
    assert detect_language(ENGLISH) == "en"


@pytest.mark.parametrize("text", [GERMAN, PORTUGUESE, DANISH, JAPANESE_WITH_ENGLISH])
def test_other_languages_and_mixed_text_go_to_the_model(text: str) -> None:
    assert not plainly_english(text)


def test_the_model_still_names_other_languages_and_short_english() -> None:
    assert detect_language(GERMAN) == "de"
    assert detect_language(PORTUGUESE) == "pt"
    short = "The council said the bridge would open in the spring."
    assert not plainly_english(short)  # too few words to be sure without the model
    assert detect_language(short) == "en"
    assert detect_language("Hi.") is None

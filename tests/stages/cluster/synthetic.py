"""Synthetic news articles written for these tests: two earthquakes of the same kind, months
apart and in different countries, a follow-up on the first, and an unrelated football story."""

from __future__ import annotations

from datetime import date

from newsweave.models.stories import StoryInput

QUAKE_CHILE = [
    StoryInput(
        "chile-1",
        "Strong earthquake shakes central Chile, killing at least 12",
        "SANTIAGO, Chile (Wire) — A magnitude 7.1 earthquake struck central Chile on Sunday, "
        "killing at least 12 people and toppling old adobe houses in the Maule region, the "
        "national emergency office said.\n"
        "The quake hit at 3:40 a.m. local time about 40 kilometres north-east of Talca, the "
        "U.S. Geological Survey said. Power was cut to more than 200,000 homes.\n"
        "President Elena Morales flew to Talca and promised help for families who lost homes.",
        date(2024, 3, 10),
        "wire",
    ),
    StoryInput(
        "chile-2",
        "Chile quake: 7.1 tremor leaves a dozen dead in Maule",
        "A powerful magnitude 7.1 earthquake rocked central Chile early on Sunday. At least 12 "
        "people died, most of them in collapsed adobe homes around Talca in the Maule region.\n"
        "Chile's emergency office said rescuers were searching for survivors and that more than "
        "200,000 homes had no electricity. President Elena Morales visited Talca on Sunday.",
        date(2024, 3, 10),
        "daily",
    ),
    StoryInput(
        "chile-3",
        "Rescuers dig through rubble after Chile earthquake",
        "TALCA, Chile — Rescue teams worked through the night in Talca after Sunday's magnitude "
        "7.1 earthquake in central Chile, which killed at least 12 people in the Maule region.\n"
        "Residents slept outside for fear of aftershocks. President Elena Morales said the "
        "government would rebuild the adobe houses that collapsed.",
        date(2024, 3, 11),
        "herald",
    ),
]

QUAKE_CHILE_FOLLOW_UP = StoryInput(
    "chile-4",
    "Death toll from Chile earthquake rises to 30",
    "The number of people killed by Sunday's magnitude 7.1 earthquake in central Chile rose to "
    "30 on Tuesday, the emergency office said, as rescuers in Talca and across the Maule region "
    "pulled more victims from collapsed adobe homes.\n"
    "President Elena Morales declared three days of national mourning.",
    date(2024, 3, 12),
    "times",
)

QUAKE_TURKEY = [
    StoryInput(
        "turkey-1",
        "Earthquake in eastern Turkey kills at least 9",
        "MALATYA, Turkey (Wire) — A magnitude 6.4 earthquake struck eastern Turkey on Thursday, "
        "killing at least nine people and damaging hundreds of buildings in Malatya province, "
        "the disaster agency said.\n"
        "The quake hit at 11:15 a.m. near the town of Yesilyurt. Rescuers pulled survivors from "
        "collapsed apartment blocks. Interior Minister Kemal Aydin travelled to Malatya.",
        date(2024, 6, 6),
        "wire",
    ),
    StoryInput(
        "turkey-2",
        "Turkey earthquake: 6.4 tremor hits Malatya, nine dead",
        "A magnitude 6.4 earthquake shook Malatya province in eastern Turkey on Thursday, "
        "killing nine people, Turkey's disaster agency said. Several apartment blocks collapsed "
        "in Yesilyurt and rescue teams searched the rubble for survivors.\n"
        "Interior Minister Kemal Aydin said tents had been sent to Malatya.",
        date(2024, 6, 6),
        "daily",
    ),
]

FOOTBALL = [
    StoryInput(
        "cup-1",
        "Riverside United win the cup final on penalties",
        "Riverside United beat Northport City 5-4 on penalties to win the national cup final at "
        "the Grand Stadium on Saturday after a 2-2 draw. Goalkeeper Tom Ferris saved two spot "
        "kicks, and captain Alex Brandt scored the winning penalty.",
        date(2024, 5, 18),
        "sport",
    ),
    StoryInput(
        "cup-2",
        "Ferris the hero as Riverside lift the cup",
        "Tom Ferris saved two penalties as Riverside United beat Northport City in a shoot-out "
        "to lift the national cup at the Grand Stadium on Saturday. The final ended 2-2 after "
        "extra time before Alex Brandt converted the decisive kick.",
        date(2024, 5, 18),
        "daily",
    ),
]

ALL = [*QUAKE_CHILE, QUAKE_CHILE_FOLLOW_UP, *QUAKE_TURKEY, *FOOTBALL]

# One minister, one theme, two events weeks apart: a rally at a port (two dated reports, two
# undated) and an earlier press conference in another country, dated only by a day in its lead.
# Undated rally reports that arrive before any dated one share a story with the press
# conference; the dated reports show where they belong.
RALLY = [
    StoryInput(
        "rally-1",
        "Harbour minister warns dockers' strike would cripple Gdansk",
        "GDANSK, Poland (Wire) — Harbour minister Jane Roe warned on Tuesday that a strike by "
        "dockers would cripple Gdansk's port and cost the region thousands of jobs, speaking at "
        "a rally at the container terminal.\n"
        "Roe said the government would not accept the union's demands and urged the dockers to "
        "return to talks with the port authority.",
        date(2024, 3, 26),
        "wire",
    ),
    StoryInput(
        "rally-2",
        "Roe tells Gdansk dockers a strike would cripple the port",
        "Harbour minister Jane Roe told a rally at Gdansk's container terminal that a dockers' "
        "strike would cripple the port and cost thousands of jobs.\n"
        "The minister urged the union to go back to talks with the port authority and said its "
        "demands could not be met.",
        date(2024, 3, 26),
        "daily",
    ),
    StoryInput(
        "rally-3",
        "Minister Roe: a dockers' strike would cripple Gdansk's port",
        "Speaking at the container terminal in Gdansk, harbour minister Jane Roe said a strike "
        "by the dockers would cripple the port and cost the region thousands of jobs.\n"
        "She asked the union to return to talks with the port authority.",
        None,
        None,
    ),
    StoryInput(
        "rally-4",
        "Jane Roe warns of crippled port as Gdansk dockers weigh strike",
        "Harbour minister Jane Roe warned the dockers of Gdansk that a strike would cripple the "
        "port and destroy thousands of jobs in the region.\n"
        "At a rally at the container terminal she urged the union to resume talks with the port "
        "authority.",
        None,
        None,
    ),
]
PRESS_CONFERENCE = StoryInput(
    "press-1",
    "Roe warns dockers' strike would cripple port",
    "Harbour minister Jane Roe said on Feb. 12 at a press conference in Brussels that a strike "
    "by Gdansk's dockers would cripple the port and cost thousands of jobs.\n"
    "Roe urged the union to return to talks with the port authority.",
    None,
    "review",
)
# Undated rally reports first, then the press conference, then the dated rally reports.
MIXED_ORDER = ["rally-3", "rally-4", "press-1", "rally-1", "rally-2"]


# Two title defences by one champion, months apart, reported without dates or places (as ECB+
# reports are): the same words (champion, belts, title defence) and two different challengers,
# rounds and scores. Scored article by article against the story so far, they read as one.
_COMMON = (
    "Heavyweight champion Viktor Brandt kept his belts in his latest title defence.",
    "The long-reigning champion has not lost in seven years and remains unbeaten as champion.",
    "The champion's jab was sharp again and he said he would defend his belts next year.",
    "The crowd cheered the champion, who now has a record of 41 wins and one loss.",
)
_OKAFOR = (
    "Brandt stopped Tomas Okafor in the fourth round.",
    "Okafor, the mandatory challenger from Lagos Boxing Club, was knocked down twice.",
    "Referee Dan Mills waved the fight off after Okafor went down a third time.",
    "Okafor had won 22 straight fights before meeting Brandt.",
    "A left hook in the fourth round ended Okafor's night.",
)
_FERREIRA = (
    "Brandt beat Luis Ferreira by unanimous decision after 12 rounds.",
    "The judges scored it 118-110, 117-111 and 116-112 for Brandt over Ferreira.",
    "Ferreira, the former cruiserweight champion, went the distance.",
    "Ferreira cut Brandt above the left eye in the ninth round.",
    "Ferreira's corner, led by Ramon Ortiz, protested the scores.",
)


def _fights(prefix: str, titles: tuple[str, ...], own: tuple[str, ...]) -> list[StoryInput]:
    out = []
    for n, title in enumerate(titles):
        lines = [own[n % 5], own[(n + 1) % 5], _COMMON[(n + 2) % 4], _COMMON[(n + 3) % 4]]
        out.append(StoryInput(f"{prefix}-{n + 1}", title, "\n".join(lines), None, f"outlet{n}"))
    return out


FIGHT_OKAFOR = _fights(
    "okafor",
    (
        "Brandt stops Okafor in fourth round to keep heavyweight belts",
        "Champion Brandt knocks out Okafor",
        "Brandt retains titles with stoppage of Okafor",
        "Okafor no match for Brandt",
        "Brandt too strong for Okafor in title defence",
        "Heavyweight king Brandt floors Okafor three times",
    ),
    _OKAFOR,
)
FIGHT_FERREIRA = _fights(
    "ferreira",
    (
        "Brandt outpoints Ferreira to keep heavyweight belts",
        "Champion Brandt beats Ferreira on points",
        "Brandt retains titles with decision over Ferreira",
        "Ferreira goes the distance but Brandt keeps belts",
        "Brandt wins unanimous decision against Ferreira in title defence",
        "Heavyweight king Brandt survives cut to beat Ferreira",
    ),
    _FERREIRA,
)
# Reports of the two fights in the order they were scraped: one of each, turn about.
FIGHTS_INTERLEAVED = [a for pair in zip(FIGHT_OKAFOR, FIGHT_FERREIRA, strict=True) for a in pair]

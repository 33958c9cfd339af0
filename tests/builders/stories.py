"""Synthetic news: an original report, its copies and rewrites, and independent reporting."""

from __future__ import annotations

ORIGINAL = [
    "HARBORVILLE, Coastland (Wire) — A magnitude 6.1 earthquake struck the coastal city of "
    "Harborville early on Tuesday, damaging dozens of buildings and cutting power to thousands "
    "of homes.",
    "The quake hit at 4:12 a.m. local time about 12 kilometres north of the city centre at a depth "
    "of 10 kilometres, the national seismology institute said.",
    "\u201cWe felt the whole house shake for almost a minute, and then everything went "
    "dark,\u201d said "
    "Maria Olsen, a teacher who lives near the harbour.",
    "Emergency services reported at least 14 people injured, three of them seriously, and said "
    "rescue teams were searching two collapsed warehouses near the port.",
    "Mayor Tomas Reyes declared a state of emergency and asked residents to stay away from damaged "
    "structures until engineers had inspected them.",
    "\u201cOur first priority is to reach anyone who may still be trapped, and we will not stop "
    "until "
    "every building has been checked,\u201d Reyes told reporters at the town hall.",
    "The region last suffered a major earthquake in 1998, when a magnitude 6.4 tremor destroyed "
    "much of the old town and killed 31 people.",
    "Schools across the district will remain closed on Wednesday while inspectors assess the "
    "damage, "
    "officials said.",
]

INDEPENDENT = [
    "Thousands of people in Harborville spent the night outdoors after a strong earthquake shook "
    "the port city before dawn on Tuesday.",
    "Local hospitals treated more than a dozen people for injuries, most of them caused by falling "
    "glass and debris, according to a spokeswoman for the regional health authority.",
    "\u201cOur first priority is to reach anyone who may still be trapped, and we will not stop "
    "until "
    "every building has been checked,\u201d Reyes told reporters at the town hall.",
    "Residents described streets covered in broken roof tiles and cars crushed by fallen walls in "
    "the historic quarter near the fish market.",
    "The power company said electricity had been restored to most neighbourhoods by the afternoon, "
    "although some outlying villages were still without service.",
    "Geologists said aftershocks were likely to continue for several days and urged people to keep "
    "emergency supplies of water and food at hand.",
]

REWRITE = [
    "Quake Chaos in Harborville: What We Know",
    "A powerful earthquake of magnitude 6.1 hit the seaside city of Harborville in the early hours "
    "of Tuesday, leaving dozens of buildings damaged and thousands of homes without electricity.",
    "According to the national seismology institute, the tremor struck at 4:12 a.m. some 12 "
    "kilometres north of downtown, 10 kilometres below the surface.",
    "\u201cWe felt the whole house shake for almost a minute, and then everything went "
    "dark,\u201d said "
    "Maria Olsen, a teacher who lives near the harbour.",
    "At least 14 people were hurt, three of them badly, emergency services said, as rescuers "
    "combed "
    "through two warehouses that collapsed close to the port.",
    "Mayor Tomas Reyes announced a state of emergency and urged people to keep away from damaged "
    "buildings until engineers could inspect them.",
    "\u201cOur first priority is to reach anyone who may still be trapped, and we will not stop "
    "until "
    "every building has been checked,\u201d Reyes told reporters at the town hall.",
    "Experts say events like this are a reminder of how important preparedness is for every "
    "family.",
]


def text(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs)


def wire_copy() -> str:
    """The original trimmed at the end, with a republisher's intro."""
    intro = (
        "This report was first published by our wire partners and is republished with permission."
    )
    return text([intro, *ORIGINAL[:6]])

"""The bench says which machine its figures come from."""

from __future__ import annotations

from newsweave.bench.machine import Machine, embed_ms_per_sentence, processor, python_ns_per_step
from newsweave.bench.run import BenchReport, BenchRow

INTEL = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R)   Platinum 8375C CPU @ 2.90GHz
flags\t\t: fpu vme sse sse2 avx avx2 fma avx512f avx512dq avx512_vnni

processor\t: 1
model name\t: Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz
flags\t\t: fpu vme sse sse2 avx avx2 fma avx512f avx512dq avx512_vnni
"""
AMD = """processor\t: 0
model name\t: AMD EPYC
flags\t\t: fpu sse2 avx avx2 fma sha_ni
"""


def test_the_processor_and_its_instruction_sets_are_read_from_cpuinfo() -> None:
    assert processor(INTEL) == (
        "Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz",
        ("avx2", "fma", "avx512f", "avx512_vnni"),
    )
    assert processor(AMD) == ("AMD EPYC", ("avx2", "fma"))


def test_an_unreadable_cpuinfo_gives_an_unknown_processor() -> None:
    assert processor("") == ("unknown processor", ())
    assert processor("garbage without colons\n\x00") == ("unknown processor", ())


def test_reference_timings_are_positive_and_count_each_sentence() -> None:
    seen: list[int] = []

    def embed(texts: list[str]) -> None:
        seen.append(len(texts))

    assert python_ns_per_step(10_000) > 0
    assert embed_ms_per_sentence(embed) >= 0
    # One warm-up round of the eight sentences, then three timed runs of 8 x 8.
    assert seen == [8, 64, 64, 64]


def test_the_report_carries_the_machine_into_its_json_and_description() -> None:
    machine = Machine("AMD EPYC", 2, ("avx2", "fma"), 47.0, 2.7)
    report = BenchReport((BenchRow(1000, {"ingest": 1.0}, 100.0, [], {}),), machine)
    assert report.as_json()["machine"] == {
        "processor": "AMD EPYC",
        "cores": 2,
        "simd": ["avx2", "fma"],
        "python_ns_per_step": 47.0,
        "embed_ms_per_sentence": 2.7,
    }
    assert machine.describe() == (
        "AMD EPYC, 2 cores, avx2 fma; Python 47 ns a step, embedder 2.7 ms a sentence"
    )
    without_model = Machine("AMD EPYC", 2, (), 47.0, None)
    assert without_model.describe() == "AMD EPYC, 2 cores, no AVX2; Python 47 ns a step"
    assert BenchReport(report.rows).as_json()["machine"] is None

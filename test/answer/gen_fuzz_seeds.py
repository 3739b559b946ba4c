#!/usr/bin/python3
"""Writes the seed corpus of fuzz_answer (test/fuzz/seeds/answer): queries of
the differential test's corpus, each after one octet of options (transport,
address family, server options; see test/fuzz/fuzz_answer.cc).

Usage: /usr/bin/python3 test/answer/gen_fuzz_seeds.py
"""
import hashlib
import os
import pathlib
import random
import shutil
import sys

HERE = pathlib.Path(__file__).resolve().parent
SEEDS = HERE.parent / "fuzz" / "seeds" / "answer"

sys.path.insert(0, str(HERE))
import differential  # noqa: E402


def main():
    random.seed(20261121)
    queries = differential.corpus()
    # Every tenth query keeps the corpus small but covers each kind of case.
    chosen = queries[::10] + [q for q in queries if q.raw is not None or q.opcode]
    if SEEDS.exists():
        shutil.rmtree(SEEDS)
    SEEDS.mkdir(parents=True)
    for i, q in enumerate(chosen):
        options = bytes([random.randrange(256)])
        data = options + q.wire()
        name = hashlib.sha1(data).hexdigest()[:16]
        (SEEDS / name).write_bytes(data)
    print(f"{len(chosen)} seeds in {os.path.relpath(SEEDS)}")


if __name__ == "__main__":
    main()

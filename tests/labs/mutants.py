#!/usr/bin/env python3
"""The labs' mutation suites: does each grader catch the bugs students make?

  mutants.py [N ...]    run the suites of labs N (all labs without N)
  mutants.py list       the mutants, one line each

Each lab has plausible student bugs (tests/labs/mutants/labN.txt), each an
exact piece of the reference solution and what a student might have written
instead. The reference tree is copied once per lab to build/mutants/labN,
then for each mutant: the piece is replaced, the tree's grader runs until
its first lost test (lab.py probe), the file is restored. A mutant that
loses no points survived: the grader has a hole. A mutant whose piece is no
longer in the reference fails too, so the suite cannot rot silently.

The format of a suite file, one block per mutant:

  == name: what the student got wrong
  file: mm/page_alloc.c
  --- reference
  the exact lines of the reference
  +++ mutant
  the lines a student wrote instead

Logs: build/grade-logs/mutant-labN-NAME.log.
"""
import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import lab  # noqa: E402

SUITES = os.path.join(lab.ROOT, "tests", "labs", "mutants")


class Mutant:
    def __init__(self, number, name, why, path, old, new):
        self.number, self.name, self.why = number, name, why
        self.path, self.old, self.new = path, old, new


class SuiteError(Exception):
    pass


def parse_block(number, block):
    """One '== name: why' block of a suite file."""
    head, _, rest = block.partition("\n")
    name, _, why = head.partition(": ")
    file_line, _, rest = rest.partition("\n")
    if not file_line.startswith("file: ") or not rest.startswith("--- reference\n"):
        raise SuiteError("lab %d mutant %s: expected 'file:' then '--- reference'"
                         % (number, name))
    old, sep, new = rest[len("--- reference\n"):].partition("+++ mutant\n")
    if not sep or not old.strip():
        raise SuiteError("lab %d mutant %s: expected '+++ mutant' after the reference"
                         % (number, name))
    return Mutant(number, name.strip(), why.strip(), file_line[len("file: "):].strip(),
                  old, new.rstrip("\n") + "\n" if new.strip() else "")


def load_suite(number):
    path = os.path.join(SUITES, "lab%d.txt" % number)
    if not os.path.exists(path):
        return []
    text = lab.read(lab.ROOT, path)
    blocks = text.split("\n== ")
    first = blocks[0]
    if not first.startswith("== "):
        blocks = blocks[1:]
    else:
        blocks[0] = first[len("== "):]
    return [parse_block(number, b) for b in blocks]


def copy_reference(number):
    """A copy of this tree with its build products, for one lab's mutants."""
    dest = os.path.join(lab.ROOT, "build", "mutants", "lab%d" % number)
    shutil.rmtree(dest, ignore_errors=True)
    for name in lab.tree_files(lab.ROOT):
        target = os.path.join(dest, name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copy2(os.path.join(lab.ROOT, name), target)
    lab.copy_build(os.path.join(lab.ROOT, "build"), os.path.join(dest, "build"))
    return dest


def probe(tree, mutant):
    """(killed, detail): apply the mutant in tree, grade until a loss, restore the file."""
    path = os.path.join(tree, mutant.path)
    original = lab.read(tree, mutant.path)
    if original.count(mutant.old) != 1:
        return False, "its reference lines occur %d times in %s (must be once)" % (
            original.count(mutant.old), mutant.path)
    with open(path, "w") as f:
        f.write(original.replace(mutant.old, mutant.new))
    try:
        earned, full, status, out = lab.grade_tree(
            tree, mutant.number, "mutant-lab%d-%s" % (mutant.number, mutant.name), "probe")
    finally:
        with open(path, "w") as f:
            f.write(original)
    if earned is None:
        return False, "the grader printed no score"
    if "build failed" in out:
        return False, "does not build, so it tests the compiler, not the grader"
    if earned == full or status == 0:
        return False, "survived: %d/%d" % (earned, full)
    lost = LOST_TEST.search(out)
    return True, "killed by " + (lost.group(1) if lost else "a lost test")


LOST_TEST = re.compile(r"^  \w+ +(\S+) +(0/\d+|-\d+ guard)$", re.M)


def run_suite(number):
    """[(ok, name, detail)] for every mutant of lab number."""
    mutants = load_suite(number)
    if not mutants:
        return [(False, "lab%d/mutants" % number, "no suite in tests/labs/mutants")]
    tree = copy_reference(number)
    results = []
    for mutant in mutants:
        killed, detail = probe(tree, mutant)
        results.append((killed, "lab%d/mutant %s" % (number, mutant.name), detail))
        print("%-4s lab%d/mutant %s  (%s)" % ("PASS" if killed else "FAIL", number,
                                             mutant.name, detail), flush=True)
    if all(r[0] for r in results):
        shutil.rmtree(tree, ignore_errors=True)
    return results


def main(argv):
    if os.path.exists(os.path.join(lab.ROOT, lab.STUDENT_MARK)):
        sys.exit("the mutation suites run in the reference tree, not in a student tree")
    numbers = [lab.lab_number(a) for a in argv[1:] if a != "list"] or sorted(lab.LABS)
    if "list" in argv[1:]:
        for number in numbers:
            for m in load_suite(number):
                print("lab %d  %-36s %s" % (number, m.name, m.why))
        return 0
    results = []
    for number in numbers:
        start = time.time()
        results += run_suite(number)
        print("# lab %d mutants in %.0f s" % (number, time.time() - start), flush=True)
    failed = [r for r in results if not r[0]]
    print("%d mutants killed, %d survived or broken" % (len(results) - len(failed),
                                                        len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

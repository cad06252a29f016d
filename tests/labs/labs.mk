# The labs (docs/labs/README.md): student trees with TODOs, and the grader.
#   make lab LAB=n [DEST=dir]   write lab n's student tree (default build/labn)
#   make grade LAB=n [TEST=t]   build this tree and score lab n's tests (those whose
#                               name contains t); exits non-zero below full marks
#                               (in a student tree, LAB defaults to its own lab)
#   make handin LAB=n           grade, run make test as a regression (points off for
#   [REGRESSION=no]             what the change broke), write build/handin-labn.tar.gz
#   make mutants [LAB=n]        the mutation suites: every mutant must lose points
#   make labs                   list the labs
.PHONY: lab grade handin mutants labs

LAB ?= $(shell cat .lab 2>/dev/null)

lab:
	@test -n "$(LAB)" || { echo "usage: make lab LAB=n [DEST=dir]; make labs lists them"; exit 2; }
	@python3 tests/labs/lab.py make $(LAB) $(DEST)

grade:
	@test -n "$(LAB)" || { echo "usage: make grade LAB=n; make labs lists them"; exit 2; }
	@TIMEOUT_SCALE=$(TIMEOUT_SCALE) python3 tests/labs/lab.py grade $(LAB) "$(TEST)"

handin:
	@test -n "$(LAB)" || { echo "usage: make handin LAB=n, in a student tree"; exit 2; }
	@TIMEOUT_SCALE=$(TIMEOUT_SCALE) python3 tests/labs/lab.py handin $(LAB) "$(REGRESSION)"

mutants: all
	@TIMEOUT_SCALE=$(TIMEOUT_SCALE) python3 tests/labs/mutants.py $(LAB)

labs:
	@python3 tests/labs/lab.py list

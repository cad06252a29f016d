"""What the drawing scripts of docs/tools share: where a picture goes.

Each script draws one SVG and hands it to write(): to the file named on
its command line (`make docs`), else to standard output (what `make test`
compares with the committed file).
"""
import sys


def write(text):
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as f:
            f.write(text)
    else:
        sys.stdout.write(text)

import sys

from microcred.cli import main

sys.exit(main())

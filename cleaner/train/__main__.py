"""`python -m cleaner.train --data ../shared/datasets --out cleaner/models/default.npz`"""

from cleaner.train.cli import main

main()

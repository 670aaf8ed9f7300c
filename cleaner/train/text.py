"""`python -m cleaner.train.text --data ../shared/datasets`: train the plain-text model (cleaner/models/text.npz)."""

from cleaner.train.fit_text import main

if __name__ == "__main__":
    main()

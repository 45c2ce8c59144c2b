"""Regenerate kerasnb/datasets/data/reviews.csv, the bundled text set.

SYNTHETIC: short film reviews written from templates by this script (no real
reviews are redistributable offline), labelled 1 (positive) or 0 (negative).
The templates mix plain praise and criticism with negation ("not bad", "never
boring"), contrast ("... but ...") and neutral filler, so that word order
matters and a bag of words alone is not enough for every sentence.

    python assets/make_reviews.py
"""

import csv
from pathlib import Path

import numpy as np

OUT = Path(__file__).resolve().parents[1] / "kerasnb" / "datasets" / "data" / "reviews.csv"

GOOD = ["great", "wonderful", "brilliant", "moving", "funny", "beautiful", "clever", "gripping",
        "charming", "superb", "delightful", "touching", "fresh", "excellent"]
BAD = ["boring", "awful", "dull", "terrible", "silly", "clumsy", "predictable", "weak",
       "tedious", "bland", "messy", "painful", "forgettable", "poor"]
THINGS = ["film", "movie", "story", "plot", "acting", "cast", "script", "ending", "music",
          "dialogue", "pacing", "direction", "soundtrack", "camera work"]
FILLER = ["I watched it on a rainy sunday", "we saw it at the local cinema",
          "my friend picked it", "it runs for about two hours", "it came out last year",
          "the trailer was everywhere", "I went in knowing nothing"]
LOVE = ["I loved it", "I would watch it again", "highly recommended", "a real treat",
        "worth every minute", "I left smiling"]
HATE = ["I hated it", "I want my evening back", "skip this one", "a waste of time",
        "I nearly walked out", "I fell asleep"]


def sentence(rng, positive: bool) -> str:
    pick = lambda words: words[rng.integers(len(words))]  # noqa: E731
    thing, other = pick(THINGS), pick(THINGS)
    good, bad = pick(GOOD), pick(BAD)
    style = rng.integers(6)
    if style == 0:
        text = f"the {thing} was {good if positive else bad}"
    elif style == 1:  # negation flips the word's usual meaning
        text = f"the {thing} was not {bad if positive else good}"
    elif style == 2:  # contrast: the clause after "but" decides
        first, second = (bad, good) if positive else (good, bad)
        text = f"the {thing} was {first} but the {other} was {second}"
    elif style == 3:
        text = f"{pick(LOVE) if positive else pick(HATE)}, the {thing} was {good if positive else bad}"
    elif style == 4:
        adverb = "never" if positive else "always"
        text = f"the {thing} is {adverb} {pick(BAD)}"
    else:
        text = f"a {good if positive else bad} {thing} and a {pick(GOOD) if positive else pick(BAD)} {other}"
    if rng.random() < 0.4:
        text = f"{pick(FILLER)}. {text}"
    return text + "."


def main(n: int = 2500) -> None:
    rng = np.random.default_rng(0)
    labels = rng.permutation(np.arange(n) % 2)
    with OUT.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["text", "label"])
        for label in labels:
            writer.writerow([sentence(rng, bool(label)), int(label)])
    print(f"wrote {OUT}: {n} reviews")


if __name__ == "__main__":
    main()

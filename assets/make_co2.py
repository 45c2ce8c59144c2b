"""Regenerate kerasnb/datasets/data/co2_monthly.csv, the bundled time series.

Source: the Mauna Loa atmospheric CO2 record (weekly flask samples, March 1958
to December 2001; Keeling and Whorf, Scripps Institution of Oceanography), as
shipped in the PyPI package statsmodels (``statsmodels.datasets.co2``), which
marks it public domain. This script averages the weeks of each month and fills
the few empty months by linear interpolation.

    pip install statsmodels && python assets/make_co2.py
"""

from pathlib import Path

import statsmodels.api as sm

OUT = Path(__file__).resolve().parents[1] / "kerasnb" / "datasets" / "data" / "co2_monthly.csv"


def main() -> None:
    weekly = sm.datasets.co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean().interpolate()
    with OUT.open("w") as f:
        f.write("month,co2_ppm\n")
        for stamp, value in monthly.items():
            f.write(f"{stamp:%Y-%m},{value:.2f}\n")
    print(f"wrote {OUT}: {len(monthly)} months, {monthly.index[0]:%Y-%m} to {monthly.index[-1]:%Y-%m}")


if __name__ == "__main__":
    main()

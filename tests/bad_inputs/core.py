"""Rows for the shared argument checks and the limits API."""

import numpy as np

import kerasnb as knb
from bad_inputs import Row
from kerasnb import _validate as v

ROWS = [
    Row("int-numpy-accepted", lambda: v.check_int("n", np.int64(5), low=1), accept=True),
    Row("int-bool", lambda: v.check_int("n", True, low=1), arg="n"),
    Row("int-float", lambda: v.check_int("n", 2.5), arg="n"),
    Row("real-numpy-accepted", lambda: v.check_real("noise", np.float32(0.1), low=0),
        accept=True),
    Row("real-nan", lambda: v.check_real("noise", float("nan")), arg="noise"),
    Row("real-huge-int", lambda: v.check_real("noise", 10**400), arg="noise"),
    Row("real-string", lambda: v.check_real("alpha", "half"), arg="alpha"),
    Row("bool-string", lambda: v.check_bool("download", "no"), arg="download"),
    Row("array-ragged", lambda: v.check_array("x", [[1, 2], [3]]), arg="x"),
    Row("array-strings", lambda: v.check_array("x", np.array(["a", "b"])), arg="x"),
    Row("array-empty", lambda: v.check_array("x", np.zeros((0, 3))), arg="x"),
    Row("array-nan", lambda: v.check_array("x", np.array([1.0, np.nan]), finite="error"),
        arg="x"),
    Row("class-names-int", lambda: v.check_class_names("class_names", 5), arg="class_names"),
    Row("huge-value-cut-in-message", lambda: v.check_str("name", "x" * 10_000_000, max_len=100),
        arg="name"),
    Row("limits-unknown", lambda: knb.set_limits(bogus=3), arg="limit"),
    Row("limits-zero", lambda: knb.set_limits(units=0), arg="units"),
]

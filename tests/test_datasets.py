"""Offline data sets: every name loads with the network unreachable."""

import socket

import numpy as np
import pytest

from kerasnb import datasets


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("network unreachable (test)")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def empty_keras_home(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path))
    return tmp_path


EXPECTED = {  # name: (one sample's shape, number of classes or None for regression)
    "mnist": ((28, 28), 10), "digits": ((8, 8), 10), "iris": ((4,), 3), "wine": ((13,), 3),
    "breast_cancer": ((30,), 2), "diabetes": ((10,), None), "moons": ((2,), 2),
    "circles": ((2,), 2), "xor": ((2,), 2), "spiral": ((2,), 2), "gaussian": ((2,), 2),
    "plane": ((2,), None), "multi_gaussian": ((2,), None), "co2": ((24, 1), None),
    "reviews": ((), 2),
}


def test_names_cover_the_design():
    assert set(datasets.names()) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_load_offline_matches_info(name, no_network, empty_keras_home):
    (x_train, y_train), (x_test, y_test) = datasets.load(name, **(
        {"verbose": False} if name == "mnist" else {}))
    shape, classes = EXPECTED[name]
    meta = datasets.info(name)
    assert x_train.shape[1:] == x_test.shape[1:] == shape == meta.x_shape
    assert len(x_train) == len(y_train) == meta.sizes["train"]
    assert len(x_test) == len(y_test) == meta.sizes["test"]
    if classes is None:
        assert y_train.dtype.kind == "f"
    else:
        assert set(np.unique(y_train)) == set(range(classes))
        assert len(meta.class_names) == classes
    assert meta.source and meta.licence and meta.description
    if x_train.dtype != object:
        assert np.isfinite(x_train.astype("float64")).all()


@pytest.mark.parametrize("name", ["mnist", "digits", "moons", "co2", "reviews"])
def test_splits_are_deterministic(name, empty_keras_home):
    opts = {"verbose": False} if name == "mnist" else {}
    (a, b), (c, d) = datasets.load(name, **opts)
    (a2, b2), (c2, d2) = datasets.load(name, **opts)
    for u, v in ((a, a2), (b, b2), (c, c2), (d, d2)):
        assert np.array_equal(u, v)


def test_mnist_bundled_subset_says_so(empty_keras_home, capsys):
    (x_train, y_train), (x_test, y_test) = datasets.load("mnist")
    note = capsys.readouterr().out
    assert "bundled MNIST subset" in note and note.count("\n") == 1
    assert x_train.dtype == np.uint8 and x_train.max() > 200  # real pixels, not rescaled
    assert np.bincount(y_test).tolist() == [100] * 10
    assert len(x_train) + len(x_test) >= 5000


def test_mnist_uses_the_keras_cache_when_present(empty_keras_home, capsys):
    cache = empty_keras_home / "datasets"
    cache.mkdir()
    rng = np.random.default_rng(0)
    arrays = {"x_train": rng.integers(0, 255, (60, 28, 28), dtype=np.uint8),
              "y_train": rng.integers(0, 10, 60, dtype=np.uint8),
              "x_test": rng.integers(0, 255, (10, 28, 28), dtype=np.uint8),
              "y_test": rng.integers(0, 10, 10, dtype=np.uint8)}
    np.savez(cache / "mnist.npz", **arrays)
    (x_train, _), (x_test, _) = datasets.load("mnist")
    assert np.array_equal(x_train, arrays["x_train"]) and len(x_test) == 10
    assert "full MNIST" in capsys.readouterr().out


def test_toys_take_n_noise_seed():
    (x1, y1), (xt, yt) = datasets.load("spiral", n=200, noise=0.0, seed=3, test_fraction=0.5)
    assert x1.shape == (100, 2) and xt.shape == (100, 2)
    (x2, _), _ = datasets.load("spiral", n=200, noise=0.0, seed=4, test_fraction=0.5)
    assert not np.array_equal(x1, x2)
    assert np.abs(x1).max() < 1.6


def test_co2_windows_follow_the_series():
    months, values = datasets.series("co2")
    (x, y), (xt, yt) = datasets.load("co2", window=12, horizon=3)
    assert x.shape[1:] == (12, 1)
    assert np.allclose(x[0, :, 0], values[:12]) and np.isclose(y[0], values[14])
    assert months[0] == "1958-03" and len(months) == len(values) == 526
    assert np.isclose(yt[-1], values[-1])  # the test set is the most recent stretch


def test_unknown_name_lists_the_valid_ones():
    with pytest.raises(ValueError, match=r"`name` must be one of mnist, digits.*Received: name='cifar'"):
        datasets.load("cifar")
    with pytest.raises(ValueError, match="reviews"):
        datasets.info("nope")


def test_unknown_option_is_named():
    with pytest.raises(ValueError, match=r"`n` is not an option of the 'iris' data set"):
        datasets.load("iris", n=5)


@pytest.mark.parametrize("kwargs, arg", [({"n": 0}, "n"), ({"noise": -1}, "noise"),
                                         ({"test_fraction": 1.5}, "test_fraction")])
def test_bad_toy_options(kwargs, arg):
    with pytest.raises(ValueError, match=f"`{arg}` must be"):
        datasets.load("moons", **kwargs)


def test_info_reprs_escape_and_list():
    meta = datasets.info("iris")
    assert "setosa" in str(meta) and "<table>" in meta._repr_html_()
    assert meta.as_dict()["licence"]
    bundle = meta._repr_mimebundle_()
    assert set(bundle) == {"text/plain", "text/html"} and bundle["text/plain"] == str(meta)
    odd = datasets.DatasetInfo("odd", "toy", "binary", "<script>x()</script>", "s", "l",
                               class_names=("<i>",))
    page = odd._repr_html_()
    assert "<script>" not in page and "<i>" not in page and "&lt;i&gt;" in page


def test_toys_take_keyword_options_and_positional_ones_warn():
    from kerasnb.datasets import toys

    x, y = toys.moons(n=20, noise=0.0, seed=1)
    with pytest.warns(DeprecationWarning, match=r"`n`, `noise` to moons\(\) by position.*n="):
        old_x, old_y = toys.moons(20, 0.0, seed=1)
    assert np.array_equal(x, old_x) and np.array_equal(y, old_y)
    with pytest.raises(TypeError, match="multiple values for argument `n`"):
        toys.moons(20, n=20)
    with pytest.raises(TypeError, match="at most"):
        toys.plane(1, 2, 3, 4)


def test_dataset_info_class_names_are_keyword_only_and_positional_ones_warn():
    new = datasets.DatasetInfo("d", "toy", "binary", "desc", "src", "lic", (2,),
                               class_names=("a", "b"), sizes={"train": 1})
    with pytest.warns(DeprecationWarning, match=r"`class_names`, `feature_names`, `sizes`"):
        old = datasets.DatasetInfo("d", "toy", "binary", "desc", "src", "lic", (2,),
                                   ("a", "b"), (), {"train": 1})
    assert old == new and old.class_names == ("a", "b")


def test_a_truthy_string_never_starts_a_download(no_network, empty_keras_home):
    for value in ("no", "False", 1, None):
        with pytest.raises(ValueError, match="`download` must be True or False"):
            datasets.load("mnist", download=value)
    assert not (empty_keras_home / "datasets").exists()  # nothing fetched or cached


def test_numpy_scalars_give_the_same_data_as_python_numbers():
    (a, b), (c, d) = datasets.load("moons", n=120, noise=0.1, seed=3, test_fraction=0.25)
    (a2, b2), (c2, d2) = datasets.load("moons", n=np.int64(120), noise=np.float64(0.1),
                                       seed=np.int32(3), test_fraction=np.float64(0.25))
    for u, v in ((a, a2), (b, b2), (c, c2), (d, d2)):
        np.testing.assert_array_equal(u, v)
    (x, _), _ = datasets.load("moons", n=120, noise=np.float32(0.1), seed=3)
    np.testing.assert_allclose(x, a2, atol=1e-6)  # float32 noise: the same points, to rounding
    (i1, _), _ = datasets.load("iris", seed=np.int64(5))
    (i2, _), _ = datasets.load("iris", seed=5)
    np.testing.assert_array_equal(i1, i2)


@pytest.mark.parametrize("name, kwargs, arg", [
    ("moons", {"seed": -5}, "seed"), ("moons", {"seed": "abc"}, "seed"),
    ("iris", {"seed": -5}, "seed"), ("iris", {"seed": "abc"}, "seed"),
    ("wine", {"test_fraction": 0.005}, "test_fraction"),
    ("moons", {"n": 10**12}, "n"), ("co2", {"horizon": 600}, "horizon"),
])
def test_bad_options_are_refused_before_any_work(name, kwargs, arg):
    with pytest.raises(ValueError, match=f"`{arg}` (must be|is)"):
        datasets.load(name, **kwargs)


def test_long_values_are_cut_in_messages():
    with pytest.raises(ValueError) as info:
        datasets.load("iris", colour="x" * 1_000_000)
    assert "`colour` is not an option" in str(info.value) and len(str(info.value)) < 400
    with pytest.raises(ValueError) as info:
        datasets.info("y" * 1_000_000)
    assert len(str(info.value)) < 600


SKLEARN_LOADERS = {"digits": "load_digits", "iris": "load_iris", "wine": "load_wine",
                   "breast_cancer": "load_breast_cancer", "diabetes": "load_diabetes"}


def _rows(x):
    return sorted(map(bytes, np.ascontiguousarray(x.reshape(len(x), -1))))


@pytest.mark.parametrize("name", sorted(SKLEARN_LOADERS))
def test_bundled_tables_are_scikit_learns_data(name):
    skd = pytest.importorskip("sklearn.datasets")
    bunch = getattr(skd, SKLEARN_LOADERS[name])()
    x_sk = (bunch.images if name == "digits" else bunch.data).astype("float32")
    (x_train, y_train), (x_test, y_test) = datasets.load(name)
    x = np.concatenate([x_train, x_test])
    y = np.concatenate([y_train, y_test])
    assert x.dtype == np.float32 and y.dtype == (np.float32 if name == "diabetes" else np.int64)
    # The same samples, each with its own target, only in another order.
    pairs = np.concatenate([x.reshape(len(x), -1), y[:, None].astype("float32")], axis=1)
    pairs_sk = np.concatenate([x_sk.reshape(len(x_sk), -1),
                               bunch.target[:, None].astype("float32")], axis=1)
    assert _rows(pairs) == _rows(pairs_sk)


@pytest.mark.parametrize("name", ["digits", "iris", "wine", "breast_cancer"])
def test_stratified_split_keeps_every_class_share(name):
    (_, y_train), (_, y_test) = datasets.load(name)
    counts = np.bincount(np.concatenate([y_train, y_test]))
    test_counts = np.bincount(y_test, minlength=len(counts))
    # Each class has its 20% in the test part, to within one sample.
    assert np.all(np.abs(test_counts - 0.2 * counts) <= 1)
    assert np.all(np.bincount(y_train, minlength=len(counts)) > 0)


def test_split_follows_the_seed_and_the_fraction():
    (a, _), (t, _) = datasets.load("wine", seed=1)
    (b, _), _ = datasets.load("wine", seed=2)
    assert not np.array_equal(a, b)
    (c, _), (tc, yc) = datasets.load("wine", seed=1, test_fraction=0.5)
    assert len(tc) == 89 and len(c) == 89 and len(t) == 36
    assert set(yc) == {0, 1, 2}
    (r1, _), _ = datasets.load("diabetes", seed=None)
    assert r1.shape == (353, 10)  # seed=None: a fresh shuffle, same sizes


def test_the_tables_need_no_scikit_learn():
    import subprocess
    import sys

    code = ("import sys; sys.modules['sklearn'] = None\n"
            "from kerasnb import datasets\n"
            "for name in ('digits', 'iris', 'wine', 'breast_cancer', 'diabetes'):\n"
            "    datasets.load(name)\n"
            "assert 'scipy' not in sys.modules\n"
            "print(datasets.image('flower').shape)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "(213, 320, 3)"


def test_bundled_photo_is_real_and_named():
    photo = datasets.image("flower")
    assert photo.dtype == np.uint8 and photo.shape == (213, 320, 3) and photo.std() > 20
    assert photo is not datasets.image()  # each call a fresh array the caller may change
    with pytest.raises(ValueError, match="`name` must be 'flower'"):
        datasets.image("china")

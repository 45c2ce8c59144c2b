"""Make TensorFlow impossible to import for this Python process.

Put this folder on PYTHONPATH (``.ci/backends.sh`` does, for the JAX and
PyTorch runs) and ``import tensorflow`` raises ImportError, as if TensorFlow
were broken. Whatever still imports it under another Keras backend then fails
loudly instead of quietly loading TensorFlow. Code that only asks whether it
exists (``importlib.util.find_spec``) gets a spec without a location.
"""

import importlib.abc
import importlib.machinery
import sys

_BLOCKED = ("tensorflow", "tensorboard", "tf_keras")


class _RefuseLoader(importlib.abc.Loader):
    def create_module(self, spec):
        raise ImportError(f"{spec.name} is blocked in this test run (TensorFlow must not be "
                          "imported under the JAX or PyTorch backend)", name=spec.name)

    def exec_module(self, module):  # pragma: no cover - create_module always raises
        raise ImportError(module.__name__)


class _BlockTensorFlow(importlib.abc.MetaPathFinder):
    def find_spec(self, fullname, path=None, target=None):
        if fullname.split(".")[0] in _BLOCKED:
            return importlib.machinery.ModuleSpec(fullname, _RefuseLoader(), origin=None)
        return None


sys.meta_path.insert(0, _BlockTensorFlow())

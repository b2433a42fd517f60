"""help() says something for every public name, and the type stubs (.pyi)
name exactly what the modules hold, with the native functions' parameters."""
import ast
import functools
import inspect
import pydoc
import re
import types
from pathlib import Path

import pytest

import tapelab
import tapelab.distributed
import tapelab.strategy
from tapelab import _tapelab

PACKAGE_DIR = Path(tapelab.__file__).parent
PUBLIC_MODULES = [tapelab, tapelab.pricing, tapelab.truth, tapelab.runs, tapelab.dataset, tapelab.distributed,
                  tapelab.strategy]


def public_names(module):
    names = getattr(module, "__all__", None) or [n for n in vars(module) if not n.startswith("_")]
    own = []
    for name in names:
        value = getattr(module, name)
        if isinstance(value, types.ModuleType) and value.__name__.startswith("tapelab"):
            own.append(name)
        elif callable(value) and (getattr(value, "__module__", "") == module.__name__ or module is tapelab):
            own.append(name)
    return own


def stub(name):
    return ast.parse((PACKAGE_DIR / name).read_text())


@pytest.mark.parametrize("module", PUBLIC_MODULES, ids=lambda m: m.__name__)
def test_help_says_something_for_every_public_name(module):
    assert inspect.getdoc(module), f"{module.__name__} has no docstring"
    names = public_names(module)
    assert names
    for name in names:
        value = getattr(module, name)
        assert inspect.getdoc(value), f"{module.__name__}.{name} has no docstring"
        assert pydoc.render_doc(value, renderer=pydoc.plaintext).strip()
        for member_name, member in vars(value).items() if isinstance(value, type) else []:
            documented_kinds = (property, functools.cached_property)
            if not member_name.startswith("_") and (callable(member) or isinstance(member, documented_kinds)):
                assert inspect.getdoc(member), f"{name}.{member_name} has no docstring"


def test_the_package_stub_names_every_public_name():
    tree = stub("__init__.pyi")
    exported = {alias.asname for node in tree.body if isinstance(node, ast.ImportFrom) for alias in node.names}
    assert exported == set(tapelab.__all__)
    assert (PACKAGE_DIR / "py.typed").exists()


def native_signature(function) -> list[str]:
    """Parameter names from pybind11's signature line: 'name(a: T, b: U) -> R'."""
    line = function.__doc__.splitlines()[0]
    inside = line[line.index("(") + 1:line.rindex(") ->")]
    return re.findall(r"(\w+): ", re.sub(r"\[[^\]]*\]", "", inside))


def stub_parameters(node) -> list[str]:
    return [a.arg for a in node.args.args if a.arg != "self"]


def test_the_native_stub_matches_the_module():
    tree = stub("_tapelab.pyi")
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    classes = {n.name: n for n in tree.body if isinstance(n, ast.ClassDef)}
    module_names = {n for n in dir(_tapelab) if not n.startswith("_")}
    assert set(functions) | set(classes) == module_names
    for name, node in functions.items():
        assert stub_parameters(node) == native_signature(getattr(_tapelab, name)), name
    for name, node in classes.items():
        native = getattr(_tapelab, name)
        inherited = {n for base in native.__mro__[1:] for n in dir(base)}
        members = {n for n in dir(native) if not n.startswith("_") and n not in inherited}
        stubbed = {n.name for n in node.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")}
        stubbed |= {n.target.id for n in node.body if isinstance(n, ast.AnnAssign)}
        assert stubbed == members, name
        for method in (n for n in node.body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")):
            assert stub_parameters(method) == native_signature(getattr(native, method.name))[1:], f"{name}.{method.name}"

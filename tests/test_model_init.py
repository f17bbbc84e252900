"""The model classes with a written-out `__init__` (fields filled in one step, for speed) build
what the dataclass's generated `__init__` would: same parameters, defaults and field values."""

from __future__ import annotations

import dataclasses
import inspect
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.model import LinkKind, Note, NoteKind, Span, Talk, TalkLink

_WRITTEN_OUT = (Span, Note, TalkLink, Talk)


def _reference(cls: type, *args: Any, **kwargs: Any) -> Any:
    """What the generated `__init__` does: bind to the fields, fill defaults, set each field."""
    fields = dataclasses.fields(cls)
    params = [
        inspect.Parameter(
            f.name,
            inspect.Parameter.POSITIONAL_OR_KEYWORD,
            default=f.default if f.default is not dataclasses.MISSING else inspect.Parameter.empty,
        )
        for f in fields
    ]
    bound = inspect.Signature(params).bind(*args, **kwargs)
    bound.apply_defaults()
    instance = object.__new__(cls)
    for name, value in bound.arguments.items():
        object.__setattr__(instance, name, value)
    return instance


@pytest.mark.parametrize("cls", _WRITTEN_OUT)
def test_init_takes_the_fields_in_order_with_their_defaults(cls: type) -> None:
    params = list(inspect.signature(cls).parameters.values())
    fields = dataclasses.fields(cls)
    assert [p.name for p in params] == [f.name for f in fields]
    for param, f in zip(params, fields, strict=True):
        assert f.default_factory is dataclasses.MISSING  # (a factory would need a written call)
        expected = f.default if f.default is not dataclasses.MISSING else inspect.Parameter.empty
        assert param.default == expected and type(param.default) is type(expected)
        assert param.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD


_VALUES = st.one_of(st.none(), st.text(max_size=5), st.booleans(), st.floats(allow_nan=False))


def _same(made: Any, reference: Any) -> None:
    assert vars(made) == vars(reference)
    assert list(vars(made)) == list(vars(reference))
    assert made == reference and hash(made) == hash(reference)
    assert repr(made) == repr(reference)
    assert dataclasses.astuple(made) == dataclasses.astuple(reference)


@given(st.data())
def test_each_class_builds_what_the_generated_init_builds(data: st.DataObject) -> None:
    for cls in _WRITTEN_OUT:
        count = len(dataclasses.fields(cls))
        required = sum(1 for f in dataclasses.fields(cls) if f.default is dataclasses.MISSING)
        values = data.draw(st.lists(_VALUES, min_size=required, max_size=count))
        _same(cls(*values), _reference(cls, *values))
        names = [f.name for f in dataclasses.fields(cls)]
        keywords = dict(zip(names, values, strict=False))
        _same(cls(**keywords), _reference(cls, **keywords))


def test_replace_and_frozen_as_before() -> None:
    link = TalkLink(LinkKind.SLIDES, "https://x.test/deck")
    talk = Talk("Ann", "T", None, notes=(Note(NoteKind.PARAGRAPH, (Span("a"),)),), links=(link,))
    moved = dataclasses.replace(talk, confidence=0.5)
    _same(moved, _reference(Talk, **{**vars(talk), "confidence": 0.5}))
    with pytest.raises(dataclasses.FrozenInstanceError):
        talk.title = "other"  # type: ignore[misc]

"""Beam's pipeline construction, without asking the same questions of the same objects again.

Building this pipeline's graph (207 transforms, 108 DoFns) took 0.40 s and its proto 0.23 s of
the driver's start, on the path to the first stage: Beam derives each DoFn's state and timer
specs from the signatures of all its methods six times per DoFn (``userstate.get_dofn_specs``,
from ``is_stateful_dofn``, ``validate_stateful_dofn`` and ``to_runner_api``; 20,000 calls to
``inspect.signature``), and each transform applied builds a new ``TypeOptions`` view, parsing all
400 of Beam's flags with ``argparse`` (``PipelineOptions.view_as``). The answers do not change for
a given DoFn or options object, so each is computed once per object (by identity, held weakly:
nothing lives longer than its object). The workers build each stage's DoFns the same way.
Installed by the runs that build the graph (``pipelines.ingest.run_pipeline``) and by the workers
(``pipelines.sdk_worker.run_harness``), not on import.

Pinned to the Beam release of ``pyproject.toml``; ``tests/test_beam_introspection.py`` checks the
answers and the pipeline's proto against Beam's own.
"""
from __future__ import annotations

import functools
import types
import weakref
from typing import Any, Callable


def remember_dofn_specs_and_option_views() -> None:
    """Installs both memos in this process (once; idempotent)."""
    from apache_beam.options.pipeline_options import PipelineOptions
    from apache_beam.transforms import userstate

    if not getattr(userstate.get_dofn_specs, "remembered", False):
        userstate.get_dofn_specs = specs_once_per_dofn(userstate.get_dofn_specs)
    if not getattr(PipelineOptions.view_as, "remembered", False):
        PipelineOptions.view_as = views_once_per_options(PipelineOptions.view_as)


class IdentityMemo:
    """Values by the identity of a live object (never by its ``==``: two equal DoFns may wrap
    different callables), dropped when the object is collected."""

    def __init__(self):
        self._entries: dict[int, tuple[weakref.ref, Any]] = {}

    def get(self, key: Any) -> Any:
        """The value for ``key``, or None."""
        entry = self._entries.get(id(key))
        return entry[1] if entry is not None and entry[0]() is key else None

    def put(self, key: Any, value: Any) -> None:
        """Keeps ``value`` while ``key`` lives (DoFns and options objects accept weak references)."""
        identity = id(key)
        entries = self._entries

        def forget(ref: weakref.ref) -> None:
            if entries.get(identity, (None,))[0] is ref:
                del entries[identity]

        entries[identity] = (weakref.ref(key, forget), value)

    def __len__(self) -> int:
        return len(self._entries)


def specs_once_per_dofn(get_dofn_specs: Callable[[Any], tuple[set, set]]) -> Callable[[Any], tuple[set, set]]:
    """``get_dofn_specs`` computed once per DoFn object (its errors each time: nothing is kept).
    Beam reads the defaults of the DoFn's bound methods: those of its class, which are fixed once
    the pipeline is built, and those set on the object itself (Beam's own wrappers set
    ``process``), which are compared on each call, so a method set later is introspected again.
    Each caller gets sets of its own."""
    found = IdentityMemo()

    @functools.wraps(get_dofn_specs)
    def remembered(dofn):
        own_methods = _own_methods(dofn)
        remembered_specs = found.get(dofn)
        if remembered_specs is None or remembered_specs[0] != own_methods:
            remembered_specs = (own_methods, get_dofn_specs(dofn))
            found.put(dofn, remembered_specs)
        state_specs, timer_specs = remembered_specs[1]
        return set(state_specs), set(timer_specs)

    remembered.remembered = True
    return remembered


def _own_methods(dofn: Any) -> tuple:
    """The bound methods set on the object itself: (name, its function held weakly, whether bound to
    the object). Weak references to live functions compare as the functions do (by identity), and
    do not let a function closing over its DoFn keep the DoFn alive in the memo."""
    return tuple((name, weakref.ref(value.__func__), value.__self__ is dofn) for name, value in vars(dofn).items()
                 if isinstance(value, types.MethodType))


def views_once_per_options(view_as: Callable[[Any, type], Any]) -> Callable[[Any, type], Any]:
    """``view_as`` building each options object's view of a class once. Views share their options'
    flags and values (``_flags``, ``_all_options``: a value set through one view is read through
    every other), so a view made earlier answers as a new one would; one whose options were given
    other flags or values since (Beam only sets them when it builds an object) is built again."""
    views = IdentityMemo()

    @functools.wraps(view_as)
    def remembered(self, cls):
        by_class = views.get(self)
        if by_class is None:
            by_class = {}
            views.put(self, by_class)
        view = by_class.get(cls)
        if view is None or view._all_options is not self._all_options or view._flags is not self._flags:
            view = by_class[cls] = view_as(self, cls)
        return view

    remembered.remembered = True
    return remembered

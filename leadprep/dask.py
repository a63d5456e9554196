"""``leadprep.dask.validate(ddf)``: the checks of :mod:`leadprep.batch` on a Dask DataFrame.

A list that is another country's is refused first, as ``leadprep.validate`` refuses
it (:class:`~leadprep.batch.RegionCheck` over the first partitions, in order). Each
partition goes through :func:`~leadprep.batch.check_batch` (``map_partitions``,
with the rows numbered as the same data written to one CSV would be: the header is
row 1); the results are shuffled on the E.164 key so that every row of a number
meets in one partition, where :func:`~leadprep.batch.mark_duplicates` keeps the
earliest. The result is a Dask DataFrame of :data:`~leadprep.batch.RESULT_COLUMNS`,
one row per input row, lazy until computed::

    import dask.dataframe as dd, leadprep.dask
    leads = dd.read_csv("leads-*.csv", dtype=str, keep_default_na=False)
    result = leadprep.dask.validate(leads, default_region="IN").compute()
    result[result.code != ""]        # the rows left out, with their messages

Dask is not a dependency of leadprep: install it beside it.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .batch import RESULT_COLUMNS, RegionCheck, check_batch, mark_duplicates, result_schema


def validate(ddf: Any, /, **keywords: Any) -> Any:
    """Check every row of ``ddf`` (a Dask DataFrame whose columns are the lead list's);
    the keywords are :func:`leadprep.validate`'s. Returns a Dask DataFrame with
    :data:`~leadprep.batch.RESULT_COLUMNS` per input row."""
    import pandas as pd

    _check_region(ddf, keywords)
    sizes = ddf.map_partitions(len).compute()
    starts = np.concatenate([[2], 2 + np.cumsum(np.asarray(sizes, dtype=np.int64))[:-1]])
    empty = result_schema().empty_table().to_pandas()

    def one(partition: pd.DataFrame, partition_info: dict[str, Any] | None = None) -> Any:
        import pyarrow as pa

        number = partition_info["number"] if partition_info else 0
        rows = np.arange(starts[number], starts[number] + len(partition), dtype=np.int64)
        batch = pa.RecordBatch.from_pandas(partition, preserve_index=False)
        return check_batch(batch, rows, **keywords).to_pandas()

    checked = ddf.map_partitions(one, meta=empty)
    if keywords.get("allow_duplicates"):
        return checked
    shuffled = checked.shuffle("key")
    return shuffled.map_partitions(
        lambda part: mark_duplicates(_as_arrow(part)).to_pandas(), meta=empty
    )[list(RESULT_COLUMNS)]


def _check_region(ddf: Any, keywords: dict[str, Any]) -> None:
    """Refuse another country's list, as :func:`leadprep.validate` does: judged on its
    first numbers, the partitions read in order until they are enough (usually one)."""
    import pyarrow as pa

    region = RegionCheck(**keywords)
    for number in range(ddf.npartitions):
        partition = ddf.get_partition(number).compute()
        if region.add(pa.Table.from_pandas(partition, preserve_index=False)):
            break
    region.check()


def _as_arrow(part: Any) -> Any:
    import pyarrow as pa

    return pa.Table.from_pandas(part, schema=result_schema(), preserve_index=False)

"""Rows of one record type read from JSON Lines by Arrow's JSON reader: the table `row_converter` rows give, or None.

Arrow's reader is strict about JSON types: a number is never read as a string nor a string as a number, `1.0` is not
an integer, and a key given twice or a key the schema does not define is refused, at any depth. What it reads is
therefore what the Python conversion makes of the same lines once the checks the reader does not make have passed:
no null where the schema allows none, class labels among their names, free objects (JSON columns) absent or null,
lists of fixed length of that length. When the reader refuses a line or a check fails, the answer is None and the
caller converts the records in Python, which names the value at fault.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

from toolkit.release.features import Kind, Node, arrow_schema, record_node

BLOCK = 1 << 22  # bytes the reader parses at a time; a block holds at least the longest line


def read_rows(record_type: str, lines: list[bytes]) -> pa.Table | None:
    """The rows of the records on `lines` (each a JSON object ending in a line feed), or None when Arrow cannot read them as Python converts them."""
    node = record_node(record_type)
    read = pj.ReadOptions(use_threads=True, block_size=max(BLOCK, 2 * max(map(len, lines), default=0)))
    parse = pj.ParseOptions(explicit_schema=pa.schema([pa.field(f.name, _reader_type(f.node, False)) for f in node.fields]), unexpected_field_behavior="error")
    try:
        table = pj.read_json(pa.py_buffer(b"".join(lines)), read_options=read, parse_options=parse)
    except pa.ArrowException:
        return None
    if table.num_rows != len(lines):
        return None
    schema = arrow_schema(record_type)
    columns: list[pa.Array] = []
    for f, column in zip(node.fields, table.itercolumns(), strict=True):
        array = column.combine_chunks()
        if not fits(f.node, array, f.nullable, 0):
            return None
        typed = _typed(f.node, array, schema.field(f.name).type, f.nullable)
        if typed is None:
            return None
        columns.append(typed)
    return pa.Table.from_arrays(columns, schema=schema)


def _reader_type(node: Node, fixed: bool) -> pa.DataType:
    """The type Arrow reads a node as: every field nullable, and lists of fixed length (`fixed`) or not (what the reader reads)."""
    if node.kind is Kind.STRUCT:
        return pa.struct([pa.field(f.name, _reader_type(f.node, fixed)) for f in node.fields])
    if node.kind is Kind.LIST:
        assert node.item is not None
        return pa.list_(_reader_type(node.item, fixed), node.length if fixed else -1)
    return {Kind.INT: pa.int64(), Kind.FLOAT: pa.float64(), Kind.BOOL: pa.bool_()}.get(node.kind, pa.string())


def fits(node: Node, array: pa.Array, nullable: bool, inherited: int) -> bool:
    """Whether the values Arrow read for a node are those the Python conversion accepts; `inherited` nulls are the parents'."""
    if not nullable and array.null_count != inherited:
        return False
    if node.kind is Kind.STRUCT:
        children = array.flatten()  # each child with the struct's own nulls applied
        return all(fits(f.node, child, f.nullable, array.null_count) for f, child in zip(node.fields, children, strict=True))
    if node.kind is Kind.LIST:
        assert node.item is not None
        if node.length >= 0 and not pc.all(pc.equal(pc.list_value_length(array), node.length), min_count=0).as_py():
            return False
        return fits(node.item, array.flatten(), node.item.nullable, 0)  # the items of the lists that are not null
    if node.kind is Kind.ENUM:
        return bool(pc.all(pc.is_in(array.drop_null(), value_set=pa.array(node.names, pa.string())), min_count=0).as_py())
    if node.kind is Kind.JSON:
        return bool(array.null_count == len(array))  # an object is refused by the reader; a string or null is read, only null is the same
    return True


#: What a column that may not hold nulls holds below a null parent (never written: Parquet stores no value there).
_EMPTY = {Kind.INT: 0, Kind.FLOAT: 0.0, Kind.BOOL: False}


def _typed(node: Node, array: pa.Array, target: pa.DataType, nullable: bool) -> pa.Array | None:
    """The array as the column type of the schema, or None for a layout not rebuilt here.

    Lists of fixed length are made so; a column that may not hold nulls (checked by `fits` where its parent is not null)
    gets an empty value below its null parents, as the Parquet writer asks.
    """
    if node.kind is Kind.STRUCT:
        children = [_typed(f.node, array.field(i), target.field(i).type, f.nullable) for i, f in enumerate(node.fields)]
        own = array.buffers()[:1]
    elif node.kind is Kind.LIST:
        assert node.item is not None
        if node.length >= 0:
            array = array.cast(pa.list_(array.type.value_type, node.length))
        children = [_typed(node.item, array.values, target.value_type, node.item.nullable)]
        own = array.buffers()[: 1 if node.length >= 0 else 2]
    else:
        if nullable or not array.null_count:
            return array
        return pc.fill_null(array, pa.scalar(_EMPTY.get(node.kind, ""), target))
    if array.offset or any(child is None for child in children):
        return None
    if nullable:
        return pa.Array.from_buffers(target, len(array), own, array.null_count, 0, children)
    return pa.Array.from_buffers(target, len(array), [None, *own[1:]], 0, 0, children)

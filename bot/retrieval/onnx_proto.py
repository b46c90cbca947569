"""The few ONNX protobuf messages needed to write a model, declared on `google.protobuf`.

onnxruntime depends on protobuf but not on the `onnx` package (~17 MB with its own deps), so the
subset of onnx.proto this project writes (model, graph, node, attribute, tensor, value info) is
declared here with the field numbers of the ONNX specification, and built with protobuf itself.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

# TensorProto.DataType and AttributeProto.AttributeType values from onnx.proto
FLOAT, UINT8, INT32, INT64 = 1, 2, 6, 7
_ATTR_FLOAT, _ATTR_INT, _ATTR_STRING, _ATTR_INTS = 1, 2, 3, 7
_NUMPY_TYPES = {np.float32: FLOAT, np.uint8: UINT8, np.int32: INT32, np.int64: INT64}

# (message, [(field, number, type, repeated, message type)]); type names as in descriptor.proto
_SCHEMA: list[tuple[str, list[tuple[str, int, str, bool, str]]]] = [
    (
        "OperatorSetIdProto",
        [("domain", 1, "string", False, ""), ("version", 2, "int64", False, "")],
    ),
    (
        "TensorProto",
        [
            ("dims", 1, "int64", True, ""),
            ("data_type", 2, "int32", False, ""),
            ("name", 8, "string", False, ""),
            ("raw_data", 9, "bytes", False, ""),
        ],
    ),
    (
        "AttributeProto",
        [
            ("name", 1, "string", False, ""),
            ("f", 2, "float", False, ""),
            ("i", 3, "int64", False, ""),
            ("s", 4, "bytes", False, ""),
            ("ints", 8, "int64", True, ""),
            ("type", 20, "int32", False, ""),
        ],
    ),
    (
        "NodeProto",
        [
            ("input", 1, "string", True, ""),
            ("output", 2, "string", True, ""),
            ("name", 3, "string", False, ""),
            ("op_type", 4, "string", False, ""),
            ("attribute", 5, "message", True, "AttributeProto"),
            ("domain", 7, "string", False, ""),
        ],
    ),
    ("Dimension", [("dim_value", 1, "int64", False, ""), ("dim_param", 2, "string", False, "")]),
    ("TensorShapeProto", [("dim", 1, "message", True, "Dimension")]),
    (
        "TensorTypeProto",
        [("elem_type", 1, "int32", False, ""), ("shape", 2, "message", False, "TensorShapeProto")],
    ),
    ("TypeProto", [("tensor_type", 1, "message", False, "TensorTypeProto")]),
    (
        "ValueInfoProto",
        [("name", 1, "string", False, ""), ("type", 2, "message", False, "TypeProto")],
    ),
    (
        "GraphProto",
        [
            ("node", 1, "message", True, "NodeProto"),
            ("name", 2, "string", False, ""),
            ("initializer", 5, "message", True, "TensorProto"),
            ("input", 11, "message", True, "ValueInfoProto"),
            ("output", 12, "message", True, "ValueInfoProto"),
        ],
    ),
    (
        "ModelProto",
        [
            ("ir_version", 1, "int64", False, ""),
            ("producer_name", 2, "string", False, ""),
            ("producer_version", 3, "string", False, ""),
            ("graph", 7, "message", False, "GraphProto"),
            ("opset_import", 8, "message", True, "OperatorSetIdProto"),
        ],
    ),
]


@lru_cache(maxsize=1)
def _classes() -> dict[str, Any]:
    from google.protobuf import descriptor_pb2, descriptor_pool, message_factory

    fdesc = descriptor_pb2.FileDescriptorProto(
        name="kilovolt_onnx_subset.proto", package="kilovolt_onnx", syntax="proto2"
    )
    field = descriptor_pb2.FieldDescriptorProto
    for message, fields in _SCHEMA:
        mdesc = fdesc.message_type.add(name=message)
        for name, number, kind, repeated, type_name in fields:
            entry = mdesc.field.add(
                name=name,
                number=number,
                type=getattr(field, f"TYPE_{kind.upper()}"),
                label=field.LABEL_REPEATED if repeated else field.LABEL_OPTIONAL,
            )
            if type_name:
                entry.type_name = f".kilovolt_onnx.{type_name}"
            if repeated and kind == "int64":
                entry.options.packed = False  # onnx.proto is proto2: unpacked repeated ints
    pool = descriptor_pool.DescriptorPool()
    pool.Add(fdesc)
    return {
        name: message_factory.GetMessageClass(pool.FindMessageTypeByName(f"kilovolt_onnx.{name}"))
        for name, _ in _SCHEMA
    }


def tensor(name: str, array: np.ndarray) -> Any:
    """An initializer holding `array` (raw little-endian bytes)."""
    array = np.ascontiguousarray(array)
    return _classes()["TensorProto"](
        name=name,
        dims=list(array.shape),
        data_type=_NUMPY_TYPES[array.dtype.type],
        raw_data=array.astype(array.dtype.newbyteorder("<"), copy=False).tobytes(),
    )


def node(op: str, inputs: list[str], outputs: list[str], domain: str = "", **attrs: Any) -> Any:
    """A graph node; attributes are ints, floats, strings or lists of ints."""
    classes = _classes()
    made = classes["NodeProto"](
        op_type=op, input=inputs, output=outputs, domain=domain, name=outputs[0]
    )
    for key, value in attrs.items():
        attr = made.attribute.add(name=key)
        if isinstance(value, bool | int):
            attr.type, attr.i = _ATTR_INT, int(value)
        elif isinstance(value, float):
            attr.type, attr.f = _ATTR_FLOAT, value
        elif isinstance(value, str):
            attr.type, attr.s = _ATTR_STRING, value.encode()
        else:
            attr.type = _ATTR_INTS
            attr.ints.extend(int(v) for v in value)
    return made


def value_info(name: str, elem_type: int, shape: list[int | str]) -> Any:
    """A graph input or output: element type and shape (ints fixed, strings symbolic)."""
    classes = _classes()
    info = classes["ValueInfoProto"](name=name)
    tensor_type = info.type.tensor_type
    tensor_type.elem_type = elem_type
    for dim in shape:
        entry = tensor_type.shape.dim.add()
        if isinstance(dim, int):
            entry.dim_value = dim
        else:
            entry.dim_param = dim
    return info


def model(
    nodes: list[Any],
    initializers: list[Any],
    inputs: list[Any],
    outputs: list[Any],
    opsets: dict[str, int],
    producer: str = "kilovolt",
) -> bytes:
    """A serialised ModelProto."""
    classes = _classes()
    graph = classes["GraphProto"](
        name="main", node=nodes, initializer=initializers, input=inputs, output=outputs
    )
    made = classes["ModelProto"](
        ir_version=10, producer_name=producer, producer_version="1", graph=graph
    )
    for domain, version in opsets.items():
        made.opset_import.add(domain=domain, version=version)
    return made.SerializeToString()

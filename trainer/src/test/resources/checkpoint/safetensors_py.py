#!/usr/bin/env python3
"""Writes and reads safetensors files independently of ddpkit, for its interoperability tests.

  write OUT      write a known file using only struct and json (the standard library)
  read FILE      parse FILE with struct and json, check its layout and ddpkit's checksum, and
                 print {"metadata", "tensors": {name: {dtype, shape, bits}}, "checksum"} as JSON
  write-lib OUT  write a known file with the safetensors package (numpy flavour)
  read-lib FILE  read FILE with the safetensors package and print the same JSON as read

"bits" lists each element's raw bits as an unsigned integer of the element's width, so that
comparisons are exact for every type.
"""
import hashlib
import json
import struct
import sys

WIDTH = {"BOOL": 1, "U8": 1, "I8": 1, "F8_E5M2": 1, "F8_E4M3": 1, "I16": 2, "U16": 2, "F16": 2,
         "BF16": 2, "I32": 4, "U32": 4, "F32": 4, "I64": 8, "U64": 8, "F64": 8}
UNSIGNED = {1: "B", 2: "H", 4: "I", 8: "Q"}


def known_tensors():
    """(name, dtype, shape, struct code, values) of the file that `write` makes."""
    return [
        ("step", "I64", [], "q", [1234567890123]),
        ("mask", "BOOL", [4], "B", [1, 0, 1, 1]),
        ("weight", "F32", [2, 3], "f", [0.5, -1.25, 3.0, 1e-3, -0.0, 65504.0]),
        ("ids", "I32", [3], "i", [-1, 0, 2147483647]),
        ("half", "F16", [2], "e", [1.5, -2.0]),
        ("pi", "F64", [], "d", [3.141592653589793]),
        ("empty", "F32", [0], "f", []),
    ]


def write(out):
    # Data in the order listed (narrow types between wide ones: nothing is aligned on purpose),
    # header entries in reverse order, metadata last: a reader must not depend on any order.
    data, entries = b"", {}
    for name, dtype, shape, code, values in known_tensors():
        raw = struct.pack("<%d%s" % (len(values), code), *values)
        entries[name] = {"dtype": dtype, "shape": shape, "data_offsets": [len(data), len(data) + len(raw)]}
        data += raw
    header = {k: entries[k] for k in reversed(list(entries))}
    header["__metadata__"] = {"format": "pt", "source": "python struct"}
    text = json.dumps(header).encode("utf-8")
    text += b" " * (-len(text) % 8)
    with open(out, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + data)


def read(path):
    with open(path, "rb") as f:
        blob = f.read()
    (n,) = struct.unpack("<Q", blob[:8])
    raw_header = blob[8:8 + n]
    header = json.loads(raw_header.decode("utf-8"))
    meta = header.pop("__metadata__", {})
    data = blob[8 + n:]
    at, tensors = 0, {}
    for name, e in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"]):
        begin, end = e["data_offsets"]
        assert begin == at, "gap or overlap before %s" % name
        width = WIDTH[e["dtype"]]
        count = 1
        for d in e["shape"]:
            count *= d
        assert end - begin == count * width, "size of %s" % name
        bits = list(struct.unpack("<%d%s" % (count, UNSIGNED[width]), data[begin:end]))
        tensors[name] = {"dtype": e["dtype"], "shape": e["shape"], "bits": bits}
        at = end
    assert at == len(data), "trailing bytes"
    checksum = "absent"
    if "ddpkit.sha256" in meta:
        # ddpkit's checksum: SHA-256 of the file with the checksum's own digits set to '0'.
        digits = meta["ddpkit.sha256"].encode("ascii")
        blank = blob[:8] + raw_header.replace(digits, b"0" * 64, 1) + data
        checksum = "ok" if hashlib.sha256(blank).hexdigest() == meta["ddpkit.sha256"] else "mismatch"
    print(json.dumps({"metadata": meta, "tensors": tensors, "checksum": checksum}))


def write_lib(out):
    import numpy as np
    from safetensors.numpy import save_file
    save_file({
        "step": np.array(1234567890123, dtype=np.int64),
        "mask": np.array([True, False, True, True]),
        "weight": np.array([[0.5, -1.25, 3.0], [1e-3, -0.0, 65504.0]], dtype=np.float32),
        "ids": np.array([-1, 0, 2147483647], dtype=np.int32),
        "half": np.array([1.5, -2.0], dtype=np.float16),
        "pi": np.array(3.141592653589793, dtype=np.float64),
        "empty": np.zeros((0,), dtype=np.float32),
    }, out, metadata={"format": "pt", "source": "python safetensors"})


def read_lib(path):
    import numpy as np
    from safetensors import safe_open
    from safetensors.numpy import load_file
    arrays = load_file(path)
    with safe_open(path, framework="np") as f:
        meta = f.metadata() or {}
    names = {1: np.uint8, 2: np.uint16, 4: np.uint32, 8: np.uint64}
    tensors = {}
    for name, a in arrays.items():
        dtype = {"bool": "BOOL", "uint8": "U8", "int8": "I8", "int16": "I16", "uint16": "U16", "float16": "F16",
                 "int32": "I32", "uint32": "U32", "float32": "F32", "int64": "I64", "uint64": "U64",
                 "float64": "F64"}[str(a.dtype)]
        bits = np.ascontiguousarray(a).reshape(-1).view(names[a.dtype.itemsize])
        tensors[name] = {"dtype": dtype, "shape": list(a.shape), "bits": [int(b) for b in bits]}
    print(json.dumps({"metadata": meta, "tensors": tensors, "checksum": "not checked"}))


if __name__ == "__main__":
    {"write": write, "read": read, "write-lib": write_lib, "read-lib": read_lib}[sys.argv[1]](sys.argv[2])

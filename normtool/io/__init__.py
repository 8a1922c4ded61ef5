"""Input and output: files, folders and standard input in; JSONL out, atomically.

``read`` turns inputs into ``Article`` records (or ``Rejected`` items);
``write`` writes JSONL so a failed run never leaves a half-written file.
"""
from .read import Rejected, read_inputs
from .write import AtomicOutput, write_jsonl

__all__ = ["read_inputs", "Rejected", "AtomicOutput", "write_jsonl"]

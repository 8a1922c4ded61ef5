"""Input and output: files, folders and standard input in; JSONL out, atomically.

``read`` turns inputs into ``Article`` records (or ``Rejected`` items);
``write`` writes JSONL so a failed run never leaves a half-written file.
"""
from .items import Rejected
from .read import expand_inputs, read_inputs
from .write import AtomicOutput, OutputClash, OutputError, Outputs, Terminated, stop_on_signals, write_jsonl

__all__ = ["read_inputs", "expand_inputs", "Rejected", "AtomicOutput", "Outputs", "OutputClash", "OutputError", "Terminated",
           "stop_on_signals", "write_jsonl"]

"""The Textual app (``workshop [FILE]``): screens/, widgets/, and styles in workshop.tcss.

It only calls the engine and the session store; stages' screens are drawn from their questions
models (``fields.py``), so a plugin stage needs no Textual code.
"""

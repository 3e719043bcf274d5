"""A process that opens a session and keeps it: ``python holder.py SESSION``.

It prints one JSON line (its pid, whether it got the session read-only, who holds it), then
obeys stdin: ``save`` (prints ``saved`` or ``refused: ...``), ``take`` (``take_over``), ``quit``
(closes the store and exits).
"""

from __future__ import annotations

import json
import os
import sys

from workshop.session.errors import NotSavedError
from workshop.session.store import SessionStore


def main() -> None:
    store = SessionStore.open(sys.argv[1])
    holder = store.holder.as_dict() if store.holder else None
    print(json.dumps({"pid": os.getpid(), "read_only": store.read_only, "holder": holder}),
          flush=True)
    for line in sys.stdin:
        command = line.strip()
        if command == "save":
            store.session.stage("objectives").notes = f"saved by {os.getpid()}"
            try:
                store.save()
                print("saved", flush=True)
            except NotSavedError as error:
                print(f"refused: {type(error).__name__}", flush=True)
        elif command == "take":
            print("took" if store.take_over() else "still held", flush=True)
        else:
            break
    store.close()


if __name__ == "__main__":
    main()
